//! Writes `fixtures/registers/register.xlsx`, the Excel consent register the
//! register loader is tested on, and `fixtures/registers/purposes.xlsx`
//! (consent per purpose). Run `cargo run --example make_register_xlsx`
//! after changing the pupils below; the file is committed.
//!
//! The sheet is laid out like a hand-kept school spreadsheet: a title row,
//! a blank row, then headers; ids and years stored as numbers; expiry dates
//! as real Excel dates, as bare day numbers and as text.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

/// id, forename, known as, middle, surname, year (0 = Reception), photo, name, social, expiry (y, m, d).
type PupilRow = (
    u32,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u8,
    &'static str,
    &'static str,
    &'static str,
    Option<(u16, u8, u8)>,
);

const PUPILS: &[PupilRow] = &[
    (1001, "Aisha", "", "Noor", "Khan", 3, "Yes", "Yes", "No", Some((2026, 7, 31))),
    (1002, "Harry", "", "James", "Patel", 4, "No", "No", "No", Some((2026, 7, 31))),
    (1003, "Zoë", "", "", "O’Neill", 5, "Yes", "No", "Yes", Some((2026, 7, 31))),
    (1004, "Oliver", "", "", "Brown", 6, "Yes", "Yes", "Yes", Some((2025, 7, 31))),
    (1005, "Alexander", "Sasha", "", "Novak", 5, "Yes", "Yes", "No", Some((2026, 7, 31))),
    (1006, "Rose", "", "", "Hill", 2, "No", "No", "No", None),
    (1007, "Ellie", "", "May", "Smith-Jones", 1, "Yes", "No", "No", None),
    (1008, "Łukasz", "", "", "Nowak", 6, "No", "No", "No", None),
    (1009, "Ann", "", "", "Lee", 3, "No", "No", "No", None),
    (1010, "Mohammed", "", "", "Rahman", 0, "Yes", "Yes", "Yes", None),
    (1011, "Freya", "", "", "Williams", 2, "Yes", "No", "No", None),
    (1012, "Jack", "", "", "Thompson", 4, "Yes", "Yes", "No", None),
    (1013, "Isla", "", "", "Murphy", 1, "Given", "Consent given", "", None),
    (1014, "Noah", "", "", "Evans", 3, "N", "N", "N", None),
    (1015, "Amara", "", "", "Okoye", 5, "Y", "Y", "N", None),
    (1016, "Leo", "", "", "Kowalski", 6, "TRUE", "FALSE", "FALSE", None),
    (1017, "Sophie", "", "", "Davies", 4, "1", "0", "0", None),
    (1018, "Ethan", "", "", "Walker", 2, "", "", "", None),
    (1019, "Maya", "", "", "Chen", 3, "Yes", "No", "No", None),
    (1020, "Theo", "", "", "Hughes", 5, "Granted", "Granted", "No", None),
    (1021, "Ava", "", "", "Robinson", 0, "Yes", "Yes", "Yes", None),
    (1022, "Yusuf", "", "", "Hassan", 6, "No", "Yes", "No", None),
    (1023, "Lily", "", "", "Green", 1, "Yes", "No", "No", None),
    (1024, "Samuel", "Sam", "", "Adeyemi", 4, "Yes", "No", "No", None),
    (1025, "Poppy", "", "", "Clarke", 2, "Withdrawn", "No", "No", None),
];

fn main() -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Consent")?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write_string_with_format(0, 0, "Hollybrook Primary – photo and name consent 2025-26", &bold)?;
    let headers = [
        "Pupil ID",
        "First Name",
        "Known As",
        "Middle Names",
        "Surname",
        "Year Group",
        "Website photos",
        "Name on website",
        "Social media",
        "Consent expires",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    for (i, p) in PUPILS.iter().enumerate() {
        let r = 3 + i as u32;
        let (id, first, known, middle, surname, year, photo, name, social, expires) = *p;
        sheet.write_number(r, 0, id)?;
        sheet.write_string(r, 1, first)?;
        sheet.write_string(r, 2, known)?;
        sheet.write_string(r, 3, middle)?;
        sheet.write_string(r, 4, surname)?;
        if year == 0 {
            sheet.write_string(r, 5, "Reception")?;
        } else {
            sheet.write_number(r, 5, year)?;
        }
        for (c, answer) in [(6, photo), (7, name), (8, social)] {
            match answer {
                "TRUE" => sheet.write_boolean(r, c, true)?,
                "FALSE" => sheet.write_boolean(r, c, false)?,
                other => sheet.write_string(r, c, other)?,
            };
        }
        if let Some((y, m, d)) = expires {
            // Three ways a spreadsheet holds a date: a formatted date cell,
            // a bare day number, and text.
            match i % 3 {
                0 => sheet.write_datetime_with_format(r, 9, ExcelDateTime::from_ymd(y, m, d)?, &date)?,
                1 => sheet.write_number(r, 9, ExcelDateTime::from_ymd(y, m, d)?.to_excel())?,
                _ => sheet.write_string(
                    r,
                    9,
                    format!(
                        "{d:02}-{}-{y}",
                        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
                            [m as usize - 1]
                    ),
                )?,
            };
        }
    }
    let out = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/registers/register.xlsx");
    book.save(out)?;
    println!("wrote {out}");
    purposes()
}

/// `fixtures/registers/purposes.xlsx`: a register with a consent column per
/// purpose, headed as an Arbor-style report builder writes them, answers as
/// text and booleans, and no export-date column (tests/purposes.rs gives the
/// date in schoolgate.toml or leaves it to the file's modified time).
fn purposes() -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Photo consent")?;
    let bold = Format::new().set_bold();
    let headers = [
        "MIS ID",
        "Legal first name",
        "Legal last name",
        "Year group",
        "Photo consent - Website",
        "Name consent - Website",
        "Photo consent - Social media",
        "Photo consent - Newsletter",
        "Photo consent - Press",
        "Photo consent - Prospectus",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    // id, first, last, year, website, name, social, newsletter, press, prospectus
    let rows: &[(&str, &str, &str, u8, [&str; 6])] = &[
        ("ET101", "Aisha", "Khan", 4, ["Yes", "No", "No", "Yes", "No", "No"]),
        ("ET102", "Tom", "Baker", 5, ["Yes", "No", "Yes", "Yes", "Yes", "Yes"]),
        ("ET103", "Grace", "Okafor", 3, ["Yes", "No", "TRUE", "FALSE", "No", "Yes"]),
    ];
    for (i, (id, first, last, year, answers)) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        sheet.write_string(r, 0, *id)?;
        sheet.write_string(r, 1, *first)?;
        sheet.write_string(r, 2, *last)?;
        sheet.write_number(r, 3, *year)?;
        for (c, answer) in answers.iter().enumerate() {
            let c = 4 + c as u16;
            match *answer {
                "TRUE" => sheet.write_boolean(r, c, true)?,
                "FALSE" => sheet.write_boolean(r, c, false)?,
                other => sheet.write_string(r, c, other)?,
            };
        }
    }
    let out = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/registers/purposes.xlsx");
    book.save(out)?;
    println!("wrote {out}");
    Ok(())
}

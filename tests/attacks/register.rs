//! See main.rs.
//!
//! The consent register, attacked by the accidents that happen to real
//! exports: a row with a cell missing (every later value slides under the
//! wrong heading, so a "No" is read as "Yes"), an answer that is neither
//! yes nor no, an export with the header and no pupils, and photos tagged
//! with a pupil id the register does not have. Each must stop the build
//! before anything is published, naming the row but never the pupil.

use std::path::Path;

use crate::common::{assert_no_surnames, build, edit, site, snapshot, text};

const HEADER: &str = "Adno,Legal Forename,Preferred Forename,Legal Surname,Year,Website Photo Consent,Name Consent";

/// The basic site, built once so `public/` exists, with Harry Patel (whose
/// parents said no to photos) tagged in the sports day photo.
fn published_site_with_harry_tagged(register: &str) -> (tempfile::TempDir, Vec<(std::path::PathBuf, Vec<u8>)>) {
    let dir = site("basic");
    let out = build(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let before = snapshot(&dir.path().join("public"));
    std::fs::write(dir.path().join("private/register.csv"), register).unwrap();
    tag_photo(dir.path(), "Harry Patel");
    (dir, before)
}

fn tag_photo(root: &Path, people: &str) {
    edit(&root.join("content/news/2026-07-10-sports-day/index.md"), "no_pupils=false", &format!("people=\"{people}\""));
}

/// Asserts a refused build: exit 2, the register row named, no name in the
/// output, `public/` unchanged.
fn assert_refused_at_row(root: &Path, before: &[(std::path::PathBuf, Vec<u8>)], row: usize, words: &str) {
    let out = build(root, &[]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(shown.contains(&format!("row {row}")), "{shown}");
    assert!(shown.contains(words), "{shown}");
    assert!(shown.contains("register.csv") || shown.contains("register.xlsx"), "{shown}");
    assert!(!shown.contains("Harry"), "a pupil's name is in the output:\n{shown}");
    assert_no_surnames(&shown);
    assert_eq!(snapshot(&root.join("public")), before, "public/ changed");
}

#[test]
fn csv_row_with_a_missing_cell_does_not_turn_no_into_yes() {
    // Harry's year was left out with no empty field kept for it, so his
    // photo "No" slides under "Year" and his name "Yes" under "Website photo".
    let register = format!("{HEADER}\nET001,Aisha,,Khan,Year 4,Yes,No\nET002,Harry,,Patel,No,Yes\n");
    let (dir, before) = published_site_with_harry_tagged(&register);
    assert_refused_at_row(dir.path(), &before, 3, "the header row (row 1) has 7");
}

#[test]
fn csv_row_with_an_extra_cell_is_refused_too() {
    // An unquoted comma inside a value pushes everything one column right.
    let register = format!("{HEADER}\nET001,Aisha,,Khan,Year 4,Yes,No\nET002,Harry,,Patel,Year 4,Yes,No,No\n");
    let (dir, before) = published_site_with_harry_tagged(&register);
    assert_refused_at_row(dir.path(), &before, 3, "column H");
}

fn write_xlsx(path: &Path, rows: &[&[&str]], merge: Option<(u32, u16, u32, u16, &str)>) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if !value.is_empty() {
                sheet.write_string(r as u32, c as u16, *value).unwrap();
            }
        }
    }
    if let Some((r1, c1, r2, c2, value)) = merge {
        sheet.merge_range(r1, c1, r2, c2, value, &rust_xlsxwriter::Format::new()).unwrap();
    }
    book.save(path).unwrap();
}

fn header() -> Vec<&'static str> {
    HEADER.split(',').collect()
}

#[test]
fn xlsx_row_typed_one_cell_short_is_refused() {
    let dir = site("basic");
    assert_eq!(build(dir.path(), &[]).status.code(), Some(0));
    let before = snapshot(&dir.path().join("public"));
    // Pasted from a CSV with the year missing: "No" sits under "Year",
    // "Yes" under "Website Photo Consent".
    write_xlsx(
        &dir.path().join("private/register.xlsx"),
        &[
            &header(),
            &["ET001", "Aisha", "", "Khan", "Year 4", "Yes", "No"],
            &["ET002", "Harry", "", "Patel", "No", "Yes"],
        ],
        None,
    );
    edit(&dir.path().join("schoolgate.toml"), "private/register.csv", "private/register.xlsx");
    tag_photo(dir.path(), "Harry Patel");
    assert_refused_at_row(dir.path(), &before, 3, "looks shifted");
}

#[test]
fn xlsx_merged_consent_cells_are_refused() {
    let dir = site("basic");
    assert_eq!(build(dir.path(), &[]).status.code(), Some(0));
    let before = snapshot(&dir.path().join("public"));
    // "Yes" merged down over two siblings' rows looks like consent for
    // both, but is stored once.
    write_xlsx(
        &dir.path().join("private/register.xlsx"),
        &[
            &header(),
            &["ET001", "Aisha", "", "Khan", "Year 4", "", "No"],
            &["ET002", "Harry", "", "Patel", "Year 4", "", "No"],
        ],
        Some((1, 5, 2, 5, "Yes")),
    );
    edit(&dir.path().join("schoolgate.toml"), "private/register.csv", "private/register.xlsx");
    tag_photo(dir.path(), "Aisha Khan");
    assert_refused_at_row(dir.path(), &before, 2, "F2:F3 are merged");
}

#[test]
fn consent_that_is_not_clearly_yes_or_no_is_refused() {
    let register = format!("{HEADER}\nET001,Aisha,,Khan,Year 4,Yes,No\nET002,Harry,,Patel,Year 4,Ask mum,No\n");
    let (dir, before) = published_site_with_harry_tagged(&register);
    assert_refused_at_row(dir.path(), &before, 3, "website photo consent is not a clear yes or no");
}

#[test]
fn xlsx_that_is_not_a_spreadsheet_says_how_to_export_csv() {
    let dir = site("basic");
    std::fs::write(dir.path().join("private/register.xlsx"), format!("{HEADER}\nET001,Aisha,,Khan,Year 4,Yes,No\n"))
        .unwrap();
    edit(&dir.path().join("schoolgate.toml"), "private/register.csv", "private/register.xlsx");
    let out = build(dir.path(), &[]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(shown.contains("not a real Excel file") && shown.contains("CSV UTF-8"), "{shown}");
    assert!(!shown.contains("EOCD"), "{shown}");
}

#[test]
fn register_in_neither_utf8_nor_windows_1252_is_not_blamed_on_another_program() {
    let dir = site("basic");
    let mut bytes = format!("{HEADER}\n").into_bytes();
    bytes.extend(b"ET001,Ai\x81sha,,Khan,Year 4,Yes,No\n");
    std::fs::write(dir.path().join("private/register.csv"), bytes).unwrap();
    let out = build(dir.path(), &[]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(shown.contains("register.csv") && shown.contains("UTF-8"), "{shown}");
    assert!(!shown.contains("another program"), "{shown}");
}

#[test]
fn header_only_register_is_an_empty_export_not_a_school_without_pupils() {
    let (dir, before) = published_site_with_harry_tagged(&format!("{HEADER}\n,,,,,,\n"));
    let out = build(dir.path(), &[]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(shown.contains("register.csv") && shown.contains("looks like an empty export"), "{shown}");
    assert_eq!(snapshot(&dir.path().join("public")), before);
}

#[test]
fn photo_tagged_with_an_id_missing_from_the_register_fails_the_audit() {
    // A UPN, and an admission number shaped like the register's own ids:
    // children whose consent the (filtered, out-of-date) export cannot tell.
    for id in ["A123456789012", "ET017"] {
        let register = format!("{HEADER}\nET001,Aisha,,Khan,Year 4,Yes,No\n");
        let (dir, before) = published_site_with_harry_tagged(&register);
        edit(&dir.path().join("content/news/2026-07-10-sports-day/index.md"), "Harry Patel", id);
        let out = build(dir.path(), &[]);
        let shown = text(&out);
        assert_eq!(out.status.code(), Some(1), "{id}: {shown}");
        assert!(shown.contains("consent/unknown-pupil-id") && shown.contains(id), "{shown}");
        assert_eq!(snapshot(&dir.path().join("public")), before, "public/ changed");
    }
}

#[test]
fn ordinary_keywords_are_not_unknown_pupils() {
    let dir = site("basic");
    tag_photo(dir.path(), "Aisha Khan");
    // Keywords a photo tool adds beside the people tags.
    std::fs::write(
        dir.path().join("content/news/2026-07-10-sports-day/relay-race.xmp"),
        r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:subject><rdf:Bag>
<rdf:li>Sports day</rdf:li><rdf:li>Year 6</rdf:li><rdf:li>2026</rdf:li><rdf:li>ET</rdf:li>
</rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta>"#,
    )
    .unwrap();
    let out = build(dir.path(), &[]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    assert!(!shown.contains("unknown-pupil-id") && !shown.contains("unknown-person-tag"), "{shown}");
}

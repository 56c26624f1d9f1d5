//! Turning a register or staff spreadsheet into [`ConsentRegister`] and
//! [`StaffList`].
//!
//! Messages never quote a pupil's name: they go to the terminal and to CI
//! logs. They name the row instead, which the admin can open.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use super::columns::{ColumnMap, Field, header_key};
use super::table::{Merged, Row, Table, TableError, read_table};
use super::values::{parse_consent, parse_date, parse_year_cell};
use super::{ConsentRegister, ExportDate, ExportedFrom, Pupil, PupilId, Purpose, StaffList, StaffMember, YearGroup};
use crate::config::RegisterSettings;
use crate::error::BuildError;

/// How many leading rows may be titles ("Student list – printed 01/09/2026")
/// before the header row.
const HEADER_SEARCH_ROWS: usize = 10;

/// Reads the consent register named in `schoolgate.toml`. `root` is the site
/// folder; a relative `settings.path` is taken from there.
///
/// Every row problem is found before giving up; the error names the first
/// and says how many more there are, so the admin can fix the file in one go.
pub fn load_register(settings: &RegisterSettings, root: &Path) -> Result<ConsentRegister, BuildError> {
    let path = root.join(&settings.path);
    let err = |row: Option<usize>, message: String| BuildError::Register { path: path.clone(), row, message };
    let table = read_table(&path, settings.sheet.as_deref()).map_err(|e| match e {
        TableError::Input(e) => BuildError::Input(e),
        other => err(None, other.to_string()),
    })?;
    let rows = &table.rows;

    let (header_idx, columns) =
        find_header(rows, |headers| ColumnMap::resolve(headers, &settings.columns, settings.preset.as_deref()))
            .map_err(|e| match e {
                Some((row, e)) => err(Some(row), e.to_string()),
                None => err(None, TableError::Empty.to_string()),
            })?;

    let purpose_columns: std::collections::BTreeSet<Purpose> =
        Purpose::ALL.into_iter().filter(|p| columns.get(p.field()).is_some()).collect();
    if !purpose_columns.contains(&settings.purpose) {
        return Err(err(
            Some(rows[header_idx].number),
            format!(
                "schoolgate.toml says the site publishes photos for {} (`purpose = \"{}\"` under [register]), \
                 but the register has no column for the {}; the columns found are: {}. Add the column to the export, \
                 or name it under [register.columns] as `{} = \"…\"`",
                settings.purpose.describe(),
                settings.purpose.key(),
                settings.purpose.field().describe(),
                rows[header_idx]
                    .cells
                    .iter()
                    .filter(|c| !c.trim().is_empty())
                    .map(|c| format!("\"{}\"", c.trim()))
                    .collect::<Vec<_>>()
                    .join(", "),
                settings.purpose.field().key(),
            ),
        ));
    }
    let mut pupils: Vec<Pupil> = Vec::new();
    let mut exported_in_rows: Option<NaiveDate> = None;
    let mut problems: Vec<(usize, String)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let header = &rows[header_idx];
    let other_id_cols = other_id_columns(&header.cells, columns.get(Field::Id));
    for row in &rows[header_idx + 1..] {
        if let Some(problem) = shape_problem(&table, header, row) {
            problems.push((row.number, problem));
            continue;
        }
        match pupil_from_row(row, &columns) {
            Ok((mut pupil, exported)) => {
                // The oldest date stands for the export: a row older than the
                // rest was taken before consent could have been withdrawn.
                if let Some(d) = exported {
                    exported_in_rows = Some(exported_in_rows.map_or(d, |e| e.min(d)));
                }
                pupil.other_ids = other_id_cols
                    .iter()
                    .map(|&i| row.cell(Some(i)).trim().to_string())
                    .filter(|id| !id.is_empty() && *id != pupil.id.0)
                    .map(PupilId)
                    .collect();
                let key = pupil.id.0.to_lowercase();
                if let Some(first) = seen.get(&key) {
                    problems.push((
                        row.number,
                        format!(
                            "pupil id {} is on row {first} and again on row {}; each pupil must appear once",
                            pupil.id, row.number
                        ),
                    ));
                    continue;
                }
                seen.insert(key, row.number);
                pupils.push(pupil);
            }
            Err(message) => problems.push((row.number, message)),
        }
    }
    if let Some((row, message)) = problems.first() {
        let more = match problems.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more row has a problem)".to_string(),
            n => format!(" (and {n} more rows have problems)"),
        };
        return Err(err(Some(*row), format!("row {row}: {message}{more}")));
    }
    if pupils.is_empty() {
        // A header and nothing under it is what a report run with the wrong
        // filter exports. Taken at its word it would make every tagged
        // child "unknown", which is only a warning: refuse it instead.
        return Err(err(
            Some(header.number),
            format!(
                "the register has a header row (row {}) but no pupils under it: it looks like an empty export. \
                 Export it again from the MIS with the pupils' rows",
                header.number
            ),
        ));
    }
    let exported = match (exported_in_rows, columns.get(Field::Exported), settings.exported) {
        (Some(date), Some(idx), _) => Some(ExportDate {
            date,
            from: ExportedFrom::Column(rows[header_idx].cells.get(idx).cloned().unwrap_or_default()),
        }),
        (_, _, Some(date)) => Some(ExportDate { date, from: ExportedFrom::Setting }),
        _ => file_date(&path).map(|date| ExportDate { date, from: ExportedFrom::FileModified }),
    };
    Ok(ConsentRegister {
        pupils,
        source: path,
        purpose: settings.purpose,
        purpose_columns,
        exported,
        max_age_days: settings.max_age_days(),
    })
}

/// The local date a file was last modified, if the system can tell.
fn file_date(path: &Path) -> Option<NaiveDate> {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
    Some(chrono::DateTime::<chrono::Local>::from(modified).date_naive())
}

/// Finds the header row among the first rows: the first that resolves.
/// When none does, returns the first row's problem (`None` only for no
/// rows, which [`read_table`] already refuses).
fn find_header<T, E>(
    rows: &[Row],
    resolve: impl Fn(&[String]) -> Result<T, E>,
) -> Result<(usize, T), Option<(usize, E)>> {
    let mut first_err = None;
    for (i, row) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        match resolve(&row.cells) {
            Ok(t) => return Ok((i, t)),
            Err(e) => {
                first_err.get_or_insert((row.number, e));
            }
        }
    }
    Err(first_err)
}

/// Whether the row lines up with the header. In CSV a missing or extra
/// field moves every later value under the wrong header (a "No" under
/// "Year", the next column's "Yes" under "Website photo"), so a row with a
/// different number of fields is refused. In any format a value beyond the
/// last headed column, or a merged cell, means the row cannot be read as
/// the admin sees it. The message names the row, never its contents.
fn shape_problem(table: &Table, header: &Row, row: &Row) -> Option<String> {
    let width = header.cells.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |i| i + 1);
    let filled = row.cells.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |i| i + 1);
    let shift = "so the values after the gap would be read under the wrong headings (a \"No\" could be read as \"Yes\"). \
                 Fix the row so it has one value, even an empty one, under every heading";
    if table.counted_fields && row.cells.len() < width {
        return Some(format!(
            "the row has {} fields but the header row (row {}) has {width}: a value is missing or a separator was lost, {shift}",
            row.cells.len(),
            header.number
        ));
    }
    if filled > width {
        return Some(format!(
            "the row has a value in column {}, which has no heading in the header row (row {}): a value is extra or a separator was added, {shift}",
            column_letter(filled - 1),
            header.number
        ));
    }
    if let Some(m) = table.merged.iter().find(|m| m.first_row <= row.number && row.number <= m.last_row) {
        return Some(format!(
            "cells {} are merged; a merged cell counts only for its first row and column. \
             Unmerge them (Home → Merge & Center → Unmerge Cells) and write the value in every row",
            merged_range(m)
        ));
    }
    None
}

/// 0 → "A", 27 → "AB": how Excel names the column.
fn column_letter(mut idx: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (idx % 26) as u8);
        if idx < 26 {
            break;
        }
        idx = idx / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn merged_range(m: &Merged) -> String {
    format!("{}{}:{}{}", column_letter(m.first_col), m.first_row, column_letter(m.last_col), m.last_row)
}

/// Headers of columns that hold another id of the same pupil: MIS exports
/// often carry both the admission number and the UPN, and photo tools may
/// have been tagged with either. Only exact id headings count, so a
/// "Reference" or "Notes" column never becomes an id.
const OTHER_ID_HEADERS: &[&str] = &["upn", "uniquepupilnumber", "adno", "admissionnumber", "admissionno", "misid"];

/// Positions of the other id columns (see [`OTHER_ID_HEADERS`]), leaving
/// out the column already used as the pupil's id.
fn other_id_columns(headers: &[String], id_col: Option<usize>) -> Vec<usize> {
    headers
        .iter()
        .enumerate()
        .filter(|(i, h)| Some(*i) != id_col && OTHER_ID_HEADERS.contains(&header_key(h).as_str()))
        .map(|(i, _)| i)
        .collect()
}

/// One pupil, and the row's export date when the register has that column.
fn pupil_from_row(row: &Row, cols: &ColumnMap) -> Result<(Pupil, Option<NaiveDate>), String> {
    let text = |f: Field| row.cell(cols.get(f)).to_string();
    let optional = |f: Field| Some(text(f)).filter(|s| !s.is_empty());
    let id = text(Field::Id);
    let legal_forename = text(Field::LegalForename);
    let surname = text(Field::Surname);
    let mut missing = Vec::new();
    if id.is_empty() {
        missing.push("pupil id");
    }
    if legal_forename.is_empty() {
        missing.push("first name");
    }
    if surname.is_empty() {
        missing.push("surname");
    }
    if !missing.is_empty() {
        return Err(format!("the {} is empty", missing.join(" and ")));
    }
    let expires = parse_date(&text(Field::Expires)).map_err(|e| format!("the consent date {e}"))?;
    let consent = |f: Field| {
        parse_consent(&text(f)).map_err(|_| {
            format!("the {} is not a clear yes or no; write Yes or No (an empty cell counts as No)", f.describe())
        })
    };
    let website_photo = consent(Field::WebsitePhoto)?;
    let name = consent(Field::Name)?;
    let social_media = consent(Field::SocialMedia)?;
    let newsletter = consent(Field::Newsletter)?;
    let press = consent(Field::Press)?;
    let prospectus = consent(Field::Prospectus)?;
    let exported = parse_date(&text(Field::Exported)).map_err(|e| format!("the export date {e}"))?;
    let year = optional(Field::Year);
    if let Some(y) = &year
        && !parse_year_cell(y)
    {
        return Err("the year group holds a yes/no answer or a date, so the row looks shifted; \
                    check each value is under the right heading"
            .into());
    }
    let preferred_forename =
        optional(Field::PreferredForename).filter(|p| header_key(p) != header_key(&legal_forename));
    let pupil = Pupil {
        id: PupilId(id),
        legal_forename,
        preferred_forename,
        middle_names: optional(Field::MiddleNames),
        surname,
        year: year.map(|y| YearGroup(year_label(&y))),
        website_photo,
        name,
        social_media,
        newsletter,
        press,
        prospectus,
        expires,
        other_ids: Vec::new(),
        row: row.number,
    };
    Ok((pupil, exported))
}

/// "4" and "Y4" read as "Year 4"; "Reception", "4B" and "Year 4" stay.
fn year_label(raw: &str) -> String {
    let digits = raw.strip_prefix(['Y', 'y']).unwrap_or(raw).trim();
    if !digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit()) {
        format!("Year {}", digits.trim_start_matches('0').max("0"))
    } else {
        raw.to_string()
    }
}

/// Titles recognised before a name ("Mrs Amelia Jones"). Words such as
/// "Sister" or "Father" are left out: "his sister Aisha Khan" is a child.
pub const TITLES: &[&str] = &["mr", "mrs", "miss", "ms", "mx", "dr", "prof", "professor", "sir", "dame", "rev", "revd"];

/// Reads the list of staff and governors whose names may be published.
/// Columns: `title`, `forename`, `surname`, `role` (each optional but the
/// names), or one `name` column written as "Mrs Amelia Jones".
pub fn load_staff(path: &Path) -> Result<StaffList, BuildError> {
    let err = |row: Option<usize>, message: String| BuildError::Staff { path: path.to_path_buf(), row, message };
    let table = read_table(path, None).map_err(|e| match e {
        TableError::Input(e) => BuildError::Input(e),
        other => err(None, other.to_string()),
    })?;
    let rows = &table.rows;
    let (header_idx, cols) = find_header(rows, StaffColumns::resolve).map_err(|e| match e {
        Some((row, found)) => err(
            Some(row),
            format!("no \"forename\" and \"surname\" columns (or one \"name\" column); the columns found are: {found}"),
        ),
        None => err(None, TableError::Empty.to_string()),
    })?;
    let mut members = Vec::new();
    for row in &rows[header_idx + 1..] {
        if let Some(problem) = shape_problem(&table, &rows[header_idx], row) {
            return Err(err(Some(row.number), format!("row {}: {problem}", row.number)));
        }
        members.push(cols.member(row).map_err(|m| err(Some(row.number), format!("row {}: {m}", row.number)))?);
    }
    Ok(StaffList { members, source: path.to_path_buf() })
}

struct StaffColumns {
    title: Option<usize>,
    forename: Option<usize>,
    surname: Option<usize>,
    name: Option<usize>,
    role: Option<usize>,
}

impl StaffColumns {
    fn resolve(headers: &[String]) -> Result<StaffColumns, String> {
        let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
        let find = |names: &[&str]| names.iter().find_map(|n| keys.iter().position(|k| k == n));
        let cols = StaffColumns {
            title: find(&["title", "salutation", "prefix"]),
            forename: find(&["forename", "firstname", "givenname", "legalforename", "preferredforename"]),
            surname: find(&["surname", "lastname", "familyname", "legalsurname"]),
            name: find(&["name", "fullname", "staffname", "displayname"]),
            role: find(&["role", "jobtitle", "position", "post"]),
        };
        if (cols.forename.is_some() && cols.surname.is_some()) || cols.name.is_some() {
            Ok(cols)
        } else {
            let shown: Vec<String> =
                headers.iter().filter(|h| !h.trim().is_empty()).map(|h| format!("\"{}\"", h.trim())).collect();
            Err(shown.join(", "))
        }
    }

    fn member(&self, row: &Row) -> Result<StaffMember, String> {
        let opt = |i: Option<usize>| Some(row.cell(i).to_string()).filter(|s| !s.is_empty());
        let role = opt(self.role);
        let mut title = opt(self.title);
        let (forename, surname) = match (opt(self.forename), opt(self.surname)) {
            (Some(f), Some(s)) => (f, s),
            _ => {
                let full = opt(self.name).ok_or("the name is empty")?;
                let mut words: Vec<&str> = full.split_whitespace().collect();
                if words.len() > 2 && TITLES.contains(&header_key(words[0]).as_str()) {
                    title.get_or_insert_with(|| words[0].to_string());
                    words.remove(0);
                }
                if words.len() < 2 {
                    return Err("the name needs a first name and a surname".into());
                }
                let surname = words.pop().unwrap_or_default().to_string();
                (words.join(" "), surname)
            }
        };
        Ok(StaffMember { title, forename, surname, role })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::Consent;
    use std::path::PathBuf;

    fn fixtures() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/registers")
    }

    fn settings(file: &str) -> RegisterSettings {
        RegisterSettings { path: file.into(), ..Default::default() }
    }

    fn find<'a>(reg: &'a ConsentRegister, surname: &str, forename: &str) -> &'a Pupil {
        reg.pupils
            .iter()
            .find(|p| p.surname.replace('’', "'") == surname && p.legal_forename == forename)
            .unwrap_or_else(|| panic!("{forename} {surname} not loaded"))
    }

    fn check_core_pupils(reg: &ConsentRegister) {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert!(reg.pupils.len() >= 24, "{} pupils", reg.pupils.len());
        let aisha = find(reg, "Khan", "Aisha");
        assert!(aisha.may_show_photo(today) && aisha.may_publish_name(today));
        assert_eq!(aisha.safe_label(), "Aisha (Year 3)");
        let harry = find(reg, "Patel", "Harry");
        assert!(!harry.may_show_photo(today) && !harry.may_publish_name(today));
        assert_eq!(harry.year, Some(YearGroup("Year 4".into())));
        let zoe = find(reg, "O'Neill", "Zoë");
        assert!(zoe.may_show_photo(today) && !zoe.may_publish_name(today));
        let expired: Vec<_> =
            reg.pupils.iter().filter(|p| p.website_photo == Consent::Granted && !p.may_show_photo(today)).collect();
        assert_eq!(expired.len(), 1, "one pupil's consent has lapsed");
        assert!(reg.pupils.iter().any(|p| p.preferred_forename.is_some()));
    }

    #[test]
    fn the_upn_beside_the_admission_number_is_another_id() {
        let reg = load_register(&settings("sims-export.csv"), &fixtures()).unwrap();
        let harry = find(&reg, "Patel", "Harry");
        assert_eq!(harry.id.0, "1002");
        assert_eq!(harry.other_ids, vec![PupilId("A100000000002".into())]);
        // Arbor's export has one id column: nothing else becomes an id.
        let mut arbor = settings("arbor-export.csv");
        arbor.preset = Some("arbor".into());
        let arbor = load_register(&arbor, &fixtures()).unwrap();
        assert!(arbor.pupils.iter().all(|p| p.other_ids.is_empty()));
    }

    #[test]
    fn loads_a_sims_export_with_preset() {
        let mut s = settings("sims-export.csv");
        s.preset = Some("sims".into());
        let reg = load_register(&s, &fixtures()).unwrap();
        check_core_pupils(&reg);
        // The first data row is line 2 of the file.
        assert_eq!(reg.pupils[0].row, 2);
    }

    #[test]
    fn loads_a_sims_export_by_guessing_columns() {
        let reg = load_register(&settings("sims-export.csv"), &fixtures()).unwrap();
        check_core_pupils(&reg);
    }

    #[test]
    fn loads_a_semicolon_arbor_export() {
        let mut s = settings("arbor-export.csv");
        s.preset = Some("arbor".into());
        let reg = load_register(&s, &fixtures()).unwrap();
        check_core_pupils(&reg);
        let pref = reg.pupils.iter().find(|p| p.preferred_forename.is_some()).unwrap();
        assert_ne!(pref.preferred_forename.as_deref(), Some(pref.legal_forename.as_str()));
    }

    #[test]
    fn loads_an_excel_register() {
        let reg = load_register(&settings("register.xlsx"), &fixtures()).unwrap();
        check_core_pupils(&reg);
        assert!(reg.pupils.iter().all(|p| p.row >= 2));
    }

    #[test]
    fn excel_sheet_is_chosen_by_name() {
        let mut s = settings("register.xlsx");
        s.sheet = Some("consent".into());
        assert_eq!(load_register(&s, &fixtures()).unwrap().pupils.len(), 25);
        s.sheet = Some("Pupils".into());
        match load_register(&s, &fixtures()).unwrap_err() {
            BuildError::Register { message, .. } => {
                assert!(message.contains("\"Consent\""), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bromcom_preset_with_tab_separated_utf16_export() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Student ID\tLegal Forename\tPreferred Forename\tLegal Surname\tNC Year\tWebsite Photo Consent\tWebsite Name Consent\tConsent Review Date\r\n\
                    B77\tZoë\t\tO’Neill\t5\tYes\tNo\t31-Jul-2026\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        std::fs::write(dir.path().join("bromcom.txt"), bytes).unwrap();
        let mut s = settings("bromcom.txt");
        s.preset = Some("bromcom".into());
        let reg = load_register(&s, dir.path()).unwrap();
        let zoe = &reg.pupils[0];
        assert_eq!((zoe.legal_forename.as_str(), zoe.surname.as_str()), ("Zoë", "O’Neill"));
        assert_eq!(zoe.safe_label(), "Zoë (Year 5)");
        assert_eq!(zoe.website_photo, Consent::Granted);
        assert_eq!(zoe.name, Consent::Refused);
        assert_eq!(zoe.expires, NaiveDate::from_ymd_opt(2026, 7, 31));
    }

    fn register_error(file: &str) -> (Option<usize>, String) {
        match load_register(&settings(file), &fixtures()).unwrap_err() {
            BuildError::Register { row, message, .. } => (row, message),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn missing_column_says_what_was_found() {
        let (row, message) = register_error("broken-missing-column.csv");
        assert_eq!(row, Some(1));
        assert!(message.contains("website photo consent"), "{message}");
        assert!(message.contains("\"Legal Surname\""), "{message}");
    }

    #[test]
    fn duplicate_id_names_both_rows() {
        let (row, message) = register_error("broken-duplicate-id.csv");
        assert_eq!(row, Some(5));
        assert!(message.contains("row 3") && message.contains("row 5"), "{message}");
        assert!(!message.contains("Patel"), "names must not be printed: {message}");
    }

    #[test]
    fn bad_date_gives_the_row() {
        let (row, message) = register_error("broken-bad-date.csv");
        assert_eq!(row, Some(4));
        assert!(message.contains("next summer"), "{message}");
    }

    #[test]
    fn missing_file_is_a_read_error() {
        assert!(matches!(load_register(&settings("nope.csv"), &fixtures()), Err(BuildError::Input(_))));
    }

    #[test]
    fn empty_surname_and_title_rows_above_headers() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("r.csv"),
            "Pupil consent list,,,\nPrinted 01/09/2026,,,\nUPN,Forename,Surname,Photos\nA1,Harry,Patel,Yes\nA2,Sam,,No\n",
        )
        .unwrap();
        let (row, message) = match load_register(&settings("r.csv"), dir.path()).unwrap_err() {
            BuildError::Register { row, message, .. } => (row, message),
            other => panic!("{other:?}"),
        };
        assert_eq!(row, Some(5));
        assert!(message.contains("surname is empty"), "{message}");
    }

    #[test]
    fn year_labels_read_naturally() {
        assert_eq!(year_label("4"), "Year 4");
        assert_eq!(year_label("Y6"), "Year 6");
        assert_eq!(year_label("Reception"), "Reception");
        assert_eq!(year_label("4B"), "4B");
    }

    #[test]
    fn staff_list_with_separate_and_single_name_columns() {
        let staff = load_staff(&fixtures().join("staff.csv")).unwrap();
        let head = staff.members.iter().find(|m| m.surname == "Jones").unwrap();
        assert_eq!(head.title.as_deref(), Some("Mrs"));
        assert_eq!(head.forename, "Amelia");
        assert_eq!(head.role.as_deref(), Some("Headteacher"));

        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("governors.csv");
        std::fs::write(&p, "Name,Role\nMrs Amelia Jones,Headteacher\nDr Tom Okafor,Chair of Governors\nPriya Shah,Clerk\nCher,Parent governor\n").unwrap();
        match load_staff(&p).unwrap_err() {
            BuildError::Staff { row, .. } => assert_eq!(row, Some(5)),
            other => panic!("{other:?}"),
        }
        std::fs::write(
            &p,
            "Name,Role\nMrs Amelia Jones,Headteacher\nDr Tom Okafor,Chair of Governors\nPriya Shah,Clerk\n",
        )
        .unwrap();
        let list = load_staff(&p).unwrap();
        assert_eq!(list.members[1].title.as_deref(), Some("Dr"));
        assert_eq!(list.members[1].surname, "Okafor");
        assert_eq!(list.members[2].title, None);
        assert_eq!(list.members[2].forename, "Priya");
    }
}

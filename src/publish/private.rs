//! Files that look like the school's private lists: a copy of the consent
//! register or staff list (by its header or by its rows), a waivers file or
//! an approvals file. They are refused wherever they sit and whatever they
//! are called, because a copy dropped into `static/` is published otherwise.

use crate::register::ConsentRegister;

/// Column names that only a pupil or staff list has.
const PRIVATE_COLUMNS: &[&str] = &[
    "upn",
    "uln",
    "adno",
    "adm no",
    "admission no",
    "admission number",
    "admission_number",
    "pupil id",
    "student id",
    "mis id",
    "date of birth",
    "dob",
    "legal forename",
    "legal surname",
    "legal first name",
    "legal last name",
    "preferred forename",
    "preferred surname",
    "sen status",
    "fsm",
    "pupil premium",
    "eal",
    "ethnicity",
    "medical",
    "parent email",
    "contact 1",
    "priority contact",
];

/// Why a file was taken for a private list, in words for the admin.
pub fn looks_private(text: &str, rows: &[Vec<String>], register: Option<&ConsentRegister>) -> Option<&'static str> {
    if text.lines().any(|l| matches!(l.trim(), "[[waiver]]" | "[[approval]]")) {
        return Some("it is a waivers or approvals file, which lists problems found on the site and names staff");
    }
    if has_private_header(rows) {
        return Some(
            "it looks like a register or staff list: its first row has column names such as UPN, admission number, date of birth, consent or forename and surname",
        );
    }
    if register.is_some_and(|r| register_rows(rows, r) >= 2) {
        return Some("it holds rows of the consent register: pupils' names and numbers in columns");
    }
    None
}

fn normal(cell: &str) -> String {
    cell.trim()
        .trim_matches(|c: char| c == '"' || c == '\'')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The first row of a table of at least two rows and three columns names
/// private columns: an id/UPN/date of birth, a consent column, or both a
/// forename and a surname column.
fn has_private_header(rows: &[Vec<String>]) -> bool {
    let Some(header) = rows.iter().find(|r| r.iter().any(|c| !c.trim().is_empty())) else {
        return false;
    };
    if header.len() < 3 || rows.len() < 2 {
        return false;
    }
    let cells: Vec<String> = header.iter().map(|c| normal(c)).filter(|c| c.len() <= 40).collect();
    let has = |pred: &dyn Fn(&str) -> bool| cells.iter().any(|c| pred(c));
    let private = has(&|c| PRIVATE_COLUMNS.contains(&c));
    let consent = has(&|c| c.contains("consent") && c.split(' ').count() <= 5);
    let forename = has(&|c| matches!(c, "forename" | "first name" | "firstname" | "given name" | "first_name"));
    let surname = has(&|c| matches!(c, "surname" | "last name" | "lastname" | "family name" | "last_name"));
    private || consent || (forename && surname)
}

/// How many distinct pupils of the register have a row of their own: their
/// register id as a cell, or their first name and surname as two cells.
fn register_rows(rows: &[Vec<String>], register: &ConsentRegister) -> usize {
    let mut seen = std::collections::HashSet::new();
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| normal(c)).filter(|c| !c.is_empty()).collect();
        for (i, p) in register.pupils.iter().enumerate() {
            let id = normal(&p.id.0);
            let by_id = !id.is_empty() && cells.contains(&id);
            let surname = normal(&p.surname);
            let by_name = cells.contains(&surname) && p.forenames().any(|f| cells.contains(&normal(f)));
            if by_id || by_name {
                seen.insert(i);
            }
        }
    }
    seen.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::text::delimited_rows;

    #[test]
    fn register_headers_are_recognised() {
        let t = "UPN,Forename,Surname,Year\nA123,Aisha,Khan,4\n";
        assert!(looks_private(t, &delimited_rows(t), None).is_some());
        let t = "title,forename,surname,role\nMrs,Sarah,Hughes,Office\n";
        assert!(looks_private(t, &delimited_rows(t), None).is_some());
        let t = "Name;Photo Consent;Year\nAisha;Y;4\n";
        assert!(looks_private(t, &delimited_rows(t), None).is_some());
    }

    #[test]
    fn ordinary_tables_and_prose_are_not() {
        let t = "Date,Event,Place\n2026-12-01,Carol concert,Hall\n";
        assert!(looks_private(t, &delimited_rows(t), None).is_none());
        let t = "Thank you for returning the photo consent forms, trips, and clubs.\nSee you soon.\n";
        assert!(looks_private(t, &delimited_rows(t), None).is_none());
    }

    #[test]
    fn waivers_files_are_recognised() {
        let t = "[[waiver]]\nrule = \"dfe/*\"\n";
        assert!(looks_private(t, &[], None).is_some());
    }
}

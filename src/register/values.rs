//! Reading single register cells: consent answers and dates.
//!
//! MIS exports and hand-kept spreadsheets write the same answer many ways
//! ("Y", "Yes", "TRUE", "Consent given"). A cell must be a clear yes, a
//! clear no, or empty (no consent recorded, so no); anything else ("Maybe",
//! "x", a date that slid in from the next column) is an error naming the
//! row, because a guess either way is wrong: a wrong "no" blocks a photo, a
//! wrong "yes" publishes a child.

use chrono::{Days, NaiveDate};

use super::Consent;

/// Answers that mean consent was given. Compared after lower-casing and
/// squeezing out spaces and punctuation, so "Consent given." and
/// "consent-given" both count.
const GRANTED: &[&str] = &[
    "yes",
    "y",
    "true",
    "1",
    "granted",
    "given",
    "consentgiven",
    "consentgranted",
    "consented",
    "agreed",
    "ok",
    "✓",
    "✔",
];

/// Answers that clearly mean consent was not given (compared like
/// [`GRANTED`]). An empty cell counts too.
const REFUSED: &[&str] = &[
    "",
    "no",
    "n",
    "false",
    "0",
    "refused",
    "declined",
    "withdrawn",
    "notgiven",
    "notgranted",
    "noconsent",
    "notconsented",
    "consentrefused",
    "consentdeclined",
    "consentwithdrawn",
    "consentnotgiven",
    "none",
    "pending",
    "notreturned",
    "awaitingreply",
    "✗",
    "✘",
];

/// A consent cell that is neither a clear yes nor a clear no.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnclearConsent;

fn answer_key(cell: &str) -> String {
    cell.trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-' | '_' | '!' | '"' | '\''))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Reads a consent cell: a clear yes is [`Consent::Granted`]; blank, "No",
/// "Withdrawn", "Not given" are [`Consent::Refused`]; anything else is
/// [`UnclearConsent`].
pub fn parse_consent(cell: &str) -> Result<Consent, UnclearConsent> {
    let key = answer_key(cell);
    if GRANTED.contains(&key.as_str()) {
        Ok(Consent::Granted)
    } else if REFUSED.contains(&key.as_str()) {
        Ok(Consent::Refused)
    } else {
        Err(UnclearConsent)
    }
}

/// False when a year-group cell holds what belongs in another column: a
/// yes/no answer ("No") or a date. Single letters and numbers stay year
/// groups ("N" is Nursery, "R" Reception, "6" Year 6).
pub fn parse_year_cell(cell: &str) -> bool {
    let key = answer_key(cell);
    if key.chars().count() > 1 && (GRANTED.contains(&key.as_str()) || REFUSED.contains(&key.as_str())) {
        return false;
    }
    let c = cell.trim();
    !(c.len() >= 6 && parse_date(c).ok().flatten().is_some())
}

/// Why a date cell could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a date Schoolgate can read (write it like 31/07/2026 or 2026-07-31)")]
pub struct BadDate(pub String);

/// Reads a review/expiry date. Blank is `Ok(None)` (no expiry).
///
/// Accepts `2026-07-31`, `31/07/2026`, `31/07/26`, `31.07.2026`,
/// `31-Jul-2026`, `31 July 2026`, an Excel day number (`46234`), and any of
/// these followed by a time (`31/07/2026 00:00`). Day-first throughout: the
/// registers are British, and `07/08/2026` is the 7th of August.
pub fn parse_date(cell: &str) -> Result<Option<NaiveDate>, BadDate> {
    let s = cell.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || BadDate(s.to_string());
    // Drop a trailing time: "2026-07-31T00:00:00", "31/07/2026 00:00".
    let date_part = s.split(['T', ' ']).next().unwrap_or(s);
    let date_part = if date_part.contains(':') { s } else { date_part };
    if let Some(d) = excel_serial(s) {
        return Ok(Some(d));
    }
    for candidate in [date_part, s] {
        if let Some(d) = numeric_date(candidate).or_else(|| month_name_date(candidate)) {
            return Ok(Some(d));
        }
    }
    Err(bad())
}

/// Excel stores dates as days since 1899-12-30 (the epoch that absorbs
/// Lotus 1-2-3's imaginary 29 February 1900). Only plausible consent dates
/// (1982–2173) are taken, so a stray number is not read as a date.
pub fn excel_serial(s: &str) -> Option<NaiveDate> {
    let n: f64 = s.trim().parse().ok()?;
    if !(30_000.0..100_000.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(n.trunc() as u64))
}

fn numeric_date(s: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let n = |p: &str| p.parse::<u32>().ok();
    if parts[0].len() == 4 {
        return NaiveDate::from_ymd_opt(n(parts[0])? as i32, n(parts[1])?, n(parts[2])?);
    }
    let year = match parts[2].len() {
        4 => n(parts[2])? as i32,
        2 => 2000 + n(parts[2])? as i32,
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, n(parts[1])?, n(parts[0])?)
}

fn month_name_date(s: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.split(['/', '-', ' ', ',']).filter(|p| !p.is_empty()).collect();
    if parts.len() != 3 {
        return None;
    }
    let day: u32 = parts[0].trim_end_matches(|c: char| c.is_ascii_alphabetic()).parse().ok()?;
    let month = month_number(parts[1])?;
    let year = match parts[2].len() {
        4 => parts[2].parse().ok()?,
        2 => 2000 + parts[2].parse::<i32>().ok()?,
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let w = word.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let w = if w == "sept" { "sep".to_string() } else { w };
    MONTHS
        .iter()
        .position(|m| w.starts_with(m) && (w.len() == 3 || full_month(m).starts_with(&w)))
        .map(|i| i as u32 + 1)
}

fn full_month(abbr: &str) -> &'static str {
    match abbr {
        "jan" => "january",
        "feb" => "february",
        "mar" => "march",
        "apr" => "april",
        "may" => "may",
        "jun" => "june",
        "jul" => "july",
        "aug" => "august",
        "sep" => "september",
        "oct" => "october",
        "nov" => "november",
        _ => "december",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn consent_answers_from_real_exports() {
        for yes in ["Yes", " y ", "TRUE", "1", "Granted", "Given", "Consent given", "Consent Given.", "✓"] {
            assert_eq!(parse_consent(yes), Ok(Consent::Granted), "{yes:?}");
        }
        for no in ["No", "N", "false", "0", "", "Not given", "Withdrawn", "Consent refused", "Pending"] {
            assert_eq!(parse_consent(no), Ok(Consent::Refused), "{no:?}");
        }
        for unclear in ["x", "Maybe", "Y4", "31/07/2026", "Yes?No", "see note"] {
            assert_eq!(parse_consent(unclear), Err(UnclearConsent), "{unclear:?}");
        }
    }

    #[test]
    fn year_cells_that_belong_elsewhere() {
        for ok in ["Year 4", "4", "Y6", "N", "R", "Reception", "4B", "Nursery"] {
            assert!(parse_year_cell(ok), "{ok:?}");
        }
        for shifted in ["No", "Yes", "TRUE", "31/07/2026", "2026-07-31"] {
            assert!(!parse_year_cell(shifted), "{shifted:?}");
        }
    }

    #[test]
    fn dates_in_the_forms_registers_use() {
        assert_eq!(parse_date("2026-07-31"), Ok(d(2026, 7, 31)));
        assert_eq!(parse_date("31/07/2026"), Ok(d(2026, 7, 31)));
        assert_eq!(parse_date("31/07/26"), Ok(d(2026, 7, 31)));
        assert_eq!(parse_date("31-Jul-2026"), Ok(d(2026, 7, 31)));
        assert_eq!(parse_date("31 July 2026"), Ok(d(2026, 7, 31)));
        assert_eq!(parse_date("1st Sept 2026"), Ok(d(2026, 9, 1)));
        assert_eq!(parse_date("31.07.2026"), Ok(d(2026, 7, 31)));
        assert_eq!(parse_date("31/07/2026 00:00"), Ok(d(2026, 7, 31)));
        assert_eq!(parse_date("2026-07-31T00:00:00"), Ok(d(2026, 7, 31)));
        // Excel's serial for 31 July 2026.
        assert_eq!(parse_date("46234"), Ok(d(2026, 7, 31)));
        assert_eq!(parse_date("  "), Ok(None));
    }

    #[test]
    fn day_comes_first() {
        assert_eq!(parse_date("07/08/2026"), Ok(d(2026, 8, 7)));
    }

    #[test]
    fn nonsense_dates_are_refused() {
        for bad in ["31/02/2026", "next July", "2026", "13/13/13", "31-Jly-2026", "12"] {
            assert!(parse_date(bad).is_err(), "{bad:?}");
        }
    }
}

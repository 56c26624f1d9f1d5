//! English school academic years (1 September to 31 August) and the labels
//! schools write for them.
//!
//! Freshness rules in the statutory audit ("the pupil premium statement must
//! be for this year") need two things: which year "now" is, and which years a
//! page or document names. Schools write the same year many ways ("2026-27",
//! "2026/2027", "2026 to 2027", "AY 2026/27", "Autumn 2026"), so the finder
//! accepts them all but refuses look-alikes such as the date "2026-03".

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// An academic year, identified by the calendar year it starts in
/// (`2026` is 1 September 2026 to 31 August 2027).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "String")]
pub struct AcademicYear {
    start: i32,
}

/// Years outside this range are not plausible labels on a school website;
/// keeping the finder inside it stops phone numbers and ids being read as years.
const PLAUSIBLE: std::ops::RangeInclusive<i32> = 1990..=2099;

impl AcademicYear {
    /// The academic year starting in September of `start_year`.
    pub const fn starting(start_year: i32) -> Self {
        Self { start: start_year }
    }

    /// The calendar year the academic year starts in.
    pub const fn start_year(self) -> i32 {
        self.start
    }

    /// The academic year a date falls in: September onwards belongs to the
    /// year starting that calendar year, January to August to the one before.
    pub fn containing(date: NaiveDate) -> Self {
        if date.month() >= 9 { Self::starting(date.year()) } else { Self::starting(date.year() - 1) }
    }

    pub const fn next(self) -> Self {
        Self::starting(self.start + 1)
    }

    pub const fn prev(self) -> Self {
        Self::starting(self.start - 1)
    }

    /// 1 September of the start year.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start, 9, 1).unwrap_or(NaiveDate::MAX)
    }

    /// 31 August of the end year.
    pub fn last_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.start + 1, 8, 31).unwrap_or(NaiveDate::MAX)
    }

    /// Every academic-year label in `text`, in the order written (repeats kept).
    pub fn find_labels(text: &str) -> Vec<YearLabel> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = find_ranges(&chars);
        out.extend(find_terms(&chars));
        out.sort_by_key(|l| l.offset);
        out
    }

    /// The newest year named in `text`. Explicit ranges ("2026-27") win over
    /// term words ("Autumn 2026"): a statement for 2025-26 often mentions the
    /// next autumn, which would otherwise make it look current.
    pub fn latest_in(text: &str) -> Option<AcademicYear> {
        let labels = Self::find_labels(text);
        let ranges = labels.iter().filter(|l| l.kind == LabelKind::Range).map(|l| l.year).max();
        ranges.or_else(|| labels.iter().map(|l| l.year).max())
    }
}

impl fmt::Display for AcademicYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.start, (self.start + 1).rem_euclid(100))
    }
}

impl From<AcademicYear> for String {
    fn from(y: AcademicYear) -> String {
        y.to_string()
    }
}

/// Why a string is not a single academic-year label.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not an academic year; write it like 2026-27 or 2026/2027")]
pub struct ParseAcademicYearError(String);

impl FromStr for AcademicYear {
    type Err = ParseAcademicYearError;

    /// Parses a string that is exactly one label ("2026-27", "AY 2026/27").
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        let labels = Self::find_labels(trimmed);
        match labels.as_slice() {
            [one]
                if one.text.chars().count() + one.offset >= trimmed.chars().count()
                    && trimmed.chars().take(one.offset).all(|c| c.is_alphabetic() || c.is_whitespace()) =>
            {
                Ok(one.year)
            }
            _ => Err(ParseAcademicYearError(trimmed.to_string())),
        }
    }
}

/// How a label was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    /// Two years: "2026-27", "2026 to 2027".
    Range,
    /// A term or month and one year: "Autumn 2026", "Sept 2026", "Summer 2027".
    Term,
}

/// One label found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearLabel {
    pub year: AcademicYear,
    /// The label as written.
    pub text: String,
    /// Offset in characters from the start of the text.
    pub offset: usize,
    pub kind: LabelKind,
}

/// Characters that may join the two years of a range.
fn is_separator(c: char) -> bool {
    matches!(c, '-' | '/' | '_' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}')
}

/// A run of ASCII digits starting at `i`, with nothing digit-like on either side.
fn digit_run(chars: &[char], i: usize) -> Option<(u32, usize)> {
    if i > 0 && chars[i - 1].is_ascii_digit() {
        return None;
    }
    let len = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    if len == 0 || len > 4 {
        return None;
    }
    let value = chars[i..i + len].iter().fold(0u32, |v, c| v * 10 + c.to_digit(10).unwrap_or(0));
    Some((value, len))
}

fn skip_spaces(chars: &[char], mut j: usize) -> usize {
    while j < chars.len() && (chars[j] == ' ' || chars[j] == '\u{a0}') {
        j += 1;
    }
    j
}

fn find_ranges(chars: &[char]) -> Vec<YearLabel> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= chars.len() {
        let Some((start, 4)) = digit_run(chars, i) else {
            i += 1;
            continue;
        };
        let start = start as i32;
        if !PLAUSIBLE.contains(&start) {
            i += 4;
            continue;
        }
        let mut j = skip_spaces(chars, i + 4);
        let sep_ok = if j < chars.len() && is_separator(chars[j]) {
            j += 1;
            true
        } else if j + 2 < chars.len()
            && chars[j].eq_ignore_ascii_case(&'t')
            && chars[j + 1].eq_ignore_ascii_case(&'o')
            && chars[j + 2] == ' '
        {
            j += 2;
            true
        } else {
            false
        };
        if sep_ok {
            let k = skip_spaces(chars, j);
            if k < chars.len()
                && let Some((end, len)) = digit_run(chars, k)
            {
                let next = start + 1;
                let matches = (len == 4 && end as i32 == next) || (len == 2 && end as i32 == next.rem_euclid(100));
                if matches {
                    let mut from = i;
                    // Keep an "AY " prefix in the label text for the record.
                    if i >= 3 && chars[i - 3..i].iter().collect::<String>().eq_ignore_ascii_case("ay ") {
                        from = i - 3;
                    }
                    out.push(YearLabel {
                        year: AcademicYear::starting(start),
                        text: chars[from..k + len].iter().collect(),
                        offset: from,
                        kind: LabelKind::Range,
                    });
                    i = k + len;
                    continue;
                }
            }
        }
        i += 4;
    }
    out
}

/// Term and month words, and how many years to subtract from the calendar
/// year written after them to get the academic year's start.
const TERMS: &[(&str, i32)] = &[("autumn", 0), ("september", 0), ("sept", 0), ("sep", 0), ("spring", 1), ("summer", 1)];

fn find_terms(chars: &[char]) -> Vec<YearLabel> {
    let lower: Vec<char> = chars.iter().map(|c| c.to_ascii_lowercase()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lower.len() {
        if i > 0 && lower[i - 1].is_alphanumeric() {
            i += 1;
            continue;
        }
        let mut matched = false;
        for (word, back) in TERMS {
            let w: Vec<char> = word.chars().collect();
            if lower.len() >= i + w.len() && lower[i..i + w.len()] == w[..] {
                let mut j = i + w.len();
                if j < lower.len() && lower[j] == '.' {
                    j += 1;
                }
                if j < lower.len() && lower[j].is_alphabetic() {
                    continue; // "septic", "springfield", or a longer word listed first
                }
                let k = skip_spaces(&lower, j);
                if k == j || k + 4 > lower.len() {
                    continue;
                }
                if let Some((year, 4)) = digit_run(&lower, k) {
                    let year = year as i32;
                    if PLAUSIBLE.contains(&year) {
                        out.push(YearLabel {
                            year: AcademicYear::starting(year - back),
                            text: chars[i..k + 4].iter().collect(),
                            offset: i,
                            kind: LabelKind::Term,
                        });
                        i = k + 4;
                        matched = true;
                        break;
                    }
                }
            }
        }
        if !matched {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn years(text: &str) -> Vec<String> {
        AcademicYear::find_labels(text).iter().map(|l| l.year.to_string()).collect()
    }

    #[test]
    fn the_year_turns_on_1_september() {
        assert_eq!(AcademicYear::containing(d(2027, 8, 31)).to_string(), "2026-27");
        assert_eq!(AcademicYear::containing(d(2027, 9, 1)).to_string(), "2027-28");
        assert_eq!(AcademicYear::containing(d(2026, 11, 29)).to_string(), "2026-27");
        assert_eq!(AcademicYear::containing(d(2027, 3, 15)).to_string(), "2026-27");
        assert_eq!(AcademicYear::containing(d(2027, 1, 1)).start_year(), 2026);
    }

    #[test]
    fn next_prev_and_bounds() {
        let y = AcademicYear::starting(2026);
        assert_eq!(y.next().to_string(), "2027-28");
        assert_eq!(y.prev().to_string(), "2025-26");
        assert_eq!(y.first_day(), d(2026, 9, 1));
        assert_eq!(y.last_day(), d(2027, 8, 31));
        assert_eq!(AcademicYear::starting(1999).to_string(), "1999-00");
        assert!(AcademicYear::starting(2025) < y);
    }

    #[test]
    fn finds_every_common_way_of_writing_a_year() {
        for label in [
            "2026-27",
            "2026/27",
            "2026-2027",
            "2026/2027",
            "2026 to 2027",
            "2026–27",
            "2026—27",
            "AY 2026/27",
            "2026 - 27",
            "2026_27",
        ] {
            let text = format!("Pupil premium strategy {label} (approved)");
            assert_eq!(years(&text), vec!["2026-27"], "{label}");
        }
        let labels = AcademicYear::find_labels("Statement AY 2026/27");
        assert_eq!(labels[0].text, "AY 2026/27");
    }

    #[test]
    fn dates_and_other_numbers_are_not_year_ranges() {
        assert!(years("Published 2026-03-15").is_empty());
        assert!(years("Updated 2026/03").is_empty());
        assert!(years("2026-28").is_empty());
        assert!(years("2026-2028").is_empty());
        assert!(years("Call 01234 2026-27").len() == 1);
        assert!(years("ref 12026-27").is_empty());
        assert!(years("2026-275").is_empty());
    }

    #[test]
    fn term_words_name_the_year_they_fall_in() {
        assert_eq!(years("Autumn 2026 newsletter"), vec!["2026-27"]);
        assert_eq!(years("Sept 2026 intake"), vec!["2026-27"]);
        assert_eq!(years("Summer 2027 results"), vec!["2026-27"]);
        assert_eq!(years("Spring 2026 review"), vec!["2025-26"]);
        assert!(years("Springfield 2026").is_empty());
    }

    #[test]
    fn latest_prefers_ranges_over_terms() {
        let text = "PP strategy 2025-26. We will review this in Autumn 2026.";
        assert_eq!(AcademicYear::latest_in(text), Some(AcademicYear::starting(2025)));
        let text = "Archive: 2024-25, 2025/26 and 2026 to 2027";
        assert_eq!(AcademicYear::latest_in(text), Some(AcademicYear::starting(2026)));
        assert_eq!(AcademicYear::latest_in("Policy reviewed 2026-03-01"), None);
    }

    #[test]
    fn parses_a_single_label() {
        assert_eq!("2026/2027".parse::<AcademicYear>().unwrap(), AcademicYear::starting(2026));
        assert_eq!("AY 2026/27".parse::<AcademicYear>().unwrap(), AcademicYear::starting(2026));
        assert!("2026-03".parse::<AcademicYear>().is_err());
        assert!("2026-27 and 2027-28".parse::<AcademicYear>().is_err());
        assert!("x2026-27y".parse::<AcademicYear>().is_err());
    }
}

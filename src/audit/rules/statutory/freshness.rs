//! When a published item is out of date.
//!
//! The newest academic-year label found for an item is compared with the
//! year the guidance requires on `today`. Deadline items have a grace period:
//! the pupil premium statement for 2026-27 is only required from 1 January
//! 2027; until then the 2025-26 statement still counts.

use chrono::{Months, NaiveDate};

use super::catalogue::Freshness;
use crate::academic_year::AcademicYear;

/// Why an item is stale, in words for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub newest: AcademicYear,
    /// What was due instead, e.g. "since 31 December 2026 the edition for 2026-27 is due".
    pub expected: String,
}

/// The oldest academic year whose edition still satisfies a deadline item on `today`.
pub fn required_year(freshness: Freshness, today: NaiveDate) -> Option<(AcademicYear, Option<NaiveDate>)> {
    match freshness {
        Freshness::None | Freshness::Rolling { .. } => None,
        Freshness::AcademicYear => Some((AcademicYear::containing(today), None)),
        Freshness::Deadline { month, day, year_offset } => {
            let deadline = |y: AcademicYear| {
                NaiveDate::from_ymd_opt(y.start_year() + year_offset, month, day).unwrap_or(NaiveDate::MAX)
            };
            // Start past any plausible offset and walk back to the newest
            // year whose deadline has passed.
            let mut y = AcademicYear::containing(today).next().next().next();
            for _ in 0..10 {
                if deadline(y) < today {
                    return Some((y, Some(deadline(y))));
                }
                y = y.prev();
            }
            None
        }
    }
}

/// "every year", "every 4 years", "every 18 months": a review period in
/// words, ignoring the month of grace added to yearly periods.
fn every(months: u32) -> String {
    match (months / 12, months % 12) {
        (1, 0 | 1) => "every year".to_string(),
        (y, 0 | 1) if y > 1 => format!("every {y} years"),
        _ => format!("every {months} months"),
    }
}

/// Judges the newest label found against the item's freshness rule.
pub fn judge(freshness: Freshness, newest: AcademicYear, today: NaiveDate) -> Option<Stale> {
    match freshness {
        Freshness::None => None,
        Freshness::Rolling { months } => {
            let dated = newest.first_day();
            let expires = dated.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX);
            (expires < today).then(|| Stale {
                newest,
                expected: format!(
                    "it should be updated {}, and {newest} started on {}",
                    every(months),
                    dated.format("%-d %B %Y")
                ),
            })
        }
        Freshness::AcademicYear | Freshness::Deadline { .. } => {
            let (required, deadline) = required_year(freshness, today)?;
            (newest < required).then(|| Stale {
                newest,
                expected: match deadline {
                    Some(d) => format!("since {} the edition for {required} is due", d.format("%-d %B %Y")),
                    None => format!("it should cover the current school year, {required}"),
                },
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    const PP: Freshness = Freshness::Deadline { month: 12, day: 31, year_offset: 0 };
    const PE: Freshness = Freshness::Deadline { month: 7, day: 31, year_offset: 1 };

    #[test]
    fn pupil_premium_grace_runs_to_31_december() {
        assert_eq!(required_year(PP, d(2026, 12, 31)).unwrap().0.to_string(), "2025-26");
        assert_eq!(required_year(PP, d(2027, 1, 1)).unwrap().0.to_string(), "2026-27");
        assert!(judge(PP, AcademicYear::starting(2025), d(2026, 12, 31)).is_none());
        let stale = judge(PP, AcademicYear::starting(2025), d(2027, 1, 1)).unwrap();
        assert!(stale.expected.contains("31 December 2026"), "{}", stale.expected);
    }

    #[test]
    fn pe_premium_previous_year_counts_until_31_july() {
        assert_eq!(required_year(PE, d(2027, 7, 31)).unwrap().0.to_string(), "2025-26");
        assert_eq!(required_year(PE, d(2027, 8, 1)).unwrap().0.to_string(), "2026-27");
        assert!(judge(PE, AcademicYear::starting(2025), d(2027, 7, 31)).is_none());
        assert!(judge(PE, AcademicYear::starting(2025), d(2027, 8, 1)).is_some());
        assert!(judge(PE, AcademicYear::starting(2024), d(2026, 11, 29)).is_some());
    }

    #[test]
    fn admission_arrangements_for_next_year_are_due_by_15_march() {
        let adm = Freshness::Deadline { month: 3, day: 15, year_offset: -1 };
        assert_eq!(required_year(adm, d(2026, 3, 15)).unwrap().0.to_string(), "2026-27");
        assert_eq!(required_year(adm, d(2026, 3, 16)).unwrap().0.to_string(), "2027-28");
        assert_eq!(required_year(adm, d(2026, 11, 29)).unwrap().0.to_string(), "2027-28");
    }

    #[test]
    fn academic_year_and_rolling_items() {
        let ay = Freshness::AcademicYear;
        assert!(judge(ay, AcademicYear::starting(2025), d(2026, 8, 31)).is_none());
        assert!(judge(ay, AcademicYear::starting(2025), d(2026, 9, 1)).is_some());
        let yearly = Freshness::Rolling { months: 13 };
        assert!(judge(yearly, AcademicYear::starting(2025), d(2026, 9, 30)).is_none());
        let stale = judge(yearly, AcademicYear::starting(2025), d(2026, 10, 2)).unwrap();
        assert!(
            stale.expected.contains("every year") && stale.expected.contains("1 September 2025"),
            "{}",
            stale.expected
        );
        let four_years =
            judge(Freshness::Rolling { months: 48 }, AcademicYear::starting(2021), d(2026, 10, 2)).unwrap();
        assert!(four_years.expected.contains("every 4 years"), "{}", four_years.expected);
        assert!(judge(Freshness::None, AcademicYear::starting(1999), d(2026, 10, 2)).is_none());
    }
}

/// Phrases that introduce a policy's next review date.
const REVIEW_PHRASES: &[&str] = &["next review", "review date", "to be reviewed", "date of next review", "review due"];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The latest "next review" date written in a document, as the last day it
/// covers ("July 2025" → 31 July 2025), with the words as written.
///
/// A policy whose next review date has passed has probably not been reviewed;
/// the guidance treats that as a warning on any policy.
pub fn next_review_date(text: &str) -> Option<(NaiveDate, String)> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return None; // offsets would not line up; such text is rare in UK policies
    }
    let mut best: Option<(NaiveDate, String)> = None;
    for phrase in REVIEW_PHRASES {
        for (pos, _) in lower.match_indices(phrase) {
            let from = pos + phrase.len();
            let mut to = (from + 40).min(lower.len());
            while !lower.is_char_boundary(to) {
                to -= 1;
            }
            if let Some((date, words)) = text.get(from..to).and_then(first_date)
                && best.as_ref().is_none_or(|(b, _)| date > *b)
            {
                best = Some((date, words));
            }
        }
    }
    best
}

/// The first date in a short window: `31/07/2025`, `31 July 2025`, `July 2025`,
/// `Summer 2025` or a bare `2025`, each read as the last day it could mean.
fn first_date(window: &str) -> Option<(NaiveDate, String)> {
    let words: Vec<&str> = window
        .split(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | '(' | ')' | ';' | '-' | '–'))
        .filter(|w| !w.is_empty())
        .collect();
    let year_of = |w: &str| w.trim_end_matches('.').parse::<i32>().ok().filter(|y| (1990..=2099).contains(y));
    let month_of = |w: &str| {
        let w = w.trim_end_matches('.').to_lowercase();
        (w.len() >= 3).then(|| MONTHS.iter().position(|m| m.starts_with(w.as_str()))).flatten().map(|i| i as u32 + 1)
    };
    for (i, w) in words.iter().enumerate() {
        // 31/07/2025 or 31.07.2025
        let parts: Vec<&str> = w.split(['/', '.']).collect();
        if parts.len() == 3
            && let (Ok(d), Ok(m), Some(y)) = (parts[0].parse::<u32>(), parts[1].parse::<u32>(), year_of(parts[2]))
        {
            return NaiveDate::from_ymd_opt(y, m, d).map(|date| (date, w.to_string()));
        }
        if let Some(y) = year_of(w) {
            let prev = i.checked_sub(1).map(|p| words[p]);
            let month = prev.and_then(month_of);
            let term_end = match prev.map(str::to_lowercase).as_deref() {
                Some("autumn") => Some(12),
                Some("spring") => Some(4),
                Some("summer") => Some(8),
                _ => None,
            };
            // "3 February 2027": an exact day.
            let day = i.checked_sub(2).and_then(|q| words[q].parse::<u32>().ok());
            if let (Some(m), Some(day), Some(p)) = (month, day, prev)
                && let Some(exact) = NaiveDate::from_ymd_opt(y, m, day)
            {
                return Some((exact, format!("{day} {p} {w}")));
            }
            let last = NaiveDate::from_ymd_opt(y, month.or(term_end).unwrap_or(12), 1)?
                .checked_add_months(Months::new(1))?
                .pred_opt()?;
            let shown = match (month.or(term_end), prev) {
                (Some(_), Some(p)) => format!("{p} {w}"),
                _ => w.to_string(),
            };
            return Some((last, shown));
        }
    }
    None
}

#[cfg(test)]
mod review_tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn reads_next_review_dates_as_schools_write_them() {
        let date = |t: &str| next_review_date(t).map(|(d, _)| d);
        assert_eq!(date("Approved: 12 March 2025. Next review: July 2026"), Some(d(2026, 7, 31)));
        assert_eq!(date("Date of next review: 31/08/2026"), Some(d(2026, 8, 31)));
        assert_eq!(date("Next review date: 3 February 2027."), Some(d(2027, 2, 3)));
        assert_eq!(date("To be reviewed Summer 2026"), Some(d(2026, 8, 31)));
        assert_eq!(date("Next review 2027"), Some(d(2027, 12, 31)));
        assert_eq!(date("Reviewed annually by governors."), None);
        assert_eq!(next_review_date("Next review: Sept 2025").unwrap().1, "Sept 2025");
    }
}

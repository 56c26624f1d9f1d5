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
                    "it must be reviewed at least every {months} months, and {newest} started on {}",
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
    fn academic_year_and_rolling_items() {
        let ay = Freshness::AcademicYear;
        assert!(judge(ay, AcademicYear::starting(2025), d(2026, 8, 31)).is_none());
        assert!(judge(ay, AcademicYear::starting(2025), d(2026, 9, 1)).is_some());
        let yearly = Freshness::Rolling { months: 13 };
        assert!(judge(yearly, AcademicYear::starting(2025), d(2026, 9, 30)).is_none());
        assert!(judge(yearly, AcademicYear::starting(2025), d(2026, 10, 2)).is_some());
        assert!(judge(Freshness::None, AcademicYear::starting(1999), d(2026, 10, 2)).is_none());
    }
}

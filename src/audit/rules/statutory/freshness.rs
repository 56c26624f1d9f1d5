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
        Freshness::None | Freshness::Rolling { .. } | Freshness::Plan { .. } => None,
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
        Freshness::Rolling { months } | Freshness::Plan { months } => {
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

/// The dates read from one piece of evidence (see `read_dates` in the
/// parent module): its own names first, its text only when the names carry
/// none. Nothing from any other page or document is mixed in, so a later
/// date on an unrelated document can never make an item look current.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatesRead {
    /// The newest academic year ("2025-26", "2025/2026", "2025 to 2026",
    /// "Autumn 2025"), with the label as written.
    pub year: Option<(AcademicYear, String)>,
    /// A period of several years ("2020 – 2024").
    pub period: Option<Period>,
    /// The next review date and its words.
    pub review: Option<(NaiveDate, String)>,
    /// The year was read from the evidence's own names (title, link text,
    /// file name), not from its text, where a page's menus and footers
    /// carry other items' dates.
    pub year_in_names: bool,
}

/// The newest academic-year label: ranges ("2026-27") before terms, as
/// [`AcademicYear::latest_in`] does.
fn newest_label(text: &str) -> Option<(AcademicYear, String)> {
    let labels = AcademicYear::find_labels(text);
    // Among labels for the same year, the first written wins ("2026-27" in
    // the file name before "2026–27" in a later link text): the same
    // evidence always reports the same date.
    let pick = |kind: Option<crate::academic_year::LabelKind>| {
        labels
            .iter()
            .filter(|l| kind.is_none_or(|k| l.kind == k))
            .fold(None::<&crate::academic_year::YearLabel>, |best, l| match best {
                Some(b) if b.year >= l.year => Some(b),
                _ => Some(l),
            })
            .map(|l| (l.year, l.text.clone()))
    };
    pick(Some(crate::academic_year::LabelKind::Range)).or_else(|| pick(None))
}

impl DatesRead {
    /// Reads the evidence's names, then its text for what the names lack.
    pub fn read(names: &str, body: &str) -> Self {
        let in_names = newest_label(names);
        DatesRead {
            year_in_names: in_names.is_some(),
            year: in_names.or_else(|| newest_label(body)),
            period: plan_period(names).or_else(|| plan_period(body)),
            review: next_review_date(names).or_else(|| next_review_date(body)),
        }
    }

    /// Orders two candidates for the same item: the one covering later wins.
    pub fn sort_key(&self) -> (Option<i32>, Option<AcademicYear>) {
        (self.period.as_ref().map(|p| p.last), self.year.as_ref().map(|(y, _)| *y))
    }

    /// The date read, as written, for the report: the date the item's rule
    /// judges (a plan's period, another item's school year), then any next
    /// review date. An item kept up to date on change shows a school year
    /// only when its own names carry one: a page's menu linking "Accessibility
    /// plan 2025 to 2028" does not date the contact page.
    pub fn shown(&self, freshness: Freshness) -> Option<String> {
        let mut parts = Vec::new();
        let year = self.year.as_ref().map(|(_, label)| label.clone());
        let label = match freshness {
            Freshness::Plan { .. } => self.period.as_ref().map(|p| p.label.clone()).or(year),
            Freshness::None => year.filter(|_| self.year_in_names),
            _ => year,
        };
        parts.extend(label);
        if let Some((_, words)) = &self.review {
            parts.push(format!("next review {words}"));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// Why an item's chosen evidence is out of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaleNote {
    /// The newest school year named is too old.
    Year(Stale, String),
    /// The plan's period has ended.
    PeriodEnded(Period),
}

impl StaleNote {
    /// The finding's message: the item, the document, the date read and the
    /// rule. `title` is the catalogue's lower-case title; sentences are built
    /// so that plural titles ("school opening hours") read as well as
    /// singular ones (no "the opening hours looks out of date").
    pub fn message(&self, title: &str, url: &str) -> String {
        match self {
            StaleNote::Year(stale, label) => {
                format!("The newest school year named on the {title} ({url}) is {label}, but {}.", stale.expected)
            }
            StaleNote::PeriodEnded(p) => {
                let title = super::capitalised(title);
                format!("{title} {} ({url}) ended in August {}; a plan must cover the current period.", p.label, p.last)
            }
        }
    }
}

/// Judges the dates read from an item's evidence against its freshness rule.
pub fn judge_dates(freshness: Freshness, dates: &DatesRead, today: NaiveDate) -> Option<StaleNote> {
    if let (Freshness::Plan { .. }, Some(p)) = (freshness, &dates.period) {
        return (p.ends() < today).then(|| StaleNote::PeriodEnded(p.clone()));
    }
    let rule = match freshness {
        Freshness::Plan { months } => Freshness::Rolling { months },
        f => f,
    };
    let (year, label) = dates.year.as_ref()?;
    judge(rule, *year, today).map(|s| StaleNote::Year(s, label.clone()))
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

/// A period of several years written on a plan: "2020 – 2024",
/// "2024-2027", "2021/24", "2022 to 2026".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub first: i32,
    pub last: i32,
    /// As written.
    pub label: String,
}

impl Period {
    /// A plan for "2020 – 2024" runs to the end of the 2023-24 school year.
    pub fn ends(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.last, 8, 31).unwrap_or(NaiveDate::MAX)
    }
}

/// Dashes and words that join the two years of a period.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '/' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}')
}

/// The period of two to six years in `text` that ends last. A one-year
/// span ("2025-26") is an academic year, read by
/// [`AcademicYear::latest_in`], not a period.
pub fn plan_period(text: &str) -> Option<Period> {
    let c: Vec<char> = text.chars().collect();
    let digits_at = |i: usize, n: usize| -> Option<i32> {
        if i + n > c.len() || (i > 0 && c[i - 1].is_ascii_digit()) || c.get(i + n).is_some_and(|d| d.is_ascii_digit()) {
            return None;
        }
        c[i..i + n].iter().try_fold(0i32, |v, d| d.to_digit(10).map(|d| v * 10 + d as i32))
    };
    let skip = |mut j: usize| {
        while j < c.len() && (c[j] == ' ' || c[j] == '\u{a0}') {
            j += 1;
        }
        j
    };
    let mut best: Option<Period> = None;
    for i in 0..c.len() {
        let Some(first) = digits_at(i, 4).filter(|y| (1990..=2099).contains(y)) else { continue };
        let mut j = skip(i + 4);
        if j < c.len() && is_dash(c[j]) {
            j += 1;
        } else if j + 2 < c.len()
            && c[j].eq_ignore_ascii_case(&'t')
            && c[j + 1].eq_ignore_ascii_case(&'o')
            && c[j + 2] == ' '
        {
            j += 2;
        } else {
            continue;
        }
        let k = skip(j);
        let (last, len) = match (digits_at(k, 4), digits_at(k, 2)) {
            (Some(y), _) => (y, 4),
            (None, Some(yy)) => (first - first % 100 + yy, 2),
            _ => continue,
        };
        // A date such as 2024-03-15 is not a period, nor is "1 September
        // 2025 to 31 August 2026" (a day and a month after the dash).
        if len == 2 && c.get(k + 2).is_some_and(|d| is_dash(*d)) {
            continue;
        }
        if len == 2 {
            let next: String = c[skip(k + 2)..].iter().take(3).collect::<String>().to_lowercase();
            if next.len() == 3 && MONTHS.iter().any(|m| m.starts_with(next.as_str())) {
                continue;
            }
        }
        if !(2..=6).contains(&(last - first)) {
            continue;
        }
        let period = Period { first, last, label: c[i..k + len].iter().collect() };
        if best.as_ref().is_none_or(|b| period.last > b.last) {
            best = Some(period);
        }
    }
    best
}

/// Words that introduce a policy's next review date; each may be followed
/// by "date", "due", "on" or "by" and a colon, in any case.
const REVIEW_PHRASES: &[&str] =
    &["next review", "date of next review", "review date", "to be reviewed", "review due", "review"];

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

/// The latest "next review" date written in a text, as the last day it
/// covers ("July 2025" → 31 July 2025), with the words as written.
///
/// Reads "Next review: July 2026", "DATE OF NEXT REVIEW | May 2022" (a
/// table row), "Review: March 2024", "Next review due Sept 2025", "To be
/// reviewed Summer 2026". "Reviewed Spring 2023" says when it *was*
/// reviewed, so it is not a next review date. A policy whose next review
/// date has passed has probably not been reviewed; the guidance treats that
/// as a warning on any policy.
pub fn next_review_date(text: &str) -> Option<(NaiveDate, String)> {
    // ASCII lower-casing keeps every byte offset, so `text[from..]` lines up.
    let lower = text.to_ascii_lowercase();
    let mut best: Option<(NaiveDate, String)> = None;
    for phrase in REVIEW_PHRASES {
        for (pos, _) in lower.match_indices(phrase) {
            if lower[..pos].chars().next_back().is_some_and(char::is_alphanumeric) {
                continue;
            }
            let mut from = pos + phrase.len();
            // "reviewed", "reviews": not this phrase.
            if lower[from..].chars().next().is_some_and(char::is_alphanumeric) {
                continue;
            }
            let mut filled = false;
            for filler in [" date", " due", " on", " by"] {
                if lower[from..].starts_with(filler) {
                    from += filler.len();
                    filled = true;
                }
            }
            // A bare "review" is a label only before a colon or a table cell
            // ("Review: March 2024"); in a sentence ("we review it yearly")
            // the next number is not its date.
            let labelled = lower[from..].trim_start_matches([' ', '\t']).starts_with([':', '|', '\n']);
            if *phrase == "review" && !filled && !labelled {
                continue;
            }
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
        .split(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | '(' | ')' | ';' | '-' | '–' | '—' | '|'))
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
            let term_end = match prev.map(|p| p.trim_end_matches('.').to_lowercase()).as_deref() {
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

#[cfg(test)]
mod date_tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_with_any_dash_and_spacing_end_at_their_last_year() {
        for text in [
            "Accessibility Plan 2020 – 2024",
            "Accessibility Plan 2020–2024",
            "Accessibility Plan 2020 — 2024",
            "Accessibility Plan 2020-2024",
            "Accessibility Plan 2020 - 2024",
            "Accessibility-Plan-2020-2024.pdf",
            "Accessibility plan 2020/24",
            "Accessibility plan 2020 to 2024",
        ] {
            let p = plan_period(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((p.first, p.last), (2020, 2024), "{text}");
            assert_eq!(p.ends(), d(2024, 8, 31), "{text}");
        }
        assert_eq!(plan_period("Accessibility Plan 2020 – 2024").unwrap().label, "2020 – 2024");
        // One school year is not a period; dates and phone numbers are not either.
        assert_eq!(plan_period("Pupil premium 2025-26"), None);
        assert_eq!(plan_period("Pupil premium 2025-2026"), None);
        assert_eq!(plan_period("Published 2024-03-15"), None);
        assert_eq!(plan_period("Call 2020 2024"), None);
        // The period ending last wins.
        assert_eq!(plan_period("Old plan 2017-2020, new plan 2024 – 2027").unwrap().last, 2027);
    }

    #[test]
    fn academic_years_as_schools_write_them() {
        for label in ["2025-26", "2025/2026", "2025 to 2026", "2025–26", "Autumn 2025"] {
            let read = DatesRead::read(&format!("SEN information report {label}"), "");
            assert_eq!(read.year.as_ref().map(|(y, _)| y.to_string()), Some("2025-26".to_string()), "{label}");
        }
    }

    #[test]
    fn review_lines_in_any_case_and_in_tables() {
        let date = |t: &str| next_review_date(t).map(|(d, _)| d);
        assert_eq!(date("Review: March 2024"), Some(d(2024, 3, 31)));
        assert_eq!(date("DATE OF NEXT REVIEW: May 2022"), Some(d(2022, 5, 31)));
        assert_eq!(date("DATE OF NEXT REVIEW | May 2022"), Some(d(2022, 5, 31)));
        assert_eq!(date("Date of next review\n May 2022"), Some(d(2022, 5, 31)));
        assert_eq!(date("Next review due Sept 2025"), Some(d(2025, 9, 30)));
        assert_eq!(date("NEXT REVIEW DATE: SUMMER 2026"), Some(d(2026, 8, 31)));
        assert_eq!(date("Review date – Spring 2027"), Some(d(2027, 4, 30)));
        // When it was reviewed is not when it is next due.
        assert_eq!(date("Reviewed Spring 2023"), None);
        // A sentence about reviewing is not a review label.
        assert_eq!(date("We review this policy every year; it was written in 2019."), None);
    }

    #[test]
    fn term_names_date_an_edition() {
        let read = DatesRead::read("", "Reviewed Spring 2023 by the full governing board");
        assert_eq!(
            read.year.map(|(y, l)| (y.to_string(), l)),
            Some(("2022-23".to_string(), "Spring 2023".to_string()))
        );
    }

    #[test]
    fn a_day_and_month_after_a_year_is_not_a_period() {
        assert_eq!(plan_period("Attendance from 1 September 2025 to 31 August 2026"), None);
        assert_eq!(plan_period("Served 2025 \u{2013} 3 March 2027"), None);
        assert_eq!(plan_period("Accessibility plan 2021/24").map(|p| p.last), Some(2024));
    }

    #[test]
    fn the_first_label_written_wins_among_equals() {
        let read = DatesRead::read("Pupil-Premium-Strategy-Statement-2026-27\nstatement 2026\u{2013}27", "");
        assert_eq!(read.year.map(|(_, l)| l).as_deref(), Some("2026-27"));
        assert!(read.year_in_names);
    }

    #[test]
    fn shown_dates_follow_the_items_rule() {
        let read = DatesRead::read("Contact us", "Menu: Accessibility plan 2025 to 2028. Term dates 2026-27.");
        assert_eq!(read.shown(Freshness::None), None, "the menu does not date the contact page");
        assert_eq!(read.shown(Freshness::AcademicYear).as_deref(), Some("2026-27"));
        assert_eq!(read.shown(Freshness::Plan { months: 36 }).as_deref(), Some("2025 to 2028"));
    }

    #[test]
    fn names_are_read_before_the_text() {
        // The title's period wins over a later year mentioned in passing.
        let read = DatesRead::read("Accessibility Plan 2020 – 2024", "Targets for 2026-27 will follow in a new plan.");
        assert_eq!(read.period.as_ref().map(|p| p.last), Some(2024));
        let stale = judge_dates(Freshness::Plan { months: 36 }, &read, d(2026, 11, 29)).unwrap();
        assert_eq!(
            stale.message("Accessibility plan", "/accessibility-plan.pdf"),
            "Accessibility plan 2020 – 2024 (/accessibility-plan.pdf) ended in August 2024; a plan must cover the current period."
        );
        let current = DatesRead::read("Accessibility Plan 2024 – 2027", "");
        assert_eq!(judge_dates(Freshness::Plan { months: 36 }, &current, d(2026, 11, 29)), None);
        // Without a period a plan is dated like a rolling item.
        let yearly = DatesRead::read("Equality objectives 2021-22", "");
        assert!(judge_dates(Freshness::Plan { months: 48 }, &yearly, d(2026, 11, 29)).is_some());
    }
}

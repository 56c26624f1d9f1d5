//! The trust dashboard's memory: one small snapshot per run in
//! `history/<date>.json` beside the trust report, so the next run can say
//! what changed ("2 fewer safeguarding errors since 1 November").
//!
//! A snapshot holds counts only, never a finding's text: the history
//! folder grows with every run and should say no more than the dashboard.
//! A snapshot that cannot be read (edited by hand, cut short) is skipped,
//! never fatal: a trust's audit must not fail because of last month's file.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::trust::{SchoolResult, SchoolStatus, TrustReport};

/// The folder beside the trust report that holds the snapshots.
pub const HISTORY_DIR: &str = "history";

/// One run's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub date: NaiveDate,
    pub schools: Vec<SchoolCounts>,
}

/// One school's counts in one run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolCounts {
    pub name: String,
    pub url: String,
    pub audited: bool,
    pub errors: usize,
    pub warnings: usize,
    pub safeguarding_errors: usize,
    pub statutory_found: usize,
    pub statutory_missing: usize,
    pub out_of_date: usize,
}

impl SchoolCounts {
    pub fn of(s: &SchoolResult) -> Self {
        SchoolCounts {
            name: s.name.clone(),
            url: s.url.clone(),
            audited: s.status == SchoolStatus::Audited,
            errors: s.families.values().map(|c| c.errors).sum(),
            warnings: s.families.values().map(|c| c.warnings).sum(),
            safeguarding_errors: s.safeguarding.errors,
            statutory_found: s.statutory.found.len(),
            statutory_missing: s.statutory.missing.len(),
            out_of_date: s.statutory.out_of_date.len(),
        }
    }
}

impl Snapshot {
    pub fn of(report: &TrustReport) -> Self {
        Snapshot { date: report.date, schools: report.schools.iter().map(SchoolCounts::of).collect() }
    }

    /// The school with this address (else this name) in the snapshot.
    pub fn school(&self, s: &SchoolResult) -> Option<&SchoolCounts> {
        self.schools.iter().find(|c| c.url == s.url).or_else(|| self.schools.iter().find(|c| c.name == s.name))
    }
}

/// How one school moved since the previous run, in words for the
/// dashboard: "2 fewer errors, 1 more statutory item found".
pub fn change_words(before: &SchoolCounts, now: &SchoolCounts) -> String {
    if !before.audited {
        return "not audited last time".into();
    }
    if !now.audited {
        return "audited last time, not this time".into();
    }
    let mut parts = Vec::new();
    let mut say = |was: usize, is: usize, what: &str, more_is_better: bool| {
        if was == is {
            return;
        }
        let (n, word) = if is > was { (is - was, "more") } else { (was - is, "fewer") };
        let better = (is > was) == more_is_better;
        parts.push((format!("{n} {word} {what}"), better));
    };
    say(before.safeguarding_errors, now.safeguarding_errors, "safeguarding errors", false);
    say(before.statutory_missing, now.statutory_missing, "statutory items missing", false);
    say(before.out_of_date, now.out_of_date, "out-of-date items", false);
    say(before.errors, now.errors, "errors in all", false);
    say(before.warnings, now.warnings, "warnings", false);
    if parts.is_empty() {
        return "no change".into();
    }
    parts
        .into_iter()
        .map(|(p, better)| if better { format!("{p} (better)") } else { format!("{p} (worse)") })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The newest snapshot dated before `today` in `dir/history`, if any can
/// be read. Files whose name is not a date, or that do not parse, are
/// skipped.
pub fn previous(dir: &Path, today: NaiveDate) -> Option<Snapshot> {
    let entries = std::fs::read_dir(dir.join(HISTORY_DIR)).ok()?;
    let mut dated: Vec<(NaiveDate, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter_map(|p| {
            let stem = p.file_stem()?.to_str()?;
            let date = NaiveDate::parse_from_str(stem, "%Y-%m-%d").ok()?;
            (p.extension()? == "json" && date < today).then_some((date, p))
        })
        .collect();
    dated.sort();
    dated.into_iter().rev().find_map(|(date, path)| {
        let bytes = crate::input::read_input(&path, crate::limits::MAX_SETTINGS_BYTES).ok()?;
        serde_json::from_slice::<Snapshot>(&bytes).ok().filter(|s| s.date == date)
    })
}

/// Writes this run's snapshot (a rerun on the same day replaces it).
pub fn save(dir: &Path, snapshot: &Snapshot) -> std::io::Result<PathBuf> {
    let folder = dir.join(HISTORY_DIR);
    std::fs::create_dir_all(&folder)?;
    let path = folder.join(format!("{}.json", snapshot.date.format("%Y-%m-%d")));
    let json = serde_json::to_vec_pretty(snapshot).map_err(std::io::Error::other)?;
    std::fs::write(&path, json)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(errors: usize, safeguarding: usize, missing: usize) -> SchoolCounts {
        SchoolCounts {
            name: "Oak".into(),
            url: "https://oak.example/".into(),
            audited: true,
            errors,
            warnings: 0,
            safeguarding_errors: safeguarding,
            statutory_found: 10,
            statutory_missing: missing,
            out_of_date: 0,
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn says_what_got_better_and_worse() {
        let words = change_words(&counts(5, 2, 1), &counts(4, 0, 2));
        assert_eq!(
            words,
            "2 fewer safeguarding errors (better), 1 more statutory items missing (worse), 1 fewer errors in all (better)"
        );
        assert_eq!(change_words(&counts(1, 0, 0), &counts(1, 0, 0)), "no change");
    }

    #[test]
    fn the_newest_earlier_readable_snapshot_is_the_previous_run() {
        let dir = tempfile::tempdir().unwrap();
        for d in [1, 8] {
            save(dir.path(), &Snapshot { date: day(d), schools: vec![counts(d as usize, 0, 0)] }).unwrap();
        }
        // Today's own snapshot (a rerun) and a later one are not "previous".
        save(dir.path(), &Snapshot { date: day(20), schools: vec![] }).unwrap();
        save(dir.path(), &Snapshot { date: day(25), schools: vec![] }).unwrap();
        // A damaged newer file is skipped, not fatal; so is a stray file.
        std::fs::write(dir.path().join("history/2026-11-15.json"), "{ not json").unwrap();
        std::fs::write(dir.path().join("history/notes.txt"), "hello").unwrap();
        let prev = previous(dir.path(), day(20)).unwrap();
        assert_eq!(prev.date, day(8));
        assert_eq!(prev.schools[0].errors, 8);
        assert!(previous(dir.path(), day(1)).is_none());
        assert!(previous(&dir.path().join("nowhere"), day(20)).is_none());
    }
}

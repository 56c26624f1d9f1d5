//! Waivers: the school's written decision to accept a finding for a while.
//!
//! A waivers file (TOML) lists each accepted finding with a reason, who
//! decided and when the decision runs out, so nothing is silenced forever or
//! anonymously:
//!
//! ```toml
//! [[waiver]]
//! rule = "alt-text/missing"          # a rule id, or a glob such as "alt-text/*"
//! target = "/news/sports-day/"       # page URL, file URL or source path; globs allowed
//! reason = "Decorative banner, agreed with the SENCo"
//! expires = 2027-03-31
//! by = "Mrs Jones"
//! ```
//!
//! In globs `*` stays within one `/`-separated part and `**` crosses them.
//! A target matches a finding's page URL, its file URL or its source path
//! (a relative source path also matches the end of an absolute one). Use
//! `target = "site"` for findings about the whole site, and `"**"` for
//! every place. An expired waiver stops working and is reported as a
//! warning; a waiver that matched nothing is reported as info, so stale
//! entries get tidied away.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use globset::{Glob, GlobBuilder, GlobMatcher};
use serde::Deserialize;
use toml::Spanned;

use crate::audit::{AuditReport, Finding, Location, RuleMeta, Severity};
use crate::error::{BuildError, line_of_offset};
use crate::site::SourceRef;

/// Rule id for a waiver past its `expires` date.
pub const EXPIRED: &str = "waivers/expired";
/// Rule id for a waiver that matched no finding.
pub const UNUSED: &str = "waivers/unused";

/// Catalogue entries for the findings this module makes.
pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: EXPIRED,
        severity: Severity::Warning,
        summary: "A waiver in the waivers file has passed its expiry date",
        explanation: "A waiver lets the school accept a finding for a limited time. Once its \
            `expires` date has passed it no longer hides anything, so the finding it covered is \
            reported again.\n\nDecide again: fix the problem, or, if it is still acceptable, \
            set a new `expires` date and update `by` to whoever made the decision.",
    },
    RuleMeta {
        id: UNUSED,
        severity: Severity::Info,
        summary: "A waiver in the waivers file matched no finding",
        explanation: "Nothing on the site matched this waiver, usually because the problem was \
            fixed or the page moved.\n\nDelete the waiver so the file only lists decisions that \
            still matter. If the page moved, change `target` to its new address.",
    },
];

/// A waivers file that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("the waivers file {}{} is not valid: {message}", path.display(), line.map(|l| format!(" (line {l})")).unwrap_or_default())]
pub struct WaiverError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl From<WaiverError> for BuildError {
    fn from(e: WaiverError) -> Self {
        BuildError::Other {
            message: e.to_string(),
            hint: "Each waiver needs rule, target, reason, expires and by, for example:\n\
                   [[waiver]]\nrule = \"alt-text/missing\"\ntarget = \"/news/sports-day/\"\n\
                   reason = \"Decorative banner\"\nexpires = 2027-03-31\nby = \"Mrs Jones\""
                .into(),
        }
    }
}

/// One accepted finding (or family of findings).
#[derive(Debug, Clone)]
pub struct Waiver {
    /// Rule id or glob over rule ids, as written.
    pub rule: String,
    /// Page URL, asset URL or source path, or a glob over them, as written.
    pub target: String,
    pub reason: String,
    /// Last day the waiver applies (inclusive).
    pub expires: NaiveDate,
    /// Who accepted it.
    pub by: String,
    /// Where the waiver is written, so expired/unused findings point at it.
    pub defined_at: SourceRef,
    rule_glob: GlobMatcher,
    target_glob: GlobMatcher,
    /// `**/target` for a relative target, to match absolute source paths.
    target_suffix_glob: Option<GlobMatcher>,
}

impl Waiver {
    /// True when this waiver covers `finding` (ignoring the date).
    pub fn matches(&self, finding: &Finding) -> bool {
        self.rule_glob.is_match(finding.rule) && self.matches_location(&finding.location)
    }

    fn matches_location(&self, loc: &Location) -> bool {
        let urls = loc.page.iter().chain(loc.asset.iter());
        let mut candidates: Vec<&str> = urls.map(String::as_str).collect();
        if let Some(src) = &loc.source {
            candidates.push(&src.path);
        }
        if loc.page.is_none() && loc.asset.is_none() {
            candidates.push("site");
        }
        candidates.into_iter().any(|c| {
            self.target_glob.is_match(c)
                || self.target_suffix_glob.as_ref().is_some_and(|g| g.is_match(c))
                // `/news/sports-day` and `/news/sports-day/` are the same page.
                || (c.ends_with('/') && self.target_glob.is_match(c.trim_end_matches('/')))
        })
    }
}

/// What applying the waivers did.
#[derive(Debug, Clone, Default)]
pub struct WaiverOutcome {
    /// Findings removed from the report, each with the index of the waiver that covered it.
    pub waived: Vec<(Finding, usize)>,
    /// Indexes of waivers past their date (ignored).
    pub expired: Vec<usize>,
    /// Indexes of in-date waivers that matched nothing.
    pub unused: Vec<usize>,
}

impl WaiverOutcome {
    pub fn waived_count(&self) -> usize {
        self.waived.len()
    }
}

/// The file's shape, before checking. Spans give line numbers for errors.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    waiver: Vec<Spanned<RawWaiver>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    rule: Spanned<String>,
    target: Spanned<String>,
    reason: Spanned<String>,
    /// A TOML date (`2027-03-31`) or a quoted one (`"2027-03-31"`).
    expires: Spanned<toml::Value>,
    by: Spanned<String>,
}

/// Reads and checks a waivers file.
pub fn load_waivers(path: &Path) -> Result<Vec<Waiver>, BuildError> {
    let text = crate::input::read_text(path, crate::limits::MAX_SETTINGS_BYTES)?;
    Ok(parse_waivers(&text, path)?)
}

/// Parses waivers text; `path` is used for messages and finding locations.
pub fn parse_waivers(text: &str, path: &Path) -> Result<Vec<Waiver>, WaiverError> {
    let err = |offset: Option<usize>, message: String| WaiverError {
        path: path.to_path_buf(),
        line: offset.map(|o| line_of_offset(text, o)),
        message,
    };
    let raw: RawFile =
        toml::from_str(text).map_err(|e| err(e.span().map(|s| s.start), e.message().trim().to_string()))?;

    let mut out = Vec::with_capacity(raw.waiver.len());
    for spanned in raw.waiver {
        let line = line_of_offset(text, spanned.span().start);
        let w = spanned.into_inner();
        for field in [&w.rule, &w.target, &w.reason, &w.by] {
            if field.get_ref().trim().is_empty() {
                return Err(err(Some(field.span().start), "a waiver has an empty value".into()));
            }
        }
        let expires = match w.expires.get_ref() {
            toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                dt.date.and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()))
            }
            toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
            _ => None,
        }
        .ok_or_else(|| err(Some(w.expires.span().start), "`expires` must be a date like 2027-03-31".into()))?;
        let rule_glob = glob(w.rule.get_ref()).map_err(|m| err(Some(w.rule.span().start), m))?;
        let target = w.target.get_ref().trim().to_string();
        let target_glob = glob(&target).map_err(|m| err(Some(w.target.span().start), m))?;
        let target_suffix_glob = if target.starts_with('/') || target.starts_with("**") || target == "site" {
            None
        } else {
            Some(glob(&format!("**/{target}")).map_err(|m| err(Some(w.target.span().start), m))?)
        };
        out.push(Waiver {
            rule: w.rule.into_inner().trim().to_string(),
            target,
            reason: w.reason.into_inner(),
            expires,
            by: w.by.into_inner(),
            defined_at: SourceRef::at(path, line),
            rule_glob,
            target_glob,
            target_suffix_glob,
        });
    }
    Ok(out)
}

fn glob(pattern: &str) -> Result<GlobMatcher, String> {
    let pattern = pattern.trim();
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map(|g: Glob| g.compile_matcher())
        .map_err(|e| format!("`{pattern}` is not a valid pattern: {}", e.kind()))
}

/// Removes waived findings from `report`, and adds a finding for each expired
/// waiver (warning) and each unused one (info). A waiver is in date up to and
/// including its `expires` day.
pub fn apply_waivers(report: &mut AuditReport, waivers: &[Waiver], today: NaiveDate) -> WaiverOutcome {
    let mut outcome = WaiverOutcome::default();
    let mut used = vec![false; waivers.len()];
    let live = |w: &Waiver| today <= w.expires;

    let findings = std::mem::take(&mut report.findings);
    for f in findings {
        match waivers.iter().position(|w| live(w) && w.matches(&f)) {
            Some(i) => {
                used[i] = true;
                outcome.waived.push((f, i));
            }
            None => report.findings.push(f),
        }
    }

    for (i, w) in waivers.iter().enumerate() {
        let location = Location { page: None, asset: None, source: Some((&w.defined_at).into()) };
        if !live(w) {
            outcome.expired.push(i);
            report.findings.push(Finding::new(
                EXPIRED,
                Severity::Warning,
                location,
                format!(
                    "The waiver for {} on {} ran out on {} (agreed by {}), so it no longer hides anything",
                    w.rule,
                    w.target,
                    w.expires.format("%-d %B %Y"),
                    w.by
                ),
                "Fix the problem, or set a new `expires` date if the school still accepts it.",
            ));
        } else if !used[i] {
            outcome.unused.push(i);
            report.findings.push(Finding::new(
                UNUSED,
                Severity::Info,
                location,
                format!("The waiver for {} on {} did not match anything", w.rule, w.target),
                "Delete the waiver if the problem has been fixed, or correct its `target`.",
            ));
        }
    }
    report.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
# Agreed at the governors' meeting
[[waiver]]
rule = "alt-text/missing"
target = "/news/sports-day/"
reason = "Decorative banner"
expires = 2027-03-31
by = "Mrs Jones"

[[waiver]]
rule = "image-metadata/*"
target = "/gallery/**/*.jpg"
reason = "Old photos, being replaced"
expires = "2026-12-31"
by = "Mr Singh"

[[waiver]]
rule = "names/full-name"
target = "content/about/governors.md"
reason = "Governors' names must be published"
expires = 2026-01-31
by = "Mrs Jones"

[[waiver]]
rule = "contact/phone-format"
target = "/contact/"
reason = "We like it that way"
expires = 2027-01-01
by = "Office"
"#;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn finding(rule: &'static str, loc: Location) -> Finding {
        Finding::new(rule, Severity::Warning, loc, "msg", "help")
    }

    fn report() -> AuditReport {
        let gov = SourceRef::at("/srv/school/content/about/governors.md", 4);
        AuditReport {
            findings: vec![
                finding("alt-text/missing", Location::page("/news/sports-day/", None)),
                finding("alt-text/missing", Location::page("/news/other/", None)),
                finding("image-metadata/gps", Location::asset("/gallery/2024/summer/a.jpg", None)),
                finding("image-metadata/gps", Location::asset("/gallery/a.png", None)),
                finding("names/full-name", Location::page("/about/governors/", Some(&gov))),
            ],
            evidence: vec![],
            pages_checked: 3,
            assets_checked: 2,
            ..Default::default()
        }
    }

    #[test]
    fn waived_expired_unused_and_globs() {
        let waivers = parse_waivers(FILE, Path::new("waivers.toml")).unwrap();
        assert_eq!(waivers.len(), 4);
        assert_eq!(waivers[1].expires, NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        assert_eq!(waivers[0].defined_at.line, Some(3));

        let mut r = report();
        let outcome = apply_waivers(&mut r, &waivers, today());

        let waived: Vec<_> = outcome.waived.iter().map(|(f, i)| (f.rule, *i)).collect();
        assert_eq!(waived, vec![("alt-text/missing", 0), ("image-metadata/gps", 1)]);
        assert_eq!(outcome.waived_count(), 2);
        assert_eq!(outcome.expired, vec![2]);
        assert_eq!(outcome.unused, vec![3]);

        let left: Vec<_> = r.findings.iter().map(|f| (f.rule, f.location.label())).collect();
        assert!(left.contains(&("alt-text/missing", "/news/other/".into())), "other page not waived");
        assert!(left.contains(&("image-metadata/gps", "/gallery/a.png".into())), "glob needs .jpg");
        // The expired waiver no longer hides the governors finding.
        assert!(left.iter().any(|(rule, _)| *rule == "names/full-name"));
        let expired = r.findings.iter().find(|f| f.rule == EXPIRED).unwrap();
        assert_eq!(expired.severity, Severity::Warning);
        assert!(expired.message.contains("31 January 2026") && expired.message.contains("Mrs Jones"));
        assert_eq!(expired.location.source.as_ref().unwrap().line, Some(17));
        let unused = r.findings.iter().find(|f| f.rule == UNUSED).unwrap();
        assert_eq!(unused.severity, Severity::Info);
        assert!(unused.message.contains("/contact/"));
        assert_eq!(r.findings.len(), 3 + 2);
    }

    #[test]
    fn relative_source_path_targets_match_absolute_paths_and_expiry_is_inclusive() {
        let waivers = parse_waivers(FILE, Path::new("waivers.toml")).unwrap();
        let on_the_day = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        let mut r = report();
        let outcome = apply_waivers(&mut r, &waivers, on_the_day);
        assert!(outcome.waived.iter().any(|(f, i)| f.rule == "names/full-name" && *i == 2));
        assert!(outcome.expired.is_empty());
    }

    #[test]
    fn site_wide_findings_and_trailing_slashes() {
        let text = "[[waiver]]\nrule = \"statutory/*\"\ntarget = \"site\"\nreason = \"r\"\nexpires = 2030-01-01\nby = \"b\"\n\
                    [[waiver]]\nrule = \"alt-text/missing\"\ntarget = \"/news/other\"\nreason = \"r\"\nexpires = 2030-01-01\nby = \"b\"\n";
        let waivers = parse_waivers(text, Path::new("w.toml")).unwrap();
        let mut r = report();
        r.findings.push(finding("statutory/missing-sen-report", Location::site()));
        let outcome = apply_waivers(&mut r, &waivers, today());
        assert_eq!(outcome.waived_count(), 2);
        assert!(outcome.unused.is_empty());
        assert!(!r.findings.iter().any(|f| f.rule.starts_with("statutory/")));
    }

    #[test]
    fn errors_name_the_line() {
        let bad_date =
            "[[waiver]]\nrule = \"a/b\"\ntarget = \"/\"\nreason = \"r\"\nexpires = \"next March\"\nby = \"b\"\n";
        let e = parse_waivers(bad_date, Path::new("w.toml")).unwrap_err();
        assert_eq!(e.line, Some(5), "{e}");
        assert!(e.to_string().contains("date like 2027-03-31"), "{e}");

        let missing = "[[waiver]]\nrule = \"a/b\"\ntarget = \"/\"\nreason = \"r\"\nexpires = 2027-01-01\n";
        let e = parse_waivers(missing, Path::new("w.toml")).unwrap_err();
        assert!(e.to_string().contains("by"), "{e}");

        let typo = "[[waiver]]\nrule = \"a/b\"\ntarget = \"/\"\nreason = \"r\"\nexpires = 2027-01-01\nby = \"b\"\nexpiry = 1\n";
        let e = parse_waivers(typo, Path::new("w.toml")).unwrap_err();
        assert_eq!(e.line, Some(7), "{e}");

        let bad_glob =
            "[[waiver]]\nrule = \"a/b\"\ntarget = \"/news/[x\"\nreason = \"r\"\nexpires = 2027-01-01\nby = \"b\"\n";
        let e = parse_waivers(bad_glob, Path::new("w.toml")).unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let b: BuildError = e.into();
        assert!(b.hint().contains("[[waiver]]"));
    }

    #[test]
    fn load_reports_missing_file() {
        let e = load_waivers(Path::new("/nonexistent/waivers.toml")).unwrap_err();
        assert!(matches!(e, BuildError::Read { .. } | BuildError::Input(_)), "{e:?}");
    }
}

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
//! `target = "site"` for findings about the whole site. An expired waiver
//! stops working and is reported as a warning; a waiver that matched
//! nothing is reported as info, so stale entries get tidied away.
//!
//! A waiver is a narrow, dated, signed decision, so a waiver is refused
//! (it hides nothing, and an error finding names its line and says how to fix
//! it, so the build fails and the findings it tried to hide stay in the
//! report) when it:
//! - names a rule that can never be waived ([`NOT_WAIVABLE`]: consent,
//!   pupils' names, people tags and GPS in photos, untagged faces,
//!   approvals), or a glob that reaches one;
//! - names no family (`rule = "**"`, `"*/*"`), or a rule that does not exist;
//! - targets everywhere (`"**"`, `"*"`, `"/**/*.jpg"`, `"content/**"`);
//! - runs out more than a year after today ([`MAX_MONTHS`]);
//! - was agreed `by` someone not on the staff list, or the site has no staff
//!   list to check it against.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use globset::{Glob, GlobBuilder, GlobMatcher};
use serde::Deserialize;
use toml::Spanned;

use crate::approvals::{ApproverError, find_approver};
use crate::audit::{AuditReport, Finding, Location, RuleMeta, Severity};
use crate::error::{BuildError, line_of_offset};
use crate::register::StaffList;
use crate::site::SourceRef;

/// Rules no waiver may hide: each protects a pupil directly, and each has a
/// fix in the content itself (consent in the register, a first name only,
/// stripped metadata, a tag or `no_pupils=true`, `schoolgate approve`).
/// `family/*` covers a whole family. This is the one list; the audit and the
/// waivers file both read it through [`waivable`].
pub const NOT_WAIVABLE: &[&str] = &[
    "consent/*",
    "names/*",
    "approval/*",
    "image-metadata/gps",
    "image-metadata/people-tags",
    "image-metadata/names-in-text",
    "faces/untagged",
];

/// Longest a waiver may run: it must be decided again at least once a year.
pub const MAX_MONTHS: u32 = 12;

/// True when a finding of rule `id` may be waived.
pub fn waivable(id: &str) -> bool {
    !NOT_WAIVABLE.iter().any(|p| match p.strip_suffix("/*") {
        Some(family) => id.strip_prefix(family).is_some_and(|rest| rest.starts_with('/')),
        None => *p == id,
    })
}

/// What a waiver is checked against when the file is read.
#[derive(Debug, Clone, Copy)]
pub struct WaiverChecks<'a> {
    /// `--today`: expiry may be at most [`MAX_MONTHS`] after it.
    pub today: NaiveDate,
    /// The site's staff list: `by` must be on it. `None`: the site has none,
    /// so no waiver can be verified.
    pub staff: Option<&'a StaffList>,
}

/// Rule id for a waiver past its `expires` date.
pub const EXPIRED: &str = "waivers/expired";
/// Rule id for a waiver that matched no finding.
pub const UNUSED: &str = "waivers/unused";
/// Rule id for a waiver that is too broad, too long, or not agreed by staff.
pub const REFUSED: &str = "waivers/refused";

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
    RuleMeta {
        id: REFUSED,
        severity: Severity::Error,
        summary: "A waiver in the waivers file is not allowed, so it hides nothing",
        explanation: "A waiver must be a narrow, dated decision by a named member of staff. It is \
            refused when its `rule` covers a problem that can never be waived (consent, pupils' full \
            names, people tags or GPS positions in photos, untagged faces, approvals), names no \
            particular kind of problem (`\"**\"`), or is not a Schoolgate rule; when its `target` \
            covers the whole site (`\"**\"`); when it `expires` more than a year from today; or when \
            `by` is not on the staff list (or the site has no staff list to check it against).\n\n\
            The message says which; fix that line of the waivers file, or delete the waiver and fix \
            the problem itself.",
    },
];

/// What every waiver looks like, for hints.
const EXAMPLE: &str = "Each waiver needs rule, target, reason, expires and by, for example:\n\
                   [[waiver]]\nrule = \"alt-text/missing\"\ntarget = \"/news/sports-day/\"\n\
                   reason = \"Decorative banner\"\nexpires = 2027-03-31\nby = \"Mrs Jones\"";

/// A waivers file that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("the waivers file {}{} is not valid: {message}", path.display(), line.map(|l| format!(" (line {l})")).unwrap_or_default())]
pub struct WaiverError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl From<WaiverError> for BuildError {
    fn from(e: WaiverError) -> Self {
        BuildError::InvalidFile { message: e.to_string(), path: e.path, line: e.line, hint: e.hint }
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
    /// Why the waiver is not allowed (it then hides nothing): the line of
    /// the offending field, what is wrong, how to fix it.
    pub refused: Option<(usize, String, String)>,
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
pub fn load_waivers(path: &Path, checks: &WaiverChecks) -> Result<Vec<Waiver>, BuildError> {
    let text = crate::input::read_text(path, crate::limits::MAX_SETTINGS_BYTES)?;
    Ok(parse_waivers(&text, path, checks)?)
}

/// Parses waivers text; `path` is used for messages and finding locations.
pub fn parse_waivers(text: &str, path: &Path, checks: &WaiverChecks) -> Result<Vec<Waiver>, WaiverError> {
    let err = |offset: Option<usize>, message: String| WaiverError {
        path: path.to_path_buf(),
        line: offset.map(|o| line_of_offset(text, o)),
        message,
        hint: EXAMPLE.into(),
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
        let at = |offset: usize| move |(m, h): Refusal| (line_of_offset(text, offset), m, h);
        let refused = check_rule(w.rule.get_ref().trim(), &rule_glob)
            .map_err(at(w.rule.span().start))
            .and_then(|_| check_target(&target).map_err(at(w.target.span().start)))
            .and_then(|_| check_expiry(expires, checks.today).map_err(at(w.expires.span().start)))
            .and_then(|_| check_by(w.by.get_ref().trim(), checks.staff).map_err(at(w.by.span().start)))
            .err();
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
            refused,
            rule_glob,
            target_glob,
            target_suffix_glob,
        });
    }
    Ok(out)
}

/// A refusal: what is wrong, and how to fix it.
type Refusal = (String, String);

const GLOB_CHARS: &[char] = &['*', '?', '[', ']', '{', '}'];

/// The rule must name one family, exist, and reach no rule in [`NOT_WAIVABLE`].
fn check_rule(rule: &str, matcher: &GlobMatcher) -> Result<(), Refusal> {
    let family = rule.split('/').next().unwrap_or_default();
    if family.is_empty() || family.contains(GLOB_CHARS) || !rule.contains('/') {
        return Err((
            format!("`rule = \"{rule}\"` does not name one kind of problem, so it could hide any finding"),
            "Name one rule, such as rule = \"alt-text/missing\", or at most one family, such as rule = \"alt-text/*\". `schoolgate rules` lists them.".into(),
        ));
    }
    let covered: Vec<&str> =
        crate::audit::rules::all_rules().into_iter().map(|r| r.id).filter(|id| matcher.is_match(id)).collect();
    if covered.is_empty() {
        return Err((
            format!("`rule = \"{rule}\"` is not a Schoolgate rule"),
            "Copy the rule id from the report, such as alt-text/missing. `schoolgate rules` lists them all.".into(),
        ));
    }
    if let Some(id) = covered.iter().find(|id| !waivable(id)) {
        return Err((
            format!("`rule = \"{rule}\"` covers {id}, which can never be waived: it protects a pupil directly"),
            format!(
                "Delete this waiver and fix the problem itself (`schoolgate rules {id}` explains how). \
                 Rules that cannot be waived: {}.",
                NOT_WAIVABLE.join(", ")
            ),
        ));
    }
    Ok(())
}

/// The target must point somewhere: a literal page, file or source path, or
/// a glob with at least one named folder or file that is not a whole tree
/// (`content`, `static`).
fn check_target(target: &str) -> Result<(), Refusal> {
    if target == "site" || !target.contains(GLOB_CHARS) {
        return Ok(());
    }
    let named = target.split('/').any(|part| {
        !part.is_empty() && !part.contains(GLOB_CHARS) && !matches!(part, "." | "content" | "static" | "public")
    });
    if named {
        return Ok(());
    }
    Err((
        format!(
            "`target = \"{target}\"` covers the whole site, so the waiver could hide findings nobody has looked at"
        ),
        "Give the page or file the finding is about, as shown in the report, such as target = \"/news/sports-day/\" \
         or target = \"/gallery/2024/**\". Use target = \"site\" only for findings about the whole site."
            .into(),
    ))
}

/// The waiver must be decided again within [`MAX_MONTHS`].
fn check_expiry(expires: NaiveDate, today: NaiveDate) -> Result<(), Refusal> {
    let limit = today.checked_add_months(chrono::Months::new(MAX_MONTHS)).unwrap_or(NaiveDate::MAX);
    if expires <= limit {
        return Ok(());
    }
    Err((
        format!("`expires = {expires}` is more than a year away"),
        format!(
            "A waiver must be looked at again at least once a year: set expires to {} or earlier.",
            limit.format("%Y-%m-%d")
        ),
    ))
}

/// `by` must be one member of the site's staff list.
fn check_by(by: &str, staff: Option<&StaffList>) -> Result<(), Refusal> {
    let Some(staff) = staff else {
        return Err((
            "the waiver cannot be verified: the site has no staff list to check `by` against".into(),
            "Add the staff list to schoolgate.toml ([staff] path = \"private/staff.csv\"), or give --staff to \
             `schoolgate audit`, so Schoolgate can check who agreed each waiver."
                .into(),
        ));
    };
    match find_approver(by, staff) {
        Ok(_) => Ok(()),
        Err(ApproverError::Ambiguous(_)) => Err((
            "the person named in `by` matches more than one person on the staff list".into(),
            "Write the first name or initial too, such as by = \"Mrs A Jones\".".into(),
        )),
        Err(_) => Err((
            "the person named in `by` is not on the staff list, so cannot agree a waiver".into(),
            format!(
                "Write the name of the member of staff who agreed it, as on the staff list ({}), such as by = \"Mrs A Jones\".",
                staff.source.display()
            ),
        )),
    }
}

fn glob(pattern: &str) -> Result<GlobMatcher, String> {
    let pattern = pattern.trim();
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map(|g: Glob| g.compile_matcher())
        .map_err(|e| format!("`{pattern}` is not a valid pattern: {}", e.kind()))
}

/// Marks the statutory verdicts whose finding a waiver hid: a missing item
/// by its `dfe/<id>` finding, an out-of-date one by its `dfe/out-of-date`
/// finding on the same page or document. The verdict stays what was found;
/// reports say it was waived instead of listing it as a problem.
fn mark_waived_verdicts(report: &mut AuditReport, waived: &[(Finding, usize)]) {
    use crate::audit::rules::statutory::{OUT_OF_DATE, VerdictKind};
    for v in &mut report.statutory {
        v.waived = waived.iter().any(|(f, _)| match v.verdict {
            VerdictKind::Missing => f.rule.strip_prefix("dfe/") == Some(v.id.as_str()),
            VerdictKind::OutOfDate => {
                let at = f.location.asset.as_ref().or(f.location.page.as_ref());
                f.rule == OUT_OF_DATE && at.is_some() && at == v.url.as_ref()
            }
            _ => false,
        });
    }
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
        // A finding no waiver may hide stays, whatever the file says.
        let position = if waivable(f.rule) {
            waivers.iter().position(|w| live(w) && w.refused.is_none() && w.matches(&f))
        } else {
            None
        };
        match position {
            Some(i) => {
                used[i] = true;
                outcome.waived.push((f, i));
            }
            None => report.findings.push(f),
        }
    }

    mark_waived_verdicts(report, &outcome.waived);

    for (i, w) in waivers.iter().enumerate() {
        let location = Location { page: None, asset: None, source: Some((&w.defined_at).into()) };
        if let Some((line, message, hint)) = &w.refused {
            let at = SourceRef::at(&w.defined_at.path, *line);
            report.findings.push(Finding::new(
                REFUSED,
                Severity::Error,
                Location { source: Some((&at).into()), ..location },
                format!("The waiver for {} on {} is refused, so it hides nothing: {message}", w.rule, w.target),
                hint.clone(),
            ));
        } else if !live(w) {
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
rule = "image-metadata/camera-details"
target = "/gallery/**/*.jpg"
reason = "Old photos, being replaced"
expires = "2026-12-31"
by = "Mr Okafor"

[[waiver]]
rule = "file-names/style"
target = "content/about/governors.md"
reason = "Old page, renamed next term"
expires = 2026-01-31
by = "Mrs Jones"

[[waiver]]
rule = "contact/personal-mobile"
target = "/contact/"
reason = "We like it that way"
expires = 2027-01-01
by = "Mrs A Jones"
"#;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn staff() -> StaffList {
        crate::register::load_staff(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/registers/staff.csv"))
            .unwrap()
    }

    fn checks(staff: &StaffList) -> WaiverChecks<'_> {
        WaiverChecks { today: today(), staff: Some(staff) }
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
                finding("image-metadata/camera-details", Location::asset("/gallery/2024/summer/a.jpg", None)),
                finding("image-metadata/camera-details", Location::asset("/gallery/a.png", None)),
                finding("file-names/style", Location::page("/about/governors/", Some(&gov))),
            ],
            evidence: vec![],
            pages_checked: 3,
            assets_checked: 2,
            ..Default::default()
        }
    }

    #[test]
    fn waived_expired_unused_and_globs() {
        let waivers = parse_waivers(FILE, Path::new("waivers.toml"), &checks(&staff())).unwrap();
        assert_eq!(waivers.len(), 4);
        assert_eq!(waivers[1].expires, NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        assert_eq!(waivers[0].defined_at.line, Some(3));

        let mut r = report();
        let outcome = apply_waivers(&mut r, &waivers, today());

        let waived: Vec<_> = outcome.waived.iter().map(|(f, i)| (f.rule, *i)).collect();
        assert_eq!(waived, vec![("alt-text/missing", 0), ("image-metadata/camera-details", 1)]);
        assert_eq!(outcome.waived_count(), 2);
        assert_eq!(outcome.expired, vec![2]);
        assert_eq!(outcome.unused, vec![3]);

        let left: Vec<_> = r.findings.iter().map(|f| (f.rule, f.location.label())).collect();
        assert!(left.contains(&("alt-text/missing", "/news/other/".into())), "other page not waived");
        assert!(left.contains(&("image-metadata/camera-details", "/gallery/a.png".into())), "glob needs .jpg");
        // The expired waiver no longer hides the governors finding.
        assert!(left.iter().any(|(rule, _)| *rule == "file-names/style"));
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
        let waivers = parse_waivers(FILE, Path::new("waivers.toml"), &checks(&staff())).unwrap();
        let on_the_day = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        let mut r = report();
        let outcome = apply_waivers(&mut r, &waivers, on_the_day);
        assert!(outcome.waived.iter().any(|(f, i)| f.rule == "file-names/style" && *i == 2));
        assert!(outcome.expired.is_empty());
    }

    #[test]
    fn site_wide_findings_and_trailing_slashes() {
        let text = "[[waiver]]\nrule = \"dfe/*\"\ntarget = \"site\"\nreason = \"r\"\nexpires = 2027-01-01\nby = \"Mrs Jones\"\n\
                    [[waiver]]\nrule = \"alt-text/missing\"\ntarget = \"/news/other\"\nreason = \"r\"\nexpires = 2027-01-01\nby = \"Mrs Jones\"\n";
        let waivers = parse_waivers(text, Path::new("w.toml"), &checks(&staff())).unwrap();
        let mut r = report();
        r.findings.push(finding("dfe/sen-report", Location::site()));
        let outcome = apply_waivers(&mut r, &waivers, today());
        assert_eq!(outcome.waived_count(), 2);
        assert!(outcome.unused.is_empty());
        assert!(!r.findings.iter().any(|f| f.rule.starts_with("dfe/")));
    }

    #[test]
    fn errors_name_the_line() {
        let bad_date = "[[waiver]]\nrule = \"alt-text/missing\"\ntarget = \"/\"\nreason = \"r\"\nexpires = \"next March\"\nby = \"Mrs Jones\"\n";
        let e = parse_waivers(bad_date, Path::new("w.toml"), &checks(&staff())).unwrap_err();
        assert_eq!(e.line, Some(5), "{e}");
        assert!(e.to_string().contains("date like 2027-03-31"), "{e}");

        let missing = "[[waiver]]\nrule = \"alt-text/missing\"\ntarget = \"/\"\nreason = \"r\"\nexpires = 2027-01-01\n";
        let e = parse_waivers(missing, Path::new("w.toml"), &checks(&staff())).unwrap_err();
        assert!(e.to_string().contains("by"), "{e}");

        let typo = "[[waiver]]\nrule = \"alt-text/missing\"\ntarget = \"/\"\nreason = \"r\"\nexpires = 2027-01-01\nby = \"Mrs Jones\"\nexpiry = 1\n";
        let e = parse_waivers(typo, Path::new("w.toml"), &checks(&staff())).unwrap_err();
        assert_eq!(e.line, Some(7), "{e}");

        let bad_glob = "[[waiver]]\nrule = \"alt-text/missing\"\ntarget = \"/news/[x\"\nreason = \"r\"\nexpires = 2027-01-01\nby = \"Mrs Jones\"\n";
        let e = parse_waivers(bad_glob, Path::new("w.toml"), &checks(&staff())).unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let b: BuildError = e.into();
        assert!(b.hint().contains("[[waiver]]"));
    }

    fn one(rule: &str, target: &str, expires: &str, by: &str) -> String {
        format!(
            "# agreed\n[[waiver]]\nrule = \"{rule}\"\ntarget = \"{target}\"\nreason = \"r\"\nexpires = {expires}\nby = \"{by}\"\n"
        )
    }

    #[test]
    fn safeguarding_rules_are_never_waivable() {
        for id in [
            "consent/photo-without-consent",
            "names/full-name-on-page",
            "approval/missing",
            "image-metadata/people-tags",
        ] {
            assert!(!waivable(id), "{id}");
        }
        for id in ["alt-text/missing", "dfe/sen-report", "image-metadata/camera-details", "faces/more-faces-than-tags"]
        {
            assert!(waivable(id), "{id}");
        }
        assert!(waivable("names-extra/x"), "a family prefix is a whole word");
        // Every entry names a real rule or family.
        for p in NOT_WAIVABLE {
            let g = glob(p).unwrap();
            assert!(crate::audit::rules::all_rules().iter().any(|r| g.is_match(r.id)), "{p}");
        }
        // And the audit never waives one, even if a waiver slipped through.
        let mut w =
            parse_waivers(&one("alt-text/missing", "/", "2027-01-01", "Mrs Jones"), Path::new("w"), &checks(&staff()))
                .unwrap();
        w[0].rule_glob = glob("**").unwrap();
        w[0].target_glob = glob("**").unwrap();
        let mut r = report();
        r.findings.push(Finding::new("consent/photo-without-consent", Severity::Error, Location::site(), "m", "h"));
        apply_waivers(&mut r, &w, today());
        assert!(r.findings.iter().any(|f| f.rule == "consent/photo-without-consent"));
    }

    #[test]
    fn broad_far_or_unsigned_waivers_are_refused_naming_the_line() {
        let s = staff();
        let refused = |text: String, staff: Option<&StaffList>| {
            let w = parse_waivers(&text, Path::new("w.toml"), &WaiverChecks { today: today(), staff }).unwrap();
            let (line, message, hint) = w[0].refused.clone().expect("refused");
            WaiverError { path: "w.toml".into(), line: Some(line), message, hint }
        };
        for (rule, target, expires, by, line, says) in [
            ("**", "/", "2027-01-01", "Mrs Jones", 3, "does not name one kind"),
            ("*/missing", "/", "2027-01-01", "Mrs Jones", 3, "does not name one kind"),
            ("consent/*", "/", "2027-01-01", "Mrs Jones", 3, "can never be waived"),
            ("names/full-name-on-page", "/", "2027-01-01", "Mrs Jones", 3, "can never be waived"),
            ("image-metadata/*", "/", "2027-01-01", "Mrs Jones", 3, "image-metadata/gps"),
            ("alt-text/mising", "/", "2027-01-01", "Mrs Jones", 3, "not a Schoolgate rule"),
            ("alt-text/missing", "**", "2027-01-01", "Mrs Jones", 4, "whole site"),
            ("alt-text/missing", "/**/*.jpg", "2027-01-01", "Mrs Jones", 4, "whole site"),
            ("alt-text/missing", "content/**", "2027-01-01", "Mrs Jones", 4, "whole site"),
            ("alt-text/missing", "/", "9999-12-31", "Mrs Jones", 6, "2027-11-29 or earlier"),
            ("alt-text/missing", "/", "2027-01-01", "x", 7, "not on the staff list"),
            ("alt-text/missing", "/", "2027-01-01", "Mrs Smith", 7, "not on the staff list"),
        ] {
            let e = refused(one(rule, target, expires, by), Some(&s));
            assert_eq!(e.line, Some(line), "{rule} {target}: {e}");
            assert!(format!("{e} {}", e.hint).contains(says), "{rule} {target} {expires} {by}: {e} / {}", e.hint);
        }
        let e = refused(one("alt-text/missing", "/", "2027-01-01", "Mrs Jones"), None);
        assert!(e.message.contains("cannot be verified") && e.hint.contains("[staff]"), "{e}");
        // Exactly a year is allowed; narrow globs are fine.
        let ok = one("alt-text/*", "/gallery/2024/**", "2027-11-29", "Mrs A Jones");
        assert!(parse_waivers(&ok, Path::new("w"), &checks(&s)).unwrap()[0].refused.is_none());
        // A refused waiver hides nothing and is an error naming its line.
        let w = parse_waivers(&one("**", "**", "9999-12-31", "x"), Path::new("w.toml"), &checks(&s)).unwrap();
        let mut r = report();
        let outcome = apply_waivers(&mut r, &w, today());
        assert_eq!(outcome.waived_count(), 0);
        let f = r.findings.iter().find(|f| f.rule == REFUSED).unwrap();
        assert_eq!((f.severity, f.location.source.as_ref().unwrap().line), (Severity::Error, Some(3)));
    }

    #[test]
    fn load_reports_missing_file() {
        let e = load_waivers(Path::new("/nonexistent/waivers.toml"), &checks(&staff())).unwrap_err();
        assert!(matches!(e, BuildError::Read { .. } | BuildError::Input(_)), "{e:?}");
    }
}

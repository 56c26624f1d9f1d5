//! Turning an [`AuditReport`] into text for people and for CI.
//!
//! One function per output format, each in its own file, all chosen through
//! [`render`]. Every public format leaves out `Finding::private_detail`
//! (it may name pupils); only [`private_html_report`] shows it, and that file
//! must never be published ([`ensure_outside`]).

pub mod find;
mod github;
pub mod history;
mod html;
mod json;
mod junit;
mod sarif;
mod templates;
mod terminal;
pub mod trust;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::audit::{AuditReport, Concern, Finding, Location, RuleMeta, Severity};

pub use crate::guard::ensure_outside;
pub use html::{FACE_BOX_COLOUR, PrivateExtras, private_html_report, private_html_report_with};

/// Where the rule pages live; SARIF and the HTML report link to them.
pub const INFORMATION_URI: &str = "https://github.com/schoolgate/schoolgate";

/// Output formats for `schoolgate audit --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Plain English for people, grouped by page.
    #[default]
    #[value(name = "terminal", alias = "text")]
    Terminal,
    /// Stable machine-readable JSON (see `json::SCHEMA_VERSION`).
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// Settings that change how a report looks but not what it says.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Use ANSI colour (terminal format only).
    pub color: bool,
    /// Site root: source paths are shown relative to it.
    pub root: Option<PathBuf>,
    /// Schoolgate's version, written into SARIF, JSON and JUnit.
    pub tool_version: String,
    /// Warnings stop the deploy too (`--deny warnings`); changes the verdict line.
    pub deny_warnings: bool,
    /// Findings removed by waivers, mentioned in the summary so they are not forgotten.
    pub waived: usize,
    /// The report belongs to a build that publishes only if it passes (the
    /// verdict says "the site will NOT be published"); an `audit` publishes
    /// nothing, so its verdict says the audit failed instead.
    pub publishing: bool,
    /// Findings below this severity are left out of the report
    /// (`--min-severity`); they still count for the verdict and the exit code.
    pub min_severity: Severity,
    /// Counts of the findings left out by `min_severity`; [`render`] sets it
    /// (callers leave the default).
    pub not_shown: Counts,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            color: false,
            root: None,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            deny_warnings: false,
            waived: 0,
            publishing: true,
            min_severity: Severity::Info,
            not_shown: Counts::default(),
        }
    }
}

impl RenderOptions {
    /// Options for printing to this process's stdout: colour only when stdout
    /// is a terminal and `NO_COLOR` is unset or empty (<https://no-color.org>).
    pub fn for_stdout(root: Option<PathBuf>) -> Self {
        use std::io::IsTerminal;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self { color: !no_color && std::io::stdout().is_terminal(), root, ..Self::default() }
    }
}

/// Renders `report` in `format`. Never includes `private_detail`.
/// Findings below `opts.min_severity` are left out, and counted as such.
pub fn render(report: &AuditReport, format: Format, opts: &RenderOptions) -> String {
    let (shown, not_shown) = shown_findings(report, opts.min_severity);
    let opts = &RenderOptions { not_shown, ..opts.clone() };
    let report = &shown;
    match format {
        Format::Terminal => terminal::render(report, opts),
        Format::Json => json::render(report, opts),
        Format::Sarif => sarif::render(report, opts),
        Format::Junit => junit::render(report, opts),
        Format::Github => github::render(report, opts),
    }
}

/// The report with only the findings at or above `min`, and how many of
/// each severity were left out.
fn shown_findings(report: &AuditReport, min: Severity) -> (AuditReport, Counts) {
    let (shown, hidden): (Vec<Finding>, Vec<Finding>) =
        report.findings.iter().cloned().partition(|f| f.severity >= min);
    (AuditReport { findings: shown, ..report.clone() }, Counts::of(&hidden))
}

/// A source path as the admin should see it: relative to the site root when
/// it lies inside it, always with forward slashes.
pub(crate) fn display_path(path: &str, root: Option<&Path>) -> String {
    let p = Path::new(path);
    let shown = match root {
        Some(r) => relative_to(p, r),
        None => p.to_path_buf(),
    };
    shown.display().to_string().replace('\\', "/")
}

/// `path` relative to `root` when it lies inside it, whether either was
/// given relative or absolute (`./site` and `/home/x/site` are one folder);
/// else relative to the current folder when inside it (a config or waivers
/// file beside the audited folder); otherwise `path` as it is.
fn relative_to(path: &Path, root: &Path) -> PathBuf {
    if let Ok(rel) = path.strip_prefix(root) {
        return rel.to_path_buf();
    }
    let Ok(abs) = std::path::absolute(path) else { return path.to_path_buf() };
    [std::path::absolute(root).ok(), std::env::current_dir().ok()]
        .into_iter()
        .flatten()
        .find_map(|base| abs.strip_prefix(&base).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// `path:line` (or just `path`) of the finding's source, when known.
pub(crate) fn source_label(loc: &Location, root: Option<&Path>) -> Option<String> {
    let src = loc.source.as_ref()?;
    let path = display_path(&src.path, root);
    Some(match src.line {
        Some(l) => format!("{path}:{l}"),
        None => path,
    })
}

/// Where a finding is, for a person: the source file, else the URL.
pub(crate) fn location_label(loc: &Location, root: Option<&Path>) -> String {
    source_label(loc, root)
        .or_else(|| loc.asset.clone())
        .or_else(|| loc.page.clone())
        .unwrap_or_else(|| "whole site".to_string())
}

/// The family part of a rule id (`consent` in `consent/no-consent`).
pub(crate) fn rule_family(id: &str) -> &str {
    id.split_once('/').map_or(id, |(family, _)| family)
}

/// What a group of findings is about. The order of the variants is the order
/// groups are printed: site-wide problems first, then pages, then files.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Group {
    Site,
    Page(String),
    File(String),
}

impl Group {
    pub(crate) fn of(f: &Finding) -> Self {
        match (&f.location.page, &f.location.asset) {
            (Some(page), _) => Group::Page(page.clone()),
            (None, Some(asset)) => Group::File(asset.clone()),
            (None, None) => Group::Site,
        }
    }
    pub(crate) fn heading(&self) -> String {
        match self {
            Group::Site => "Whole site".to_string(),
            Group::Page(url) => format!("Page {url}"),
            Group::File(url) => format!("File {url}"),
        }
    }
}

/// How many findings of each severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of(findings: &[Finding]) -> Self {
        let mut c = Counts::default();
        for f in findings {
            c.add(f.severity);
        }
        c
    }
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }
    pub fn plus(self, other: Counts) -> Counts {
        Counts {
            errors: self.errors + other.errors,
            warnings: self.warnings + other.warnings,
            infos: self.infos + other.infos,
        }
    }
    pub fn total(self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

/// True when this report stops the deploy under these options, counting
/// the findings `--min-severity` left out of it.
pub(crate) fn blocks_publishing(report: &AuditReport, opts: &RenderOptions) -> bool {
    report.fails(opts.deny_warnings) || opts.not_shown.errors > 0 || (opts.deny_warnings && opts.not_shown.warnings > 0)
}

/// `2 errors, 1 warning` (zero counts left out).
pub(crate) fn counts_words(c: Counts) -> String {
    let parts: Vec<String> =
        [(c.errors, "error", "errors"), (c.warnings, "warning", "warnings"), (c.infos, "info", "info")]
            .into_iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, one, many)| plural(n, one, many))
            .collect();
    parts.join(", ")
}

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Sort key putting errors before warnings, and within a severity
/// safeguarding before statutory before the rest.
fn urgency(f: &Finding) -> (std::cmp::Reverse<Severity>, Concern) {
    (std::cmp::Reverse(f.severity), Concern::of(f.rule))
}

/// A finding as a report shows it, with the same finding on other pages.
pub(crate) struct Shown<'a> {
    pub finding: &'a Finding,
    /// The same finding (rule, severity, words, photo) on later pages: a
    /// name in the footer or a picture without alt text in a template
    /// repeats on every page, and is one thing to fix.
    pub repeats: Vec<&'a Finding>,
}

impl Shown<'_> {
    /// `Also on 3 other pages: /a/, /b/, /c/` (at most five listed), from
    /// the repeats' page addresses (`real` for the private report).
    pub fn also_on(&self, real: bool) -> Option<String> {
        const LISTED: usize = 5;
        let mut pages: Vec<String> = self
            .repeats
            .iter()
            .filter_map(|f| if real { f.real_location().page.clone() } else { f.location.page.clone() })
            .collect();
        pages.sort();
        pages.dedup();
        if pages.is_empty() {
            return None;
        }
        let more = match pages.len().saturating_sub(LISTED) {
            0 => String::new(),
            n => format!(" and {}", plural(n, "more", "more")),
        };
        let listed = pages.iter().take(LISTED).cloned().collect::<Vec<_>>().join(", ");
        Some(format!("Also on {}: {listed}{more}", plural(pages.len(), "other page", "other pages")))
    }
}

/// What makes two findings on different pages the same thing to fix.
type RepeatKey<'a> = (&'static str, Severity, &'a str, &'a str, Option<&'a str>);

fn repeat_key(f: &Finding) -> Option<RepeatKey<'_>> {
    let location = f.real_location();
    location.page.as_ref()?;
    Some((f.rule, f.severity, f.message.as_str(), f.help.as_str(), location.asset.as_deref()))
}

/// Findings grouped by page (or file, or the whole site), the group with
/// the worst finding first: a page showing an unconsented child comes
/// before a page with a missing policy, which comes before a page with a
/// broken link. Ties keep the site / page / file order. Within a group,
/// worst first, then by rule so the same kind of problem sits together.
/// A finding repeated word for word on several pages is shown once, on
/// its first page, with the others listed ([`Shown::also_on`]); a page
/// left with nothing else is not shown. Counts and machine-readable
/// reports keep every finding.
/// Every human-facing report reads the findings in this order.
pub(crate) fn groups_by_urgency(findings: &[Finding]) -> Vec<(Group, Vec<Shown<'_>>)> {
    let mut groups: BTreeMap<Group, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        groups.entry(Group::of(f)).or_default().push(f);
    }
    let mut groups: Vec<(Group, Vec<&Finding>)> = groups.into_iter().collect();
    for (_, findings) in &mut groups {
        findings.sort_by(|a, b| urgency(a).cmp(&urgency(b)).then(a.rule.cmp(b.rule)));
    }
    groups.sort_by_key(|(group, findings)| (findings.first().map(|f| urgency(f)), group.clone()));
    let mut first: HashMap<RepeatKey<'_>, (usize, usize)> = HashMap::new();
    let mut out: Vec<(Group, Vec<Shown<'_>>)> = Vec::new();
    for (group, findings) in groups {
        let at = out.len();
        out.push((group, Vec::new()));
        for f in findings {
            if let Some(key) = repeat_key(f) {
                if let Some(&(g, i)) = first.get(&key) {
                    out[g].1[i].repeats.push(f);
                    continue;
                }
                first.insert(key, (at, out[at].1.len()));
            }
            out[at].1.push(Shown { finding: f, repeats: Vec::new() });
        }
    }
    out.retain(|(_, shown)| !shown.is_empty());
    out
}

/// One concern's findings counted: in total and per rule family, the
/// family with most errors first.
pub(crate) struct ConcernTally {
    pub concern: Concern,
    pub total: Counts,
    pub families: Vec<(&'static str, Counts)>,
}

/// Counts per concern (safeguarding first) and, within each, per rule
/// family, in report order. Concerns without findings are left out.
pub(crate) fn by_concern(findings: &[Finding]) -> Vec<ConcernTally> {
    let mut out = Vec::new();
    for concern in Concern::ALL {
        let mine: Vec<&Finding> = findings.iter().filter(|f| Concern::of(f.rule) == concern).collect();
        if mine.is_empty() {
            continue;
        }
        let mut families: Vec<(&'static str, Counts)> = Vec::new();
        for f in &mine {
            let family = rule_family(f.rule);
            match families.iter_mut().find(|(name, _)| *name == family) {
                Some((_, c)) => c.add(f.severity),
                None => {
                    let mut c = Counts::default();
                    c.add(f.severity);
                    families.push((family, c));
                }
            }
        }
        // Most errors first, then most warnings: what to fix first.
        families.sort_by(|a, b| {
            (b.1.errors, b.1.warnings, b.1.infos).cmp(&(a.1.errors, a.1.warnings, a.1.infos)).then(a.0.cmp(b.0))
        });
        let total = families.iter().fold(Counts::default(), |acc, (_, c)| acc.plus(*c));
        out.push(ConcernTally { concern, total, families });
    }
    out
}

/// Every rule a report may mention: the registry, the waiver rules, then any
/// id found in the findings that neither knows (so SARIF `ruleIndex` is
/// always valid even while a rule family is missing from the registry).
pub(crate) fn rule_catalogue(findings: &[Finding]) -> Vec<RuleMeta> {
    let mut rules: Vec<RuleMeta> = crate::audit::rules::all_rules().into_iter().copied().collect();
    for r in crate::audit::waivers::RULES {
        if !rules.iter().any(|k| k.id == r.id) {
            rules.push(*r);
        }
    }
    for f in findings {
        if !rules.iter().any(|k| k.id == f.rule) {
            rules.push(RuleMeta {
                id: f.rule,
                severity: f.severity,
                summary: f.rule,
                explanation: "No explanation is recorded for this rule.",
            });
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn format_names_for_the_command_line() {
        let parse = |s| Format::from_str(s, false).unwrap();
        assert_eq!(parse("terminal"), Format::Terminal);
        assert_eq!(parse("text"), Format::Terminal);
        assert_eq!(parse("json"), Format::Json);
        assert_eq!(parse("sarif"), Format::Sarif);
        assert_eq!(parse("junit"), Format::Junit);
        assert_eq!(parse("github"), Format::Github);
        assert!(Format::from_str("html", false).is_err(), "the private report is not a --format");
    }

    #[test]
    fn catalogue_has_each_rule_once() {
        let report = test_support::report();
        let rules = rule_catalogue(&report.findings);
        let mut ids: Vec<_> = rules.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(n, ids.len());
        for f in &report.findings {
            assert!(ids.contains(&f.rule), "{}", f.rule);
        }
        assert!(ids.contains(&crate::audit::waivers::EXPIRED));
    }

    #[test]
    fn a_finding_repeated_on_many_pages_is_shown_once_with_the_others_listed() {
        let logo = |page: &str| {
            Finding::new(
                "alt-text/missing",
                Severity::Error,
                Location::page(page, None),
                "Image \"/img/logo.png\" has no alt attribute.",
                "Add alt text describing the picture.",
            )
        };
        let pages = ["/", "/about/", "/b/", "/c/", "/d/", "/e/", "/f/", "/g/"];
        let mut findings: Vec<Finding> = pages.iter().map(|p| logo(p)).collect();
        // Decoys: another picture on one of those pages, and the same words about a whole-site finding.
        findings.push(Finding::new(
            "alt-text/missing",
            Severity::Error,
            Location::page("/b/", None),
            "Image \"/img/map.png\" has no alt attribute.",
            "Add alt text describing the picture.",
        ));
        let site_wide =
            Finding::new("consent/no-register", Severity::Warning, Location::site(), "No register.", "Add one.");
        findings.extend([site_wide.clone(), site_wide]);
        let groups = groups_by_urgency(&findings);
        let shown: Vec<&Shown> = groups.iter().flat_map(|(_, s)| s).collect();
        assert_eq!(shown.len(), 4, "one logo finding, the map, and both site findings (not on a page)");
        let first = shown.iter().find(|s| s.finding.message.contains("logo")).unwrap();
        assert_eq!(first.finding.location.page.as_deref(), Some("/"));
        assert_eq!(first.also_on(false).unwrap(), "Also on 7 other pages: /about/, /b/, /c/, /d/, /e/ and 2 more");
        assert!(shown.iter().any(|s| s.finding.message.contains("map") && s.also_on(false).is_none()));
        // Pages left with nothing of their own get no heading.
        let headings: Vec<String> = groups.iter().map(|(g, _)| g.heading()).collect();
        assert_eq!(groups.len(), 3, "{headings:?}");
    }

    #[test]
    fn paths_are_relative_to_the_root() {
        let root = Path::new("/srv/school");
        assert_eq!(display_path("/srv/school/content/a.md", Some(root)), "content/a.md");
        assert_eq!(display_path("/elsewhere/a.md", Some(root)), "/elsewhere/a.md");
        assert_eq!(display_path("content/a.md", None), "content/a.md");
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! A realistic report shared by the format tests.
    use crate::audit::rules::statutory::Evidence;
    use crate::audit::{AuditReport, Finding, Location, Severity};
    use crate::site::SourceRef;

    pub const ROOT: &str = "/srv/hollybrook";

    pub fn report() -> AuditReport {
        let src = |p: &str, line: Option<usize>| SourceRef { path: format!("{ROOT}/{p}").into(), line };
        let findings = vec![
            Finding::new(
                "consent/no-consent",
                Severity::Error,
                Location {
                    page: Some("/news/sports-day/".into()),
                    asset: Some("/news/sports-day/race.jpg".into()),
                    source: Some((&src("content/news/sports-day/index.md", Some(12))).into()),
                },
                "The photo race.jpg shows Harry (Year 4), who has no photo consent",
                "Remove the photo, or ask the office to record consent first.",
            )
            .with_private_detail("Harry Patel (Y4, id P1234) tagged by Lightroom"),
            Finding::new(
                "names/full-name",
                Severity::Error,
                Location::page("/news/sports-day/", Some(&src("content/news/sports-day/index.md", Some(30)))),
                "The text says \"well done <Harry> & friends, Year 4\",\nwhich names a pupil in full",
                "Use first names only: \"Harry (Year 4)\".",
            )
            .with_private_detail("Full name Harry Patel found in paragraph 3"),
            Finding::new(
                "alt-text/missing",
                Severity::Warning,
                Location::page("/news/sports-day/", Some(&src("content/news/sports-day/index.md", None))),
                "A photo has no description for people who cannot see it",
                "Add alt=\"…\" to the photo shortcode.",
            ),
            Finding::new(
                "image-metadata/gps",
                Severity::Warning,
                Location::asset("/about/building.jpg", None),
                "The photo building.jpg records where it was taken (GPS)",
                "Schoolgate strips this when it builds; re-export the photo without location.",
            ),
            Finding::new(
                "statutory/missing-pupil-premium",
                Severity::Error,
                Location::site(),
                "No pupil premium strategy statement was found",
                "Publish the statement as a page or PDF and link it from the menu.",
            ),
            Finding::new(
                "contact/phone-format",
                Severity::Info,
                Location::page("/contact/", None),
                "The phone number 01234 567890, ext. 2 is written without a dialling code",
                "Nothing to do unless you want callers from abroad.",
            ),
        ];
        AuditReport {
            findings,
            evidence: vec![Evidence {
                item: "admissions".into(),
                url: "/about/admissions/".into(),
                reason: "heading \"Admissions\"".into(),
                rank: crate::audit::rules::statutory::Rank::Page,
                year: None,
                date: None,
            }],
            pages_checked: 120,
            assets_checked: 45,
            ..Default::default()
        }
    }

    pub fn opts() -> super::RenderOptions {
        super::RenderOptions { root: Some(ROOT.into()), ..Default::default() }
    }
}

//! The trust dashboard: one JSON, CSV and HTML file for every school a
//! trust audited (see [`crate::trust`], which runs the audits). The HTML
//! markup is the embedded template
//! `src/report/templates/trust-dashboard.html`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::BuildError;
use chrono::NaiveDate;

use super::history::{self, SchoolCounts, Snapshot};
use super::{Counts, counts_words};
use crate::audit::Concern;
use crate::trust::{FamilyCounts, Rag, SchoolResult, SchoolStatus, TrustFinding, TrustReport};

/// Writes `trust-report.json`, `trust-report.csv` and `trust-report.html`
/// into `dir`, comparing with the previous run's snapshot in
/// `dir/history/` and then saving this run's.
pub fn write_reports(report: &TrustReport, dir: &Path) -> Result<Vec<PathBuf>, BuildError> {
    std::fs::create_dir_all(dir).map_err(|source| BuildError::Read { path: dir.to_path_buf(), source })?;
    let write = |name: &str, bytes: Vec<u8>| -> Result<PathBuf, BuildError> {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|source| BuildError::Read { path: path.clone(), source })?;
        Ok(path)
    };
    let previous = history::previous(dir, report.date);
    let json = JsonReport {
        report,
        previous_run: previous.as_ref().map(|p| p.date),
        changes: report
            .schools
            .iter()
            .filter_map(|s| {
                let before = previous.as_ref()?.school(s)?;
                Some(SchoolChange { school: &s.name, change: history::change_words(before, &SchoolCounts::of(s)) })
            })
            .collect(),
    };
    let json = serde_json::to_vec_pretty(&json).map_err(|e| other(e.to_string()))?;
    let files = vec![
        write("trust-report.json", json)?,
        write("trust-report.csv", csv_report(report)?)?,
        write("trust-report.html", html_report_since(report, previous.as_ref())?.into_bytes())?,
    ];
    history::save(dir, &Snapshot::of(report))
        .map_err(|source| BuildError::Read { path: dir.join(history::HISTORY_DIR), source })?;
    Ok(files)
}

/// The JSON trust report: the results, and how each school moved since
/// the previous run (when there was one).
#[derive(Serialize)]
struct JsonReport<'a> {
    #[serde(flatten)]
    report: &'a TrustReport,
    previous_run: Option<NaiveDate>,
    changes: Vec<SchoolChange<'a>>,
}

#[derive(Serialize)]
struct SchoolChange<'a> {
    school: &'a str,
    change: String,
}

fn other(message: String) -> BuildError {
    BuildError::Other { message, hint: "Check the output folder can be written to.".into() }
}

/// One row per school and family: `school,urn,url,status,family,errors,warnings,info,rag`.
fn csv_report(report: &TrustReport) -> Result<Vec<u8>, BuildError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| other(e.to_string());
    w.write_record(["school", "urn", "url", "status", "family", "errors", "warnings", "info", "rag"]).map_err(err)?;
    for s in &report.schools {
        let status = status_word(s.status);
        let urn = s.urn.as_deref().unwrap_or("");
        if s.families.is_empty() {
            w.write_record([&s.name, urn, &s.url, status, "", "", "", "", ""]).map_err(err)?;
        }
        for (family, c) in &s.families {
            let rag = rag_word(c.rag());
            let (e, wn, i) = (c.errors.to_string(), c.warnings.to_string(), c.info.to_string());
            w.write_record([s.name.as_str(), urn, &s.url, status, family, &e, &wn, &i, rag]).map_err(err)?;
        }
    }
    w.into_inner().map_err(|e| other(e.to_string()))
}

fn status_word(s: SchoolStatus) -> &'static str {
    match s {
        SchoolStatus::Audited => "audited",
        SchoolStatus::Unreachable => "unreachable",
        SchoolStatus::InputError => "input-error",
    }
}

fn rag_word(r: Rag) -> &'static str {
    match r {
        Rag::Red => "red",
        Rag::Amber => "amber",
        Rag::Green => "green",
    }
}

/// What the `trust-dashboard.html` template shows (see
/// `src/report/templates/`); plain text, escaped by the template.
#[derive(Serialize)]
struct DashboardView<'a> {
    date: String,
    /// The previous run's date, when there was one.
    previous: Option<String>,
    families: &'a [String],
    /// Most urgent school first.
    schools: Vec<SchoolView<'a>>,
    totals: Totals,
}

/// Trust-wide counts for the headline.
#[derive(Serialize, Default)]
struct Totals {
    schools: usize,
    with_safeguarding_errors: usize,
    not_audited: usize,
    javascript_only: usize,
}

#[derive(Serialize)]
struct SchoolView<'a> {
    name: &'a str,
    url: &'a str,
    status: &'static str,
    /// The status in words for people ("Could not be reached: …").
    status_words: String,
    pages: usize,
    assets: usize,
    javascript_only: bool,
    safeguarding: Summary,
    statutory: StatutoryView<'a>,
    other: Summary,
    /// "2 fewer errors (better)…", when the previous run had this school.
    change: Option<String>,
    urgent: Vec<FindingView<'a>>,
    /// One grid cell per family of the whole trust, in `families` order.
    cells: Vec<Cell>,
    /// This school's findings, by family.
    families: Vec<FamilyView<'a>>,
    /// Sort keys for the overview table (bigger is more urgent).
    rank: (usize, usize, usize, usize),
}

/// Errors and warnings of one concern, with a colour class.
#[derive(Serialize)]
struct Summary {
    class: &'static str,
    errors: usize,
    warnings: usize,
    words: String,
    /// Sort key for the overview: errors outweigh any number of warnings.
    sort: usize,
}

impl Summary {
    fn new(errors: usize, warnings: usize) -> Self {
        let class = rag_word(FamilyCounts { errors, warnings, info: 0 }.rag());
        let words = counts_words(Counts { errors, warnings, infos: 0 });
        let words = if words.is_empty() { "none".to_string() } else { words };
        Summary { class, errors, warnings, words, sort: errors * 100_000 + warnings }
    }
}

#[derive(Serialize)]
struct StatutoryView<'a> {
    class: &'static str,
    found: usize,
    /// Items that apply: found plus missing.
    applicable: usize,
    missing: &'a [String],
    out_of_date: &'a [String],
    /// Not checked (JavaScript-only or not audited).
    unchecked: bool,
    /// Sort key for the overview: missing items outweigh out-of-date ones;
    /// unchecked sorts below everything.
    sort: i64,
}

/// A grid cell: its colour class, tooltip and "errors / warnings".
#[derive(Serialize)]
struct Cell {
    class: &'static str,
    title: Option<String>,
    text: String,
}

#[derive(Serialize)]
struct FamilyView<'a> {
    family: &'a str,
    findings: Vec<FindingView<'a>>,
}

#[derive(Serialize)]
struct FindingView<'a> {
    severity: String,
    rule: &'a str,
    message: &'a str,
    /// The page or file, and its address on the school's site.
    at: Option<&'a str>,
    link: Option<String>,
}

/// The dashboard without a previous run to compare with.
pub fn html_report(report: &TrustReport) -> Result<String, BuildError> {
    html_report_since(report, None)
}

/// The dashboard: a headline, one overview row per school (most urgent
/// first, sortable), then a card per school with its statutory items,
/// safeguarding findings, change since `previous` and three most urgent
/// actions, and every finding by family.
pub fn html_report_since(report: &TrustReport, previous: Option<&Snapshot>) -> Result<String, BuildError> {
    let families = report.families();
    let mut schools: Vec<SchoolView> = report.schools.iter().map(|s| school_view(s, &families, previous)).collect();
    schools.sort_by(|a, b| b.rank.cmp(&a.rank).then(a.name.cmp(b.name)));
    let totals = Totals {
        schools: schools.len(),
        with_safeguarding_errors: schools.iter().filter(|s| s.safeguarding.errors > 0).count(),
        not_audited: report.schools.iter().filter(|s| s.status != SchoolStatus::Audited).count(),
        javascript_only: schools.iter().filter(|s| s.javascript_only).count(),
    };
    let view = DashboardView {
        date: report.date.format("%-d %B %Y").to_string(),
        previous: previous.map(|p| p.date.format("%-d %B %Y").to_string()),
        families: &families,
        schools,
        totals,
    };
    super::templates::render("trust-dashboard.html", &view)
}

fn finding_view<'a>(f: &'a TrustFinding, base: &str) -> FindingView<'a> {
    let at = f.asset.as_deref().or(f.page.as_deref());
    FindingView {
        severity: f.severity.to_string(),
        rule: &f.rule,
        message: &f.message,
        at,
        link: at.map(|p| format!("{base}{p}")),
    }
}

fn school_view<'a>(s: &'a SchoolResult, families: &[String], previous: Option<&Snapshot>) -> SchoolView<'a> {
    let cells = families
        .iter()
        .map(|f| match s.families.get(f) {
            Some(c) => Cell {
                class: rag_word(c.rag()),
                title: Some(format!("{} errors, {} warnings", c.errors, c.warnings)),
                text: format!("{} / {}", c.errors, c.warnings),
            },
            None if s.status == SchoolStatus::Audited => Cell { class: "green", title: None, text: "0 / 0".into() },
            None => Cell { class: "grey", title: None, text: "–".into() },
        })
        .collect();
    let base = s.url.trim_end_matches('/');
    let mut by_family: BTreeMap<&str, Vec<FindingView<'a>>> = BTreeMap::new();
    for f in &s.findings {
        by_family.entry(f.rule.split('/').next().unwrap_or("")).or_default().push(finding_view(f, base));
    }
    let audited = s.status == SchoolStatus::Audited;
    let status_words = match (s.status, s.error.as_deref()) {
        (SchoolStatus::Audited, _) if s.javascript_only => format!(
            "JavaScript-only site: {} pages fetched, but their content is built in the browser, so statutory items \
             could not be checked",
            s.pages
        ),
        (SchoolStatus::Audited, _) if s.rendered => format!(
            "Audited: {} pages and {} files (a JavaScript site, run in headless Chromium as a visitor's browser would)",
            s.pages, s.assets
        ),
        (SchoolStatus::Audited, _) => format!("Audited: {} pages and {} files", s.pages, s.assets),
        (SchoolStatus::Unreachable, e) => format!("Could not be reached: {}", e.unwrap_or("no answer")),
        (SchoolStatus::InputError, e) => format!("Not audited: {}", e.unwrap_or("its settings could not be read")),
    };
    let st = &s.statutory;
    let unchecked = !audited || s.javascript_only;
    let statutory = StatutoryView {
        class: if unchecked {
            "grey"
        } else if !st.missing.is_empty() {
            "red"
        } else if !st.out_of_date.is_empty() {
            "amber"
        } else {
            "green"
        },
        found: st.found.len(),
        applicable: st.found.len() + st.missing.len(),
        missing: &st.missing,
        out_of_date: &st.out_of_date,
        unchecked,
        sort: if unchecked { -1 } else { (st.missing.len() * 1000 + st.out_of_date.len()) as i64 },
    };
    let total_errors: usize = s.families.values().map(|c| c.errors).sum();
    let (mut other_errors, mut other_warnings) = (0, 0);
    for (family, c) in &s.families {
        if Concern::of(family) == Concern::Other {
            other_errors += c.errors;
            other_warnings += c.warnings;
        }
    }
    let other = Summary::new(other_errors, other_warnings);
    let change = previous.and_then(|p| p.school(s)).map(|before| history::change_words(before, &SchoolCounts::of(s)));
    SchoolView {
        name: &s.name,
        url: &s.url,
        status: status_word(s.status),
        status_words,
        pages: s.pages,
        assets: s.assets,
        javascript_only: s.javascript_only,
        safeguarding: Summary::new(s.safeguarding.errors, s.safeguarding.warnings),
        statutory,
        other,
        change,
        urgent: s.urgent.iter().map(|f| finding_view(f, base)).collect(),
        cells,
        families: by_family.into_iter().map(|(family, findings)| FamilyView { family, findings }).collect(),
        rank: (usize::from(!audited), s.safeguarding.errors, st.missing.len() + st.out_of_date.len(), total_errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::Severity;
    use crate::trust::{FamilyCounts, FoundItem, SchoolResult, StatutorySummary};

    fn school(name: &str) -> SchoolResult {
        SchoolResult {
            name: name.into(),
            url: format!("https://{}.example/", name.len()),
            urn: None,
            status: SchoolStatus::Audited,
            error: None,
            pages: 3,
            assets: 0,
            families: BTreeMap::new(),
            findings: vec![],
            waived: 0,
            face_scan: None,
            statutory: StatutorySummary::default(),
            safeguarding: FamilyCounts::default(),
            javascript_only: false,
            rendered: false,
            urgent: vec![],
        }
    }

    fn consent_error() -> TrustFinding {
        TrustFinding {
            rule: "consent/no-consent".into(),
            severity: Severity::Error,
            message: "The photo relay.jpg shows Harry (Year 4), who has no photo consent.".into(),
            page: Some("/news/sports-day/".into()),
            asset: Some("/news/sports-day/relay.jpg".into()),
        }
    }

    fn report(schools: Vec<SchoolResult>) -> TrustReport {
        TrustReport { date: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(), schools }
    }

    #[test]
    fn dashboard_escapes_and_colours() {
        let mut s = school("St <Mary>'s");
        s.families.insert("dfe".to_string(), FamilyCounts { errors: 2, warnings: 0, info: 0 });
        s.families.insert("alt-text".to_string(), FamilyCounts { errors: 0, warnings: 1, info: 0 });
        let down = SchoolResult { status: SchoolStatus::Unreachable, families: BTreeMap::new(), ..s.clone() };
        let report = report(vec![s, down]);
        let html = html_report(&report).unwrap();
        assert!(html.contains("St &lt;Mary&gt;&#39;s"));
        assert!(html.contains("class=\"red\""));
        assert!(html.contains("class=\"amber\""));
        assert!(html.contains("class=\"grey\""));
        assert!(report.has_errors());
        let csv = String::from_utf8(csv_report(&report).unwrap()).unwrap();
        assert!(csv.contains("dfe,2,0,0,red"), "{csv}");
        assert!(csv.contains("unreachable"), "{csv}");
    }

    #[test]
    fn most_urgent_school_first_with_its_items_and_actions_in_words() {
        let mut calm = school("Ash Grove");
        calm.statutory.found = vec![FoundItem { item: "admissions arrangements".into(), url: "/admissions/".into() }];
        let mut urgent = school("Birch Hill");
        urgent.safeguarding = FamilyCounts { errors: 1, warnings: 0, info: 0 };
        urgent.families.insert("consent".into(), FamilyCounts { errors: 1, warnings: 0, info: 0 });
        urgent.statutory.missing = vec!["pupil premium strategy statement".into()];
        urgent.statutory.out_of_date = vec!["The accessibility plan 2020 – 2024 ended in August 2024.".into()];
        urgent.urgent = vec![consent_error()];
        urgent.findings = vec![consent_error()];
        let mut app = school("Cedar Road");
        app.javascript_only = true;
        let mut down = school("Damson Way");
        down.status = SchoolStatus::Unreachable;
        down.error = Some("the server did not answer within 20 s".into());
        let html = html_report(&report(vec![calm, app, urgent, down])).unwrap();
        let overview = &html[html.find("id=\"overview\"").unwrap()..html.find("Each school").unwrap()];
        let order: Vec<usize> =
            ["Damson Way", "Birch Hill", "Ash Grove"].iter().map(|n| overview.find(n).unwrap()).collect();
        assert!(
            order.windows(2).all(|w| w[0] < w[1]),
            "not audited, then safeguarding errors, then the rest: {overview}"
        );
        assert!(overview.contains("1 error"), "{overview}");
        assert!(overview.contains("0 of 1 found, 1 out of date"), "{overview}");
        assert!(overview.contains("1 of 1 found"), "{overview}");
        assert!(html.contains("Missing</dt><dd>pupil premium strategy statement</dd>"), "{html}");
        assert!(html.contains("Could not be reached: the server did not answer within 20 s"));
        assert!(html.contains("JavaScript-only site"), "said plainly");
        assert!(html.contains("<ol class=\"urgent\"><li>The photo relay.jpg shows Harry (Year 4)"), "{html}");
        assert!(html.contains("@page{size:A4"), "printable on A4");
    }

    #[test]
    fn second_run_says_what_changed_and_keeps_history() {
        let dir = tempfile::tempdir().unwrap();
        let mut before = school("Birch Hill");
        before.safeguarding = FamilyCounts { errors: 2, warnings: 0, info: 0 };
        before.families.insert("consent".into(), FamilyCounts { errors: 2, warnings: 0, info: 0 });
        let mut first = report(vec![before.clone()]);
        first.date = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        write_reports(&first, dir.path()).unwrap();
        let html = std::fs::read_to_string(dir.path().join("trust-report.html")).unwrap();
        assert!(!html.contains("compared with the run"), "nothing to compare with on the first run");

        let mut after = before;
        after.safeguarding.errors = 0;
        after.families.clear();
        write_reports(&report(vec![after]), dir.path()).unwrap();
        let html = std::fs::read_to_string(dir.path().join("trust-report.html")).unwrap();
        assert!(html.contains("compared with the run of 1 November 2026"), "{html}");
        assert!(html.contains("2 fewer safeguarding errors (better)"), "{html}");
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("trust-report.json")).unwrap()).unwrap();
        assert_eq!(json["previous_run"], "2026-11-01");
        assert_eq!(json["changes"][0]["school"], "Birch Hill");
        for day in ["2026-11-01", "2026-11-29"] {
            assert!(dir.path().join(format!("history/{day}.json")).is_file(), "{day}");
        }
        // The history holds counts, never a finding's words.
        let snap = std::fs::read_to_string(dir.path().join("history/2026-11-01.json")).unwrap();
        assert!(!snap.contains("Harry") && snap.contains("\"safeguarding_errors\": 2"), "{snap}");
    }
}

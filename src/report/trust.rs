//! The trust dashboard: one JSON, CSV and HTML file for every school a
//! trust audited (see [`crate::trust`], which runs the audits). The HTML
//! markup is the embedded template
//! `src/report/templates/trust-dashboard.html`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::BuildError;
use crate::trust::{Rag, SchoolResult, SchoolStatus, TrustReport};

/// Writes `trust-report.json`, `trust-report.csv` and `trust-report.html` into `dir`.
pub fn write_reports(report: &TrustReport, dir: &Path) -> Result<Vec<PathBuf>, BuildError> {
    std::fs::create_dir_all(dir).map_err(|source| BuildError::Read { path: dir.to_path_buf(), source })?;
    let write = |name: &str, bytes: Vec<u8>| -> Result<PathBuf, BuildError> {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|source| BuildError::Read { path: path.clone(), source })?;
        Ok(path)
    };
    let json = serde_json::to_vec_pretty(report).map_err(|e| other(e.to_string()))?;
    Ok(vec![
        write("trust-report.json", json)?,
        write("trust-report.csv", csv_report(report)?)?,
        write("trust-report.html", html_report(report)?.into_bytes())?,
    ])
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
    families: &'a [String],
    schools: Vec<SchoolView<'a>>,
}

#[derive(Serialize)]
struct SchoolView<'a> {
    name: &'a str,
    url: &'a str,
    status: &'static str,
    pages: usize,
    error: Option<&'a str>,
    /// One grid cell per family of the whole trust, in `families` order.
    cells: Vec<Cell>,
    /// This school's findings, by family.
    families: Vec<FamilyView<'a>>,
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

/// A self-contained page: schools × families grid, then each school's findings.
pub fn html_report(report: &TrustReport) -> Result<String, BuildError> {
    let families = report.families();
    let schools = report.schools.iter().map(|s| school_view(s, &families)).collect();
    let view = DashboardView { date: report.date.to_string(), families: &families, schools };
    super::templates::render("trust-dashboard.html", &view)
}

fn school_view<'a>(s: &'a SchoolResult, families: &[String]) -> SchoolView<'a> {
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
        let at = f.asset.as_deref().or(f.page.as_deref());
        by_family.entry(f.rule.split('/').next().unwrap_or("")).or_default().push(FindingView {
            severity: f.severity.to_string(),
            rule: &f.rule,
            message: &f.message,
            at,
            link: at.map(|p| format!("{base}{p}")),
        });
    }
    SchoolView {
        name: &s.name,
        url: &s.url,
        status: status_word(s.status),
        pages: s.pages,
        error: s.error.as_deref(),
        cells,
        families: by_family.into_iter().map(|(family, findings)| FamilyView { family, findings }).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::{FamilyCounts, SchoolResult};
    use chrono::NaiveDate;

    #[test]
    fn dashboard_escapes_and_colours() {
        let mut families = BTreeMap::new();
        families.insert("dfe".to_string(), FamilyCounts { errors: 2, warnings: 0, info: 0 });
        families.insert("alt-text".to_string(), FamilyCounts { errors: 0, warnings: 1, info: 0 });
        let school = SchoolResult {
            name: "St <Mary>'s".into(),
            url: "https://m.example/".into(),
            urn: None,
            status: SchoolStatus::Audited,
            error: None,
            pages: 3,
            assets: 0,
            families,
            findings: vec![],
            waived: 0,
            face_scan: None,
        };
        let down = SchoolResult { status: SchoolStatus::Unreachable, families: BTreeMap::new(), ..school.clone() };
        let report = TrustReport { date: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(), schools: vec![school, down] };
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
}

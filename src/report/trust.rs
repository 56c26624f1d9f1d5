//! The trust dashboard: one JSON, CSV and HTML file for every school a
//! trust audited (see [`crate::trust`], which runs the audits).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::error::BuildError;
use crate::trust::{Rag, SchoolStatus, TrustFinding, TrustReport};

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
        write("trust-report.html", html_report(report).into_bytes())?,
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

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A self-contained page: schools × families grid, then each school's findings.
pub fn html_report(report: &TrustReport) -> String {
    let families = report.families();
    let mut h = String::new();
    let _ = write!(
        h,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Trust website audit {date}</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:2rem}}table{{border-collapse:collapse}}\
         th,td{{border:1px solid #ccc;padding:.3rem .6rem;text-align:center}}th.s,td.s{{text-align:left}}\
         .red{{background:#f8d0d0}}.amber{{background:#fde7b0}}.green{{background:#d3efd3}}.grey{{background:#eee}}\
         details{{margin:.5rem 0}}li{{margin:.2rem 0}}</style></head><body>\
         <h1>Trust website audit</h1><p>Audited on {date}. Red: errors; amber: warnings; green: none.</p>\
         <table id=\"grid\"><thead><tr><th class=\"s\">School</th><th>Status</th><th>Pages</th>",
        date = report.date
    );
    for f in &families {
        let _ = write!(h, "<th>{}</th>", esc(f));
    }
    h.push_str("</tr></thead><tbody>");
    for (i, s) in report.schools.iter().enumerate() {
        let _ = write!(
            h,
            "<tr class=\"school\"><td class=\"s\"><a href=\"#school-{i}\">{}</a></td><td>{}</td><td>{}</td>",
            esc(&s.name),
            status_word(s.status),
            s.pages
        );
        for f in &families {
            match s.families.get(f) {
                Some(c) => {
                    let _ = write!(
                        h,
                        "<td class=\"{}\" title=\"{} errors, {} warnings\">{} / {}</td>",
                        rag_word(c.rag()),
                        c.errors,
                        c.warnings,
                        c.errors,
                        c.warnings
                    );
                }
                None if s.status == SchoolStatus::Audited => h.push_str("<td class=\"green\">0 / 0</td>"),
                None => h.push_str("<td class=\"grey\">–</td>"),
            }
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table><h2>Findings by school</h2>");
    for (i, s) in report.schools.iter().enumerate() {
        let base = s.url.trim_end_matches('/');
        let _ = write!(
            h,
            "<section id=\"school-{i}\"><h3>{}</h3><p><a href=\"{}\">{}</a>{}</p>",
            esc(&s.name),
            esc(&s.url),
            esc(&s.url),
            s.error.as_deref().map(|e| format!(" — not audited: {}", esc(e))).unwrap_or_default()
        );
        let mut by_family: BTreeMap<&str, Vec<&TrustFinding>> = BTreeMap::new();
        for f in &s.findings {
            by_family.entry(f.rule.split('/').next().unwrap_or("")).or_default().push(f);
        }
        for (family, list) in by_family {
            let _ = write!(h, "<details><summary>{} ({})</summary><ul>", esc(family), list.len());
            for f in list {
                let at = f.asset.as_deref().or(f.page.as_deref());
                let link =
                    at.map(|p| format!(" <a href=\"{}{}\">{}</a>", esc(base), esc(p), esc(p))).unwrap_or_default();
                let _ =
                    write!(h, "<li>[{}] <code>{}</code> {}{}</li>", f.severity, esc(&f.rule), esc(&f.message), link);
            }
            h.push_str("</ul></details>");
        }
        h.push_str("</section>");
    }
    h.push_str("</body></html>\n");
    h
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
        let html = html_report(&report);
        assert!(html.contains("St &lt;Mary&gt;'s"));
        assert!(html.contains("class=\"red\""));
        assert!(html.contains("class=\"amber\""));
        assert!(html.contains("class=\"grey\""));
        assert!(report.has_errors());
        let csv = String::from_utf8(csv_report(&report).unwrap()).unwrap();
        assert!(csv.contains("dfe,2,0,0,red"), "{csv}");
        assert!(csv.contains("unreachable"), "{csv}");
    }
}

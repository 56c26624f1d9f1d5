//! SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, Azure
//! DevOps). Hand-rolled with `serde_json` as Ruff does: the subset we emit is
//! small and a full SARIF model crate would be most of the code we ship.
//!
//! Results point at the Markdown file to edit when known (relative to the
//! site root, as the repository holds it), else at the page or file URL.

use serde_json::{Value, json};

use super::{RenderOptions, display_path, rule_catalogue};
use crate::audit::{AuditReport, Finding, RuleMeta, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_json(r: &RuleMeta) -> Value {
    json!({
        "id": r.id,
        "name": r.id,
        "shortDescription": { "text": r.summary },
        "fullDescription": { "text": r.explanation },
        "help": { "text": r.explanation, "markdown": r.explanation },
        "defaultConfiguration": { "level": level(r.severity) },
    })
}

/// Percent-encodes what may not appear in a URI reference (RFC 3986), keeping
/// `/` so paths stay paths.
fn uri_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn result_json(f: &Finding, rule_index: usize, opts: &RenderOptions) -> Value {
    let loc = &f.location;
    let mut physical = serde_json::Map::new();
    match &loc.source {
        Some(src) => {
            let uri = display_path(&src.path, opts.root.as_deref());
            // Relative to the audited root (the repository, for a site kept
            // in one), as code scanning needs to annotate the file.
            physical.insert("artifactLocation".into(), json!({ "uri": uri_encode(&uri), "uriBaseId": "%SRCROOT%" }));
            if let Some(line) = src.line.filter(|&l| l >= 1) {
                physical.insert("region".into(), json!({ "startLine": line }));
            }
        }
        None => {
            let url = loc.asset.as_deref().or(loc.page.as_deref()).unwrap_or("/");
            physical.insert("artifactLocation".into(), json!({ "uri": uri_encode(url) }));
        }
    }
    let mut text = f.message.clone();
    if !f.help.is_empty() {
        text.push_str("\nHow to fix: ");
        text.push_str(&f.help);
    }
    let mut result = json!({
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": text },
        "locations": [ { "physicalLocation": physical } ],
    });
    // Pages and files are named too, so a dashboard can show both the file to
    // edit and the published address.
    let mut props = serde_json::Map::new();
    if let Some(p) = &loc.page {
        props.insert("page".into(), json!(p));
    }
    if let Some(a) = &loc.asset {
        props.insert("asset".into(), json!(a));
    }
    if !props.is_empty() {
        result["properties"] = Value::Object(props);
    }
    result
}

pub(super) fn render(report: &AuditReport, opts: &RenderOptions) -> String {
    let rules = rule_catalogue(&report.findings);
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let index = rules.iter().position(|r| r.id == f.rule).unwrap_or(0);
            result_json(f, index, opts)
        })
        .collect();
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "schoolgate",
                    "informationUri": super::INFORMATION_URI,
                    "version": opts.tool_version,
                    "rules": rules.iter().map(rule_json).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{opts, report};
    use super::*;

    /// Checks the properties SARIF 2.1.0 requires (or that GitHub code
    /// scanning needs) on what we emit.
    fn assert_valid_sarif(v: &Value) {
        assert_eq!(v["version"], "2.1.0");
        assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
        let runs = v["runs"].as_array().expect("runs is an array");
        assert_eq!(runs.len(), 1);
        let driver = &runs[0]["tool"]["driver"];
        assert_eq!(driver["name"], "schoolgate");
        assert!(driver["version"].is_string() && driver["informationUri"].is_string());
        let rules = driver["rules"].as_array().expect("rules");
        for r in rules {
            assert!(r["id"].is_string(), "rule needs id: {r}");
            assert!(r["shortDescription"]["text"].is_string());
            assert!(r["fullDescription"]["text"].is_string());
            assert!(r["help"]["text"].is_string());
            let level = r["defaultConfiguration"]["level"].as_str().unwrap();
            assert!(["error", "warning", "note", "none"].contains(&level));
        }
        for res in runs[0]["results"].as_array().expect("results") {
            // §3.27.10: a result needs message.text; ruleIndex must agree with ruleId.
            assert!(res["message"]["text"].is_string());
            let idx = res["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[idx]["id"], res["ruleId"], "ruleIndex points at the right rule");
            assert!(["error", "warning", "note", "none"].contains(&res["level"].as_str().unwrap()));
            for loc in res["locations"].as_array().unwrap() {
                let phys = &loc["physicalLocation"];
                let uri = phys["artifactLocation"]["uri"].as_str().unwrap();
                assert!(!uri.contains(' ') && !uri.is_empty(), "{uri}");
                if let Some(line) = phys.get("region").map(|r| &r["startLine"]) {
                    assert!(line.as_u64().unwrap() >= 1);
                }
            }
        }
    }

    #[test]
    fn valid_sarif_with_relative_paths_and_lines() {
        let r = report();
        let v: Value = serde_json::from_str(&render(&r, &opts())).unwrap();
        assert_valid_sarif(&v);
        let results = v["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), r.findings.len());

        let first = &results[0];
        assert_eq!(first["ruleId"], "consent/no-consent");
        assert_eq!(first["level"], "error");
        let phys = &first["locations"][0]["physicalLocation"];
        assert_eq!(phys["artifactLocation"]["uri"], "content/news/sports-day/index.md");
        assert_eq!(phys["region"]["startLine"], 12);
        assert_eq!(first["properties"]["asset"], "/news/sports-day/race.jpg");

        // Source without a line: no region. No source: the URL.
        let alt = &results[2]["locations"][0]["physicalLocation"];
        assert!(alt.get("region").is_none());
        assert_eq!(results[3]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "/about/building.jpg");
        assert_eq!(results[5]["level"], "note");
        // The message keeps quotes, `<`, `&` and the newline.
        assert!(results[1]["message"]["text"].as_str().unwrap().starts_with(&r.findings[1].message));
    }

    #[test]
    fn no_private_detail_and_paths_are_encoded() {
        let mut r = report();
        r.findings[0].location.source.as_mut().unwrap().path = "/srv/hollybrook/content/Sports Day.md".into();
        let text = render(&r, &opts());
        assert!(!text.contains("Patel"));
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_valid_sarif(&v);
        assert_eq!(
            v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "content/Sports%20Day.md"
        );
    }

    #[test]
    fn waiver_findings_point_at_the_waiver_rules() {
        let mut r = report();
        let staff = crate::register::StaffList {
            members: vec![crate::register::StaffMember {
                title: None,
                forename: "Amelia".into(),
                surname: "Jones".into(),
                role: None,
            }],
            source: "staff.csv".into(),
        };
        let checks = crate::audit::waivers::WaiverChecks {
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
            staff: Some(&staff),
        };
        let waivers = crate::audit::waivers::parse_waivers(
            "[[waiver]]\nrule = \"alt-text/missing\"\ntarget = \"/x/\"\nreason = \"r\"\nexpires = 2020-01-01\nby = \"Amelia Jones\"\n",
            std::path::Path::new("/srv/hollybrook/waivers.toml"),
            &checks,
        )
        .unwrap();
        crate::audit::waivers::apply_waivers(&mut r, &waivers, chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
        let v: Value = serde_json::from_str(&render(&r, &opts())).unwrap();
        assert_valid_sarif(&v);
        let res = v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["ruleId"] == crate::audit::waivers::EXPIRED)
            .unwrap();
        let rule = &v["runs"][0]["tool"]["driver"]["rules"][res["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["defaultConfiguration"]["level"], "warning");
        let phys = &res["locations"][0]["physicalLocation"];
        assert_eq!(phys["artifactLocation"]["uri"], "waivers.toml");
        assert_eq!(phys["region"]["startLine"], 1);
    }
}

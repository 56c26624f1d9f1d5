//! The report formats of `schoolgate audit`, read back the way CI tools read
//! them: JSON, SARIF 2.1.0 (code scanning), JUnit XML, GitHub annotations,
//! the terminal, and the private HTML report.
//!
//! The `image-metadata` fixture fails with findings of every kind of place:
//! whole-site (statutory), a page, and published files.

mod common;

use std::collections::BTreeMap;

use common::*;

fn failing() -> AuditRun {
    AuditRun::new("image-metadata")
}

/// (rule, severity) of every finding, from the JSON report of the same run.
fn json_findings() -> Vec<JsonFinding> {
    let r = failing().run();
    assert_eq!(r.code, Some(1), "{}", r.log);
    assert!(!r.findings.is_empty());
    r.findings
}

#[test]
fn json_has_the_schema_summary_and_findings() {
    let r = failing().run();
    assert_eq!(r.code, Some(1));
    let j = &r.json;
    assert_eq!(j["schema_version"], 1);
    assert_eq!(j["tool"]["name"], "schoolgate");
    let count = |sev: &str| r.findings.iter().filter(|f| f.severity == sev).count() as u64;
    assert_eq!(j["summary"]["errors"], count("error"));
    assert_eq!(j["summary"]["warnings"], count("warning"));
    assert_eq!(j["summary"]["info"], count("info"));
    assert_eq!(j["summary"]["pages_checked"], 1);
    assert_eq!(j["summary"]["assets_checked"], 3);
    assert_eq!(j["summary"]["publishable"], false);
    let gps = r.of("image-metadata/gps");
    assert_eq!(gps.len(), 2);
    assert!(gps.iter().all(|f| f.source.as_deref().is_some_and(|s| s.ends_with(".jpg"))));
    assert!(r.findings.iter().all(|f| ["error", "warning", "info"].contains(&f.severity.as_str())));
    r.assert_private();
}

#[test]
fn sarif_is_valid_2_1_0_with_rule_indexes_that_point_at_the_right_rule() {
    let expected = json_findings();
    let (out, text) = failing().run_format("sarif");
    assert_eq!(out.status.code(), Some(1), "{}", common::text(&out));
    let sarif: serde_json::Value = serde_json::from_str(&text).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif-2.1.0"), "{}", sarif["$schema"]);
    let runs = sarif["runs"].as_array().expect("runs[]");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "schoolgate");
    let rules = driver["rules"].as_array().expect("rules[]");
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().expect("rule id")).collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "rule ids are unique");
    for id in ["consent/photo-without-consent", "image-metadata/gps", "dfe/pupil-premium-strategy"] {
        assert!(ids.contains(&id), "{id} in the rule list");
    }

    let results = runs[0]["results"].as_array().expect("results[]");
    assert_eq!(results.len(), expected.len(), "one result per finding");
    let mut by_rule: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for res in results {
        let rule_id = res["ruleId"].as_str().expect("ruleId");
        let index = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(ids.get(index), Some(&rule_id), "ruleIndex {index} points at {rule_id}");
        let level = res["level"].as_str().expect("level");
        assert!(["error", "warning", "note", "none"].contains(&level), "{level}");
        let text = res["message"]["text"].as_str().expect("message.text");
        assert!(!text.trim().is_empty());
        assert_no_surnames(text);
        let locations = res["locations"].as_array().expect("locations[]");
        assert!(!locations.is_empty(), "{rule_id} has a location");
        for loc in locations {
            let uri = loc["physicalLocation"]["artifactLocation"]["uri"].as_str().expect("artifactLocation.uri");
            assert!(!uri.is_empty());
        }
        by_rule.entry(rule_id.to_string()).or_default().push(level.to_string());
    }
    // Same findings, same severities as the JSON report (info → note).
    let mut want: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &expected {
        let level = if f.severity == "info" { "note" } else { f.severity.as_str() };
        want.entry(f.rule.clone()).or_default().push(level.to_string());
    }
    for v in by_rule.values_mut().chain(want.values_mut()) {
        v.sort();
    }
    assert_eq!(by_rule, want);
    // A finding about a published file points at that file.
    let gps = results.iter().find(|r| r["ruleId"] == "image-metadata/gps").unwrap();
    let uri = gps["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
    assert!(uri.ends_with("photos/front-entrance.jpg") || uri.ends_with("photos/relay-race.jpg"), "{uri}");
}

#[test]
fn junit_parses_and_its_failure_counts_match() {
    let expected = json_findings();
    let (out, xml) = failing().run_format("junit");
    assert_eq!(out.status.code(), Some(1));
    let doc = roxmltree::Document::parse(&xml).expect("JUnit is XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let mut total = 0;
    for suite in root.children().filter(|n| n.has_tag_name("testsuite")) {
        let cases: Vec<_> = suite.children().filter(|n| n.has_tag_name("testcase")).collect();
        let failed = cases.iter().filter(|c| c.children().any(|n| n.has_tag_name("failure"))).count();
        assert_eq!(
            suite.attribute("failures").unwrap().parse::<usize>().unwrap(),
            failed,
            "{:?}",
            suite.attribute("name")
        );
        assert_eq!(suite.attribute("tests").unwrap().parse::<usize>().unwrap(), cases.len());
        total += failed;
    }
    assert_eq!(root.attribute("failures").unwrap().parse::<usize>().unwrap(), total);
    // A failing case per rule and place with a warning or error; the
    // JSON report gives the places.
    let mut places: Vec<(String, Option<String>, Option<String>)> = expected
        .iter()
        .filter(|f| f.severity != "info")
        .map(|f| (f.rule.clone(), f.page.clone(), f.asset.clone()))
        .collect();
    places.sort();
    places.dedup();
    assert_eq!(total, places.len(), "{places:#?}");
    let gps_failures = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase") && n.attribute("classname") == Some("image-metadata/gps"))
        .filter(|n| n.children().any(|c| c.has_tag_name("failure")))
        .count();
    assert_eq!(gps_failures, 2);
    assert_no_surnames(&xml);
}

#[test]
fn github_lines_are_workflow_commands() {
    let expected = json_findings();
    let (out, text) = failing().run_format("github");
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), expected.len(), "one annotation per finding (newlines escaped)");
    for line in &lines {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning ") || line.starts_with("::notice "),
            "{line}"
        );
        assert!(line.contains("title=schoolgate "), "{line}");
    }
    let count = |prefix: &str| lines.iter().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(count("::error "), expected.iter().filter(|f| f.severity == "error").count());
    assert_eq!(count("::warning "), expected.iter().filter(|f| f.severity == "warning").count());
    let gps = lines.iter().find(|l| l.contains("image-metadata/gps")).unwrap();
    assert!(gps.starts_with("::error file=") && gps.contains("front-entrance.jpg"), "{gps}");
    assert_no_surnames(&text);
}

#[test]
fn github_annotations_never_name_a_pupil_from_a_file_name() {
    let (_, text) = AuditRun::new("names").run_format("github");
    let names: Vec<&str> = text.lines().filter(|l| l.contains("title=schoolgate names/")).collect();
    assert!(!names.is_empty());
    for line in names {
        // `::error file=…,title=…::message (location)`: the location is the
        // real one (the file is in the repository already, and an annotation
        // must point at it); the message's own words never spell the surname.
        let message = line.splitn(3, "::").nth(2).unwrap();
        let words =
            message.replace("/gallery/HarryPatel_100m.jpg", "").replace("/news/harry-patel-star-of-the-week/", "");
        assert!(!words.to_lowercase().contains("patel"), "{line}");
    }
}

#[test]
fn terminal_groups_by_page_and_file_and_ends_with_a_summary() {
    let r = failing().config("clean.toml");
    let (out, text) = r.run_format("terminal");
    assert_eq!(out.status.code(), Some(1));
    let headings: Vec<&str> = text.lines().filter(|l| !l.is_empty() && !l.starts_with(' ')).collect();
    // Page and file groups, most urgent first; then the summary block; then the verdict.
    assert_eq!(headings.len(), 5, "{text}");
    assert_eq!(headings[..3], ["Page /", "File /photos/front-entrance.jpg", "File /photos/relay-race.jpg"], "{text}");
    assert_eq!(headings[3], "Summary, most urgent first");
    // Each finding sits under its group, with the file to edit and the rule.
    let page_block = text.split("File /photos/front-entrance.jpg").next().unwrap();
    assert!(page_block.contains("consent/photo-without-consent"), "{page_block}");
    let summary = text.trim_end().lines().last().unwrap();
    // 3 warnings: a caption left in a photo and two menu links to pages the export left out.
    assert!(summary.starts_with("7 errors, 3 warnings, 1 info (33 waived)"), "{summary}");
    assert!(
        summary.contains("the audit FAILED") && !summary.contains("will NOT be published"),
        "an audit publishes nothing: {summary}"
    );
    assert!(text.contains("How to fix:") && text.contains("[rule image-metadata/gps]"));
    assert!(!text.contains('\u{1b}'), "no colour in a file");
    assert_no_surnames(&text);
}

#[test]
fn terminal_summary_of_a_clean_folder_says_it_may_be_published() {
    let (out, text) = AuditRun::new("clean").config("clean.toml").run_format("terminal");
    assert_eq!(out.status.code(), Some(0), "{text}");
    let summary = text.trim_end().lines().last().unwrap_or_default().to_string();
    assert!(summary.contains("waived") && !summary.contains("NOT"), "{summary}");
}

/// Runs the audit on a pseudo-terminal (`script`), where colour is on
/// unless `NO_COLOR` is set. None when `script` is not installed.
fn on_a_terminal(no_color: bool) -> Option<String> {
    let quote = |p: &std::path::Path| format!("'{}'", p.display().to_string().replace('\'', "'\\''"));
    let bin = assert_cmd::cargo::cargo_bin("schoolgate");
    let command = format!(
        "{} audit {} --today 2026-11-29 --school-type community",
        quote(&bin),
        quote(&audit_fixture("alt-text"))
    );
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec", &command, "/dev/null"]);
    cmd.env_remove("NO_COLOR");
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd.output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn no_color_turns_off_ansi_escapes_on_a_terminal() {
    let Some(coloured) = on_a_terminal(false) else {
        eprintln!("`script` is not installed: skipping the terminal colour test");
        return;
    };
    assert!(coloured.contains("\u{1b}["), "colour on a terminal by default:\n{coloured}");
    let plain = on_a_terminal(true).unwrap();
    assert!(plain.contains("alt-text/missing"), "{plain}");
    assert!(!plain.contains('\u{1b}'), "NO_COLOR gives no escapes:\n{plain}");
}

#[test]
fn private_report_is_written_outside_the_folder_and_names_the_pupil() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("private.html");
    let (out, _) = failing().arg("--report").arg(&report).run_format("json");
    assert_eq!(out.status.code(), Some(1), "{}", common::text(&out));
    let html = std::fs::read_to_string(&report).expect("private report written");
    assert!(html.contains("<html") || html.contains("<!DOCTYPE"), "{}", &html[..html.len().min(200)]);
    assert!(html.contains("Harry Patel"), "the private report has the full detail");
    assert!(html.contains("relay-race.jpg"));
}

#[test]
fn private_report_inside_the_audited_folder_is_refused() {
    let site = tempfile::tempdir().unwrap();
    copy_dir(&audit_fixture("image-metadata"), site.path());
    let inside = site.path().join("private.html");
    let mut run = failing().arg("--report").arg(&inside);
    run.site = site.path().to_path_buf();
    let (out, _) = run.run_format("json");
    let t = common::text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains("private.html") && t.contains("inside"), "{t}");
    assert!(!inside.exists(), "nothing written into the folder to publish");
    assert_no_surnames(&t);
}

#[test]
fn report_output_inside_the_audited_folder_is_refused() {
    let site = tempfile::tempdir().unwrap();
    copy_dir(&audit_fixture("alt-text"), site.path());
    let inside = site.path().join("audit.json");
    let mut run = AuditRun::new("alt-text").arg("--format").arg("json").arg("--output").arg(&inside);
    run.site = site.path().to_path_buf();
    let out = run.command().output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", common::text(&out));
    assert!(!inside.exists());
}

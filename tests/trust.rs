//! `schoolgate audit --trust` end to end: the five schools of `fixtures/trust/`
//! are served by real HTTP servers on 127.0.0.1 (random ports), the fifth
//! school's address is a closed port, and the real binary writes the trust
//! report. The dashboard check in headless Chromium is `#[ignore]`d because it
//! needs the Debian `chromium` package:
//!
//! ```sh
//! cargo test --test trust -- --ignored dashboard_in_chromium
//! # screenshot: target/screenshots/trust-dashboard.png
//! ```

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/trust")
}

/// A port nothing listens on: bind, note the port, close.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

const SCHOOLS: [(&str, &str); 5] = [
    ("Oak Lane Primary Academy", "oak-lane"),
    ("Birch Hill Primary Academy", "birch-hill"),
    ("Cedar Road Primary Academy", "cedar-road"),
    ("Damson Way Primary Academy", "damson-way"),
    ("Elm Tree Primary Academy", ""),
];

/// Starts the four live sites, writes `trust.toml` into `dir` and returns its path.
fn write_trust(dir: &Path) -> PathBuf {
    let mut toml = String::from("parallel_sites = 5\n[crawl]\ntimeout_seconds = 5\nretries = 0\n\n");
    for (i, (name, folder)) in SCHOOLS.iter().enumerate() {
        let url = if folder.is_empty() {
            format!("http://127.0.0.1:{}/", closed_port())
        } else {
            common::serve_folder(fixtures().join(folder))
        };
        toml.push_str(&format!(
            "[[school]]\nname = \"{name}\"\nurl = \"{url}\"\ntype = \"academy\"\nphase = \"primary\"\nurn = \"1400{i:02}\"\n"
        ));
        if *folder == "birch-hill" {
            let register = fixtures().join("birch-hill-register.csv");
            toml.push_str(&format!("register = \"{}\"\n", register.display()));
        }
        toml.push('\n');
    }
    let path = dir.join("trust.toml");
    std::fs::write(&path, toml).unwrap();
    path
}

/// Runs the real binary and returns (exit code, report folder).
fn run_trust_audit(dir: &Path) -> (Option<i32>, PathBuf) {
    let trust = write_trust(dir);
    let out = dir.join("report");
    let status = Command::new(env!("CARGO_BIN_EXE_schoolgate"))
        .args(["audit", "--trust"])
        .arg(&trust)
        .arg("--output")
        .arg(&out)
        .args(["--today", "2026-11-29"])
        .output()
        .unwrap();
    assert!(out.join("trust-report.json").exists(), "no report; stderr:\n{}", String::from_utf8_lossy(&status.stderr));
    (status.status.code(), out)
}

fn school<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["schools"].as_array().unwrap().iter().find(|s| s["name"] == name).unwrap_or_else(|| panic!("{name} missing"))
}

fn rag(s: &Value, family: &str) -> String {
    let f = &s["families"][family];
    if f.is_null() {
        return "green".into();
    }
    if f["errors"].as_u64().unwrap() > 0 {
        "red".into()
    } else if f["warnings"].as_u64().unwrap() > 0 {
        "amber".into()
    } else {
        "green".into()
    }
}

fn rules(s: &Value) -> Vec<String> {
    s["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect()
}

#[test]
fn trust_audit_reports_every_school_and_isolates_the_down_one() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = run_trust_audit(dir.path());
    assert_eq!(code, Some(1), "errors and an unreachable school fail the run");
    let report: Value = serde_json::from_slice(&std::fs::read(out.join("trust-report.json")).unwrap()).unwrap();
    assert_eq!(report["date"], "2026-11-29");
    assert_eq!(report["schools"].as_array().unwrap().len(), 5);

    // The down school is recorded, not fatal, and the four others were all crawled.
    let elm = school(&report, "Elm Tree Primary Academy");
    assert_eq!(elm["status"], "unreachable");
    assert!(elm["error"].as_str().is_some_and(|e| !e.is_empty()));
    for (name, folder) in &SCHOOLS[..4] {
        let s = school(&report, name);
        assert_eq!(s["status"], "audited", "{name}: {s}");
        let on_disk = walk_pages(&fixtures().join(folder));
        assert!(s["pages"].as_u64().unwrap() as usize >= on_disk, "{name} crawled {} of {on_disk} pages", s["pages"]);
    }

    // Oak Lane: every statutory page, no photos, no broken links.
    let oak = school(&report, "Oak Lane Primary Academy");
    assert_eq!(rag(oak, "consent"), "green");
    assert_eq!(rag(oak, "crawl"), "green");
    assert_eq!(rag(oak, "links"), "green");

    // Birch Hill: Harry Patel (no photo consent) is tagged in a published photo.
    let birch = school(&report, "Birch Hill Primary Academy");
    assert_eq!(rag(birch, "consent"), "red", "{birch}");
    let consent: Vec<&Value> = birch["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("consent/"))
        .collect();
    assert!(
        consent.iter().any(|f| f["asset"].as_str().is_some_and(|a| a.contains("sports-day-relay.jpg"))),
        "{consent:?}"
    );
    // The report is meant for sharing: no full names in it.
    let birch_text = birch.to_string();
    assert!(!birch_text.contains("Patel"), "full name leaked: {birch_text}");

    // Cedar Road: most statutory pages missing, so its DfE column is red and
    // it has more DfE findings than Oak Lane.
    let cedar = school(&report, "Cedar Road Primary Academy");
    let dfe = |s: &Value| rules(s).iter().filter(|r| r.starts_with("dfe/")).count();
    assert_eq!(rag(cedar, "dfe"), "red", "{cedar}");
    assert!(dfe(cedar) > dfe(oak), "cedar {} vs oak {}", dfe(cedar), dfe(oak));

    // Damson Way: a 500 and two dead links.
    let damson = school(&report, "Damson Way Primary Academy");
    let text = damson["findings"].to_string();
    assert!(text.contains("term-dates"), "{text}");
    assert!(text.contains("autumn-2026"), "{text}");
    assert!(text.contains("prospectus.pdf"), "{text}");
    assert_ne!(rag(damson, "crawl"), "green", "{damson}");

    // CSV: one or more rows per school; the down one has its own row.
    let csv = std::fs::read_to_string(out.join("trust-report.csv")).unwrap();
    for (name, _) in SCHOOLS {
        assert!(csv.lines().any(|l| l.starts_with(name)), "{name} not in CSV:\n{csv}");
    }
    assert!(csv.lines().any(|l| l.starts_with("Elm Tree") && l.contains("unreachable")), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("Birch Hill") && l.contains(",consent,") && l.ends_with("red")), "{csv}");
}

fn walk_pages(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| if p.is_dir() { walk_pages(&p) } else { usize::from(p.file_name().unwrap() == "index.html") })
        .sum()
}

#[test]
#[ignore = "needs chromium"]
fn dashboard_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let (_, out) = run_trust_audit(dir.path());
    let html = out.join("trust-report.html");
    let url = format!("file://{}", html.display());
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let shot = shots.join("trust-dashboard.png");
    let _ = std::fs::remove_file(&shot);
    let chromium = |extra: &[&str]| {
        let mut args = extra.to_vec();
        args.push(&url);
        let out = common::chromium(&args);
        assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let dom = chromium(&["--dump-dom"]);
    assert!(dom.contains("<table id=\"grid\""), "{dom}");
    for (name, _) in SCHOOLS {
        let row = format!("\">{name}</a></th>");
        assert!(dom.contains(&row), "{name} has no row in the dashboard");
    }
    chromium(&[&format!("--screenshot={}", shot.display()), "--window-size=1400,900"]);
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "screenshot is {} bytes", png.len());
}

#[test]
#[ignore = "needs chromium"]
fn a_javascript_only_school_is_rendered_in_a_trust_audit_as_in_a_single_audit() {
    // A history-router app on a real SPA host, beside an ordinary site.
    let app = schoolgate::source::render::FolderServer::start(&common::fixture("sites/spa/history")).unwrap();
    let oak = common::serve_folder(fixtures().join("oak-lane"));
    let dir = tempfile::tempdir().unwrap();
    let register = common::fixture("sites/audit/lists/register.csv");
    let toml = format!(
        "[crawl]\ntimeout_seconds = 5\nretries = 0\n\n\
         [[school]]\nname = \"Rowan App Primary\"\nurl = \"{}\"\ntype = \"academy\"\nphase = \"primary\"\nregister = \"{}\"\n\n\
         [[school]]\nname = \"Oak Lane Primary Academy\"\nurl = \"{oak}\"\ntype = \"academy\"\nphase = \"primary\"\n",
        app.url(),
        register.display()
    );
    std::fs::write(dir.path().join("trust.toml"), toml).unwrap();
    let out = dir.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_schoolgate"))
        .args(["audit", "--trust"])
        .arg(dir.path().join("trust.toml"))
        .arg("--output")
        .arg(&out)
        .args(["--today", "2026-11-29", "--quiet"])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1), "the app shows an unconsented photo");
    let report: Value = serde_json::from_slice(&std::fs::read(out.join("trust-report.json")).unwrap()).unwrap();
    let rowan = school(&report, "Rowan App Primary");
    assert_eq!(rowan["rendered"], true, "{rowan}");
    assert_eq!(rowan["javascript_only"], false, "{rowan}");
    assert!(rowan["pages"].as_u64().unwrap() >= 8, "the routes are pages: {}", rowan["pages"]);
    let found = rowan["statutory"]["found"].to_string();
    assert!(found.contains("/parent-and-carer/school-day"), "{found}");
    assert!(
        rules(rowan).contains(&"consent/photo-without-consent".to_string()),
        "the photo only the rendered route shows is checked: {:?}",
        rules(rowan)
    );
    let oak = school(&report, "Oak Lane Primary Academy");
    assert_eq!(oak["rendered"], false, "an ordinary site starts no browser");
    let html = std::fs::read_to_string(out.join("trust-report.html")).unwrap();
    assert!(html.contains("run in headless Chromium"), "the dashboard says the app was rendered");
}

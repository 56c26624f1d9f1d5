//! Helpers for integration tests: copy a fixture site into a temporary
//! folder and run the real binary on it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    repo().join("fixtures").join(rel)
}

/// Copies `src` into `dst` recursively.
pub fn copy_dir(src: &Path, dst: &Path) {
    // Build state left by running the binary by hand is not part of a fixture.
    let walk = walkdir::WalkDir::new(src)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".schoolgate" && e.file_name() != "public");
    for entry in walk {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(src).unwrap();
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A writable copy of `fixtures/sites/<name>`.
pub fn site(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(&format!("sites/{name}")), dir.path());
    dir
}

pub fn schoolgate() -> Command {
    let mut cmd = Command::cargo_bin("schoolgate").unwrap();
    cmd.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    cmd
}

/// Runs `schoolgate build` on `root` with a fixed date.
pub fn build(root: &Path, extra: &[&str]) -> Output {
    schoolgate().args(["build", "--quiet", "--today", "2026-11-29", "--root"]).arg(root).args(extra).output().unwrap()
}

pub fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// The basic fixture site with the repo's real template folder.
pub fn basic_site() -> tempfile::TempDir {
    let site = site("basic");
    copy_dir(&repo().join("site-template"), &site.path().join("site-template"));
    site
}

/// [`basic_site`], built once cleanly so that `public/` holds a previous
/// good site, and that site's files.
pub fn built_site() -> (tempfile::TempDir, Vec<(PathBuf, Vec<u8>)>) {
    let site = basic_site();
    let out = build(site.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let before = snapshot(&site.path().join("public"));
    (site, before)
}

/// Every file under `dir` with its bytes, for before/after comparisons.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} does not contain {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// `fixtures/sites/audit/<rel>`: HTML folders exported from other CMSs, and
/// the lists and configs the audit tests give them.
pub fn audit_fixture(rel: &str) -> PathBuf {
    fixture(&format!("sites/audit/{rel}"))
}

/// Surnames of the fixture pupils: none may appear in what CI logs show.
pub const SURNAMES: &[&str] = &["Patel", "Khan", "O'Neill", "O’Neill", "ONeill", "Brown"];

/// Asserts that `text` (a message, or a whole CI log) names no pupil.
pub fn assert_no_surnames(text: &str) {
    for s in SURNAMES {
        assert!(!text.contains(s), "a pupil's surname ({s}) is in CI output:\n{text}");
    }
}

/// One run of `schoolgate audit` on a fixture folder, with the options every
/// test shares: the 2026-27 register, the staff list, a community primary
/// school, a fixed date, `--deny warnings`. Override with the setters.
pub struct AuditRun {
    pub site: PathBuf,
    pub today: String,
    pub register: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub school_type: Option<String>,
    pub extra: Vec<std::ffi::OsString>,
    /// `--deny warnings` (on unless turned off).
    pub deny_warnings: bool,
    pub staff: PathBuf,
}

impl AuditRun {
    pub fn new(site: &str) -> Self {
        AuditRun {
            site: audit_fixture(site),
            today: "2026-11-29".into(),
            register: Some(audit_fixture("lists/register.csv")),
            config: None,
            school_type: Some("community".into()),
            extra: Vec::new(),
            deny_warnings: true,
            staff: fixture("registers/staff.csv"),
        }
    }
    /// Audit a folder outside `fixtures/sites/audit/`.
    pub fn site_path(mut self, path: PathBuf) -> Self {
        self.site = path;
        self
    }
    pub fn staff(mut self, path: PathBuf) -> Self {
        self.staff = path;
        self
    }
    pub fn today(mut self, date: &str) -> Self {
        self.today = date.into();
        self
    }
    pub fn register(mut self, path: Option<PathBuf>) -> Self {
        self.register = path;
        self
    }
    /// A config from `fixtures/sites/audit/configs/`.
    pub fn config(mut self, name: &str) -> Self {
        self.config = Some(audit_fixture(&format!("configs/{name}")));
        self
    }
    pub fn school_type(mut self, t: Option<&str>) -> Self {
        self.school_type = t.map(str::to_string);
        self
    }
    pub fn without_deny(mut self) -> Self {
        self.deny_warnings = false;
        self
    }
    pub fn arg(mut self, a: impl Into<std::ffi::OsString>) -> Self {
        self.extra.push(a.into());
        self
    }

    pub fn command(&self) -> Command {
        let mut cmd = schoolgate();
        cmd.arg("audit").arg(&self.site);
        if let Some(r) = &self.register {
            cmd.arg("--register").arg(r);
        }
        cmd.arg("--staff").arg(&self.staff);
        if let Some(c) = &self.config {
            cmd.arg("--config").arg(c);
        }
        if let Some(t) = &self.school_type {
            cmd.args(["--school-type", t]);
        }
        cmd.args(["--phase", "primary", "--urn", "100001", "--today", &self.today]);
        if self.deny_warnings {
            cmd.args(["--deny", "warnings"]);
        }
        cmd.args(&self.extra);
        cmd
    }

    /// Runs with `--format <format> --output <tmp file>`; returns the
    /// process output and the report's text.
    pub fn run_format(&self, format: &str) -> (Output, String) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("report.out");
        let out = self.command().args(["--format", format, "--output"]).arg(&file).output().unwrap();
        let report = std::fs::read_to_string(&file).unwrap_or_default();
        (out, report)
    }

    /// Runs with `--format json` and parses the findings.
    pub fn run(&self) -> Audited {
        let (out, report) = self.run_format("json");
        let json: serde_json::Value = if report.is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_str(&report).unwrap_or_else(|e| panic!("JSON report does not parse: {e}\n{report}"))
        };
        let findings =
            json["findings"].as_array().map(|a| a.iter().map(JsonFinding::from).collect()).unwrap_or_default();
        Audited { code: out.status.code(), log: text(&out), json, findings }
    }
}

/// One finding read back from the JSON report.
#[derive(Debug, Clone)]
pub struct JsonFinding {
    pub rule: String,
    pub severity: String,
    pub message: String,
    pub help: String,
    pub page: Option<String>,
    pub asset: Option<String>,
    pub source: Option<String>,
    pub line: Option<u64>,
}

impl From<&serde_json::Value> for JsonFinding {
    fn from(v: &serde_json::Value) -> Self {
        let s = |k: &str| v[k].as_str().map(str::to_string);
        JsonFinding {
            rule: s("rule").unwrap(),
            severity: s("severity").unwrap(),
            message: s("message").unwrap(),
            help: s("help").unwrap_or_default(),
            page: s("page"),
            asset: s("asset"),
            source: v["source"]["path"].as_str().map(str::to_string),
            line: v["source"]["line"].as_u64(),
        }
    }
}

/// The result of one audit run.
#[derive(Debug)]
pub struct Audited {
    pub code: Option<i32>,
    /// stdout and stderr.
    pub log: String,
    pub json: serde_json::Value,
    pub findings: Vec<JsonFinding>,
}

impl Audited {
    /// Findings of one rule.
    pub fn of(&self, rule: &str) -> Vec<&JsonFinding> {
        self.findings.iter().filter(|f| f.rule == rule).collect()
    }
    /// Findings whose rule starts with `prefix` (a family: "names/").
    pub fn family(&self, prefix: &str) -> Vec<&JsonFinding> {
        self.findings.iter().filter(|f| f.rule.starts_with(prefix)).collect()
    }
    /// Findings about one published file.
    pub fn about_asset(&self, url: &str) -> Vec<&JsonFinding> {
        self.findings.iter().filter(|f| f.asset.as_deref() == Some(url)).collect()
    }
    /// Findings located on one page.
    pub fn on_page(&self, url: &str) -> Vec<&JsonFinding> {
        self.findings.iter().filter(|f| f.page.as_deref() == Some(url)).collect()
    }
    /// No message or help text names a pupil.
    pub fn assert_private(&self) {
        self.assert_private_in("");
    }
    /// No message or help text of the rules starting with `prefix` names a pupil.
    pub fn assert_private_in(&self, prefix: &str) {
        for f in self.family(prefix) {
            assert_no_surnames(&f.message);
            assert_no_surnames(&f.help);
        }
    }
}

/// Runs headless Chromium (Debian package `chromium`) with the flags this
/// closed network needs, in a throw-away profile.
pub fn chromium(args: &[&str]) -> Output {
    let profile = tempfile::tempdir().unwrap();
    std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .output()
        .expect("chromium is installed (apt-get install chromium)")
}

/// Serves one fixture folder as a static site. Any path under `/term-dates/`
/// answers 500 (a broken CMS page); anything not on disk answers 404.
pub fn serve_folder(folder: PathBuf) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    serve_router(listener, axum::Router::new().fallback(static_file).with_state(folder))
}

/// Serves `app` on `listener` (bound on 127.0.0.1) from a thread of its own;
/// returns the base address.
pub fn serve_router(listener: std::net::TcpListener, app: axum::Router) -> String {
    listener.set_nonblocking(true).unwrap();
    let addr: std::net::SocketAddr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    format!("http://{addr}/")
}

async fn static_file(
    axum::extract::State(root): axum::extract::State<PathBuf>,
    req: axum::extract::Request,
) -> axum::response::Response {
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    let path = req.uri().path().trim_start_matches('/').to_string();
    if path.starts_with("term-dates") {
        return (StatusCode::INTERNAL_SERVER_ERROR, "database error").into_response();
    }
    if path.split('/').any(|seg| seg == "..") {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut file = root.join(&path);
    if path.is_empty() || path.ends_with('/') {
        file = file.join("index.html");
    }
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("jpg") => "image/jpeg",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    };
    match std::fs::read(&file) {
        Ok(bytes) => ([(header::CONTENT_TYPE, kind)], bytes).into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

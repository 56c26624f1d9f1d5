//! The crawler against real HTTP servers on 127.0.0.1 (random ports), serving
//! `fixtures/sites/live/` plus generated fault routes: 500s then success, a
//! timeout, a slow-but-fine page, a redirect loop, a robots.txt disallow, a
//! huge page, an endless calendar, and a site that is down.

mod common;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use schoolgate::source::crawl::{self, CrawlOptions, CrawlResult, ProblemKind};
use url::Url;

#[derive(Default)]
struct Server {
    flaky_hits: AtomicUsize,
    not_modified: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    user_agents: Mutex<Vec<String>>,
    requests: Mutex<Vec<String>>,
    base: Mutex<String>,
    /// Serve the slow and oversized fault routes (off for the CLI runs, whose
    /// default limits would make them slow; they answer 404 instead).
    heavy_faults: bool,
}

/// Starts the fixture server on a random port in a background thread.
fn serve() -> (Url, Arc<Server>) {
    serve_with(true)
}

fn serve_with(heavy_faults: bool) -> (Url, Arc<Server>) {
    let state = Arc::new(Server { heavy_faults, ..Server::default() });
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    *state.base.lock().unwrap() = format!("http://{addr}");
    let app = Router::new().fallback(handle).with_state(state.clone());
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    (Url::parse(&format!("http://{addr}/")).unwrap(), state)
}

async fn handle(State(s): State<Arc<Server>>, req: Request) -> Response {
    // A timed-out request to /slow/ keeps sleeping here after the crawler gave
    // up on it, so it is left out of the concurrency count.
    let counted = req.uri().path() != "/slow/";
    if counted {
        let now = s.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        s.max_in_flight.fetch_max(now, Ordering::SeqCst);
    }
    let ua = req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    s.user_agents.lock().unwrap().push(ua);
    s.requests.lock().unwrap().push(req.uri().to_string());
    let (path, query) = (req.uri().path().to_string(), req.uri().query().unwrap_or("").to_string());
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string);
    drop(req);
    let resp = route(&s, &path, &query, if_none_match.as_deref()).await;
    if counted {
        s.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
    resp
}

fn html(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

async fn route(s: &Server, path: &str, query: &str, if_none_match: Option<&str>) -> Response {
    if !s.heavy_faults && matches!(path, "/slow/" | "/huge/" | "/bomb/") {
        return StatusCode::NOT_FOUND.into_response();
    }
    match path {
        // Fails twice, then works: retries must get it.
        "/flaky/" => {
            if s.flaky_hits.fetch_add(1, Ordering::SeqCst) < 2 {
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            } else {
                html("<title>Term dates</title><h1>Term dates</h1><p>Autumn term starts 3 September.</p>".into())
            }
        }
        "/broken/" => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        // Longer than the crawl's timeout.
        "/slow/" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            html("<p>too late</p>".into())
        }
        // Slow, but within the timeout: must be audited.
        "/delayed/" => {
            tokio::time::sleep(Duration::from_millis(300)).await;
            html("<title>Clubs</title><h1>Clubs</h1><p>Chess club on Tuesdays.</p>".into())
        }
        "/loop-a" => redirect("/loop-b"),
        "/loop-b" => redirect("/loop-a"),
        // 64 MiB of zeros in ~64 KiB of gzip: the decoded-size cap must stop it.
        "/bomb/" => gzip_bomb(),
        "/huge/" => html(format!("<p>{}</p>", "x".repeat(3 * 1024 * 1024))),
        // Every month links to the next, for ever.
        "/calendar" => {
            let month: u64 = query.strip_prefix("month=").and_then(|m| m.parse().ok()).unwrap_or(1);
            html(format!("<h1>Calendar</h1><a href=\"/calendar?month={}\">Next month</a>", month + 1))
        }
        _ => static_file(s, path, if_none_match),
    }
}

fn gzip_bomb() -> Response {
    let deflated = miniz_oxide::deflate::compress_to_vec(&vec![0u8; 64 * 1024 * 1024], 9);
    // gzip header, raw deflate, then a trailer the client never reaches.
    let mut body = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    body.extend_from_slice(&deflated);
    body.extend_from_slice(&[0; 8]);
    ([(header::CONTENT_TYPE, "text/html"), (header::CONTENT_ENCODING, "gzip")], Body::from(body)).into_response()
}

fn redirect(to: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, to.to_string())]).into_response()
}

/// Fixture files carry an ETag and answer `304` to a matching `If-None-Match`.
fn static_file(s: &Server, path: &str, if_none_match: Option<&str>) -> Response {
    let mut rel = path.trim_start_matches('/').to_string();
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    }
    if rel.contains("..") {
        return StatusCode::BAD_REQUEST.into_response();
    }
    let file = common::fixture("sites/live").join(&rel);
    let Ok(bytes) = std::fs::read(&file) else { return StatusCode::NOT_FOUND.into_response() };
    let etag = format!("\"{:x}-{}\"", bytes.iter().map(|&b| b as u64).sum::<u64>(), bytes.len());
    if if_none_match == Some(etag.as_str()) {
        s.not_modified.fetch_add(1, Ordering::SeqCst);
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    let ext = rel.rsplit('.').next().unwrap_or("");
    let mime = match ext {
        "html" => "text/html; charset=utf-8",
        "jpg" => "image/jpeg",
        "xml" => "application/xml",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    };
    let bytes = if matches!(ext, "xml" | "txt") {
        String::from_utf8_lossy(&bytes).replace("{{BASE}}", &s.base.lock().unwrap()).into_bytes()
    } else {
        bytes
    };
    ([(header::CONTENT_TYPE, mime.to_string()), (header::ETAG, etag)], Body::from(bytes)).into_response()
}

/// Fast limits so fault paths finish quickly.
fn test_options() -> CrawlOptions {
    CrawlOptions {
        concurrency_per_host: 2,
        timeout: Duration::from_secs(1),
        connect_timeout: Duration::from_secs(1),
        retries: 2,
        backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(100),
        max_page_bytes: 1024 * 1024,
        max_calendar_pages: 10,
        max_duration: Duration::from_secs(15),
        ..CrawlOptions::default()
    }
}

fn problem<'a>(r: &'a CrawlResult, url: &str) -> Option<&'a ProblemKind> {
    r.problems.iter().find(|p| p.url == url).map(|p| &p.kind)
}

#[test]
fn crawls_the_fixture_site_and_records_every_fault() {
    let (base, server) = serve();
    let started = Instant::now();
    let r = crawl::crawl(&base, &test_options());
    let took = started.elapsed();
    assert!(took < Duration::from_secs(12), "crawl took {took:?}");

    assert_eq!(r.site.base_url.as_deref(), Some(base.as_str().trim_end_matches('/')));
    let pages: Vec<&str> = r.site.pages.iter().map(|p| p.url.as_str()).collect();
    // Linked pages, the sitemap-only page, the retried and the slow-but-fine pages.
    for url in ["/", "/about/", "/news/", "/news/garden.html", "/news/sports-day.html", "/flaky/", "/delayed/"] {
        assert!(pages.contains(&url), "{url} missing from {pages:?}");
    }
    // `/about/index.html?utm_source=…#staff` is the same page as `/about/`.
    assert_eq!(pages.iter().filter(|p| p.starts_with("/about")).count(), 1, "{pages:?}");
    assert!(!pages.iter().any(|p| p.starts_with("/staff-only")), "robots.txt disallow ignored: {pages:?}");

    let garden = r.site.assets.iter().find(|a| a.url == "/images/garden.jpg").expect("image fetched");
    let tags = garden.original_metadata.as_ref().expect("metadata read from the live image");
    assert!(tags.person_tags().count() > 0, "people tag found in the image");

    assert_eq!(problem(&r, "/broken/"), Some(&ProblemKind::HttpStatus { status: 500 }));
    assert_eq!(problem(&r, "/missing/"), Some(&ProblemKind::HttpStatus { status: 404 }));
    assert!(matches!(problem(&r, "/slow/"), Some(ProblemKind::Timeout { .. })), "{:?}", r.problems);
    assert_eq!(problem(&r, "/loop-a"), Some(&ProblemKind::RedirectLoop));
    assert_eq!(problem(&r, "/huge/"), Some(&ProblemKind::TooLarge { limit: 1024 * 1024 }));
    assert_eq!(problem(&r, "/bomb/"), Some(&ProblemKind::TooLarge { limit: 1024 * 1024 }));
    assert_eq!(problem(&r, "/staff-only/rota.html"), Some(&ProblemKind::RobotsDisallowed));
    assert!(problem(&r, "/flaky/").is_none(), "retried page must not be a problem");
    assert!(
        r.problems.iter().any(|p| matches!(
            p.kind,
            ProblemKind::Trap { kind: schoolgate::source::crawl::normalize::TrapKind::Calendar, .. }
        )),
        "{:?}",
        r.problems
    );
    let calendar_pages = pages.iter().filter(|p| p.starts_with("/calendar")).count();
    assert_eq!(calendar_pages, 10, "calendar capped at max_calendar_pages");

    // Findings are in the crawl family and safe for logs.
    let findings = crawl::findings(&r.problems);
    assert!(findings.iter().all(|f| f.rule.starts_with("crawl/")));
    assert!(findings.iter().any(|f| f.rule == "crawl/redirect-loop" && f.location.page.as_deref() == Some("/loop-a")));

    // Politeness: our User-Agent on every request, never more than 2 at once.
    let uas = server.user_agents.lock().unwrap();
    assert!(uas.iter().all(|ua| ua.starts_with("Schoolgate/") && ua.contains("school-website-audit")), "{uas:?}");
    assert!(server.max_in_flight.load(Ordering::SeqCst) <= 2, "concurrency per host exceeded");
    // /flaky/ needed exactly three attempts; nothing was fetched twice otherwise.
    assert_eq!(server.flaky_hits.load(Ordering::SeqCst), 3);
    let requests = server.requests.lock().unwrap();
    assert_eq!(requests.iter().filter(|r| r.as_str() == "/news/garden.html").count(), 1);
}

#[test]
fn a_site_that_is_down_is_one_finding_not_a_hang() {
    // Bind then drop a listener: nothing is listening on that port any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = Url::parse(&format!("http://127.0.0.1:{port}/")).unwrap();
    let started = Instant::now();
    let r = crawl::crawl(&url, &test_options());
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(r.site.pages.is_empty());
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert!(matches!(r.problems[0].kind, ProblemKind::SiteUnreachable { .. }));
    let f = crawl::findings(&r.problems);
    assert_eq!(f[0].rule, "crawl/site-unreachable");
    assert_eq!(f[0].severity, schoolgate::audit::Severity::Error);
}

#[test]
fn page_and_byte_caps_stop_the_crawl() {
    let (base, _server) = serve();
    let opts = CrawlOptions { max_pages: 3, ..test_options() };
    let r = crawl::crawl(&base, &opts);
    // Pages queued before the cap are still fetched; none after it.
    assert_eq!(r.site.pages.len(), 3, "{:?}", r.site.pages.iter().map(|p| &p.url).collect::<Vec<_>>());
    assert!(r.problems.iter().any(|p| matches!(p.kind, ProblemKind::LimitReached { what: "pages", limit: 3 })));

    let opts = CrawlOptions { max_site_bytes: 2_000, ..test_options() };
    let r = crawl::crawl(&base, &opts);
    assert!(r.problems.iter().any(|p| matches!(p.kind, ProblemKind::LimitReached { what: "bytes", .. })));
    let kept: usize = r.site.pages.iter().map(|p| p.html.len()).sum::<usize>()
        + r.site.assets.iter().map(|a| a.bytes.len()).sum::<usize>();
    assert!(kept <= 2_000, "{kept} bytes kept");
}

#[test]
fn non_http_addresses_are_refused() {
    let r = crawl::crawl(&Url::parse("ftp://127.0.0.1/").unwrap(), &test_options());
    assert!(matches!(r.problems[0].kind, ProblemKind::SiteUnreachable { .. }));
}

#[test]
fn audit_command_audits_a_live_site_end_to_end() {
    let (base, _server) = serve_with(false);
    let out = assert_cmd::Command::cargo_bin("schoolgate")
        .unwrap()
        .args(["audit", base.as_str(), "--format", "json"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Errors (missing statutory items, the people-tagged photo) fail the run.
    assert_eq!(out.status.code(), Some(1), "stdout: {stdout}\nstderr: {}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(v["summary"]["pages_checked"].as_u64().unwrap() >= 5, "{}", v["summary"]);
    let findings = v["findings"].as_array().unwrap();
    let rules: Vec<&str> = findings.iter().filter_map(|f| f["rule"].as_str()).collect();
    assert!(rules.contains(&"crawl/http-error"), "{rules:?}");
    assert!(rules.contains(&"crawl/redirect-loop"), "{rules:?}");
    assert!(rules.contains(&"dfe/ofsted-report"), "{rules:?}");
    assert!(
        findings.iter().any(|f| f["rule"] == "image-metadata/people-tags" && f["asset"] == "/images/garden.jpg"),
        "the people-tagged photo is audited: {rules:?}"
    );
}

#[test]
fn trust_audit_records_each_school_and_a_down_site_does_not_stop_the_others() {
    let (oak, _s1) = serve_with(false);
    let (ash, _s2) = serve_with(false);
    let down_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let trust = dir.path().join("trust.toml");
    std::fs::write(
        &trust,
        format!(
            r#"parallel_sites = 2
[crawl]
timeout_seconds = 1
retries = 1

[[school]]
name = "Oak Lane Primary"
url = "{oak}"
type = "academy"
phase = "primary"
urn = "100001"

[[school]]
name = "Ash Grove Academy"
url = "{ash}"
type = "academy"
phase = "secondary"

[[school]]
name = "Birch Hill (down)"
url = "http://127.0.0.1:{down_port}/"

[[school]]
name = "Cedar (bad register)"
url = "{ash}"
register = "missing.csv"
"#
        ),
    )
    .unwrap();
    let out_dir = dir.path().join("report");
    let out = assert_cmd::Command::cargo_bin("schoolgate")
        .unwrap()
        .args(["audit", "--trust"])
        .arg(&trust)
        .arg("--output")
        .arg(&out_dir)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("trust-report.json")).unwrap()).unwrap();
    let schools = v["schools"].as_array().unwrap();
    assert_eq!(schools.len(), 4);
    let by_name = |n: &str| schools.iter().find(|s| s["name"] == n).unwrap();
    for name in ["Oak Lane Primary", "Ash Grove Academy"] {
        let s = by_name(name);
        assert_eq!(s["status"], "audited", "{s}");
        assert!(s["pages"].as_u64().unwrap() >= 5, "{s}");
        assert!(s["families"]["dfe"]["errors"].as_u64().unwrap() > 0, "{s}");
    }
    assert_eq!(by_name("Birch Hill (down)")["status"], "unreachable");
    assert_eq!(by_name("Cedar (bad register)")["status"], "input-error");
    let csv = std::fs::read_to_string(out_dir.join("trust-report.csv")).unwrap();
    assert!(csv.lines().any(|l| l.starts_with("Oak Lane Primary,100001,") && l.contains(",dfe,")), "{csv}");
    let html = std::fs::read_to_string(out_dir.join("trust-report.html")).unwrap();
    for name in ["Oak Lane Primary", "Ash Grove Academy", "Birch Hill (down)", "Cedar (bad register)"] {
        assert!(html.contains(name), "{name} missing from dashboard");
    }
    assert!(html.contains("class=\"red\""));
}

#[test]
fn a_repeat_crawl_with_a_cache_uses_conditional_requests() {
    let (base, server) = serve_with(false);
    let cache = tempfile::tempdir().unwrap();
    let opts = CrawlOptions { cache_dir: Some(cache.path().to_path_buf()), ..test_options() };
    let first = crawl::crawl(&base, &opts);
    assert_eq!(server.not_modified.load(Ordering::SeqCst), 0);
    let second = crawl::crawl(&base, &opts);
    // Every fixture file fetched the first time is answered 304 the second time.
    assert!(server.not_modified.load(Ordering::SeqCst) >= 8, "{}", server.not_modified.load(Ordering::SeqCst));
    let html = |r: &CrawlResult| r.site.pages.iter().map(|p| (p.url.clone(), p.html.clone())).collect::<Vec<_>>();
    assert_eq!(html(&first), html(&second), "cached pages are the same pages");
    let garden = second.site.assets.iter().find(|a| a.url == "/images/garden.jpg").unwrap();
    assert!(garden.original_metadata.as_ref().is_some_and(|m| m.person_tags().count() > 0));
}

// ---------------------------------------------------------------------------
// Small purpose-built sites: scope, traps, content types, robots.txt,
// redirects. Each is audited by the real binary, as an admin would.

/// What one address of a [`MiniSite`] answers.
#[derive(Clone)]
enum Route {
    Page(String),
    Typed(&'static str, Vec<u8>),
    Redirect(String),
}

/// How the server treats a folder's address without its trailing slash.
#[derive(Clone, Copy, PartialEq)]
enum Folders {
    /// Exact addresses only.
    Exact,
    /// `/x` answers `301 Location: /x/` when `/x/` exists (Apache mod_dir,
    /// nginx, GitHub Pages, `python3 -m http.server`).
    AddSlash,
    /// `/x/` answers `301 Location: /x` when `/x` exists.
    DropSlash,
}

type Dynamic = fn(&str, &str) -> Option<Response>;

struct MiniSite {
    routes: std::collections::HashMap<String, Route>,
    folders: Folders,
    /// Routes computed from the path and query (an endless calendar).
    dynamic: Option<Dynamic>,
    requests: Mutex<Vec<String>>,
}

impl MiniSite {
    fn new(folders: Folders, routes: &[(&str, Route)]) -> Self {
        let routes = routes.iter().map(|(p, r)| (p.to_string(), r.clone())).collect();
        Self { routes, folders, dynamic: None, requests: Mutex::default() }
    }

    fn requested(&self, path: &str) -> bool {
        self.requests.lock().unwrap().iter().any(|r| r == path)
    }
}

fn page(title: &str, body: &str) -> Route {
    Route::Page(format!(
        "<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    ))
}

/// Serves `site` on a random port of 127.0.0.1.
fn serve_site(site: MiniSite) -> (Url, Arc<MiniSite>) {
    serve_on(bind(), site)
}

/// A listener on a random port, for a site whose pages must name their own address.
fn bind() -> std::net::TcpListener {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap()
}

fn serve_on(listener: std::net::TcpListener, site: MiniSite) -> (Url, Arc<MiniSite>) {
    let site = Arc::new(site);
    listener.set_nonblocking(true).unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let app = Router::new().fallback(handle_site).with_state(site.clone());
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    (Url::parse(&format!("http://{addr}/")).unwrap(), site)
}

async fn handle_site(State(s): State<Arc<MiniSite>>, req: Request) -> Response {
    let (path, query) = (req.uri().path().to_string(), req.uri().query().unwrap_or("").to_string());
    s.requests.lock().unwrap().push(req.uri().to_string());
    if let Some(resp) = s.dynamic.and_then(|f| f(&path, &query)) {
        return resp;
    }
    match s.folders {
        Folders::AddSlash if !path.ends_with('/') && s.routes.contains_key(&format!("{path}/")) => {
            return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, format!("{path}/"))]).into_response();
        }
        Folders::DropSlash
            if path.len() > 1 && path.ends_with('/') && s.routes.contains_key(path.trim_end_matches('/')) =>
        {
            let to = path.trim_end_matches('/').to_string();
            return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response();
        }
        _ => {}
    }
    let with_query = (!query.is_empty()).then(|| s.routes.get(&format!("{path}?{query}"))).flatten();
    match with_query.or_else(|| s.routes.get(&path)) {
        Some(Route::Page(body)) => html(body.clone()),
        Some(Route::Typed(mime, bytes)) => ([(header::CONTENT_TYPE, *mime)], bytes.clone()).into_response(),
        Some(Route::Redirect(to)) => redirect(to),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `schoolgate audit URL --no-faces --format json`: exit code and report.
fn audit_live(url: &Url) -> (Option<i32>, serde_json::Value) {
    let out = common::schoolgate()
        .args(["audit", url.as_str(), "--no-faces", "--format", "json"])
        .timeout(Duration::from_secs(90))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let v = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}\nstderr: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), v)
}

fn findings_of<'a>(report: &'a serde_json::Value, rule: &str) -> Vec<&'a serde_json::Value> {
    report["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == rule).collect()
}

fn rules_of(report: &serde_json::Value) -> Vec<String> {
    report["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect()
}

fn pages_checked(report: &serde_json::Value) -> u64 {
    report["summary"]["pages_checked"].as_u64().unwrap()
}

/// Every finding that mentions `text`, whatever its rule.
fn mentioning<'a>(report: &'a serde_json::Value, text: &str) -> Vec<&'a serde_json::Value> {
    report["findings"].as_array().unwrap().iter().filter(|f| f.to_string().contains(text)).collect()
}

#[test]
fn links_to_another_port_on_the_same_machine_are_out_of_scope() {
    // Another service on this machine: nothing may ever ask it anything.
    let (other, other_server) = serve_site(MiniSite::new(Folders::Exact, &[("/", page("Router admin", ""))]));
    let other = other.as_str().trim_end_matches('/');
    let listener = bind();
    let me = format!("http://{}", listener.local_addr().unwrap());
    let home = format!(
        r#"<a href="{other}/admin/">Admin</a> <a href="/go-admin">Admin (redirect)</a>
           <img src="{other}/camera.jpg" alt="Live camera"> <a href="{me}/about/">About (absolute, same site)</a>"#
    );
    let site = MiniSite::new(
        Folders::Exact,
        &[
            ("/", page("Oak Lane", &home)),
            ("/about/", page("About us", "<p>We are a school.</p>")),
            ("/go-admin", Route::Redirect(format!("{other}/admin/"))),
        ],
    );
    let (base, server) = serve_on(listener, site);
    let (_, report) = audit_live(&base);
    let asked = other_server.requests.lock().unwrap().clone();
    assert!(asked.is_empty(), "another port on the machine was fetched: {asked:?}");
    // The redirect off the site's origin is named, not followed.
    let off = findings_of(&report, "crawl/off-site-redirect");
    assert_eq!(off.len(), 1, "{report}");
    assert!(off[0]["message"].as_str().unwrap().contains(&format!("{other}/admin/")), "{}", off[0]);
    // Decoy: an absolute link to the site's own origin is still crawled.
    assert!(server.requested("/about/"), "{:?}", server.requests);
    assert_eq!(pages_checked(&report), 2, "{}", report["summary"]);
    assert!(findings_of(&report, "links/broken-internal").is_empty(), "{report}");
}

/// `/events/YYYY/MM/DD/`: every day links to the whole next month, for ever.
fn endless_diary(path: &str, _query: &str) -> Option<Response> {
    let rest = path.strip_prefix("/events/")?;
    let nums: Vec<u32> = rest.split('/').filter(|s| !s.is_empty()).filter_map(|s| s.parse().ok()).collect();
    let (year, month) = match nums.as_slice() {
        [y, m, ..] => (*y, *m),
        _ => (2026, 9),
    };
    let (ny, nm) = if month >= 12 { (year + 1, 1) } else { (year, month + 1) };
    let days: String = (1..=28).map(|d| format!(r#"<a href="/events/{ny}/{nm}/{d}/">{d}</a> "#)).collect();
    Some(html(format!("<title>Diary</title><h1>Diary {year}-{month}</h1>{days}")))
}

#[test]
fn a_crawler_trap_is_one_finding_not_thousands_of_broken_links() {
    let home = r#"<a href="/events/2026/9/1/">Diary</a> <a href="/clubs/">Clubs</a>
        <a href="/files/menu.zip">Menus</a> <a href="/docs/lunch-menu.pdf">Lunch menu</a>"#;
    let mut site = MiniSite::new(
        Folders::Exact,
        &[
            ("/", page("Oak Lane", home)),
            ("/about/", page("About", r#"<a href="/docs/lunch-menu.pdf">Lunch menu</a>"#)),
        ],
    );
    site.dynamic = Some(endless_diary);
    let (base, server) = serve_site(site);
    let (_, report) = audit_live(&base);

    // The diary pages the guard let through were audited; the rest were skipped…
    let diary_requests = server.requests.lock().unwrap().iter().filter(|r| r.starts_with("/events/")).count();
    assert!((10..=30).contains(&diary_requests), "{diary_requests} diary pages fetched");
    // …and summarised in one finding, not reported as broken links.
    let traps = findings_of(&report, "crawl/trap");
    assert_eq!(traps.len(), 1, "{report}");
    assert!(traps[0]["message"].as_str().unwrap().contains("not reported as broken links"), "{}", traps[0]);
    let broken = findings_of(&report, "links/broken-internal");
    assert!(broken.iter().all(|f| !f.to_string().contains("/events/")), "{} false broken links", broken.len());
    // A file type the audit does not read was not fetched, so it is not "broken" either.
    assert!(!server.requested("/files/menu.zip"));
    assert!(mentioning(&report, "menu.zip").is_empty(), "{report}");

    // Decoys: a page and a document that really are missing are each reported,
    // once, by the crawler, naming the page that links to them.
    for missing in ["/clubs/", "/docs/lunch-menu.pdf"] {
        let about = mentioning(&report, missing);
        assert_eq!(about.len(), 1, "{missing}: {about:#?}");
        assert_eq!(about[0]["rule"], "crawl/http-error");
        let message = about[0]["message"].as_str().unwrap();
        assert!(message.contains("404") && message.contains("linked from /"), "{message}");
    }
}

#[test]
fn addresses_left_by_limits_and_robots_are_not_broken_links() {
    let (base, server) = serve();
    let r = crawl::crawl(&base, &CrawlOptions { max_pages: 3, ..test_options() });
    assert!(r.problems.iter().any(|p| matches!(p.kind, ProblemKind::LimitReached { what: "pages", .. })));
    assert!(r.site.unchecked.contains("/staff-only/rota.html"), "robots.txt-disallowed: {:?}", r.site.unchecked);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let ctx = schoolgate::audit::AuditContext::new(Default::default(), None, None, today, Default::default());
    let report = schoolgate::audit::audit(&r.site, &ctx);
    let broken: Vec<&str> =
        report.findings.iter().filter(|f| f.rule == "links/broken-internal").map(|f| f.message.as_str()).collect();
    assert!(broken.is_empty(), "{broken:#?}");
    // Decoy: without the crawler's record of what it skipped, the same links would be called broken.
    let mut forgetful = r.site.clone();
    forgetful.unchecked.clear();
    let report = schoolgate::audit::audit(&forgetful, &ctx);
    assert!(report.findings.iter().any(|f| f.rule == "links/broken-internal"), "the decoy must fail");
    drop(server);
}

#[test]
fn a_sitemap_over_the_size_cap_is_a_warning() {
    // 11 MiB of sitemap: over the 10 MiB cap.
    let mut big = String::from(r#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"#);
    while big.len() < 11 * 1024 * 1024 {
        big.push_str("<url><loc>http://127.0.0.1/news/a-very-long-address-for-a-news-story/</loc></url>\n");
    }
    big.push_str("</urlset>");
    let site = MiniSite::new(
        Folders::Exact,
        &[
            ("/", page("Oak Lane", "<p>Welcome</p>")),
            ("/robots.txt", Route::Typed("text/plain", b"User-agent: *\nDisallow:\n".to_vec())),
            ("/sitemap.xml", Route::Typed("application/xml", big.into_bytes())),
        ],
    );
    let (base, _server) = serve_site(site);
    let (_, report) = audit_live(&base);
    let unread = findings_of(&report, "crawl/sitemap-unreadable");
    assert_eq!(unread.len(), 1, "{report}");
    assert_eq!(unread[0]["severity"], "warning");
    let message = unread[0]["message"].as_str().unwrap();
    assert!(message.contains("/sitemap.xml") && message.contains("larger than 10 MiB"), "{message}");

    // Decoys: a good sitemap declared in robots.txt is read (its page is
    // audited), and a site with no /sitemap.xml at all gets no finding.
    let listener = bind();
    let me = format!("http://{}", listener.local_addr().unwrap());
    let robots = format!("User-agent: *\nDisallow:\nSitemap: {me}/maps/main.xml\n");
    let map = format!(r#"<urlset><url><loc>{me}/only-in-sitemap/</loc></url></urlset>"#);
    let site = MiniSite::new(
        Folders::Exact,
        &[
            ("/", page("Oak Lane", "<p>Welcome</p>")),
            ("/robots.txt", Route::Typed("text/plain", robots.into_bytes())),
            ("/maps/main.xml", Route::Typed("application/xml", map.into_bytes())),
            ("/only-in-sitemap/", page("Careers", "<p>Vacancies</p>")),
        ],
    );
    let (base, server) = serve_on(listener, site);
    let (_, report) = audit_live(&base);
    assert!(findings_of(&report, "crawl/sitemap-unreadable").is_empty(), "{report}");
    assert!(server.requested("/sitemap.xml"), "the conventional address was tried");
    assert!(server.requested("/only-in-sitemap/"));
    assert_eq!(pages_checked(&report), 2);
}

#[test]
fn html_served_as_octet_stream_is_audited_and_flagged() {
    let home = r#"<a href="/policies">Policies</a> <a href="/export">Data export</a> <a href="/news/">News</a>"#;
    let policies = "<!DOCTYPE html>\n<html><head><title>Policies</title></head><body><h1>Policies</h1>\
        <a href=\"/policies/safeguarding/\">Safeguarding policy</a></body></html>";
    let site = MiniSite::new(
        Folders::Exact,
        &[
            ("/", page("Oak Lane", home)),
            ("/policies", Route::Typed("application/octet-stream", policies.as_bytes().to_vec())),
            ("/policies/safeguarding/", page("Safeguarding policy", "<p>Our designated safeguarding lead…</p>")),
            // Decoys: real binary data, and a correctly labelled page.
            ("/export", Route::Typed("application/octet-stream", vec![0, 159, 146, 150, 1, 2, 3, 4])),
            ("/news/", page("News", "<p>Sports day</p>")),
        ],
    );
    let (base, server) = serve_site(site);
    let (_, report) = audit_live(&base);
    let wrong = findings_of(&report, "crawl/wrong-content-type");
    assert_eq!(wrong.len(), 1, "{report}");
    assert_eq!(wrong[0]["severity"], "warning");
    assert_eq!(wrong[0]["page"], "/policies");
    let message = wrong[0]["message"].as_str().unwrap();
    assert!(message.contains("application/octet-stream") && message.contains("download"), "{message}");
    // It was audited as a page: its link was followed.
    assert!(server.requested("/policies/safeguarding/"), "{:?}", server.requests);
    assert_eq!(pages_checked(&report), 4, "/, /policies, its safeguarding page and /news/: {}", report["summary"]);
    assert!(mentioning(&report, "/export").is_empty(), "binary data is neither a page nor a fault: {report}");
}

#[test]
fn robots_txt_disallowing_everything_says_nothing_was_audited() {
    let pages = [
        ("/", page("Oak Lane", r#"<a href="/about/">About</a>"#)),
        ("/about/", page("About us", "<p>We are a school.</p>")),
    ];
    let mut routes = pages.to_vec();
    routes.push(("/robots.txt", Route::Typed("text/plain", b"User-agent: *\nDisallow: /\n".to_vec())));
    let (base, server) = serve_site(MiniSite::new(Folders::Exact, &routes));
    let (code, report) = audit_live(&base);
    assert_eq!(code, Some(1), "an audit that checked nothing must not pass: {report}");
    let blocked = findings_of(&report, "crawl/robots-blocks-site");
    assert_eq!(blocked.len(), 1, "{report}");
    let message = blocked[0]["message"].as_str().unwrap();
    assert!(message.starts_with("Nothing was audited") && message.contains("robots.txt"), "{message}");
    assert!(blocked[0]["help"].as_str().unwrap().contains("User-agent: Schoolgate"), "{}", blocked[0]);
    // Not a pile of "statutory page missing" errors about a site nobody read.
    assert_eq!(rules_of(&report), ["crawl/robots-blocks-site"], "{report}");
    assert_eq!(pages_checked(&report), 0);
    let asked = server.requests.lock().unwrap().clone();
    assert_eq!(asked, ["/robots.txt"], "robots.txt was obeyed");

    // Decoy: the group the finding recommends lets the audit run.
    let mut routes = pages.to_vec();
    let allowing = b"User-agent: *\nDisallow: /\n\nUser-agent: Schoolgate\nAllow: /\n".to_vec();
    routes.push(("/robots.txt", Route::Typed("text/plain", allowing)));
    let (base, server) = serve_site(MiniSite::new(Folders::Exact, &routes));
    let (_, report) = audit_live(&base);
    assert!(findings_of(&report, "crawl/robots-blocks-site").is_empty(), "{report}");
    assert_eq!(pages_checked(&report), 2);
    assert!(server.requested("/about/"));
}

#[test]
fn a_redirect_to_a_file_address_is_named_and_not_followed() {
    let home = r#"<a href="/newsletter">Newsletter</a> <a href="/old-news">News</a>"#;
    let site = MiniSite::new(
        Folders::Exact,
        &[
            ("/", page("Oak Lane", home)),
            ("/newsletter", Route::Redirect("file:///C:/Users/office/newsletter-june.pdf".into())),
            // Decoy: an ordinary redirect on the site is followed.
            ("/old-news", Route::Redirect("/news/".into())),
            ("/news/", page("News", "<p>Sports day</p>")),
        ],
    );
    let (base, server) = serve_site(site);
    let (_, report) = audit_live(&base);
    let odd = findings_of(&report, "crawl/non-web-redirect");
    assert_eq!(odd.len(), 1, "{report}");
    assert_eq!(odd[0]["severity"], "warning");
    let message = odd[0]["message"].as_str().unwrap();
    assert!(message.contains("file:///C:/Users/office/newsletter-june.pdf"), "{message}");
    assert!(message.contains("not a web address") && message.contains("not followed"), "{message}");
    assert!(!message.contains("HTTP 302"), "{message}");
    assert_eq!(mentioning(&report, "/newsletter").len(), 1, "reported once: {report}");
    assert!(server.requested("/news/"));
    assert!(findings_of(&report, "crawl/http-error").is_empty(), "{report}");

    // The home page itself redirecting to a file: the one finding says so.
    let site = MiniSite::new(Folders::Exact, &[("/", Route::Redirect("file:///etc/passwd".into()))]);
    let (base, _server) = serve_site(site);
    let (code, report) = audit_live(&base);
    assert_eq!(code, Some(1));
    let down = findings_of(&report, "crawl/site-unreachable");
    assert_eq!(down.len(), 1, "{report}");
    let message = down[0]["message"].as_str().unwrap();
    assert!(message.contains("file:///etc/passwd") && message.contains("not a web address"), "{message}");
    assert!(!message.contains("HTTP 302"), "{message}");
}

/// A school site whose menu links folders without their trailing slash.
fn folder_site(folders: Folders, slash: bool) -> MiniSite {
    let s = if slash { "/" } else { "" };
    let menu = format!(
        r#"<nav><a href="/about-us/our-values{s}">Our values</a> <a href="/about-us/ethos{s}">Ethos</a>
           <a href="/key-information/policies{s}">Policies</a> <a href="/key-information/send{s}">SEND</a>
           <a href="/news{s}">News</a> <a href="/docs/lunch-menu.pdf">Lunch menu</a>
           <a href="/a">Old admissions</a></nav>"#
    );
    let with_menu = |title: &str, body: &str| page(title, &format!("{menu}<main>{body}</main>"));
    let key = |p: &str| if folders == Folders::DropSlash { p.trim_end_matches('/').to_string() } else { p.to_string() };
    let routes = [
        ("/".to_string(), with_menu("Oak Lane", "<p>Welcome</p>")),
        (key("/about-us/our-values/"), with_menu("Our values", "<p>Kindness.</p>")),
        (key("/about-us/ethos/"), with_menu("Ethos", "<p>Every child.</p>")),
        (key("/key-information/policies/"), with_menu("Policies", "<p>Safeguarding policy.</p>")),
        (key("/key-information/send/"), with_menu("SEND information report", "<p>SENCo.</p>")),
        (key("/news/"), with_menu("News", r#"<a href="../about-us/our-values">Values</a>"#)),
        // Decoy: a real loop, /a → /b → /a.
        ("/a".to_string(), Route::Redirect("/b".into())),
        ("/b".to_string(), Route::Redirect("/a".into())),
    ];
    let routes: Vec<(&str, Route)> = routes.iter().map(|(p, r)| (p.as_str(), r.clone())).collect();
    MiniSite::new(folders, &routes)
}

fn assert_folders_followed(report: &serde_json::Value) {
    assert_eq!(pages_checked(report), 6, "every page reached: {}", report["summary"]);
    let loops = findings_of(report, "crawl/redirect-loop");
    assert_eq!(loops.len(), 1, "only the real loop: {loops:#?}");
    assert_eq!(loops[0]["page"], "/a", "{}", loops[0]);
    let broken = findings_of(report, "links/broken-internal");
    assert!(broken.is_empty(), "{broken:#?}");
    // The missing menu is linked from every page: still one finding.
    let menu = mentioning(report, "lunch-menu.pdf");
    assert_eq!(menu.len(), 1, "{menu:#?}");
    assert_eq!(menu[0]["rule"], "crawl/http-error");
}

#[test]
fn folder_links_without_the_slash_are_followed_not_loops() {
    let (base, server) = serve_site(folder_site(Folders::AddSlash, false));
    let (_, report) = audit_live(&base);
    assert_folders_followed(&report);
    // Each folder was asked for once under each spelling, then recorded once.
    let asked = server.requests.lock().unwrap().clone();
    for folder in ["/about-us/our-values", "/key-information/send", "/news"] {
        assert_eq!(asked.iter().filter(|r| **r == format!("{folder}/")).count(), 1, "{folder}: {asked:?}");
    }
}

#[test]
fn folder_links_with_the_slash_on_a_server_that_drops_it_are_followed() {
    let (base, server) = serve_site(folder_site(Folders::DropSlash, true));
    let (_, report) = audit_live(&base);
    assert_folders_followed(&report);
    assert!(server.requested("/about-us/our-values"));
}

#[test]
fn library_records_the_slash_redirect_once_under_the_canonical_address() {
    let (base, _server) = serve_site(folder_site(Folders::AddSlash, false));
    let r = crawl::crawl(&base, &test_options());
    let pages: Vec<&str> = r.site.pages.iter().map(|p| p.url.as_str()).collect();
    assert!(pages.contains(&"/about-us/our-values/"), "{pages:?}");
    assert_eq!(pages.iter().filter(|p| p.starts_with("/about-us/our-values")).count(), 1, "{pages:?}");
    assert_eq!(r.site.redirects.get("/about-us/our-values").map(String::as_str), Some("/about-us/our-values/"));
    assert_eq!(problem(&r, "/a"), Some(&ProblemKind::RedirectLoop));
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// An Apache folder listing of `folder` with these entries.
fn apache_listing(folder: &str, entries: &[&str]) -> Route {
    let rows: String = entries.iter().map(|e| format!(r#"<tr><td><a href="{e}">{e}</a></td></tr>"#)).collect();
    Route::Page(format!(
        r#"<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN"><html><head><title>Index of {folder}</title></head><body>
        <h1>Index of {folder}</h1><table><tr><th><a href="?C=N;O=D">Name</a></th></tr>
        <tr><td><a href="../">Parent Directory</a></td></tr>{rows}</table></body></html>"#
    ))
}

#[test]
fn files_only_the_media_library_a_folder_listing_or_a_search_index_names_are_reported_unlinked() {
    let listener = bind();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let jpeg = |p: &str| Route::Typed("image/jpeg", fixture(p));
    let pdf = |p: &str| Route::Typed("application/pdf", fixture(p));
    let uploads = "/wp-content/uploads";
    let media = format!(
        r#"[{{"source_url":"{base}{uploads}/2024/09/welcome.jpg"}},{{"source_url":"{base}{uploads}/2019/05/IMG_0412.jpg"}}]"#
    );
    let home = page(
        "Oak Lane Primary",
        &format!(
            r#"<link rel="https://api.w.org/" href="{base}/wp-json/"><link rel="stylesheet" href="/wp-content/themes/oak/style.css">
            <img src="{uploads}/2024/09/welcome-800x533.jpg" alt="Our school garden">
            <a href="/docs/term-dates.pdf">Term dates</a>"#
        ),
    );
    let routes = vec![
        ("/".to_string(), home),
        (format!("{uploads}/2024/09/welcome-800x533.jpg"), jpeg("fixtures/images/clean.jpg")),
        // Decoy: the original of a copy a page shows is linked.
        (format!("{uploads}/2024/09/welcome.jpg"), jpeg("fixtures/images/clean.jpg")),
        // Only the media library knows this tagged photo of pupils.
        (format!("{uploads}/2019/05/IMG_0412.jpg"), jpeg("fixtures/images/lightroom-person-in-image.jpg")),
        (
            "/wp-json/wp/v2/media?per_page=100&page=1&_fields=source_url".to_string(),
            Route::Typed("application/json", media.into_bytes()),
        ),
        // Decoy: linked from the home page; its folder then shows a listing.
        (
            "/docs/term-dates.pdf".to_string(),
            pdf("fixtures/sites/audit/links/wp-content/uploads/2023/09/Appeals-Timetable-2025.pdf"),
        ),
        ("/docs/".to_string(), apache_listing("/docs", &["term-dates.pdf", "old-admissions-2019.pdf", "2018/"])),
        ("/docs/2018/".to_string(), apache_listing("/docs/2018", &["invoice-0423.pdf"])),
        (
            "/docs/old-admissions-2019.pdf".to_string(),
            pdf("fixtures/sites/audit/links/wp-content/uploads/2019/03/Behaviour-Policy-2019.pdf"),
        ),
        (
            "/docs/2018/invoice-0423.pdf".to_string(),
            pdf("fixtures/sites/precision/contact/wp-content/uploads/2019/03/invoice-0423.pdf"),
        ),
        (
            "/search-index.json".to_string(),
            Route::Typed(
                "application/json",
                br#"{"docs":[{"url":"/news/2019/old-trip/","title":"Old trip"}]}"#.to_vec(),
            ),
        ),
        ("/news/2019/old-trip/".to_string(), page("Year 6 trip 2019", "<p>A day at the coast.</p>")),
    ];
    let routes: Vec<(&str, Route)> = routes.iter().map(|(p, r)| (p.as_str(), r.clone())).collect();
    let (url, server) = serve_on(listener, MiniSite::new(Folders::AddSlash, &routes));
    let (_, report) = audit_live(&url);

    let unlinked = findings_of(&report, "links/unlinked-file");
    let about = |name: &str| unlinked.iter().find(|f| f["message"].as_str().unwrap().contains(name)).copied();
    let photo = about("IMG_0412.jpg").unwrap_or_else(|| panic!("{unlinked:#?}"));
    let message = photo["message"].as_str().unwrap();
    assert!(message.contains("WordPress media library") && message.contains("tagged with people"), "{message}");
    assert!(photo["help"].as_str().unwrap().contains("Media → Library"), "{photo}");
    for listed in ["old-admissions-2019.pdf", "invoice-0423.pdf"] {
        let f = about(listed).unwrap_or_else(|| panic!("{listed}: {unlinked:#?}"));
        assert!(f["message"].as_str().unwrap().contains("folder listing"), "{f}");
    }
    // The invoice is audited like any file: its home address is reported.
    assert!(!findings_of(&report, "contact/home-address").is_empty(), "{report}");
    assert!(about("welcome.jpg").is_none() && about("term-dates.pdf").is_none(), "{unlinked:#?}");
    assert_eq!(unlinked.len(), 3, "{unlinked:#?}");
    // A page only the search index names is reached and audited.
    let pages = report["summary"]["pages_checked"].as_u64().unwrap();
    assert_eq!(pages, 2, "{}", report["summary"]);
    // Listings are walked, not audited as pages; theme folders are not asked for.
    assert!(server.requested("/docs/2018/"));
    assert!(!server.requests.lock().unwrap().iter().any(|r| r.starts_with("/wp-content/themes")));
}

#[test]
fn a_site_that_is_not_wordpress_is_not_asked_for_its_media_library() {
    let (base, server) = serve_site(folder_site(Folders::AddSlash, false));
    let (_, report) = audit_live(&base);
    assert_folders_followed(&report);
    let asked = server.requests.lock().unwrap().clone();
    assert!(!asked.iter().any(|r| r.contains("wp-json")), "{asked:?}");
}

#[test]
fn a_gzipped_sitemap_named_in_robots_txt_is_read() {
    use std::io::Write;
    let listener = bind();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>{base}/governors/</loc></url></urlset>"#
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(xml.as_bytes()).unwrap();
    let robots = format!("User-agent: *\nDisallow:\nSitemap: {base}/sitemap.xml.gz\n");
    let routes = [
        ("/", page("Oak Lane", "<p>Welcome</p>")),
        ("/robots.txt", Route::Typed("text/plain", robots.into_bytes())),
        ("/sitemap.xml.gz", Route::Typed("application/x-gzip", gz.finish().unwrap())),
        ("/governors/", page("Governors", "<p>Our governing board.</p>")),
    ];
    let (url, _server) = serve_on(listener, MiniSite::new(Folders::AddSlash, &routes));
    let (_, report) = audit_live(&url);
    assert_eq!(pages_checked(&report), 2, "{}", report["summary"]);
    assert!(findings_of(&report, "crawl/sitemap-unreadable").is_empty(), "{report}");
}

#[test]
fn a_damaged_gzipped_sitemap_is_a_finding_not_a_crash() {
    let listener = bind();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let robots = format!("User-agent: *\nDisallow:\nSitemap: {base}/sitemap.xml.gz\n");
    let routes = [
        ("/", page("Oak Lane", "<p>Welcome</p>")),
        ("/robots.txt", Route::Typed("text/plain", robots.into_bytes())),
        ("/sitemap.xml.gz", Route::Typed("application/x-gzip", vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xfe])),
    ];
    let (url, _server) = serve_on(listener, MiniSite::new(Folders::AddSlash, &routes));
    let (_, report) = audit_live(&url);
    let unreadable = findings_of(&report, "crawl/sitemap-unreadable");
    assert_eq!(unreadable.len(), 1, "{report}");
    assert!(unreadable[0]["message"].as_str().unwrap().contains("gzipped"), "{}", unreadable[0]);
}

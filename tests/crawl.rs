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

//! JavaScript-only sites rendered in headless Chromium (`--render`):
//! `fixtures/sites/spa/react` (hash routes) and `fixtures/sites/spa/history`
//! (history routes) show their statutory pages and an unconsented tagged
//! photo only after their scripts run. Audited as a folder (served on
//! 127.0.0.1 by Schoolgate itself) and live, the statutory items must be
//! found on the rendered route addresses and the consent error must name
//! the route that shows the photo; the photo of a pupil with consent on
//! another route is the decoy.
//!
//! Tests that need Chromium are `#[ignore]` (`.ci/run` installs it and runs
//! them); the message when Chromium is missing is tested without it.

mod common;

use common::*;

const SHELL: &str = "crawl/javascript-only";

fn audit(site: &str) -> AuditRun {
    let mut audit = AuditRun::new("clean");
    audit.site = if site.starts_with("http") { site.into() } else { fixture(&format!("sites/{site}")) };
    audit.arg("--no-faces")
}

/// The statutory items the fixture apps publish (only after rendering),
/// with the route address that proves each.
fn assert_statutory_found(audited: &Audited, expect: &[(&str, &str)]) {
    let evidence = audited.json["evidence"].as_array().cloned().unwrap_or_default();
    for (item, url) in expect {
        assert!(
            evidence.iter().any(|e| e["item"] == *item && e["url"] == *url),
            "{item} should be proved by {url}: {evidence:#?}"
        );
        // Found: never "Could not find" (a content check on it may still speak).
        let missing: Vec<_> = audited
            .of(&format!("dfe/{item}"))
            .into_iter()
            .filter(|f| f.message.starts_with("Could not find"))
            .collect();
        assert!(missing.is_empty(), "{item} is on the site: {missing:#?}");
    }
}

/// Harry (no photo consent) is on the sports-day route; Aisha (consent) on
/// the reading-week route is not an error.
fn assert_consent_on_route(audited: &Audited, harry: &str, aisha: &str, route: &str) {
    audited.assert_private();
    let errors: Vec<_> =
        audited.of("consent/photo-without-consent").into_iter().filter(|f| f.asset.as_deref() == Some(harry)).collect();
    assert_eq!(errors.len(), 1, "one consent error for {harry}: {:#?}", audited.findings);
    assert_eq!(errors[0].severity, "error");
    assert!(errors[0].message.contains(&format!("shown on {route}")), "{}", errors[0].message);
    let decoy: Vec<_> = audited.about_asset(aisha).into_iter().filter(|f| f.rule.starts_with("consent/")).collect();
    assert!(decoy.is_empty(), "Aisha has photo consent: {decoy:#?}");
    assert_eq!(audited.code, Some(1), "a consent error fails the audit: {}", audited.log);
}

/// The history-router app: Harry's relay photo is on its sports-day route.
fn assert_consent_on_history_route(audited: &Audited) {
    assert_consent_on_route(
        audited,
        "/assets/media/relay-race-8f3a.jpg",
        "/assets/media/reading-den-2b7c.jpg",
        "/news/sports-day",
    );
}

/// The hash-router app: Harry's relay photo is on its `#/news/sports-day` route.
fn assert_consent_on_hash_route(audited: &Audited) {
    assert_consent_on_route(
        audited,
        "/static/media/relay-race.4e5f6a7b.jpg",
        "/static/media/reading-corner.9c8d7e6f.jpg",
        "/#/news/sports-day",
    );
}

/// Rendered: no shell finding, one note saying it was rendered.
fn assert_rendered(audited: &Audited) {
    assert!(audited.of(SHELL).is_empty(), "the rendered site is not a shell any more: {:#?}", audited.of(SHELL));
    let note = audited.of("crawl/rendered");
    assert_eq!(note.len(), 1, "{:#?}", audited.findings);
    assert_eq!(note[0].severity, "info");
    assert!(note[0].message.contains("headless Chromium"), "{}", note[0].message);
    let failed = audited.of("crawl/render-failed");
    assert!(failed.is_empty(), "{failed:#?}");
    // Rendered routes link to each other: none of those is a broken link.
    let broken = audited.family("links/broken");
    assert!(broken.is_empty(), "{broken:#?}");
}

const HASH_ITEMS: &[(&str, &str)] = &[
    // Proved by the link the rendered key-information route shows.
    ("ofsted-report", "https://reports.ofsted.gov.uk/provider/21/100001"),
    ("contact-details", "/#/contact"),
    ("sen-information-report", "/#/key-information/send"),
    ("complaints-procedure", "/#/key-information/complaints"),
    ("school-opening-hours", "/#/parents/school-day"),
];

const HISTORY_ITEMS: &[(&str, &str)] = &[
    ("ofsted-report", "https://reports.ofsted.gov.uk/provider/21/100001"),
    ("contact-details", "/contact"),
    ("sen-information-report", "/key-information/sen-information-report"),
    ("complaints-procedure", "/key-information/complaints"),
    ("school-opening-hours", "/parent-and-carer/school-day"),
];

#[test]
#[ignore = "needs chromium"]
fn hash_route_app_folder_is_rendered_and_audited_on_its_routes() {
    let audited = audit("spa/react").run();
    assert_rendered(&audited);
    assert_statutory_found(&audited, HASH_ITEMS);
    assert_consent_on_hash_route(&audited);
    assert!(audited.log.contains("Rendered") && audited.log.contains("per page"), "{}", audited.log);
}

#[test]
#[ignore = "needs chromium"]
fn history_route_app_folder_is_served_with_fallback_rendered_and_audited_on_its_routes() {
    let audited = audit("spa/history").run();
    assert_rendered(&audited);
    assert_statutory_found(&audited, HISTORY_ITEMS);
    assert_consent_on_history_route(&audited);
}

#[test]
#[ignore = "needs chromium"]
fn live_history_route_app_is_rendered_and_its_photos_fetched() {
    // A real SPA host: addresses that are not files answer with index.html.
    let server = schoolgate::source::render::FolderServer::start(&fixture("sites/spa/history")).unwrap();
    let audited = audit(server.url().as_str()).run();
    assert_rendered(&audited);
    assert_statutory_found(&audited, HISTORY_ITEMS);
    // The photos are not in the shell: fetched because the rendered route shows them.
    assert_consent_on_history_route(&audited);
}

#[test]
#[ignore = "needs chromium"]
fn live_hash_route_app_is_rendered_and_its_photos_fetched() {
    let server = schoolgate::source::render::FolderServer::start(&fixture("sites/spa/react")).unwrap();
    let audited = audit(server.url().as_str()).run();
    assert_rendered(&audited);
    assert_statutory_found(&audited, HASH_ITEMS);
    assert_consent_on_hash_route(&audited);
}

#[test]
#[ignore = "needs chromium"]
fn ordinary_site_is_not_rendered_in_auto_mode() {
    // The decoys are server-rendered: auto mode starts no browser.
    let audited = audit("spa-decoys/next-export").run();
    assert!(audited.of("crawl/rendered").is_empty(), "{:#?}", audited.of("crawl/rendered"));
    assert!(!audited.log.contains("Rendered"), "{}", audited.log);
}

#[test]
#[ignore = "needs chromium"]
fn render_never_keeps_the_shell_finding_and_says_rendering_was_off() {
    let audited = audit("spa/history").arg("--render").arg("never").run();
    let shell = audited.of(SHELL);
    assert_eq!(shell.len(), 1, "{:#?}", audited.findings);
    assert!(shell[0].message.contains("--render never"), "{}", shell[0].message);
    assert!(audited.of("crawl/rendered").is_empty());
    // Nothing was looked for, so nothing statutory is called missing; the photo is not shown anywhere.
    assert!(audited.family("dfe/").is_empty(), "{:#?}", audited.family("dfe/"));
    assert!(audited.of("consent/photo-without-consent").iter().all(|f| f.page.is_none()));
}

#[test]
fn a_browser_that_hangs_is_killed_at_the_timeout_and_said_plainly() {
    // A stand-in browser that never answers: the audit must not hang.
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("chromium");
    std::fs::write(&fake, "#!/bin/sh\nsleep 600\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let started = std::time::Instant::now();
    let run = audit("spa/history").arg("--render-timeout").arg("2");
    let dir2 = tempfile::tempdir().unwrap();
    let file = dir2.path().join("r.json");
    let out = run
        .command()
        .env("SCHOOLGATE_CHROMIUM", &fake)
        .args(["--format", "json", "--output"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(started.elapsed().as_secs() < 60, "the hanging browser was not stopped");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let failed: Vec<_> = findings.iter().filter(|f| f["rule"] == "crawl/render-failed").collect();
    assert_eq!(failed.len(), 1, "{}", text(&out));
    assert_eq!(failed[0]["page"], "/");
    assert!(failed[0]["message"].as_str().unwrap().contains("did not finish within 2 s"), "{:#}", failed[0]);
    // Still a shell: said once, nothing statutory called missing.
    let shell: Vec<_> = findings.iter().filter(|f| f["rule"] == SHELL).collect();
    assert_eq!(shell.len(), 1);
    assert!(shell[0]["message"].as_str().unwrap().contains("tried to render it"), "{:#}", shell[0]);
    assert!(findings.iter().all(|f| !f["rule"].as_str().unwrap().starts_with("dfe/")));
}

#[test]
fn without_chromium_auto_mode_says_the_site_needs_javascript_and_how_to_render_it() {
    let mut run = audit("spa/history");
    run.extra.push("--render".into());
    run.extra.push("auto".into());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.json");
    let out = run
        .command()
        .env("SCHOOLGATE_CHROMIUM", "/nonexistent")
        .args(["--format", "json", "--output"])
        .arg(&file)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let shell: Vec<_> = json["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == SHELL).collect();
    assert_eq!(shell.len(), 1, "one finding: {json:#}");
    let message = shell[0]["message"].as_str().unwrap();
    let help = shell[0]["help"].as_str().unwrap();
    for words in ["builds its pages in the visitor's browser with JavaScript", "could not render it", "/nonexistent"] {
        assert!(message.contains(words), "message should say {words:?}: {message}");
    }
    for words in ["install Chromium", "apt-get install chromium", "SCHOOLGATE_CHROMIUM"] {
        assert!(help.contains(words), "help should say {words:?}: {help}");
    }
    // Nothing statutory is reported missing on the shell it could not render.
    let dfe: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("dfe/"))
        .collect();
    assert!(dfe.is_empty(), "{dfe:#?}");
    assert_eq!(out.status.code(), Some(1), "a warning under --deny warnings: {}", text(&out));
}

#[test]
fn render_always_without_chromium_is_an_input_error() {
    let out = audit("spa/history")
        .arg("--render")
        .arg("always")
        .command()
        .env("SCHOOLGATE_CHROMIUM", "/nonexistent")
        .output()
        .unwrap();
    let log = text(&out);
    assert_eq!(out.status.code(), Some(2), "{log}");
    assert!(log.contains("--render always needs headless Chromium"), "{log}");
    assert!(log.contains("SCHOOLGATE_CHROMIUM"), "{log}");
}

#[test]
fn render_never_needs_no_browser_and_does_not_fail_the_run_as_an_input_error() {
    let out = audit("spa/react")
        .arg("--render")
        .arg("never")
        .command()
        .env("SCHOOLGATE_CHROMIUM", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "only the shell warning fails it: {}", text(&out));
}

/// How a test host answers an address that is not a file of the app.
#[derive(Clone, Copy)]
enum Fallback {
    /// 404 with a plain error page: no history fallback configured.
    PlainNotFound,
    /// 404 whose body is the app (GitHub Pages' 404.html trick).
    AppAsNotFound,
}

/// Serves `folder` on 127.0.0.1 as a static host without an SPA fallback.
fn serve_app_without_fallback(folder: std::path::PathBuf, fallback: Fallback) -> String {
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let folder = folder.clone();
        async move {
            let path = req.uri().path().trim_start_matches('/').to_string();
            let file = if path.is_empty() { folder.join("index.html") } else { folder.join(&path) };
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("js") => "text/javascript",
                Some("jpg") => "image/jpeg",
                _ => "text/html; charset=utf-8",
            };
            match (path.contains(".."), std::fs::read(&file)) {
                (false, Ok(bytes)) => ([(header::CONTENT_TYPE, kind)], bytes).into_response(),
                _ => match fallback {
                    Fallback::PlainNotFound => (StatusCode::NOT_FOUND, "<h1>Not Found</h1>").into_response(),
                    Fallback::AppAsNotFound => {
                        let app = std::fs::read(folder.join("index.html")).unwrap();
                        (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/html")], app).into_response()
                    }
                },
            }
        }
    });
    serve_router(listener, app)
}

#[test]
#[ignore = "needs chromium"]
fn live_history_routes_the_server_answers_404_for_are_reported_and_not_audited_as_error_pages() {
    let url = serve_app_without_fallback(fixture("sites/spa/history"), Fallback::PlainNotFound);
    let audited = audit(&url).run();
    let refused = audited.of("crawl/route-not-served");
    assert!(refused.iter().any(|f| f.page.as_deref() == Some("/news/sports-day")), "{:#?}", audited.findings);
    for f in &refused {
        assert_eq!(f.severity, "warning");
        assert!(f.message.contains("HTTP 404") && f.message.contains("not audited"), "{}", f.message);
    }
    // The server's "Not Found" page is not audited as the route, and the
    // route is not also called a broken link or a render failure.
    assert!(
        audited
            .findings
            .iter()
            .all(|f| f.page.as_deref() != Some("/news/sports-day") || f.rule == "crawl/route-not-served")
    );
    assert!(audited.family("links/broken").is_empty(), "{:#?}", audited.family("links/broken"));
    assert!(audited.of("crawl/render-failed").is_empty(), "{:#?}", audited.of("crawl/render-failed"));
}

#[test]
#[ignore = "needs chromium"]
fn live_history_routes_served_as_the_app_with_404_are_audited_and_reported() {
    let url = serve_app_without_fallback(fixture("sites/spa/history"), Fallback::AppAsNotFound);
    let audited = audit(&url).run();
    let refused = audited.of("crawl/route-not-served");
    assert!(refused.iter().any(|f| f.page.as_deref() == Some("/news/sports-day")), "{:#?}", audited.findings);
    assert!(refused.iter().all(|f| f.message.contains("audited it")), "{refused:#?}");
    // Still audited as a visitor's browser shows it: the consent error is found on the route.
    assert_consent_on_history_route(&audited);
}

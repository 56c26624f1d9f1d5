//! `schoolgate serve`: the site on this computer, rebuilt on every save.
//!
//! The preview is built in memory and served from memory on 127.0.0.1 only,
//! so nothing is written to the published folder and nobody else on the
//! network can see it. Each page gets a tiny script that waits (long-poll)
//! for the next rebuild and reloads, so an edit shows in the browser as soon
//! as the rebuild finishes. Audit problems are printed on every rebuild but
//! do not stop the preview: the admin needs to see the page to fix it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use schoolgate::audit::Severity;
use schoolgate::error::{self, BuildError};
use schoolgate::progress::Progress;
use schoolgate::source::build;

const RELOAD_PATH: &str = "/__schoolgate/wait";

/// The script added to every HTML page: wait for the next version, reload.
fn reload_script(version: u64) -> String {
    format!(
        "<script>(function(){{var v={version};function w(){{fetch('{RELOAD_PATH}?v='+v).then(function(r){{return r.text()}}).then(function(t){{if(+t>v){{location.reload()}}else{{w()}}}}).catch(function(){{setTimeout(w,1000)}})}}w()}})();</script>"
    )
}

/// URL path → (content type, bytes).
type Files = HashMap<String, (&'static str, Arc<[u8]>)>;

/// What the server hands out.
#[derive(Default)]
struct Snapshot {
    version: u64,
    files: Files,
}

struct Shared {
    snapshot: Mutex<Snapshot>,
    changed: Condvar,
}

fn content_type(url: &str) -> &'static str {
    let ext = url.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "pdf" => "application/pdf",
        "mp4" | "m4v" => "video/mp4",
        "mov" => "video/quicktime",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Builds once; returns the files to serve or the errors to show.
fn rebuild(root: &Path, version: u64) -> Result<Files, Vec<BuildError>> {
    let today = chrono::Local::now().date_naive();
    let built = build::build_site(root, today, &Progress::hidden())?;
    let mut session = built.session(today).map_err(|e| vec![e])?;
    // Face detection is left to `build` to keep previews quick; hashes
    // (for approvals) are still computed.
    session.detect_faces = false;
    let audited = session.run(&built.site).map_err(|e| vec![e])?;
    let report = &audited.report;
    let errors = report.count(Severity::Error);
    if errors > 0 || report.count(Severity::Warning) > 0 {
        eprintln!(
            "Audit: {errors} error(s), {} warning(s). Run `schoolgate build` to see them all; the site will not publish with errors.",
            report.count(Severity::Warning)
        );
    }
    let script = reload_script(version);
    let mut files = HashMap::new();
    for p in &built.site.pages {
        let html = match p.html.rfind("</body>") {
            Some(i) => format!("{}{script}{}", &p.html[..i], &p.html[i..]),
            None => format!("{}{script}", p.html),
        };
        let key = if p.url.ends_with('/') { format!("{}index.html", p.url) } else { p.url.clone() };
        files.insert(key, ("text/html; charset=utf-8", Arc::from(html.into_bytes())));
    }
    for a in &built.site.assets {
        files.insert(a.url.clone(), (content_type(&a.url), a.bytes.clone()));
    }
    Ok(files)
}

fn error_page(errors: &[BuildError], root: &Path, version: u64) -> Files {
    let text = schoolgate::escape::html(&error::render(errors, root));
    let html = format!(
        "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>Build problem</title></head><body style=\"font:18px/1.5 system-ui;max-width:70ch;margin:2rem auto\"><h1>The site could not be built</h1><pre style=\"white-space:pre-wrap\">{text}</pre>{}</body></html>",
        reload_script(version)
    );
    let mut files = HashMap::new();
    files.insert("*".to_string(), ("text/html; charset=utf-8", Arc::from(html.into_bytes())));
    files
}

/// Serves `root` on 127.0.0.1:`port` until interrupted.
pub fn serve(root: &Path, port: u16) -> Result<(), BuildError> {
    let shared = Arc::new(Shared { snapshot: Mutex::new(Snapshot::default()), changed: Condvar::new() });
    let publish = |shared: &Shared, root: &Path| {
        let started = Instant::now();
        let mut snap = shared.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        let version = snap.version + 1;
        snap.files = match rebuild(root, version) {
            Ok(files) => {
                eprintln!("Rebuilt in {} ms.", started.elapsed().as_millis());
                files
            }
            Err(errors) => {
                eprint!("{}", error::render(&errors, root));
                error_page(&errors, root, version)
            }
        };
        snap.version = version;
        shared.changed.notify_all();
    };
    publish(&shared, root);

    let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| BuildError::Other {
        message: format!("could not start the preview on port {port}: {e}"),
        hint: "Another preview may be running; stop it or use --port with another number.".into(),
    })?;
    eprintln!("Preview at http://127.0.0.1:{port}/ (press Ctrl+C to stop). Changes show as soon as you save.");

    // Watch content, templates, static files and settings.
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| BuildError::Other {
        message: format!("could not watch the site's files: {e}"),
        hint: "Restart the preview after each change instead.".into(),
    })?;
    let watched: Vec<PathBuf> = ["content", "site-template", "static", "schoolgate.toml"]
        .iter()
        .map(|p| root.join(p))
        .filter(|p| p.exists())
        .collect();
    for p in &watched {
        let _ = watcher.watch(p, RecursiveMode::Recursive);
    }
    let rebuild_shared = shared.clone();
    let rebuild_root = root.to_path_buf();
    std::thread::spawn(move || {
        while let Ok(event) = rx.recv() {
            // Rebuilding reads every file, and reading is an event too:
            // only changes may trigger a rebuild, or it would never stop.
            if !is_change(&event) {
                continue;
            }
            // Editors save in bursts (temp file, rename): wait for quiet.
            while rx.recv_timeout(Duration::from_millis(30)).is_ok() {}
            publish(&rebuild_shared, &rebuild_root);
        }
    });

    for request in server.incoming_requests() {
        let shared = shared.clone();
        std::thread::spawn(move || respond(request, &shared));
    }
    drop(watcher);
    Ok(())
}

/// True for events that change a file (not opening or reading one).
fn is_change(event: &notify::Result<notify::Event>) -> bool {
    use notify::EventKind;
    matches!(event, Ok(e) if matches!(e.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)))
}

fn respond(request: tiny_http::Request, shared: &Shared) {
    let url = request.url().to_string();
    let path = url.split('?').next().unwrap_or("/").to_string();
    if path == RELOAD_PATH {
        let seen: u64 = url.split("v=").nth(1).and_then(|v| v.parse().ok()).unwrap_or(0);
        let snap = shared.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        let (snap, _) = shared
            .changed
            .wait_timeout_while(snap, Duration::from_secs(25), |s| s.version <= seen)
            .unwrap_or_else(|e| e.into_inner());
        let _ = request.respond(tiny_http::Response::from_string(snap.version.to_string()));
        return;
    }
    let decoded = schoolgate::site::percent_decode(&path);
    let key = if decoded.ends_with('/') { format!("{decoded}index.html") } else { decoded.clone() };
    let snap = shared.snapshot.lock().unwrap_or_else(|e| e.into_inner());
    let found = snap
        .files
        .get(&key)
        .or_else(|| snap.files.get(&format!("{decoded}/index.html")))
        .or_else(|| snap.files.get("*"))
        .map(|(t, b)| (200, *t, b.clone()))
        .or_else(|| snap.files.get("/404.html").map(|(t, b)| (404, *t, b.clone())));
    drop(snap);
    let (status, ctype, body) = found.unwrap_or((404, "text/plain; charset=utf-8", Arc::from(&b"Not found"[..])));
    let mut response = tiny_http::Response::from_data(body.to_vec()).with_status_code(status);
    if let Ok(h) = tiny_http::Header::from_bytes(&b"Content-Type"[..], ctype.as_bytes()) {
        response.add_header(h);
    }
    let _ = request.respond(response);
}

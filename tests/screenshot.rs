//! Looks at the demo school the way a visitor does: headless Chromium on a
//! real HTTP server on 127.0.0.1. Needs the Debian package `chromium`, so
//! it is ignored by default; `.ci/run` installs Chromium and runs it.
//! Screenshots are kept in `target/screenshots/` to look at.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// Serves `dir` on 127.0.0.1 (random port) for the life of the test.
fn serve(dir: PathBuf) -> u16 {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            let path = req.url().split('?').next().unwrap_or("/").trim_start_matches('/').to_string();
            let mut file = dir.join(&path);
            if file.is_dir() {
                file = file.join("index.html");
            }
            let resp = match std::fs::read(&file) {
                Ok(bytes) => {
                    let ctype = match file.extension().and_then(|e| e.to_str()) {
                        Some("html") => "text/html; charset=utf-8",
                        Some("css") => "text/css",
                        Some("svg") => "image/svg+xml",
                        Some("jpg") => "image/jpeg",
                        Some("js") => "text/javascript",
                        _ => "application/octet-stream",
                    };
                    tiny_http::Response::from_data(bytes)
                        .with_header(tiny_http::Header::from_bytes(&b"Content-Type"[..], ctype.as_bytes()).unwrap())
                }
                Err(_) => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
            };
            let _ = req.respond(resp);
        }
    });
    port
}

fn shot(url: &str, out: &Path, size: &str) {
    let o = chromium(&[&format!("--screenshot={}", out.display()), &format!("--window-size={size}"), url]);
    assert!(out.is_file(), "no screenshot: {}", String::from_utf8_lossy(&o.stderr));
    let png = image::open(out).unwrap();
    // A blank or unstyled page is mostly one colour; a styled page is not.
    let rgb = png.to_rgb8();
    let mut colours = std::collections::HashSet::new();
    for p in rgb.pixels().step_by(97) {
        colours.insert(p.0);
    }
    assert!(colours.len() > 50, "{} looks blank ({} colours)", out.display(), colours.len());
}

#[test]
#[ignore = "needs chromium"]
fn demo_school_renders_in_a_real_browser() {
    let site = tempfile::tempdir().unwrap();
    for d in ["content", "private"] {
        copy_dir(&repo().join(d), &site.path().join(d));
    }
    std::fs::copy(repo().join("schoolgate.toml"), site.path().join("schoolgate.toml")).unwrap();
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", text(&out));
    let port = serve(site.path().join("public"));
    let base = format!("http://127.0.0.1:{port}");

    let dir = repo().join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    shot(&format!("{base}/"), &dir.join("home.png"), "1280,2000");
    shot(&format!("{base}/"), &dir.join("home-mobile.png"), "390,1600");
    shot(&format!("{base}/news/"), &dir.join("news.png"), "1280,2000");

    // The DOM the browser built: skip link first, landmarks, the menu, no broken template output.
    let dom = chromium(&["--dump-dom", &format!("{base}/")]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("Skip to main content"), "{dom}");
    for landmark in ["<header", "<nav", "<main", "<footer"] {
        assert!(dom.contains(landmark), "missing {landmark}");
    }
    assert!(dom.contains("Hollybrook Primary School"));
    assert!(!dom.contains("{{") && !dom.contains("{%"), "template syntax leaked");
}

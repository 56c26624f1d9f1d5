//! See main.rs.
//!
//! Inputs built to exhaust the machine: nesting that overflows the stack
//! (which aborts the process, exit 134, with no report), files that unpack
//! or decode to gigabytes, devices that never end, pages of 50 MB. Each is
//! refused with a message naming the file and the limit; in an audit of
//! someone else's site, a page too deep to read becomes a finding and the
//! other pages are still checked.

use std::io::Write;
use std::path::Path;

use crate::common::{AuditRun, build, copy_dir, edit, site, snapshot, text};

fn write_page(root: &Path, rel: &str, body: &str) {
    std::fs::write(root.join("content").join(rel), format!("+++\ntitle = \"Deep\"\n+++\n\n{body}\n")).unwrap();
}

/// A built site, and what `public/` held before the attack.
fn built_basic() -> (tempfile::TempDir, Vec<(std::path::PathBuf, Vec<u8>)>) {
    let dir = site("basic");
    let out = build(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let before = snapshot(&dir.path().join("public"));
    (dir, before)
}

fn assert_input_error(root: &Path, before: &[(std::path::PathBuf, Vec<u8>)], words: &[&str]) -> String {
    let out = build(root, &[]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(2), "exit {:?}\n{shown}", out.status);
    for w in words {
        assert!(shown.contains(w), "{w:?} not in:\n{shown}");
    }
    assert_eq!(snapshot(&root.join("public")), before, "public/ changed");
    shown
}

#[test]
fn markdown_quotes_nested_20000_deep_stop_the_build_naming_the_file() {
    let (dir, before) = built_basic();
    write_page(dir.path(), "deep-quote.md", &format!("{}Hello", "> ".repeat(20_000)));
    assert_input_error(dir.path(), &before, &["deep-quote.md", "20,000 levels", "at most 100"]);
}

#[test]
fn markdown_lists_nested_20000_deep_stop_the_build_naming_the_file() {
    let (dir, before) = built_basic();
    write_page(dir.path(), "deep-list.md", &format!("{}Hello", "- ".repeat(20_000)));
    assert_input_error(dir.path(), &before, &["deep-list.md", "20,000 levels"]);
}

#[test]
fn raw_html_nested_20000_deep_in_markdown_stops_the_build() {
    let (dir, before) = built_basic();
    write_page(dir.path(), "deep-div.md", &"<div>".repeat(20_000));
    // The page template's own elements add a few levels to the 20,000.
    assert_input_error(dir.path(), &before, &["deep-div.md", "levels deep", "at most 512"]);
}

#[test]
fn folder_audit_reports_a_too_deep_page_and_checks_the_others() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&crate::common::audit_fixture("names"), dir.path());
    std::fs::write(
        dir.path().join("deep.html"),
        format!("<html><body>{}Harry Patel</body></html>", "<div>".repeat(20_000)),
    )
    .unwrap();
    let mut run = AuditRun::new("names").without_deny();
    run.site = dir.path().to_path_buf();
    let out = run.command().args(["--format", "json"]).output().unwrap();
    let shown = text(&out);
    assert_ne!(out.status.code(), Some(134), "aborted:\n{shown}");
    assert_eq!(out.status.code(), Some(1), "{shown}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {shown}"));
    let findings = json["findings"].as_array().expect("findings");
    let deep: Vec<_> = findings.iter().filter(|f| f["rule"] == "page/too-deep").collect();
    assert_eq!(deep.len(), 1, "{shown}");
    assert!(deep[0].to_string().contains("/deep.html"), "{shown}");
    assert!(deep[0]["message"].as_str().unwrap().contains("levels deep"), "{shown}");
    // The other pages were still read and checked.
    assert!(findings.iter().any(|f| f["rule"] == "names/full-name-on-page"), "{shown}");
}

/// In a trust audit, one member school serving a page nested 20,000 deep
/// is a finding on that school; the run finishes and every school gets its
/// report (a stack overflow used to abort the whole run with no report).
#[test]
fn trust_audit_survives_one_school_with_a_page_too_deep_to_read() {
    let dir = tempfile::tempdir().unwrap();
    let deep_site = dir.path().join("deep");
    let ok_site = dir.path().join("ok");
    for site in [&deep_site, &ok_site] {
        copy_dir(&crate::common::audit_fixture("clean"), site);
    }
    std::fs::write(
        deep_site.join("news/deep.html"),
        format!("<html><body>{}Nested</body></html>", "<div>".repeat(20_000)),
    )
    .unwrap();
    let index = std::fs::read_to_string(deep_site.join("index.html")).unwrap();
    std::fs::write(
        deep_site.join("index.html"),
        index.replace("</main>", "<a href=\"/news/deep.html\">Deep</a></main>"),
    )
    .unwrap();
    let (deep_url, ok_url) = (crate::common::serve_folder(deep_site), crate::common::serve_folder(ok_site));
    let trust = dir.path().join("trust.toml");
    std::fs::write(
        &trust,
        format!(
            "parallel_sites = 2\n\n[[school]]\nname = \"Deep Oak\"\nurl = \"{deep_url}\"\ntype = \"academy\"\nphase = \"primary\"\n\n\
             [[school]]\nname = \"Plain Ash\"\nurl = \"{ok_url}\"\ntype = \"academy\"\nphase = \"primary\"\n"
        ),
    )
    .unwrap();
    let report = dir.path().join("report");
    let out = crate::common::schoolgate()
        .args(["audit", "--no-faces", "--trust"])
        .arg(&trust)
        .arg("--output")
        .arg(&report)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let shown = text(&out);
    assert_ne!(out.status.code(), Some(134), "aborted:\n{shown}");
    let v: serde_json::Value = serde_json::from_slice(
        &std::fs::read(report.join("trust-report.json")).unwrap_or_else(|e| panic!("{e}: {shown}")),
    )
    .unwrap();
    let schools = v["schools"].as_array().unwrap();
    assert_eq!(schools.len(), 2, "{v}");
    for s in schools {
        assert_eq!(s["status"], "audited", "{s}");
    }
    let deep = schools.iter().find(|s| s["name"] == "Deep Oak").unwrap();
    let too_deep: Vec<_> =
        deep["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "page/too-deep").collect();
    assert_eq!(too_deep.len(), 1, "{deep}");
    assert!(too_deep[0]["page"].as_str().unwrap().ends_with("/news/deep.html"), "{deep}");
}

/// A zip whose only sheet unpacks to `size` bytes of spaces: a few hundred
/// kilobytes on disk.
fn zip_bomb(path: &Path, size: usize) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(
        br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
    )
    .unwrap();
    zip.start_file("xl/workbook.xml", opts).unwrap();
    zip.write_all(br#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>"#).unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", opts.large_file(true)).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..size / chunk.len() {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn xlsx_register_that_unpacks_to_gigabytes_is_refused_unread() {
    let (dir, before) = built_basic();
    let bomb = dir.path().join("private/register.xlsx");
    zip_bomb(&bomb, 160 << 20);
    assert!(std::fs::metadata(&bomb).unwrap().len() < 2 << 20, "the bomb should be small on disk");
    edit(&dir.path().join("schoolgate.toml"), "private/register.csv", "private/register.xlsx");
    assert_input_error(dir.path(), &before, &["register.xlsx", "unpacks to more than 100 MB"]);
}

#[test]
fn register_pointing_at_dev_zero_is_refused_at_once() {
    let (dir, before) = built_basic();
    edit(&dir.path().join("schoolgate.toml"), "path = \"private/register.csv\"", "path = \"/dev/zero\"");
    let started = std::time::Instant::now();
    assert_input_error(dir.path(), &before, &["/dev/zero", "not a regular file"]);
    assert!(started.elapsed().as_secs() < 30);
}

#[test]
fn waivers_file_that_is_a_folder_is_refused() {
    let (dir, before) = built_basic();
    std::fs::remove_file(dir.path().join("waivers.toml")).unwrap();
    std::fs::create_dir(dir.path().join("waivers.toml")).unwrap();
    assert_input_error(dir.path(), &before, &["waivers.toml", "not a regular file"]);
}

/// A PNG with a valid header claiming `w` × `h` pixels and no pixel data.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        let mut body = kind.to_vec();
        body.extend(data);
        let mut c = 0xFFFF_FFFFu32;
        for &b in &body {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        out.extend((data.len() as u32).to_be_bytes());
        out.extend(&body);
        out.extend((!c).to_be_bytes());
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &[]);
    chunk(&mut png, b"IEND", &[]);
    png
}

#[test]
fn photo_of_400_megapixels_is_refused_from_its_header() {
    let (dir, before) = built_basic();
    let bundle = dir.path().join("content/news/2026-07-10-sports-day");
    std::fs::write(bundle.join("banner.png"), png_claiming(20_000, 20_000)).unwrap();
    edit(&bundle.join("index.md"), "{{ photo(", "![Banner](banner.png)\n\n{{ photo(");
    assert_input_error(dir.path(), &before, &["banner.png", "20000 × 20000", "Resize"]);
}

#[test]
fn markdown_page_of_50_mb_is_refused() {
    let (dir, before) = built_basic();
    let line = "Sports day was a great success and everyone joined in. ".repeat(20) + "\n\n";
    write_page(dir.path(), "huge.md", &line.repeat(50 * 1024 * 1024 / line.len()));
    assert_input_error(dir.path(), &before, &["huge.md", "10 MB"]);
}

#[test]
fn html_page_of_50_mb_in_a_folder_audit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&crate::common::audit_fixture("clean"), dir.path());
    let para = "<p>Sports day was a great success and everyone joined in.</p>\n";
    std::fs::write(dir.path().join("huge.html"), para.repeat(50 * 1024 * 1024 / para.len())).unwrap();
    let mut run = AuditRun::new("clean");
    run.site = dir.path().to_path_buf();
    let out = run.command().output().unwrap();
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(2), "{shown}");
    assert!(shown.contains("huge.html") && shown.contains("10 MB"), "{shown}");
}

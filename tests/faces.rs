//! Faces nobody tagged, and photo approval, on the real binary.
//!
//! The fixture site (`fixtures/faces/site`) has three posts: a photo of one
//! face with no tags (space-visit/astronaut.jpg), the same face tagged with a
//! pupil (class-photo/class.jpg) and a landscape (new-field/field.jpg).
//! Photos are small so detection stays quick in debug builds.

mod common;

use std::path::Path;

use common::*;

const ASTRONAUT: &str = "content/news/2026-07-01-space-visit/astronaut.jpg";
const CLASS: &str = "content/news/2026-07-02-class-photo/class.jpg";

fn faces_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("faces/site"), dir.path());
    dir
}

/// Findings of one rule from a JSON build report, as (asset, message).
fn findings(out: &std::process::Output, rule: &str) -> Vec<(String, String)> {
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report on stdout");
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| (f["asset"].as_str().unwrap_or("").to_string(), f["message"].as_str().unwrap().to_string()))
        .collect()
}

fn approve(root: &Path, args: &[&str]) -> std::process::Output {
    schoolgate().arg("approve").args(args).arg("--root").arg(root).output().unwrap()
}

fn require_approval(root: &Path) {
    let config = root.join("schoolgate.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("[audit]\n", "[audit]\nrequire_photo_approval = true\n")).unwrap();
}

#[test]
fn untagged_faces_warn_but_tagged_and_faceless_photos_do_not() {
    let site = faces_site();
    let out = build(site.path(), &["--format", "json"]);
    assert!(out.status.success(), "{}", text(&out));
    let untagged = findings(&out, "faces/untagged");
    assert_eq!(untagged.len(), 1, "{untagged:?}");
    assert_eq!(untagged[0].0, "/news/space-visit/astronaut.jpg");
    assert!(
        untagged[0].1.contains("1 face, nobody tagged: say who is in it, or mark it as showing no pupils"),
        "{}",
        untagged[0].1
    );
    // The tagged photo has as many tags as faces; the field has no face.
    assert!(findings(&out, "faces/more-faces-than-tags").is_empty());
    let all = String::from_utf8_lossy(&out.stdout);
    assert!(!all.contains("class.jpg") && !all.contains("field.jpg"), "{all}");

    // Marking the photo as showing no pupils silences it.
    edit(
        &site.path().join("content/news/2026-07-01-space-visit/index.md"),
        "spacesuit\")",
        "spacesuit\", no_pupils=true)",
    );
    let out = build(site.path(), &["--format", "json"]);
    assert!(findings(&out, "faces/untagged").is_empty(), "{}", text(&out));
}

#[test]
fn second_build_runs_no_detection() {
    let site = faces_site();
    let first = text(&build(site.path(), &[]));
    assert!(first.contains("faces: 3 photos checked, 0 from cache"), "{first}");
    let second = text(&build(site.path(), &[]));
    assert!(second.contains("faces: 3 photos checked, 3 from cache"), "{second}");
    assert!(second.contains("faces/untagged"), "cached results still feed the audit: {second}");
    // A changed photo is detected again; the others still come from the cache.
    let relay = fixture("sites/basic/content/news/2026-07-10-sports-day/relay-race.jpg");
    std::fs::copy(relay, site.path().join(ASTRONAUT)).unwrap();
    let third = text(&build(site.path(), &[]));
    assert!(third.contains("faces: 3 photos checked, 2 from cache"), "{third}");
    assert!(!third.contains("faces/untagged"), "{third}");
}

#[test]
fn detection_can_be_turned_off() {
    let site = faces_site();
    let out = text(&build(site.path(), &["--no-faces"]));
    assert!(!out.contains("faces:") && !out.contains("faces/untagged"), "{out}");
    edit(&site.path().join("schoolgate.toml"), "[audit]\n", "[audit]\nfaces = false\n");
    let out = text(&build(site.path(), &[]));
    assert!(!out.contains("faces:") && !out.contains("faces/untagged"), "{out}");
    assert!(!site.path().join(".schoolgate/faces").exists());
}

#[test]
fn approval_round_trip() {
    let site = faces_site();
    let root = site.path();
    require_approval(root);

    let out = build(root, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let missing = findings(&out, "approval/missing");
    let mut assets: Vec<&str> = missing.iter().map(|(a, _)| a.as_str()).collect();
    assets.sort_unstable();
    // The untagged face and the tagged pupil need approval; the field does not.
    assert_eq!(assets, ["/news/class-photo/class.jpg", "/news/space-visit/astronaut.jpg"], "{missing:?}");

    let pending = approve(root, &["--pending"]);
    let t = text(&pending);
    assert!(pending.status.success(), "{t}");
    assert!(t.contains(ASTRONAUT) && t.contains("used on /news/space-visit/") && t.contains("1 face found"), "{t}");
    assert!(t.contains(CLASS) && t.contains("tagged with a pupil"), "{t}");
    assert!(!t.contains("field.jpg"), "{t}");

    let ok = approve(root, &[ASTRONAUT, CLASS, "--by", "Mrs A Jones"]);
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(text(&ok).contains("by Mrs Amelia Jones"), "{}", text(&ok));
    let record = std::fs::read_to_string(root.join("private/approvals.toml")).unwrap();
    assert!(record.contains("Mrs Amelia Jones") && record.contains("sha256"), "{record}");
    assert!(text(&approve(root, &["--pending"])).contains("No photos are waiting"));

    let out = build(root, &[]);
    assert!(out.status.success(), "{}", text(&out));

    // Editing (here: replacing) the photo voids its approval.
    std::fs::copy(fixture("faces/astronaut.jpg"), root.join(ASTRONAUT)).unwrap();
    let out = build(root, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let missing = findings(&out, "approval/missing");
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0].0, "/news/space-visit/astronaut.jpg");
}

#[test]
fn approvals_by_someone_not_on_the_staff_list_are_refused() {
    let site = faces_site();
    let out = approve(site.path(), &[ASTRONAUT, "--by", "Mr T Visitor"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("not on the staff list"), "{}", text(&out));
    assert!(!site.path().join("private/approvals.toml").exists());
    let out = approve(site.path(), &["content/news/missing.jpg", "--by", "Mrs A Jones"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn approvals_and_report_never_reach_the_published_site() {
    let site = faces_site();
    let root = site.path();
    require_approval(root);
    assert!(approve(root, &[ASTRONAUT, CLASS, "--by", "Mrs A Jones"]).status.success());
    let report = root.join("private/report.html");
    let out = build(root, &["--report", report.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(report.is_file());
    for (path, bytes) in snapshot(&root.join("public")) {
        let p = path.to_string_lossy();
        assert!(!p.contains("approvals") && !p.contains("report") && !p.ends_with(".toml"), "{p} published");
        let body = String::from_utf8_lossy(&bytes);
        assert!(!body.contains("Amelia") && !body.contains("sha256"), "{p} leaks approvals");
    }
    assert!(!root.join("public/.schoolgate").exists());

    // An approvals file configured inside the published folders is refused.
    edit(&root.join("schoolgate.toml"), "[audit]\n", "[audit]\napprovals = \"content/approvals.toml\"\n");
    let out = build(root, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("is inside the content folder"), "{}", text(&out));
    let out = approve(root, &[ASTRONAUT, "--by", "Mrs A Jones"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

/// The `data:` URI images of a private report, decoded, in page order.
fn report_images(html: &str) -> Vec<image::RgbImage> {
    use base64::Engine as _;
    const PREFIX: &str = "data:image/jpeg;base64,";
    html.match_indices(PREFIX)
        .map(|(i, _)| {
            let start = i + PREFIX.len();
            let end = start + html[start..].find('"').unwrap();
            let jpeg = base64::engine::general_purpose::STANDARD.decode(&html[start..end]).unwrap();
            image::load_from_memory(&jpeg).unwrap().to_rgb8()
        })
        .collect()
}

/// Pixels close to the face-box colour (JPEG shifts colours a little).
fn box_pixels(img: &image::RgbImage) -> usize {
    let [r, g, b] = schoolgate::report::FACE_BOX_COLOUR;
    img.pixels()
        .filter(|p| {
            let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).abs();
            d(p[0], r) < 60 && d(p[1], g) < 60 && d(p[2], b) < 60
        })
        .count()
}

#[test]
fn private_report_boxes_untagged_faces() {
    let site = faces_site();
    let root = site.path();
    let report = root.join("private/report.html");
    let out = build(root, &["--report", report.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let html = std::fs::read_to_string(&report).unwrap();
    // Only the untagged photo has a finding, so one thumbnail, with its face boxed.
    let images = report_images(&html);
    assert_eq!(images.len(), 1, "{html}");
    let boxed = box_pixels(&images[0]);
    assert!(boxed > 40, "a face box is drawn ({boxed} box-coloured pixels)");
    assert!(!html.contains("Photos awaiting approval"), "only with require_photo_approval");
}

#[test]
fn private_report_lists_photos_awaiting_approval_until_approved() {
    let site = faces_site();
    let root = site.path();
    require_approval(root);
    let report = root.join("private/report.html");
    let out = build(root, &["--report", report.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let html = std::fs::read_to_string(&report).unwrap();
    let section = &html[html.find("Photos awaiting approval").expect("pending section")..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(section.contains("2 photo(s) of pupils"), "{section}");
    assert!(section.contains(&format!("schoolgate approve {CLASS} --by &quot;Your Name&quot;")), "{section}");
    assert!(section.contains(&format!("schoolgate approve {ASTRONAUT} --by")), "{section}");
    // Pupils by full name (the report is private), and the pages that use each photo.
    assert!(section.contains("Aisha Khan (Year 4, pupil)"), "{section}");
    assert!(section.contains("Used on: /news/class-photo/"), "{section}");
    assert!(section.contains("Used on: /news/space-visit/"), "{section}");
    assert!(!section.contains("field.jpg"), "{section}");
    // The untagged photo's thumbnail in the list is boxed too.
    assert!(report_images(section).iter().any(|img| box_pixels(img) > 40));

    assert!(approve(root, &[ASTRONAUT, CLASS, "--by", "Mrs A Jones"]).status.success());
    let out = build(root, &["--report", report.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("Every published photo of pupils has been approved."), "{html}");
    assert!(!html.contains("schoolgate approve "), "{html}");
}

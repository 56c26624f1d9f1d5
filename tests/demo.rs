//! The demo school in `content/` is what a newcomer builds first: it must
//! pass the audit cleanly, and a single violation seeded into a copy must
//! stop the build and leave the published site as it was.

mod common;

use std::path::Path;
use std::sync::OnceLock;

use common::*;

/// A copy of the demo school (content, private data, settings) built once
/// for the whole test binary; photo work is the slow part, so tests that
/// change the site copy this folder, image cache included.
fn built_demo() -> &'static Path {
    static DEMO: OnceLock<tempfile::TempDir> = OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        for d in ["content", "private"] {
            copy_dir(&repo().join(d), &dir.path().join(d));
        }
        std::fs::copy(repo().join("schoolgate.toml"), dir.path().join("schoolgate.toml")).unwrap();
        let out = build(dir.path(), &[]);
        assert!(out.status.success(), "{}", text(&out));
        dir
    })
    .path()
}

fn report(root: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(root.join("report.json")).unwrap()).unwrap()
}

#[test]
fn demo_school_passes_the_audit_cleanly() {
    let root = built_demo();
    let out = build(root, &["--format", "json", "--output", root.join("report.json").to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let r = report(root);
    let findings = r["findings"].as_array().unwrap();
    let serious: Vec<_> = findings.iter().filter(|f| f["severity"] != "info").collect();
    assert!(serious.is_empty(), "demo school has findings: {serious:#?}");
    // Every must-item for a maintained primary school is proven by a page or document.
    let evidence = r["evidence"].as_array().unwrap();
    for item in [
        "contact-details",
        "pupil-premium-strategy",
        "pe-sport-premium",
        "sen-information-report",
        "governance-information",
        "ofsted-report",
    ] {
        let e = evidence.iter().find(|e| e["item"] == item).unwrap_or_else(|| panic!("{item} not proven"));
        assert!(e["url"].as_str().unwrap().starts_with('/') || e["url"].as_str().unwrap().starts_with("http"));
    }
    assert!(root.join("public/index.html").is_file());
}

#[test]
fn published_photos_carry_no_personal_metadata() {
    let root = built_demo();
    let public = root.join("public");
    let mut photos = 0;
    for entry in walkdir::WalkDir::new(&public).into_iter().filter_map(Result::ok) {
        let p = entry.path();
        if p.extension().is_none_or(|e| e != "jpg") {
            continue;
        }
        photos += 1;
        let bytes = std::fs::read(p).unwrap();
        // Schoolgate's own reader finds no people tags, faces, GPS or serials…
        let meta = schoolgate::metadata::read_metadata(&bytes).unwrap();
        assert!(!meta.has_personal_data(), "{}: {meta:?}", p.display());
        assert!(meta.tags.is_empty() && meta.text.is_empty(), "{}: {meta:?}", p.display());
        // …and neither does an independent EXIF reader: at most an orientation tag is left.
        if let Ok(exif) = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&bytes)) {
            let tags: Vec<_> = exif.fields().map(|f| f.tag).collect();
            assert!(tags.iter().all(|t| *t == exif::Tag::Orientation), "{}: {tags:?}", p.display());
        }
        assert!(!String::from_utf8_lossy(&bytes).contains("x:xmpmeta"), "XMP left in {}", p.display());
    }
    assert!(photos >= 20, "expected the demo's photos, found {photos}");
}

#[test]
fn phone_photos_stay_the_right_way_up() {
    // The demo manifest marks some photos as taken with the phone on its side
    // (EXIF orientation 6): wide ones are turned in the pixels, small ones keep the tag.
    let manifest = std::fs::read_to_string(repo().join("fixtures/demo-photos.toml")).unwrap();
    let table: toml::Table = toml::from_str(&manifest).unwrap();
    let rotated: Vec<&toml::Value> = table["photo"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p.get("orientation").and_then(|o| o.as_integer()) == Some(6))
        .collect();
    assert!(!rotated.is_empty());
    let root = built_demo();
    for p in rotated {
        let src = p["path"].as_str().unwrap();
        let (w, h) = (p["width"].as_integer().unwrap() as u32, p["height"].as_integer().unwrap() as u32);
        // Published name: same file inside the page's URL folder; find it by file name.
        let name = Path::new(src).file_name().unwrap();
        let published = walkdir::WalkDir::new(root.join("public"))
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| e.file_name() == name)
            .unwrap_or_else(|| panic!("{src} not published"));
        let bytes = std::fs::read(published.path()).unwrap();
        let img = image::load_from_memory(&bytes).unwrap();
        let orientation = schoolgate::metadata::read_metadata(&bytes).unwrap().orientation.unwrap_or(1);
        // Displayed size = pixels turned by the remaining orientation tag.
        let (dw, dh) = if orientation >= 5 { (img.height(), img.width()) } else { (img.width(), img.height()) };
        assert!(dw < dh, "{src}: the original is {w}x{h} with orientation 6, so it shows portrait; got {dw}x{dh}");
    }
}

#[test]
fn one_unconsented_photo_stops_the_build_and_keeps_the_old_site() {
    let copy = tempfile::tempdir().unwrap();
    copy_dir(built_demo(), copy.path());
    let root = copy.path();
    let ok = build(root, &[]);
    assert!(ok.status.success(), "{}", text(&ok));
    let before = snapshot(&root.join("public"));
    // Tag a photo with a pupil whose parents said no to website photos.
    let register = std::fs::read_to_string(root.join("private/consent-register.csv")).unwrap();
    let refused = register
        .lines()
        .skip(1)
        .find(|l| l.split(',').nth(6).is_some_and(|c| c.trim().eq_ignore_ascii_case("no")))
        .expect("the demo register has a pupil without photo consent");
    let id = refused.split(',').next().unwrap();
    let surname = refused.split(',').nth(3).unwrap();
    let post = find_post_with_photo(root);
    let body = std::fs::read_to_string(&post).unwrap();
    let seeded = body.replacen("people=\"", &format!("people=\"{id}, "), 1);
    assert_ne!(seeded, body, "{} has no people= to extend", post.display());
    std::fs::write(&post, seeded).unwrap();

    let out = build(root, &[]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("consent/photo-without-consent"), "{t}");
    assert!(!t.contains(surname), "CI output must not name the child: {t}");
    assert_eq!(before, snapshot(&root.join("public")), "published site changed");
}

fn find_post_with_photo(root: &Path) -> std::path::PathBuf {
    walkdir::WalkDir::new(root.join("content/news"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name() == "index.md" && std::fs::read_to_string(e.path()).unwrap().contains("people=\"HB"))
        .map(|e| e.into_path())
        .expect("a news post with tagged pupils")
}

/// The demo's two videos (`content/news/2026-11-2?-…`, made by
/// `fixtures/videos/make.sh`), as published.
const DEMO_VIDEOS: &[(&str, &str)] = &[
    (
        "content/news/2026-11-24-winter-concert-rehearsal/rehearsal.mp4",
        "public/news/winter-concert-rehearsal/rehearsal.mp4",
    ),
    (
        "content/news/2026-11-26-forest-school-film/forest-school.mov",
        "public/news/forest-school-film/forest-school.mov",
    ),
];

#[test]
fn demo_videos_are_published_without_their_personal_boxes() {
    let root = built_demo();
    for (source, published) in DEMO_VIDEOS {
        let original = std::fs::read(repo().join(source)).unwrap();
        let before = schoolgate::video::read(&original).unwrap();
        assert!(before.metadata.personal.gps && before.make.is_some(), "{source} should carry GPS and a make");
        let bytes = std::fs::read(root.join(published)).unwrap_or_else(|e| panic!("{published}: {e}"));
        assert_eq!(bytes.len(), original.len(), "{published}: nothing moved");
        let after = schoolgate::video::read(&bytes).unwrap();
        assert!(!after.has_personal_data(), "{published}: {after:?}");
    }
    // The rehearsal's poster went through the photo pipeline (published,
    // and named as the video's poster); the player is a real <video>.
    let html = std::fs::read_to_string(root.join("public/news/winter-concert-rehearsal/index.html")).unwrap();
    assert!(
        html.contains("<video controls")
            && html.contains("poster=\"/news/winter-concert-rehearsal/rehearsal-poster.jpg\""),
        "{html}"
    );
    let poster = std::fs::read(root.join("public/news/winter-concert-rehearsal/rehearsal-poster.jpg")).unwrap();
    assert!(!schoolgate::metadata::read_metadata(&poster).unwrap().has_personal_data());
}

/// ExifTool (Debian `libimage-exiftool-perl`, installed by `.ci/run`)
/// reads the published videos and finds nothing personal.
#[test]
#[ignore = "needs exiftool"]
fn exiftool_finds_nothing_personal_in_the_published_demo_videos() {
    let root = built_demo();
    for (source, published) in DEMO_VIDEOS {
        let read = |path: &Path| {
            let out = std::process::Command::new("exiftool")
                .args(["-j", "-a", "-G1"])
                .arg(path)
                .output()
                .expect("exiftool runs");
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        // The same reading of the original shows what must go.
        let original = read(&repo().join(source));
        // (-G1 names fields "Group:Name": "Keys:Make", "UserData:Make".)
        assert!(original.contains("GPSCoordinates") && original.contains(":Make\""), "{original}");
        let json = read(&root.join(published));
        for field in [
            "GPS",
            ":Make\"",
            ":Model\"",
            "Serial",
            "PersonInImage",
            "RegionInfo",
            "HierarchicalSubject",
            ":Software\"",
        ] {
            assert!(!json.contains(field), "{published} still shows {field}: {json}");
        }
    }
}

#[test]
fn a_pupil_tagged_only_in_a_video_stops_the_build_and_keeps_the_old_site() {
    let copy = tempfile::tempdir().unwrap();
    copy_dir(built_demo(), copy.path());
    let root = copy.path();
    let before = snapshot(&root.join("public"));
    // The clip's XMP tags Isla (HB1003: no website consent); the page says
    // nothing about who is in it.
    let bundle = root.join("content/news/2026-11-26-forest-school-film");
    std::fs::copy(fixture("videos/phone-gps-people.mp4"), bundle.join("clearing.mp4")).unwrap();
    let post = bundle.join("index.md");
    let body = std::fs::read_to_string(&post).unwrap();
    std::fs::write(&post, format!("{body}\n{{{{ video(src=\"clearing.mp4\", title=\"The clearing\") }}}}\n")).unwrap();

    let out = build(root, &[]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("consent/photo-without-consent") && t.contains("The video clearing.mp4"), "{t}");
    assert!(!t.contains("Kowalski"), "CI output must not name the child: {t}");
    assert_eq!(before, snapshot(&root.join("public")), "published site changed");
}

#[test]
fn find_lists_the_demo_video_a_pupil_is_tagged_in() {
    let root = built_demo();
    let out = schoolgate()
        .args(["find", "HB1034", "--format", "json", "--today", "2026-11-29", "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let video = json["appearances"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "video")
        .unwrap_or_else(|| panic!("no video listed: {json:#}"));
    assert_eq!(video["url"], "/news/winter-concert-rehearsal/rehearsal.mp4");
    let places: Vec<&str> = video["evidence"].as_array().unwrap().iter().filter_map(|e| e["place"].as_str()).collect();
    assert!(places.contains(&"people_tag") && places.contains(&"declared_people"), "{places:?}");
}

//! Issue #13, "no tag missed": people tags, ids and serials written where
//! real tools write them are found by the real binary, in `build` and in
//! `audit DIR`, and the decoys a real school would have are not reported.
//! The site is `fixtures/sites/recall/` (see its README).

mod common;

use std::path::{Path, PathBuf};

use common::*;
use schoolgate::metadata::read_metadata;

const BUNDLE: &str = "content/news/2026-10-02-harvest";

fn recall(rel: &str) -> PathBuf {
    fixture(&format!("sites/recall/{rel}"))
}

/// `schoolgate build` with a JSON report; (exit code, findings, log).
fn build_report(root: &Path) -> (Option<i32>, Vec<JsonFinding>, String) {
    let report = root.join("report.json");
    let out = build(root, &["--format", "json", "--output", report.to_str().unwrap()]);
    let json: serde_json::Value = std::fs::read_to_string(&report)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(serde_json::Value::Null);
    let findings = json["findings"].as_array().map(|a| a.iter().map(JsonFinding::from).collect()).unwrap_or_default();
    (out.status.code(), findings, text(&out))
}

/// A copy of the recall site with one more page showing `photo` (copied in
/// from `fixtures/images/recall/`).
fn site_showing(photo: &str, alt: &str) -> tempfile::TempDir {
    let site = site("recall");
    let dir = site.path().join("content/news/2026-10-09-extra");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixture(&format!("images/recall/{photo}")), dir.join(photo)).unwrap();
    std::fs::write(
        dir.join("index.md"),
        format!(
            "+++\ntitle = \"More photos\"\n+++\n\n{{{{ photo(src=\"{photo}\", alt=\"{alt}\", no_pupils=false) }}}}\n"
        ),
    )
    .unwrap();
    site
}

fn audit_published() -> Audited {
    AuditRun::new("unused")
        .site_path(recall("published"))
        .register(Some(recall("private/register.csv")))
        .staff(recall("private/staff.csv"))
        .without_deny()
        .run()
}

fn rules_about<'a>(r: &'a Audited, url: &str) -> Vec<&'a str> {
    let mut rules: Vec<&str> = r.about_asset(url).iter().map(|f| f.rule.as_str()).collect();
    rules.sort_unstable();
    rules
}

#[test]
fn site_photos_are_the_generated_fixtures() {
    let generated = fixture("images/recall");
    for dir in [recall("published/gallery"), recall(BUNDLE)] {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            if name.ends_with(".html") || name.ends_with(".md") {
                continue;
            }
            let original = std::fs::read(generated.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(std::fs::read(&path).unwrap() == original, "{} differs from the generated {name}", path.display());
        }
    }
}

#[test]
fn build_publishes_tagged_photos_without_tags_serials_authors_or_sidecars() {
    let site = site("recall");
    let (code, findings, log) = build_report(site.path());
    assert_eq!(code, Some(0), "{log}\n{findings:#?}");
    let public = site.path().join("public");
    let mut photos = 0;
    for (path, bytes) in snapshot(&public) {
        let name = path.to_string_lossy().to_lowercase();
        assert!(!name.ends_with(".xmp"), "a sidecar was published: {}", path.display());
        if name.ends_with(".jpg") || name.ends_with(".png") {
            photos += 1;
            let meta = read_metadata(&bytes).unwrap();
            assert!(meta.tags.is_empty(), "{}: {:?}", path.display(), meta.tags);
            assert_eq!(meta.personal.camera_serial, None, "{}", path.display());
            assert_eq!(meta.personal.camera_owner, None, "{}", path.display());
            assert!(meta.personal.authors.is_empty(), "{}", path.display());
            // The Windows Tags and names in the raw bytes are gone too.
            let utf16: Vec<u8> = "Aisha".encode_utf16().flat_map(u16::to_le_bytes).collect();
            assert!(!bytes.windows(utf16.len()).any(|w| w == utf16), "{}", path.display());
            assert!(!bytes.windows(5).any(|w| w == b"Aisha"), "{}", path.display());
        }
    }
    assert_eq!(photos, 12, "every photo of the harvest page is published");
    // Decoys: a year keyword equal to an admission number, staff and
    // place names with apostrophes are nobody's consent problem.
    let consent: Vec<_> = findings.iter().filter(|f| f.rule.starts_with("consent/")).collect();
    assert!(consent.is_empty(), "{consent:#?}");
}

#[test]
fn a_upn_written_as_an_iptc_keyword_fails_the_build() {
    let site = site_showing("iptc-upn-keyword.jpg", "Pupils racing on the field");
    let (code, findings, log) = build_report(site.path());
    assert_eq!(code, Some(1), "{log}");
    let consent: Vec<_> = findings.iter().filter(|f| f.rule.starts_with("consent/")).collect();
    assert_eq!(consent.len(), 1, "{consent:#?}");
    assert_eq!(consent[0].rule, "consent/photo-without-consent", "the id is on the register, not unknown");
    assert!(consent[0].message.contains("Harry (Year 4)"), "{}", consent[0].message);
    assert_no_surnames(&log);
}

#[test]
fn windows_explorer_tags_naming_a_pupil_fail_the_build() {
    let site = site_showing("windows-tags-harry.jpg", "A pupil carrying a basket of pears");
    let (code, findings, log) = build_report(site.path());
    assert_eq!(code, Some(1), "{log}");
    let f: Vec<_> = findings.iter().filter(|f| f.rule == "consent/photo-without-consent").collect();
    assert_eq!(f.len(), 1, "{findings:#?}");
    assert!(f[0].message.contains("Harry (Year 4)"), "{}", f[0].message);
}

#[test]
fn face_region_names_with_apostrophes_and_accents_fail_the_build_in_nfc_and_nfd() {
    for photo in ["mwg-chloe-nfc.jpg", "mwg-chloe-nfd.jpg"] {
        let site = site_showing(photo, "A pupil reading in the book corner");
        let (code, findings, log) = build_report(site.path());
        assert_eq!(code, Some(1), "{photo}: {log}");
        let f: Vec<_> = findings.iter().filter(|f| f.rule.starts_with("consent/")).collect();
        assert_eq!(f.len(), 1, "{photo}: {findings:#?}");
        assert_eq!(f[0].rule, "consent/photo-without-consent", "{photo}: matched, not an unknown person");
        assert!(f[0].message.contains("Chloë (Year 5)"), "{photo}: {}", f[0].message);
        assert!(!f[0].message.contains("Brien"), "{}", f[0].message);
    }
}

#[test]
fn audit_finds_every_child_tagged_in_published_photos_and_sidecars() {
    let r = audit_published();
    assert_eq!(r.code, Some(1), "{}", r.log);
    r.assert_private();
    let refused =
        |url: &str| r.of("consent/photo-without-consent").iter().filter(|f| f.asset.as_deref() == Some(url)).count();
    for photo in [
        "iptc-upn-keyword.jpg",
        "windows-tags-harry.jpg",
        "mwg-chloe-nfc.jpg",
        "mwg-chloe-nfd.jpg",
        "sidecar-harry.jpg",
    ] {
        assert_eq!(
            refused(&format!("/gallery/{photo}")),
            1,
            "{photo}: {:#?}",
            r.about_asset(&format!("/gallery/{photo}"))
        );
    }
    for decoy in [
        "iptc-year-keyword.jpg",
        "windows-tags-aisha.jpg",
        "windows-tags-staff.jpg",
        "apostrophe-place-decoy.jpg",
        "sidecar-aisha.jpg",
    ] {
        let url = format!("/gallery/{decoy}");
        let consent: Vec<_> = r.about_asset(&url).into_iter().filter(|f| f.rule.starts_with("consent/")).collect();
        assert!(consent.is_empty(), "{decoy}: {consent:#?}");
    }
    assert!(r.of("consent/unknown-pupil-id").is_empty(), "{:#?}", r.of("consent/unknown-pupil-id"));
}

#[test]
fn audit_reports_windows_tags_and_id_keywords_left_in_published_photos() {
    let r = audit_published();
    for photo in ["windows-tags-harry.jpg", "windows-tags-aisha.jpg", "iptc-upn-keyword.jpg"] {
        let url = format!("/gallery/{photo}");
        let tags = r.of("image-metadata/people-tags");
        let f = tags.iter().find(|f| f.asset.as_deref() == Some(&url)).unwrap_or_else(|| {
            panic!("{photo}: no people-tags finding: {:#?}", r.about_asset(&url));
        });
        assert_eq!(f.severity, "error");
        if photo.starts_with("windows") {
            // Explorer's three copies: XPKeywords, dc:subject, LastKeywordXMP.
            assert!(f.message.contains("Windows Tags (EXIF XPKeywords)"), "{}", f.message);
            assert!(f.message.contains("XMP keyword (dc:subject)"), "{}", f.message);
        }
    }
    // Decoys: Tags naming only an event and a member of staff, keywords
    // with an apostrophe and an accent that spell nobody's full name.
    for decoy in ["windows-tags-staff.jpg", "apostrophe-place-decoy.jpg"] {
        let rules = rules_about(&r, &format!("/gallery/{decoy}"));
        assert!(!rules.contains(&"image-metadata/people-tags"), "{decoy}: {rules:?}");
    }
}

#[test]
fn audit_reports_published_xmp_sidecars_with_what_they_hold() {
    let r = audit_published();
    let sidecars = r.of("image-metadata/sidecar");
    let mut urls: Vec<&str> = sidecars.iter().filter_map(|f| f.asset.as_deref()).collect();
    urls.sort_unstable();
    assert_eq!(urls, ["/gallery/sidecar-aisha.xmp", "/gallery/sidecar-harry.jpg.xmp"], "{sidecars:#?}");
    for f in &sidecars {
        assert_eq!(f.severity, "error", "{f:#?}");
        assert!(f.message.contains("people tag"), "{}", f.message);
        assert_no_surnames(&f.message);
    }
    let lightroom = sidecars.iter().find(|f| f.asset.as_deref() == Some("/gallery/sidecar-aisha.xmp")).unwrap();
    assert!(lightroom.message.contains("1 face region"), "{}", lightroom.message);
}

#[test]
fn audit_reads_camera_serials_from_every_makers_maker_note() {
    let r = audit_published();
    for maker in ["nikon", "canon", "sony", "fujifilm", "panasonic", "olympus"] {
        let url = format!("/gallery/makernote-{maker}.jpg");
        let rules = rules_about(&r, &url);
        assert_eq!(rules, ["image-metadata/camera-details"], "{maker}: {:#?}", r.about_asset(&url));
    }
    let canon = r.about_asset("/gallery/makernote-canon.jpg");
    assert!(canon[0].message.contains("serial number and its owner's name"), "{}", canon[0].message);
}

#[test]
fn canva_png_with_a_jpeg_style_xmp_prefix_is_read_not_unreadable() {
    let r = audit_published();
    let rules = rules_about(&r, "/gallery/canva-xmp-prefix.png");
    assert!(rules.contains(&"image-metadata/author"), "{rules:?}");
    assert!(!rules.contains(&"image-metadata/unreadable"), "{rules:?}");
}

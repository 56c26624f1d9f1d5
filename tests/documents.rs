//! Documents and GIFs on the real binary (issue #15): the build removes the
//! people from published Word files, PDFs and GIFs without touching what a
//! reader sees; `audit DIR` reports what is left in documents published
//! elsewhere; a pupil named only as a comment's author fails the build and
//! leaves `public/` as it was.
//!
//! Fixtures: `fixtures/documents/`, made by `make_documents.py` there.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use schoolgate::documents::{properties, visible_text};
use schoolgate::metadata::{self, gif};
use schoolgate::site::AssetKind;

const BUNDLE: &str = "content/news/2026-07-10-sports-day";

fn doc(name: &str) -> Vec<u8> {
    std::fs::read(fixture(&format!("documents/{name}"))).unwrap()
}

fn put(root: &Path, name: &str) -> PathBuf {
    let to = root.join(BUNDLE).join(name);
    std::fs::write(&to, doc(name)).unwrap();
    to
}

/// Every name a fixture document holds in its metadata.
const PEOPLE: &[&str] = &["Sarah Hughes", "Tom Reed", "Aisha Khan", "Elm Tree Primary School"];

#[test]
fn build_strips_people_from_documents_and_gifs_and_keeps_what_readers_see() {
    let (site, _) = built_site();
    for name in ["trip-letter.docx", "behaviour-policy.docx", "newsletter-with-author.pdf", "finish-line.gif"] {
        put(site.path(), name);
    }
    let out = build(site.path(), &[]);
    let log = text(&out);
    assert_eq!(out.status.code(), Some(0), "{log}");
    assert_no_surnames(&log);
    let public = site.path().join("public/news/sports-day");

    // Word: properties, comment and tracked-change authors, the photo inside.
    let original = doc("trip-letter.docx");
    let published = std::fs::read(public.join("trip-letter.docx")).unwrap();
    assert_ne!(original, published);
    assert_eq!(visible_text(&original, AssetKind::Document), visible_text(&published, AssetKind::Document));
    assert!(visible_text(&published, AssetKind::Document).unwrap().contains("and wellies"));
    let meta = properties::read(&published).expect("published docx reads");
    assert!(meta.properties.iter().all(|p| p.kind == properties::PropertyKind::Descriptive), "{:?}", meta.properties);
    let authors: Vec<&str> = meta.comments.iter().chain(&meta.revisions).map(|c| c.author.as_str()).collect();
    assert!(authors.iter().all(|a| a.starts_with("Author")), "{authors:?}");
    assert!(meta.photos.iter().all(|p| !p.metadata.has_personal_data()), "{:?}", meta.photos);
    let before = properties::read(&original).unwrap();
    assert!(before.photos.iter().any(|p| p.metadata.personal.gps), "the fixture's photo has GPS");

    // The decoy policy: its only personal fields are the head teacher's role and the school.
    let policy = std::fs::read(public.join("behaviour-policy.docx")).unwrap();
    let meta = properties::read(&policy).unwrap();
    assert!(meta.is_clean() && meta.comments.is_empty(), "{meta:?}");

    // PDF: Info author and custom keys, XMP, the photo inside; text the same.
    let original = doc("newsletter-with-author.pdf");
    let published = std::fs::read(public.join("newsletter-with-author.pdf")).unwrap();
    assert_eq!(visible_text(&original, AssetKind::Pdf), visible_text(&published, AssetKind::Pdf));
    assert!(visible_text(&published, AssetKind::Pdf).unwrap().contains("Thank you for the harvest gifts."));
    let meta = properties::read(&published).unwrap();
    let mut fields: Vec<&str> = meta.properties.iter().map(|p| p.field.as_str()).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["Creator", "Producer", "Title"], "{:?}", meta.properties);
    assert_eq!(meta.xmp, metadata::ImageMetadata::default());
    assert!(meta.photos.iter().all(|p| !p.metadata.has_personal_data()));
    for person in PEOPLE {
        assert!(!published.windows(person.len()).any(|w| w == person.as_bytes()), "{person} left in the PDF");
    }

    // GIF: published (no longer refused), still two frames, no comment or XMP.
    let original = doc("finish-line.gif");
    let published = std::fs::read(public.join("finish-line.gif")).unwrap();
    assert_eq!(gif::frame_count(&published).unwrap(), 2);
    assert_eq!(gif::frame_count(&original).unwrap(), 2);
    assert!(!gif::read(&original).unwrap().text.is_empty(), "the fixture has a comment");
    assert_eq!(gif::read(&published).unwrap(), metadata::ImageMetadata::default());
    assert!(published.windows(11).any(|w| w == b"NETSCAPE2.0"), "the animation loop is kept");
    assert!(!published.windows(6).any(|w| w == b"Hughes"));
}

#[test]
fn a_pupil_named_only_as_a_comment_author_fails_the_build_and_public_is_unchanged() {
    let (site, before) = built_site();
    put(site.path(), "pupil-comment.docx");
    let out = build(site.path(), &[]);
    let log = text(&out);
    assert_eq!(out.status.code(), Some(1), "{log}");
    assert!(log.contains("document-metadata/comments"), "{log}");
    assert!(log.contains("Aisha (Year 4)"), "{log}");
    assert_no_surnames(&log);
    assert_eq!(snapshot(&site.path().join("public")), before, "public/ changed after a failed build");
}

#[test]
fn audit_of_a_folder_reports_what_documents_still_hold() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "trip-letter.docx",
        "pupil-comment.docx",
        "behaviour-policy.docx",
        "sports-results.xlsx",
        "newsletter-with-author.pdf",
    ];
    let links: String = names.iter().map(|n| format!("<li><a href=\"/{n}\">{n}</a></li>")).collect();
    std::fs::write(
        dir.path().join("index.html"),
        format!("<!doctype html><html lang=\"en\"><head><title>Letters</title></head><body><main><h1>Letters</h1><ul>{links}</ul></main></body></html>"),
    )
    .unwrap();
    for n in names {
        std::fs::write(dir.path().join(n), doc(n)).unwrap();
    }
    let run = AuditRun::new("unused")
        .site_path(dir.path().to_path_buf())
        .register(Some(fixture("sites/basic/private/register.csv")))
        .staff(fixture("sites/basic/private/staff.csv"))
        .without_deny()
        .run();
    run.assert_private();
    let about = |asset: &str, rule: &str| -> Vec<String> {
        run.about_asset(asset).into_iter().filter(|f| f.rule == rule).map(|f| f.severity.clone()).collect()
    };
    // Trip letter: staff author (note), comments and tracked changes (warning), tagged photo with GPS (error).
    assert_eq!(about("/trip-letter.docx", "document-metadata/author"), ["info"]);
    assert_eq!(about("/trip-letter.docx", "document-metadata/comments"), ["warning"]);
    assert_eq!(about("/trip-letter.docx", "document-metadata/people-tags"), ["error"]);
    // A pupil as a comment's author: the error, and the comment warning.
    let mut sev = about("/pupil-comment.docx", "document-metadata/comments");
    sev.sort();
    assert_eq!(sev, ["error", "warning"]);
    // Decoy: a policy by the head teacher with no comments is only the note.
    let policy: Vec<(String, String)> = run
        .about_asset("/behaviour-policy.docx")
        .into_iter()
        .filter(|f| f.rule.starts_with("document-metadata/"))
        .map(|f| (f.rule.clone(), f.severity.clone()))
        .collect();
    assert_eq!(policy, [("document-metadata/author".to_string(), "info".to_string())]);
    // Spreadsheet: the hidden sheet of names and the hidden row warn; the hidden lookup sheet does not.
    let hidden: Vec<&str> = run
        .about_asset("/sports-results.xlsx")
        .into_iter()
        .filter(|f| f.rule == "document-metadata/hidden-content")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(hidden.len(), 2, "{hidden:?}");
    assert!(hidden.iter().any(|m| m.contains("hidden sheet \"Pupils\"")), "{hidden:?}");
    assert!(hidden.iter().any(|m| m.contains("1 hidden row in sheet \"Results\"")), "{hidden:?}");
    assert!(!hidden.iter().any(|m| m.contains("Lookup")), "{hidden:?}");
    // PDF: people tag in its XMP and the photo inside.
    assert_eq!(about("/newsletter-with-author.pdf", "document-metadata/people-tags"), ["error"]);
    assert_eq!(about("/newsletter-with-author.pdf", "document-metadata/author"), ["info"]);
}

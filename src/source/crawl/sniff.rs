//! What a response really is, when the server's `Content-Type` is missing,
//! generic (`application/octet-stream`) or wrong: the first bytes decide,
//! following the WHATWG MIME Sniffing standard's patterns for HTML, PDF and
//! images. Only a prefix is read; nothing is parsed.

use crate::site::AssetKind;

/// Tags that start an HTML document (WHATWG "identifying a resource with an
/// unknown MIME type"), each followed by a space or `>`.
const HTML_STARTS: &[&str] = &[
    "<!doctype html",
    "<html",
    "<head",
    "<script",
    "<iframe",
    "<h1",
    "<div",
    "<font",
    "<table",
    "<a",
    "<style",
    "<title",
    "<b",
    "<body",
    "<br",
    "<p",
    "<!--",
];

/// True when `body` starts like an HTML document (after a byte-order mark
/// and white space).
pub fn is_html(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let start = body.iter().position(|b| !matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')).unwrap_or(body.len());
    let rest = &body[start..];
    HTML_STARTS.iter().any(|tag| {
        let tag = tag.as_bytes();
        rest.len() > tag.len()
            && rest[..tag.len()].eq_ignore_ascii_case(tag)
            && (tag == b"<!--" || matches!(rest[tag.len()], b' ' | b'>'))
    })
}

/// The kind of file the audit reads that `body` is, by its magic bytes.
pub fn asset_kind(body: &[u8]) -> Option<AssetKind> {
    let image = body.starts_with(b"\xFF\xD8\xFF")
        || body.starts_with(b"\x89PNG\r\n\x1A\n")
        || body.starts_with(b"GIF87a")
        || body.starts_with(b"GIF89a")
        || (body.len() >= 12 && body.starts_with(b"RIFF") && &body[8..12] == b"WEBP");
    if image {
        Some(AssetKind::Image)
    } else if crate::video::is_video(body) {
        Some(AssetKind::Video)
    } else if body.starts_with(b"%PDF-") {
        Some(AssetKind::Pdf)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_recognised_by_its_first_tag() {
        assert!(is_html(b"\xEF\xBB\xBF  \n<!DOCTYPE html><html><body>Hi"));
        assert!(is_html(b"<HTML lang=en>"));
        assert!(is_html(b"<p>Term dates</p>"));
        assert!(is_html(b"<!-- saved page -->"));
        // Decoys: a tag name that only starts like one, XML, JSON, plain text, a PDF.
        assert!(!is_html(b"<abbr>x</abbr>"));
        assert!(!is_html(b"<?xml version=\"1.0\"?><urlset/>"));
        assert!(!is_html(b"{\"html\": \"<p>\"}"));
        assert!(!is_html(b"Dear parents, <p> is a tag"));
        assert!(!is_html(b"%PDF-1.7"));
        assert!(!is_html(b"<p"));
    }

    #[test]
    fn files_are_recognised_by_magic_bytes() {
        assert_eq!(asset_kind(b"%PDF-1.4\n"), Some(AssetKind::Pdf));
        assert_eq!(asset_kind(b"\xFF\xD8\xFF\xE0\0\x10JFIF"), Some(AssetKind::Image));
        assert_eq!(asset_kind(b"RIFF\0\0\0\0WEBPVP8 "), Some(AssetKind::Image));
        assert_eq!(asset_kind(b"<html>"), None);
        assert_eq!(asset_kind(b"PK\x03\x04"), None);
    }
}

//! Pupils' full names in text, URLs, file names, metadata and documents.
//!
//! A full name (first name with surname) identifies a child; together with
//! a photo or a year group it can lead a stranger to them. A pupil may be
//! named only when the register records current name consent; then the hit
//! is reported as information, for the record.
//!
//! Hits are grouped: one finding per pupil per page (or file) and per rule,
//! listing every place on the page the name appears, so that a name in a
//! caption, the alt text and the title is one thing to fix, not three.
//!
//! File names are checked here (`names/full-name-in-file-name`) rather
//! than with the other file-name rules because they need the name matcher.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::audit::{AuditContext, Finding, Location, PageView, RuleMeta, Severity};
use crate::names::TagMatch;
use crate::register::Pupil;
use crate::site::{Asset, AssetKind};

pub const ON_PAGE: &str = "names/full-name-on-page";
pub const IN_URL: &str = "names/full-name-in-url";
pub const IN_FILE_NAME: &str = "names/full-name-in-file-name";
pub const IN_IMAGE_METADATA: &str = "names/full-name-in-image-metadata";
pub const IN_DOCUMENT: &str = "names/full-name-in-document";
pub const WITH_CONSENT: &str = "names/name-with-consent";

const FIX_TEXT: &str = "Use the first name only (for example \"Harry in Year 4\"). If the parents have agreed to their child being named, record it in the consent register.";

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: ON_PAGE,
        severity: Severity::Error,
        summary: "A pupil's full name is on a page without name consent.",
        explanation: "The page's text, title, headings, image alt text, captions, link text or \
search description contains a pupil's first name and surname (in any order, with or without \
middle names, accents or apostrophes), and the consent register does not record current \
consent to name them.\n\n\
**Why it matters:** a full name, especially next to a photo or a year group, lets anyone find \
the child. Some children must not be findable at all.\n\n\
**How to fix it:** use the first name only, or the first name and class. Staff and governors \
on the staff list, names after a title (Mr, Mrs, Dr…), and phrases listed in `not_names` in \
schoolgate.toml are not reported.",
    },
    RuleMeta {
        id: IN_URL,
        severity: Severity::Error,
        summary: "A pupil's full name is in a page address or a link.",
        explanation: "The page's address or a link on it spells a pupil's full name \
(`/news/harry-patel-wins/`, `mailto:harry.patel@…`), and there is no current name consent.\n\n\
**Why it matters:** addresses are shown in search results and shared links, and stay in them \
long after the page changes.\n\n\
**How to fix it:** rename the page (change its file name or `slug`) or the link target so it \
uses the first name only or a description (`/news/year-4-sprint-winner/`).",
    },
    RuleMeta {
        id: IN_FILE_NAME,
        severity: Severity::Error,
        summary: "A published file's name spells a pupil's full name.",
        explanation: "A photo or document is published under a name that spells a pupil's full \
name however it is written (`sam-smith.jpg`, `SamSmith.jpg`, `samsmith.jpg`, \
`Smith_Sam.pdf`), and there is no current name consent.\n\n\
**Why it matters:** file names are visible in the page source, in image search and when the \
file is saved.\n\n\
**How to fix it:** rename the file to describe the content (`sports-day-sprint.jpg`) and \
update the page that uses it.",
    },
    RuleMeta {
        id: IN_IMAGE_METADATA,
        severity: Severity::Error,
        summary: "A published photo's metadata (caption, title, tags) holds a pupil's full name.",
        explanation: "The caption, title, description or a people tag inside the published photo \
file holds a pupil's full name without current name consent. Schoolgate's own build removes \
this metadata, so this is reported only when the name is still in the published file (for \
example in a folder exported from another system).\n\n\
**Why it matters:** anyone who saves the photo can read its metadata.\n\n\
**How to fix it:** export the photo again with metadata removed (\"Remove properties and \
personal information\" in Windows, \"Include: Copyright only\" in Lightroom), or publish it \
through Schoolgate.",
    },
    RuleMeta {
        id: IN_DOCUMENT,
        severity: Severity::Error,
        summary: "A published document (PDF, Word…) contains a pupil's full name.",
        explanation: "The text of a published document, such as a newsletter PDF, contains a \
pupil's full name without current name consent.\n\n\
**Why it matters:** newsletters and letters are read, downloaded and indexed like pages, and \
are often forgotten once published.\n\n\
**How to fix it:** edit the document to use first names only, save it again as PDF and \
replace the published copy.",
    },
    RuleMeta {
        id: WITH_CONSENT,
        severity: Severity::Info,
        summary: "A pupil's full name is published, with current name consent.",
        explanation: "A pupil's full name appears on a page, address, file name, metadata or \
document, and the register records current consent to name them. Nothing to fix; this is \
listed so the school can see where names are published, and check again if consent is \
withdrawn.",
    },
];

/// Pupils found in one page or file: pupil → places, and one example.
#[derive(Default)]
struct Found {
    pupils: BTreeMap<usize, Places>,
}

#[derive(Default)]
struct Places {
    places: Vec<&'static str>,
    example: Option<String>,
    /// The name (or link) as written, for the source line.
    needles: Vec<String>,
}

impl Found {
    fn add(&mut self, pupil: usize, place: &'static str, example: Option<String>) {
        let entry = self.pupils.entry(pupil).or_default();
        if !entry.places.contains(&place) {
            entry.places.push(place);
        }
        if entry.example.is_none() {
            entry.example = example;
        }
    }

    fn add_needle(&mut self, pupil: usize, needle: &str) {
        let entry = self.pupils.entry(pupil).or_default();
        if !needle.is_empty() && !entry.needles.iter().any(|n| n == needle) {
            entry.needles.push(needle.to_string());
        }
    }

    fn add_text(&mut self, ctx: &AuditContext, text: &str, place: &'static str) {
        for hit in ctx.names.find_pupils(text) {
            if let Some(written) = text.get(hit.span.clone()) {
                self.add_needle(hit.pupil, written);
            }
            self.add(hit.pupil, place, Some(excerpt(text, hit.span)));
        }
    }

    /// Turns what was found into findings: `rule` for pupils without
    /// current name consent, [`WITH_CONSENT`] for the others.
    fn report(
        self,
        ctx: &AuditContext,
        rule: &'static str,
        location: &Location,
        what: &str,
        help: &str,
        out: &mut Vec<Finding>,
    ) {
        let Some(register) = &ctx.register else {
            return;
        };
        for (i, found) in self.pupils {
            let Some(pupil) = register.pupils.get(i) else {
                continue;
            };
            let places = join_places(&found.places);
            let consented = pupil.may_publish_name(ctx.today);
            let (rule, severity, message, help) = if consented {
                (
                    WITH_CONSENT,
                    Severity::Info,
                    format!(
                        "The full name of {} is in {places} of {what}; the register records consent to name them.",
                        pupil.safe_label()
                    ),
                    "Nothing to do while consent stands.",
                )
            } else {
                (
                    rule,
                    Severity::Error,
                    format!(
                        "The full name of {} is in {places} of {what}, but the register records no current consent to name them.",
                        pupil.safe_label()
                    ),
                    help,
                )
            };
            out.push(
                Finding::new(rule, severity, location.clone(), message, help)
                    .with_private_detail(private_detail(pupil, &places, found.example.as_deref()))
                    .with_needles(found.needles),
            );
        }
    }
}

fn private_detail(pupil: &Pupil, places: &str, example: Option<&str>) -> String {
    let mut s = format!("{} (id {}, register row {}) in {places}", pupil.full_name(), pupil.id, pupil.row);
    if let Some(e) = example {
        s.push_str(&format!(": \"{e}\""));
    }
    s
}

fn join_places(places: &[&str]) -> String {
    match places {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The hit with up to 40 characters either side, on one line (also what
/// `schoolgate find` shows for each place).
pub(crate) fn excerpt(text: &str, span: Range<usize>) -> String {
    let start = text[..span.start].char_indices().rev().nth(39).map_or(0, |(i, _)| i);
    let end = text[span.end..].char_indices().nth(40).map_or(text.len(), |(i, _)| span.end + i);
    let mut s = String::new();
    if start > 0 {
        s.push('…');
    }
    s.push_str(&text[start..end].replace(['\n', '\r'], " "));
    if end < text.len() {
        s.push('…');
    }
    s
}

pub fn check_page(view: &PageView<'_>, ctx: &AuditContext, out: &mut Vec<Finding>) {
    if ctx.register.is_none() || ctx.names.is_empty() {
        return;
    }
    let page = view.page;
    let location = Location::page(&page.url, page.source.as_ref());
    let what = format!("the page {}", ctx.names.redact_path(&page.url));

    let mut text = Found::default();
    text.add_text(ctx, &view.text, "the page text");
    text.add_text(ctx, &view.title, "the page title");
    if let Some(d) = &view.meta_description {
        text.add_text(ctx, d, "the search description");
    }
    for img in &view.images {
        for (value, place) in [
            (&img.alt, "an image's alt text"),
            (&img.aria_label, "an image's label"),
            (&img.title, "an image's tooltip"),
            (&img.caption, "a caption"),
        ] {
            if let Some(v) = value {
                text.add_text(ctx, v, place);
            }
        }
    }
    text.report(ctx, ON_PAGE, &location, &what, FIX_TEXT, out);

    let mut urls = Found::default();
    for pupil in ctx.names.pupils_in_path(&page.url) {
        urls.add(pupil, "the page address", None);
    }
    for link in &view.links {
        for pupil in ctx.names.pupils_in_link(&link.href) {
            urls.add(pupil, "a link address", None);
            urls.add_needle(pupil, crate::site::file_name(&link.href));
        }
    }
    urls.report(
        ctx,
        IN_URL,
        &location,
        &what,
        "Rename the page (its file name or `slug`) or the link target so the address uses a description or the first name only.",
        out,
    );
}

pub fn check_asset(asset: &Asset, ctx: &AuditContext, out: &mut Vec<Finding>) {
    if ctx.register.is_none() || ctx.names.is_empty() {
        return;
    }
    let location = Location::asset(&asset.url, asset.source.as_ref());
    let kind = match asset.kind {
        AssetKind::Image => "photo",
        AssetKind::Video => "video",
        AssetKind::Pdf | AssetKind::Document => "document",
        AssetKind::Other => "file",
    };
    let what = format!("a published {kind}");

    let mut file_name = Found::default();
    for pupil in ctx.names.pupils_in_path(&asset.url) {
        file_name.add(pupil, "the file name", None);
    }
    file_name.report(
        ctx,
        IN_FILE_NAME,
        &location,
        &what,
        "Rename the file to describe what it shows (for example sports-day-sprint.jpg) and update the page that uses it.",
        out,
    );

    if let Some(meta) = &asset.original_metadata {
        let mut found = Found::default();
        for field in &meta.text {
            for hit in ctx.names.find_pupils(&field.value) {
                // Only what is still in the published file counts: the build
                // strips metadata, and the original is not published.
                if published_contains(&asset.bytes, &field.value[hit.span.clone()]) {
                    found.add(hit.pupil, "the photo's caption or description", Some(excerpt(&field.value, hit.span)));
                }
            }
        }
        for tag in &meta.tags {
            let pupils: Vec<usize> = ctx
                .names
                .match_tag_all(&tag.value, false)
                .into_iter()
                .filter_map(|m| match m {
                    TagMatch::Pupil(i) => Some(i),
                    _ => None,
                })
                .collect();
            if !pupils.is_empty() && published_contains(&asset.bytes, &tag.value) {
                for i in pupils {
                    found.add(i, "the photo's tags", Some(tag.value.clone()));
                }
            }
        }
        found.report(
            ctx,
            IN_IMAGE_METADATA,
            &location,
            &what,
            "Export the photo again without its metadata, or publish it through Schoolgate, which removes it.",
            out,
        );
    }

    if let Some(text) = &asset.text {
        let mut found = Found::default();
        found.add_text(ctx, text, "the text");
        found.report(
            ctx,
            IN_DOCUMENT,
            &location,
            &what,
            "Edit the document to use first names only, save it again and replace the published copy.",
            out,
        );
    }
}

/// True when `needle` is in the published bytes, as UTF-8, UTF-16LE (EXIF
/// XP* fields) or Latin-1 (old IPTC).
fn published_contains(bytes: &[u8], needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let utf16: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let latin1: Option<Vec<u8>> = needle.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect();
    let mut needles: Vec<Vec<u8>> = vec![needle.as_bytes().to_vec(), utf16];
    needles.extend(latin1);
    aho_corasick::AhoCorasick::new(&needles).is_ok_and(|ac| ac.is_match(bytes))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use chrono::NaiveDate;

    use super::*;
    use crate::config::{AuditSettings, RegisterSettings, SchoolProfile};
    use crate::metadata::{ImageMetadata, TextField};
    use crate::register::{load_register, load_staff};
    use crate::site::{Page, SourceRef};

    fn ctx(with_register: bool) -> AuditContext {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/registers");
        let register = with_register.then(|| {
            let s = RegisterSettings {
                path: "arbor-export.csv".into(),
                preset: Some("arbor".into()),
                ..Default::default()
            };
            load_register(&s, &dir).unwrap()
        });
        let settings = AuditSettings { not_names: vec!["Rose Hill".into()], ..Default::default() };
        let staff = load_staff(&dir.join("staff.csv")).ok();
        AuditContext::new(
            SchoolProfile::default(),
            register,
            staff,
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            settings,
        )
    }

    fn page_findings(url: &str, html: &str, ctx: &AuditContext) -> Vec<Finding> {
        let page = Page {
            url: url.into(),
            html: html.into(),
            source: Some(SourceRef::file("content/news/x.md")),
            photo_declarations: vec![],
            shared_to: vec![],
        };
        let view = PageView::parse(&page);
        let mut out = Vec::new();
        check_page(&view, ctx, &mut out);
        out
    }

    fn asset(url: &str, bytes: &[u8], meta: Option<ImageMetadata>, text: Option<&str>) -> Asset {
        Asset {
            url: url.into(),
            kind: AssetKind::from_path(url),
            bytes: Arc::from(bytes),
            original_metadata: meta,
            source: None,
            text: text.map(str::to_string),
            original_document: None,
        }
    }

    fn asset_findings(a: &Asset, ctx: &AuditContext) -> Vec<Finding> {
        let mut out = Vec::new();
        check_asset(a, ctx, &mut out);
        out
    }

    fn summary(out: &[Finding]) -> Vec<(&'static str, String)> {
        out.iter().map(|f| (f.rule, f.message.clone())).collect()
    }

    const PAGE: &str = r#"<html><head><title>Sports day</title>
        <meta name="description" content="Aisha Khan wins the sprint"></head><body>
        <h1>Sports day</h1><p>Well done <b>Harry</b> Patel! Thanks to Mr Harry Patel and Mrs Amelia Jones.
        Harry, Aisha and Zoë all ran. We met on Rose Hill.</p>
        <figure><img src="race.jpg" alt="Zoë O’Neill crossing the line"><figcaption>The race</figcaption></figure>
        </body></html>"#;

    #[test]
    fn names_on_a_page_are_grouped_per_pupil_and_never_printed() {
        let out = page_findings("/news/sports-day/", PAGE, &ctx(true));
        let s = summary(&out);
        assert_eq!(s.len(), 3, "{s:#?}");
        let harry = s.iter().find(|(_, m)| m.contains("Harry (Year 4)")).unwrap();
        assert_eq!(harry.0, ON_PAGE);
        assert!(harry.1.contains("in the page text of the page /news/sports-day/"), "{}", harry.1);
        let zoe = s.iter().find(|(_, m)| m.contains("Zoë (Year 5)")).unwrap();
        assert_eq!(zoe.0, ON_PAGE);
        assert!(zoe.1.contains("an image's alt text"), "{}", zoe.1);
        let aisha = s.iter().find(|(_, m)| m.contains("Aisha (Year 3)")).unwrap();
        assert_eq!(aisha.0, WITH_CONSENT, "Aisha has name consent");
        for f in &out {
            for surname in ["Patel", "O’Neill", "Khan"] {
                assert!(!f.message.contains(surname), "{}", f.message);
            }
        }
        let detail = out.iter().find(|f| f.message.contains("Harry")).unwrap().private_detail.clone().unwrap();
        assert!(detail.contains("Harry Patel") && detail.contains("Well done Harry Patel!"), "{detail}");
    }

    #[test]
    fn names_in_page_addresses_and_links() {
        let html = r#"<body><a href="mailto:zoe.oneill@example.com">Email</a><a href="/gallery/">Gallery</a></body>"#;
        let out = page_findings("/news/harry-patel-wins/", html, &ctx(true));
        let s = summary(&out);
        assert_eq!(s.len(), 2, "{s:#?}");
        assert!(s.iter().all(|(r, _)| *r == IN_URL));
        assert!(s.iter().any(|(_, m)| m.contains("Harry (Year 4) is in the page address")));
        assert!(s.iter().any(|(_, m)| m.contains("Zoë (Year 5) is in a link address")));
    }

    #[test]
    fn file_names_documents_and_published_metadata() {
        let c = ctx(true);
        let s = summary(&asset_findings(&asset("/gallery/HarryPatel_100m.jpg", b"", None, None), &c));
        assert_eq!(s, vec![(IN_FILE_NAME, "The full name of Harry (Year 4) is in the file name of a published photo, but the register records no current consent to name them.".to_string())]);

        let pdf = asset(
            "/letters/newsletter-12.pdf",
            b"%PDF",
            None,
            Some("Congratulations to Ellie Smith-Jones and Sasha Novak.\nRose Hill roadworks."),
        );
        let s = summary(&asset_findings(&pdf, &c));
        assert_eq!(s.len(), 2, "{s:#?}");
        assert!(s.contains(&(IN_DOCUMENT, "The full name of Ellie (Year 1) is in the text of a published document, but the register records no current consent to name them.".to_string())));
        assert!(s.iter().any(|(r, m)| *r == WITH_CONSENT && m.contains("Sasha (Year 5)")));

        let meta = ImageMetadata {
            text: vec![TextField { field: "XMP dc:description".into(), value: "Harry Patel at sports day".into() }],
            ..Default::default()
        };
        let tagged = ImageMetadata {
            tags: vec![crate::metadata::Tag {
                value: "Patel, Harry".into(),
                source: crate::metadata::TagSource::MwgRegion,
                from_sidecar: false,
            }],
            ..Default::default()
        };
        let in_xp_keywords: Vec<u8> = "Patel, Harry".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let s = summary(&asset_findings(&asset("/news/b.jpg", &in_xp_keywords, Some(tagged), None), &c));
        assert_eq!(s.len(), 1, "UTF-16 tag still in the file");
        assert!(s[0].1.contains("in the photo's tags"), "{}", s[0].1);

        let stripped = asset("/news/a.jpg", b"\xFF\xD8 pixels only \xFF\xD9", Some(meta.clone()), None);
        assert!(asset_findings(&stripped, &c).is_empty(), "the build stripped it: nothing published");
        let kept = asset(
            "/news/a.jpg",
            b"\xFF\xD8<dc:description>Harry Patel at sports day</dc:description>",
            Some(meta),
            None,
        );
        let s = summary(&asset_findings(&kept, &c));
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].0, IN_IMAGE_METADATA);
    }

    #[test]
    fn without_a_register_nothing_is_checked() {
        assert!(page_findings("/news/harry-patel/", PAGE, &ctx(false)).is_empty());
    }

    #[test]
    fn excerpts_stay_on_char_boundaries() {
        let text = "ééééééééééééééééééééééééééééééééééééééééééé Harry Patel ééé";
        let at = text.find("Harry").unwrap();
        let e = excerpt(text, at..at + 11);
        assert!(e.starts_with('…') && e.ends_with("Harry Patel ééé"), "{e}");
    }
}

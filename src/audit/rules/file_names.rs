//! Published file names: names a phone, camera or chat app chose, and names
//! that will break or look odd in a web address.
//!
//! A file called `IMG_4821.JPG` or `WhatsApp Image 2026-03-02 at 09.14.55.jpeg`
//! tells a visitor nothing, and tells the school that the photo came straight
//! off a device or out of a chat, where it is most likely to still carry the
//! people tags, location and captions that were never checked. (Pupils' names
//! in file names are the names family's job.)

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use crate::audit::{AuditContext, Finding, Location, RuleMeta, Severity};
use crate::site::Asset;
use crate::site::percent_decode;

pub const CAMERA_DEFAULT: &str = "file-names/camera-default";
pub const STYLE: &str = "file-names/style";

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: CAMERA_DEFAULT,
        severity: Severity::Warning,
        summary: "A published file still has the name a phone, camera or chat app gave it",
        explanation: "Names such as `IMG_1234.JPG`, `DSC_0042.JPG`, `PXL_20260301_101500123.jpg`, \
`Screenshot_20260301-101500.png` or `WhatsApp Image 2026-03-01 at 10.15.00.jpeg` are chosen by \
the device or app, not by a person. They say nothing about the picture to visitors or search \
engines, and they are a sign the photo was uploaded straight from a phone or a chat without \
being checked: exactly the files most likely to still hold people tags, captions or the place \
it was taken. The names are recognised under the suffixes websites and computers add \
(`dsc_0123-800x533-1.jpg`, `IMG_1234-scaled.jpg`, `IMG_1234 (1).jpg`, `image0_1_.jpeg`), and \
include Office and PowerPoint names (`Picture3.png`, `Slide1.jpg`) and scanned documents named \
by the scanner's clock (`20250730125022462.pdf`).\n\n**How to fix:** check the photo (who is in it, consent, metadata), then rename \
it to describe what it shows, in lower case with hyphens, e.g. `year-4-river-trip.jpg`, and \
update the page that uses it.",
    },
    RuleMeta {
        id: STYLE,
        severity: Severity::Info,
        summary: "A published file name contains spaces or capital letters",
        explanation: "Web addresses are case-sensitive on most servers, so `Sports-Day.jpg` and \
`sports-day.jpg` are different files, and a link typed with the wrong case breaks. Spaces become \
`%20` in the address, which is ugly and often breaks when the link is copied into an email or \
newsletter. Files a build tool or the CMS wrote (`_next/`, `_nuxt/`, `__next.*` route \
files, bundles with a content hash such as `main.3f9a2b1c.js`, Next.js `.txt` route payloads, \
`wp-includes/`, `wp-content/plugins/` and `themes/`) are not the school's to rename and are not \
reported.\n\n**How to fix:** rename the file in lower case with hyphens instead of spaces \
(`Sports Day 2026.jpg` → `sports-day-2026.jpg`) and update the links to it.",
    },
];

/// Default names, each with the device or app that writes it. Matched
/// case-insensitively against the file name (not the folder). Sources: DCF
/// camera naming, maker documentation and app behaviour collected in the
/// shared reference, section 4.
const DEFAULT_NAMES: &[(&str, &str)] = &[
    (r"^IMG_E?\d{4}\.", "an iPhone, iPad or Canon camera"),
    (r"^_MG_\d{4}\.", "a Canon camera"),
    (r"^MVI_\d{4}\.", "a Canon camera"),
    (r"^MOV_\d{4}\.", "a digital camera"),
    (r"^DSC_\d{4}\.", "a Nikon camera"),
    (r"^_DSC\d{4}\.", "a Nikon or Sony camera"),
    (r"^DSC\d{4,5}\.", "a Sony or other digital camera"),
    (r"^DSCN\d{4}\.", "a Nikon camera"),
    (r"^DSCF\d{4}\.", "a Fujifilm camera"),
    (r"^P\d{7}\.", "an Olympus or Panasonic camera"),
    (r"^L\d{7}\.", "a Leica camera"),
    (r"^IMGP\d{4}\.", "a Pentax camera"),
    (r"^SAM_\d{4}\.", "a Samsung camera"),
    (r"^100_\d{4}\.", "a Kodak camera"),
    (r"^GOPR\d{4}\.", "a GoPro camera"),
    (r"^G[A-Z0-9]\d{6}\.jpe?g$", "a GoPro camera"),
    (r"^G[HXL]\d{6}\.mp4$", "a GoPro camera"),
    (r"^PXL_\d{8}_\d{6,9}", "a Google Pixel phone"),
    (r"^MVIMG_\d{8}_\d{6}", "a Google Pixel phone"),
    (r"^(IMG|VID)_\d{8}_\d{6}", "an Android phone"),
    (r"^\d{8}_\d{6}\.", "a Samsung or other Android phone"),
    (r"^Screen ?shot[ _-]?(\(\d+\)|\d)", "a screenshot tool"),
    (r"^(IMG|VID|DOC|PTV|AUD)-\d{8}-WA\d{4}", "WhatsApp on an Android phone"),
    (r"^WhatsApp (Image|Video) \d{4}-\d{2}-\d{2} at ", "WhatsApp on a computer"),
    (r"^[0-9a-f]{40}\.", "WhatsApp on an iPhone (or another app that names files by checksum)"),
    (r"^mmexport\d{13}", "WeChat"),
    (r"^wx_camera_\d{13}", "WeChat"),
    (r"^FB_IMG_\d+", "the Facebook app"),
    (r"^image\d*\.(jpe?g|png|gif|heic)$", "an iPhone's Mail or Messages app (a pasted or attached picture)"),
    (r"^unnamed( ?\(\d+\))?\.(jpe?g|png|gif)$", "a picture saved from an email"),
    (r"^Picture ?\d+\.(png|jpe?g|gif|emf|wmf)$", "Microsoft Office (a picture pasted into a document)"),
    (r"^Slide\d+\.(jpe?g|png|gif|tiff?)$", "PowerPoint (a slide saved as a picture)"),
    (r"^(Doc|Document)\d+\.(pdf|docx?)$", "Microsoft Word (a new document's name, never changed)"),
    // A scan's date and time, often with milliseconds: 20250730125022462.pdf.
    (r"^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{6,9}\.(pdf|jpe?g|tiff?|png)$", "a scanner or office copier"),
    (r"^(Scan|SCN|Scanned)[ _-]?\d{3,}[\d_ -]*\.(pdf|jpe?g|tiff?|png)$", "a scanner or office copier"),
];

/// What websites and computers add to a file's name when they resize, copy
/// or de-duplicate it: WordPress sizes (`-800x533`), `-scaled`, `-rotated`,
/// edit stamps (`-e1700000000000`), counters (`-1`, ` (1)`, `_1_`, `[1]`),
/// `-copy`, ` - Copy`, `-edited`, `-min`, and a stray trailing hyphen.
/// Stripped (repeatedly) before the default names are matched, so
/// `dsc_0123-800x533-1.jpg` is recognised as `DSC_0123.jpg`.
static SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:-\d{2,5}x\d{2,5}|-scaled|-rotated|-e\d{10,13}|[-_ ]?\(\d{1,3}\)|_\d{1,3}_|\[\d{1,3}\]|-\d{1,2}|(?:[-_ ]| - )copy(?:[-_ ]?\(?\d{1,3}\)?)?|-edited|-min|-)$",
    )
    .expect("valid suffix pattern")
});

static DEFAULT_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    // The patterns are the literals above, checked by a unit test.
    RegexSet::new(DEFAULT_NAMES.iter().map(|(re, _)| format!("(?i){re}"))).expect("valid default-name patterns")
});

/// If `file_name` (no folder) is a device or app default name, says which
/// device or app gives such names. The name is tried as it is and then with
/// each resize or copy suffix taken off (`SUFFIX`), because a CMS keeps
/// the camera's name and only adds to it.
pub fn camera_default(file_name: &str) -> Option<&'static str> {
    let (stem, ext) = match file_name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, Some(ext)),
        _ => (file_name, None),
    };
    let mut stem = stem.to_string();
    // Each pass takes one suffix off; real names carry two or three.
    for _ in 0..6 {
        let candidate = match ext {
            Some(ext) => format!("{stem}.{ext}"),
            None => stem.clone(),
        };
        if let Some(i) = DEFAULT_SET.matches(&candidate).iter().next() {
            return Some(DEFAULT_NAMES[i].1);
        }
        let shorter = SUFFIX.replace(&stem, "").trim_end().to_string();
        if shorter == stem || shorter.is_empty() {
            return None;
        }
        stem = shorter;
    }
    None
}

/// Folders only software writes: framework build output and the CMS's own
/// code. The school chose none of these names, so their style is not its
/// business. Matched as whole path segments (`/wp-content/themes/…`).
const GENERATED_DIRS: &[&[&str]] = &[
    &["_next"],
    &["_nuxt"],
    &["_astro"],
    &["_app", "immutable"],
    &["_gatsby"],
    &["page-data"],
    &["wp-includes"],
    &["wp-admin"],
    &["wp-content", "plugins"],
    &["wp-content", "themes"],
    &["wp-content", "cache"],
    &["node_modules"],
];

/// Extensions of files a bundler writes (scripts, styles, fonts, maps, data).
const BUNDLE_EXTS: &[&str] =
    &["js", "mjs", "cjs", "css", "map", "json", "txt", "woff", "woff2", "ttf", "otf", "eot", "wasm"];

/// A content hash in a bundler's file name (`main.3f9a2b1c.js`,
/// `index-BxY3kz9Q.js`, `chunk-FFHMD2TL.js`): eight or more letters and
/// digits with at least one digit, after a dot or hyphen.
static HASHED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[.-]([A-Za-z0-9_]{8,})(\.[a-z0-9]+)*$").expect("valid hash pattern"));

/// True for files a build tool or CMS generated rather than a person named:
/// framework and CMS folders, `__next.*` route files, bundles with a
/// content hash in the name, and Next.js route payloads (`.txt` files that
/// hold React Server Component data).
pub fn is_generated(url: &str, bytes: &[u8]) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let segments: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(str::to_ascii_lowercase).collect();
    if GENERATED_DIRS
        .iter()
        .any(|dir| segments.windows(dir.len()).any(|w| w.iter().zip(dir.iter()).all(|(a, b)| a == b)))
    {
        return true;
    }
    let name = file_name_of(url);
    if name.starts_with("__next.") {
        return true;
    }
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let ext = ext.to_ascii_lowercase();
    if !BUNDLE_EXTS.contains(&ext.as_str()) {
        return false;
    }
    let hashed = HASHED.captures(stem).and_then(|c| c.get(1)).is_some_and(|h| looks_like_hash(h.as_str()));
    hashed || (ext == "txt" && is_rsc_payload(bytes))
}

/// Hex with letters and digits (`3f9a2b1c`), or letters and digits mixed
/// back and forth (`BxY3kz9Q`, `FFHMD2TL`); not a word with a year
/// (`Autumn2026`).
fn looks_like_hash(token: &str) -> bool {
    let b = token.as_bytes();
    if !(8..=64).contains(&b.len()) {
        return false;
    }
    let hex = b.iter().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c));
    let digits = b.iter().any(u8::is_ascii_digit);
    let letters = b.iter().any(u8::is_ascii_alphabetic);
    let switches = b.windows(2).filter(|w| w[0].is_ascii_digit() != w[1].is_ascii_digit()).count();
    digits && letters && (hex || switches >= 2)
}

/// A Next.js route payload: lines of `<hex id>:<data>`, the first one a
/// React Server Component record (`0:[…`, `1:"$Sreact.fragment"`, `1:I[…`,
/// `0:HL[…`).
fn is_rsc_payload(bytes: &[u8]) -> bool {
    static RSC: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"^[0-9a-f]{1,4}:(\[|"\$|I\[|HL\[|\{)"#).expect("valid payload pattern"));
    let head = &bytes[..bytes.len().min(256)];
    RSC.is_match(&String::from_utf8_lossy(head))
}

/// The last path segment of a site URL, decoded (`/a/Sports%20Day.jpg` → `Sports Day.jpg`).
pub fn file_name_of(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or("");
    percent_decode(path.rsplit('/').next().unwrap_or(""))
}

pub fn check_asset(asset: &Asset, _ctx: &AuditContext, out: &mut Vec<Finding>) {
    let name = file_name_of(&asset.url);
    if name.is_empty() {
        return;
    }
    let location = || Location::asset(&asset.url, asset.source.as_ref());
    if let Some(device) = camera_default(&name) {
        let added = if DEFAULT_SET.is_match(&name) { "" } else { " (with a resize or copy suffix added since)" };
        out.push(Finding::new(
            CAMERA_DEFAULT,
            Severity::Warning,
            location(),
            format!("\"{name}\" is the name {device} gives its files{added}, not a name a person chose."),
            "Check who and what is in it, then rename it to describe the picture in lower case \
             with hyphens (for example `year-4-river-trip.jpg`) and update the page that uses it.",
        ));
    }
    let spaces = name.contains(char::is_whitespace);
    let capitals = name.chars().any(char::is_uppercase);
    if (spaces || capitals) && !is_generated(&asset.url, &asset.bytes) {
        let what = match (spaces, capitals) {
            (true, true) => "spaces and capital letters",
            (true, false) => "spaces",
            _ => "capital letters",
        };
        out.push(Finding::new(
            STYLE,
            Severity::Info,
            location(),
            format!("File name \"{name}\" contains {what}."),
            format!(
                "Rename it to \"{}\" and update the links to it: web addresses are case-sensitive \
                 and spaces turn into %20.",
                suggested_name(&name)
            ),
        ));
    }
}

/// Lower case, spaces and underscores as hyphens, no doubled hyphens.
fn suggested_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = if c.is_whitespace() || c == '_' { '-' } else { c };
        if c == '-' && (out.ends_with('-') || out.is_empty()) {
            continue;
        }
        out.push(c);
    }
    out.replace("-.", ".")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SchoolProfile;
    use crate::site::AssetKind;
    use chrono::NaiveDate;

    fn ctx() -> AuditContext {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
        AuditContext::new(SchoolProfile::default(), None, None, today, Default::default())
    }

    fn asset(url: &str) -> Asset {
        Asset {
            url: url.into(),
            kind: AssetKind::from_path(url),
            bytes: Vec::new().into(),
            original_metadata: None,
            source: None,
            text: None,
            original_document: None,
        }
    }

    fn findings(url: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        check_asset(&asset(url), &ctx(), &mut out);
        out
    }

    #[test]
    fn patterns_compile() {
        assert_eq!(DEFAULT_SET.len(), DEFAULT_NAMES.len());
    }

    #[test]
    fn recognises_device_and_app_names() {
        let cases = [
            ("IMG_1234.JPG", "iPhone"),
            ("img_e0042.heic", "iPhone"),
            ("DSC_0042.JPG", "Nikon"),
            ("DSCF0007.JPG", "Fujifilm"),
            ("DSC01234.JPG", "Sony"),
            ("P1000001.JPG", "Olympus"),
            ("PXL_20260301_101500123.jpg", "Pixel"),
            ("PXL_20260301_101500123.PORTRAIT.jpg", "Pixel"),
            ("IMG_20260301_101500.jpg", "Android"),
            ("20260301_101500.jpg", "Samsung"),
            ("Screenshot_20260301-101500.png", "screenshot"),
            ("Screen Shot 2026-03-01 at 10.15.00.png", "screenshot"),
            ("Screenshot 2026-03-01 at 10.15.00.png", "screenshot"),
            ("IMG-20260101-WA0001.jpg", "WhatsApp"),
            ("WhatsApp Image 2026-03-01 at 10.15.00.jpeg", "WhatsApp"),
            ("WhatsApp Image 2026-03-01 at 10.15.00 (1).jpeg", "WhatsApp"),
            ("image0.jpeg", "Mail"),
            ("image.png", "Mail"),
            ("mmexport1709287200123.jpg", "WeChat"),
            ("FB_IMG_1709287200123.jpg", "Facebook"),
            ("GOPR0012.JPG", "GoPro"),
        ];
        for (name, who) in cases {
            let device = camera_default(name).unwrap_or_else(|| panic!("{name} not recognised"));
            assert!(device.contains(who), "{name}: {device}");
        }
    }

    #[test]
    fn chosen_names_are_not_defaults() {
        for name in [
            "year-4-river-trip.jpg",
            "Sports-Day-Relay.jpg",
            "image-of-the-new-hall.jpg",
            "images.zip",
            "Imagination-Week.png",
            "dsc-club-photo.jpg",
            "screenshot-of-the-new-app.png",
            "P1-class-photo.jpg",
            "2026-27-term-dates.pdf",
        ] {
            assert_eq!(camera_default(name), None, "{name}");
        }
    }

    #[test]
    fn defaults_are_recognised_under_resize_and_copy_suffixes() {
        let cases = [
            ("DSC0123.JPG", "Sony"),
            ("dsc_0123-800x533.jpg", "Nikon"),
            ("dsc_0123-800x533-1.jpg", "Nikon"),
            ("dsc_0123-800x533-.jpg", "Nikon"),
            ("image0_1_.jpeg", "Mail"),
            ("IMG_1234-scaled.jpg", "iPhone"),
            ("IMG_1234-scaled-e1719830000000.jpg", "iPhone"),
            ("IMG_1234 (1).jpg", "iPhone"),
            ("IMG_1234-copy.jpg", "iPhone"),
            ("IMG_1234 - Copy.jpg", "iPhone"),
            ("IMG_1234[1].jpg", "iPhone"),
            ("IMG_20260301_101500-1024x768.jpg", "Android"),
            ("Picture3.png", "Office"),
            ("Picture 12.png", "Office"),
            ("Slide1.JPG", "PowerPoint"),
            ("20250730125022462.pdf", "scanner"),
            ("Scan_0042.pdf", "scanner"),
            ("Doc1.pdf", "Word"),
        ];
        for (name, who) in cases {
            let device = camera_default(name).unwrap_or_else(|| panic!("{name} not recognised"));
            assert!(device.contains(who), "{name}: {device}");
        }
        for name in [
            "sports-day-800x533.jpg",
            "sports-day-800x533-1.jpg",
            "year-6-leavers-2025.pdf",
            "2025-26-term-dates.pdf",
            "20250730-minutes.pdf",
            "picture-of-the-week.png",
            "slides-from-parents-evening.pdf",
            "dsc-club-photo-scaled.jpg",
            "document-retention-policy.pdf",
            "scan-of-the-month.jpg",
        ] {
            assert_eq!(camera_default(name), None, "{name}");
        }
    }

    #[test]
    fn generated_build_files_are_not_style_problems() {
        for url in [
            "/_next/static/chunks/app/layout-3F9A2b1c8d.js",
            "/_next/static/Ab3dEfGh_build/_buildManifest.js",
            "/about/__next.__PAGE__.txt",
            "/_nuxt/BxY3kz9Q.js",
            "/assets/index-BxY3kz9Q.js",
            "/assets/Main.3f9a2b1c.css",
            "/static/js/main.3F9A2B1C.js",
            "/chunk-FFHMD2TL.js",
            "/wp-includes/js/jquery/jquery.min.js?ver=3.7.1",
            "/wp-content/plugins/Smart-Slider/Slider.js",
            "/wp-content/themes/Astra/Screenshot.png",
        ] {
            assert!(is_generated(url, b""), "{url}");
            assert!(findings(url).iter().all(|f| f.rule != STYLE), "{url}");
        }
        // A Next.js route payload is known by its content.
        let mut payload = asset("/Our-School.txt");
        payload.bytes = b"1:\"$Sreact.fragment\"\n2:I[12345,[],\"default\"]\n".to_vec().into();
        let mut out = Vec::new();
        check_asset(&payload, &ctx(), &mut out);
        assert!(out.is_empty(), "{out:?}");
        // The school's own files still get the note.
        for url in [
            "/wp-content/uploads/2025/07/Sports-Day.jpg",
            "/assets/Term Dates.pdf",
            "/docs/Newsletter-Autumn2026.txt",
            "/Our-School.txt",
        ] {
            assert!(!is_generated(url, b"Dear parents"), "{url}");
            assert!(findings(url).iter().any(|f| f.rule == STYLE), "{url}");
        }
    }

    #[test]
    fn device_name_is_a_warning_with_the_device() {
        let out = findings("/news/trip/IMG_4821.jpg");
        assert_eq!(out.len(), 2, "{out:?}");
        let w = out.iter().find(|f| f.rule == CAMERA_DEFAULT).expect("camera finding");
        assert_eq!(w.severity, Severity::Warning);
        assert_eq!(w.location.asset.as_deref(), Some("/news/trip/IMG_4821.jpg"));
        assert!(w.message.contains("IMG_4821.jpg") && w.message.contains("iPhone"), "{}", w.message);
        // Capital letters too.
        assert!(out.iter().any(|f| f.rule == STYLE && f.severity == Severity::Info));
    }

    #[test]
    fn encoded_whatsapp_name_is_decoded_and_caught() {
        let out = findings("/news/WhatsApp%20Image%202026-03-01%20at%2010.15.00.jpeg");
        assert!(out.iter().any(|f| f.rule == CAMERA_DEFAULT), "{out:?}");
        let style = out.iter().find(|f| f.rule == STYLE).expect("style finding");
        assert!(style.message.contains("spaces and capital letters"), "{}", style.message);
        assert!(style.help.contains("whatsapp-image-2026-03-01-at-10.15.00.jpeg"), "{}", style.help);
    }

    #[test]
    fn title_cased_good_name_is_only_a_style_note() {
        let out = findings("/news/Sports-Day-Relay.jpg");
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].rule, STYLE);
        assert_eq!(out[0].severity, Severity::Info);
        assert!(out[0].help.contains("sports-day-relay.jpg"));
    }

    #[test]
    fn tidy_name_has_no_findings() {
        assert!(findings("/news/year-4-river-trip.jpg").is_empty());
        assert!(findings("/about/policies/").is_empty());
    }

    #[test]
    fn spaces_alone_are_reported() {
        let out = findings("/docs/term dates.pdf");
        assert_eq!(out.len(), 1);
        assert!(out[0].message.contains("contains spaces."), "{}", out[0].message);
        assert!(out[0].help.contains("term-dates.pdf"));
    }
}

//! Published file names: names a phone, camera or chat app chose, and names
//! that will break or look odd in a web address.
//!
//! A file called `IMG_4821.JPG` or `WhatsApp Image 2026-03-02 at 09.14.55.jpeg`
//! tells a visitor nothing, and tells the school that the photo came straight
//! off a device or out of a chat, where it is most likely to still carry the
//! people tags, location and captions that were never checked. (Pupils' names
//! in file names are the names family's job.)

use std::sync::LazyLock;

use regex::RegexSet;

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
it was taken.\n\n**How to fix:** check the photo (who is in it, consent, metadata), then rename \
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
newsletter.\n\n**How to fix:** rename the file in lower case with hyphens instead of spaces \
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
    (r"^DSC\d{5}\.", "a Sony camera"),
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
];

static DEFAULT_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    // The patterns are the literals above, checked by a unit test.
    RegexSet::new(DEFAULT_NAMES.iter().map(|(re, _)| format!("(?i){re}"))).expect("valid default-name patterns")
});

/// If `file_name` (no folder) is a device or app default name, says which
/// device or app gives such names.
pub fn camera_default(file_name: &str) -> Option<&'static str> {
    DEFAULT_SET.matches(file_name).iter().next().map(|i| DEFAULT_NAMES[i].1)
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
        out.push(Finding::new(
            CAMERA_DEFAULT,
            Severity::Warning,
            location(),
            format!("\"{name}\" is the name {device} gives its files, not a name a person chose."),
            "Check who and what is in it, then rename it to describe the picture in lower case \
             with hyphens (for example `year-4-river-trip.jpg`) and update the page that uses it.",
        ));
    }
    let spaces = name.contains(char::is_whitespace);
    let capitals = name.chars().any(char::is_uppercase);
    if spaces || capitals {
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

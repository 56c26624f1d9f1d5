//! Personal metadata left inside published photos: location, people tags,
//! face regions, camera serial numbers and owners, and captions that name
//! pupils.
//!
//! Anyone can download a photo from a website and read its metadata with
//! free tools. A GPS position in a photo taken at a pupil's home, or a people
//! tag naming the child in it, is published with the photo even though no
//! page shows it.
//!
//! This rule reads the **published bytes** (`asset.bytes`). For Schoolgate's
//! own build `asset.original_metadata` describes the original file *before*
//! stripping, so it says nothing about what was actually published; the
//! consent rules use it instead.

use std::sync::LazyLock;

use deunicode::deunicode;
use regex::RegexSet;

use crate::audit::{AuditContext, Finding, Location, RuleMeta, Severity};
use crate::metadata::{ImageMetadata, MetadataError, Tag, TextField, read_metadata, read_sidecar};
use crate::names::TagMatch;
use crate::register::Pupil;
use crate::site::{Asset, AssetKind};

pub const GPS: &str = "image-metadata/gps";
pub const PEOPLE_TAGS: &str = "image-metadata/people-tags";
pub const FACE_REGIONS: &str = "image-metadata/face-regions";
pub const CAMERA_DETAILS: &str = "image-metadata/camera-details";
pub const NAMES_IN_TEXT: &str = "image-metadata/names-in-text";
pub const CAPTIONS: &str = "image-metadata/captions";
pub const AUTHOR: &str = "image-metadata/author";
pub const UNREADABLE: &str = "image-metadata/unreadable";
pub const SIDECAR: &str = "image-metadata/sidecar";

const STRIP_HELP: &str = "Publish the photo through Schoolgate's build (it removes personal \
metadata), or remove the metadata with your photo tool (Windows: Properties > Details > Remove \
Properties and Personal Information) before uploading.";

const VIDEO_STRIP_HELP: &str = "Publish the video through Schoolgate's build (it removes location, \
device details and people tags without re-encoding), or export it again without metadata from the \
editing app before uploading.";
const VIDEO_UNREADABLE_HELP: &str = "Export the video again as MP4 from the camera or editing app and \
publish the new copy.";

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: GPS,
        severity: Severity::Error,
        summary: "A published photo contains the GPS position where it was taken",
        explanation: "Phones record where each photo was taken, to within a few metres. Anyone \
who downloads the photo can read that position, which can reveal a pupil's home, a foster \
placement or a member of staff's address.\n\n**How to fix:** remove the location from the \
file before it is published (Schoolgate's build does this), or turn off location tagging in the \
camera app of school devices.\n\nVideos (MP4, MOV, M4V) are read the same way: the QuickTime \
location (`©xyz`, Apple's `com.apple.quicktime.location.ISO6709` key) and XMP GPS count.",
    },
    RuleMeta {
        id: PEOPLE_TAGS,
        severity: Severity::Error,
        summary: "A published photo still contains people tags or face regions",
        explanation: "Photo tools (Windows Photos, Lightroom, Google Photos, Apple Photos, \
digiKam) store the names of the people they recognise, and boxes around their faces, inside the \
photo file. Anyone who downloads the photo can read those names, even if the page never names \
the child. This is how a pupil whose parents refused consent to being named can be identified. \
Keywords count too when they hold a pupil's full name or register id: Windows Explorer's Tags \
(EXIF XPKeywords, mirrored in XMP dc:subject and MicrosoftPhoto:LastKeywordXMP) and IPTC \
keywords are where staff often type who is in a photo. Keywords that name nobody on the register \
(\"Sports day\") or only a member of staff are not reported.\
\n\n**How to fix:** remove the people tags and face regions from the file before it is \
published (Schoolgate's build does this), and check the photo against the consent register. \
Videos count too: people tags and face regions in a video's XMP (a top-level `uuid` box or \
`udta/XMP_`, written by Lightroom, Premiere, digiKam or ExifTool) are read exactly as for photos.",
    },
    RuleMeta {
        id: FACE_REGIONS,
        severity: Severity::Info,
        summary: "A published photo still marks where faces are, without naming anyone",
        explanation: "Phones and photo tools draw boxes around the faces they detect and store \
them in the file (iPhone and Android face boxes, MWG regions of type Face with no name, \
Microsoft Photo regions with no person's name). A box without a name identifies nobody and shows \
nothing a visitor cannot see in the picture, so this is a note, not an error: named regions are \
reported as `image-metadata/people-tags`, and faces nobody tagged as `faces/untagged`. It does \
show that the file was published as it came off the device, so look at its other metadata \
too.\n\n**How to fix:** publish the photo through Schoolgate's build (it removes face regions), \
or remove the metadata with your photo tool before uploading.",
    },
    RuleMeta {
        id: CAMERA_DETAILS,
        severity: Severity::Error,
        summary: "A published photo contains the camera's serial number or owner's name",
        explanation: "Cameras can write their serial number and their owner's name into every \
photo, in the standard EXIF fields or in the maker's own block (the maker note: Nikon, Canon, \
Sony, Fujifilm, Panasonic and Olympus bodies all put the serial there). Together they tie the photo to one person's camera, and the owner's name is personal \
data published without need.\n\n**How to fix:** remove the camera details from the file before \
publishing (Schoolgate's build does this), and clear the owner name in the camera's settings. \
In videos the serial is read from QuickTime user data (`SNum`, `slno`), Apple's \
`camera.identifier` key, Sony's XML and XMP.",
    },
    RuleMeta {
        id: NAMES_IN_TEXT,
        severity: Severity::Error,
        summary: "A published photo's caption or description names a pupil",
        explanation: "Captions, titles and descriptions typed into a photo tool are stored in \
the file. If they name a pupil, the name is published with the photo even when the page does not \
show it, including for pupils whose parents refused consent to being named.\n\n**How to fix:** \
remove the caption from the file (Schoolgate's build does this) and, if the name is needed, put \
it on the page only when the register shows consent.",
    },
    RuleMeta {
        id: CAPTIONS,
        severity: Severity::Warning,
        summary: "A published photo still contains a caption, title or comment",
        explanation: "Captions and comments stored in a photo file are published with it and \
are easy to forget: they often name the people in the photo or say where it was taken. \
Schoolgate could not match a pupil's name in this one, but it cannot recognise every name \
(nicknames, spelling variants, pupils not on the register). Stamps that programs write into \
every file (\"CREATOR: gd-jpeg v1.0 …\", \"Created with GIMP\", \"Lavc58.134.100\", JPEGmini, \
Photoshop) are not captions and are not reported.\n\n**How to fix:** remove the \
caption from the file before publishing (Schoolgate's build does this).",
    },
    RuleMeta {
        id: AUTHOR,
        severity: Severity::Warning,
        summary: "A published photo names the person who took it",
        explanation: "The Artist, Author or Creator fields name the photographer, often a \
member of staff or a parent. That is personal data the school rarely needs to publish inside \
the file.\n\n**How to fix:** remove the author fields before publishing (Schoolgate's build \
does this), or credit the photographer on the page if they agreed to it.",
    },
    RuleMeta {
        id: SIDECAR,
        severity: Severity::Error,
        summary: "An XMP sidecar file (photo.xmp, photo.jpg.xmp) is published",
        explanation: "Lightroom, digiKam, darktable and Capture One keep a photo's people tags, \
face regions, keywords and captions in a separate `.xmp` file beside it. Uploaded with the \
photo, that file is public: anyone can open it in a browser and read the names of the children \
in the photo, even when the photo itself was cleaned. It is an error when it names or marks \
people (people tags, face regions, keywords or captions naming a pupil) or holds a GPS \
position, and a warning otherwise (a sidecar is never meant to be published).\n\n\
**How to fix:** delete the `.xmp` file from the website, and do not upload sidecars with \
photos (Schoolgate's build never publishes them).",
    },
    RuleMeta {
        id: UNREADABLE,
        severity: Severity::Warning,
        summary: "A published photo's metadata could not be read",
        explanation: "Schoolgate could not read the metadata of this photo (the file may be \
damaged or in an unusual format), so it cannot confirm that no location, people tags or names \
are left in it.\n\n**How to fix:** open the photo in an image editor, export it again as JPEG \
or PNG, and publish the new copy.",
    },
];

/// Descriptions cameras write by themselves; they say nothing about anyone.
const CAMERA_BOILERPLATE: &[&str] =
    &["olympus digital camera", "sony dsc", "default", "digital camera", "samsung", "lg electronics", "screenshot"];

/// Comments that encoders and editors stamp into every file they write
/// (JPEG COM segments, PNG `Comment` chunks). Each pattern is anchored at
/// both ends and allows only version numbers and settings after the
/// program's name, so a caption cannot hide behind one ("Created with GIMP"
/// is a stamp; "Harry's painting, created with GIMP" is a caption). A text
/// that names a pupil is reported whatever it looks like: these only keep
/// stamps out of `image-metadata/captions`.
const SOFTWARE_STAMPS: &[&str] = &[
    // PHP's GD library (WordPress and most PHP CMSs resize with it):
    // "CREATOR: gd-jpeg v1.0 (using IJG JPEG v62), quality = 82".
    r"^CREATOR: gd-jpeg v[\d.]+ \(using IJG JPEG v\w+\),( quality = \d+| default quality)$",
    // XV: "CREATOR: XV Version 3.10a  Rev: 12/29/94  Quality = 75, Smoothing = 0".
    r"^CREATOR: XV Version [\w.]+(\s+Rev: [\d/]+)?(\s+Quality = \d+, Smoothing = \d+)?$",
    // GIMP's default comment.
    r"^Created with (The )?GIMP( on a Mac)?$",
    // Photoshop, Lightroom and other Adobe tools.
    r"^(File written by |Created with |Created by |Edited with )?Adobe (Photoshop|Lightroom|ImageReady)([®™\x{FFFD}]|\(R\))?( (CC|CS\d?|Classic|Elements))?( [\d.]+)?( \((Windows|Macintosh|Mac OS)\))?$",
    // FFmpeg's libavcodec / libavformat: "Lavc58.134.100".
    r"^Lav[cf]\d+(\.\d+){1,2}$",
    // JPEGmini: "Optimized by JPEGmini 3.14.14.72670860 0x411b6779".
    r"^Optimi[sz]ed by JPEGmini( [\d.]+)?( 0x[0-9a-f]+)?$",
    // jpeg-archive, ImageMagick on eBay-style pipelines, Apple, LEAD, Intel.
    r"^Compressed by jpeg-recompress$",
    r"^(Created|Processed|Generated) (by|with) ImageMagick[\w .,|-]{0,40}$",
    r"^AppleMark$",
    r"^LEAD Technologies Inc\. V[\d.]+$",
    r"^Intel\(R\) JPEG Library, version \[?[\d,. ]+\]?$",
];

static STAMP_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    // The patterns are the literals above, checked by a unit test.
    RegexSet::new(SOFTWARE_STAMPS.iter().map(|re| format!("(?i){re}"))).expect("valid software-stamp patterns")
});

/// True when a text field is only a camera's or a program's own stamp.
fn is_boilerplate(value: &str) -> bool {
    let collapsed = value.split_whitespace().collect::<Vec<_>>().join(" ");
    CAMERA_BOILERPLATE.contains(&collapsed.to_lowercase().as_str()) || STAMP_SET.is_match(&collapsed)
}

pub fn check_asset(asset: &Asset, ctx: &AuditContext, out: &mut Vec<Finding>) {
    check_with(asset, ctx, out, read_metadata);
}

/// The rule with the metadata reader passed in, so tests can feed it both
/// readable and unreadable files.
fn check_with(
    asset: &Asset,
    ctx: &AuditContext,
    out: &mut Vec<Finding>,
    read: impl Fn(&[u8]) -> Result<ImageMetadata, MetadataError>,
) {
    if is_sidecar(&asset.url) {
        check_sidecar(asset, ctx, out);
        return;
    }
    if !asset.kind.shows_people() {
        return;
    }
    let location = || Location::asset(&asset.url, asset.source.as_ref());
    let first = out.len();
    match read(&asset.bytes) {
        Ok(meta) => check_metadata(&meta, asset, ctx, out),
        Err(e) if asset.kind == AssetKind::Video => out.push(Finding::new(
            UNREADABLE,
            Severity::Warning,
            location(),
            format!("The metadata of this video could not be read ({e}), so it may still hold personal details."),
            VIDEO_UNREADABLE_HELP,
        )),
        Err(e) => out.push(Finding::new(
            UNREADABLE,
            Severity::Warning,
            location(),
            format!("The metadata of this photo could not be read ({e}), so it may still hold personal details."),
            "Open the photo in an image editor, export it again as JPEG or PNG, and publish the new copy.",
        )),
    }
    // Videos are reported by the same rules: say "video" where it is one.
    if asset.kind == AssetKind::Video {
        for f in &mut out[first..] {
            f.message = f.message.replace("This photo", "This video");
            if f.help == STRIP_HELP {
                f.help = VIDEO_STRIP_HELP.to_string();
            }
        }
    }
}

/// Findings for metadata read from the published file.
fn check_metadata(meta: &ImageMetadata, asset: &Asset, ctx: &AuditContext, out: &mut Vec<Finding>) {
    let location = || Location::asset(&asset.url, asset.source.as_ref());
    let p = &meta.personal;

    if p.gps {
        out.push(Finding::new(
            GPS,
            Severity::Error,
            location(),
            "This photo contains the GPS position where it was taken.",
            STRIP_HELP,
        ));
    }

    let person_tags: Vec<&Tag> = people_tags(meta, ctx);
    if !person_tags.is_empty() {
        let mut places: Vec<&str> = person_tags.iter().map(|t| t.source.describe()).collect();
        places.sort_unstable();
        places.dedup();
        let what = match (person_tags.len(), p.face_regions) {
            (t, 0) => format!("{t} people tag{}", plural(t)),
            (t, f) => format!("{t} people tag{} and {f} face region{}", plural(t), plural(f)),
        };
        let detail: Vec<String> = person_tags.iter().map(|t| format!("{}: {}", t.source.describe(), t.value)).collect();
        out.push(
            Finding::new(
                PEOPLE_TAGS,
                Severity::Error,
                location(),
                format!("This photo still contains {what} ({}) naming or marking the people in it.", places.join(", ")),
                STRIP_HELP,
            )
            .with_private_detail(detail.join("\n")),
        );
    } else if p.face_regions > 0 {
        // Boxes with no name anywhere in the file (an iPhone's face boxes,
        // an undecided Lightroom face): nobody is identified, so this is a
        // note of its own, not the people-tags error.
        let f = p.face_regions;
        out.push(Finding::new(
            FACE_REGIONS,
            Severity::Info,
            location(),
            format!(
                "This photo still marks {f} face{} (face region{} without a name, as phones write them); nobody is named.",
                plural(f),
                plural(f)
            ),
            STRIP_HELP,
        ));
    }

    if p.camera_serial.is_some() || p.camera_owner.is_some() {
        let what = match (&p.camera_serial, &p.camera_owner) {
            (Some(_), Some(_)) => "the camera's serial number and its owner's name",
            (Some(_), None) => "the camera's serial number",
            _ => "the camera owner's name",
        };
        let detail = [
            p.camera_serial.as_ref().map(|s| format!("Serial: {s}")),
            p.camera_owner.as_ref().map(|o| format!("Owner: {o}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n");
        out.push(
            Finding::new(
                CAMERA_DETAILS,
                Severity::Error,
                location(),
                format!("This photo contains {what}."),
                STRIP_HELP,
            )
            .with_private_detail(detail),
        );
    }

    if !p.authors.is_empty() {
        out.push(
            Finding::new(
                AUTHOR,
                Severity::Warning,
                location(),
                "This photo names the person who took it (Artist/Author/Creator field).",
                STRIP_HELP,
            )
            .with_private_detail(p.authors.join("; ")),
        );
    }

    let pupils = ctx.register.as_ref().map_or(&[][..], |r| &r.pupils[..]);
    let mut named_fields = Vec::new();
    let mut other_fields = Vec::new();
    for field in &meta.text {
        let value = field.value.trim();
        if value.is_empty() {
            continue;
        }
        let named: Vec<&Pupil> = pupils.iter().filter(|p| names_pupil(value, p)).collect();
        if !named.is_empty() {
            named_fields.push((field, named));
        } else if !is_boilerplate(value) {
            other_fields.push(field);
        }
    }
    for (field, named) in named_fields {
        let labels: Vec<String> = named.iter().map(|p| p.safe_label()).collect();
        let full: Vec<String> = named.iter().map(|p| p.full_name()).collect();
        out.push(
            Finding::new(
                NAMES_IN_TEXT,
                Severity::Error,
                location(),
                format!("This photo's {} names {}.", field.field, labels.join(", ")),
                STRIP_HELP,
            )
            .with_private_detail(format!("{}: \"{}\" names {}", field.field, field.value, full.join(", "))),
        );
    }
    if !other_fields.is_empty() {
        let names: Vec<&str> = other_fields.iter().map(|f| f.field.as_str()).collect();
        let detail: Vec<String> = other_fields.iter().map(|f| format!("{}: {}", f.field, f.value)).collect();
        out.push(
            Finding::new(
                CAPTIONS,
                Severity::Warning,
                location(),
                format!("This photo still contains text that may name people: {}.", names.join(", ")),
                STRIP_HELP,
            )
            .with_private_detail(detail.join("\n")),
        );
    }
}

/// Tags that name or mark a person: every tag from a field that exists to
/// name people, and a keyword (`dc:subject`, IPTC, Windows Tags…) when it
/// holds a pupil's full name or register id. Keywords naming only staff
/// or nobody on the register ("Sports day") are ordinary keywords.
fn people_tags<'a>(meta: &'a ImageMetadata, ctx: &AuditContext) -> Vec<&'a Tag> {
    meta.tags
        .iter()
        .filter(|t| {
            t.source.is_person_field()
                || ctx
                    .names
                    .match_tag_all(&t.value, crate::names::keyword_may_be_id(&t.value))
                    .iter()
                    .any(|m| matches!(m, TagMatch::Pupil(_)))
        })
        .collect()
}

/// An XMP sidecar by its name: `photo.xmp` or `photo.jpg.xmp`.
fn is_sidecar(url: &str) -> bool {
    crate::site::file_name(url).to_ascii_lowercase().ends_with(".xmp")
}

/// A published sidecar is itself a file anyone can read: report what it
/// holds, with the names only in the private detail.
fn check_sidecar(asset: &Asset, ctx: &AuditContext, out: &mut Vec<Finding>) {
    let location = || Location::asset(&asset.url, asset.source.as_ref());
    let file = crate::site::file_name(&ctx.names.redact_path(&asset.url)).to_string();
    let meta = match read_sidecar(&asset.bytes) {
        Ok(meta) => meta,
        Err(e) => {
            out.push(Finding::new(
                SIDECAR,
                Severity::Warning,
                location(),
                format!(
                    "The XMP sidecar {file} is published, and it could not be read ({e}), so it may hold people tags."
                ),
                SIDECAR_HELP,
            ));
            return;
        }
    };
    let tags = people_tags(&meta, ctx);
    let pupils = ctx.register.as_ref().map_or(&[][..], |r| &r.pupils[..]);
    let named_text: Vec<&TextField> =
        meta.text.iter().filter(|f| pupils.iter().any(|p| names_pupil(&f.value, p))).collect();
    let p = &meta.personal;
    let mut what = Vec::new();
    if !tags.is_empty() {
        let mut places: Vec<&str> = tags.iter().map(|t| t.source.describe()).collect();
        places.sort_unstable();
        places.dedup();
        what.push(format!("{} people tag{} ({})", tags.len(), plural(tags.len()), places.join(", ")));
    }
    if p.face_regions > 0 {
        what.push(format!("{} face region{}", p.face_regions, plural(p.face_regions)));
    }
    if !named_text.is_empty() {
        what.push(format!("{} caption{} naming a pupil", named_text.len(), plural(named_text.len())));
    }
    if p.gps {
        what.push("a GPS position".to_string());
    }
    let serious = !what.is_empty();
    let others = meta.tags.len() - tags.len() + meta.text.len() - named_text.len() + p.authors.len();
    if others > 0 {
        what.push(format!(
            "{others} other keyword{}, caption{} or author field{}",
            plural(others),
            plural(others),
            plural(others)
        ));
    }
    let holds = if what.is_empty() { "no people tags".to_string() } else { what.join(", ") };
    let mut detail: Vec<String> = tags.iter().map(|t| format!("{}: {}", t.source.describe(), t.value)).collect();
    detail.extend(meta.text.iter().map(|f| format!("{}: {}", f.field, f.value)));
    detail.extend(p.authors.iter().map(|a| format!("Author: {a}")));
    let severity = if serious { Severity::Error } else { Severity::Warning };
    let mut finding = Finding::new(
        SIDECAR,
        severity,
        location(),
        format!("The XMP sidecar {file} is published beside its photo; anyone can read it. It holds {holds}."),
        SIDECAR_HELP,
    );
    if !detail.is_empty() {
        finding = finding.with_private_detail(detail.join("\n"));
    }
    out.push(finding);
}

const SIDECAR_HELP: &str = "Delete the .xmp file from the website: sidecars are for photo tools, not visitors. \
Upload photos without their sidecars (Schoolgate's build never publishes them).";

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Lower-case ASCII words (accents folded: "Zoë" → "zoe").
fn words(s: &str) -> Vec<String> {
    deunicode(s)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// True when `text` contains the pupil's forename (legal or preferred)
/// followed by their surname, as whole words. A first name alone is not
/// enough: "Grace" and "Rose" are everyday words.
fn names_pupil(text: &str, pupil: &Pupil) -> bool {
    let hay = words(text);
    let surname = words(&pupil.surname);
    if surname.is_empty() {
        return false;
    }
    let forenames = std::iter::once(pupil.legal_forename.as_str()).chain(pupil.preferred_forename.as_deref());
    forenames.into_iter().any(|first| {
        let mut needle = words(first);
        if needle.is_empty() {
            return false;
        }
        needle.extend(surname.iter().cloned());
        hay.windows(needle.len()).any(|w| w == needle.as_slice())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SchoolProfile;
    use crate::metadata::{PersonalFields, TagSource};
    use crate::register::ConsentRegister;
    use chrono::NaiveDate;

    fn ctx() -> AuditContext {
        let register = ConsentRegister {
            pupils: vec![
                Pupil::for_tests("Harry", None, "Patel", "Year 4"),
                Pupil::for_tests("Zoë", Some("Zoe"), "O'Brien", "Year 6"),
            ],
            source: "register.csv".into(),
            ..Default::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
        AuditContext::new(SchoolProfile::default(), Some(register), None, today, Default::default())
    }

    fn photo(url: &str) -> Asset {
        Asset {
            url: url.into(),
            kind: AssetKind::from_path(url),
            bytes: vec![0xFF, 0xD8, 0xFF, 0xD9].into(),
            original_metadata: None,
            source: None,
            text: None,
            original_document: None,
        }
    }

    fn run(meta: ImageMetadata, asset: &Asset) -> Vec<Finding> {
        let mut out = Vec::new();
        check_with(asset, &ctx(), &mut out, |_| Ok(meta.clone()));
        out
    }

    fn tag(value: &str, source: TagSource) -> Tag {
        Tag { value: value.into(), source, from_sidecar: false }
    }

    #[test]
    fn every_rule_used_is_in_the_catalogue_with_its_severity() {
        let used = [
            (GPS, Severity::Error),
            (PEOPLE_TAGS, Severity::Error),
            (FACE_REGIONS, Severity::Info),
            (CAMERA_DETAILS, Severity::Error),
            (NAMES_IN_TEXT, Severity::Error),
            (CAPTIONS, Severity::Warning),
            (AUTHOR, Severity::Warning),
            (UNREADABLE, Severity::Warning),
            (SIDECAR, Severity::Error),
        ];
        for (id, severity) in used {
            let meta = RULES.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("{id} not in RULES"));
            assert_eq!(meta.severity, severity, "{id}");
        }
    }

    #[test]
    fn gps_people_tags_and_camera_details_are_errors_without_names_in_messages() {
        let meta = ImageMetadata {
            tags: vec![
                tag("Harry Patel", TagSource::MwgRegion),
                tag("Harry Patel", TagSource::XmpPersonInImage),
                tag("Sports day", TagSource::DcSubject),
            ],
            personal: PersonalFields {
                gps: true,
                camera_serial: Some("4031502217".into()),
                camera_owner: Some("J Hughes".into()),
                face_regions: 2,
                ..Default::default()
            },
            ..Default::default()
        };
        let out = run(meta, &photo("/news/sports-day/relay.jpg"));
        let rules: Vec<_> = out.iter().map(|f| f.rule).collect();
        assert_eq!(rules, [GPS, PEOPLE_TAGS, CAMERA_DETAILS]);
        assert!(out.iter().all(|f| f.severity == Severity::Error));
        assert!(out.iter().all(|f| f.location.asset.as_deref() == Some("/news/sports-day/relay.jpg")));
        let tags = &out[1];
        assert!(tags.message.contains("2 people tags and 2 face regions"), "{}", tags.message);
        assert!(!tags.message.contains("Patel"));
        assert!(tags.private_detail.as_deref().is_some_and(|d| d.contains("Harry Patel")));
        assert!(out[2].message.contains("serial number and its owner's name"));
        assert!(!out[2].message.contains("Hughes"));
    }

    #[test]
    fn caption_naming_a_pupil_is_an_error_with_safe_label() {
        let meta = ImageMetadata {
            text: vec![
                TextField { field: "XMP dc:description".into(), value: "Zoe O'Brien wins the 100m!".into() },
                TextField { field: "EXIF ImageDescription".into(), value: "OLYMPUS DIGITAL CAMERA".into() },
            ],
            ..Default::default()
        };
        let out = run(meta, &photo("/news/race.jpg"));
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].rule, NAMES_IN_TEXT);
        assert_eq!(out[0].severity, Severity::Error);
        assert_eq!(out[0].message, "This photo's XMP dc:description names Zoe (Year 6).");
        assert!(out[0].private_detail.as_deref().is_some_and(|d| d.contains("Zoe O'Brien")));
    }

    #[test]
    fn other_captions_and_authors_are_warnings() {
        let meta = ImageMetadata {
            text: vec![TextField { field: "XMP dc:title".into(), value: "Harry and friends at the pond".into() }],
            personal: PersonalFields { authors: vec!["Jane Hughes".into()], ..Default::default() },
            ..Default::default()
        };
        let out = run(meta, &photo("/news/pond.jpg"));
        let rules: Vec<_> = out.iter().map(|f| (f.rule, f.severity)).collect();
        assert_eq!(rules, [(AUTHOR, Severity::Warning), (CAPTIONS, Severity::Warning)]);
        assert!(out[1].message.contains("XMP dc:title") && !out[1].message.contains("Harry"));
    }

    #[test]
    fn clean_photo_and_non_images_have_no_findings() {
        let meta = ImageMetadata {
            tags: vec![tag("Sports day", TagSource::DcSubject)],
            orientation: Some(1),
            ..Default::default()
        };
        assert!(run(meta.clone(), &photo("/news/clean.jpg")).is_empty());
        let mut gps = meta;
        gps.personal.gps = true;
        assert!(run(gps, &photo("/docs/letter.pdf")).is_empty(), "PDFs are not read as photos");
    }

    #[test]
    fn stamp_patterns_compile() {
        assert_eq!(STAMP_SET.len(), SOFTWARE_STAMPS.len());
    }

    #[test]
    fn encoder_stamps_are_not_captions_but_real_captions_are() {
        let field = |f: &str, v: &str| TextField { field: f.into(), value: v.into() };
        let stamps = [
            "CREATOR: gd-jpeg v1.0 (using IJG JPEG v62), quality = 82",
            "CREATOR: gd-jpeg v1.0 (using IJG JPEG v80), default quality",
            "CREATOR: XV Version 3.10a  Rev: 12/29/94  Quality = 75, Smoothing = 0",
            "Created with GIMP",
            "Created with The GIMP",
            "File written by Adobe Photoshop\u{ae} 4.0",
            // The same written in Latin-1, as Photoshop does, read as UTF-8.
            "File written by Adobe Photoshop\u{fffd} 4.0",
            "Adobe Photoshop CC 2019 (Windows)",
            "Lavc58.134.100",
            "Lavf60.3.100",
            "Optimized by JPEGmini 3.14.14.72670860 0x411b6779",
            "AppleMark",
            "LEAD Technologies Inc. V1.01",
            "Intel(R) JPEG Library, version [1,5,4,36]",
        ];
        for stamp in stamps {
            for place in ["JPEG comment", "PNG Comment"] {
                let meta = ImageMetadata { text: vec![field(place, stamp)], ..Default::default() };
                assert!(run(meta, &photo("/uploads/hall.jpg")).is_empty(), "{place}: {stamp}");
            }
        }
        // Captions, including ones that mention a program, still count.
        for caption in [
            "Harry's painting, created with GIMP",
            "Created with GIMP by Jordan Smith",
            "Year 4 at the pond",
            "CREATOR: Mrs Hughes",
        ] {
            let meta = ImageMetadata { text: vec![field("JPEG comment", caption)], ..Default::default() };
            let out = run(meta, &photo("/uploads/hall.jpg"));
            assert_eq!(out.iter().map(|f| f.rule).collect::<Vec<_>>(), [CAPTIONS], "{caption}");
        }
        // A stamp-shaped comment that names a pupil is still the error.
        let meta =
            ImageMetadata { text: vec![field("JPEG comment", "Harry Patel wins the relay")], ..Default::default() };
        assert_eq!(run(meta, &photo("/uploads/relay.jpg"))[0].rule, NAMES_IN_TEXT);
    }

    #[test]
    fn face_regions_without_names_are_a_note_of_their_own() {
        let unnamed =
            ImageMetadata { personal: PersonalFields { face_regions: 2, ..Default::default() }, ..Default::default() };
        let out = run(unnamed, &photo("/news/playground.jpg"));
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!((out[0].rule, out[0].severity), (FACE_REGIONS, Severity::Info));
        assert!(out[0].message.contains("2 faces") && out[0].message.contains("nobody is named"), "{}", out[0].message);
        // One named region among unnamed ones is the people-tags error, counting all boxes.
        let mixed = ImageMetadata {
            tags: vec![tag("Zoë O'Neill", TagSource::MwgRegion)],
            personal: PersonalFields { face_regions: 2, ..Default::default() },
            ..Default::default()
        };
        let out = run(mixed, &photo("/news/class.jpg"));
        assert_eq!(out.iter().map(|f| (f.rule, f.severity)).collect::<Vec<_>>(), [(PEOPLE_TAGS, Severity::Error)]);
        assert!(out[0].message.contains("1 people tag and 2 face regions"), "{}", out[0].message);
    }

    #[test]
    fn keywords_naming_a_pupil_are_people_tags_but_staff_and_events_are_not() {
        let meta = ImageMetadata {
            tags: vec![
                tag("Harry Patel", TagSource::ExifXpKeywords),
                tag("Harry Patel", TagSource::DcSubject),
                tag("Sports day", TagSource::ExifXpKeywords),
            ],
            ..Default::default()
        };
        let out = run(meta, &photo("/uploads/2026/10/harvest.jpg"));
        assert_eq!(out.iter().map(|f| f.rule).collect::<Vec<_>>(), [PEOPLE_TAGS], "{out:?}");
        assert!(out[0].message.contains("2 people tags"), "{}", out[0].message);
        assert!(out[0].message.contains("Windows Tags (EXIF XPKeywords)"), "{}", out[0].message);
        assert!(!out[0].message.contains("Patel"));
        // Decoys: events, places with apostrophes, a lone first name.
        let decoy = ImageMetadata {
            tags: vec![
                tag("Harvest festival", TagSource::ExifXpKeywords),
                tag("O\u{2019}Brien Hall", TagSource::DcSubject),
                tag("Zoë's class", TagSource::IptcKeyword),
                tag("Harry", TagSource::DcSubject),
            ],
            ..Default::default()
        };
        assert!(run(decoy, &photo("/uploads/hall.jpg")).is_empty());
    }

    fn sidecar(url: &str, xmp: &str) -> Asset {
        Asset { bytes: xmp.as_bytes().to_vec().into(), ..photo(url) }
    }

    #[test]
    fn a_published_sidecar_is_reported_with_what_it_holds() {
        let xmp = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <rdf:Description xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
             xmlns:dc="http://purl.org/dc/elements/1.1/">
          <Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Harry Patel</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>
          <dc:subject><rdf:Bag><rdf:li>Sports day</rdf:li></rdf:Bag></dc:subject>
          </rdf:Description></rdf:RDF></x:xmpmeta>"#;
        for url in ["/uploads/relay.xmp", "/uploads/relay.JPG.XMP"] {
            let mut out = Vec::new();
            check_asset(&sidecar(url, xmp), &ctx(), &mut out);
            assert_eq!(out.len(), 1, "{out:?}");
            assert_eq!((out[0].rule, out[0].severity), (SIDECAR, Severity::Error));
            assert!(
                out[0].message.contains("1 people tag") && out[0].message.contains("1 other keyword"),
                "{}",
                out[0].message
            );
            assert!(!out[0].message.contains("Patel"));
            assert!(out[0].private_detail.as_deref().is_some_and(|d| d.contains("Harry Patel")));
        }
        // A sidecar with only an event keyword is still a published sidecar, as a warning.
        let plain = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:subject="Sports day"/></rdf:RDF></x:xmpmeta>"#;
        let mut out = Vec::new();
        check_asset(&sidecar("/uploads/field.xmp", plain), &ctx(), &mut out);
        assert_eq!(out.iter().map(|f| (f.rule, f.severity)).collect::<Vec<_>>(), [(SIDECAR, Severity::Warning)]);
        // Broken XML: reported, not a crash.
        let mut out = Vec::new();
        check_asset(&sidecar("/uploads/broken.xmp", "<x:xmpmeta><rdf:RDF>"), &ctx(), &mut out);
        assert_eq!(out.iter().map(|f| (f.rule, f.severity)).collect::<Vec<_>>(), [(SIDECAR, Severity::Warning)]);
        // Decoy: an .xmp-looking page name is not a sidecar.
        assert!(!is_sidecar("/news/xmp-workshop/"));
    }

    #[test]
    fn unreadable_metadata_is_a_warning_not_a_crash() {
        let mut out = Vec::new();
        check_with(&photo("/news/odd.heic"), &ctx(), &mut out, |_| Err(MetadataError::UnsupportedFormat));
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule, UNREADABLE);
        assert_eq!(out[0].severity, Severity::Warning);
    }

    #[test]
    fn pupil_names_match_whole_words_only() {
        let harry = Pupil::for_tests("Harry", None, "Patel", "Year 4");
        assert!(names_pupil("Well done HARRY PATEL!", &harry));
        assert!(!names_pupil("Harry and Mrs Patelli", &harry));
        assert!(!names_pupil("Patel Harry", &harry));
        let zoe = Pupil::for_tests("Zoë", None, "O'Brien", "Year 6");
        assert!(names_pupil("zoe o'brien", &zoe));
    }

    #[test]
    fn reads_the_published_bytes_not_the_original_metadata() {
        // The original had people tags; the published bytes (read by the
        // stubbed/real reader) are what count.
        let mut asset = photo("/news/stripped.jpg");
        asset.original_metadata =
            Some(ImageMetadata { tags: vec![tag("Harry Patel", TagSource::MwgRegion)], ..Default::default() });
        let mut out = Vec::new();
        check_with(&asset, &ctx(), &mut out, |bytes| {
            assert_eq!(bytes, [0xFF, 0xD8, 0xFF, 0xD9]);
            Ok(ImageMetadata::default())
        });
        assert!(out.is_empty(), "{out:?}");
    }
}

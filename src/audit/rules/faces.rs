//! Photos with faces that nobody tagged.
//!
//! The consent check can only protect a child whose name is on the photo.
//! These rules compare the faces the detector found ([`crate::faces`],
//! counted by the command before the audit and passed in
//! [`AuditContext::photos`]) with the people tags: a photo with faces and no
//! tag at all, unless the author marked it `no_pupils=true`, is a warning;
//! more faces than tags is an info (some people may be adults, or in the
//! background).

use crate::audit::{AuditContext, Finding, PhotoUsage, PhotoUse, RuleMeta, Severity};
use crate::site::{Asset, AssetKind};

pub const UNTAGGED: &str = "faces/untagged";
pub const MORE_FACES_THAN_TAGS: &str = "faces/more-faces-than-tags";

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: UNTAGGED,
        severity: Severity::Warning,
        summary: "A photo shows faces but nobody in it is tagged.",
        explanation: "Schoolgate's face detector found faces in the photo, but neither the photo's \
people tags (face regions, \"person shown\", People keywords) nor the page's `people=` list name \
anyone, and the page does not say the photo shows no pupils.\n\n\
**Why it matters:** the consent check works from the names on a photo. A photo nobody tagged \
could show a child whose parents said no, and nothing would stop it.\n\n\
**How to fix it:** say who is in the photo: `people=\"…\"` in the photo shortcode (register ids \
or names), or tag the faces in the photo tool. If it shows only adults, or no pupils at all \
(a poster, a painting), add `no_pupils=true` to the shortcode. Face detection can be turned off \
with `--no-faces` or `faces = false` under `[audit]`.",
    },
    RuleMeta {
        id: MORE_FACES_THAN_TAGS,
        severity: Severity::Info,
        summary: "A photo shows more faces than it has people tags.",
        explanation: "The detector found more faces than the photo has people tags. Often that \
is fine (adults, people in the background), but it can mean a child was missed when the photo \
was tagged.\n\n\
**How to fix it:** check the photo and tag everyone who can be recognised.",
    },
];

/// Who is in a photo as far as anyone said: its people tags and every
/// page's `people=` list, each name once.
#[derive(Debug, Default)]
pub struct PhotoPeople<'a> {
    pub names: Vec<&'a str>,
    pub no_pupils: bool,
}

pub fn photo_people<'a>(asset: &'a Asset, used: &'a PhotoUse) -> PhotoPeople<'a> {
    let mut people = PhotoPeople { no_pupils: used.no_pupils(), ..Default::default() };
    let from_file = asset.original_metadata.iter().flat_map(|m| m.person_tags()).map(|t| t.value.as_str());
    let all = from_file.chain(used.declared_people().map(|(p, _)| p));
    for name in all.map(str::trim).filter(|n| !n.is_empty()) {
        let key = crate::names::normalize::compact(name);
        if !people.names.iter().any(|n| crate::names::normalize::compact(n) == key) {
            people.names.push(name);
        }
    }
    people
}

pub fn check_asset(asset: &Asset, usage: &PhotoUsage, ctx: &AuditContext, out: &mut Vec<Finding>) {
    if asset.kind != AssetKind::Image {
        return;
    }
    let Some(faces) = ctx.photos.as_ref().and_then(|p| p.get(&asset.url)).and_then(|f| f.face_count()) else {
        return;
    };
    if faces == 0 {
        return;
    }
    let people = photo_people(asset, usage.get(&asset.url));
    if people.no_pupils {
        return;
    }
    let safe_url = ctx.names.redact_path(&asset.url);
    let file = crate::site::file_name(&safe_url);
    let counted = plural(faces, "face");
    let tags = people.names.len();
    if tags == 0 {
        out.push(
            Finding::new(
                UNTAGGED,
                Severity::Warning,
                usage.location(asset),
                format!("The photo {file}: {counted}, nobody tagged: say who is in it, or mark it as showing no pupils."),
                "Add people=\"…\" (register ids or names) to the photo shortcode, or tag the faces in the photo tool. If it shows no pupils, add no_pupils=true to the shortcode.",
            )
            .with_private_detail(format!("{counted} detected in {}", asset.url)),
        );
    } else if faces > tags {
        out.push(
            Finding::new(
                MORE_FACES_THAN_TAGS,
                Severity::Info,
                usage.location(asset),
                format!("The photo {file} shows {counted} but has {}.", plural(tags, "people tag")),
                "Check the photo and tag everyone who can be recognised (adults and people in the background need no tag).",
            )
            .with_private_detail(format!("{counted} in {}; tagged: {}", asset.url, people.names.join(", "))),
        );
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::NaiveDate;

    use super::*;
    use crate::config::SchoolProfile;
    use crate::faces::{Detection, FaceBox, PhotoFacts, PhotoIndex};
    use crate::metadata::{ImageMetadata, Tag, TagSource};
    use crate::site::{Page, PhotoDeclaration, RenderedSite, SourceRef};

    const URL: &str = "/news/trip/coach.jpg";

    fn ctx(faces: Option<usize>) -> AuditContext {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let mut index = PhotoIndex::default();
        let face = FaceBox { x: 1, y: 1, width: 40, height: 40, score: 5.0 };
        let detection = faces.map(|n| Detection { width: 800, height: 600, faces: vec![face; n] });
        index.insert(URL, PhotoFacts { sha256: "ab".into(), faces: detection });
        AuditContext::new(SchoolProfile::default(), None, None, today, Default::default()).with_photos(index)
    }

    fn photo(tags: &[(&str, TagSource)]) -> Asset {
        Asset {
            url: URL.into(),
            kind: AssetKind::Image,
            bytes: Arc::from(&b"\xFF\xD8\xFF\xD9"[..]),
            original_metadata: Some(ImageMetadata {
                tags: tags.iter().map(|(v, s)| Tag { value: v.to_string(), source: *s, from_sidecar: false }).collect(),
                ..Default::default()
            }),
            source: Some(SourceRef::file("content/news/trip/coach.jpg")),
            text: None,
        }
    }

    fn site(people: &[&str], no_pupils: bool) -> RenderedSite {
        let decl = PhotoDeclaration {
            src: URL.into(),
            people: people.iter().map(|p| p.to_string()).collect(),
            no_pupils,
            source: Some(SourceRef::at("content/news/trip.md", 7)),
        };
        let page = Page {
            url: "/news/trip/".into(),
            html: "<img src=\"coach.jpg\">".into(),
            source: Some(SourceRef::file("content/news/trip.md")),
            photo_declarations: vec![decl],
        };
        RenderedSite { pages: vec![page], ..Default::default() }
    }

    fn run(asset: &Asset, site: &RenderedSite, ctx: &AuditContext) -> Vec<Finding> {
        let mut out = Vec::new();
        check_asset(asset, &PhotoUsage::from_site(site), ctx, &mut out);
        out
    }

    #[test]
    fn faces_without_any_tag_warn_at_the_shortcode() {
        let out = run(&photo(&[("Trip", TagSource::DcSubject)]), &site(&[], false), &ctx(Some(3)));
        assert_eq!(out.len(), 1, "{out:#?}");
        assert_eq!(out[0].rule, UNTAGGED);
        assert!(
            out[0].message.contains("3 faces, nobody tagged: say who is in it, or mark it as showing no pupils"),
            "{}",
            out[0].message
        );
        let src = out[0].location.source.as_ref().unwrap();
        assert_eq!((src.path.as_str(), src.line), ("content/news/trip.md", Some(7)));
    }

    #[test]
    fn tags_from_the_file_or_the_page_silence_the_warning_and_fewer_tags_is_info() {
        let tagged = photo(&[("Aisha Khan", TagSource::MwgRegion)]);
        assert!(run(&tagged, &site(&[], false), &ctx(Some(1))).is_empty());
        assert!(run(&photo(&[]), &site(&["1001", "1002"], false), &ctx(Some(2))).is_empty());
        // The same person tagged twice counts once.
        let out = run(&tagged, &site(&["Aisha  Khan"], false), &ctx(Some(2)));
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].rule, out[0].severity), (MORE_FACES_THAN_TAGS, Severity::Info));
        assert!(out[0].message.contains("2 faces but has 1 people tag"), "{}", out[0].message);
    }

    #[test]
    fn no_pupils_no_faces_or_no_detection_mean_nothing() {
        assert!(run(&photo(&[]), &site(&[], true), &ctx(Some(4))).is_empty());
        assert!(run(&photo(&[]), &site(&[], false), &ctx(Some(0))).is_empty());
        assert!(run(&photo(&[]), &site(&[], false), &ctx(None)).is_empty());
    }
}

//! Photos with faces that nobody tagged.
//!
//! The consent check can only protect a child whose name is on the photo.
//! These rules compare the faces the detector found ([`crate::faces`],
//! counted by the command before the audit and passed in
//! [`AuditContext::photos`]) with the people tags: a photo with faces and no
//! tag at all, unless the author marked it `no_pupils=true`, is a warning;
//! more faces than tags is an info (some people may be adults, or in the
//! background).

use crate::audit::{AuditContext, Finding, Origin, PhotoUsage, PhotoUse, RuleMeta, Severity};
use crate::site::{Asset, AssetKind};

pub const UNTAGGED: &str = "faces/untagged";
pub const MORE_FACES_THAN_TAGS: &str = "faces/more-faces-than-tags";
pub const UNREADABLE: &str = "faces/unreadable";

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
**Staff portraits:** when every page that shows the photo presents it as staff (the page's \
address or the heading it sits under says staff, our team, meet the team, governors, governing \
board, trustees or leadership), or its alt text, caption or the text around it names at least \
as many people from the staff list as there are faces and no pupils, the finding is an info \
note saying it looks like a staff portrait, not a warning.\n\n\
**How to fix it:** on a site Schoolgate builds, say who is in the photo: `people=\"…\"` in the \
photo shortcode (register ids or names), or tag the faces in the photo tool. If it shows only \
adults, or no pupils at all (a poster, a painting), add `no_pupils=true` to the shortcode. On a \
site from another CMS, check the photo against the consent register. Face detection can be \
turned off with `--no-faces` or `faces = false` under `[audit]`.",
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
    RuleMeta {
        id: UNREADABLE,
        severity: Severity::Warning,
        summary: "A published photo could not be opened, so nobody checked who is in it.",
        explanation: "Schoolgate tried to look for faces in the photo but could not open its picture: the file is damaged, cut short, in a format Schoolgate cannot open (HEIC from an iPhone, AVIF), or far larger than any web photo needs.

**Why it matters:** a photo the audit cannot see is not a photo without children in it. Visitors' browsers may still show it.

**How to fix it:** open the photo on a computer and check it against the consent register by eye. Then replace it with a JPEG exported from your photo tool, or delete it if it is damaged.",
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
    let facts = ctx.photos.as_ref().and_then(|p| p.get(&asset.url));
    if let Some(why) = facts.and_then(|f| f.unreadable.as_deref()) {
        let file = crate::site::file_name(&ctx.names.redact_path(&asset.url)).to_string();
        out.push(Finding::new(
            UNREADABLE,
            Severity::Warning,
            usage.location(asset),
            format!("The photo {file} could not be opened to look for faces ({why}), so nobody checked who is in it."),
            "Open it on a computer and check it against the consent register by eye; then replace it with a JPEG \
             exported from your photo tool, or delete it if it is damaged.",
        ));
        return;
    }
    let Some(faces) = facts.and_then(|f| f.face_count()) else {
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
    let used = usage.get(&asset.url);
    if tags == 0 {
        let own_build = ctx.origin == Origin::OwnBuild;
        let finding = match staff_portrait(used, faces, ctx) {
            Some(why) => Finding::new(
                UNTAGGED,
                Severity::Info,
                usage.location(asset),
                format!("The photo {file}: {counted}, nobody tagged; it looks like a staff portrait ({why})."),
                if own_build {
                    "If it shows only adults, add no_pupils=true to the photo shortcode; if pupils are in it, \
                     add people=\"…\" (register ids or names)."
                } else {
                    "Check this photo against the consent register: nothing to do if it shows only adults."
                },
            ),
            None => Finding::new(
                UNTAGGED,
                Severity::Warning,
                usage.location(asset),
                if own_build {
                    format!(
                        "The photo {file}: {counted}, nobody tagged: say who is in it, or mark it as showing no pupils."
                    )
                } else {
                    format!(
                        "The photo {file}: {counted}, nobody tagged: check who is in it against the consent register."
                    )
                },
                if own_build {
                    "Add people=\"…\" (register ids or names) to the photo shortcode, or tag the faces in the \
                     photo tool. If it shows no pupils, add no_pupils=true to the shortcode."
                } else {
                    "Check this photo against the consent register: tag the pupils in it (in the photo tool or \
                     your website's media library) and take it down if anyone in it has no photo consent."
                },
            ),
        };
        out.push(finding.with_private_detail(format!("{counted} detected in {}", asset.url)));
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

/// Words of a page address or heading that present staff. A label counts
/// only when it has one of these and every other word is from
/// [`STAFF_FILLER`]: "Our Staff", "Meet the Team", "Governing Board",
/// "Senior Leadership Team" do; "Staff v pupils netball match" does not.
const STAFF_KEYS: &[&str] = &[
    "staff",
    "governors",
    "governor",
    "governance",
    "governing",
    "trustees",
    "trustee",
    "leadership",
    "headteacher",
    "headteachers",
    "slt",
];

/// Words that may sit beside a staff word in such a label.
const STAFF_FILLER: &[&str] = &[
    "our",
    "the",
    "meet",
    "and",
    "of",
    "list",
    "school",
    "who",
    "whos",
    "s",
    "is",
    "team",
    "teams",
    "board",
    "body",
    "senior",
    "local",
    "academy",
    "trust",
    "members",
    "member",
    "teaching",
    "support",
    "office",
    "admin",
    "administrative",
    "pastoral",
    "teachers",
    "teacher",
    "assistants",
    "assistant",
    "people",
    "key",
    "contacts",
    "structure",
    "chair",
    "committee",
    "committees",
    "us",
    "about",
    "page",
    "profiles",
    "photos",
    "in",
    "at",
];

/// True for a page address segment or heading that presents staff or
/// governors ("staff", "our-team", "meet-the-team", "Governing Board").
fn is_staff_label(label: &str) -> bool {
    let words: Vec<String> = crate::names::normalize::normalize(label)
        .text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !w.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string)
        .collect();
    let has = |w: &str| words.iter().any(|x| x == w);
    let key = words.iter().any(|w| STAFF_KEYS.contains(&w.as_str()))
        || (has("team") && (has("our") || has("meet") || has("the")));
    key && words.len() <= 8
        && words.iter().all(|w| STAFF_KEYS.contains(&w.as_str()) || STAFF_FILLER.contains(&w.as_str()))
}

/// Words that say children, or other people, are in a picture besides the
/// staff it names ("Mrs Jones with the Year 6 netball team").
const PUPIL_WORDS: &[&str] = &[
    "pupil", "pupils", "child", "children", "student", "students", "kids", "boys", "girls", "class", "with", "team",
    "squad", "group", "friends", "winners", "everyone",
];

/// How many people on the staff list `text` names ("Mrs Jones", "Amelia
/// Jones"), or 0 when it also speaks of children or names a pupil.
fn staff_named(text: &str, ctx: &AuditContext) -> usize {
    let Some(staff) = ctx.staff.as_ref() else {
        return 0;
    };
    let norm = format!(
        " {} ",
        crate::names::normalize::normalize(text).text.replace(|c: char| !c.is_ascii_alphanumeric(), " ")
    );
    let norm = format!(" {} ", norm.split_whitespace().collect::<Vec<_>>().join(" "));
    if PUPIL_WORDS.iter().any(|w| norm.contains(&format!(" {w} "))) || !ctx.names.find_pupils(text).is_empty() {
        return 0;
    }
    let said = |name: &str| {
        crate::names::normalize::name_forms(name).iter().any(|f| {
            let f = f.replace(|c: char| !c.is_ascii_alphanumeric(), " ");
            let f = f.split_whitespace().collect::<Vec<_>>().join(" ");
            !f.is_empty() && norm.contains(&format!(" {f} "))
        })
    };
    staff
        .members
        .iter()
        .filter(|m| {
            said(&format!("{} {}", m.forename, m.surname))
                || m.title.as_ref().is_some_and(|t| said(&format!("{t} {}", m.surname)))
        })
        .count()
}

/// Why a photo nobody tagged looks like a portrait of adults: every page
/// that shows it presents it as staff or governors, by its address, the
/// heading it sits under, or alt text, caption or nearby text naming at
/// least as many staff as there are faces. `None` when any page does not
/// (the same portrait in a class gallery stays a warning), or no page shows it.
fn staff_portrait(used: &PhotoUse, faces: usize, ctx: &AuditContext) -> Option<String> {
    let mut why = None;
    for page in &used.pages {
        let by_address = page.url.split('/').any(is_staff_label);
        let by_heading = page.section.iter().any(|h| is_staff_label(h));
        let by_names = [page.alt.as_deref(), page.caption.as_deref(), page.nearby.as_deref()]
            .into_iter()
            .flatten()
            .any(|t| staff_named(t, ctx) >= faces);
        if !(by_address || by_heading || by_names) {
            return None;
        }
        if why.is_none() {
            let url = ctx.names.redact_path(&page.url);
            why = Some(if by_address || by_heading {
                format!("shown in the staff section of {url}")
            } else {
                format!("the alt text or caption on {url} names people on the staff list")
            });
        }
    }
    why
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
        index.insert(URL, PhotoFacts { sha256: "ab".into(), faces: detection, unreadable: None });
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
            original_document: None,
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
            shared_to: vec![],
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

    fn staff_ctx(origin: Origin) -> AuditContext {
        use crate::register::{StaffList, StaffMember};
        let staff = StaffList {
            members: vec![StaffMember {
                title: Some("Mrs".into()),
                forename: "Amelia".into(),
                surname: "Jones".into(),
                role: Some("Headteacher".into()),
            }],
            source: "staff.csv".into(),
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let mut index = PhotoIndex::default();
        let face = FaceBox { x: 1, y: 1, width: 40, height: 40, score: 5.0 };
        index.insert(
            URL,
            PhotoFacts {
                sha256: "ab".into(),
                faces: Some(Detection { width: 800, height: 600, faces: vec![face] }),
                unreadable: None,
            },
        );
        AuditContext::new(SchoolProfile::default(), None, Some(staff), today, Default::default())
            .with_photos(index)
            .with_origin(origin)
    }

    fn shown_on(url: &str, html: &str) -> RenderedSite {
        let page =
            Page { url: url.into(), html: html.into(), source: None, photo_declarations: vec![], shared_to: vec![] };
        RenderedSite { pages: vec![page], assets: vec![photo(&[])], ..Default::default() }
    }

    #[test]
    fn staff_labels_are_told_from_other_uses_of_the_words() {
        for yes in [
            "staff",
            "our-team",
            "meet-the-team",
            "Governing Board",
            "Senior Leadership Team",
            "Our Staff 2025-26",
            "trustees",
            "Staff and Governors",
        ] {
            assert!(is_staff_label(yes), "{yes}");
        }
        for no in ["news", "Staff v pupils netball match", "football-team", "Year 4", "our-school", "the-team-won"] {
            assert!(!is_staff_label(no), "{no}");
        }
    }

    #[test]
    fn staff_portraits_are_info_and_hints_fit_the_origin() {
        let photo = photo(&[]);
        // On a staff page (by address, or by the section heading above it).
        for (url, html) in [
            ("/about/our-staff/", r#"<main><h1>Our staff</h1><img src="/news/trip/coach.jpg" alt=""></main>"#),
            (
                "/about/",
                r#"<main><h1>About us</h1><h2>Governing board</h2><img src="/news/trip/coach.jpg" alt=""></main>"#,
            ),
            (
                "/welcome/",
                r#"<main><h1>Welcome</h1><figure><img src="/news/trip/coach.jpg" alt="Mrs Jones"><figcaption>Amelia Jones, Headteacher</figcaption></figure></main>"#,
            ),
        ] {
            let out = run(&photo, &shown_on(url, html), &staff_ctx(Origin::Folder));
            assert_eq!(out.len(), 1, "{url}: {out:#?}");
            assert_eq!((out[0].rule, out[0].severity), (UNTAGGED, Severity::Info), "{url}");
            assert!(out[0].message.contains("looks like a staff portrait"), "{}", out[0].message);
            assert!(out[0].help.contains("consent register") && !out[0].help.contains("shortcode"), "{}", out[0].help);
        }
        let own =
            run(&photo, &shown_on("/staff/", r#"<img src="/news/trip/coach.jpg">"#), &staff_ctx(Origin::OwnBuild));
        assert!(own[0].help.contains("no_pupils=true"), "{}", own[0].help);
        // Not a staff context: a class page, a section after the staff one,
        // a caption naming staff with children, and a photo also shown elsewhere.
        for (url, html) in [
            ("/classes/year-4/", r#"<main><h1>Year 4</h1><img src="/news/trip/coach.jpg" alt="Our class"></main>"#),
            (
                "/about/",
                r#"<main><h2>Our staff</h2><p>…</p><h2>Sports day</h2><img src="/news/trip/coach.jpg"></main>"#,
            ),
            ("/news/", r#"<main><img src="/news/trip/coach.jpg" alt="Mrs Jones reading with children"></main>"#),
        ] {
            let out = run(&photo, &shown_on(url, html), &staff_ctx(Origin::Live));
            assert_eq!((out[0].rule, out[0].severity), (UNTAGGED, Severity::Warning), "{url}");
            assert!(out[0].help.contains("consent register"), "{}", out[0].help);
        }
        let mut both = shown_on("/staff/", r#"<img src="/news/trip/coach.jpg">"#);
        both.pages.push(Page {
            url: "/gallery/".into(),
            html: r#"<img src="/news/trip/coach.jpg">"#.into(),
            source: None,
            photo_declarations: vec![],
            shared_to: vec![],
        });
        assert_eq!(run(&photo, &both, &staff_ctx(Origin::Folder))[0].severity, Severity::Warning);
    }

    #[test]
    fn no_pupils_no_faces_or_no_detection_mean_nothing() {
        assert!(run(&photo(&[]), &site(&[], true), &ctx(Some(4))).is_empty());
        assert!(run(&photo(&[]), &site(&[], false), &ctx(Some(0))).is_empty());
        assert!(run(&photo(&[]), &site(&[], false), &ctx(None)).is_empty());
    }
}

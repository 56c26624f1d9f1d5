//! Pupils shown without consent, found by people tags.
//!
//! A photo's people tags (every field photo tools write names into, see
//! [`crate::metadata`]) and the names the author gave in the page's
//! `photo` shortcode are matched against the consent register. A pupil
//! whose parents have not agreed to website photos, or whose agreement has
//! lapsed, must not be published.
//!
//! The check runs per photo rather than per page: one finding per child per
//! photo, listing every page that shows it, and it also catches a photo that
//! is published but linked from no page (it can still be found).

use std::collections::BTreeMap;

use crate::audit::{AuditContext, Finding, Location, PhotoUsage, PhotoUse, RuleMeta, Severity};
use crate::metadata::TagSource;
use crate::names::TagMatch;
use crate::register::Purpose;
use crate::site::{Asset, AssetKind, SourceRef};

pub const PHOTO_WITHOUT_CONSENT: &str = "consent/photo-without-consent";
pub const UNKNOWN_PERSON_TAG: &str = "consent/unknown-person-tag";
pub const UNKNOWN_PUPIL_ID: &str = "consent/unknown-pupil-id";
pub const SHARED_WITHOUT_CONSENT: &str = "consent/shared-without-consent";
pub const REGISTER_STALE: &str = "consent/register-stale";

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: PHOTO_WITHOUT_CONSENT,
        severity: Severity::Error,
        summary: "A photo is tagged with a pupil who has no current consent for website photos.",
        explanation: "The photo's people tags (face regions, \"person shown\", People keywords, or any \
keyword, IPTC or Windows Tags included, holding a pupil's full name or register id such as a UPN \
or admission number) or the page's `people=` list name a pupil whose parents have not agreed to \
website photos, or whose agreement has passed its expiry date in the consent register. (A site \
that publishes for another purpose, `purpose = \"prospectus\"` under [register], checks that \
purpose's column instead.)\n\n\
**Why it matters:** publishing a child's photo without consent breaks the school's data \
protection duties and can put a child at risk (for example a child in care or under a court \
order).\n\n\
**How to fix it:** take the photo off every page listed (or replace it with one without the \
child). If the parents have in fact agreed, record it in the consent register and export it \
again. If the tag is wrong, correct the people tag in the photo tool.",
    },
    RuleMeta {
        id: UNKNOWN_PERSON_TAG,
        severity: Severity::Warning,
        summary: "A photo names a person who is on neither the consent register nor the staff list.",
        explanation: "A field that exists to name people (a face region, \"person shown\", a \
People keyword, or the page's `people=` list) holds a name Schoolgate cannot find on the \
register or the staff list, so it cannot tell whether consent was given.\n\n\
**Why it matters:** it may be a pupil whose name is misspelt, a new starter missing from the \
register export, or a visitor's child.\n\n\
**How to fix it:** correct the spelling of the tag, or add the pupil to the register, or add the \
adult to the staff list. Tags that are ordinary keywords (\"Sports day\") are not checked. The \
message shows only the tag's initials, in case it is a child's name; the private report has it \
in full.",
    },
    RuleMeta {
        id: UNKNOWN_PUPIL_ID,
        severity: Severity::Error,
        summary: "A photo is tagged with a pupil id that is not on the consent register.",
        explanation: "A people tag (or a keyword) is written like a pupil id: a UPN such as A123456789012, or an id shaped like the register's own (an admission number). No pupil on the register has it, so Schoolgate cannot tell whether the child's parents agreed.\n\n**Why it matters:** an id names a particular child. It is missing from the register when the export is out of date (a new starter), filtered (one class only) or mistyped, and in each case the child's consent is unknown, so the photo must not be published.\n\n**How to fix it:** export the register again with every pupil, or correct the id in the photo's tags or the page's `people=` list.",
    },
    RuleMeta {
        id: SHARED_WITHOUT_CONSENT,
        severity: Severity::Error,
        summary: "A page shared to social media, the newsletter, the press or the prospectus shows a pupil without consent for that use.",
        explanation: "The page's front matter says it is also shared elsewhere (`shared_to = \
[\"social_media\", \"newsletter\"]`), and a photo on it is tagged with a pupil whose parents did not \
agree to that use, or whose agreement has expired. Consent forms ask about each use separately: a \
\"yes\" to the website is not a \"yes\" to Facebook. When the register has no column for the \
purpose at all, no pupil can have agreed to it.\n\n\
**Why it matters:** a post shared to social media is copied and kept far beyond the school's \
control; parents who refused that use did so for a reason (a child in care, a family escaping \
harm).\n\n\
**How to fix it:** use a photo without the child on the shared post, or stop sharing the post \
there (remove the purpose from `shared_to`). If the parents have agreed, record it in the \
register's column for that purpose and export it again.",
    },
    RuleMeta {
        id: REGISTER_STALE,
        severity: Severity::Warning,
        summary: "The consent register export is older than the school allows (30 days unless set).",
        explanation: "The register's export date (from a \"Date exported\" or \"Report date\" column, \
from `exported` under [register] in schoolgate.toml, or else from the file's modified time) is more \
than `max_age_days` (default 30) before today.\n\n\
**Why it matters:** parents may withdraw consent at any time, and schools' image policies say to \
check the latest records before using a photo. An old export can still say \"yes\" for a child whose \
parents have since said no.\n\n\
**How to fix it:** run the consent report in the MIS again, export it in the same format, and \
replace the register file (update `exported` under [register] if that is where the date comes \
from). If the school reviews consent less often on purpose, raise `max_age_days`.",
    },
];

/// One name attached to the photo, and where it was written.
struct PhotoTag<'a> {
    value: &'a str,
    source: TagSource,
    /// The shortcode that gave it, for tags from the page.
    written_at: Option<&'a SourceRef>,
}

pub fn check_asset(asset: &Asset, usage: &PhotoUsage, ctx: &AuditContext, out: &mut Vec<Finding>) {
    let Some(register) = &ctx.register else {
        return;
    };
    if !asset.kind.shows_people() {
        return;
    }
    let first = out.len();
    check_tags(asset, usage, ctx, register, out);
    // Videos are checked exactly like photos: say "video" where it is one.
    if asset.kind == AssetKind::Video {
        for f in &mut out[first..] {
            f.message = f.message.replace("The photo ", "The video ");
        }
    }
}

fn check_tags(
    asset: &Asset,
    usage: &PhotoUsage,
    ctx: &AuditContext,
    register: &crate::register::ConsentRegister,
    out: &mut Vec<Finding>,
) {
    let used = usage.get(&asset.url);
    let tags = photo_tags(asset, used);
    // pupil index → the tags that named them
    let mut refused: BTreeMap<usize, Vec<&PhotoTag<'_>>> = BTreeMap::new();
    // every pupil the photo is tagged with, for the purposes of shared pages
    let mut shown: BTreeMap<usize, Vec<&PhotoTag<'_>>> = BTreeMap::new();
    let mut unknown: Vec<&PhotoTag<'_>> = Vec::new();
    let mut unknown_ids: Vec<&PhotoTag<'_>> = Vec::new();
    for tag in &tags {
        let by_id = tag.source.is_person_field() || crate::names::keyword_may_be_id(tag.value);
        let matches = ctx.names.match_tag_all(tag.value, by_id);
        if matches.is_empty() {
            if looks_like_pupil_id(tag.value, register, tag.source.is_person_field()) {
                if !unknown_ids.iter().any(|u| same_tag(u.value, tag.value)) {
                    unknown_ids.push(tag);
                }
            } else if tag.source.is_person_field() && !unknown.iter().any(|u| same_tag(u.value, tag.value)) {
                unknown.push(tag);
            }
            continue;
        }
        for m in matches {
            if let TagMatch::Pupil(i) = m
                && let Some(pupil) = register.pupils.get(i)
            {
                if !pupil.may_use_photo_for(register.purpose, ctx.today) {
                    refused.entry(i).or_default().push(tag);
                }
                shown.entry(i).or_default().push(tag);
            }
        }
    }

    // File and page names can themselves spell a child's name: redact those.
    let safe_url = ctx.names.redact_path(&asset.url);
    let file = crate::site::file_name(&safe_url);
    for tag in unknown {
        let location = Location::asset(&asset.url, tag.written_at.or(asset.source.as_ref()));
        out.push(
            Finding::new(
                UNKNOWN_PERSON_TAG,
                Severity::Warning,
                location,
                format!(
                    "The photo {file} has a people tag ({}, initials {}) that matches nobody on the consent register or the staff list.",
                    tag.source.describe(),
                    initials(tag.value)
                ),
                "Tag people with their full name (or register id), spelt as on the register; or add the person to the consent register or the staff list.",
            )
            .with_private_detail(format!("Tag \"{}\" in {} of {}", tag.value, tag.source.describe(), asset.url)),
        );
    }

    for tag in unknown_ids {
        let location = Location::asset(&asset.url, tag.written_at.or(asset.source.as_ref()));
        out.push(
            Finding::new(
                UNKNOWN_PUPIL_ID,
                Severity::Error,
                location,
                format!(
                    "The photo {file} is tagged with the pupil id {} ({}), which is not on the consent register, so the child's consent is unknown.",
                    tag.value.trim(),
                    tag.source.describe()
                ),
                "Export the register again with every pupil (a filtered or old export misses children), or correct the id in the tag.",
            )
            .with_private_detail(format!("Id \"{}\" in {} of {}", tag.value, tag.source.describe(), asset.url)),
        );
    }

    shared_without_consent(asset, used, &shown, register, ctx, file, out);
    if refused.is_empty() {
        return;
    }
    let shown_on = &used.pages;
    let where_shown = match shown_on.len() {
        0 => "No page shows it, but the file is published and can be found.".to_string(),
        _ => format!(
            "It is shown on {}.",
            shown_on.iter().map(|p| ctx.names.redact_path(&p.url)).collect::<Vec<_>>().join(", ")
        ),
    };
    for (i, tags) in refused {
        let pupil = &register.pupils[i];
        let why = why_not(pupil, register.purpose, ctx);
        let from_page = tags.iter().find_map(|t| t.written_at);
        let (page, source) = match shown_on.first() {
            Some(p) => (Some(p.url.clone()), from_page.or(p.source.as_ref())),
            None => (None, from_page.or(asset.source.as_ref())),
        };
        let location = Location { page, asset: Some(asset.url.clone()), source: source.map(Into::into) };
        let tagged_in: Vec<String> =
            tags.iter().map(|t| format!("\"{}\" in {}", t.value, t.source.describe())).collect();
        out.push(
            Finding::new(
                PHOTO_WITHOUT_CONSENT,
                Severity::Error,
                location,
                format!("The photo {file} is tagged with {}, {why}. {where_shown}", pupil.safe_label()),
                "Take the photo off the page (or use one without this child). If the parents have agreed, record it in the consent register; if the tag is wrong, fix it in the photo.",
            )
            .with_private_detail(format!(
                "{} (id {}, register row {}) tagged as {}",
                pupil.full_name(),
                pupil.id,
                pupil.row,
                tagged_in.join("; ")
            )),
        );
    }
}

/// "whose consent for photos on social media expired on …" / "who has no consent for …".
fn why_not(pupil: &crate::register::Pupil, purpose: Purpose, ctx: &AuditContext) -> String {
    let what = match purpose {
        Purpose::Website => "website photos".to_string(),
        p => format!("photos in {}", p.describe()),
    };
    match pupil.expires {
        Some(d) if pupil.consent_for(purpose) == crate::register::Consent::Granted && d < ctx.today => {
            format!("whose consent for {what} expired on {}", d.format("%d/%m/%Y"))
        }
        _ => format!("who has no consent for {what}"),
    }
}

/// Pupils shown on pages that are also shared elsewhere (`shared_to`) need
/// consent for each of those purposes: one finding per pupil and purpose,
/// listing the pages shared for it.
fn shared_without_consent(
    asset: &Asset,
    used: &PhotoUse,
    shown: &BTreeMap<usize, Vec<&PhotoTag<'_>>>,
    register: &crate::register::ConsentRegister,
    ctx: &AuditContext,
    file: &str,
    out: &mut Vec<Finding>,
) {
    for purpose in Purpose::ALL {
        // The site's own purpose is the main consent check's.
        if purpose == register.purpose {
            continue;
        }
        let pages: Vec<&crate::audit::photo_usage::PhotoPage> =
            used.pages.iter().filter(|p| p.shared_to.contains(&purpose)).collect();
        let Some(first) = pages.first() else { continue };
        let no_column = !register.purpose_columns.contains(&purpose);
        for (&i, tags) in shown {
            let pupil = &register.pupils[i];
            if pupil.may_use_photo_for(purpose, ctx.today) {
                continue;
            }
            let why = if no_column {
                format!(
                    "and the consent register has no column for {} ({}), so no pupil's consent for it is recorded",
                    purpose.describe(),
                    purpose.field().describe()
                )
            } else {
                why_not(pupil, purpose, ctx)
            };
            let page_list: Vec<String> = pages.iter().map(|p| ctx.names.redact_path(&p.url)).collect();
            let from_page = tags.iter().find_map(|t| t.written_at);
            let location = Location {
                page: Some(first.url.clone()),
                asset: Some(asset.url.clone()),
                source: from_page.or(first.source.as_ref()).map(Into::into),
            };
            let tagged_in: Vec<String> =
                tags.iter().map(|t| format!("\"{}\" in {}", t.value, t.source.describe())).collect();
            out.push(
                Finding::new(
                    SHARED_WITHOUT_CONSENT,
                    Severity::Error,
                    location,
                    format!(
                        "{} shared to {} (`shared_to = [\"{}\"]`) shows the photo {file}, tagged with {}, {why}.",
                        match page_list.len() {
                            1 => format!("The page {}, which is", page_list[0]),
                            _ => format!("The pages {}, which are", page_list.join(", ")),
                        },
                        purpose.describe(),
                        purpose.key(),
                        pupil.safe_label(),
                    ),
                    format!(
                        "Use a photo without this child on the shared page, or take \"{}\" out of the page's shared_to. If the parents have agreed, record it in the register's {} column and export it again.",
                        purpose.key(),
                        purpose.field().describe()
                    ),
                )
                .with_private_detail(format!(
                    "{} (id {}, register row {}) tagged as {}; not consented for {}",
                    pupil.full_name(),
                    pupil.id,
                    pupil.row,
                    tagged_in.join("; "),
                    purpose.describe()
                )),
            );
        }
    }
}

/// Warns when the register's export is older than the school allows:
/// consent withdrawn since would not be in it.
pub fn check_register(ctx: &AuditContext, out: &mut Vec<Finding>) {
    let Some(register) = &ctx.register else { return };
    let Some(exported) = &register.exported else { return };
    let age = (ctx.today - exported.date).num_days();
    if age <= i64::from(register.max_age_days) {
        return;
    }
    let file = register.source.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let location =
        Location { page: None, asset: None, source: Some((&crate::site::SourceRef::file(&register.source)).into()) };
    let redo = match exported.from {
        crate::register::ExportedFrom::Setting => {
            " and change `exported` under [register] in schoolgate.toml to the new date"
        }
        _ => "",
    };
    out.push(Finding::new(
        REGISTER_STALE,
        Severity::Warning,
        location,
        format!(
            "The consent register {file} was exported on {} (from {}), {age} days before {}; the limit is {} days. \
             Consent withdrawn since then is not in it.",
            exported.date.format("%d/%m/%Y"),
            exported.describe_source(),
            ctx.today.format("%d/%m/%Y"),
            register.max_age_days
        ),
        format!(
            "Run the consent report in the MIS again, export it in the same format and replace {file}{redo}. \
             To allow older exports, set max_age_days under [register]."
        ),
    ));
}

/// Tags from the photo file and from every page's `people=` list for it.
fn photo_tags<'a>(asset: &'a Asset, used: &'a PhotoUse) -> Vec<PhotoTag<'a>> {
    let mut tags: Vec<PhotoTag<'a>> = asset
        .original_metadata
        .iter()
        .flat_map(|m| &m.tags)
        .map(|t| PhotoTag { value: t.value.as_str(), source: t.source, written_at: None })
        .collect();
    tags.extend(used.declared_people().map(|(value, written_at)| PhotoTag {
        value,
        source: TagSource::Content,
        written_at,
    }));
    tags.retain(|t| !t.value.trim().is_empty());
    tags
}

/// True when a tag is written like a pupil id rather than a name or a
/// keyword: a UPN (a letter and twelve digits, or the temporary form
/// ending in a letter) anywhere, or, in a field that names people, the
/// same pattern of letters and digits as the register's own ids ("1004"
/// like "1001", "HB1017" like "HB1001"). In free keywords only ids mixing
/// letters and digits count, since "2024" there is a year.
fn looks_like_pupil_id(tag: &str, register: &crate::register::ConsentRegister, person_field: bool) -> bool {
    let value = tag.trim();
    let value = value.rsplit(['|', '/', '\\']).next().unwrap_or(value).trim();
    let b = value.as_bytes();
    let upn = b.len() == 13
        && b[0].is_ascii_alphabetic()
        && b[1..12].iter().all(u8::is_ascii_digit)
        && (b[12].is_ascii_digit() || b[12].is_ascii_alphabetic());
    if upn {
        return true;
    }
    let shape = id_shape(value);
    if !shape.contains('9') || value.len() > 20 {
        return false;
    }
    if !(person_field || (shape.contains('A') && value.len() >= 4)) {
        return false;
    }
    register.pupils.iter().any(|p| id_shape(&p.id.0) == shape)
}

/// "HB1001" → "AA9999": letters and digits by kind, the rest kept.
fn id_shape(id: &str) -> String {
    id.trim()
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '9'
            } else if c.is_alphabetic() {
                'A'
            } else {
                c
            }
        })
        .collect()
}

fn same_tag(a: &str, b: &str) -> bool {
    crate::names::normalize::compact(a) == crate::names::normalize::compact(b)
}

/// "Jordan Smith" → "J.S.": enough to find the tag in a photo tool,
/// without writing a name that may be a child's into a CI log.
fn initials(value: &str) -> String {
    let letters: String =
        value.split(|c: char| !c.is_alphanumeric()).filter_map(|w| w.chars().next()).flat_map(|c| [c, '.']).collect();
    if letters.is_empty() { "none".into() } else { letters }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use chrono::NaiveDate;

    use super::*;
    use crate::config::{AuditSettings, RegisterSettings, SchoolProfile};
    use crate::metadata::{ImageMetadata, Tag};
    use crate::register::{load_register, load_staff};
    use crate::site::{Page, PhotoDeclaration, RenderedSite};

    fn fixtures() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/registers")
    }

    fn ctx(with_register: bool) -> AuditContext {
        let register = with_register.then(|| {
            let s = RegisterSettings { path: "sims-export.csv".into(), ..Default::default() };
            load_register(&s, &fixtures()).unwrap()
        });
        let staff = load_staff(&fixtures().join("staff.csv")).ok();
        AuditContext::new(
            SchoolProfile::default(),
            register,
            staff,
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            AuditSettings::default(),
        )
    }

    fn photo(url: &str, tags: &[(&str, TagSource)]) -> Asset {
        Asset {
            url: url.into(),
            kind: AssetKind::Image,
            bytes: Arc::from(&b"\xFF\xD8\xFF\xD9"[..]),
            original_metadata: Some(ImageMetadata {
                tags: tags.iter().map(|(v, s)| Tag { value: v.to_string(), source: *s, from_sidecar: false }).collect(),
                ..Default::default()
            }),
            source: Some(SourceRef::file(format!("content{url}"))),
            text: None,
            original_document: None,
        }
    }

    fn page(url: &str, html: &str, decls: Vec<PhotoDeclaration>) -> Page {
        Page {
            url: url.into(),
            html: html.into(),
            source: Some(SourceRef::file("content/news/sports-day.md")),
            photo_declarations: decls,
            shared_to: vec![],
        }
    }

    fn run(asset: &Asset, site: &RenderedSite, ctx: &AuditContext) -> Vec<Finding> {
        let mut site = site.clone();
        site.assets.push(asset.clone());
        let facts: Vec<_> = site.pages.iter().map(|p| crate::audit::PageView::parse(p).into_facts()).collect();
        let usage = PhotoUsage::build(&site, &facts);
        let mut out = Vec::new();
        check_asset(asset, &usage, ctx, &mut out);
        out
    }

    #[test]
    fn pupil_without_photo_consent_is_an_error_naming_pages_but_not_the_child() {
        let asset = photo(
            "/news/sports-day/race.jpg",
            &[
                ("Aisha Khan", TagSource::MwgRegion),
                ("Harry Patel", TagSource::XmpPersonInImage),
                ("Zoë O'Neill", TagSource::MicrosoftRegion),
                ("Sports day", TagSource::DcSubject),
            ],
        );
        let site = RenderedSite {
            pages: vec![
                page("/news/sports-day/", r#"<body><img src="race.jpg" alt="Children racing"></body>"#, vec![]),
                page("/gallery/", r#"<body><a href="/news/sports-day/race.jpg">Full size</a></body>"#, vec![]),
                page("/about/", "<body><p>race.jpg is not an image here</p></body>", vec![]),
            ],
            ..Default::default()
        };
        let out = run(&asset, &site, &ctx(true));
        assert_eq!(out.len(), 1, "{out:#?}");
        let f = &out[0];
        assert_eq!(f.rule, PHOTO_WITHOUT_CONSENT);
        assert_eq!(f.severity, Severity::Error);
        assert!(f.message.contains("Harry (Year 4)"), "{}", f.message);
        assert!(f.message.contains("/news/sports-day/, /gallery/"), "{}", f.message);
        assert!(!f.message.contains("/about/"), "{}", f.message);
        assert!(!f.message.contains("Patel"), "no surname in CI text: {}", f.message);
        assert!(f.private_detail.as_deref().unwrap().contains("Harry Patel"));
        assert_eq!(f.location.page.as_deref(), Some("/news/sports-day/"));
    }

    #[test]
    fn expired_consent_and_shortcode_people_count() {
        let asset = photo("/news/trip/coach.jpg", &[]);
        let decl = PhotoDeclaration {
            src: "/news/trip/coach.jpg".into(),
            people: vec!["1004".into(), "Aisha Khan".into()],
            no_pupils: false,
            source: Some(SourceRef::at("content/news/trip.md", 12)),
        };
        let site = RenderedSite { pages: vec![page("/news/trip/", "<body></body>", vec![decl])], ..Default::default() };
        let out = run(&asset, &site, &ctx(true));
        assert_eq!(out.len(), 1, "{out:#?}");
        assert!(
            out[0].message.contains("Oliver (Year 6)") && out[0].message.contains("expired on 31/07/2025"),
            "{}",
            out[0].message
        );
        let src = out[0].location.source.as_ref().unwrap();
        assert_eq!((src.path.as_str(), src.line), ("content/news/trip.md", Some(12)));
    }

    #[test]
    fn unknown_person_tags_warn_but_keywords_and_staff_do_not() {
        let asset = photo(
            "/news/a.jpg",
            &[
                ("Jordan Smith", TagSource::XmpPersonInImage),
                ("Jordan Smith", TagSource::MwgRegion),
                ("Mrs Amelia Jones", TagSource::MwgRegion),
                ("Rainbow Class", TagSource::DcSubject),
                ("2024", TagSource::IptcKeyword),
            ],
        );
        let out = run(&asset, &RenderedSite::default(), &ctx(true));
        assert_eq!(out.len(), 1, "{out:#?}");
        assert_eq!(out[0].rule, UNKNOWN_PERSON_TAG);
        assert!(out[0].message.contains("J.S.") && !out[0].message.contains("Jordan"), "{}", out[0].message);
    }

    #[test]
    fn unknown_pupil_ids_are_errors_but_years_and_keywords_are_not() {
        let asset = photo(
            "/news/a.jpg",
            &[
                ("A999999999999", TagSource::MwgRegion),
                ("1099", TagSource::XmpPersonInImage),
                ("1001", TagSource::XmpPersonInImage),
                ("Year 6", TagSource::DcSubject),
                ("Sports day", TagSource::DcSubject),
                ("2024", TagSource::IptcKeyword),
                ("People|A123456789012", TagSource::HierarchicalKeyword),
            ],
        );
        let out = run(&asset, &RenderedSite::default(), &ctx(true));
        let ids: Vec<&str> = out.iter().filter(|f| f.rule == UNKNOWN_PUPIL_ID).map(|f| f.message.as_str()).collect();
        assert_eq!(ids.len(), 3, "{out:#?}");
        assert!(ids.iter().any(|m| m.contains("A999999999999")), "{ids:?}");
        assert!(ids.iter().any(|m| m.contains("1099")), "{ids:?}");
        assert!(ids.iter().any(|m| m.contains("A123456789012")), "{ids:?}");
        assert!(out.iter().all(|f| f.rule != UNKNOWN_PERSON_TAG), "{out:#?}");
    }

    #[test]
    fn register_ids_written_as_keywords_name_the_child_but_years_do_not() {
        // Harry: admission number 1002 (the id) and UPN A100000000002 (another id column).
        for (keyword, source) in [
            ("A100000000002", TagSource::IptcKeyword),
            ("1002", TagSource::IptcKeyword),
            ("A100000000002", TagSource::ExifXpKeywords),
            ("Pupils|A100000000002", TagSource::HierarchicalKeyword),
        ] {
            let out = run(&photo("/news/a.jpg", &[(keyword, source)]), &RenderedSite::default(), &ctx(true));
            assert_eq!(out.len(), 1, "{keyword}: {out:#?}");
            assert_eq!(out[0].rule, PHOTO_WITHOUT_CONSENT, "{keyword}");
            assert!(out[0].message.contains("Harry (Year 4)"), "{}", out[0].message);
        }
        // Decoys: years and class names beside a consented child's UPN.
        let asset = photo(
            "/news/b.jpg",
            &[
                ("2024", TagSource::IptcKeyword),
                ("1999", TagSource::DcSubject),
                ("Year 4", TagSource::IptcKeyword),
                ("A100000000001", TagSource::IptcKeyword),
            ],
        );
        assert!(run(&asset, &RenderedSite::default(), &ctx(true)).is_empty());
    }

    #[test]
    fn messages_do_not_spell_names_through_file_names() {
        let asset = photo("/news/harry-patel/harry-patel-100m.jpg", &[("Harry Patel", TagSource::MwgRegion)]);
        let site = RenderedSite {
            pages: vec![page("/news/harry-patel/", r#"<img src="harry-patel-100m.jpg">"#, vec![])],
            ..Default::default()
        };
        let out = run(&asset, &site, &ctx(true));
        assert_eq!(out.len(), 1);
        assert!(!out[0].message.to_lowercase().contains("patel"), "{}", out[0].message);
        assert!(out[0].message.contains("shown on /news/…/"), "{}", out[0].message);
    }

    #[test]
    fn orphan_photo_is_still_reported_and_no_register_means_no_check() {
        let asset = photo("/uploads/IMG_0042.jpg", &[("Patel, Harry", TagSource::PeopleKeywordPath)]);
        let out = run(&asset, &RenderedSite::default(), &ctx(true));
        assert_eq!(out.len(), 1);
        assert!(out[0].message.contains("No page shows it"), "{}", out[0].message);
        assert!(run(&asset, &RenderedSite::default(), &ctx(false)).is_empty());
    }
}

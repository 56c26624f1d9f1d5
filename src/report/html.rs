//! The private report for the school office: one self-contained HTML file
//! (inline CSS, photos embedded) that shows everything, including the
//! private detail that names pupils and small copies of the photos concerned,
//! so the admin can see at a glance which photo and which child.
//!
//! It must never be published: the caller checks the output path with
//! [`super::ensure_outside`], and the page itself carries `noindex` and a
//! banner in case it is ever opened somewhere it should not be.
//!
//! This file gathers what the report shows; the markup is the embedded
//! template `src/report/templates/private-report.html` (see
//! [`super::templates`] for why a site cannot override it).

use std::collections::HashMap;
use std::io::Cursor;

use base64::Engine as _;
use image::codecs::jpeg::JpegEncoder;
use serde::Serialize;

use super::{
    RenderOptions, Shown, by_concern, counts_words, display_path, groups_by_urgency, rule_family, source_label,
};
use crate::audit::rules::statutory::{Evidence, Verdict, VerdictKind};
use crate::audit::rules::{approval, faces as face_rules};
use crate::audit::{AuditContext, AuditReport, PhotoUsage};
use crate::error::BuildError;
use crate::faces::Detection;
use crate::names::TagMatch;
use crate::site::{Asset, AssetKind, RenderedSite};

/// Longest side of an embedded thumbnail, in pixels.
pub const THUMBNAIL_SIZE: u32 = 240;

/// Colour of the boxes drawn round detected faces: a magenta that photos
/// rarely contain, so the boxes stand out on skin, sky and grass alike.
pub const FACE_BOX_COLOUR: [u8; 3] = [255, 0, 200];

/// Width of a face box's outline in thumbnail pixels: thick enough to
/// survive JPEG compression and to see without zooming.
const FACE_BOX_LINE: u32 = 3;

/// Rule families whose photo findings show the detected faces: the admin
/// needs to see which faces are untagged, unconsented or unapproved.
const FACE_FAMILIES: &[&str] = &["faces", "approval", "consent"];

/// What the private report shows beyond the findings: the photo facts
/// (detected faces), approvals, register and staff the audit used. The
/// audit context already holds all of it, so the report borrows it rather
/// than copying it into a second structure.
#[derive(Debug, Clone, Copy)]
pub struct PrivateExtras<'a> {
    pub ctx: &'a AuditContext,
}

/// What the `private-report.html` template shows (see
/// `src/report/templates/`). Values are plain text; the template escapes
/// them all.
#[derive(Serialize)]
struct ReportView<'a> {
    summary: String,
    version: &'a str,
    /// Counts per concern, safeguarding first: what to fix first.
    concerns: Vec<ConcernView>,
    groups: Vec<GroupView<'a>>,
    /// `None` when the school does not require photo approval.
    pending: Option<Vec<PendingView<'a>>>,
    evidence: &'a [Evidence],
    /// The statutory table, grouped found / missing / out of date.
    statutory: Vec<VerdictGroup<'a>>,
}

/// One group of the statutory table in the private report.
#[derive(Serialize)]
struct VerdictGroup<'a> {
    /// "Found", "Missing", "Out of date".
    heading: String,
    /// `found`, `missing`, `out-of-date`: the row colour.
    kind: &'static str,
    rows: Vec<&'a Verdict>,
}

#[derive(Serialize)]
struct ConcernView {
    heading: &'static str,
    /// `error`, `warning` or `info`: the worst severity, for the colour.
    worst: &'static str,
    counts: String,
    families: Vec<(&'static str, String)>,
}

#[derive(Serialize)]
struct GroupView<'a> {
    heading: String,
    findings: Vec<FindingView<'a>>,
}

#[derive(Serialize)]
struct FindingView<'a> {
    severity: &'static str,
    photo: Option<PhotoView<'a>>,
    message: &'a str,
    detail: Option<&'a str>,
    /// The file to edit, `path:line`.
    file: Option<String>,
    /// The photo or file, when the finding is about one on a page.
    asset: Option<&'a str>,
    help: &'a str,
    /// The other pages showing the same finding.
    also_on: Option<String>,
    rule: &'a str,
}

/// A thumbnail with the photo's file name and address.
#[derive(Serialize)]
struct PhotoView<'a> {
    data: String,
    name: &'a str,
    url: &'a str,
}

impl<'a> PhotoView<'a> {
    fn new(url: &'a str, data: String) -> Self {
        PhotoView { data, name: crate::site::file_name(url), url }
    }
}

/// Builds the private HTML report. Shows `private_detail`; never publish it.
pub fn private_html_report(
    report: &AuditReport,
    site: &RenderedSite,
    opts: &RenderOptions,
) -> Result<String, BuildError> {
    private_html_report_with(report, site, opts, None)
}

/// [`private_html_report`] with what the audit knew about the photos: face
/// boxes on the thumbnails of photo findings, and (when the school requires
/// photo approval) the list of photos still awaiting approval.
pub fn private_html_report_with(
    report: &AuditReport,
    site: &RenderedSite,
    opts: &RenderOptions,
    extras: Option<PrivateExtras<'_>>,
) -> Result<String, BuildError> {
    let thumbnails = thumbnails(report, site, extras);
    let groups = groups_by_urgency(&report.findings)
        .into_iter()
        .map(|(group, findings)| {
            let findings = findings.into_iter().map(|shown| finding_view(&shown, &thumbnails, opts)).collect();
            GroupView { heading: group.heading(), findings }
        })
        .collect();
    let concerns = by_concern(&report.findings)
        .into_iter()
        .map(|t| ConcernView {
            heading: t.concern.heading(),
            worst: if t.total.errors > 0 {
                "error"
            } else if t.total.warnings > 0 {
                "warning"
            } else {
                "info"
            },
            counts: counts_words(t.total),
            families: t.families.into_iter().map(|(name, c)| (name, counts_words(c))).collect(),
        })
        .collect();
    let pending = extras
        .filter(|e| e.ctx.settings.require_photo_approval)
        .map(|e| pending(site, &report.photo_usage, e.ctx, opts));
    let view = ReportView {
        summary: super::terminal::summary_line(report, opts),
        version: &opts.tool_version,
        concerns,
        groups,
        pending,
        evidence: &report.evidence,
        statutory: verdict_groups(&report.statutory),
    };
    super::templates::render("private-report.html", &view)
}

/// The statutory verdicts grouped as the terminal shows them, found first
/// (what the school can check), then what needs doing.
fn verdict_groups(verdicts: &[Verdict]) -> Vec<VerdictGroup<'_>> {
    [
        (VerdictKind::Found, "found"),
        (VerdictKind::Missing, "missing"),
        (VerdictKind::OutOfDate, "out-of-date"),
        (VerdictKind::NotChecked, "not-checked"),
    ]
    .into_iter()
    .filter_map(|(k, kind)| {
        let rows: Vec<&Verdict> = verdicts.iter().filter(|v| v.verdict == k).collect();
        let word = k.word();
        let heading = word[..1].to_uppercase() + &word[1..];
        (!rows.is_empty()).then_some(VerdictGroup { heading, kind, rows })
    })
    .collect()
}

fn finding_view<'a>(shown: &Shown<'a>, thumbnails: &HashMap<&str, String>, opts: &RenderOptions) -> FindingView<'a> {
    let f = shown.finding;
    // The private report shows real addresses, which may spell a name.
    let location = f.real_location();
    let photo = location
        .asset
        .as_deref()
        .and_then(|asset| thumbnails.get(asset).map(|data| PhotoView::new(asset, data.clone())));
    FindingView {
        severity: f.severity.as_str(),
        photo,
        message: &f.message,
        detail: f.private_detail.as_deref(),
        file: source_label(location, opts.root.as_deref()),
        asset: location.page.as_ref().and(location.asset.as_deref()),
        help: &f.help,
        also_on: shown.also_on(true),
        rule: f.rule,
    }
}

/// Small JPEG copies of every image a finding names, as `data:` URIs, keyed
/// by asset URL. Images that cannot be decoded are simply left out. When a
/// photo with detected faces has a faces, approval or consent finding, its
/// thumbnail shows a box round each face.
fn thumbnails<'a>(
    report: &'a AuditReport,
    site: &RenderedSite,
    extras: Option<PrivateExtras<'_>>,
) -> HashMap<&'a str, String> {
    let mut boxed: Vec<&str> = Vec::new();
    for f in &report.findings {
        if let Some(url) = f.real_location().asset.as_deref()
            && FACE_FAMILIES.contains(&rule_family(f.rule))
        {
            boxed.push(url);
        }
    }
    let mut out = HashMap::new();
    for f in &report.findings {
        let Some(url) = f.real_location().asset.as_deref() else {
            continue;
        };
        if out.contains_key(url) {
            continue;
        }
        let Some(asset) = site.assets.iter().find(|a| a.url == url && a.kind == AssetKind::Image) else {
            continue;
        };
        let faces = boxed.contains(&url).then(|| detection(extras, url)).flatten();
        if let Some(data) = thumbnail_with_faces(&asset.bytes, faces) {
            out.insert(url, data);
        }
    }
    out
}

/// The faces detected in a photo, when there are any.
fn detection<'a>(extras: Option<PrivateExtras<'a>>, url: &str) -> Option<&'a Detection> {
    let d = extras?.ctx.photos.as_ref()?.get(url)?.faces.as_ref()?;
    (!d.faces.is_empty() && d.width > 0 && d.height > 0).then_some(d)
}

/// Downscales an image to fit [`THUMBNAIL_SIZE`], draws a box round each
/// detected face, and encodes it as a JPEG `data:` URI.
/// The boxes are drawn into the pixels, not overlaid with markup, so they
/// stay with the photo when it is copied, printed or saved.
fn thumbnail_with_faces(bytes: &[u8], faces: Option<&Detection>) -> Option<String> {
    let _permit = crate::images::pixels::reserve(bytes).ok()?;
    let img = image::load_from_memory(bytes).ok()?;
    let mut small = img.thumbnail(THUMBNAIL_SIZE, THUMBNAIL_SIZE).to_rgb8();
    if let Some(d) = faces {
        draw_face_boxes(&mut small, d);
    }
    encode_data_uri(&small)
}

/// Draws each face box of `d` (in the detected photo's coordinates) onto
/// `img`, scaled to its size.
fn draw_face_boxes(img: &mut image::RgbImage, d: &Detection) {
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return;
    }
    let sx = f64::from(w) / f64::from(d.width);
    let sy = f64::from(h) / f64::from(d.height);
    let colour = image::Rgb(FACE_BOX_COLOUR);
    for face in &d.faces {
        let scale = |v: u32, s: f64, max: u32| ((f64::from(v) * s).round() as u32).min(max - 1);
        let x0 = scale(face.x, sx, w);
        let y0 = scale(face.y, sy, h);
        let x1 = scale(face.x.saturating_add(face.width), sx, w).max(x0);
        let y1 = scale(face.y.saturating_add(face.height), sy, h).max(y0);
        for y in y0..=y1 {
            for x in x0..=x1 {
                let on_edge = x < x0 + FACE_BOX_LINE
                    || x + FACE_BOX_LINE > x1
                    || y < y0 + FACE_BOX_LINE
                    || y + FACE_BOX_LINE > y1;
                if on_edge {
                    img.put_pixel(x, y, colour);
                }
            }
        }
    }
}

/// One photo awaiting approval, as the report lists it.
#[derive(Serialize)]
struct PendingView<'a> {
    photo: Option<PhotoView<'a>>,
    /// The original photo's path as `schoolgate approve` takes it.
    file: String,
    /// Why it needs approval (faces, pupils tagged).
    why: String,
    /// Who is tagged, full names (this report is private).
    people: String,
    /// The pages that show it.
    pages: String,
    /// The command that approves it.
    command: String,
}

/// The "Photos awaiting approval" section: every published photo that shows
/// pupils and has no approval for its exact bytes, with who is in it (full
/// names: this report is private), where it is used and the command that
/// approves it.
fn pending<'a>(
    site: &'a RenderedSite,
    usage: &PhotoUsage,
    ctx: &AuditContext,
    opts: &RenderOptions,
) -> Vec<PendingView<'a>> {
    let root = opts.root.as_deref();
    let mut pending: Vec<(&Asset, approval::ShowsPupils, String)> = site
        .assets
        .iter()
        .filter_map(|asset| {
            let why = approval::shows_pupils(asset, usage, ctx)?;
            if ctx.approvals.is_approved(&approval::photo_hash(asset, ctx), ctx.staff.as_ref()) {
                return None;
            }
            let file = match &asset.source {
                Some(s) => display_path(&s.path.to_string_lossy(), root),
                None => asset.url.trim_start_matches('/').to_string(),
            };
            Some((asset, why, file))
        })
        .collect();
    pending.sort_by(|a, b| a.2.cmp(&b.2));
    let root_arg = match root {
        Some(r) if !r.as_os_str().is_empty() && r != std::path::Path::new(".") => {
            format!(" --root {}", shell_quote(&r.display().to_string()))
        }
        _ => String::new(),
    };
    pending
        .into_iter()
        .map(|(asset, why, file)| {
            let faces = detection(Some(PrivateExtras { ctx }), &asset.url);
            let photo = thumbnail_with_faces(&asset.bytes, faces).map(|data| PhotoView::new(&asset.url, data));
            let people = people_shown(asset, usage, ctx);
            let people = if people.is_empty() { "nobody is tagged".to_string() } else { people.join("; ") };
            let pages: Vec<String> = usage.get(&asset.url).pages.iter().map(|page| page.url.clone()).collect();
            let pages = if pages.is_empty() { "no page (but published)".to_string() } else { pages.join(", ") };
            let command = format!("schoolgate approve {} --by \"Your Name\"{root_arg}", shell_quote(&file));
            PendingView { photo, file, why: why.to_string(), people, pages, command }
        })
        .collect()
}

/// The people tagged in a photo, pupils by full name and year group, staff
/// by name, anyone the register does not know as tagged.
fn people_shown(asset: &Asset, usage: &PhotoUsage, ctx: &AuditContext) -> Vec<String> {
    face_rules::photo_people(asset, usage.get(&asset.url))
        .names
        .iter()
        .map(|tag| {
            let found = ctx.names.match_tag_all(tag, true).into_iter().find_map(|m| match m {
                TagMatch::Pupil(i) => ctx.register.as_ref()?.pupils.get(i).map(|p| match &p.year {
                    Some(y) => format!("{} ({}, pupil)", p.full_name(), y.0),
                    None => format!("{} (pupil)", p.full_name()),
                }),
                TagMatch::Staff(i) => {
                    ctx.staff.as_ref()?.members.get(i).map(|m| format!("{} {} (staff)", m.forename, m.surname))
                }
                TagMatch::Unknown => None,
            });
            found.unwrap_or_else(|| format!("{tag} (not on the register)"))
        })
        .collect()
}

/// Quotes a path for a shell command line when it needs it.
fn shell_quote(s: &str) -> String {
    if s.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c)) {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Encodes a thumbnail as a base64 JPEG `data:` URI.
fn encode_data_uri(small: &image::RgbImage) -> Option<String> {
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(Cursor::new(&mut jpeg), 75).encode_image(small).ok()?;
    Some(format!("data:image/jpeg;base64,{}", base64::engine::general_purpose::STANDARD.encode(&jpeg)))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{opts, report};
    use super::*;
    use crate::site::Asset;
    use std::sync::Arc;

    fn photo(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut buf = Vec::new();
        img.write_to(&mut Cursor::new(&mut buf), image::ImageFormat::Png).unwrap();
        buf
    }

    fn site_with_photo() -> RenderedSite {
        RenderedSite {
            base_url: None,
            pages: vec![],
            assets: vec![Asset {
                url: "/news/sports-day/race.jpg".into(),
                kind: AssetKind::Image,
                bytes: Arc::from(photo(800, 600)),
                original_metadata: None,
                source: None,
                text: None,
                original_document: None,
            }],
            ..Default::default()
        }
    }

    #[test]
    fn shows_private_detail_thumbnail_and_evidence() {
        let html = private_html_report(&report(), &site_with_photo(), &opts()).unwrap();
        assert!(html.contains("PRIVATE – contains pupils' names – do not publish"));
        assert!(html.contains("noindex"));
        assert!(html.contains("Harry Patel (Y4, id P1234)"), "private detail shown");
        // Escaped, never raw markup from a message.
        assert!(html.contains("&lt;Harry&gt; &amp; friends"));
        assert!(!html.contains("<Harry>"));
        // Most urgent first: the page with an unconsented child leads, the
        // whole site's missing statement (statutory) comes after it.
        assert!(html.contains("<h2 id=\"g0\">Page /news/sports-day/</h2>"), "{html}");
        assert!(html.contains("<h2 id=\"g1\">Whole site</h2>"));
        let urgent = &html[html.find("Most urgent first").unwrap()..html.find("id=\"g0\"").unwrap()];
        let safeguarding = urgent.find("Safeguarding").expect("safeguarding row");
        let statutory = urgent.find("Statutory").expect("statutory row");
        assert!(safeguarding < statutory, "{urgent}");
        assert!(urgent.contains("consent: 1 error"), "{urgent}");
        assert!(html.contains("<th scope=\"row\">admissions</th><td>/about/admissions/</td>"));
        assert!(!html.contains("<link") && !html.contains("<script"), "self-contained");

        // One thumbnail, decodable, at most 240 px.
        assert_eq!(html.matches("data:image/jpeg;base64,").count(), 1);
        let start = html.find("data:image/jpeg;base64,").unwrap() + "data:image/jpeg;base64,".len();
        let end = start + html[start..].find('"').unwrap();
        let jpeg = base64::engine::general_purpose::STANDARD.decode(&html[start..end]).unwrap();
        let thumb = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (240, 180));
        assert!(html.contains("alt=\"The photo race.jpg\""));
    }

    #[test]
    fn face_boxes_are_scaled_to_the_thumbnail() {
        use crate::faces::FaceBox;
        // Detected on a 1600×1200 photo; the thumbnail is 240×180 (scale 0.15).
        let face = FaceBox { x: 400, y: 200, width: 400, height: 400, score: 5.0 };
        let d = Detection { width: 1600, height: 1200, faces: vec![face] };
        let mut img = image::RgbImage::new(240, 180);
        draw_face_boxes(&mut img, &d);
        let boxed = image::Rgb(FACE_BOX_COLOUR);
        // Corners of the box at (60, 30)–(120, 90), and its edges' midpoints.
        for (x, y) in [(60, 30), (120, 90), (90, 30), (60, 60), (120, 60), (90, 90)] {
            assert_eq!(*img.get_pixel(x, y), boxed, "({x}, {y})");
        }
        // Inside and outside the box are untouched.
        for (x, y) in [(90, 60), (59, 29), (121, 91), (10, 10)] {
            assert_ne!(*img.get_pixel(x, y), boxed, "({x}, {y})");
        }
    }

    #[test]
    fn undecodable_photos_are_skipped() {
        let mut site = site_with_photo();
        site.assets[0].bytes = Arc::from(&b"not an image"[..]);
        let html = private_html_report(&report(), &site, &opts()).unwrap();
        assert!(!html.contains("data:image"));
        assert!(html.contains("The photo race.jpg shows Harry"));
    }
}

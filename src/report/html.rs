//! The private report for the school office: one self-contained HTML file
//! (inline CSS, photos embedded) that shows everything, including the
//! private detail that names pupils and small copies of the photos concerned,
//! so the admin can see at a glance which photo and which child.
//!
//! It must never be published: the caller checks the output path with
//! [`super::ensure_outside`], and the page itself carries `noindex` and a
//! banner in case it is ever opened somewhere it should not be.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Cursor;

use base64::Engine as _;
use image::codecs::jpeg::JpegEncoder;

use super::xml::{escape, escape_text};
use super::{Group, RenderOptions, display_path, rule_family, source_label};
use crate::audit::rules::{approval, faces as face_rules};
use crate::audit::{AuditContext, AuditReport, Finding, PhotoUsage};
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

const CSS: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1a1a1a;background:#fff;line-height:1.5}\
main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem 3rem}\
.private{background:#8b0000;color:#fff;padding:1rem 1.5rem;font-size:1.15rem;border-bottom:.4rem solid #000}\
.private p{margin:0;max-width:60rem;margin:0 auto}\
h1{font-size:1.8rem}h2{font-size:1.35rem;margin-top:2.5rem;border-bottom:2px solid #444}\
ul.findings{list-style:none;padding:0}\
li.finding{border:1px solid #888;border-left-width:.6rem;padding:.75rem 1rem;margin:1rem 0;overflow:auto}\
li.error{border-left-color:#b00020}li.warning{border-left-color:#a35a00}li.info{border-left-color:#00588a}\
.sev{font-weight:700;text-transform:uppercase;margin-right:.5rem}\
.error .sev{color:#b00020}.warning .sev{color:#8a4b00}.info .sev{color:#00588a}\
.message,.detail,.help{white-space:pre-line;margin:.3rem 0}\
.detail{background:#fff4d6;border:1px dashed #a35a00;padding:.4rem .6rem}\
.meta{color:#444;font-size:.9rem;margin:.2rem 0}\
figure{float:right;margin:0 0 .5rem 1rem}figure img{display:block;max-width:240px;height:auto;border:1px solid #444}\
figcaption{font-size:.8rem;color:#444;max-width:240px;word-break:break-all}\
table{border-collapse:collapse;width:100%}th,td{border:1px solid #888;padding:.4rem .6rem;text-align:left;vertical-align:top}\
a{color:#0645ad}a:focus{outline:3px solid #ffbf47}\
@media print{.private{background:none;color:#000;border:3px solid #000}}";

/// Builds the private HTML report. Shows `private_detail`; never publish it.
pub fn private_html_report(report: &AuditReport, site: &RenderedSite, opts: &RenderOptions) -> String {
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
) -> String {
    let thumbnails = thumbnails(report, site, extras);
    let mut groups: BTreeMap<Group, Vec<&Finding>> = BTreeMap::new();
    for f in &report.findings {
        groups.entry(Group::of(f)).or_default().push(f);
    }

    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"robots\" content=\"noindex, nofollow, noarchive\">\n");
    out.push_str("<title>PRIVATE – Schoolgate audit report</title>\n");
    let _ = writeln!(out, "<style>{CSS}</style>\n</head>\n<body>");
    out.push_str(
        "<header class=\"private\"><p><strong>PRIVATE – contains pupils' names – do not publish.</strong> \
         Keep this file on the school's own computers. Do not upload it to the website, \
         email it outside the school or print it for display.</p></header>\n<main>\n",
    );
    out.push_str("<h1>Website audit report</h1>\n");
    let _ = writeln!(out, "<p><strong>{}</strong></p>", escape(&super::terminal::summary_line(report, opts)));
    let _ = writeln!(out, "<p class=\"meta\">Schoolgate {}</p>", escape(&opts.tool_version));

    if !groups.is_empty() {
        out.push_str("<nav aria-labelledby=\"contents\">\n<h2 id=\"contents\">Where the problems are</h2>\n<ul>\n");
        for (i, (group, findings)) in groups.iter().enumerate() {
            let _ = writeln!(out, "<li><a href=\"#g{i}\">{}</a> ({})</li>", escape(&group.heading()), findings.len());
        }
        out.push_str("</ul>\n</nav>\n");
    }

    for (i, (group, mut findings)) in groups.into_iter().enumerate() {
        findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.rule.cmp(b.rule)));
        let _ = writeln!(out, "<section aria-labelledby=\"g{i}\">\n<h2 id=\"g{i}\">{}</h2>", escape(&group.heading()));
        out.push_str("<ul class=\"findings\">\n");
        for f in findings {
            write_finding(&mut out, f, &thumbnails, opts);
        }
        out.push_str("</ul>\n</section>\n");
    }

    if let Some(extras) = extras
        && extras.ctx.settings.require_photo_approval
    {
        write_pending(&mut out, site, &report.photo_usage, extras.ctx, opts);
    }

    out.push_str("<section aria-labelledby=\"evidence\">\n<h2 id=\"evidence\">Statutory information found</h2>\n");
    if report.evidence.is_empty() {
        out.push_str("<p>No statutory items were recognised on the site.</p>\n");
    } else {
        out.push_str(
            "<table>\n<caption>Each item the school must publish, and the page or document that shows it.</caption>\n\
             <thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Found on</th><th scope=\"col\">Why it counts</th></tr></thead>\n<tbody>\n",
        );
        for e in &report.evidence {
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
                escape(&e.item),
                escape(&e.url),
                escape(&e.reason)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n</main>\n</body>\n</html>\n");
    out
}

fn write_finding(out: &mut String, f: &Finding, thumbnails: &HashMap<&str, String>, opts: &RenderOptions) {
    let sev = f.severity.as_str();
    let _ = writeln!(out, "<li class=\"finding {sev}\">");
    // The private report shows real addresses, which may spell a name.
    let location = f.real_location();
    if let Some(asset) = location.asset.as_deref()
        && let Some(data) = thumbnails.get(asset)
    {
        let name = asset.rsplit('/').next().unwrap_or(asset);
        let _ = writeln!(
            out,
            "<figure><img src=\"{data}\" alt=\"The photo {}\"><figcaption>{}</figcaption></figure>",
            escape(name),
            escape(asset)
        );
    }
    let _ = writeln!(out, "<p class=\"message\"><span class=\"sev\">{sev}</span>{}</p>", escape_text(&f.message));
    if let Some(detail) = &f.private_detail {
        let _ = writeln!(out, "<p class=\"detail\"><strong>Private detail:</strong> {}</p>", escape_text(detail));
    }
    if let Some(at) = source_label(location, opts.root.as_deref()) {
        let _ = writeln!(out, "<p class=\"meta\">File to edit: <code>{}</code></p>", escape(&at));
    }
    if let (Some(_), Some(asset)) = (&location.page, &location.asset) {
        let _ = writeln!(out, "<p class=\"meta\">Photo or file: <code>{}</code></p>", escape(asset));
    }
    if !f.help.is_empty() {
        let _ = writeln!(out, "<p class=\"help\"><strong>How to fix:</strong> {}</p>", escape_text(&f.help));
    }
    let _ = writeln!(out, "<p class=\"meta\">Rule: <code>{}</code></p>\n</li>", escape(f.rule));
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
struct Pending<'a> {
    asset: &'a Asset,
    why: approval::ShowsPupils,
    /// The original photo's path as `schoolgate approve` takes it.
    file: String,
}

/// The "Photos awaiting approval" section: every published photo that shows
/// pupils and has no approval for its exact bytes, with who is in it (full
/// names: this report is private), where it is used and the command that
/// approves it.
fn write_pending(out: &mut String, site: &RenderedSite, usage: &PhotoUsage, ctx: &AuditContext, opts: &RenderOptions) {
    let root = opts.root.as_deref();
    let mut pending: Vec<Pending<'_>> = site
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
            Some(Pending { asset, why, file })
        })
        .collect();
    pending.sort_by(|a, b| a.file.cmp(&b.file));

    out.push_str("<section aria-labelledby=\"pending\">\n<h2 id=\"pending\">Photos awaiting approval</h2>\n");
    if pending.is_empty() {
        out.push_str("<p>Every published photo of pupils has been approved.</p>\n</section>\n");
        return;
    }
    let _ = writeln!(
        out,
        "<p>{} photo(s) of pupils need a senior leader's approval before the site can be published. \
         Check each photo, then run the command under it (the approver must be on the staff list). \
         Editing or replacing a photo voids its approval.</p>",
        pending.len()
    );
    let root_arg = match root {
        Some(r) if !r.as_os_str().is_empty() && r != std::path::Path::new(".") => {
            format!(" --root {}", shell_quote(&r.display().to_string()))
        }
        _ => String::new(),
    };
    out.push_str("<ul class=\"findings pending\">\n");
    for p in &pending {
        out.push_str("<li class=\"finding error\">\n");
        let faces = detection(Some(PrivateExtras { ctx }), &p.asset.url);
        if let Some(data) = thumbnail_with_faces(&p.asset.bytes, faces) {
            let name = p.asset.url.rsplit('/').next().unwrap_or(&p.asset.url);
            let _ = writeln!(
                out,
                "<figure><img src=\"{data}\" alt=\"The photo {}\"><figcaption>{}</figcaption></figure>",
                escape(name),
                escape(&p.asset.url)
            );
        }
        let _ =
            writeln!(out, "<p class=\"message\"><code>{}</code> ({})</p>", escape(&p.file), escape(&p.why.to_string()));
        let people = people_shown(p.asset, usage, ctx);
        let people = if people.is_empty() { "nobody is tagged".to_string() } else { people.join("; ") };
        let _ = writeln!(out, "<p class=\"detail\"><strong>Tagged:</strong> {}</p>", escape(&people));
        let pages: Vec<String> = usage.get(&p.asset.url).pages.iter().map(|page| page.url.clone()).collect();
        let pages = if pages.is_empty() { "no page (but published)".to_string() } else { pages.join(", ") };
        let _ = writeln!(out, "<p class=\"meta\">Used on: {}</p>", escape(&pages));
        let command = format!("schoolgate approve {} --by \"Your Name\"{root_arg}", shell_quote(&p.file));
        let _ = writeln!(
            out,
            "<p class=\"help\"><strong>To approve:</strong> <code class=\"approve\">{}</code></p>\n</li>",
            escape(&command)
        );
    }
    out.push_str("</ul>\n</section>\n");
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
            }],
            ..Default::default()
        }
    }

    #[test]
    fn shows_private_detail_thumbnail_and_evidence() {
        let html = private_html_report(&report(), &site_with_photo(), &opts());
        assert!(html.contains("PRIVATE – contains pupils' names – do not publish"));
        assert!(html.contains("noindex"));
        assert!(html.contains("Harry Patel (Y4, id P1234)"), "private detail shown");
        // Escaped, never raw markup from a message.
        assert!(html.contains("&lt;Harry&gt; &amp; friends"));
        assert!(!html.contains("<Harry>"));
        assert!(html.contains("<h2 id=\"g0\">Whole site</h2>"));
        assert!(html.contains("Page /news/sports-day/"));
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
        let html = private_html_report(&report(), &site, &opts());
        assert!(!html.contains("data:image"));
        assert!(html.contains("The photo race.jpg shows Harry"));
    }
}

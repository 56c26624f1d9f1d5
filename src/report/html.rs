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
use super::{Group, RenderOptions, source_label};
use crate::audit::{AuditReport, Finding};
use crate::site::{AssetKind, RenderedSite};

/// Longest side of an embedded thumbnail, in pixels.
pub const THUMBNAIL_SIZE: u32 = 240;

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
    let thumbnails = thumbnails(report, site);
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
/// by asset URL. Images that cannot be decoded are simply left out.
fn thumbnails<'a>(report: &'a AuditReport, site: &RenderedSite) -> HashMap<&'a str, String> {
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
        if let Some(data) = thumbnail_data_uri(&asset.bytes) {
            out.insert(url, data);
        }
    }
    out
}

/// Downscales an image to fit [`THUMBNAIL_SIZE`] and encodes it as a base64
/// JPEG `data:` URI.
pub(crate) fn thumbnail_data_uri(bytes: &[u8]) -> Option<String> {
    let img = image::load_from_memory(bytes).ok()?;
    let small = img.thumbnail(THUMBNAIL_SIZE, THUMBNAIL_SIZE).to_rgb8();
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(Cursor::new(&mut jpeg), 75).encode_image(&small).ok()?;
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
    fn undecodable_photos_are_skipped() {
        let mut site = site_with_photo();
        site.assets[0].bytes = Arc::from(&b"not an image"[..]);
        let html = private_html_report(&report(), &site, &opts());
        assert!(!html.contains("data:image"));
        assert!(html.contains("The photo race.jpg shows Harry"));
    }
}

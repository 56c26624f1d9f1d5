//! Finding the addresses a page or sitemap points to.

use scraper::{Html, Selector};
use url::Url;

use crate::site::AssetKind;

/// What a link leads to, judged from its address before fetching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Probably an HTML page: crawl it.
    Page,
    /// An image, PDF or office document: fetch it for the asset checks.
    Asset(AssetKind),
}

/// Extensions that are neither pages nor files the audit reads.
const SKIPPED_EXTENSIONS: &[&str] = &[
    "css", "js", "json", "xml", "rss", "atom", "zip", "rar", "7z", "gz", "tar", "mp3", "m4a", "avi", "wmv", "webm",
    "ogg", "wav", "ico", "svg", "woff", "woff2", "ttf", "eot", "exe", "dmg", "msi", "ics", "txt", "csv",
];

/// Classifies an address: `None` for files the audit does not read.
pub fn classify(url: &Url) -> Option<Target> {
    let last = url.path().rsplit('/').next().unwrap_or("");
    let ext = match last.rsplit_once('.') {
        Some((_, ext)) => ext.to_ascii_lowercase(),
        None => return Some(Target::Page),
    };
    if SKIPPED_EXTENSIONS.contains(&ext.as_str()) {
        return None;
    }
    match AssetKind::from_path(last) {
        AssetKind::Other => Some(Target::Page),
        kind => Some(Target::Asset(kind)),
    }
}

/// Every link, image and embedded document address on a page, resolved
/// against the page's address (and its `<base href>`).
pub fn page_links(html: &str, page_url: &Url) -> Vec<Url> {
    // A page too deep to parse safely is not followed; the audit reports it
    // as not checked (`page/too-deep`).
    if crate::depth::html_depth(html).is_err() {
        return Vec::new();
    }
    let doc = Html::parse_document(html);
    let base = Selector::parse("base[href]")
        .ok()
        .and_then(|s| doc.select(&s).next().and_then(|b| b.value().attr("href")).and_then(|h| page_url.join(h).ok()))
        .unwrap_or_else(|| page_url.clone());
    let mut out = Vec::new();
    let pairs: &[(&str, &str)] = &[
        ("a[href]", "href"),
        ("area[href]", "href"),
        ("img[src]", "src"),
        ("img[data-src]", "data-src"),
        ("iframe[src]", "src"),
        // Everything the audit's broken-picture check reads (`EmbedRef`):
        // fetched, or recorded as unchecked, so it is never guessed broken.
        ("source[src]", "src"),
        ("video[src]", "src"),
        ("video[poster]", "poster"),
        ("audio[src]", "src"),
        ("input[type=image][src]", "src"),
        ("link[rel~=icon][href]", "href"),
        ("link[rel~=apple-touch-icon][href]", "href"),
        ("embed[src]", "src"),
        ("object[data]", "data"),
    ];
    for (sel, attr) in pairs {
        let Ok(selector) = Selector::parse(sel) else { continue };
        for el in doc.select(&selector) {
            if let Some(v) = el.value().attr(attr)
                && let Ok(u) = base.join(v.trim())
            {
                out.push(u);
            }
        }
    }
    if let Ok(selector) = Selector::parse("img[srcset], source[srcset], img[data-srcset], source[data-srcset]") {
        for el in doc.select(&selector) {
            let sets = [el.value().attr("srcset"), el.value().attr("data-srcset")];
            for candidate in sets.into_iter().flatten().flat_map(|set| set.split(',')) {
                if let Some(src) = candidate.split_whitespace().next()
                    && let Ok(u) = base.join(src)
                {
                    out.push(u);
                }
            }
        }
    }
    out
}

/// The `<loc>` addresses of a sitemap, and whether it is a sitemap index
/// (whose locations are further sitemaps). `None` when it is not XML at all,
/// so the crawler can say the sitemap was unreadable.
pub fn sitemap_locations(xml: &[u8]) -> Option<(Vec<Url>, bool)> {
    let text = std::str::from_utf8(xml).ok()?;
    let doc = roxmltree::Document::parse(text).ok()?;
    let index = doc.root_element().tag_name().name().eq_ignore_ascii_case("sitemapindex");
    let locs = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .filter_map(|n| n.text())
        .filter_map(|t| Url::parse(t.trim()).ok())
        .collect();
    Some((locs, index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_images_and_srcset() {
        let page = Url::parse("https://s.example/news/a/").unwrap();
        let html = r#"<base href="/news/"><a href="b/">B</a><img src="/i/x.jpg" srcset="y.jpg 1x, /z.webp 2x">
            <a href="mailto:o@s.example">mail</a><iframe src="https://other.example/v"></iframe>"#;
        let got: Vec<String> = page_links(html, &page).into_iter().map(|u| u.to_string()).collect();
        assert!(got.contains(&"https://s.example/news/b/".to_string()), "{got:?}");
        assert!(got.contains(&"https://s.example/i/x.jpg".to_string()));
        assert!(got.contains(&"https://s.example/news/y.jpg".to_string()));
        assert!(got.contains(&"https://s.example/z.webp".to_string()));
        assert!(got.contains(&"mailto:o@s.example".to_string()));
    }

    #[test]
    fn classifies_by_extension() {
        let c = |s: &str| classify(&Url::parse(s).unwrap());
        assert_eq!(c("https://s.example/about/"), Some(Target::Page));
        assert_eq!(c("https://s.example/about.php"), Some(Target::Page));
        assert_eq!(c("https://s.example/Policy.PDF"), Some(Target::Asset(AssetKind::Pdf)));
        assert_eq!(c("https://s.example/a.docx"), Some(Target::Asset(AssetKind::Document)));
        assert_eq!(c("https://s.example/a.jpeg"), Some(Target::Asset(AssetKind::Image)));
        assert_eq!(c("https://s.example/site.css"), None);
    }

    #[test]
    fn reads_sitemaps_and_indexes() {
        let xml = br#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <url><loc>https://s.example/a/</loc></url><url><loc> https://s.example/b.pdf </loc></url></urlset>"#;
        let (locs, index) = sitemap_locations(xml).unwrap();
        assert!(!index);
        assert_eq!(locs.len(), 2);
        let xml = br#"<sitemapindex><sitemap><loc>https://s.example/s1.xml</loc></sitemap></sitemapindex>"#;
        assert!(sitemap_locations(xml).unwrap().1);
        assert!(sitemap_locations(b"<not xml").is_none());
    }
}

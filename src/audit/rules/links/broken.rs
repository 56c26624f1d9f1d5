//! Links and embedded pictures that lead nowhere on the site.

use std::collections::{BTreeMap, HashSet};

use super::{BROKEN, BROKEN_IMAGE, on_other_pages};
use crate::audit::{Finding, Location, PageFacts, Severity};
use crate::site::RenderedSite;

/// Links and embedded pictures to addresses the site does not have.
///
/// An address counts as existing when a page or file has it, when it
/// redirects to one, or when the producer accounted for it without fetching
/// it (`RenderedSite::unchecked`: a crawler's trap, limit or robots.txt, or a
/// fetch that failed and was reported once by the crawler already).
/// Addresses are compared the way servers treat them: `/about`, `/about/`
/// and `/about/index.html` are one address, and the query is ignored.
pub fn check(facts: &[PageFacts], site: &RenderedSite, out: &mut Vec<Finding>) {
    let known = known_addresses(site);
    check_links(facts, &known, out);
    check_embeds(facts, &known, out);
}

/// One finding per missing address, naming how many pages link to it.
fn check_links(facts: &[PageFacts], known: &HashSet<&str>, out: &mut Vec<Finding>) {
    let missing = missing_targets(facts, known, |page| page.links.iter().filter_map(|l| l.resolved.as_deref()));
    for (url, pages) in missing {
        let first = pages[0];
        let more = on_other_pages(pages.len());
        // A link on many pages is in the menu or footer, not in one page's text.
        let (source, help) = if pages.len() > 1 {
            (
                None,
                "This link is on many pages, so it is in the site's menu or footer: set the address in schoolgate.toml under [site.extra] or correct the template, or create the page.",
            )
        } else {
            (first.source.as_ref(), "Point the link at the page's current address, or create the page.")
        };
        out.push(Finding::new(
            BROKEN,
            Severity::Warning,
            Location::page(&first.url, source),
            format!("The link to {url} on {}{more} leads to a page that does not exist.", first.url),
            help,
        ));
    }
}

/// One finding per missing picture, video, poster or icon the pages load:
/// visitors see a broken image. Only addresses on this site are judged.
fn check_embeds(facts: &[PageFacts], known: &HashSet<&str>, out: &mut Vec<Finding>) {
    let missing = missing_targets(facts, known, |page| page.embeds.iter().filter_map(|e| e.resolved.as_deref()));
    for (url, pages) in missing {
        let first = pages[0];
        let more = on_other_pages(pages.len());
        let (source, help) = if pages.len() > 1 {
            (
                None,
                "This picture is on many pages, so it is in the site's template: add the file or correct the template.",
            )
        } else {
            (first.source.as_ref(), "Add the missing file, correct the address, or take the picture off the page.")
        };
        out.push(Finding::new(
            BROKEN_IMAGE,
            Severity::Warning,
            Location::page(&first.url, source),
            format!("{url}, shown on {}{more}, does not exist: visitors see a broken picture.", first.url),
            help,
        ));
    }
}

/// Each address that `targets` of a page name and the site does not have,
/// with the pages that name it (in page order, each page once).
fn missing_targets<'a, I>(
    facts: &'a [PageFacts],
    known: &HashSet<&str>,
    targets: impl Fn(&'a PageFacts) -> I,
) -> BTreeMap<&'a str, Vec<&'a PageFacts>>
where
    I: Iterator<Item = &'a str>,
{
    let mut missing: BTreeMap<&str, Vec<&PageFacts>> = BTreeMap::new();
    for page in facts {
        for url in targets(page).filter(|url| !known.contains(address_key(url))) {
            let pages = missing.entry(url).or_default();
            if pages.last().is_none_or(|p| p.url != page.url) {
                pages.push(page);
            }
        }
    }
    missing
}

/// Every address the site answers (pages, files, redirects) or that the
/// producer accounted for without fetching, in [`address_key`] form.
fn known_addresses(site: &RenderedSite) -> HashSet<&str> {
    site.pages
        .iter()
        .map(|p| p.url.as_str())
        .chain(site.assets.iter().map(|a| a.url.as_str()))
        .chain(site.redirects.keys().map(String::as_str))
        .chain(site.unchecked.iter().map(String::as_str))
        .map(address_key)
        .collect()
}

/// The part of an address that decides which page it is: no query, no
/// `index.html`, no trailing slash (`/` stays `/`).
pub fn address_key(url: &str) -> &str {
    let path = url.split('?').next().unwrap_or(url);
    let path = path.strip_suffix("index.html").unwrap_or(path);
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() { "/" } else { trimmed }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::page_view::LinkRef;
    use crate::site::Page;

    fn page(url: &str) -> Page {
        Page { url: url.into(), html: String::new(), source: None, photo_declarations: vec![], shared_to: vec![] }
    }

    fn facts(url: &str, links: &[&str]) -> PageFacts {
        PageFacts {
            url: url.into(),
            links: links
                .iter()
                .map(|l| LinkRef { href: l.to_string(), resolved: Some(l.to_string()), text: String::new() })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn one_finding_per_missing_address_counting_pages() {
        let site = RenderedSite { pages: vec![page("/"), page("/news/"), page("/contact/")], ..Default::default() };
        let f = [
            facts("/", &["/news/", "/privacy-notice/", "/contact/index.html", "/contact"]),
            facts("/news/", &["/privacy-notice/", "/privacy-notice/"]),
        ];
        let mut out = Vec::new();
        check(&f, &site, &mut out);
        assert_eq!(out.len(), 1, "{out:#?}");
        assert!(out[0].message.contains("/privacy-notice/ on / (and on 1 other page)"), "{}", out[0].message);
    }

    #[test]
    fn redirects_and_unchecked_addresses_are_not_broken() {
        let mut site = RenderedSite { pages: vec![page("/"), page("/values"), page("/cal?m=1")], ..Default::default() };
        site.redirects.insert("/old-values".into(), "/values".into());
        site.unchecked.insert("/events/2031/01".into());
        let f = [facts("/", &["/values/", "/old-values/", "/events/2031/01/", "/cal", "/events/2031/02/"])];
        let mut out = Vec::new();
        check(&f, &site, &mut out);
        assert_eq!(out.len(), 1, "{out:#?}");
        assert!(out[0].message.contains("/events/2031/02/"), "{}", out[0].message);
    }

    #[test]
    fn missing_pictures_are_broken_images_and_srcset_candidates_count() {
        let html = r#"<html><body><main>
            <img src="/img/a-800x533.jpg" srcset="/img/a-800x533.jpg 800w, /img/a-1600x1066.jpg 1600w">
            <picture><source srcset="/img/b.webp"><img src="/img/b.jpg"></picture>
            <video poster="/img/poster.jpg"><source src="/video/day.mp4"></video>
            <img src="https://cdn.example.org/x.jpg"><img src="data:image/gif;base64,R0lGOD">
        </main></body></html>"#;
        let p = Page {
            url: "/news/".into(),
            html: html.into(),
            source: None,
            photo_declarations: vec![],
            shared_to: vec![],
        };
        let f = [crate::audit::PageView::parse(&p).into_facts()];
        let asset = |url: &str| crate::site::Asset {
            url: url.into(),
            kind: crate::site::AssetKind::from_path(url),
            bytes: std::sync::Arc::from(&b""[..]),
            original_metadata: None,
            source: None,
            text: None,
            original_document: None,
        };
        let mut site = RenderedSite {
            pages: vec![page("/news/")],
            assets: vec![asset("/img/a-800x533.jpg"), asset("/img/b.jpg"), asset("/img/b.webp")],
            ..Default::default()
        };
        site.unchecked.insert("/video/day.mp4".into());
        let mut out = Vec::new();
        check(&f, &site, &mut out);
        let missing: Vec<&str> = out.iter().map(|f| f.message.split(',').next().unwrap()).collect();
        assert_eq!(missing, ["/img/a-1600x1066.jpg", "/img/poster.jpg"], "{out:#?}");
    }
}

//! Where each published photo is used, and what the authors said about it.
//!
//! Consent, faces and approval rules, the private report and
//! `approve --pending` all need the same facts about a photo: which pages
//! show or link to it, which shortcode placed it, who the author said is in
//! it, and whether the author said it shows no pupils. [`PhotoUsage`] is
//! built once from the page facts of the audit's single parse of each page,
//! so no check re-parses a page to find out, and every reader sees the same
//! answer.

use std::collections::{HashMap, HashSet};

use super::finding::Location;
use super::page_view::{ImageRef, PageFacts};
use crate::register::Purpose;
use crate::site::percent_decode;
use crate::site::{Asset, Page, RenderedSite, SourceRef};

/// One page that shows or links to a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoPage {
    /// The page's site-relative URL.
    pub url: String,
    /// Where to edit: the shortcode that placed the photo when known, else the page's file.
    pub source: Option<SourceRef>,
    /// `alt` text the page gives the photo, if it shows it as an image.
    pub alt: Option<String>,
    /// The figure caption around it, if any.
    pub caption: Option<String>,
    /// The headings it sits under on this page, outermost first.
    pub section: Vec<String>,
    /// Text of the paragraph, list item or cell around it.
    pub nearby: Option<String>,
    /// Where else the page is shared (its front matter's `shared_to`).
    pub shared_to: Vec<Purpose>,
}

/// What an author declared about a photo in a `photo` shortcode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    /// Register ids or names from `people=`.
    pub people: Vec<String>,
    /// `no_pupils=true`.
    pub no_pupils: bool,
    /// Where the shortcode is.
    pub source: Option<SourceRef>,
}

/// Everything known about one photo's use on the site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhotoUse {
    /// Pages in site order, each once.
    pub pages: Vec<PhotoPage>,
    pub declarations: Vec<Declared>,
}

impl PhotoUse {
    /// True when any author marked the photo as showing no pupils.
    pub fn no_pupils(&self) -> bool {
        self.declarations.iter().any(|d| d.no_pupils)
    }

    /// Names from every `people=` list, with the shortcode that gave each.
    pub fn declared_people(&self) -> impl Iterator<Item = (&str, Option<&SourceRef>)> {
        self.declarations.iter().flat_map(|d| d.people.iter().map(move |p| (p.as_str(), d.source.as_ref())))
    }

    fn add_page(&mut self, page: &Page, source: Option<&SourceRef>, img: Option<&ImageRef>) {
        let url = page.url.as_str();
        let alt = img.and_then(|i| i.alt.as_deref());
        let caption = img.and_then(|i| i.caption.as_deref());
        let nearby = img.map(|i| i.surrounding_text.as_str()).filter(|t| !t.is_empty());
        match self.pages.iter_mut().find(|p| p.url == url) {
            Some(p) => {
                // A shortcode beats the page file as the place to edit.
                if p.source.is_none() {
                    p.source = source.cloned();
                }
                if p.alt.is_none() {
                    p.alt = alt.map(str::to_string);
                }
                if p.caption.is_none() {
                    p.caption = caption.map(str::to_string);
                }
                if p.section.is_empty() {
                    p.section = img.map(|i| i.section.clone()).unwrap_or_default();
                }
                if p.nearby.is_none() {
                    p.nearby = nearby.map(str::to_string);
                }
            }
            None => self.pages.push(PhotoPage {
                url: url.to_string(),
                source: source.cloned(),
                alt: alt.map(str::to_string),
                caption: caption.map(str::to_string),
                section: img.map(|i| i.section.clone()).unwrap_or_default(),
                nearby: nearby.map(str::to_string),
                shared_to: page.shared_to.clone(),
            }),
        }
    }
}

/// Photo URL → its use. Keys are percent-decoded, so `/a%20b.jpg` and
/// `/a b.jpg` are one photo.
#[derive(Debug, Clone, Default)]
pub struct PhotoUsage {
    by_url: HashMap<String, PhotoUse>,
}

static UNUSED: PhotoUse = PhotoUse { pages: Vec::new(), declarations: Vec::new() };

impl PhotoUsage {
    /// Builds the index from the site's pages and the facts of the audit's
    /// parse of each (`facts[i]` belongs to `site.pages[i]`).
    pub fn build(site: &RenderedSite, facts: &[PageFacts]) -> Self {
        let photos: HashSet<String> =
            site.assets.iter().filter(|a| a.kind.shows_people()).map(|a| percent_decode(&a.url)).collect();
        let mut by_url: HashMap<String, PhotoUse> = HashMap::new();
        for (page, f) in site.pages.iter().zip(facts) {
            for d in &page.photo_declarations {
                let entry = by_url.entry(percent_decode(&d.src)).or_default();
                entry.declarations.push(Declared {
                    people: d.people.clone(),
                    no_pupils: d.no_pupils,
                    source: d.source.clone(),
                });
                entry.add_page(page, d.source.as_ref(), None);
            }
            for img in &f.images {
                let Some(url) = img.resolved.as_deref() else { continue };
                let key = percent_decode(url);
                if photos.contains(&key) {
                    by_url.entry(key).or_default().add_page(page, page.source.as_ref(), Some(img));
                }
            }
            for link in &f.links {
                let Some(url) = link.resolved.as_deref() else { continue };
                let key = percent_decode(url);
                if photos.contains(&key) {
                    by_url.entry(key).or_default().add_page(page, page.source.as_ref(), None);
                }
            }
        }
        Self { by_url }
    }

    /// Parses every page and builds the index: for callers outside an
    /// audit (the audit itself reuses its one parse of each page).
    pub fn from_site(site: &RenderedSite) -> Self {
        let facts: Vec<PageFacts> = site.pages.iter().map(|p| super::PageView::parse(p).into_facts()).collect();
        Self::build(site, &facts)
    }

    /// How the photo at `url` is used; empty when no page shows or declares it.
    pub fn get(&self, url: &str) -> &PhotoUse {
        self.by_url.get(url).or_else(|| self.by_url.get(&percent_decode(url))).unwrap_or(&UNUSED)
    }

    /// Where a finding about this photo should point: the first page that
    /// shows it (and the shortcode, when known), else the file itself.
    pub fn location(&self, asset: &Asset) -> Location {
        match self.get(&asset.url).pages.first() {
            Some(p) => Location {
                page: Some(p.url.clone()),
                asset: Some(asset.url.clone()),
                source: p.source.as_ref().map(Into::into),
            },
            None => Location::asset(&asset.url, asset.source.as_ref()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::site::AssetKind;
    use crate::site::PhotoDeclaration;

    fn photo(url: &str) -> Asset {
        Asset {
            url: url.into(),
            kind: AssetKind::Image,
            bytes: Arc::from(&b""[..]),
            original_metadata: None,
            source: None,
            text: None,
            original_document: None,
        }
    }

    fn page(url: &str, html: &str, decls: Vec<PhotoDeclaration>) -> Page {
        Page {
            url: url.into(),
            html: html.into(),
            source: Some(SourceRef::file(format!("content{url}index.md"))),
            photo_declarations: decls,
            shared_to: vec![],
        }
    }

    fn usage(site: &RenderedSite) -> PhotoUsage {
        PhotoUsage::from_site(site)
    }

    #[test]
    fn pages_that_show_or_link_a_photo_are_found_once_each_in_site_order() {
        let site = RenderedSite {
            pages: vec![
                page(
                    "/news/sports-day/",
                    r#"<figure><img src="race%20day.jpg" alt="Children racing"><figcaption>The final</figcaption></figure>
                       <img src="race%20day.jpg" alt="again">"#,
                    vec![],
                ),
                page("/gallery/", r#"<a href="/news/sports-day/race day.jpg">Full size</a>"#, vec![]),
                page("/about/", "<p>race day.jpg is only words here</p>", vec![]),
            ],
            assets: vec![photo("/news/sports-day/race day.jpg")],
            ..Default::default()
        };
        let u = usage(&site);
        let used = u.get("/news/sports-day/race%20day.jpg");
        let urls: Vec<&str> = used.pages.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(urls, ["/news/sports-day/", "/gallery/"]);
        assert_eq!(used.pages[0].alt.as_deref(), Some("Children racing"));
        assert_eq!(used.pages[0].caption.as_deref(), Some("The final"));
        assert!(u.get("/elsewhere.jpg").pages.is_empty());
    }

    #[test]
    fn declarations_give_people_no_pupils_and_the_line_to_edit() {
        let decl = |people: &[&str], no_pupils| PhotoDeclaration {
            src: "/news/trip/coach.jpg".into(),
            people: people.iter().map(|p| p.to_string()).collect(),
            no_pupils,
            source: Some(SourceRef::at("content/news/trip.md", 12)),
        };
        let site = RenderedSite {
            pages: vec![page("/news/trip/", r#"<img src="coach.jpg" alt="">"#, vec![decl(&["1004"], false)])],
            assets: vec![photo("/news/trip/coach.jpg")],
            ..Default::default()
        };
        let u = usage(&site);
        let used = u.get("/news/trip/coach.jpg");
        assert_eq!(used.declared_people().map(|(p, _)| p).collect::<Vec<_>>(), ["1004"]);
        assert!(!used.no_pupils());
        let loc = u.location(&site.assets[0]);
        assert_eq!(loc.page.as_deref(), Some("/news/trip/"));
        let src = loc.source.unwrap();
        assert_eq!((src.path.as_str(), src.line), ("content/news/trip.md", Some(12)), "the shortcode, not the page");
    }

    #[test]
    fn an_unused_photo_points_at_its_own_file() {
        let mut asset = photo("/uploads/IMG_0042.jpg");
        asset.source = Some(SourceRef::file("static/uploads/IMG_0042.jpg"));
        let site = RenderedSite { assets: vec![asset], ..Default::default() };
        let loc = usage(&site).location(&site.assets[0]);
        assert_eq!((loc.page, loc.asset.as_deref()), (None, Some("/uploads/IMG_0042.jpg")));
    }
}

//! Where does this child appear? (`schoolgate find PUPIL`)
//!
//! When a parent withdraws consent, a looked-after child joins, or a parent
//! makes a subject access request, the school needs within hours every
//! published page, photo and document that shows or names one pupil. The
//! search reads the same [`RenderedSite`] the audit reads (from the local
//! build, a folder or a live site) with the same [`AuditContext`] (so the
//! same name index, staff list and `not_names`) and the same page parse and
//! [`PhotoUsage`]: what `find` reports is what the consent and name checks
//! see, and nothing needs a second pipeline.
//!
//! The answer names the pupil in full and quotes the text around each hit:
//! it is for the school's staff, never for publishing or a CI log.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::audit::rules::names::excerpt;
use crate::audit::{AuditContext, PageView, PhotoUsage};
use crate::names::TagMatch;
use crate::names::normalize::compact;
use crate::register::ConsentRegister;
use crate::site::{AssetKind, RenderedSite, percent_decode};

/// Which pupil a query means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Exactly one pupil (index into `register.pupils`).
    Found(usize),
    /// Several pupils fit (two with one name, or only part of a name was
    /// given): the candidates, so the user can pick by id.
    Ambiguous(Vec<usize>),
    /// Nobody on the register fits.
    NotFound,
}

/// Finds the pupil a user means: a register id (any case, spaces and
/// dashes ignored), else a full name as on the register (legal or
/// preferred first name, either order, "Surname, Forename"). Part of a
/// name ("Ruby", "Thornton") never picks a pupil on its own: it lists
/// the pupils it could be, because finding the wrong child's pages is
/// worse than asking.
pub fn lookup(register: &ConsentRegister, ctx: &AuditContext, query: &str) -> Lookup {
    let key = compact(query);
    if key.is_empty() {
        return Lookup::NotFound;
    }
    let by_id: Vec<usize> =
        register.pupils.iter().enumerate().filter(|(_, p)| compact(&p.id.0) == key).map(|(i, _)| i).collect();
    let by_name: Vec<usize> = ctx
        .names
        .match_tag_all(query, false)
        .into_iter()
        .filter_map(|m| match m {
            TagMatch::Pupil(i) => Some(i),
            _ => None,
        })
        .collect();
    let exact = if by_id.is_empty() { by_name } else { by_id };
    match exact.as_slice() {
        [one] => return Lookup::Found(*one),
        [] => {}
        many => return Lookup::Ambiguous(many.to_vec()),
    }
    // Every word of the query is one of the pupil's names.
    let words: Vec<String> = query.split_whitespace().map(compact).filter(|w| !w.is_empty()).collect();
    let partial: Vec<usize> = register
        .pupils
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            let names: Vec<String> = p
                .forenames()
                .chain(p.middle_names.as_deref())
                .flat_map(str::split_whitespace)
                .chain(std::iter::once(p.surname.as_str()))
                .map(compact)
                .collect();
            !words.is_empty() && words.iter().all(|w| names.contains(w) || compact(&p.surname) == *w)
        })
        .map(|(i, _)| i)
        .collect();
    if partial.is_empty() { Lookup::NotFound } else { Lookup::Ambiguous(partial) }
}

/// What kind of published thing shows or names the pupil.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Page,
    Photo,
    Video,
    Document,
    File,
}

impl ItemKind {
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Page => "page",
            ItemKind::Photo => "photo",
            ItemKind::Video => "video",
            ItemKind::Document => "document",
            ItemKind::File => "file",
        }
    }
}

/// Where in a page or file the pupil was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// The page's visible text.
    Text,
    Title,
    /// `<meta name="description">`.
    SearchDescription,
    /// The page's own address spells the name.
    PageAddress,
    /// A link on the page points at an address that spells the name.
    LinkAddress,
    /// An image's alt text, label or tooltip.
    AltText,
    /// A figure caption.
    Caption,
    /// A people tag in the photo (face region, person shown, People keyword).
    PeopleTag,
    /// The author's `people=` list in the `photo` shortcode.
    DeclaredPeople,
    /// A caption or description in the photo's own metadata.
    PhotoDescription,
    /// The file's name.
    FileName,
    /// The text of a PDF or office document.
    DocumentText,
    /// The text of another published file: a news feed, a calendar, a
    /// text file. Feeds repeat a post's words, so they name the child too.
    FileText,
}

impl Place {
    pub fn label(self) -> &'static str {
        match self {
            Place::Text => "text",
            Place::Title => "title",
            Place::SearchDescription => "search description",
            Place::PageAddress => "page address",
            Place::LinkAddress => "link address",
            Place::AltText => "alt text",
            Place::Caption => "caption",
            Place::PeopleTag => "people tag",
            Place::DeclaredPeople => "people= in the photo shortcode",
            Place::PhotoDescription => "photo caption/description metadata",
            Place::FileName => "file name",
            Place::DocumentText => "document text",
            Place::FileText => "text of the file",
        }
    }
}

/// One reason a page or file is listed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Evidence {
    pub place: Place,
    /// The words around the name, the tag as written, or the page the alt
    /// text is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A published page or file that shows or names the pupil.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Appearance {
    pub kind: ItemKind,
    /// Site-relative address.
    pub url: String,
    /// The file to edit or replace, when the site was built here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub evidence: Vec<Evidence>,
    /// For a photo: the pages that show or link to it. Each shows the
    /// child too, and is where the photo has to be taken off.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shown_on: Vec<String>,
}

/// Gathers evidence per (kind, address), keeping site order.
#[derive(Default)]
struct Collector {
    items: Vec<Appearance>,
    index: BTreeMap<(ItemKind, String), usize>,
}

impl Collector {
    fn add(&mut self, kind: ItemKind, url: &str, source: Option<String>, place: Place, detail: Option<String>) {
        let key = (kind, url.to_string());
        let i = *self.index.entry(key).or_insert_with(|| {
            self.items.push(Appearance {
                kind,
                url: url.to_string(),
                source: None,
                evidence: Vec::new(),
                shown_on: Vec::new(),
            });
            self.items.len() - 1
        });
        let item = &mut self.items[i];
        if item.source.is_none() {
            item.source = source;
        }
        let e = Evidence { place, detail };
        if !item.evidence.contains(&e) {
            item.evidence.push(e);
        }
    }
}

/// Every page, photo, document and other file of `site` that shows or
/// names pupil `pupil` (an index into the register of `ctx`): text, titles,
/// descriptions, addresses and links, alt text and captions (listed on the
/// page and on the photo), people tags and `people=` lists, photo metadata
/// captions, file names and document text. Pages first, then photos,
/// documents and other files, each in site order.
///
/// A name two pupils share cannot be told apart in text: such a hit is
/// listed for both.
pub fn find(site: &RenderedSite, ctx: &AuditContext, pupil: usize) -> Vec<Appearance> {
    // One parse of each page, as in the audit; the search description is
    // the one thing needed that the page facts do not keep.
    let (facts, descriptions): (Vec<_>, Vec<_>) = site
        .pages
        .par_iter()
        .map(|p| {
            let view = PageView::parse(p);
            let description = view.meta_description.clone();
            (view.into_facts(), description)
        })
        .unzip();
    let usage = PhotoUsage::build(site, &facts);
    let names = &ctx.names;
    let hits = |text: &str| -> Vec<String> {
        names.find_pupils(text).into_iter().filter(|h| h.pupil == pupil).map(|h| excerpt(text, h.span)).collect()
    };
    let assets: BTreeMap<String, (ItemKind, Option<String>)> =
        site.assets.iter().map(|a| (percent_decode(&a.url), (kind_of(a.kind), source_of(a.source.as_ref())))).collect();

    let mut found = Collector::default();
    for ((page, f), description) in site.pages.iter().zip(&facts).zip(&descriptions) {
        let src = source_of(page.source.as_ref());
        let mut on_page = |place: Place, detail: Option<String>| {
            found.add(ItemKind::Page, &page.url, src.clone(), place, detail);
        };
        for (text, place) in [(&f.text, Place::Text), (&f.title, Place::Title)] {
            for e in hits(text) {
                on_page(place, Some(e));
            }
        }
        if let Some(d) = description {
            for e in hits(d) {
                on_page(Place::SearchDescription, Some(e));
            }
        }
        if names.pupils_in_path(&page.url).contains(&pupil) {
            on_page(Place::PageAddress, None);
        }
        for link in &f.links {
            if names.pupils_in_link(&link.href).contains(&pupil) {
                on_page(Place::LinkAddress, Some(link.href.clone()));
            }
        }
        for img in &f.images {
            let fields = [
                (&img.alt, Place::AltText),
                (&img.aria_label, Place::AltText),
                (&img.title, Place::AltText),
                (&img.caption, Place::Caption),
            ];
            for (value, place) in fields {
                let Some(v) = value else { continue };
                for e in hits(v) {
                    found.add(ItemKind::Page, &page.url, src.clone(), place, Some(e.clone()));
                    // The photo itself shows the child too.
                    let photo = img.resolved.as_deref().and_then(|u| assets.get(&percent_decode(u)).map(|a| (u, a)));
                    if let Some((url, (ItemKind::Photo, asset_src))) = photo {
                        let detail = Some(format!("on {}: {e}", page.url));
                        found.add(ItemKind::Photo, url, asset_src.clone(), place, detail);
                    }
                }
            }
        }
    }

    for asset in &site.assets {
        let kind = kind_of(asset.kind);
        let src = source_of(asset.source.as_ref());
        if names.pupils_in_path(&asset.url).contains(&pupil) {
            found.add(kind, &asset.url, src.clone(), Place::FileName, None);
        }
        if let Some(meta) = &asset.original_metadata {
            for tag in &meta.tags {
                let named =
                    names.match_tag_all(&tag.value, tag.source.is_person_field()).contains(&TagMatch::Pupil(pupil));
                if named {
                    let detail = format!("\"{}\" in {}", tag.value.trim(), tag.source.describe());
                    found.add(kind, &asset.url, src.clone(), Place::PeopleTag, Some(detail));
                }
            }
            for field in &meta.text {
                for e in hits(&field.value) {
                    found.add(kind, &asset.url, src.clone(), Place::PhotoDescription, Some(e));
                }
            }
        }
        if asset.kind.shows_people() {
            for decl in &usage.get(&asset.url).declarations {
                let named = decl.people.iter().any(|p| names.match_tag_all(p, true).contains(&TagMatch::Pupil(pupil)));
                if named {
                    let at = decl.source.as_ref().map(|s| s.to_string());
                    found.add(kind, &asset.url, src.clone(), Place::DeclaredPeople, at);
                }
            }
        }
        // Schoolgate's own build does not read the text of the files it
        // generates (the Atom feed): read any other file that is UTF-8 text.
        let own_text = match (&asset.text, asset.kind) {
            (None, AssetKind::Other) => std::str::from_utf8(&asset.bytes).ok().map(str::to_string),
            _ => None,
        };
        if let Some(text) = asset.text.as_ref().or(own_text.as_ref()) {
            let place = if kind == ItemKind::File { Place::FileText } else { Place::DocumentText };
            for e in hits(text) {
                found.add(kind, &asset.url, src.clone(), place, Some(e));
            }
        }
    }
    let mut items = found.items;
    for item in &mut items {
        if matches!(item.kind, ItemKind::Photo | ItemKind::Video) {
            item.shown_on = usage.get(&item.url).pages.iter().map(|p| p.url.clone()).collect();
        }
    }
    // Pages first, then photos, documents and other files; site order within.
    items.sort_by_key(|a| a.kind);
    items
}

fn kind_of(kind: AssetKind) -> ItemKind {
    match kind {
        AssetKind::Image => ItemKind::Photo,
        AssetKind::Video => ItemKind::Video,
        AssetKind::Pdf | AssetKind::Document => ItemKind::Document,
        AssetKind::Other => ItemKind::File,
    }
}

fn source_of(s: Option<&crate::site::SourceRef>) -> Option<String> {
    s.map(|s| s.path.to_string_lossy().replace('\\', "/"))
}

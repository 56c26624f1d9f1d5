//! Everything on a site that could prove a statutory item, with the names it
//! is known by.
//!
//! A "target" is a page, a linked document (PDF, Word…), an off-site link or
//! a broken on-site link. Its names are what a parent would see: the page's
//! title, headings and address, a document's file name and opening lines,
//! and the text of every link pointing at it (a "Sports Premium" menu entry
//! names the page it leads to). Built once per audit and shared by every
//! requirement.

use std::collections::HashMap;

use rayon::prelude::*;

use super::phrases::Norm;
use crate::audit::{Location, PageFacts};
use crate::site::percent_decode;
use crate::site::{AssetKind, RenderedSite};

/// Where a name was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Title,
    Heading,
    Url,
    LinkText,
    FileName,
    /// A document's own title: its PDF/Word title property or first line
    /// (see [`title_lines`]).
    DocumentStart,
    /// A heading line inside a document's text (see [`heading_lines`]).
    DocumentHeading,
}

/// One name of a target.
#[derive(Debug, Clone)]
pub struct Field {
    pub kind: FieldKind,
    /// As written (for messages).
    pub raw: String,
    /// [`normalise`](super::text::normalise)d, with the catalogue phrases in it.
    pub norm: Norm,
    /// For link text: the page the link is on.
    pub on_page: Option<String>,
    /// For page headings: 1 for `<h1>`, 2 and 3 for sections.
    pub level: u8,
}

impl Field {
    fn new(kind: FieldKind, raw: &str, on_page: Option<&str>) -> Self {
        Self::with_norm(kind, raw, Norm::new(raw), on_page)
    }

    /// A field whose [`normalise`](super::text::normalise)d form is already known (link texts repeat
    /// on every page of a site: each distinct text is normalised once).
    fn with_norm(kind: FieldKind, raw: &str, norm: Norm, on_page: Option<&str>) -> Self {
        Self { kind, raw: raw.trim().to_string(), norm, on_page: on_page.map(str::to_string), level: 0 }
    }

    fn heading(kind: FieldKind, raw: &str, level: u8) -> Self {
        Self { level, ..Self::new(kind, raw, None) }
    }

    /// Plain-English description, e.g. `link text "Sports Premium" on /key-info/`.
    pub fn describe(&self) -> String {
        match (self.kind, &self.on_page) {
            (FieldKind::LinkText, Some(p)) => format!("link text \"{}\" on {p}", self.raw),
            (FieldKind::LinkText, None) => format!("link text \"{}\"", self.raw),
            (FieldKind::Title, _) => format!("page title \"{}\"", self.raw),
            (FieldKind::Heading, _) => format!("heading \"{}\"", self.raw),
            (FieldKind::Url, _) => format!("address {}", self.raw),
            (FieldKind::FileName, _) => format!("file name \"{}\"", self.raw),
            (FieldKind::DocumentStart, _) => format!("the document's title \"{}\"", self.raw),
            (FieldKind::DocumentHeading, _) => format!("the heading \"{}\" inside the document", self.raw),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// Index into the page facts.
    Page(usize),
    /// Index into `site.assets`.
    Document(usize),
    /// A link to another website.
    External,
    /// An on-site link to something that is not on the site.
    Broken,
}

/// A page, document or link that may prove an item.
#[derive(Debug, Clone)]
pub struct Target<'a> {
    /// The URL cited as evidence.
    pub url: String,
    pub kind: TargetKind,
    pub fields: Vec<Field>,
    /// Readable text (page text or document text); empty for links.
    pub body: &'a str,
    /// [`normalise`](super::text::normalise)d `body`, with the catalogue phrases in it.
    pub body_norm: Norm,
    /// Host of an off-site link, lower case.
    pub host: Option<String>,
    pub location: Location,
    /// A link on some page leads here. A document nothing links to (an
    /// orphaned old version left in the uploads folder) is never evidence:
    /// a visitor cannot reach it.
    pub linked: bool,
    /// The target's own title, [`normalise`](super::text::normalise)d: a page's `<title>` and `<h1>`,
    /// a document's title lines. Negative phrases are read here.
    pub own_title: Norm,
    /// A document's title lines alone, [`normalise`](super::text::normalise)d (empty for pages and
    /// links): what the document says it is.
    pub doc_title: Norm,
    /// The last segment of the address, without its extension, [`normalise`](super::text::normalise)d
    /// (`/key-information/pe-sport-premium/` → " pe sport premium ").
    pub segment: Norm,
}

/// How many non-empty lines open a document's text and may count as its
/// title: the PDF or Word title and author properties come first (see
/// `crate::documents`), then the first line of the first page.
const TITLE_LINES: usize = 3;

/// Longest line read as a title or heading; longer lines are prose.
const HEADING_MAX_CHARS: usize = 120;

/// Most heading lines kept per document (bounds the work on huge files).
const MAX_HEADINGS_PER_DOCUMENT: usize = 300;

/// The title lines of a document's text.
///
/// Reading stops at the first line of prose (one ending like a sentence):
/// a job pack's second line "…looking for a key stage 2 teacher." is not
/// its title.
pub fn title_lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(TITLE_LINES)
        .take_while(|l| !l.ends_with(['.', ',', ';']))
        .filter(|l| l.chars().count() <= HEADING_MAX_CHARS)
        .collect()
}

/// Lines of a document's text that look like headings: short, not ending
/// like a sentence, starting with a capital or a section number ("3.
/// Equality objectives", "DATE OF NEXT REVIEW"). Extracted PDF text has no
/// heading marks, so this is a guess; it is only used for rank-3 evidence,
/// which needs a phrase of two words or more (or the whole line).
pub fn heading_lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| {
            let words = l.split_whitespace().count();
            (1..=8).contains(&words)
                && l.chars().count() <= HEADING_MAX_CHARS
                && !l.ends_with(['.', ',', ';'])
                && l.chars().find(|c| c.is_alphanumeric()).is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        .take(MAX_HEADINGS_PER_DOCUMENT)
        .collect()
}

/// Title separators: "SEND | Oak Primary School".
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", ": ", " :: ", " » "];

/// Builds every target of the site.
pub fn collect<'a>(facts: &'a [PageFacts], site: &'a RenderedSite) -> Vec<Target<'a>> {
    let mut targets: Vec<Target<'a>> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();

    // Reading every page's and document's text is the costly part: done in
    // parallel, once.
    let page_texts: Vec<Norm> = facts.par_iter().map(|p| Norm::new(&p.text)).collect();
    let doc_texts: Vec<Option<Norm>> = site
        .assets
        .par_iter()
        .map(|a| {
            matches!(a.kind, AssetKind::Pdf | AssetKind::Document).then(|| Norm::new(a.text.as_deref().unwrap_or("")))
        })
        .collect();

    for ((i, page), body_norm) in facts.iter().enumerate().zip(page_texts) {
        let mut fields = Vec::new();
        for part in split_title(&page.title) {
            fields.push(Field::new(FieldKind::Title, part, None));
        }
        for (level, h) in &page.headings {
            if *level <= 3 && !h.trim().is_empty() {
                fields.push(Field::heading(FieldKind::Heading, h, *level));
            }
        }
        if !page.url.trim_matches('/').is_empty() {
            fields.push(Field::new(FieldKind::Url, &page.url, None));
        }
        let h1: Vec<&str> = page.headings.iter().filter(|(l, _)| *l == 1).map(|(_, h)| h.as_str()).collect();
        let own_title = Norm::new(&format!("{}\n{}", page.title, h1.join("\n")));
        by_key.insert(key(&page.url), targets.len());
        targets.push(Target {
            url: page.url.clone(),
            kind: TargetKind::Page(i),
            fields,
            body: &page.text,
            body_norm,
            host: None,
            location: Location::page(&page.url, page.source.as_ref()),
            linked: true,
            own_title,
            doc_title: Norm::default(),
            segment: segment(&page.url),
        });
    }

    let mut other_assets: std::collections::HashSet<String> = std::collections::HashSet::new();
    for ((i, asset), text) in site.assets.iter().enumerate().zip(doc_texts) {
        let Some(body_norm) = text else {
            other_assets.insert(key(&asset.url));
            continue;
        };
        let file = percent_decode(crate::site::file_name(&asset.url));
        let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s).to_string();
        let mut fields = vec![Field::new(FieldKind::FileName, &stem, None)];
        let body = asset.text.as_deref().unwrap_or("");
        let titles = title_lines(body);
        for line in &titles {
            fields.push(Field::new(FieldKind::DocumentStart, line, None));
        }
        for line in heading_lines(body) {
            fields.push(Field::heading(FieldKind::DocumentHeading, line, 2));
        }
        // A document is known by its title and its file name.
        let own_title = Norm::new(&format!("{}\n{stem}", titles.join("\n")));
        let doc_title = Norm::new(&titles.join("\n"));
        by_key.insert(key(&asset.url), targets.len());
        targets.push(Target {
            url: asset.url.clone(),
            kind: TargetKind::Document(i),
            fields,
            body,
            body_norm,
            host: None,
            location: Location::asset(&asset.url, asset.source.as_ref()),
            linked: false,
            own_title,
            doc_title,
            segment: segment(&asset.url),
        });
    }

    let base = site.base_url.as_deref().map(|b| b.trim_end_matches('/').to_ascii_lowercase());
    let mut link_norms: HashMap<&str, Norm> = HashMap::new();
    for page in facts {
        for link in &page.links {
            if link.text.trim().is_empty() && link.resolved.is_none() && !is_web(&link.href) {
                continue;
            }
            let on_site = link.resolved.clone().or_else(|| {
                let base = base.as_deref()?;
                let lower = link.href.to_ascii_lowercase();
                lower.starts_with(base).then(|| {
                    let rest = &link.href[base.len()..];
                    let path = rest.split(['#', '?']).next().unwrap_or("");
                    percent_decode(if path.is_empty() { "/" } else { path })
                })
            });
            let norm = link_norms.entry(link.text.as_str()).or_insert_with(|| Norm::new(&link.text)).clone();
            let field = Field::with_norm(FieldKind::LinkText, &link.text, norm, Some(&page.url));
            match on_site {
                Some(path) => {
                    let k = key(&path);
                    if other_assets.contains(&k) {
                        continue;
                    }
                    let idx = *by_key.entry(k.clone()).or_insert_with(|| {
                        targets.push(Target {
                            url: path.clone(),
                            kind: TargetKind::Broken,
                            fields: Vec::new(),
                            body: "",
                            body_norm: Norm::default(),
                            host: None,
                            location: Location::page(&page.url, page.source.as_ref()),
                            linked: true,
                            own_title: Norm::default(),
                            doc_title: Norm::default(),
                            segment: segment(&path),
                        });
                        targets.len() - 1
                    });
                    targets[idx].linked = true;
                    // A menu entry leading to the home page names nothing
                    // (CMS placeholders point there: "PE and sport premium" → /).
                    if k != "/" {
                        add_field(&mut targets[idx], field);
                    }
                }
                None if is_web(&link.href) => {
                    let href = link.href.split('#').next().unwrap_or("").to_string();
                    let idx = *by_key.entry(format!("ext:{href}")).or_insert_with(|| {
                        let fields = vec![Field::new(FieldKind::Url, &percent_decode(&href), None)];
                        targets.push(Target {
                            url: href.clone(),
                            kind: TargetKind::External,
                            fields,
                            body: "",
                            body_norm: Norm::default(),
                            host: host_of(&href),
                            location: Location::page(&page.url, page.source.as_ref()),
                            linked: true,
                            own_title: Norm::default(),
                            doc_title: Norm::default(),
                            segment: segment(&href),
                        });
                        targets.len() - 1
                    });
                    add_field(&mut targets[idx], field);
                }
                None => {}
            }
        }
    }
    targets
}

/// The last segment of an address without its extension, [`normalise`](super::text::normalise)d:
/// schools name pages and files for what they are (`pe-sport-premium.pdf`).
fn segment(url: &str) -> Norm {
    let seg = url.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let seg = seg.rsplit_once('.').map_or(seg, |(s, _)| s);
    Norm::new(seg)
}

/// Adds a link-text name once (menus repeat the same link on every page).
fn add_field(target: &mut Target<'_>, field: Field) {
    if field.norm.trim().is_empty() {
        return;
    }
    if !target.fields.iter().any(|f| f.kind == FieldKind::LinkText && f.norm.text == field.norm.text) {
        target.fields.push(field);
    }
}

fn is_web(href: &str) -> bool {
    let h = href.trim().to_ascii_lowercase();
    h.starts_with("http://") || h.starts_with("https://") || h.starts_with("//")
}

/// Lower-case host of an absolute URL.
pub fn host_of(href: &str) -> Option<String> {
    let rest = href.trim().split_once("//")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// A comparison key for site paths: `/a/`, `/a` and `/a/index.html` are one page.
fn key(path: &str) -> String {
    let p = path.strip_suffix("index.html").unwrap_or(path);
    let p = p.trim_end_matches('/');
    if p.is_empty() { "/".to_string() } else { p.to_string() }
}

fn split_title(title: &str) -> Vec<&str> {
    let mut parts = vec![title];
    for sep in TITLE_SEPARATORS {
        parts = parts.into_iter().flat_map(|p| p.split(sep)).collect();
    }
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect()
}

impl Target<'_> {
    /// The first of `phrases` (normalised) this target's text contains:
    /// [`super::text::first_phrase`] on `body_norm`, answered from the
    /// phrases found when the target was collected.
    pub fn first_in_body<'p>(&self, phrases: &'p [String]) -> Option<&'p str> {
        self.body_norm.first(phrases)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_keys_and_titles() {
        assert_eq!(
            host_of("https://Reports.Ofsted.gov.uk/provider/21/123456").as_deref(),
            Some("reports.ofsted.gov.uk")
        );
        assert_eq!(host_of("//example.org:8080/x").as_deref(), Some("example.org"));
        assert_eq!(key("/a/index.html"), key("/a/"));
        assert_eq!(key("/a"), "/a");
        assert_eq!(split_title("SEND | Oak Primary - Home"), vec!["SEND", "Oak Primary", "Home"]);
    }
}

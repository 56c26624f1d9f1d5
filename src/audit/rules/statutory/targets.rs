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

use super::text::normalise;
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
    /// The first lines of a document's text, where its title usually is.
    DocumentStart,
}

/// One name of a target.
#[derive(Debug, Clone)]
pub struct Field {
    pub kind: FieldKind,
    /// As written (for messages).
    pub raw: String,
    /// [`normalise`]d.
    pub norm: String,
    /// For link text: the page the link is on.
    pub on_page: Option<String>,
}

impl Field {
    fn new(kind: FieldKind, raw: &str, on_page: Option<&str>) -> Self {
        Self { kind, raw: raw.trim().to_string(), norm: normalise(raw), on_page: on_page.map(str::to_string) }
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
            (FieldKind::DocumentStart, _) => "the document's opening lines".to_string(),
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
    /// [`normalise`]d `body`.
    pub body_norm: String,
    /// Host of an off-site link, lower case.
    pub host: Option<String>,
    pub location: Location,
}

/// How much of a document's text counts as its "title area".
const DOCUMENT_START_CHARS: usize = 300;

/// Title separators: "SEND | Oak Primary School".
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", ": ", " :: ", " » "];

/// Builds every target of the site.
pub fn collect<'a>(facts: &'a [PageFacts], site: &'a RenderedSite) -> Vec<Target<'a>> {
    let mut targets: Vec<Target<'a>> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();

    for (i, page) in facts.iter().enumerate() {
        let mut fields = Vec::new();
        for part in split_title(&page.title) {
            fields.push(Field::new(FieldKind::Title, part, None));
        }
        for (level, h) in &page.headings {
            if *level <= 3 && !h.trim().is_empty() {
                fields.push(Field::new(FieldKind::Heading, h, None));
            }
        }
        if !page.url.trim_matches('/').is_empty() {
            fields.push(Field::new(FieldKind::Url, &page.url, None));
        }
        by_key.insert(key(&page.url), targets.len());
        targets.push(Target {
            url: page.url.clone(),
            kind: TargetKind::Page(i),
            fields,
            body: &page.text,
            body_norm: normalise(&page.text),
            host: None,
            location: Location::page(&page.url, page.source.as_ref()),
        });
    }

    let mut other_assets: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (i, asset) in site.assets.iter().enumerate() {
        if !matches!(asset.kind, AssetKind::Pdf | AssetKind::Document) {
            other_assets.insert(key(&asset.url));
            continue;
        }
        let file = percent_decode(crate::site::file_name(&asset.url));
        let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s).to_string();
        let mut fields = vec![Field::new(FieldKind::FileName, &stem, None)];
        let body = asset.text.as_deref().unwrap_or("");
        if !body.trim().is_empty() {
            let start: String = body.chars().take(DOCUMENT_START_CHARS).collect();
            fields.push(Field::new(FieldKind::DocumentStart, &start, None));
        }
        by_key.insert(key(&asset.url), targets.len());
        targets.push(Target {
            url: asset.url.clone(),
            kind: TargetKind::Document(i),
            fields,
            body,
            body_norm: normalise(body),
            host: None,
            location: Location::asset(&asset.url, asset.source.as_ref()),
        });
    }

    let base = site.base_url.as_deref().map(|b| b.trim_end_matches('/').to_ascii_lowercase());
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
            let field = Field::new(FieldKind::LinkText, &link.text, Some(&page.url));
            match on_site {
                Some(path) => {
                    let k = key(&path);
                    if other_assets.contains(&k) {
                        continue;
                    }
                    let idx = *by_key.entry(k).or_insert_with(|| {
                        targets.push(Target {
                            url: path.clone(),
                            kind: TargetKind::Broken,
                            fields: Vec::new(),
                            body: "",
                            body_norm: String::new(),
                            host: None,
                            location: Location::page(&page.url, page.source.as_ref()),
                        });
                        targets.len() - 1
                    });
                    add_field(&mut targets[idx], field);
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
                            body_norm: String::new(),
                            host: host_of(&href),
                            location: Location::page(&page.url, page.source.as_ref()),
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

/// Adds a link-text name once (menus repeat the same link on every page).
fn add_field(target: &mut Target<'_>, field: Field) {
    if field.norm.trim().is_empty() {
        return;
    }
    if !target.fields.iter().any(|f| f.kind == FieldKind::LinkText && f.norm == field.norm) {
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
    /// The last segment of a page or document address, normalised (for `exact` names).
    pub fn last_segment(&self) -> String {
        let seg = self.url.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        let seg = seg.rsplit_once('.').map_or(seg, |(s, _)| s);
        normalise(seg)
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

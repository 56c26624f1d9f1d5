//! `links/unlinked-file`: published pictures, documents and videos that no
//! page links to or shows. On real school sites this is where the worst
//! leaks sit: superseded policies, old forms, photos of pupils taken off the
//! pages but never deleted.

use std::collections::{BTreeMap, HashSet};

use aho_corasick::AhoCorasick;

use super::{UNLINKED, address_key};
use crate::audit::{Finding, Location, PageFacts, Severity};
use crate::site::{Asset, AssetKind, ListedIn, RenderedSite, file_name};

/// Videos are published files too, though the audit reads only their name.
const VIDEO_EXTENSIONS: &[&str] = &["mp4", "m4v", "mov", "webm", "avi", "wmv"];

/// Files a browser or a social network asks for without any link.
const WELL_KNOWN_PREFIXES: &[&str] = &["favicon", "apple-touch-icon", "android-chrome", "mstile", "safari-pinned-tab"];

/// Folders of a CMS's or framework's own code and theme: their pictures are
/// loaded by scripts and styles, not published by the school.
const CODE_FOLDERS: &[&str] =
    &["/wp-content/themes/", "/wp-content/plugins/", "/wp-includes/", "/_next/", "/_nuxt/", "/node_modules/"];

/// Files whose text can point at other files (style sheets, scripts, data,
/// documents): a file named in one of them is not unlinked.
fn refers_to_files(asset: &Asset) -> bool {
    let ext = extension(&asset.url);
    matches!(asset.kind, AssetKind::Pdf | AssetKind::Document)
        || ["css", "js", "mjs", "json", "xml", "webmanifest", "txt", "svg"].contains(&ext.as_str())
}

fn extension(url: &str) -> String {
    file_name(url).rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

fn in_scope(asset: &Asset) -> bool {
    let name = file_name(&asset.url).to_ascii_lowercase();
    let kind_counts = matches!(asset.kind, AssetKind::Image | AssetKind::Pdf | AssetKind::Document)
        || VIDEO_EXTENSIONS.contains(&extension(&asset.url).as_str());
    kind_counts
        && !WELL_KNOWN_PREFIXES.iter().any(|p| name.starts_with(p))
        && !CODE_FOLDERS.iter().any(|f| asset.url.to_ascii_lowercase().contains(f))
}

/// The upload a file is a copy of: WordPress keeps `photo-800x533.jpg`,
/// `photo-scaled.jpg`, `photo-rotated.jpg` and `photo.jpg.webp` beside
/// `photo.jpg`. All copies are one media item: linked if any copy is.
pub fn media_item(url: &str) -> String {
    let lower = url.to_ascii_lowercase();
    let (dir, name) = lower.rsplit_once('/').unwrap_or(("", &lower));
    // photo.jpg.webp (image optimiser plugins) is a copy of photo.jpg.
    let name = match name.strip_suffix(".webp") {
        Some(inner) if inner.contains('.') => inner,
        _ => name,
    };
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let mut stem = stem;
    for suffix in ["-scaled", "-rotated"] {
        stem = stem.strip_suffix(suffix).unwrap_or(stem);
    }
    // -800x533 (a resized copy), possibly after -e1690000000000 (an edit).
    if let Some((head, size)) = stem.rsplit_once('-')
        && let Some((w, h)) = size.split_once('x')
        && !w.is_empty()
        && !h.is_empty()
        && w.len() <= 5
        && h.len() <= 5
        && w.bytes().chain(h.bytes()).all(|b| b.is_ascii_digit())
    {
        stem = head;
    }
    if let Some((head, edit)) = stem.rsplit_once("-e")
        && edit.len() >= 10
        && edit.bytes().all(|b| b.is_ascii_digit())
    {
        stem = head;
    }
    format!("{dir}/{stem}.{ext}")
}

/// Site paths of the files pages link to, show or load, in
/// [`address_key`] form. Absolute addresses count when they are on the
/// site's own host (or when the host is not known, as in a folder of HTML
/// exported from a CMS whose links are absolute).
fn referenced_paths(facts: &[PageFacts], own: Option<&str>) -> HashSet<String> {
    let mut out = HashSet::new();
    for page in facts {
        let hrefs = page
            .links
            .iter()
            .map(|l| (l.resolved.as_deref(), l.href.as_str()))
            .chain(page.images.iter().map(|i| (i.resolved.as_deref(), i.src.as_str())))
            .chain(page.embeds.iter().map(|e| (e.resolved.as_deref(), e.url.as_str())));
        for (resolved, href) in hrefs {
            if let Some(path) = resolved {
                out.insert(address_key(path).to_string());
            } else if let Some(path) = own_site_path(href, own) {
                out.insert(address_key(&path).to_string());
            }
        }
    }
    out
}

fn own_site_path(href: &str, own: Option<&str>) -> Option<String> {
    let href = href.trim();
    let absolute = if href.starts_with("//") { format!("https:{href}") } else { href.to_string() };
    let url = url::Url::parse(&absolute).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if own.is_some_and(|own| own != host) {
        return None;
    }
    Some(crate::site::percent_decode(url.path()))
}

/// `own` is the site's own host without `www.` (see `links::own_host`).
pub fn check(facts: &[PageFacts], site: &RenderedSite, own: Option<&str>, out: &mut Vec<Finding>) {
    let linked = referenced_paths(facts, own);
    // Media items with no copy linked, each with its copies.
    let mut items: BTreeMap<String, Vec<&Asset>> = BTreeMap::new();
    let mut linked_items: HashSet<String> = HashSet::new();
    for asset in &site.assets {
        let item = media_item(&asset.url);
        if linked.contains(address_key(&asset.url)) {
            linked_items.insert(item);
        } else if in_scope(asset) {
            items.entry(item).or_default().push(asset);
        }
    }
    items.retain(|item, _| !linked_items.contains(item));
    if items.is_empty() {
        return;
    }
    let named_elsewhere = named_in_other_files(site, &items);
    for (item, mut copies) in items {
        if named_elsewhere.contains(&item) {
            continue;
        }
        // The original (shortest name) first.
        copies.sort_by_key(|a| (a.url.len(), a.url.clone()));
        let shown = copies[0];
        let others = match copies.len() {
            1 => String::new(),
            n => format!(" (with {} resized cop{})", n - 1, if n == 2 { "y" } else { "ies" }),
        };
        let tagged =
            copies.iter().any(|a| a.original_metadata.as_ref().is_some_and(|m| m.person_tags().next().is_some()));
        let warning = if tagged { " It is tagged with people: if it shows pupils, delete it now." } else { "" };
        let list = copies.iter().find_map(|a| site.listed_in.get(&a.url)).copied();
        let (found, help) = where_found(list);
        out.push(Finding::new(
            UNLINKED,
            Severity::Warning,
            Location::asset(&shown.url, shown.source.as_ref()),
            format!("{}{others} is published but no page links to it or shows it{found}.{warning}", shown.url),
            help,
        ));
    }
}

/// Where a live site listed a file no page links to, and how to remove it
/// from there: the school deletes a WordPress upload in the media library,
/// not by hand on the server.
fn where_found(list: Option<ListedIn>) -> (&'static str, &'static str) {
    const DEFAULT: &str =
        "If it belongs on the site, link to it from the right page; if not, delete it (and its copies) from the site.";
    match list {
        None => ("", DEFAULT),
        Some(ListedIn::Sitemap) => (
            " (the sitemap lists it)",
            "If it belongs on the site, link to it from the right page; if not, delete it (and its copies) from the site, and it leaves the sitemap with it.",
        ),
        Some(ListedIn::WordPressMedia) => (
            " (found in the WordPress media library)",
            "If it belongs on the site, link to it from the right page; if not, delete it permanently in WordPress under Media → Library, which removes its resized copies too.",
        ),
        Some(ListedIn::FolderListing) => (
            " (found in a folder listing the web server shows to anyone)",
            "If it belongs on the site, link to it from the right page; if not, delete it. Ask whoever runs the web server to turn off folder listings too (Apache: Options -Indexes; nginx: autoindex off).",
        ),
        Some(ListedIn::SearchIndex) => (
            " (the site's search index lists it)",
            "If it belongs on the site, link to it from the right page; if not, delete it from the site and rebuild, so the search index drops it too.",
        ),
    }
}

/// Media items whose file name appears in a style sheet, script, data file
/// or document of the site (a background picture, a file a PDF links to):
/// those are reached without a page link. One pass over those files' bytes.
fn named_in_other_files(site: &RenderedSite, items: &BTreeMap<String, Vec<&Asset>>) -> HashSet<String> {
    let mut names: Vec<String> = Vec::new();
    let mut owners: Vec<&String> = Vec::new();
    for (item, copies) in items {
        for copy in copies {
            let name = file_name(&copy.url);
            if name.len() >= 5 {
                names.push(name.to_string());
                owners.push(item);
                let encoded = name.replace(' ', "%20");
                if encoded != name {
                    names.push(encoded);
                    owners.push(item);
                }
            }
        }
    }
    let Ok(matcher) = AhoCorasick::builder().ascii_case_insensitive(true).build(&names) else {
        return HashSet::new();
    };
    let mut found = HashSet::new();
    for source in site.assets.iter().filter(|a| refers_to_files(a)) {
        for m in matcher.find_overlapping_iter(&*source.bytes) {
            found.insert(owners[m.pattern().as_usize()].clone());
        }
        if let Some(text) = &source.text {
            for m in matcher.find_overlapping_iter(text.as_str()) {
                found.insert(owners[m.pattern().as_usize()].clone());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordpress_copies_are_one_media_item() {
        let item = media_item("/wp-content/uploads/2019/05/Sports-Day.jpg");
        for copy in [
            "/wp-content/uploads/2019/05/Sports-Day-800x533.jpg",
            "/wp-content/uploads/2019/05/sports-day-150x150.jpg",
            "/wp-content/uploads/2019/05/Sports-Day-scaled.jpg",
            "/wp-content/uploads/2019/05/Sports-Day-e1690000000000-300x200.jpg",
            "/wp-content/uploads/2019/05/Sports-Day.jpg.webp",
        ] {
            assert_eq!(media_item(copy), item, "{copy}");
        }
        // Decoys: another upload, a year in the name, another folder.
        assert_ne!(media_item("/wp-content/uploads/2019/05/Sports-Day-2.jpg"), item);
        assert_ne!(
            media_item("/wp-content/uploads/2019/05/Year-6-2024-25.pdf"),
            media_item("/wp-content/uploads/2019/05/Year-6.pdf")
        );
        assert_ne!(media_item("/wp-content/uploads/2020/05/Sports-Day.jpg"), item);
    }
}

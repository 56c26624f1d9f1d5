//! Finding published files that no link leads to.
//!
//! On real school sites the worst leaks sit in files nothing links to any
//! more: last year's photos of pupils, superseded policies, a tutor's
//! invoice. A crawl that only follows links never sees them, so after the
//! crawl Schoolgate asks the places a site lists its files itself:
//!
//! - the WordPress media library (`/wp-json/wp/v2/media`, paginated), when
//!   the site is WordPress;
//! - folder listings ("Index of /wp-content/uploads/2019/05/") that Apache,
//!   nginx and IIS serve when a folder has no index page;
//! - search index files of static generators (`/search-index.json`,
//!   Hugo's `/index.json`, Jekyll's `/search.json`).
//!
//! (Sitemaps, including gzipped ones, are read before the crawl; see
//! [`super::Crawler::read_sitemaps`].) This module only reads answers: what
//! to ask for and how much is decided by the crawler, which fetches politely
//! and within the crawl's limits. Files found only this way are fetched and
//! audited like any other, and the audit reports them as unlinked.

use std::io::Read;

use url::Url;

/// Addresses of search index files static site generators publish.
pub const SEARCH_INDEX_PATHS: &[&str] =
    &["/search-index.json", "/search.json", "/index.json", "/searchindex.json", "/lunr-index.json"];

/// Media items asked for per request (WordPress allows at most 100).
pub const MEDIA_PER_PAGE: usize = 100;

/// The media library's pages read at most (5,000 items).
pub const MAX_MEDIA_PAGES: usize = 50;

/// Folder listings read at most, probes included.
pub const MAX_LISTINGS: usize = 200;

/// How deep below a listed folder its sub-folders are followed.
pub const MAX_LISTING_DEPTH: usize = 6;

/// Folders whose files belong to the CMS or framework, not the school: not
/// worth a request (their pictures are never reported as unlinked).
const CODE_FOLDERS: &[&str] =
    &["/wp-content/themes/", "/wp-content/plugins/", "/wp-includes/", "/wp-admin/", "/_next/", "/_nuxt/"];

/// The WordPress REST API's address, if `html` is a WordPress page.
///
/// WordPress announces it in every page's head
/// (`<link rel="https://api.w.org/" href="https://school.example/wp-json/">`),
/// as `?rest_route=/` on sites without pretty permalinks. A page that only
/// shows WordPress's folders (`/wp-content/`) gets the conventional address.
pub fn wordpress_api_root(html: &str, page: &Url) -> Option<Url> {
    if let Some(href) = api_link_href(html)
        && let Ok(root) = page.join(&href)
    {
        return Some(root);
    }
    let generator = html.contains("content=\"WordPress") || html.contains("content='WordPress");
    (generator || html.contains("/wp-content/") || html.contains("/wp-includes/"))
        .then(|| page.join("/wp-json/").ok())?
}

/// The `href` of `<link rel="https://api.w.org/" …>`, without a DOM parse:
/// it is one tag in the head, and this runs on every crawled page until found.
fn api_link_href(html: &str) -> Option<String> {
    let at = html.find("https://api.w.org/")?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    let tag = &html[start..end];
    let href_at = tag.find("href=")? + "href=".len();
    let rest = &tag[href_at..];
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    let value = &value[..value.find(quote)?];
    Some(value.replace("&amp;", "&"))
}

/// The address of page `n` (from 1) of the media library under `root`.
pub fn media_page_url(root: &Url, n: usize) -> Option<Url> {
    let mut url = if root.query_pairs().any(|(k, _)| k == "rest_route") {
        // https://school.example/?rest_route=/ → ?rest_route=/wp/v2/media
        let mut u = root.clone();
        u.set_query(None);
        u.query_pairs_mut().append_pair("rest_route", "/wp/v2/media");
        u
    } else {
        let mut base = root.clone();
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        base.join("wp/v2/media").ok()?
    };
    url.query_pairs_mut()
        .append_pair("per_page", &MEDIA_PER_PAGE.to_string())
        .append_pair("page", &n.to_string())
        .append_pair("_fields", "source_url");
    Some(url)
}

/// The files one page of the media library lists (each item's
/// `source_url`, the uploaded original), or `None` when the answer is not a
/// list of media items: past the last page WordPress answers an error
/// object, and a site without the endpoint answers a web page.
pub fn media_sources(json: &[u8]) -> Option<Vec<String>> {
    let value: serde_json::Value = serde_json::from_slice(json).ok()?;
    let items = value.as_array()?;
    Some(items.iter().filter_map(|item| item.get("source_url").and_then(|s| s.as_str())).map(str::to_string).collect())
}

/// A folder listing's entries: `(address, is_folder)` for each link below
/// the listed folder, or `None` when `html` is not a listing (a page that
/// happens to be at a folder's address).
///
/// Apache and nginx title their listings "Index of /path/"; IIS titles them
/// "host - /path/" and offers "[To Parent Directory]". Links that sort the
/// listing (`?C=M;O=A`) or lead up or elsewhere are not entries.
pub fn listing_entries(html: &str, folder: &Url) -> Option<Vec<(Url, bool)>> {
    let head = &html[..html.len().min(4096)];
    let lower = head.to_ascii_lowercase();
    let is_listing = lower.contains("<title>index of /") || lower.contains("[to parent directory]");
    if !is_listing {
        return None;
    }
    let base = folder.path();
    let mut out = Vec::new();
    for link in super::links::page_links(html, folder) {
        if link.origin() != folder.origin() || link.query().is_some() {
            continue;
        }
        let path = link.path();
        if path.len() <= base.len() || !path.starts_with(base) {
            continue;
        }
        let is_folder = path.ends_with('/');
        out.push((link, is_folder));
    }
    Some(out)
}

/// Whether a folder is worth asking for its listing: not the home page,
/// not the CMS's own code.
pub fn worth_listing(folder: &Url) -> bool {
    let path = folder.path().to_ascii_lowercase();
    path != "/" && !CODE_FOLDERS.iter().any(|c| path.starts_with(c))
}

/// The folders above a file, nearest first, without the site root:
/// `/wp-content/uploads/2019/05/a.jpg` → `…/2019/05/`, `…/2019/`,
/// `/wp-content/uploads/`, `/wp-content/`.
pub fn folders_above(file: &Url) -> Vec<Url> {
    let mut out = Vec::new();
    let mut path = file.path().to_string();
    while let Some(cut) = path.trim_end_matches('/').rfind('/') {
        if cut == 0 {
            break;
        }
        path.truncate(cut + 1);
        let mut folder = file.clone();
        folder.set_query(None);
        folder.set_fragment(None);
        folder.set_path(&path);
        out.push(folder);
    }
    out
}

/// Addresses a search index file lists, resolved against the site: the
/// string values of the keys generators use for a document's address,
/// anywhere in the JSON. `None` when the file is not JSON.
pub fn search_index_urls(json: &[u8], site: &Url) -> Option<Vec<Url>> {
    const KEYS: &[&str] = &["url", "href", "permalink", "relpermalink", "uri", "path", "link", "src", "file"];
    let value: serde_json::Value = serde_json::from_slice(json).ok()?;
    let mut out = Vec::new();
    let mut stack = vec![&value];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Array(items) => stack.extend(items),
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    match v.as_str() {
                        Some(s) if KEYS.contains(&k.to_ascii_lowercase().as_str()) => {
                            let s = s.trim();
                            let looks_like_address = s.starts_with('/') || s.starts_with("http");
                            if looks_like_address && let Ok(u) = site.join(s) {
                                out.push(u);
                            }
                        }
                        _ => stack.push(v),
                    }
                }
            }
            _ => {}
        }
    }
    Some(out)
}

/// A gzipped file's contents (a `sitemap.xml.gz`), at most `max` bytes, or
/// `None` when it is not gzip, is damaged or unpacks to more than `max`
/// (a compression bomb stops at the cap).
pub fn gunzip(body: &[u8], max: u64) -> Option<Vec<u8>> {
    if !body.starts_with(&[0x1f, 0x8b]) {
        return None;
    }
    let mut out = Vec::new();
    let mut reader = flate2::read::GzDecoder::new(body).take(max + 1);
    reader.read_to_end(&mut out).ok()?;
    (out.len() as u64 <= max).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn the_rest_api_is_read_from_the_head_link() {
        let home = url("https://oak.example/");
        let html = r#"<head><link rel='https://api.w.org/' href='https://oak.example/wp-json/' />"#;
        assert_eq!(wordpress_api_root(html, &home).unwrap().as_str(), "https://oak.example/wp-json/");
        let plain = r#"<link rel="https://api.w.org/" href="https://oak.example/?rest_route=/">"#;
        let root = wordpress_api_root(plain, &home).unwrap();
        let first = media_page_url(&root, 1).unwrap();
        assert_eq!(
            first.as_str(),
            "https://oak.example/?rest_route=%2Fwp%2Fv2%2Fmedia&per_page=100&page=1&_fields=source_url"
        );
        // A site in a sub-folder keeps it.
        let sub = wordpress_api_root(r#"<link href="/school/wp-json/" rel="https://api.w.org/">"#, &home).unwrap();
        assert_eq!(media_page_url(&sub, 2).unwrap().path(), "/school/wp-json/wp/v2/media");
    }

    #[test]
    fn wordpress_is_recognised_by_its_folders_and_nothing_else_is() {
        let home = url("https://oak.example/");
        let theme = r#"<link rel="stylesheet" href="/wp-content/themes/school/style.css">"#;
        assert_eq!(wordpress_api_root(theme, &home).unwrap().as_str(), "https://oak.example/wp-json/");
        // Decoys: another CMS, and a page that only talks about WordPress.
        assert!(wordpress_api_root(r#"<meta name="generator" content="Hugo 0.111">"#, &home).is_none());
        assert!(wordpress_api_root("<p>Our old site ran on WordPress.</p>", &home).is_none());
    }

    #[test]
    fn media_pages_list_originals_and_the_end_is_an_error_object() {
        let page = br#"[{"source_url":"https://oak.example/wp-content/uploads/2019/05/IMG_0412.jpg"},
                        {"source_url":"https://oak.example/wp-content/uploads/2020/01/invoice.pdf"},{"id":7}]"#;
        assert_eq!(media_sources(page).unwrap().len(), 2);
        let past_end = br#"{"code":"rest_post_invalid_page_number","message":"The page number requested is larger than the number of pages available.","data":{"status":400}}"#;
        assert!(media_sources(past_end).is_none());
        assert!(media_sources(b"<!doctype html><title>Not found</title>").is_none());
        assert_eq!(media_sources(b"[]").unwrap().len(), 0);
    }

    #[test]
    fn apache_nginx_and_iis_listings_are_read_and_pages_are_not() {
        let folder = url("https://oak.example/wp-content/uploads/2019/");
        let apache = r#"<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN"><html><head><title>Index of /wp-content/uploads/2019</title></head>
            <body><h1>Index of /wp-content/uploads/2019</h1><table><tr><th><a href="?C=N;O=D">Name</a></th></tr>
            <tr><td><a href="/wp-content/uploads/">Parent Directory</a></td></tr>
            <tr><td><a href="05/">05/</a></td></tr><tr><td><a href="Sports%20Day.jpg">Sports Day.jpg</a></td></tr></table></body></html>"#;
        let entries = listing_entries(apache, &folder).unwrap();
        let paths: Vec<(&str, bool)> = entries.iter().map(|(u, f)| (u.path(), *f)).collect();
        assert_eq!(
            paths,
            vec![("/wp-content/uploads/2019/05/", true), ("/wp-content/uploads/2019/Sports%20Day.jpg", false)]
        );
        let nginx = r#"<html><head><title>Index of /docs/</title></head><body><h1>Index of /docs/</h1><hr><pre><a href="../">../</a>
            <a href="old-admissions.pdf">old-admissions.pdf</a>  12-Mar-2019 10:02  81234</pre></body></html>"#;
        assert_eq!(listing_entries(nginx, &url("https://oak.example/docs/")).unwrap().len(), 1);
        let iis = r#"<html><head><title>oak.example - /docs/</title></head><body><H1>oak.example - /docs/</H1><hr>
            <pre><A HREF="/">[To Parent Directory]</A><br><br> 3/12/2019 10:02 AM 81234 <A HREF="/docs/form.docx">form.docx</A></pre></body></html>"#;
        assert_eq!(listing_entries(iis, &url("https://oak.example/docs/")).unwrap().len(), 1);
        // Decoy: the school's own "Documents" page at a folder address.
        let page = r#"<html><head><title>Documents | Oak Lane</title></head><body><a href="/docs/policy.pdf">Policy</a></body></html>"#;
        assert!(listing_entries(page, &url("https://oak.example/docs/")).is_none());
    }

    #[test]
    fn folders_above_a_file_stop_below_the_root_and_skip_code() {
        let above = folders_above(&url("https://oak.example/wp-content/uploads/2019/05/a.jpg?ver=2"));
        let paths: Vec<&str> = above.iter().map(Url::path).collect();
        assert_eq!(
            paths,
            ["/wp-content/uploads/2019/05/", "/wp-content/uploads/2019/", "/wp-content/uploads/", "/wp-content/"]
        );
        assert!(above.iter().all(|u| u.query().is_none()));
        assert!(folders_above(&url("https://oak.example/a.jpg")).is_empty());
        assert!(!worth_listing(&url("https://oak.example/wp-content/themes/oak/img/")));
        assert!(!worth_listing(&url("https://oak.example/")));
        assert!(worth_listing(&url("https://oak.example/wp-content/uploads/")));
    }

    #[test]
    fn search_indexes_of_hugo_eleventy_and_lunr_give_their_addresses() {
        let site = url("https://oak.example/");
        let hugo = br#"[{"title":"Old trip","permalink":"https://oak.example/news/2019/trip/","content":"..."}]"#;
        assert_eq!(search_index_urls(hugo, &site).unwrap()[0].path(), "/news/2019/trip/");
        let eleventy =
            br#"{"docs":[{"url":"/policies/old-charging.pdf","title":"Charging"},{"url":"not an address"}]}"#;
        let found = search_index_urls(eleventy, &site).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path(), "/policies/old-charging.pdf");
        assert!(search_index_urls(b"<html>", &site).is_none());
    }

    #[test]
    fn gzipped_sitemaps_unpack_within_the_cap() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&vec![b'<'; 10_000]).unwrap();
        let packed = gz.finish().unwrap();
        assert_eq!(gunzip(&packed, 10_000).unwrap().len(), 10_000);
        assert!(gunzip(&packed, 9_999).is_none(), "a bomb stops at the cap");
        assert!(gunzip(b"<urlset/>", 100).is_none());
        assert!(gunzip(&packed[..packed.len() / 2], 10_000).is_none(), "a damaged file is not read");
    }
}

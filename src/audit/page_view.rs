//! A page parsed once, with the facts every check needs pulled out.
//!
//! Parsing HTML is the most expensive step of the audit, so each page is
//! parsed exactly once; all page checks then read the [`PageView`]. The
//! owned [`PageFacts`] summary survives the parallel pass and feeds the
//! site-wide checks.

use scraper::{ElementRef, Html, Node, Selector};

use super::rules::shell::{self, ShellSigns};
use crate::site::{Page, SourceRef, percent_decode};

/// Elements whose text a visitor never reads.
const HIDDEN: &[&str] = &["script", "style", "noscript", "template", "head"];

/// Elements that break text into separate blocks. Inline elements do not, so
/// `<b>Harry</b> Patel` reads as "Harry Patel".
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "tr",
    "table",
    "br",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "main",
    "aside",
    "figure",
    "figcaption",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "hr",
    "address",
    "form",
    "option",
    "title",
    "body",
    "html",
];

/// An `<img>` (or other image-like element) and what surrounds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Element name: `img`, `input`, `area`, or the tag carrying `role="img"`.
    pub element: String,
    /// `src` as written (empty for `role="img"`).
    pub src: String,
    /// Site-relative URL the `src` resolves to, when it is on this site.
    pub resolved: Option<String>,
    /// `alt` attribute; `None` when missing.
    pub alt: Option<String>,
    /// `aria-label`, or the text of the `aria-labelledby` target.
    pub aria_label: Option<String>,
    pub title: Option<String>,
    /// `role="presentation"`/`"none"` or `aria-hidden="true"`.
    pub presentational: bool,
    /// Text of the enclosing `<figure>`'s `<figcaption>`, if any.
    pub caption: Option<String>,
    /// The image is the only content of a link (so it must name the destination).
    pub sole_link_content: bool,
    /// Visible text of the closest paragraph, list item, cell or link around it.
    pub surrounding_text: String,
    /// The headings the image sits under, outermost first (the page's
    /// `<h1>`, then its `<h2>` section…), from the page's own content. Tells
    /// a staff or governors section from a class gallery.
    pub section: Vec<String>,
}

/// A file the page loads to show itself: a picture (`<img src>`, each
/// `srcset` candidate, `<source>`, lazy-loading `data-src`), an image
/// button, a video, its poster or an audio clip, or the site's icon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedRef {
    /// `img`, `source`, `video`, `audio`, `input`, `link`.
    pub element: String,
    /// The address as written.
    pub url: String,
    /// Site-relative URL, when it is on this site.
    pub resolved: Option<String>,
}

/// A link on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub href: String,
    /// Site-relative URL for links on this site (path only, no fragment).
    pub resolved: Option<String>,
    /// Visible text (or the alt text of an image inside it).
    pub text: String,
}

/// A parsed page.
pub struct PageView<'a> {
    pub page: &'a Page,
    pub doc: Html,
    pub title: String,
    /// Headings of the page's own content (inside `<main>` when the page has
    /// one), so the site's header and footer do not make every page look
    /// like a "Contact us" page.
    pub headings: Vec<(u8, String)>,
    /// Visible text of the whole page, blocks separated by newlines,
    /// whitespace collapsed. Name checks read this: a footer can name a child too.
    pub text: String,
    pub images: Vec<ImageRef>,
    pub links: Vec<LinkRef>,
    pub embeds: Vec<EmbedRef>,
    pub meta_description: Option<String>,
    /// Why the page looks like a JavaScript shell, when it does (see
    /// [`super::rules::shell`]).
    pub shell: Option<ShellSigns>,
}

/// The owned summary of a page handed to the site-wide checks.
#[derive(Debug, Clone, Default)]
pub struct PageFacts {
    pub url: String,
    pub source: Option<SourceRef>,
    pub title: String,
    pub headings: Vec<(u8, String)>,
    pub text: String,
    pub links: Vec<LinkRef>,
    /// Images with their alt text and captions: where each photo is shown
    /// (see [`super::PhotoUsage`]).
    pub images: Vec<ImageRef>,
    /// Pictures, videos and icons the page loads (see [`EmbedRef`]).
    pub embeds: Vec<EmbedRef>,
    /// Why the page looks like a JavaScript shell, when it does: decides
    /// whether the site could be read at all (see [`super::rules::shell`]).
    pub shell: Option<ShellSigns>,
}

fn sel(s: &str) -> Selector {
    // Only called with the literal selectors below, which are valid.
    Selector::parse(s).expect("static selector")
}

impl<'a> PageView<'a> {
    pub fn parse(page: &'a Page) -> Self {
        let doc = Html::parse_document(&page.html);
        let title =
            doc.select(&sel("title")).next().map(|t| collapse(&t.text().collect::<String>())).unwrap_or_default();
        let body = doc.select(&sel("body")).next().unwrap_or_else(|| doc.root_element());
        let main = doc.select(&sel("main, [role=main]")).next().unwrap_or(body);
        let headings = main
            .select(&sel("h1, h2, h3, h4, h5, h6"))
            .map(|h| {
                let level = h.value().name().as_bytes()[1] - b'0';
                (level, visible_text(h))
            })
            .collect();
        let text = visible_text(body);
        let meta_description =
            doc.select(&sel("meta[name=description]")).next().and_then(|m| m.value().attr("content")).map(collapse);
        let links = doc
            .select(&sel("a[href]"))
            .map(|a| {
                let href = a.value().attr("href").unwrap_or("").to_string();
                let mut text = visible_text(a);
                if text.is_empty() {
                    text =
                        a.select(&sel("img[alt]")).filter_map(|i| i.value().attr("alt")).collect::<Vec<_>>().join(" ");
                }
                LinkRef { resolved: resolve(&page.url, &href), href, text }
            })
            .collect();
        let mut sections = image_sections(&doc, main).into_iter();
        let images = doc
            .select(&sel(IMAGES))
            .map(|el| image_ref(&doc, el, &page.url, sections.next().unwrap_or_default()))
            .collect();
        let embeds = embeds(&doc, &page.url);
        let shell = shell::signs(&doc, &text);
        PageView { page, doc, title, headings, text, images, links, embeds, meta_description, shell }
    }

    pub fn into_facts(self) -> PageFacts {
        PageFacts {
            url: self.page.url.clone(),
            source: self.page.source.clone(),
            title: self.title,
            headings: self.headings,
            text: self.text,
            links: self.links,
            images: self.images,
            embeds: self.embeds,
            shell: self.shell,
        }
    }
}

/// Attributes that hold an address the browser loads to show the element.
const EMBED_ATTRIBUTES: &[&str] = &["src", "data-src", "poster"];

fn embeds(doc: &Html, page_url: &str) -> Vec<EmbedRef> {
    let mut out = Vec::new();
    let mut push = |element: &str, url: &str| {
        let url = url.trim();
        if !url.is_empty() {
            out.push(EmbedRef { element: element.into(), url: url.into(), resolved: resolve(page_url, url) });
        }
    };
    for el in doc.select(&sel("img, source, video, audio, input[type=image], link[rel][href]")) {
        let v = el.value();
        let name = v.name();
        if name == "link" {
            let rel = v.attr("rel").unwrap_or("").to_ascii_lowercase();
            if rel.split_whitespace().any(|r| r == "icon" || r == "apple-touch-icon") {
                push(name, v.attr("href").unwrap_or(""));
            }
            continue;
        }
        for attr in EMBED_ATTRIBUTES {
            if let Some(value) = v.attr(attr) {
                push(name, value);
            }
        }
        for attr in ["srcset", "data-srcset"] {
            for candidate in v.attr(attr).unwrap_or("").split(',') {
                if let Some(url) = candidate.split_whitespace().next() {
                    push(name, url);
                }
            }
        }
    }
    out
}

/// Elements that show an image.
const IMAGES: &str = "img, input[type=image], area[href], [role=img]";

/// For each image on the page, in document order (the order of
/// `doc.select(IMAGES)`), the headings of the page's own content (`main`)
/// above it, one per level: a new `<h2>` closes the previous `<h2>` and
/// everything under it.
fn image_sections(doc: &Html, main: ElementRef<'_>) -> Vec<Vec<String>> {
    let images = sel(IMAGES);
    let own_headings: Vec<_> = main.select(&sel("h1, h2, h3, h4, h5, h6")).map(|h| h.id()).collect();
    let mut outline: Vec<(u8, String)> = Vec::new();
    let mut out = Vec::new();
    for el in doc.root_element().descendants().filter_map(ElementRef::wrap) {
        if own_headings.contains(&el.id()) {
            let level = el.value().name().as_bytes()[1] - b'0';
            outline.retain(|(l, _)| *l < level);
            outline.push((level, visible_text(el)));
        } else if images.matches(&el) {
            out.push(outline.iter().map(|(_, t)| t.clone()).collect());
        }
    }
    out
}

fn image_ref(doc: &Html, el: ElementRef<'_>, page_url: &str, section: Vec<String>) -> ImageRef {
    let v = el.value();
    let src = v.attr("src").unwrap_or("").to_string();
    let aria_label = v.attr("aria-label").map(str::to_string).or_else(|| {
        let ids = v.attr("aria-labelledby")?;
        let text: Vec<String> = ids
            .split_whitespace()
            .filter_map(|id| {
                let s = Selector::parse(&format!("[id=\"{}\"]", id.replace('"', ""))).ok()?;
                doc.select(&s).next().map(visible_text)
            })
            .collect();
        (!text.is_empty()).then(|| text.join(" "))
    });
    let presentational =
        matches!(v.attr("role"), Some("presentation" | "none")) || v.attr("aria-hidden") == Some("true");
    let mut caption = None;
    let mut sole_link_content = false;
    let mut surrounding_text = String::new();
    for anc in el.ancestors().filter_map(ElementRef::wrap) {
        let name = anc.value().name();
        if name == "figure" && caption.is_none() {
            caption = anc.select(&sel("figcaption")).next().map(visible_text);
        }
        if name == "a" && !sole_link_content && anc.value().attr("href").is_some() {
            sole_link_content = visible_text(anc).is_empty() && anc.select(&sel("img")).count() == 1;
        }
        if surrounding_text.is_empty() && matches!(name, "p" | "li" | "td" | "th" | "a" | "button" | "figcaption") {
            surrounding_text = visible_text(anc);
        }
    }
    ImageRef {
        element: v.name().to_string(),
        resolved: resolve(page_url, &src),
        src,
        alt: v.attr("alt").map(str::to_string),
        aria_label,
        title: v.attr("title").map(str::to_string),
        presentational,
        caption,
        sole_link_content,
        surrounding_text,
        section,
    }
}

/// Visible text of an element: inline runs joined, blocks on new lines.
pub fn visible_text(el: ElementRef<'_>) -> String {
    let mut raw = String::new();
    walk(el, &mut raw);
    let lines: Vec<String> = raw.split('\n').map(collapse).filter(|l| !l.is_empty()).collect();
    lines.join("\n")
}

fn walk(el: ElementRef<'_>, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if HIDDEN.contains(&name) || e.attr("hidden").is_some() {
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    out.push('\n');
                }
                if let Some(c) = ElementRef::wrap(child) {
                    walk(c, out);
                }
                if block {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
}

/// Collapses runs of whitespace (including no-break spaces) to one space.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// Resolves `href` found on `page_url` to a site-relative path (no query or
/// fragment), or `None` for links off the site (other hosts, `mailto:`…).
pub fn resolve(page_url: &str, href: &str) -> Option<String> {
    // A rendered in-app route (`/#/news/`, see `source::render`) is the
    // document `/`: relative links resolve against that, not the fragment.
    let page_url = page_url.split(['#', '?']).next().unwrap_or(page_url);
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let lower = href.to_ascii_lowercase();
    if lower.starts_with("//") || lower.contains(':') && !lower.starts_with('/') {
        return None;
    }
    // Menus and footers repeat the same absolute, already clean addresses
    // ("/about-us/") on every page: those are their own answer.
    if is_clean_absolute(href) {
        return Some(href.to_string());
    }
    let path = href.split(['#', '?']).next().unwrap_or("");
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        let base = match page_url.rfind('/') {
            Some(i) => &page_url[..=i],
            None => "/",
        };
        format!("{base}{path}")
    };
    Some(normalise_path(&joined, path.is_empty()))
}

/// `joined` (an absolute path) with empty and `.` segments dropped, `..`
/// applied, the folder slash kept (or added when the link was only a query
/// or fragment) and %-codes decoded.
fn normalise_path(joined: &str, empty_link: bool) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if (joined.ends_with('/') || empty_link) && out.len() > 1 {
        out.push('/');
    }
    percent_decode(&out)
}

/// An address [`resolve`] would return unchanged: absolute, no query,
/// fragment, %-code, empty, `.` or `..` segment.
fn is_clean_absolute(href: &str) -> bool {
    href.starts_with('/')
        && !href.contains(['#', '?', '%', '\\'])
        && href[1..].split('/').enumerate().all(|(i, seg)| match seg {
            "" => i + 1 == href[1..].split('/').count(),
            "." | ".." => false,
            _ => true,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut gives exactly what the full resolution gives.
    #[test]
    fn clean_absolute_addresses_resolve_to_themselves() {
        for href in [
            "/",
            "/about-us/",
            "/about-us",
            "/news/sports-day/race.jpg",
            "//cdn.example.com/x",
            "/a//b/",
            "/a/./b",
            "/a/../b",
            "/a/b/..",
            "/x%20y.pdf",
            "/a?b=1",
            "/a#top",
            "/a/.hidden/",
            "/a\\b",
            "/é/ü/",
        ] {
            let path = href.split(['#', '?']).next().unwrap_or("");
            let slow = normalise_path(path, path.is_empty());
            if is_clean_absolute(href) {
                assert_eq!(href, slow, "{href}");
            }
            if !href.starts_with("//") {
                assert_eq!(resolve("/news/", href).as_deref(), Some(slow.as_str()), "{href}");
            }
        }
        assert!(is_clean_absolute("/about-us/") && is_clean_absolute("/"));
        assert!(!is_clean_absolute("/a//b/") && !is_clean_absolute("/a/../b") && !is_clean_absolute("/x%20y"));
    }

    fn page(html: &str) -> Page {
        Page {
            url: "/news/sports-day/".into(),
            html: html.into(),
            source: None,
            photo_declarations: vec![],
            shared_to: vec![],
        }
    }

    #[test]
    fn inline_tags_do_not_split_words_but_blocks_do() {
        let p = page("<html><body><p><b>Harry</b> Patel won</p><p>Next</p><script>x()</script></body></html>");
        let v = PageView::parse(&p);
        assert_eq!(v.text, "Harry Patel won\nNext");
    }

    #[test]
    fn resolves_relative_links() {
        assert_eq!(resolve("/news/a/", "b.jpg").as_deref(), Some("/news/a/b.jpg"));
        assert_eq!(resolve("/news/a/", "../b/").as_deref(), Some("/news/b/"));
        assert_eq!(resolve("/news/a/", "/x%20y.pdf#p2").as_deref(), Some("/x y.pdf"));
        assert_eq!(resolve("/", "https://ofsted.gov.uk/x"), None);
        assert_eq!(resolve("/", "mailto:a@b.c"), None);
        // A rendered hash route is its document: `/`.
        assert_eq!(resolve("/#/news/sports-day", "media/a.jpg").as_deref(), Some("/media/a.jpg"));
    }

    #[test]
    fn image_facts_capture_caption_and_link_context() {
        let p = page(
            r#"<body><figure><a href="/x/"><img src="a.jpg"></a><figcaption>Sports <i>day</i></figcaption></figure></body>"#,
        );
        let v = PageView::parse(&p);
        let img = &v.images[0];
        assert_eq!(img.alt, None);
        assert_eq!(img.caption.as_deref(), Some("Sports day"));
        assert!(img.sole_link_content);
        assert_eq!(img.resolved.as_deref(), Some("/news/sports-day/a.jpg"));
    }
}

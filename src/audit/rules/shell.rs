//! JavaScript-only sites (single-page apps): pages that are an empty shell
//! the visitor's browser fills in by running script bundles.
//!
//! Schoolgate reads the HTML a server sends; it does not run JavaScript. On
//! a shell there is nothing to read, so every other check would see an empty
//! site, and the statutory check would report every item "missing" as if it
//! had looked for it. This module recognises the shell from the page's own
//! markup ([`signs`], computed once per page in the page pass and kept in
//! [`PageFacts::shell`]), decides whether the *site* is one ([`site_shell`]),
//! and makes the one `crawl/javascript-only` finding that says what that
//! means for the audit. The verdict is handed to the statutory check as
//! [`super::statutory::Visibility::ShellOnly`], which then reports nothing
//! as missing.
//!
//! All three of these must hold, so that a short server-rendered page (a
//! "Contact us" page with an address) is never mistaken for a shell:
//! 1. the visible body text is tiny ([`MAX_SHELL_TEXT`]);
//! 2. there is an app-root marker (`<app-root>`, `[ng-version]`,
//!    `[data-reactroot]`, or an *empty* `#root`/`#app`/`#__next`/
//!    `#___gatsby`/`#__nuxt`/`#svelte`);
//! 3. the page loads script bundles (`<script src>` or module scripts).
//!
//! Hash-route links (`#/…`, `#!/…`) and a `<base href>` are recorded as
//! supporting signs for the message, not required.

use scraper::{ElementRef, Html, Selector};

use crate::audit::page_view::visible_text;
use crate::audit::{Finding, Location, PageFacts, Severity};
use crate::site::Rendering;

/// Rule id. Registered in [`super::crawl::RULES`] with the other `crawl/*`
/// rules, since it describes what the audit could fetch.
pub const JAVASCRIPT_ONLY: &str = "crawl/javascript-only";

/// A page whose visible text has fewer non-space characters than this may
/// be a shell. Why 200: a shell shows nothing, or a splash ("Loading…",
/// "Oakfield Primary School" in a spinner), well under 50. Every
/// server-rendered school page has a menu (eight short items are about 100
/// characters) plus a heading, a footer address and its own words, so it
/// is over 200 even when the page itself says little; and a short page
/// without an app root is never a shell whatever its length (rule 2).
pub const MAX_SHELL_TEXT: usize = 200;

/// An `id` root (`#app`) counts as empty when its visible text is at most
/// this long: Vue and React templates often say "Loading…" there.
const MAX_PLACEHOLDER: usize = 30;

/// Ids that single-page-app frameworks mount into: React (create-react-app
/// `root`), Vue (`app`), Next.js, Gatsby, Nuxt, SvelteKit.
const ROOT_IDS: &[&str] = &["root", "app", "__next", "___gatsby", "__nuxt", "svelte"];

/// Why a page looks like a JavaScript shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellSigns {
    /// The app-root marker found, as a reader would write it: `<app-root>`,
    /// `an empty <div id="root">`.
    pub root: String,
    /// Script bundles the page loads.
    pub bundles: usize,
    /// Links to hash routes (`#/school-day`).
    pub hash_routes: usize,
    /// `<base href>` as written, when the page has one.
    pub base_href: Option<String>,
}

fn sel(s: &str) -> Selector {
    // Only called with the literal selectors below, which are valid.
    Selector::parse(s).expect("static selector")
}

fn non_space(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// False when the page cannot be a shell whatever its markup: a shell loads
/// its app with a `<script>` element, and only the literal tag (in any case)
/// makes one; character references cannot. Lets the renderer skip parsing
/// the pages of an ordinary site to ask.
pub fn may_be_shell(html: &str) -> bool {
    html.as_bytes().windows(7).any(|w| w.eq_ignore_ascii_case(b"<script"))
}

/// The shell signs of a parsed page whose visible body text is `text`, or
/// `None` when it is not a shell (see the module doc for the three tests).
pub fn signs(doc: &Html, text: &str) -> Option<ShellSigns> {
    if non_space(text) >= MAX_SHELL_TEXT {
        return None;
    }
    let root = app_root(doc)?;
    let bundles = doc
        .select(&sel("script"))
        .filter(|s| {
            let v = s.value();
            v.attr("src").is_some_and(|src| !src.trim().is_empty())
                || v.attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("module"))
        })
        .count();
    if bundles == 0 {
        return None;
    }
    let hash_routes = doc
        .select(&sel("a[href]"))
        .filter(|a| {
            let href = a.value().attr("href").unwrap_or("").trim();
            href.starts_with("#/") || href.starts_with("#!/")
        })
        .count();
    let base_href =
        doc.select(&sel("base[href]")).next().and_then(|b| b.value().attr("href")).map(|h| h.trim().to_string());
    Some(ShellSigns { root, bundles, hash_routes, base_href })
}

/// The app-root marker of the page, described.
fn app_root(doc: &Html) -> Option<String> {
    if doc.select(&sel("app-root")).next().is_some() {
        return Some("<app-root>".into());
    }
    if let Some(el) = doc.select(&sel("[ng-version]")).next() {
        return Some(format!("<{} ng-version>", el.value().name()));
    }
    if let Some(el) = doc.select(&sel("[data-reactroot]")).next() {
        return Some(format!("<{} data-reactroot>", el.value().name()));
    }
    let body = doc.select(&sel("body")).next()?;
    body.select(&sel("[id]")).find_map(|el: ElementRef<'_>| {
        let id = el.value().attr("id")?;
        let empty = non_space(&visible_text(el)) <= MAX_PLACEHOLDER;
        (ROOT_IDS.contains(&id) && empty).then(|| format!("an empty <{} id=\"{id}\">", el.value().name()))
    })
}

/// The page that makes the site a JavaScript-only site: the home page when
/// it is a shell, otherwise the first shell page when more than half of
/// the pages are shells. `None` for an ordinary site.
pub fn site_shell(facts: &[PageFacts]) -> Option<&PageFacts> {
    let home = facts.iter().find(|f| f.url == "/");
    if let Some(home) = home.filter(|h| h.shell.is_some()) {
        return Some(home);
    }
    let shells = facts.iter().filter(|f| f.shell.is_some()).count();
    (shells * 2 > facts.len()).then(|| facts.iter().find(|f| f.shell.is_some())).flatten()
}

/// The one `crawl/javascript-only` finding for a shell site, at `page`.
/// `not_checked` is how many statutory items that apply to the school were
/// therefore not looked for (and not reported missing).
/// `rendering` is what the producer did about it (see
/// [`crate::source::render`]): the message says why only the shell was
/// read, and the help says how to let Schoolgate render the site.
pub fn finding(page: &PageFacts, not_checked: usize, rendering: &Rendering) -> Option<Finding> {
    let signs = page.shell.as_ref()?;
    let mut seen = vec![
        format!("{} as its app root", signs.root),
        format!("{} script bundle{}", signs.bundles, if signs.bundles == 1 { "" } else { "s" }),
    ];
    if signs.hash_routes > 0 {
        seen.push(format!("{} links to in-app routes (#/…)", signs.hash_routes));
    }
    if let Some(base) = &signs.base_href {
        seen.push(format!("<base href=\"{base}\">"));
    }
    let statutory = match not_checked {
        0 => "Statutory items were not checked.".to_string(),
        1 => "1 statutory item that applies to this school was not checked, and is not reported missing.".to_string(),
        n => format!("{n} statutory items that apply to this school were not checked, and are not reported missing."),
    };
    let why = match rendering {
        Rendering::NotOffered => String::new(),
        Rendering::TurnedOff => " Rendering with a browser was turned off (--render never).".to_string(),
        Rendering::NoBrowser(what) => format!(" Schoolgate could not render it: {what}."),
        Rendering::Rendered { pages: 0, .. } => {
            " Schoolgate tried to render it in headless Chromium, but the browser failed (see crawl/render-failed)."
                .to_string()
        }
        Rendering::Rendered { .. } => {
            " Schoolgate ran it in headless Chromium, but the page still showed no content (see crawl/render-failed)."
                .to_string()
        }
    };
    let message = format!(
        "This site builds its pages in the visitor's browser with JavaScript.{why} Schoolgate read only the empty \
         shell at {} (almost no text; {}), so photos, names and statutory pages could not be checked. {statutory}",
        page.url,
        seen.join(", ")
    );
    let help = format!(
        "Let Schoolgate render the site: install Chromium (Debian or Ubuntu: `sudo apt-get install chromium`; \
         macOS or Windows: install Google Chrome) or set {} to the browser program's path, then audit again with \
         --render auto (the default). Or audit the site's built output folder instead (the folder the site's \
         build writes, often dist/, build/ or out/), or ask the site's developer for a server-rendered or static \
         export.",
        crate::site::CHROMIUM_ENV
    );
    Some(Finding::new(
        JAVASCRIPT_ONLY,
        Severity::Warning,
        Location::page(&page.url, page.source.as_ref()),
        message,
        help,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(html: &str) -> Option<ShellSigns> {
        let doc = Html::parse_document(html);
        let body = doc.select(&sel("body")).next().unwrap();
        signs(&doc, &visible_text(body))
    }

    #[test]
    fn angular_shell_is_a_shell() {
        let s = check(
            r#"<html><head><base href="/"><script src="main.3f9a2b1c.js" type="module"></script></head>
               <body><app-root></app-root><noscript>Please enable JavaScript to view this site.</noscript></body></html>"#,
        )
        .expect("shell");
        assert_eq!(s.root, "<app-root>");
        assert_eq!(s.base_href.as_deref(), Some("/"));
        assert_eq!(s.bundles, 1);
    }

    #[test]
    fn short_server_page_without_root_is_not_a_shell() {
        assert_eq!(
            check(
                r#"<body><h1>Contact us</h1><p>1 Mill Lane, Leeds LS1 4AB</p><script src="/site.js"></script></body>"#
            ),
            None
        );
    }

    #[test]
    fn next_root_with_real_text_is_not_a_shell() {
        let words = "Oakfield Primary School welcomes every family. ".repeat(3);
        let html =
            format!(r#"<body><div id="__next"><p>{words}</p></div><script src="/_next/main.js"></script></body>"#);
        assert_eq!(check(&html), None);
        // Even when the page text is short, a root with content is not empty.
        let short = r#"<body><div id="__next"><h1>Term dates</h1><p>Autumn term starts on 3 September.</p></div>
                       <script src="/_next/main.js"></script></body>"#;
        assert_eq!(check(short), None);
    }

    #[test]
    fn the_quick_test_never_rules_out_a_shell() {
        // Every shell above, in any case, passes the quick test...
        for html in [
            r#"<html><head><SCRIPT SRC="main.js" type="module"></SCRIPT></head><body><app-root></app-root></body></html>"#,
            r#"<body><div id="app">Loading…</div><ScRiPt src="/js/app.js"></script></body>"#,
        ] {
            assert!(check(html).is_some(), "{html}");
            assert!(may_be_shell(html), "{html}");
        }
        // ...and a page without a script element cannot be one, even when
        // it spells "script" in text or as a character reference.
        for html in [
            r#"<body><div id="root"></div><p>The script for the nativity is ready.</p></body>"#,
            r#"<body><div id="root"></div>&lt;script src="/app.js"&gt;</body>"#,
        ] {
            assert!(!may_be_shell(html), "{html}");
            assert!(check(html).is_none(), "{html}");
        }
    }

    #[test]
    fn root_without_bundles_is_not_a_shell() {
        assert_eq!(check(r#"<body><div id="root"></div></body>"#), None);
    }

    #[test]
    fn loading_placeholder_still_counts_as_empty() {
        let s = check(r#"<body><div id="app">Loading…</div><script src="/js/app.js"></script></body>"#);
        assert_eq!(s.map(|s| s.root), Some("an empty <div id=\"app\">".into()));
    }

    #[test]
    fn site_is_a_shell_by_its_home_page_or_most_pages() {
        let signs = ShellSigns { root: "<app-root>".into(), bundles: 1, hash_routes: 0, base_href: None };
        let page = |url: &str, shell: bool| PageFacts {
            url: url.into(),
            shell: shell.then(|| signs.clone()),
            ..PageFacts::default()
        };
        assert_eq!(site_shell(&[page("/", true), page("/a/", false)]).map(|f| f.url.as_str()), Some("/"));
        assert!(site_shell(&[page("/", false), page("/a/", true)]).is_none());
        assert_eq!(
            site_shell(&[page("/", false), page("/a/", true), page("/b/", true)]).map(|f| f.url.as_str()),
            Some("/a/")
        );
        assert!(site_shell(&[]).is_none());
    }
}

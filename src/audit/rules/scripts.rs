//! Scripts written into a page's content: `<script>` elements, event
//! handler attributes (`onclick=`…) and `javascript:` links.
//!
//! Markdown lets an author paste raw HTML, and pages exported from WordPress
//! carry whatever a plugin or a copied "embed code" put there. A script in
//! the content runs with the site's full trust: it can track visitors
//! (children), load adverts, or be the first step of a defacement. The
//! site's design (the template) is where scripts belong, reviewed once.
//!
//! Only the page's content is checked: the `<main>` element when the page
//! has one (Schoolgate's template puts the Markdown there and its own
//! script in `<head>`), else the `<body>`. Scripts in `<head>` and outside
//! `<main>` come from the template and are not reported.

use scraper::{ElementRef, Selector};

use crate::audit::{AuditContext, Finding, Location, PageView, RuleMeta, Severity};

pub const INLINE_SCRIPT: &str = "scripts/inline-script";
pub const EVENT_HANDLER: &str = "scripts/event-handler";
pub const JAVASCRIPT_LINK: &str = "scripts/javascript-link";

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: INLINE_SCRIPT,
        severity: Severity::Warning,
        summary: "A script is written into the page's content.",
        explanation: "The content of the page (not the site's design) contains a `<script>` \
element, usually pasted in as \"embed code\" for a widget, a counter or a social-media feed, or \
left behind by a WordPress plugin.\n\n\
**Why it matters:** a script runs with the website's full trust. It can track visitors (who \
are children and parents), show adverts, or change the page; a script copied from an unknown \
site can be changed by that site at any time.\n\n\
**How to fix it:** remove it from the page. If the school needs it on every page (for example \
an accessibility toolbar), ask whoever looks after the website's design to add it to the \
template once, after checking where it comes from. For videos, use the provider's plain \
`<iframe>` embed.",
    },
    RuleMeta {
        id: EVENT_HANDLER,
        severity: Severity::Warning,
        summary: "An element in the page's content runs a script (onclick, onload…).",
        explanation: "An element in the page's content has an event-handler attribute such as \
`onclick=`, `onload=` or `onerror=`: a script that runs when the visitor clicks or the page \
loads. Pasted HTML from other sites and old WordPress themes often carry them.\n\n\
**Why it matters:** like any script in the content it runs with the site's full trust, and \
`onerror` on an image is a classic way to hide a script in what looks like a picture.\n\n\
**How to fix it:** remove the attribute. A link or button works without it.",
    },
    RuleMeta {
        id: JAVASCRIPT_LINK,
        severity: Severity::Warning,
        summary: "A link in the page's content runs a script (`javascript:`).",
        explanation: "A link, frame or form in the page's content points to `javascript:…` \
instead of an address: clicking it runs a script.\n\n\
**Why it matters:** such links do nothing for visitors without scripts or using a screen \
reader, and they are a common way to slip a script into a page.\n\n\
**How to fix it:** link to the page or file itself (`[Term dates](@/parents/term-dates.md)`), \
or remove the link.",
    },
];

/// Attributes that hold an address a browser would follow or load.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "action", "formaction", "data", "xlink:href"];

pub fn check_page(view: &PageView<'_>, ctx: &AuditContext, out: &mut Vec<Finding>) {
    let Some((content, is_main)) = content_root(view) else { return };
    // Another CMS's page without <main>: its <body> holds the theme's script
    // tags (bundles, analytics) as well as the content, and the two cannot
    // be told apart, so script elements are not counted there. Schoolgate's
    // own pages always separate the content.
    let count_scripts = is_main || ctx.origin == crate::audit::Origin::OwnBuild;
    let location = || Location::page(&view.page.url, view.page.source.as_ref());
    let mut scripts = 0usize;
    let mut handlers: Vec<String> = Vec::new();
    let mut js_links = 0usize;
    for el in content.descendants().filter_map(ElementRef::wrap) {
        let name = el.value().name();
        if name == "script" {
            // JSON data blocks (structured data for search engines) do not run.
            let kind = el.value().attr("type").unwrap_or("").trim().to_ascii_lowercase();
            if !kind.contains("json") && count_scripts {
                scripts += 1;
            }
        }
        for (attr, value) in el.value().attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") && attr.len() > 2 {
                let h = format!("{attr} on <{name}>");
                if !handlers.contains(&h) {
                    handlers.push(h);
                }
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) && is_javascript_url(value) {
                js_links += 1;
            }
        }
    }
    if scripts > 0 {
        out.push(Finding::new(
            INLINE_SCRIPT,
            Severity::Warning,
            location(),
            format!("The page's content contains {} script{}.", scripts, if scripts == 1 { "" } else { "s" }),
            "Remove the <script> from the page; scripts the whole site needs belong in the template, checked once.",
        ));
    }
    if !handlers.is_empty() {
        out.push(Finding::new(
            EVENT_HANDLER,
            Severity::Warning,
            location(),
            format!("The page's content runs scripts from event-handler attributes: {}.", handlers.join(", ")),
            "Remove the on…= attributes; links and buttons work without them.",
        ));
    }
    if js_links > 0 {
        out.push(Finding::new(
            JAVASCRIPT_LINK,
            Severity::Warning,
            location(),
            format!("The page's content has {js_links} javascript: link{}.", if js_links == 1 { "" } else { "s" }),
            "Link to the page or file itself instead of javascript:…, or remove the link.",
        ));
    }
}

/// The page's content: `<main>` (or `role="main"`) with `true`, else
/// `<body>` with `false`.
fn content_root<'a>(view: &'a PageView<'_>) -> Option<(ElementRef<'a>, bool)> {
    let main = Selector::parse("main, [role=main]").ok()?;
    let body = Selector::parse("body").ok()?;
    match view.doc.select(&main).next() {
        Some(m) => Some((m, true)),
        None => view.doc.select(&body).next().map(|b| (b, false)),
    }
}

/// `javascript:` however it is disguised: browsers ignore leading spaces,
/// control characters, tabs and newlines inside the scheme, and case.
fn is_javascript_url(value: &str) -> bool {
    let cleaned: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(11)
        .collect::<String>()
        .to_ascii_lowercase();
    cleaned.starts_with("javascript:")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{AuditSettings, SchoolProfile};
    use crate::site::Page;

    fn findings(html: &str) -> Vec<&'static str> {
        findings_from(html, crate::audit::Origin::OwnBuild)
    }

    fn findings_from(html: &str, origin: crate::audit::Origin) -> Vec<&'static str> {
        let page =
            Page { url: "/x/".into(), html: html.into(), source: None, photo_declarations: vec![], shared_to: vec![] };
        let view = PageView::parse(&page);
        let ctx = AuditContext::new(
            SchoolProfile::default(),
            None,
            None,
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            AuditSettings::default(),
        )
        .with_origin(origin);
        let mut out = Vec::new();
        check_page(&view, &ctx, &mut out);
        out.into_iter().map(|f| f.rule).collect()
    }

    #[test]
    fn template_scripts_are_not_reported() {
        let html = r#"<html><head><script src="/js/site.js" defer></script></head><body><header><script>var menu=1;</script></header><main><p>Hello</p><script type="application/ld+json">{}</script></main></body></html>"#;
        assert!(findings(html).is_empty());
    }

    #[test]
    fn content_scripts_handlers_and_javascript_links_are() {
        let html = r#"<html><body><main><script>track()</script><img src="a.jpg" alt="" onerror="x()"><a href=" JaVa&#x09;script:alert(1)">go</a></main></body></html>"#;
        assert_eq!(findings(html), vec![INLINE_SCRIPT, EVENT_HANDLER, JAVASCRIPT_LINK]);
    }

    #[test]
    fn another_cms_page_without_main_does_not_count_its_theme_scripts() {
        // A WordPress theme without <main>: bundles and analytics in <body>.
        let html = r#"<html><body><div id="page"><p>Welcome</p></div><script src="/wp-includes/js/jquery.min.js"></script><script>gtag('config')</script><a href="javascript:void(0)">Menu</a></body></html>"#;
        assert_eq!(findings_from(html, crate::audit::Origin::Folder), vec![JAVASCRIPT_LINK]);
        // With <main> (or role=main) the content is known: its scripts count.
        let html = r#"<html><body><div role="main"><script>alert(1)</script></div><script src="/theme.js"></script></body></html>"#;
        assert_eq!(findings_from(html, crate::audit::Origin::Folder), vec![INLINE_SCRIPT]);
    }
}

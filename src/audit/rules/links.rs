//! Links between pages of the same site that lead nowhere.

use std::collections::{BTreeMap, HashSet};

use crate::audit::{Finding, Location, PageFacts, RuleMeta, Severity};
use crate::site::RenderedSite;

pub const BROKEN: &str = "links/broken-internal";
pub const SYMLINK_OUTSIDE: &str = "links/symlink-outside";
pub const SYMLINK_BROKEN: &str = "links/symlink-broken";

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: BROKEN,
        severity: Severity::Warning,
        summary: "A link to another page or file of this site leads to nothing.",
        explanation: "A link on the site points to an address on the same site where there is no page \
or file, so visitors get \"page not found\". This often happens when a page is renamed or moved, or \
when a template links to a page the site does not have.\n\n\
**How to fix:** change the link to the page's current address, or create the missing page. In \
Markdown, link to pages by their file (`[Policies](@/policies/_index.md)`), which Schoolgate checks \
while building. Links in the site's template are set in `schoolgate.toml` under `[site.extra]`.",
    },
    RuleMeta {
        id: SYMLINK_OUTSIDE,
        severity: Severity::Warning,
        summary: "A file in the audited folder is a shortcut (symlink) to a place outside it.",
        explanation: "The folder being audited holds a shortcut (a symbolic link) that leads out of \
the folder. Schoolgate does not read files outside the folder it was asked to audit, so whatever the \
shortcut points at has not been checked; a web server that follows shortcuts would still publish it.\n\n\
**How to fix:** replace the shortcut with a copy of the file inside the site's folder (so it is \
audited), or delete it if the file should not be on the website.",
    },
    RuleMeta {
        id: SYMLINK_BROKEN,
        severity: Severity::Warning,
        summary: "A shortcut (symlink) in the audited folder points at nothing.",
        explanation: "The folder being audited holds a shortcut (a symbolic link) whose target does \
not exist, or a chain of shortcuts that loops. Visitors following a link to it get \"page not found\".\n\n\
**How to fix:** replace the shortcut with the file itself, or delete it and the links to it.",
    },
];

/// One finding per missing address, naming how many pages link to it.
///
/// An address counts as existing when a page or file has it, when it
/// redirects to one, or when the producer accounted for it without fetching
/// it (`RenderedSite::unchecked`: a crawler's trap, limit or robots.txt, or a
/// fetch that failed and was reported once by the crawler already).
/// Addresses are compared the way servers treat them: `/about`, `/about/`
/// and `/about/index.html` are one address, and the query is ignored.
pub fn check_site(facts: &[PageFacts], site: &RenderedSite, out: &mut Vec<Finding>) {
    let known: HashSet<&str> = site
        .pages
        .iter()
        .map(|p| p.url.as_str())
        .chain(site.assets.iter().map(|a| a.url.as_str()))
        .chain(site.redirects.keys().map(String::as_str))
        .chain(site.unchecked.iter().map(String::as_str))
        .map(address_key)
        .collect();
    let exists = |url: &str| known.contains(address_key(url));
    let mut missing: BTreeMap<&str, Vec<&PageFacts>> = BTreeMap::new();
    for page in facts {
        for link in &page.links {
            if let Some(url) = link.resolved.as_deref()
                && !exists(url)
            {
                let pages = missing.entry(url).or_default();
                if pages.last().is_none_or(|p| p.url != page.url) {
                    pages.push(page);
                }
            }
        }
    }
    for (url, pages) in missing {
        let first = pages[0];
        let more = match pages.len() {
            1 => String::new(),
            n => format!(" (and on {} other page{})", n - 1, if n == 2 { "" } else { "s" }),
        };
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

/// The part of an address that decides which page it is: no query, no
/// `index.html`, no trailing slash (`/` stays `/`).
fn address_key(url: &str) -> &str {
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
        Page { url: url.into(), html: String::new(), source: None, photo_declarations: vec![] }
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
        check_site(&f, &site, &mut out);
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
        check_site(&f, &site, &mut out);
        assert_eq!(out.len(), 1, "{out:#?}");
        assert!(out[0].message.contains("/events/2031/02/"), "{}", out[0].message);
    }
}

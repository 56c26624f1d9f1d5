//! The `links/*` family: how the site's pages and files point at each
//! other. Links and pictures that lead nowhere ([`broken`]), files nothing
//! points at ([`unlinked`]), links to preview copies of the site
//! ([`staging`]), and shortcuts in an audited folder (reported by the folder
//! reader, `source::folder`, with the ids below).

mod broken;
mod staging;
mod unlinked;

use crate::audit::{AuditContext, Finding, PageFacts, RuleMeta, Severity};
use crate::site::RenderedSite;

pub use broken::address_key;

pub const BROKEN: &str = "links/broken-internal";
pub const BROKEN_IMAGE: &str = "links/broken-image";
pub const UNLINKED: &str = "links/unlinked-file";
pub const STAGING: &str = "links/staging-host";
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
        id: BROKEN_IMAGE,
        severity: Severity::Warning,
        summary: "A picture, video or icon a page shows does not exist on the site.",
        explanation: "A page loads a picture (an `<img>`, one of the sizes in its `srcset`, a \
`<picture>` source, a video, its poster image, or the site's icon) from an address on the same site \
where there is no file. Visitors see a broken-picture symbol or an empty box. It often happens when \
a CMS deletes the resized copies of an upload but the page still asks for them.\n\n\
**How to fix:** add the missing file, correct the address, or take the picture off the page.",
    },
    RuleMeta {
        id: UNLINKED,
        severity: Severity::Warning,
        summary: "A published file is not linked from any page.",
        explanation: "The file is on the website but no page links to it or shows it (nor does a \
linked document, a style sheet or the site's social-media preview). Anyone who has, guesses or \
finds its address in a search engine can still open it. On real school sites this is where the \
worst leaks sit: superseded policies, old application forms, photos of pupils and letters with home \
addresses that were taken off the pages but never deleted.\n\n\
**How to fix:** if the file should be on the site, link to it from the right page. If not, delete \
it from the site (for WordPress: from the Media Library, which also removes its resized copies). A \
file that shows pupils or holds personal data should be deleted now.",
    },
    RuleMeta {
        id: STAGING,
        severity: Severity::Warning,
        summary: "A link points to a preview, staging or local copy of the site.",
        explanation: "A link or picture points to a copy of a website that is not meant for the \
public: a preview or staging host (`*.netlify.app`, `*.vercel.app`, `*.herokuapp.com`, \
`*.pages.dev`, WP Engine and Kinsta staging sites…), a `staging.`, `dev.` or `test.` address of the \
school's own domain, or a machine's own address (`localhost`, `127.0.0.1`, `192.168.…`). Such copies \
are often unfinished or out of date, may not be protected by a password, and can hold pages and \
photos the school has since removed; a link to a local address simply does not work for visitors.\n\n\
**How to fix:** change the link to the page's address on the live site. Extra hosts to treat as \
staging can be listed in `schoolgate.toml` under `[audit] staging_hosts = [\"*.oldcms.example\"]`.",
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

/// The family's site-wide checks, on the facts of every page.
pub fn check_site(facts: &[PageFacts], site: &RenderedSite, ctx: &AuditContext, out: &mut Vec<Finding>) {
    broken::check(facts, site, out);
    // Learnt once: for a folder of HTML it takes a pass over every link.
    let own = own_host(site, facts);
    unlinked::check(facts, site, own.as_deref(), out);
    staging::check(facts, own.as_deref(), ctx, out);
}

/// ` (and on 3 other pages)` after the first page of `n` that share a
/// finding; empty for one page.
fn on_other_pages(n: usize) -> String {
    match n {
        0 | 1 => String::new(),
        n => format!(" (and on {} other page{})", n - 1, if n == 2 { "" } else { "s" }),
    }
}

/// The site's own host without `www.`: from its base URL, or, for a folder
/// of HTML exported from a CMS (which often writes absolute links), the
/// host most absolute links use for addresses that are pages or files here.
fn own_host(site: &RenderedSite, facts: &[PageFacts]) -> Option<String> {
    let bare = |host: &str| {
        let host = host.to_ascii_lowercase();
        host.strip_prefix("www.").unwrap_or(&host).to_string()
    };
    if let Some(base) = site.base_url.as_deref().and_then(|b| url::Url::parse(b).ok()) {
        return base.host_str().map(bare);
    }
    let here: std::collections::HashSet<&str> =
        site.pages.iter().map(|p| address_key(&p.url)).chain(site.assets.iter().map(|a| address_key(&a.url))).collect();
    let mut votes: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for page in facts {
        for href in page.links.iter().map(|l| &l.href).chain(page.embeds.iter().map(|e| &e.url)) {
            let Ok(url) = url::Url::parse(href.trim()) else { continue };
            if matches!(url.scheme(), "http" | "https")
                && let Some(host) = url.host_str()
                && here.contains(address_key(&crate::site::percent_decode(url.path())))
            {
                *votes.entry(bare(host)).or_default() += 1;
            }
        }
    }
    votes.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0))).map(|(host, _)| host)
}

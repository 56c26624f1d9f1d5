//! What went wrong while fetching a live site, and how it is reported.
//!
//! A crawl never fails as a whole: every timeout, error status, loop or cap
//! becomes a [`CrawlProblem`], and each becomes an audit [`Finding`] in the
//! `crawl/…` family, so the admin sees which pages could not be checked.

use crate::audit::rules::crawl::RULES;
use crate::audit::{Finding, Location, Severity};

use super::normalize::TrapKind;

/// One thing the crawler could not do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrawlProblem {
    /// The address concerned: site-relative (`/about/`) on the site, absolute otherwise.
    pub url: String,
    pub kind: ProblemKind,
    /// Where the crawler found the address, so the admin knows which link to fix.
    pub found_on: Option<FoundOn>,
}

/// Where an address was first found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FoundOn {
    /// A link on this page (site-relative).
    Page(String),
    /// Listed in the site's sitemap.
    Sitemap,
    /// Listed in the WordPress media library (`/wp-json/wp/v2/media`).
    MediaLibrary,
    /// Listed in a folder listing ("Index of /…") the server offers.
    FolderListing,
    /// Listed in a search index file (`/search-index.json`).
    SearchIndex,
}

impl FoundOn {
    /// The list of its own files a site named this address in, if not a page.
    pub fn list(&self) -> Option<crate::site::ListedIn> {
        use crate::site::ListedIn;
        match self {
            FoundOn::Page(_) => None,
            FoundOn::Sitemap => Some(ListedIn::Sitemap),
            FoundOn::MediaLibrary => Some(ListedIn::WordPressMedia),
            FoundOn::FolderListing => Some(ListedIn::FolderListing),
            FoundOn::SearchIndex => Some(ListedIn::SearchIndex),
        }
    }
}

/// The kinds of crawl problem. Each maps to one `crawl/…` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// The site's home page could not be reached at all (DNS, refused, TLS).
    SiteUnreachable { detail: String },
    /// A connection failed for one address, after retries.
    ConnectionFailed { detail: String },
    /// No complete answer within the time limit, after retries.
    Timeout { seconds: u64 },
    /// An error status (after retries for 5xx).
    HttpStatus { status: u16 },
    /// Redirects that come back to an address already visited.
    RedirectLoop,
    /// More redirects in a row than the cap.
    TooManyRedirects { limit: usize },
    /// A redirect to another website, not followed.
    OffSiteRedirect { to: String },
    /// robots.txt asks crawlers to keep out, so the page was not checked.
    RobotsDisallowed,
    /// The page or file is bigger than the cap, so it was not checked.
    TooLarge { limit: u64 },
    /// The crawl stopped at the page or byte cap.
    LimitReached { what: &'static str, limit: u64 },
    /// Addresses skipped as a crawler trap; `url` is the first one.
    Trap { kind: TrapKind, skipped: usize },
    /// A redirect to an address that is not http(s) (`file:`, `ftp:`) or not an address at all.
    NonWebRedirect { to: String },
    /// A page that is HTML but served under another content type (audited anyway).
    WrongContentType { content_type: String },
    /// A sitemap that could not be read; `reason` finishes "…because ".
    SitemapUnreadable { reason: String },
    /// robots.txt keeps Schoolgate out of the home page, and nothing was audited.
    RobotsBlocksSite,
}

impl CrawlProblem {
    pub fn new(url: impl Into<String>, kind: ProblemKind) -> Self {
        Self { url: url.into(), kind, found_on: None }
    }

    /// The same problem, naming where the address was found.
    pub fn found_on(mut self, found_on: Option<FoundOn>) -> Self {
        self.found_on = found_on;
        self
    }

    /// The rule this problem is reported under.
    pub fn rule(&self) -> &'static str {
        match self.kind {
            ProblemKind::SiteUnreachable { .. } => "crawl/site-unreachable",
            ProblemKind::ConnectionFailed { .. } => "crawl/connection-failed",
            ProblemKind::Timeout { .. } => "crawl/timeout",
            ProblemKind::HttpStatus { .. } => "crawl/http-error",
            ProblemKind::RedirectLoop | ProblemKind::TooManyRedirects { .. } => "crawl/redirect-loop",
            ProblemKind::OffSiteRedirect { .. } => "crawl/off-site-redirect",
            ProblemKind::RobotsDisallowed => "crawl/robots-disallowed",
            ProblemKind::TooLarge { .. } => "crawl/too-large",
            ProblemKind::LimitReached { .. } => "crawl/limit-reached",
            ProblemKind::Trap { .. } => "crawl/trap",
            ProblemKind::NonWebRedirect { .. } => "crawl/non-web-redirect",
            ProblemKind::WrongContentType { .. } => "crawl/wrong-content-type",
            ProblemKind::SitemapUnreadable { .. } => "crawl/sitemap-unreadable",
            ProblemKind::RobotsBlocksSite => "crawl/robots-blocks-site",
        }
    }

    /// The audit finding for this problem. Messages carry only addresses
    /// and numbers, never page content, so they are safe for CI logs.
    pub fn to_finding(&self) -> Finding {
        let rule = self.rule();
        let meta = RULES.iter().find(|r| r.id == rule);
        let severity = meta.map_or(Severity::Warning, |m| m.severity);
        let u = &self.url;
        let (message, help) = match &self.kind {
            ProblemKind::SiteUnreachable { detail } => (
                format!("Could not reach {u}: {detail}"),
                "Check the address is right and the site is up, then audit again.".to_string(),
            ),
            ProblemKind::ConnectionFailed { detail } => (
                format!("{u} could not be fetched: {detail}"),
                "Try again later; if it persists, ask the site's host.".into(),
            ),
            ProblemKind::Timeout { seconds } => (
                format!("{u} did not arrive within {seconds} s, even after retrying"),
                "Ask the site's host why this page is so slow.".into(),
            ),
            ProblemKind::HttpStatus { status } => (
                format!("{u} answered HTTP {status}{}", status_words(*status)),
                "Fix or remove the link, or put the page or file back.".into(),
            ),
            ProblemKind::RedirectLoop => {
                (format!("{u} redirects in a loop"), "Fix the redirect rules in the site's management system.".into())
            }
            ProblemKind::TooManyRedirects { limit } => (
                format!("{u} goes through more than {limit} redirects"),
                "Make the link point straight at the final address.".into(),
            ),
            ProblemKind::OffSiteRedirect { to } => (
                format!("{u} redirects to another website ({to}), which was not audited"),
                "Audit that site separately if it holds the school's content.".into(),
            ),
            ProblemKind::RobotsDisallowed => (
                format!("{u} was not checked: robots.txt asks crawlers to keep out"),
                "Allow the page in robots.txt if parents should see it, or check it by hand.".into(),
            ),
            ProblemKind::TooLarge { limit } => (
                format!("{u} is larger than {} and was not checked", human_bytes(*limit)),
                "Make the file smaller, or raise the size limit for this audit.".into(),
            ),
            ProblemKind::LimitReached { what, limit } => (
                format!("The audit stopped at its limit of {limit} {what}; the rest of the site was not checked"),
                "Raise the limit if the site really is this large.".into(),
            ),
            ProblemKind::Trap { kind, skipped } => (
                format!(
                    "Skipped {skipped} address(es) that look like {}, starting with {u}; they were not fetched, \
                     so they are not reported as broken links",
                    kind.describe()
                ),
                "Nothing to fix unless real pages were skipped.".into(),
            ),
            ProblemKind::NonWebRedirect { to } => (
                format!("{u} redirects to {to}, which is not a web address, so it was not followed and not checked"),
                "Fix the redirect in the site's management system so it points at a page on the site.".into(),
            ),
            ProblemKind::WrongContentType { content_type } => (
                format!(
                    "{u} is a web page, but the server labels it \"{content_type}\" instead of text/html, so \
                     browsers may download it instead of showing it (it was audited as a page)"
                ),
                "Ask the site's host to serve this page as text/html.".into(),
            ),
            ProblemKind::SitemapUnreadable { reason } => (
                format!("The sitemap {u} was not read because {reason}; pages listed only in it were not audited"),
                "Fix the sitemap (split it if it is very large), or make sure every page is linked from the site."
                    .into(),
            ),
            ProblemKind::RobotsBlocksSite => (
                format!(
                    "Nothing was audited: the site's robots.txt asks Schoolgate to keep out of {u}, so no page, \
                     photo or document was checked and no statutory information was looked for"
                ),
                "To allow the audit, add these two lines to robots.txt: \"User-agent: Schoolgate\" and \
                 \"Allow: /\". Search engines are not affected."
                    .into(),
            ),
        };
        let message = match &self.found_on {
            None => message,
            Some(FoundOn::Page(p)) => format!("{message} (linked from {p})"),
            Some(FoundOn::Sitemap) => format!("{message} (listed in the sitemap)"),
            Some(FoundOn::MediaLibrary) => format!("{message} (listed in the WordPress media library)"),
            Some(FoundOn::FolderListing) => format!("{message} (listed in a folder listing the server shows)"),
            Some(FoundOn::SearchIndex) => format!("{message} (listed in the site's search index)"),
        };
        let location = if u.starts_with('/') && crate::site::AssetKind::from_path(u) != crate::site::AssetKind::Other {
            Location::asset(u, None)
        } else if u.starts_with('/') {
            Location::page(u, None)
        } else {
            Location::site()
        };
        Finding::new(rule, severity, location, message, help)
    }
}

/// A server-supplied string (a `Location` or `Content-Type` header) made
/// safe to print: control characters dropped, at most 100 characters.
pub fn shown(raw: &str) -> String {
    let clean: String = raw.chars().filter(|c| !c.is_control()).collect();
    match clean.char_indices().nth(100) {
        Some((i, _)) => format!("{}…", &clean[..i]),
        None => clean,
    }
}

fn status_words(status: u16) -> &'static str {
    match status {
        401 | 403 => " (not allowed)",
        404 | 410 => " (not found)",
        429 => " (too many requests)",
        500..=599 => " (server error)",
        _ => "",
    }
}

pub(super) fn human_bytes(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{} MiB", n / (1024 * 1024))
    } else if n >= 1024 {
        format!("{} KiB", n / 1024)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_maps_to_a_catalogued_rule() {
        let kinds = [
            ProblemKind::SiteUnreachable { detail: "refused".into() },
            ProblemKind::ConnectionFailed { detail: "reset".into() },
            ProblemKind::Timeout { seconds: 3 },
            ProblemKind::HttpStatus { status: 500 },
            ProblemKind::RedirectLoop,
            ProblemKind::TooManyRedirects { limit: 10 },
            ProblemKind::OffSiteRedirect { to: "https://x.example/".into() },
            ProblemKind::RobotsDisallowed,
            ProblemKind::TooLarge { limit: 1024 },
            ProblemKind::LimitReached { what: "pages", limit: 5 },
            ProblemKind::Trap { kind: TrapKind::Calendar, skipped: 3 },
            ProblemKind::NonWebRedirect { to: "file:///etc/passwd".into() },
            ProblemKind::WrongContentType { content_type: "application/octet-stream".into() },
            ProblemKind::SitemapUnreadable { reason: "it is larger than 10 MiB".into() },
            ProblemKind::RobotsBlocksSite,
        ];
        for kind in kinds {
            let p = CrawlProblem::new("/a/", kind);
            assert!(RULES.iter().any(|r| r.id == p.rule()), "{}", p.rule());
            let f = p.to_finding();
            assert!(f.message.contains("/a/") || f.message.contains("limit"), "{}", f.message);
        }
    }

    #[test]
    fn locations_follow_the_address() {
        let pdf = CrawlProblem::new("/docs/big.pdf", ProblemKind::TooLarge { limit: 5 << 20 }).to_finding();
        assert_eq!(pdf.location.asset.as_deref(), Some("/docs/big.pdf"));
        assert!(pdf.message.contains("5 MiB"));
        let down = CrawlProblem::new("http://127.0.0.1:9/", ProblemKind::SiteUnreachable { detail: "refused".into() });
        assert_eq!(down.to_finding().severity, Severity::Error);
        assert_eq!(down.to_finding().location, Location::site());
    }
}

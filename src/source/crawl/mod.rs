//! Auditing a live website: the crawler turns a site on the web into the same
//! [`RenderedSite`] the local build and the folder audit produce, so every
//! check runs unchanged.
//!
//! The crawler must be polite (robots.txt, a clear User-Agent, a few requests
//! at a time per host) and must survive hostile or broken sites: every
//! request is time-limited and size-capped, retries are bounded, redirects
//! are capped and loop-checked, endless URL spaces are cut off, and the whole
//! crawl has a deadline. Anything that goes wrong is a [`CrawlProblem`]
//! (reported as a `crawl/…` finding), never a panic or a hang.

mod fetch;
pub mod links;
pub mod normalize;
pub mod problem;

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use texting_robots::Robot;
use tokio::task::JoinSet;
use url::Url;

use crate::site::{Asset, AssetKind, Page, RenderedSite};
use fetch::Fetcher;
use links::Target;
use normalize::{TrapGuard, TrapKind, dedupe_key, normalize, site_path};
pub use problem::{CrawlProblem, ProblemKind};

/// The name robots.txt rules are matched against.
const ROBOTS_AGENT: &str = "Schoolgate";

/// How far and how fast to crawl. The defaults suit one school's site.
#[derive(Debug, Clone)]
pub struct CrawlOptions {
    pub user_agent: String,
    /// Other host names that are the same site (`www.` and bare domain, a CDN).
    pub allowed_hosts: Vec<String>,
    /// Requests in flight at once to one host.
    pub concurrency_per_host: usize,
    /// Pause after each request, per connection slot.
    pub delay: Duration,
    /// Limit for one whole request, body included (slow responses end here).
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Extra attempts for transient failures.
    pub retries: u32,
    /// First retry wait; doubles each time up to `max_backoff`.
    pub backoff: Duration,
    pub max_backoff: Duration,
    pub max_redirects: usize,
    pub max_pages: usize,
    pub max_page_bytes: u64,
    pub max_asset_bytes: u64,
    pub max_site_bytes: u64,
    /// Path segments beyond which a URL is treated as generated.
    pub max_depth: usize,
    /// URLs of one shape (digits collapsed, query keys only) before it is a
    /// trap. Generous: a school's numbered news archive (`/news/article-1234/`)
    /// easily passes 500; endless generators are still stopped by this, the
    /// calendar limit and the page cap.
    pub max_per_pattern: usize,
    /// Calendar-like URLs of one shape before it is a trap.
    pub max_calendar_pages: usize,
    /// Fetch images, PDFs and office documents too.
    pub fetch_assets: bool,
    /// Hard deadline for the whole crawl.
    pub max_duration: Duration,
    /// Folder for the conditional-request cache (ETag / Last-Modified);
    /// `None` downloads everything every time.
    pub cache_dir: Option<std::path::PathBuf>,
}

impl Default for CrawlOptions {
    fn default() -> Self {
        Self {
            user_agent: user_agent(),
            allowed_hosts: Vec::new(),
            concurrency_per_host: 4,
            delay: Duration::ZERO,
            timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(10),
            retries: 2,
            backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_redirects: 10,
            max_pages: 5_000,
            max_page_bytes: 5 * 1024 * 1024,
            max_asset_bytes: 50 * 1024 * 1024,
            max_site_bytes: 1024 * 1024 * 1024,
            max_depth: 15,
            max_per_pattern: 2_000,
            max_calendar_pages: 24,
            fetch_assets: true,
            max_duration: Duration::from_secs(3600),
            cache_dir: None,
        }
    }
}

/// `Schoolgate/0.1.0 (+https://github.com/schoolgate/schoolgate) school-website-audit`
pub fn user_agent() -> String {
    format!("Schoolgate/{} (+https://github.com/schoolgate/schoolgate) school-website-audit", env!("CARGO_PKG_VERSION"))
}

/// A crawled site and what could not be crawled.
#[derive(Debug, Default)]
pub struct CrawlResult {
    pub site: RenderedSite,
    pub problems: Vec<CrawlProblem>,
}

/// Crawls the site at `start` (blocking; runs its own async runtime).
/// Must not be called from inside a Tokio runtime; use [`crawl_async`] there.
pub fn crawl(start: &Url, opts: &CrawlOptions) -> CrawlResult {
    match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt.block_on(crawl_async(start, opts)),
        Err(e) => unreachable_result(start, format!("could not start the network runtime: {e}")),
    }
}

fn unreachable_result(start: &Url, detail: String) -> CrawlResult {
    CrawlResult {
        site: RenderedSite::default(),
        problems: vec![CrawlProblem::new(start.as_str(), ProblemKind::SiteUnreachable { detail })],
    }
}

/// Crawls the site at `start`.
pub async fn crawl_async(start: &Url, opts: &CrawlOptions) -> CrawlResult {
    let Some(start) = normalize(start) else {
        return unreachable_result(start, "only http:// and https:// addresses can be audited".into());
    };
    let fetcher = match Fetcher::new(opts) {
        Ok(f) => Arc::new(f),
        Err(e) => return unreachable_result(&start, e),
    };
    let deadline = Instant::now() + opts.max_duration;
    let mut hosts: Vec<String> = vec![start.host_str().unwrap_or("").to_ascii_lowercase()];
    hosts.extend(opts.allowed_hosts.iter().map(|h| h.to_ascii_lowercase()));
    // robots.txt first: a site that refuses connections stops here, quickly.
    let mut robots = HashMap::new();
    let mut sitemaps = vec![];
    for host in &hosts {
        let Ok(mut robots_url) = start.join("/robots.txt") else { continue };
        if robots_url.set_host(Some(host)).is_err() {
            continue;
        }
        match fetcher.get(&robots_url, 512 * 1024).await {
            Ok(raw) if (200..300).contains(&raw.status) => {
                if let Ok(robot) = Robot::new(ROBOTS_AGENT, &raw.body) {
                    if let Some(d) = robot.delay {
                        fetcher.set_crawl_delay(host, d);
                    }
                    sitemaps.extend(robot.sitemaps.iter().filter_map(|s| Url::parse(s).ok()));
                    robots.insert(host.clone(), robot);
                }
            }
            // 4xx: no robots.txt, everything allowed. 5xx after retries: we
            // still crawl (the audit is commissioned by the school or trust).
            Ok(_) => {}
            Err(ProblemKind::ConnectionFailed { detail }) if host == &hosts[0] => {
                return unreachable_result(&start, detail);
            }
            Err(_) => {}
        }
    }
    let mut crawler = Crawler {
        opts: opts.clone(),
        shared: Arc::new(Shared { fetcher, robots, hosts: hosts.clone(), opts: opts.clone() }),
        seen: HashSet::new(),
        frontier: VecDeque::new(),
        traps: TrapGuard::new(opts.max_depth, opts.max_per_pattern, opts.max_calendar_pages),
        trap_skips: HashMap::new(),
        pages_queued: 0,
        stored: HashSet::new(),
        bytes: 0,
        limits_hit: HashSet::new(),
        stop: false,
        result: CrawlResult::default(),
    };
    crawler.result.site.base_url = Some(start.origin().ascii_serialization());
    crawler.enqueue(start.clone());
    if let Ok(u) = start.join("/sitemap.xml") {
        sitemaps.push(u);
    }
    crawler.read_sitemaps(sitemaps).await;
    crawler.run(deadline).await;
    crawler.finish(&start)
}

/// What every fetch task needs.
struct Shared {
    fetcher: Arc<Fetcher>,
    robots: HashMap<String, Robot>,
    hosts: Vec<String>,
    opts: CrawlOptions,
}

impl Shared {
    fn on_site(&self, url: &Url) -> bool {
        url.host_str().is_some_and(|h| self.hosts.iter().any(|a| a.eq_ignore_ascii_case(h)))
    }

    fn robots_allow(&self, url: &Url) -> bool {
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        self.robots.get(&host).is_none_or(|r| r.allowed(url.as_str()))
    }

    /// Fetches `url`, following redirects that stay on the site.
    async fn fetch(&self, url: Url, max_bytes: u64) -> Result<(Url, fetch::Raw), ProblemKind> {
        let mut chain = vec![dedupe_key(&url)];
        let mut current = url;
        loop {
            let raw = self.fetcher.get(&current, max_bytes).await?;
            if (300..400).contains(&raw.status) && raw.location.is_some() {
                let location = raw.location.as_deref().unwrap_or("");
                let next = current.join(location).ok().and_then(|u| normalize(&u));
                let Some(next) = next else { return Err(ProblemKind::HttpStatus { status: raw.status }) };
                if !self.on_site(&next) {
                    return Err(ProblemKind::OffSiteRedirect { to: next.to_string() });
                }
                let key = dedupe_key(&next);
                if chain.contains(&key) {
                    return Err(ProblemKind::RedirectLoop);
                }
                if chain.len() > self.opts.max_redirects {
                    return Err(ProblemKind::TooManyRedirects { limit: self.opts.max_redirects });
                }
                if !self.robots_allow(&next) {
                    return Err(ProblemKind::RobotsDisallowed);
                }
                chain.push(key);
                current = next;
                continue;
            }
            if raw.status >= 300 {
                return Err(ProblemKind::HttpStatus { status: raw.status });
            }
            return Ok((current, raw));
        }
    }
}

/// What one fetch task hands back to the crawl loop.
enum Fetched {
    Page {
        page: Page,
        links: Vec<Url>,
        final_key: String,
        bytes: u64,
    },
    Asset {
        asset: Asset,
        final_key: String,
        bytes: u64,
    },
    /// Neither HTML nor a file the audit reads (a JSON feed behind a page-like address).
    Skipped,
    Failed(CrawlProblem),
}

struct Crawler {
    opts: CrawlOptions,
    shared: Arc<Shared>,
    seen: HashSet<String>,
    frontier: VecDeque<(Url, Target)>,
    traps: TrapGuard,
    /// First URL and count per trap kind, reported once each.
    trap_skips: HashMap<TrapKind, (String, usize)>,
    pages_queued: usize,
    /// Keys of the addresses stored, after redirects: one copy per page.
    stored: HashSet<String>,
    bytes: u64,
    /// Limits already reported (each once).
    limits_hit: HashSet<&'static str>,
    /// Set by the byte and time limits: fetch nothing more.
    stop: bool,
    result: CrawlResult,
}

impl Crawler {
    /// Queues `url` if it is on the site, new, not a trap, and allowed.
    fn enqueue(&mut self, url: Url) {
        let Some(url) = normalize(&url) else { return };
        if !self.shared.on_site(&url) {
            return;
        }
        let Some(target) = links::classify(&url) else { return };
        if matches!(target, Target::Asset(_)) && !self.opts.fetch_assets {
            return;
        }
        let key = dedupe_key(&url);
        if !self.seen.insert(key) {
            return;
        }
        if let Some(kind) = self.traps.check(&url) {
            let entry = self.trap_skips.entry(kind).or_insert_with(|| (site_path(&url), 0));
            entry.1 += 1;
            return;
        }
        if !self.shared.robots_allow(&url) {
            self.result.problems.push(CrawlProblem::new(site_path(&url), ProblemKind::RobotsDisallowed));
            return;
        }
        if target == Target::Page {
            if self.pages_queued >= self.opts.max_pages {
                self.hit_limit("pages", self.opts.max_pages as u64);
                return;
            }
            self.pages_queued += 1;
        }
        self.frontier.push_back((url, target));
    }

    /// Records a limit once. The page limit only stops new pages being
    /// queued; the byte and time limits (`stop`) end the crawl.
    fn hit_limit(&mut self, what: &'static str, limit: u64) {
        if self.limits_hit.insert(what) {
            self.result.problems.push(CrawlProblem::new("/", ProblemKind::LimitReached { what, limit }));
        }
    }

    /// Reads sitemaps (and one level of sitemap indexes) for extra seeds.
    async fn read_sitemaps(&mut self, mut queue: Vec<Url>) {
        let mut done = HashSet::new();
        let mut budget = 20;
        while let Some(url) = queue.pop() {
            if budget == 0 || !done.insert(url.to_string()) || !self.shared.on_site(&url) {
                continue;
            }
            budget -= 1;
            let Ok((_, raw)) = self.shared.fetch(url, 10 * 1024 * 1024).await else { continue };
            let (locs, index) = links::sitemap_locations(&raw.body);
            if index {
                queue.extend(locs);
            } else {
                for loc in locs {
                    self.enqueue(loc);
                }
            }
        }
    }

    async fn run(&mut self, deadline: Instant) {
        let mut tasks: JoinSet<Fetched> = JoinSet::new();
        let in_flight_cap = self.opts.concurrency_per_host.max(1) * self.shared.hosts.len() * 2;
        loop {
            while tasks.len() < in_flight_cap && !self.stop {
                let Some((url, target)) = self.frontier.pop_front() else { break };
                let shared = self.shared.clone();
                tasks.spawn(fetch_one(shared, url, target));
            }
            if tasks.is_empty() {
                break;
            }
            let next = tokio::time::timeout_at(deadline.into(), tasks.join_next()).await;
            let fetched = match next {
                Ok(Some(Ok(f))) => f,
                Ok(Some(Err(_join_error))) => continue,
                Ok(None) => break,
                Err(_) => {
                    tasks.abort_all();
                    self.stop = true;
                    self.hit_limit("seconds", self.opts.max_duration.as_secs());
                    break;
                }
            };
            match fetched {
                Fetched::Failed(p) => self.result.problems.push(p),
                Fetched::Skipped => {}
                Fetched::Page { page, links, final_key, bytes } => {
                    if !self.first_copy(final_key) || !self.count_bytes(bytes) {
                        continue;
                    }
                    self.result.site.pages.push(page);
                    for l in links {
                        self.enqueue(l);
                    }
                }
                Fetched::Asset { asset, final_key, bytes } => {
                    if self.first_copy(final_key) && self.count_bytes(bytes) {
                        self.result.site.assets.push(asset);
                    }
                }
            }
        }
        tasks.shutdown().await;
    }

    /// Adds to the site's byte total; false (and the limit recorded) if over.
    fn count_bytes(&mut self, bytes: u64) -> bool {
        self.bytes += bytes;
        if self.bytes > self.opts.max_site_bytes {
            self.stop = true;
            self.hit_limit("bytes", self.opts.max_site_bytes);
            return false;
        }
        true
    }

    /// Two addresses can redirect to one page: keep the first copy, and
    /// never queue the final address again.
    fn first_copy(&mut self, final_key: String) -> bool {
        self.seen.insert(final_key.clone());
        self.stored.insert(final_key)
    }

    fn finish(mut self, start: &Url) -> CrawlResult {
        let mut traps: Vec<_> = self.trap_skips.drain().collect();
        traps.sort();
        for (kind, (first, skipped)) in traps {
            self.result.problems.push(CrawlProblem::new(first, ProblemKind::Trap { kind, skipped }));
        }
        if self.result.site.pages.is_empty()
            && let Some(home) =
                self.result.problems.iter().position(|p| p.url == "/" && p.kind != ProblemKind::RobotsDisallowed)
        {
            let detail = self.result.problems[home].to_finding().message;
            self.result.problems.push(CrawlProblem::new(start.as_str(), ProblemKind::SiteUnreachable { detail }));
        }
        self.result.site.pages.sort_by(|a, b| a.url.cmp(&b.url));
        self.result.site.assets.sort_by(|a, b| a.url.cmp(&b.url));
        self.result
    }
}

/// Fetches one address and turns it into a page or asset. Parsing (links,
/// metadata, document text) happens here, off the crawl loop.
async fn fetch_one(shared: Arc<Shared>, url: Url, target: Target) -> Fetched {
    let max = match target {
        Target::Page => shared.opts.max_page_bytes,
        Target::Asset(_) => shared.opts.max_asset_bytes,
    };
    let original = site_path(&url);
    let (final_url, raw) = match shared.fetch(url, max).await {
        Ok(ok) => ok,
        Err(kind) => return Fetched::Failed(CrawlProblem::new(original, kind)),
    };
    let path = site_path(&final_url);
    let final_key = dedupe_key(&final_url);
    let bytes = raw.body.len() as u64;
    let mime = raw.content_type.as_deref().unwrap_or("").to_ascii_lowercase();
    let is_html = mime.starts_with("text/html") || mime.starts_with("application/xhtml");
    let kind = match target {
        Target::Asset(kind) => kind,
        Target::Page if is_html || mime.is_empty() => {
            let html = String::from_utf8_lossy(&raw.body).into_owned();
            let parsed = tokio::task::spawn_blocking(move || {
                let links = links::page_links(&html, &final_url);
                (html, links)
            })
            .await;
            let Ok((html, links)) = parsed else { return Fetched::Failed(internal(path)) };
            let page = Page { url: path, html, source: None, photo_declarations: vec![] };
            return Fetched::Page { page, links, final_key, bytes };
        }
        Target::Page => match kind_from_mime(&mime) {
            AssetKind::Other => return Fetched::Skipped,
            kind => kind,
        },
    };
    let body = raw.body;
    let done = tokio::task::spawn_blocking(move || {
        // Metadata is read from the container only; images are never decoded here.
        let original_metadata =
            (kind == AssetKind::Image).then(|| crate::metadata::read_metadata(&body).ok()).flatten();
        let text = crate::documents::extract_text(&body, kind);
        Asset { url: path, kind, bytes: body.into(), original_metadata, source: None, text }
    })
    .await;
    match done {
        Ok(asset) => Fetched::Asset { asset, final_key, bytes },
        Err(_) => Fetched::Failed(internal(original)),
    }
}

/// A parsing task that panicked: record it against the address, carry on.
fn internal(url: String) -> CrawlProblem {
    CrawlProblem::new(url, ProblemKind::ConnectionFailed { detail: "the content could not be read".into() })
}

fn kind_from_mime(mime: &str) -> AssetKind {
    if mime.starts_with("image/") {
        AssetKind::Image
    } else if mime.starts_with("application/pdf") {
        AssetKind::Pdf
    } else if mime.contains("officedocument") || mime.contains("msword") || mime.contains("opendocument") {
        AssetKind::Document
    } else {
        AssetKind::Other
    }
}

/// The audit findings for a crawl's problems.
pub fn findings(problems: &[CrawlProblem]) -> Vec<crate::audit::Finding> {
    problems.iter().map(CrawlProblem::to_finding).collect()
}

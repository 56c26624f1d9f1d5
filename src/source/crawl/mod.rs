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

mod discover;
mod fetch;
pub mod links;
pub mod normalize;
pub mod problem;
mod sniff;

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use texting_robots::Robot;
use tokio::task::JoinSet;
use url::{Origin, Url};

use crate::site::{Asset, AssetKind, ListedIn, Page, RenderedSite};
use fetch::Fetcher;
use links::Target;
use normalize::{TrapGuard, TrapKind, dedupe_key, link_path, normalize, site_path};
use problem::shown;
pub use problem::{CrawlProblem, FoundOn, ProblemKind};

/// The name robots.txt rules are matched against.
const ROBOTS_AGENT: &str = "Schoolgate";

/// How far and how fast to crawl. The defaults suit one school's site.
#[derive(Debug, Clone)]
pub struct CrawlOptions {
    pub user_agent: String,
    /// Other host names that are the same site (`www.` and bare domain, a CDN),
    /// at the start address's scheme and port.
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
    /// Largest sitemap read (each one, after decompression).
    pub max_sitemap_bytes: u64,
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
    /// Where the crawl says how far it got (pages fetched, queue, host):
    /// a line for a person at a terminal, see [`crate::progress`]. `None`
    /// (the default) shows nothing.
    pub progress: Option<indicatif::ProgressBar>,
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
            max_sitemap_bytes: 10 * 1024 * 1024,
            max_depth: 15,
            max_per_pattern: 2_000,
            max_calendar_pages: 24,
            fetch_assets: true,
            max_duration: Duration::from_secs(3600),
            cache_dir: None,
            progress: None,
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
    let origins = site_origins(&start, &opts.allowed_hosts);
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
                    let declared = robot.sitemaps.iter().filter_map(|s| Url::parse(s).ok());
                    sitemaps.extend(declared.map(|u| (u, SitemapFrom::Robots)));
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
    let shared = Arc::new(Shared { fetcher, robots, origins, opts: opts.clone() });
    let mut crawler = Crawler::new(opts, shared, &start);
    crawler.result.site.base_url = Some(start.origin().ascii_serialization());
    crawler.enqueue(start.clone(), None);
    if let Ok(u) = start.join("/sitemap.xml") {
        sitemaps.push((u, SitemapFrom::Convention));
    }
    crawler.read_sitemaps(sitemaps).await;
    crawler.run(deadline).await;
    crawler.discover_unlinked(&start, deadline).await;
    crawler.finish(&start)
}

/// Fetches files a rendered JavaScript page shows (see
/// [`crate::source::render`]) that the crawl could not see in the shell,
/// exactly as the crawl fetches any file: same limits, robots.txt of the
/// start host, metadata and document text read. Each `(url, page)` is a
/// file's address and the (route) page showing it. Blocking, like [`crawl`].
pub fn fetch_files(start: &Url, files: Vec<(Url, String)>, opts: &CrawlOptions) -> CrawlResult {
    match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt.block_on(fetch_files_async(start, files, opts)),
        Err(e) => unreachable_result(start, format!("could not start the network runtime: {e}")),
    }
}

/// [`fetch_files`] inside a runtime.
pub async fn fetch_files_async(start: &Url, files: Vec<(Url, String)>, opts: &CrawlOptions) -> CrawlResult {
    let Some(start) = normalize(start) else { return CrawlResult::default() };
    let fetcher = match Fetcher::new(opts) {
        Ok(f) => Arc::new(f),
        Err(e) => return unreachable_result(&start, e),
    };
    let mut robots = HashMap::new();
    let host = start.host_str().unwrap_or("").to_ascii_lowercase();
    if let Ok(robots_url) = start.join("/robots.txt")
        && let Ok(raw) = fetcher.get(&robots_url, 512 * 1024).await
        && (200..300).contains(&raw.status)
        && let Ok(robot) = Robot::new(ROBOTS_AGENT, &raw.body)
    {
        robots.insert(host, robot);
    }
    let origins = site_origins(&start, &opts.allowed_hosts);
    let shared = Arc::new(Shared { fetcher, robots, origins, opts: opts.clone() });
    let mut crawler = Crawler::new(opts, shared, &start);
    for (url, page) in files {
        if matches!(links::classify(&url), Some(Target::Asset(_))) {
            crawler.enqueue(url, Some(FoundOn::Page(page)));
        }
    }
    crawler.run(Instant::now() + opts.max_duration).await;
    let mut result = crawler.result;
    result.site.assets.sort_by(|a, b| a.url.cmp(&b.url));
    result
}

/// The origins (scheme, host, port) that are this site: the start address's,
/// each allowed host at the same scheme and port, and, for a plain-http
/// start on port 80, the https twin on port 443 of each (the same site,
/// upgraded). Nothing else: another port on the same machine is another
/// service, not part of the school's website.
fn site_origins(start: &Url, allowed_hosts: &[String]) -> Vec<Origin> {
    let mut bases = vec![start.clone()];
    for host in allowed_hosts {
        let mut u = start.clone();
        if u.set_host(Some(host)).is_ok() {
            bases.push(u);
        }
    }
    let mut origins = Vec::new();
    for u in bases {
        origins.push(u.origin());
        if u.scheme() == "http" && u.port().is_none() {
            let mut secure = u.clone();
            if secure.set_scheme("https").is_ok() {
                origins.push(secure.origin());
            }
        }
    }
    origins
}

/// What every fetch task needs.
struct Shared {
    fetcher: Arc<Fetcher>,
    /// Parsed robots.txt per host name.
    robots: HashMap<String, Robot>,
    origins: Vec<Origin>,
    opts: CrawlOptions,
}

/// A completed fetch: the addresses redirected through, and the answer.
struct Fetch {
    /// Every address requested before the final one, in order.
    hops: Vec<Url>,
    url: Url,
    raw: fetch::Raw,
}

impl Shared {
    /// Only the exact origins of the site are crawled (see [`site_origins`]).
    fn on_site(&self, url: &Url) -> bool {
        self.origins.contains(&url.origin())
    }

    fn robots_allow(&self, url: &Url) -> bool {
        let host = url.host_str().unwrap_or("").to_ascii_lowercase();
        self.robots.get(&host).is_none_or(|r| r.allowed(url.as_str()))
    }

    /// Fetches `url`, following redirects that stay on the site.
    ///
    /// A loop is a return to an address already requested, compared exactly:
    /// `/about` → `/about/` is the server adding the folder's slash, not a
    /// loop, even though both are one page to the crawler's de-duplication.
    async fn fetch(&self, url: Url, max_bytes: u64) -> Result<Fetch, ProblemKind> {
        let mut hops: Vec<Url> = Vec::new();
        let mut current = url;
        loop {
            let raw = self.fetcher.get(&current, max_bytes).await?;
            if (300..400).contains(&raw.status)
                && let Some(location) = raw.location.as_deref()
            {
                let next = redirect_target(&current, location)?;
                if !self.on_site(&next) {
                    return Err(ProblemKind::OffSiteRedirect { to: shown(next.as_str()) });
                }
                if next == current || hops.contains(&next) {
                    return Err(ProblemKind::RedirectLoop);
                }
                if hops.len() >= self.opts.max_redirects {
                    return Err(ProblemKind::TooManyRedirects { limit: self.opts.max_redirects });
                }
                if !self.robots_allow(&next) {
                    return Err(ProblemKind::RobotsDisallowed);
                }
                hops.push(std::mem::replace(&mut current, next));
                continue;
            }
            if raw.status >= 300 {
                return Err(ProblemKind::HttpStatus { status: raw.status });
            }
            return Ok(Fetch { hops, url: current, raw });
        }
    }
}

/// Where a redirect's `Location` leads, if it is a web address. Anything
/// else (`file:`, `ftp:`, `javascript:`, garbage) is refused, naming it.
fn redirect_target(current: &Url, location: &str) -> Result<Url, ProblemKind> {
    match current.join(location.trim()) {
        Ok(mut next) if matches!(next.scheme(), "http" | "https") && next.host_str().is_some() => {
            next.set_fragment(None);
            Ok(next)
        }
        Ok(other) => Err(ProblemKind::NonWebRedirect { to: shown(other.as_str()) }),
        Err(_) => Err(ProblemKind::NonWebRedirect { to: format!("\"{}\"", shown(location)) }),
    }
}

/// Where a sitemap's address came from: a missing sitemap is only worth a
/// finding when the site said it had one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SitemapFrom {
    /// A `Sitemap:` line in robots.txt.
    Robots,
    /// Listed in a sitemap index.
    Index,
    /// `/sitemap.xml`, tried by convention.
    Convention,
}

/// An address waiting to be fetched.
struct Queued {
    url: Url,
    target: Target,
    found_on: Option<FoundOn>,
}

/// What one fetch task hands back to the crawl loop.
enum Fetched {
    Page {
        page: Page,
        links: Vec<Url>,
        /// The address stored (after redirects), and those redirected through.
        final_url: Url,
        hops: Vec<Url>,
        /// Problems with a page that was still audited (a wrong content type).
        notes: Vec<CrawlProblem>,
        bytes: u64,
    },
    Asset {
        asset: Asset,
        final_url: Url,
        hops: Vec<Url>,
        bytes: u64,
    },
    /// Neither HTML nor a file the audit reads (a JSON feed behind a page-like address).
    Skipped,
    Failed(CrawlProblem),
}

struct Crawler {
    opts: CrawlOptions,
    shared: Arc<Shared>,
    /// The start address as reported (`/`).
    start_path: String,
    seen: HashSet<String>,
    frontier: VecDeque<Queued>,
    /// Addresses being fetched, so a crawl cut short knows what it missed.
    in_flight: HashMap<String, Url>,
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
    /// Files queued from a list the site keeps (not a link), by address.
    listed: HashMap<String, ListedIn>,
    result: CrawlResult,
}

impl Crawler {
    fn new(opts: &CrawlOptions, shared: Arc<Shared>, start: &Url) -> Self {
        Self {
            opts: opts.clone(),
            shared,
            start_path: site_path(start),
            seen: HashSet::new(),
            frontier: VecDeque::new(),
            in_flight: HashMap::new(),
            traps: TrapGuard::new(opts.max_depth, opts.max_per_pattern, opts.max_calendar_pages),
            trap_skips: HashMap::new(),
            pages_queued: 0,
            stored: HashSet::new(),
            bytes: 0,
            limits_hit: HashSet::new(),
            stop: false,
            listed: HashMap::new(),
            result: CrawlResult::default(),
        }
    }

    /// Queues `url` if it is on the site, new, not a trap, and allowed.
    /// Every address on the site that is not queued is recorded as
    /// unchecked, so no later check calls it a broken link.
    fn enqueue(&mut self, url: Url, found_on: Option<FoundOn>) {
        let Some(url) = normalize(&url) else { return };
        if !self.shared.on_site(&url) {
            return;
        }
        let Some(target) = links::classify(&url) else { return self.unchecked(&url) };
        if matches!(target, Target::Asset(_)) && !self.opts.fetch_assets {
            return self.unchecked(&url);
        }
        let key = dedupe_key(&url);
        if !self.seen.insert(key) {
            return;
        }
        if let Some(kind) = self.traps.check(&url) {
            let entry = self.trap_skips.entry(kind).or_insert_with(|| (site_path(&url), 0));
            entry.1 += 1;
            return self.unchecked(&url);
        }
        if !self.shared.robots_allow(&url) {
            let problem = CrawlProblem::new(site_path(&url), ProblemKind::RobotsDisallowed).found_on(found_on);
            self.result.problems.push(problem);
            return self.unchecked(&url);
        }
        if target == Target::Page {
            if self.pages_queued >= self.opts.max_pages {
                self.hit_limit("pages", self.opts.max_pages as u64);
                return self.unchecked(&url);
            }
            self.pages_queued += 1;
        }
        if let Target::Asset(_) = target
            && let Some(list) = found_on.as_ref().and_then(FoundOn::list)
        {
            self.listed.insert(url.to_string(), list);
        }
        self.frontier.push_back(Queued { url, target, found_on });
    }

    /// Records an address on the site that was not (or could not be) checked.
    fn unchecked(&mut self, url: &Url) {
        self.result.site.unchecked.insert(link_path(url));
    }

    /// Records the addresses that redirected to `to`.
    fn redirected(&mut self, hops: &[Url], to: &Url) {
        let to = link_path(to);
        for hop in hops {
            let from = link_path(hop);
            if from != to {
                self.result.site.redirects.insert(from, to.clone());
            }
        }
    }

    /// Records a limit once. The page limit only stops new pages being
    /// queued; the byte and time limits (`stop`) end the crawl.
    fn hit_limit(&mut self, what: &'static str, limit: u64) {
        if self.limits_hit.insert(what) {
            self.result.problems.push(CrawlProblem::new("/", ProblemKind::LimitReached { what, limit }));
        }
    }

    /// Reads sitemaps (and one level of sitemap indexes) for extra seeds.
    /// A sitemap that exists but cannot be read is a finding: the pages only
    /// it lists were not audited.
    async fn read_sitemaps(&mut self, mut queue: Vec<(Url, SitemapFrom)>) {
        let mut done = HashSet::new();
        let mut budget = 20;
        while let Some((url, from)) = queue.pop() {
            if budget == 0 || !done.insert(url.to_string()) || !self.shared.on_site(&url) {
                continue;
            }
            // A sitemap robots.txt names is an invitation; one only guessed at obeys its rules.
            if from == SitemapFrom::Convention && !self.shared.robots_allow(&url) {
                continue;
            }
            budget -= 1;
            let path = site_path(&url);
            let reason = match self.shared.fetch(url, self.opts.max_sitemap_bytes).await {
                Ok(f) if f.raw.body.starts_with(&[0x1f, 0x8b]) => {
                    match discover::gunzip(&f.raw.body, self.opts.max_sitemap_bytes) {
                        Some(xml) => match links::sitemap_locations(&xml) {
                            Some((locs, index)) => {
                                self.take_sitemap(locs, index, &mut queue);
                                continue;
                            }
                            None => "it is not valid sitemap XML once unpacked".to_string(),
                        },
                        None => format!(
                            "it is gzipped and damaged, or unpacks to more than {}",
                            problem::human_bytes(self.opts.max_sitemap_bytes)
                        ),
                    }
                }
                Ok(f) => match links::sitemap_locations(&f.raw.body) {
                    Some((locs, index)) => {
                        self.take_sitemap(locs, index, &mut queue);
                        continue;
                    }
                    // A web page at /sitemap.xml is a site without a sitemap.
                    None if from == SitemapFrom::Convention && sniff::is_html(&f.raw.body) => continue,
                    None => "it is not valid sitemap XML".to_string(),
                },
                Err(ProblemKind::TooLarge { limit }) => format!("it is larger than {}", problem::human_bytes(limit)),
                Err(_) if from == SitemapFrom::Convention => continue,
                Err(ProblemKind::HttpStatus { status }) => format!("it answered HTTP {status}"),
                Err(ProblemKind::Timeout { seconds }) => format!("it did not arrive within {seconds} s"),
                Err(_) => "it could not be fetched".to_string(),
            };
            self.result.problems.push(CrawlProblem::new(path, ProblemKind::SitemapUnreadable { reason }));
        }
    }

    /// Queues a sitemap's locations: further sitemaps for an index, pages
    /// and files otherwise.
    fn take_sitemap(&mut self, locs: Vec<Url>, index: bool, queue: &mut Vec<(Url, SitemapFrom)>) {
        if index {
            queue.extend(locs.into_iter().map(|u| (u, SitemapFrom::Index)));
        } else {
            for loc in locs {
                self.enqueue(loc, Some(FoundOn::Sitemap));
            }
        }
    }

    /// After the link crawl: asks the places a site lists its own files
    /// (the WordPress media library, search index files, folder listings;
    /// see [`discover`]) and fetches what they name that no link reached.
    /// The audit then reports those files as unlinked.
    async fn discover_unlinked(&mut self, start: &Url, deadline: Instant) {
        if self.stop {
            return;
        }
        let wordpress = self.result.site.pages.iter().find_map(|p| {
            let at = start.join(&p.url).ok()?;
            discover::wordpress_api_root(&p.html, &at)
        });
        let asked = async {
            if let Some(root) = &wordpress {
                self.read_media_library(root).await;
            }
            self.read_search_indexes(start).await;
            self.read_folder_listings(start, wordpress.is_some()).await;
        };
        if tokio::time::timeout_at(deadline.into(), asked).await.is_err() {
            self.stop = true;
            self.hit_limit("seconds", self.opts.max_duration.as_secs());
            return;
        }
        self.run(deadline).await;
    }

    /// Pages through `/wp-json/wp/v2/media` until an empty or short page,
    /// an error (past the last page), or [`discover::MAX_MEDIA_PAGES`].
    /// A site that closed its API simply answers 401 or 404: nothing to say.
    async fn read_media_library(&mut self, root: &Url) {
        for n in 1..=discover::MAX_MEDIA_PAGES {
            let Some(url) = discover::media_page_url(root, n) else { return };
            if !self.shared.on_site(&url) || !self.shared.robots_allow(&url) {
                return;
            }
            let Ok(answer) = self.shared.fetch(url.clone(), self.opts.max_sitemap_bytes).await else { return };
            let Some(sources) = discover::media_sources(&answer.raw.body) else { return };
            let full = sources.len() >= discover::MEDIA_PER_PAGE;
            for source in sources {
                if let Ok(file) = url.join(&source) {
                    self.enqueue(file, Some(FoundOn::MediaLibrary));
                }
            }
            if !full {
                return;
            }
        }
    }

    /// Reads the search index files static generators publish.
    async fn read_search_indexes(&mut self, start: &Url) {
        for path in discover::SEARCH_INDEX_PATHS {
            let Ok(url) = start.join(path) else { continue };
            if !self.shared.robots_allow(&url) || self.seen.contains(&dedupe_key(&url)) {
                continue;
            }
            let Ok(answer) = self.shared.fetch(url, self.opts.max_sitemap_bytes).await else { continue };
            for found in discover::search_index_urls(&answer.raw.body, &answer.url).unwrap_or_default() {
                self.enqueue(found, Some(FoundOn::SearchIndex));
            }
        }
    }

    /// Asks each folder that holds a file found so far (shallowest first,
    /// and `/wp-content/uploads/` on WordPress) for its listing, and walks
    /// the listings it gets, one level of folders at a time, all the
    /// folders of a level at once. Bounded by [`discover::MAX_LISTINGS`]
    /// requests and [`discover::MAX_LISTING_DEPTH`] levels.
    async fn read_folder_listings(&mut self, start: &Url, wordpress: bool) {
        let files = self
            .result
            .site
            .assets
            .iter()
            .filter_map(|a| start.join(&a.url).ok())
            .chain(self.frontier.iter().filter(|q| q.target != Target::Page).map(|q| q.url.clone()));
        let mut candidates: BTreeSet<(usize, String)> = BTreeSet::new();
        for file in files {
            for folder in discover::folders_above(&file) {
                candidates.insert((folder.path().matches('/').count(), folder.to_string()));
            }
        }
        if wordpress && let Ok(uploads) = start.join("/wp-content/uploads/") {
            candidates.insert((3, uploads.to_string()));
        }
        let mut visited: HashSet<String> = HashSet::new();
        let mut budget = discover::MAX_LISTINGS;
        let mut level: Vec<(Url, usize)> = Vec::new();
        let mut candidates = candidates.into_iter().filter_map(|(_, u)| Url::parse(&u).ok()).peekable();
        while budget > 0 && (!level.is_empty() || candidates.peek().is_some()) {
            if level.is_empty() {
                level.extend(candidates.next().map(|u| (u, 0)));
            }
            let mut tasks: JoinSet<(usize, Option<Fetch>)> = JoinSet::new();
            for (folder, depth) in level.drain(..) {
                let key = dedupe_key(&folder);
                let fresh = visited.insert(folder.path().to_string()) && !self.stored.contains(&key);
                if !fresh
                    || budget == 0
                    || !discover::worth_listing(&folder)
                    || !self.shared.on_site(&folder)
                    || !self.shared.robots_allow(&folder)
                {
                    continue;
                }
                budget -= 1;
                let shared = self.shared.clone();
                let max = self.opts.max_page_bytes;
                tasks.spawn(async move { (depth, shared.fetch(folder, max).await.ok()) });
            }
            while let Some(done) = tasks.join_next().await {
                let Ok((depth, Some(answer))) = done else { continue };
                let html = String::from_utf8_lossy(&answer.raw.body);
                for (entry, is_folder) in discover::listing_entries(&html, &answer.url).unwrap_or_default() {
                    if !is_folder {
                        self.enqueue(entry, Some(FoundOn::FolderListing));
                    } else if depth < discover::MAX_LISTING_DEPTH {
                        level.push((entry, depth + 1));
                    }
                }
            }
        }
    }

    async fn run(&mut self, deadline: Instant) {
        let mut tasks: JoinSet<(Url, Fetched)> = JoinSet::new();
        let in_flight_cap = self.opts.concurrency_per_host.max(1) * self.shared.origins.len() * 2;
        loop {
            while tasks.len() < in_flight_cap && !self.stop {
                let Some(queued) = self.frontier.pop_front() else { break };
                self.in_flight.insert(queued.url.to_string(), queued.url.clone());
                tasks.spawn(fetch_one(self.shared.clone(), queued));
            }
            if tasks.is_empty() {
                break;
            }
            let next = tokio::time::timeout_at(deadline.into(), tasks.join_next()).await;
            let (url, fetched) = match next {
                Ok(Some(Ok(done))) => done,
                // A task that panicked: its address stays in `in_flight`, so it counts as unchecked.
                Ok(Some(Err(_join_error))) => continue,
                Ok(None) => break,
                Err(_) => {
                    tasks.abort_all();
                    self.stop = true;
                    self.hit_limit("seconds", self.opts.max_duration.as_secs());
                    break;
                }
            };
            self.in_flight.remove(url.as_str());
            self.take(&url, fetched);
        }
        tasks.shutdown().await;
    }

    /// Updates the progress line: what is fetched, what is waiting, and
    /// the host just answered (a trust audit shows one line per school).
    fn show_progress(&self, url: &Url) {
        if let Some(bar) = &self.opts.progress {
            let site = &self.result.site;
            bar.set_message(format!(
                "{} pages and {} files fetched, {} queued ({})",
                site.pages.len(),
                site.assets.len(),
                self.frontier.len() + self.in_flight.len(),
                url.host_str().unwrap_or("")
            ));
            bar.tick();
        }
    }

    /// Adds one fetch's outcome to the site.
    fn take(&mut self, url: &Url, fetched: Fetched) {
        self.take_fetched(url, fetched);
        self.show_progress(url);
    }

    fn take_fetched(&mut self, url: &Url, fetched: Fetched) {
        match fetched {
            Fetched::Failed(p) => {
                self.unchecked(url);
                self.result.problems.push(p);
            }
            Fetched::Skipped => self.unchecked(url),
            Fetched::Page { page, links, final_url, hops, notes, bytes } => {
                self.redirected(&hops, &final_url);
                if !self.first_copy(dedupe_key(&final_url)) {
                    return;
                }
                if !self.count_bytes(bytes) {
                    return self.unchecked(&final_url);
                }
                self.result.problems.extend(notes);
                let from = page.url.clone();
                self.result.site.pages.push(page);
                for l in links {
                    self.enqueue(l, Some(FoundOn::Page(from.clone())));
                }
            }
            Fetched::Asset { asset, final_url, hops, bytes } => {
                self.redirected(&hops, &final_url);
                if !self.first_copy(dedupe_key(&final_url)) {
                    return;
                }
                if self.count_bytes(bytes) {
                    if let Some(list) = self.listed.get(url.as_str()) {
                        self.result.site.listed_in.insert(asset.url.clone(), *list);
                    }
                    self.result.site.assets.push(asset);
                } else {
                    self.unchecked(&final_url);
                }
            }
        }
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
        // A crawl cut short by a limit: what was queued or in flight was not checked.
        let missed: Vec<Url> =
            self.frontier.drain(..).map(|q| q.url).chain(self.in_flight.drain().map(|(_, u)| u)).collect();
        for url in &missed {
            self.unchecked(url);
        }
        let mut traps: Vec<_> = self.trap_skips.drain().collect();
        traps.sort();
        for (kind, (first, skipped)) in traps {
            self.result.problems.push(CrawlProblem::new(first, ProblemKind::Trap { kind, skipped }));
        }
        if self.result.site.pages.is_empty() {
            self.nothing_audited(start);
        }
        self.result.site.pages.sort_by(|a, b| a.url.cmp(&b.url));
        self.result.site.assets.sort_by(|a, b| a.url.cmp(&b.url));
        self.result
    }

    /// No page was audited: say why in one finding that fails the audit,
    /// never leave an empty crawl looking clean.
    fn nothing_audited(&mut self, start: &Url) {
        let problems = &mut self.result.problems;
        let home = problems.iter().find(|p| p.url == self.start_path).cloned();
        match home {
            Some(p) if p.kind == ProblemKind::RobotsDisallowed => {
                // One plain finding instead of one per address robots.txt kept us from.
                problems.retain(|p| p.kind != ProblemKind::RobotsDisallowed);
                problems.push(CrawlProblem::new(self.start_path.clone(), ProblemKind::RobotsBlocksSite));
            }
            Some(p) => {
                let detail = p.to_finding().message;
                problems.push(CrawlProblem::new(start.as_str(), ProblemKind::SiteUnreachable { detail }));
            }
            None => {
                let detail = "no web page was found at this address".to_string();
                problems.push(CrawlProblem::new(start.as_str(), ProblemKind::SiteUnreachable { detail }));
            }
        }
    }
}

/// Fetches one address and turns it into a page or asset. Parsing (links,
/// metadata, document text) happens here, off the crawl loop. Returns the
/// address asked for with the outcome.
async fn fetch_one(shared: Arc<Shared>, queued: Queued) -> (Url, Fetched) {
    let Queued { url, target, found_on } = queued;
    let max = match target {
        Target::Page => shared.opts.max_page_bytes,
        Target::Asset(_) => shared.opts.max_asset_bytes,
    };
    let fetched = match shared.fetch(url.clone(), max).await {
        Ok(f) => read_answer(f, target).await,
        Err(kind) => Fetched::Failed(CrawlProblem::new(site_path(&url), kind).found_on(found_on)),
    };
    (url, fetched)
}

/// Turns a successful answer into a page, an asset, or nothing. The
/// server's content type is believed unless it hides a page or file the
/// audit reads (HTML served as `application/octet-stream`): then the bytes
/// decide, and a page with the wrong type is still audited, with a warning.
async fn read_answer(fetch: Fetch, target: Target) -> Fetched {
    let Fetch { hops, url, raw } = fetch;
    let final_url = normalize(&url).unwrap_or(url);
    let path = site_path(&final_url);
    let bytes = raw.body.len() as u64;
    let mime = raw.content_type.as_deref().unwrap_or("").trim().to_ascii_lowercase();
    let labelled_html = mime.starts_with("text/html") || mime.starts_with("application/xhtml");
    let kind = match target {
        Target::Asset(kind) => kind,
        Target::Page if labelled_html || mime.is_empty() || sniff::is_html(&raw.body) => {
            let mut notes = Vec::new();
            if !labelled_html && !mime.is_empty() {
                let content_type = shown(raw.content_type.as_deref().unwrap_or(""));
                notes.push(CrawlProblem::new(path.clone(), ProblemKind::WrongContentType { content_type }));
            }
            let html = String::from_utf8_lossy(&raw.body).into_owned();
            let base = final_url.clone();
            let parsed = tokio::task::spawn_blocking(move || {
                let links = links::page_links(&html, &base);
                (html, links)
            })
            .await;
            let Ok((html, links)) = parsed else { return Fetched::Failed(internal(path)) };
            let page = Page { url: path, html, source: None, photo_declarations: vec![], shared_to: vec![] };
            return Fetched::Page { page, links, final_url, hops, notes, bytes };
        }
        Target::Page => match kind_from_mime(&mime) {
            AssetKind::Other => match sniff::asset_kind(&raw.body) {
                Some(kind) => kind,
                None => return Fetched::Skipped,
            },
            kind => kind,
        },
    };
    let body = raw.body;
    let asset_path = path.clone();
    let done = tokio::task::spawn_blocking(move || {
        // Metadata is read from the container only; images are never decoded here.
        let original_metadata = kind.shows_people().then(|| crate::metadata::read_metadata(&body).ok()).flatten();
        let text = crate::documents::extract_text(&body, kind);
        Asset {
            url: asset_path,
            kind,
            bytes: body.into(),
            original_metadata,
            source: None,
            text,
            original_document: None,
        }
    })
    .await;
    match done {
        Ok(asset) => Fetched::Asset { asset, final_url, hops, bytes },
        Err(_) => Fetched::Failed(internal(path)),
    }
}

/// A parsing task that panicked: record it against the address, carry on.
fn internal(url: String) -> CrawlProblem {
    CrawlProblem::new(url, ProblemKind::ConnectionFailed { detail: "the content could not be read".into() })
}

fn kind_from_mime(mime: &str) -> AssetKind {
    if mime.starts_with("image/") {
        AssetKind::Image
    } else if mime.starts_with("video/mp4") || mime.starts_with("video/quicktime") || mime.starts_with("video/x-m4v") {
        AssetKind::Video
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

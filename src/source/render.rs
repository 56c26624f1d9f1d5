//! Rendering JavaScript-only sites (single-page apps) in headless Chromium,
//! so the ordinary checks read what a visitor sees instead of an empty shell.
//!
//! Why a browser and not a JavaScript engine: an app shell needs the whole
//! web platform (DOM, `fetch`, history, timers, module loading) to build its
//! pages. Chromium is what parents use, and `--dump-dom` hands back the DOM
//! after the scripts ran. Each page is one short-lived `chromium --headless
//! --dump-dom` process with a throw-away profile, a virtual-time budget (so
//! timers and network settle without waiting in real time) and a hard
//! process timeout after which the whole process group is killed: a hostile
//! or broken app can cost at most [`RenderLimits::timeout`] per page.
//!
//! What is rendered ([`RenderMode`]): `auto` renders only the pages the
//! audit would call a shell ([`crate::audit::rules::shell::signs`]), so an
//! ordinary site never starts a browser; `always` renders every page;
//! `never` renders nothing. From each rendered DOM the app's routes are
//! discovered ([`discover`]): hash routes (`#/parent-and-carer/school-day`)
//! and history routes (same-origin links to addresses the server did not
//! serve as pages). Each route is rendered in turn and becomes its own
//! [`Page`] whose URL is the route (`/#/parent-and-carer/school-day`), so a
//! finding points at the address a parent would open.
//!
//! A folder of an app's build cannot be opened from `file://` (bundles load
//! from `/static/…`, routers read `location.pathname`), so [`FolderServer`]
//! serves it on 127.0.0.1 with the fallback every SPA host has: an address
//! that is not a file answers with the nearest `index.html`.

use std::collections::{BTreeSet, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use scraper::{Html, Selector};
use url::Url;

use crate::audit::page_view::visible_text;
use crate::audit::rules::shell;
use crate::audit::{Finding, Location, Severity};
use crate::site::{CHROMIUM_ENV, Page, RenderedSite, Rendering};
use crate::source::crawl::links::{self, Target};
use crate::source::crawl::normalize::{link_path, site_path};

/// Rule id of a page or route the browser could not render.
pub const RENDER_FAILED: &str = "crawl/render-failed";
/// Rule id of the note that the site was rendered (info).
pub const RENDERED: &str = "crawl/rendered";

/// Which pages to run in a browser (`--render`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RenderMode {
    /// Only pages that are JavaScript shells.
    #[default]
    Auto,
    /// Every page (for sites that fill in content with scripts without
    /// looking like a shell).
    Always,
    /// None: audit the HTML the server sends.
    Never,
}

/// Time and size limits of rendering.
#[derive(Debug, Clone)]
pub struct RenderLimits {
    /// Virtual time the page may run before the DOM is taken
    /// (`--virtual-time-budget`): timers and requests settle within it.
    pub budget: Duration,
    /// Wall-clock limit of one browser process; it is killed after it.
    pub timeout: Duration,
    /// Routes rendered at most, beyond the pages themselves (an app that
    /// generates links without end is cut off here).
    pub max_routes: usize,
    /// Browsers running at once.
    pub workers: usize,
}

impl Default for RenderLimits {
    fn default() -> Self {
        Self { budget: Duration::from_secs(5), timeout: Duration::from_secs(30), max_routes: 300, workers: 2 }
    }
}

/// The programs tried on the PATH, in order, when [`CHROMIUM_ENV`] is unset.
const CANDIDATES: &[&str] = &["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

/// A browser program Schoolgate can run headless.
#[derive(Debug, Clone)]
pub struct Browser {
    program: PathBuf,
}

impl Browser {
    /// The browser named by [`CHROMIUM_ENV`], else the first of
    /// [`CANDIDATES`] on the PATH. The error is a sentence saying what was
    /// looked for, for the shell finding and the `--render always` error.
    pub fn find() -> Result<Browser, String> {
        if let Some(value) = std::env::var_os(CHROMIUM_ENV).filter(|v| !v.is_empty()) {
            let program = PathBuf::from(&value);
            return if is_program(&program) {
                Ok(Browser { program })
            } else {
                Err(format!("{CHROMIUM_ENV} is set to {}, which is not a program on this computer", program.display()))
            };
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        for dir in std::env::split_paths(&path) {
            for name in CANDIDATES {
                let program = dir.join(name);
                if is_program(&program) {
                    return Ok(Browser { program });
                }
            }
        }
        Err(format!(
            "no Chromium or Chrome was found (looked for {} on the PATH, and {CHROMIUM_ENV} is not set)",
            CANDIDATES.join(", ")
        ))
    }

    pub fn program(&self) -> &Path {
        &self.program
    }

    /// The DOM of `url` after its scripts ran, as Chromium serialises it.
    pub fn dump_dom(&self, url: &Url, limits: &RenderLimits) -> Result<String, RenderFailure> {
        let profile = tempfile::tempdir().map_err(|e| RenderFailure::Start(e.to_string()))?;
        let mut cmd = Command::new(&self.program);
        cmd.args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--mute-audio",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--virtual-time-budget={}", limits.budget.as_millis()))
        .arg("--dump-dom")
        .arg(url.as_str())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
        // Its own process group: Chromium starts helper processes, and a
        // timeout must end them all, not only the first.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let mut child = cmd.spawn().map_err(|e| RenderFailure::Start(e.to_string()))?;
        let Some(stdout) = child.stdout.take() else {
            kill_all(&mut child);
            return Err(RenderFailure::Start("no output pipe".into()));
        };
        let cap = crate::limits::MAX_PAGE_BYTES;
        let reader = std::thread::spawn(move || {
            let mut out = Vec::new();
            // Read one byte past the cap to know it was exceeded; the rest is dropped with the pipe.
            let read = stdout.take(cap + 1).read_to_end(&mut out);
            read.map(|_| out)
        });
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if started.elapsed() >= limits.timeout => break None,
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(_) => break None,
            }
        };
        // Helpers left behind by a browser that exited are ended too.
        kill_all(&mut child);
        let out = reader.join().map_err(|_| RenderFailure::Start("the output reader failed".into()))?;
        let Some(status) = status else {
            return Err(RenderFailure::Timeout { seconds: limits.timeout.as_secs() });
        };
        let out = out.map_err(|e| RenderFailure::Crashed(e.to_string()))?;
        if out.len() as u64 > cap {
            return Err(RenderFailure::TooLarge);
        }
        let dom = String::from_utf8_lossy(&out).into_owned();
        if !status.success() && dom.trim().is_empty() {
            return Err(RenderFailure::Crashed(format!("the browser stopped with {status}")));
        }
        if dom.trim().is_empty() {
            return Err(RenderFailure::Crashed("the browser returned no page".into()));
        }
        Ok(dom)
    }
}

fn is_program(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// Ends the browser and every process of its group, and reaps it.
fn kill_all(child: &mut std::process::Child) {
    #[cfg(target_os = "linux")]
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: kill(2) on the process group this child leads (made with
        // process_group(0) above); no memory is touched.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Why one page could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderFailure {
    Start(String),
    Timeout { seconds: u64 },
    Crashed(String),
    TooLarge,
}

impl std::fmt::Display for RenderFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderFailure::Start(e) => write!(f, "the browser could not be started ({e})"),
            RenderFailure::Timeout { seconds } => write!(f, "the browser did not finish within {seconds} s"),
            RenderFailure::Crashed(e) => write!(f, "the browser failed ({e})"),
            RenderFailure::TooLarge => {
                write!(f, "the rendered page is larger than {}", crate::limits::MAX_PAGE_BYTES / (1024 * 1024))?;
                f.write_str(" MiB")
            }
        }
    }
}

/// What rendering did, for the caller: findings to add, files the rendered
/// pages show that the site does not hold yet (a live crawl fetches them),
/// and timings.
#[derive(Debug, Default)]
pub struct RenderOutcome {
    pub findings: Vec<Finding>,
    /// Same-origin images and documents in rendered pages that are not
    /// assets of the site, with the page that shows them.
    pub files: Vec<(Url, String)>,
    /// Pages and routes rendered, with how long each took.
    pub timings: Vec<(String, Duration)>,
}

impl RenderOutcome {
    /// `Rendered 7 pages in headless Chromium, 0.9 s per page`, or `None`
    /// when nothing was rendered.
    pub fn summary(&self) -> Option<String> {
        let n = self.timings.len();
        let total: Duration = self.timings.iter().map(|t| t.1).sum();
        (n > 0).then(|| {
            format!(
                "Rendered {n} page{} in headless Chromium, {:.2} s per page on average",
                if n == 1 { "" } else { "s" },
                total.as_secs_f64() / n as f64
            )
        })
    }
}

/// Whether `mode` asks for any page of `site` to be rendered.
pub fn wants_render(site: &RenderedSite, mode: RenderMode) -> bool {
    match mode {
        RenderMode::Never => false,
        RenderMode::Always => !site.pages.is_empty(),
        RenderMode::Auto => site.pages.par_iter().any(|p| is_shell(&p.html)),
    }
}

/// The audit's own shell test on one page.
fn is_shell(html: &str) -> bool {
    if !shell::may_be_shell(html) || crate::depth::html_depth(html).is_err() {
        return false;
    }
    let doc = Html::parse_document(html);
    let Some(body) = Selector::parse("body").ok().and_then(|s| doc.select(&s).next()) else { return false };
    shell::signs(&doc, &visible_text(body)).is_some()
}

/// Renders the pages `mode` asks for, served at `base` (the live site, or a
/// [`FolderServer`]), replaces their HTML with the rendered DOM, and adds
/// every route found in them as its own page. Records on the site what
/// happened ([`RenderedSite::rendering`]).
pub fn render_site(
    site: &mut RenderedSite,
    base: &Url,
    mode: RenderMode,
    browser: Result<&Browser, &str>,
    limits: &RenderLimits,
) -> RenderOutcome {
    let mut outcome = RenderOutcome::default();
    if mode == RenderMode::Never {
        site.rendering = Rendering::TurnedOff;
        return outcome;
    }
    let targets: Vec<usize> = (0..site.pages.len())
        .into_par_iter()
        .filter(|&i| mode == RenderMode::Always || is_shell(&site.pages[i].html))
        .collect();
    if targets.is_empty() {
        return outcome;
    }
    let browser = match browser {
        Ok(b) => b,
        Err(why) => {
            site.rendering = Rendering::NoBrowser(why.to_string());
            return outcome;
        }
    };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(limits.workers.max(1)).build();
    let Ok(pool) = pool else {
        site.rendering = Rendering::NoBrowser("the rendering threads could not be started".into());
        return outcome;
    };
    // Addresses that are already pages (or known not to be): never routes.
    let mut known: HashSet<String> = site.pages.iter().map(|p| p.url.clone()).collect();
    known.extend(site.redirects.keys().cloned());
    known.extend(site.unchecked.iter().cloned());
    let have_files: HashSet<String> = site.assets.iter().map(|a| a.url.clone()).collect();
    let mut files_seen: HashSet<String> = HashSet::new();
    let mut failed = 0;
    let mut rendered = 0;
    let mut routes_added = 0;

    // The pages themselves.
    let jobs: Vec<(usize, Url)> =
        targets.iter().filter_map(|&i| base.join(&site.pages[i].url).ok().map(|u| (i, u))).collect();
    let results: Vec<(usize, Url, Duration, Result<String, RenderFailure>)> = pool.install(|| {
        jobs.into_par_iter()
            .map(|(i, url)| {
                let t = Instant::now();
                let r = browser.dump_dom(&url, limits);
                (i, url, t.elapsed(), r)
            })
            .collect()
    });
    let mut wave: Vec<(String, Url, Option<crate::site::SourceRef>)> = Vec::new();
    let mut queued: BTreeSet<String> = BTreeSet::new();
    let mut limit_hit = false;
    let mut discovered: Vec<(String, Url, Option<crate::site::SourceRef>)> = Vec::new();
    for (i, url, took, result) in results {
        let page_url = site.pages[i].url.clone();
        outcome.timings.push((page_url.clone(), took));
        match result {
            Ok(dom) => {
                rendered += 1;
                let found = discover(&dom, &url, base);
                site.pages[i].html = dom;
                let source = site.pages[i].source.clone();
                for f in found.files {
                    note_file(f, &page_url, &have_files, &mut files_seen, &mut outcome.files);
                }
                for (route, full) in found.routes {
                    discovered.push((route, full, source.clone()));
                }
            }
            Err(e) => {
                failed += 1;
                outcome.findings.push(failure(&page_url, &e, false));
            }
        }
    }
    for (route, full, source) in discovered {
        if !known.contains(&route) && queued.insert(route.clone()) {
            wave.push((route, full, source));
        }
    }
    // The routes, wave by wave: each wave's pages may link to more.
    while !wave.is_empty() {
        let room = limits.max_routes.saturating_sub(routes_added + failed);
        if wave.len() > room {
            limit_hit = true;
            for (route, _, _) in wave.drain(room..) {
                site.unchecked.insert(route_link_path(&route));
            }
        }
        if wave.is_empty() {
            break;
        }
        let results: Vec<_> = pool.install(|| {
            std::mem::take(&mut wave)
                .into_par_iter()
                .map(|(route, full, source)| {
                    let t = Instant::now();
                    // A history route is an address of its own: ask the
                    // server what a visitor opening it directly gets.
                    let refused = match route.contains('#') {
                        true => None,
                        false => server_answer(&full, limits.timeout).filter(|a| !(200..300).contains(&a.status)),
                    };
                    let r = match &refused {
                        Some(answer) if !answer.is_app => None,
                        _ => Some(browser.dump_dom(&full, limits)),
                    };
                    (route, full, source, t.elapsed(), refused.map(|a| a.status), r)
                })
                .collect()
        });
        let mut next = Vec::new();
        for (route, full, source, took, refused, result) in results {
            known.insert(route.clone());
            if let Some(status) = refused {
                outcome.findings.push(not_served(&route, status, result.is_some()));
            }
            let Some(result) = result else {
                // The server's error page is not the app's page: not audited.
                site.unchecked.insert(route_link_path(&route));
                continue;
            };
            outcome.timings.push((route.clone(), took));
            match result {
                Ok(dom) => {
                    rendered += 1;
                    routes_added += 1;
                    let found = discover(&dom, &full, base);
                    for f in found.files {
                        note_file(f, &route, &have_files, &mut files_seen, &mut outcome.files);
                    }
                    for (r, u) in found.routes {
                        if !known.contains(&r) && queued.insert(r.clone()) {
                            next.push((r, u, source.clone()));
                        }
                    }
                    site.pages.push(Page {
                        url: route,
                        html: dom,
                        source,
                        photo_declarations: vec![],
                        shared_to: vec![],
                    });
                }
                Err(e) => {
                    failed += 1;
                    site.unchecked.insert(route_link_path(&route));
                    outcome.findings.push(failure(&route, &e, true));
                }
            }
        }
        wave = next;
    }
    if limit_hit {
        let problem = crate::source::crawl::CrawlProblem::new(
            "/",
            crate::source::crawl::ProblemKind::LimitReached {
                what: "rendered in-app routes",
                limit: limits.max_routes as u64,
            },
        );
        outcome.findings.push(problem.to_finding());
    }
    site.rendering = Rendering::Rendered { pages: rendered, failed };
    if rendered > 0 {
        let example =
            site.pages.iter().rev().find(|p| p.url.contains("#/") || p.url.contains("#!/")).map(|p| p.url.clone());
        let routes = match (routes_added, example) {
            (0, _) => "No in-app routes were found.".to_string(),
            (n, Some(e)) => format!(
                "{n} in-app route{} were found and audited as pages at their own addresses (such as {e}).",
                plural(n)
            ),
            (n, None) => {
                format!("{n} in-app route{} were found and audited as pages at their own addresses.", plural(n))
            }
        };
        outcome.findings.push(Finding::new(
            RENDERED,
            Severity::Info,
            Location::page("/", None),
            format!(
                "This site builds its pages with JavaScript. Schoolgate ran {rendered} page{} in headless Chromium and \
                 audited what a visitor sees. {routes}",
                plural(rendered)
            ),
            "Nothing to do. Pages only a logged-in visitor or a form submission reaches are not rendered.",
        ));
    }
    outcome
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The form link checks compare against: a hash route is its document's path.
fn route_link_path(route: &str) -> String {
    route.split('#').next().unwrap_or(route).to_string()
}

fn note_file(
    (url, path): (Url, String),
    page: &str,
    have: &HashSet<String>,
    seen: &mut HashSet<String>,
    out: &mut Vec<(Url, String)>,
) {
    if !have.contains(&path) && seen.insert(path) {
        out.push((url, page.to_string()));
    }
}

/// Rule id of an in-app address the server itself does not serve.
pub const ROUTE_NOT_SERVED: &str = "crawl/route-not-served";

/// What the server answers at an address, when asked directly.
struct ServerAnswer {
    status: u16,
    /// The answer is the app's shell (a 404 page that loads the app, as
    /// GitHub Pages sites do): the browser still shows the route.
    is_app: bool,
}

/// Asks the server for `url` as a visitor opening a shared link, a bookmark
/// or a search result would. `None` when it cannot be asked (then the
/// browser's rendering decides). Runs on a rendering thread, outside any
/// async runtime, so it brings a small one of its own.
fn server_answer(url: &Url, timeout: Duration) -> Option<ServerAnswer> {
    const MAX_BODY: usize = 2 * 1024 * 1024;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
    rt.block_on(async {
        let client =
            reqwest::Client::builder().user_agent(crate::source::crawl::user_agent()).timeout(timeout).build().ok()?;
        let mut resp = client.get(url.clone()).send().await.ok()?;
        let status = resp.status().as_u16();
        let mut body = Vec::new();
        while let Ok(Some(chunk)) = resp.chunk().await {
            body.extend_from_slice(&chunk);
            if body.len() > MAX_BODY {
                break;
            }
        }
        Some(ServerAnswer { status, is_app: is_shell(&String::from_utf8_lossy(&body)) })
    })
}

fn not_served(route: &str, status: u16, audited: bool) -> Finding {
    let what = if audited {
        "The server sends the app with that error, so browsers still show the page and Schoolgate audited it, but \
         search engines skip it and some links checkers call it broken."
    } else {
        "The page is only reached by clicking through the app from another page, and was not audited at this address."
    };
    Finding::new(
        ROUTE_NOT_SERVED,
        Severity::Warning,
        Location::page(route, None),
        format!(
            "The app links to {route}, but the web server answers HTTP {status} there: a parent who opens a shared \
             link, a bookmark or a search result for it gets an error. {what}"
        ),
        "Ask whoever hosts the site to answer the app's addresses with its index.html and HTTP 200 (a \
         \"single-page app\" or history fallback: Netlify `/* /index.html 200`, nginx `try_files $uri /index.html`, \
         Apache FallbackResource /index.html).",
    )
}

fn failure(url: &str, e: &RenderFailure, route: bool) -> Finding {
    let what = if route {
        "This in-app route was not audited.".to_string()
    } else {
        "The page was audited as the server sent it.".to_string()
    };
    Finding::new(
        RENDER_FAILED,
        Severity::Warning,
        Location::page(url, None),
        format!("Headless Chromium could not render {url}: {e}. {what}"),
        "Open the address in a browser: if it is slow or broken for Schoolgate, it is for parents too. If it works, \
         audit again (a busy computer can make the browser slow).",
    )
}

/// Routes and files found in one rendered page.
#[derive(Debug, Default, PartialEq)]
pub struct Discovered {
    /// Site URL of the route (`/#/school-day`, `/school-day`) and the full
    /// address to render it at.
    pub routes: Vec<(String, Url)>,
    /// Same-origin images and documents: full address and site path.
    pub files: Vec<(Url, String)>,
}

/// The routes and files of the app in `dom`, rendered at `page` (a full
/// address under `base`). Hash routes come from links whose fragment starts
/// with `/` or `!/`; history routes are same-origin links to pages (by
/// [`links::classify`]); the caller drops those the site already has.
pub fn discover(dom: &str, page: &Url, base: &Url) -> Discovered {
    let mut out = Discovered::default();
    if crate::depth::html_depth(dom).is_err() {
        return out;
    }
    let doc = Html::parse_document(dom);
    let resolve_base = Selector::parse("base[href]")
        .ok()
        .and_then(|s| doc.select(&s).next().and_then(|b| b.value().attr("href")).and_then(|h| page.join(h).ok()))
        .unwrap_or_else(|| page.clone());
    let origin = base.origin();
    let mut seen = HashSet::new();
    if let Ok(anchors) = Selector::parse("a[href], area[href]") {
        for a in doc.select(&anchors) {
            let href = a.value().attr("href").unwrap_or("").trim();
            if href.is_empty() || href == "#" {
                continue;
            }
            // `#/x` is relative to the document, whatever `<base href>` says.
            let joined = if href.starts_with('#') { page.join(href) } else { resolve_base.join(href) };
            let Ok(mut url) = joined else { continue };
            if url.origin() != origin {
                continue;
            }
            url.set_query(None);
            let fragment = url.fragment().unwrap_or("").to_string();
            let route = if fragment.starts_with('/') || fragment.starts_with("!/") {
                let path = fragment.trim_start_matches('!');
                if path.trim_end_matches('/').is_empty() {
                    continue; // `#/`: the app's home, the page itself.
                }
                let mut doc_url = url.clone();
                doc_url.set_fragment(None);
                format!("{}#{fragment}", site_path(&doc_url))
            } else {
                url.set_fragment(None);
                if links::classify(&url) != Some(Target::Page) {
                    continue;
                }
                // `#main` (a skip link) and links to the page itself are not routes.
                let mut this = page.clone();
                this.set_fragment(None);
                this.set_query(None);
                if site_path(&url) == site_path(&this) {
                    continue;
                }
                site_path(&url)
            };
            if seen.insert(route.clone()) {
                out.routes.push((route, url));
            }
        }
    }
    for url in links::page_links(dom, page) {
        if url.origin() != origin || !matches!(links::classify(&url), Some(Target::Asset(_))) {
            continue;
        }
        let path = link_path(&url);
        if seen.insert(path.clone()) {
            out.files.push((url, path));
        }
    }
    out
}

/// A folder served on 127.0.0.1 for the browser, for as long as this value
/// lives. Only files inside the folder are served (no `..`, no shortcut
/// leading out); an address that is not a file and has no file extension
/// answers with the nearest `index.html` above it, as SPA hosts do for
/// history routes.
pub struct FolderServer {
    server: Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
    url: Url,
}

impl FolderServer {
    pub fn start(dir: &Path) -> std::io::Result<FolderServer> {
        let root = dir.canonicalize()?;
        let server = tiny_http::Server::http("127.0.0.1:0").map_err(std::io::Error::other)?;
        let port = server.server_addr().to_ip().map(|a| a.port()).unwrap_or(0);
        let url = Url::parse(&format!("http://127.0.0.1:{port}/")).map_err(std::io::Error::other)?;
        let server = Arc::new(server);
        let serving = server.clone();
        let thread = std::thread::spawn(move || {
            for req in serving.incoming_requests() {
                let resp = answer(&root, req.method(), req.url());
                let _ = req.respond(resp);
            }
        });
        Ok(FolderServer { server, thread: Some(thread), url })
    }

    /// `http://127.0.0.1:PORT/`
    pub fn url(&self) -> &Url {
        &self.url
    }
}

impl Drop for FolderServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn answer(root: &Path, method: &tiny_http::Method, raw: &str) -> Response {
    let text = |status: u16, body: &str| tiny_http::Response::from_string(body).with_status_code(status);
    if !matches!(method, tiny_http::Method::Get | tiny_http::Method::Head) {
        return text(405, "method not allowed");
    }
    let path = crate::site::percent_decode(raw.split(['?', '#']).next().unwrap_or("/"));
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == ".." || s.contains('\\') || s.contains('\0')) {
        return text(404, "not found");
    }
    let mut file = segments.iter().fold(root.to_path_buf(), |p, s| p.join(s));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let has_extension = segments.last().is_some_and(|s| s.contains('.'));
    if !file.is_file() && !has_extension {
        // History route: the nearest index.html above it.
        let mut dir = segments.iter().fold(root.to_path_buf(), |p, s| p.join(s));
        loop {
            if dir.join("index.html").is_file() {
                file = dir.join("index.html");
                break;
            }
            if dir == root || !dir.pop() {
                break;
            }
        }
    }
    // Shortcuts (symlinks) are followed only while they stay inside.
    let Ok(real) = file.canonicalize() else { return text(404, "not found") };
    if !real.starts_with(root) || !real.is_file() {
        return text(404, "not found");
    }
    match crate::input::read_input(&real, crate::limits::MAX_ASSET_BYTES) {
        Ok(bytes) => {
            let mut resp = tiny_http::Response::from_data(bytes);
            if let Ok(h) = tiny_http::Header::from_bytes(&b"Content-Type"[..], content_type(&real).as_bytes()) {
                resp = resp.with_header(h);
            }
            resp
        }
        Err(_) => text(404, "not found"),
    }
}

fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" | "webmanifest" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "mp4" | "m4v" => "video/mp4",
        "mov" => "video/quicktime",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn hash_and_history_routes_are_found_and_the_home_route_and_other_sites_are_not() {
        let base = url("http://127.0.0.1:8000/");
        let dom = r##"<html><body>
            <a href="#/">Home</a><a href="#/parent-and-carer/school-day">Day</a><a href="#!/contact">C</a>
            <a href="/key-information">Key</a><a href="news/sports-day?x=1">News</a>
            <a href="https://reports.ofsted.gov.uk/x">Ofsted</a><a href="#main">Skip</a>
            <a href="/docs/policy.pdf">Policy</a><img src="/media/sports-day.jpg"><img src="https://cdn.example/x.jpg">
            <a href="/app.js">script</a></body></html>"##;
        let found = discover(dom, &base, &base);
        let routes: Vec<&str> = found.routes.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(routes, ["/#/parent-and-carer/school-day", "/#!/contact", "/key-information", "/news/sports-day"]);
        assert_eq!(found.routes[0].1.as_str(), "http://127.0.0.1:8000/#/parent-and-carer/school-day");
        let files: Vec<&str> = found.files.iter().map(|f| f.1.as_str()).collect();
        assert_eq!(files, ["/docs/policy.pdf", "/media/sports-day.jpg"]);
    }

    #[test]
    fn base_href_is_respected_for_history_links_but_not_for_hash_links() {
        let base = url("http://127.0.0.1:8000/");
        let page = url("http://127.0.0.1:8000/app/");
        let dom = r##"<html><head><base href="/app/"></head><body><a href="school-day">Day</a><a href="#/x">X</a></body></html>"##;
        let found = discover(dom, &page, &base);
        let routes: Vec<&str> = found.routes.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(routes, ["/app/school-day", "/app/#/x"]);
    }

    #[test]
    fn missing_browser_named_in_the_environment_is_said_plainly() {
        // Only this test touches the variable in this process's tests.
        let e = {
            // SAFETY: set and read within this one test; no other test reads it.
            unsafe { std::env::set_var(CHROMIUM_ENV, "/nonexistent/chromium") };
            let r = Browser::find();
            unsafe { std::env::remove_var(CHROMIUM_ENV) };
            r
        };
        let e = e.unwrap_err();
        assert!(e.contains("SCHOOLGATE_CHROMIUM is set to /nonexistent/chromium"), "{e}");
    }

    #[test]
    fn folder_server_serves_files_falls_back_for_routes_and_refuses_to_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<p>app</p>").unwrap();
        std::fs::create_dir(dir.path().join("js")).unwrap();
        std::fs::write(dir.path().join("js/app.js"), "1").unwrap();
        let root = dir.path().canonicalize().unwrap();
        let get = |p: &str| answer(&root, &tiny_http::Method::Get, p);
        assert_eq!(get("/js/app.js").status_code().0, 200);
        assert_eq!(get("/parent-and-carer/school-day").status_code().0, 200, "history fallback");
        assert_eq!(get("/missing.js").status_code().0, 404, "a missing file is not the app");
        assert_eq!(get("/../etc/passwd").status_code().0, 404);
        assert_eq!(get("/%2e%2e/etc/passwd").status_code().0, 404);
        assert_eq!(answer(&root, &tiny_http::Method::Post, "/").status_code().0, 405);
    }
}

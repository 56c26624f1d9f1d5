//! A live site as the audit sees it: crawled ([`crawl`]), its JavaScript
//! pages run in a browser ([`render`]), and the pictures and documents only
//! the rendered pages show fetched like any crawled file.
//!
//! One function for `schoolgate audit URL` and for every school of
//! `schoolgate audit --trust`, so a trust's dashboard sees exactly what a
//! single audit of the same school sees.

use url::Url;

use crate::audit::Finding;
use crate::site::RenderedSite;
use crate::source::crawl::{self, CrawlOptions, CrawlProblem};
use crate::source::render::{self, Browser, RenderLimits, RenderMode};

/// How to render a site's JavaScript pages: when, with which browser (or
/// why there is none), and within which limits.
#[derive(Debug, Clone)]
pub struct RenderPlan {
    pub mode: RenderMode,
    pub browser: Result<Browser, String>,
    pub limits: RenderLimits,
}

impl RenderPlan {
    /// Rendering turned off (`--render never`).
    pub fn never() -> Self {
        Self {
            mode: RenderMode::Never,
            browser: Err("rendering is turned off".into()),
            limits: RenderLimits::default(),
        }
    }
}

/// A crawled (and where needed rendered) site, with what went wrong.
#[derive(Debug, Default)]
pub struct LiveSite {
    pub site: RenderedSite,
    /// Problems of the crawl and of fetching the rendered pages' files.
    pub problems: Vec<CrawlProblem>,
    /// Findings of rendering (`crawl/rendered`, `crawl/render-failed`, …).
    pub render_findings: Vec<Finding>,
    /// "Rendered 7 pages in headless Chromium, …", when anything was.
    pub render_summary: Option<String>,
}

impl LiveSite {
    /// Every producer finding: the crawl's, then rendering's.
    pub fn findings(&self) -> Vec<Finding> {
        let mut out = crawl::findings(&self.problems);
        out.extend(self.render_findings.iter().cloned());
        out
    }

    /// Whether the site could not be reached at all.
    pub fn unreachable(&self) -> Option<&CrawlProblem> {
        self.problems.iter().find(|p| matches!(p.kind, crawl::ProblemKind::SiteUnreachable { .. }))
    }
}

/// Crawls `start`, renders what `plan` asks for, and fetches the files the
/// rendered pages show. Blocking: runs its own runtime, so it must not be
/// called from inside one (use [`crawl_and_render_async`] there).
pub fn crawl_and_render(start: &Url, opts: &CrawlOptions, plan: &RenderPlan) -> LiveSite {
    match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt.block_on(crawl_and_render_async(start, opts, plan)),
        Err(e) => {
            let detail = format!("could not start the network runtime: {e}");
            let problem = CrawlProblem::new(start.as_str(), crawl::ProblemKind::SiteUnreachable { detail });
            LiveSite { problems: vec![problem], ..LiveSite::default() }
        }
    }
}

/// [`crawl_and_render`] inside a runtime. The browsers run on a blocking
/// thread, so other schools' crawls go on meanwhile.
pub async fn crawl_and_render_async(start: &Url, opts: &CrawlOptions, plan: &RenderPlan) -> LiveSite {
    let crawled = crawl::crawl_async(start, opts).await;
    let mut live = LiveSite { site: crawled.site, problems: crawled.problems, ..LiveSite::default() };
    if live.unreachable().is_some() {
        return live;
    }
    let (site, base, plan_owned) = (std::mem::take(&mut live.site), start.clone(), plan.clone());
    let rendered = tokio::task::spawn_blocking(move || {
        let mut site = site;
        let outcome = render::render_site(
            &mut site,
            &base,
            plan_owned.mode,
            plan_owned.browser.as_ref().map_err(String::as_str),
            &plan_owned.limits,
        );
        (site, outcome)
    })
    .await;
    let Ok((site, outcome)) = rendered else {
        // The rendering thread panicked: the site as crawled is still audited.
        return live;
    };
    live.site = site;
    live.render_summary = outcome.summary();
    live.render_findings = outcome.findings;
    // Pictures and documents only the rendered pages show.
    if !outcome.files.is_empty() {
        let quiet = CrawlOptions { progress: None, ..opts.clone() };
        let more = crawl::fetch_files_async(start, outcome.files, &quiet).await;
        live.problems.extend(more.problems);
        live.site.assets.extend(more.site.assets);
        live.site.assets.sort_by(|a, b| a.url.cmp(&b.url));
        live.site.unchecked.extend(more.site.unchecked);
        live.site.redirects.extend(more.site.redirects);
    }
    live
}

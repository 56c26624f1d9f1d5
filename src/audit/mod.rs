//! The audit: every check, run in parallel over a [`RenderedSite`].
//!
//! Flow: each page is parsed once into a [`PageView`] and every page check
//! reads it; each asset goes through the asset checks; then the site-wide
//! checks (statutory pages) read the facts gathered from all pages. Checks
//! never do I/O: they read the site model and the [`AuditContext`].
//!
//! Rules are grouped one file per family under [`rules`]; each rule has a
//! stable id (`family/name`) and a written explanation ([`RuleMeta`]).

pub mod context;
pub mod finding;
pub mod page_view;
pub mod rule;
pub mod rules;
pub mod waivers;

pub use context::AuditContext;
pub use finding::{Finding, Location, Severity};
pub use page_view::{PageFacts, PageView};
pub use rule::RuleMeta;

use rayon::prelude::*;

use crate::site::RenderedSite;

/// Result of auditing a site.
#[derive(Debug, Default, Clone)]
pub struct AuditReport {
    /// All findings, sorted by location then rule.
    pub findings: Vec<Finding>,
    /// Statutory items found present, with the page or document that proved each.
    pub evidence: Vec<rules::statutory::Evidence>,
    pub pages_checked: usize,
    pub assets_checked: usize,
}

impl AuditReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
    }
    /// True when the deploy must stop.
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.count(Severity::Error) > 0 || (deny_warnings && self.count(Severity::Warning) > 0)
    }
}

/// Takes pupils' names out of a finding's addresses and file names, and out
/// of its message where the message repeats them, so CI logs (terminal,
/// JSON, SARIF, JUnit, GitHub annotations) never spell a child's name. The
/// real location is kept for the private report.
fn redact(f: &mut Finding, names: &crate::names::NameIndex) {
    if names.is_empty() {
        return;
    }
    let original = f.location.clone();
    let mut changed = false;
    let mut fix = |value: &mut Option<String>, message: &mut String| {
        if let Some(v) = value.as_mut()
            && !names.pupils_in_path(v).is_empty()
        {
            let redacted = names.redact_path(v);
            *message = message.replace(v.as_str(), &redacted);
            // Messages often quote just the file name.
            if let Some(name) = v.rsplit('/').find(|s| !s.is_empty()) {
                let short = redacted.rsplit('/').find(|s| !s.is_empty()).unwrap_or("…");
                *message = message.replace(name, short);
            }
            *v = redacted;
            changed = true;
        }
    };
    fix(&mut f.location.page, &mut f.message);
    fix(&mut f.location.asset, &mut f.message);
    let mut source_path = f.location.source.as_ref().map(|s| s.path.clone());
    fix(&mut source_path, &mut f.message);
    if let (Some(src), Some(p)) = (f.location.source.as_mut(), source_path) {
        src.path = p;
    }
    if changed {
        f.private_location = Some(original);
    }
}

/// Runs every check on the site.
pub fn audit(site: &RenderedSite, ctx: &AuditContext) -> AuditReport {
    // Pages too deep to parse safely are checked by nothing but this: set
    // aside (emptied) before any check parses them, and reported unchecked.
    let deep: Vec<(usize, crate::depth::TooDeep)> = site
        .pages
        .par_iter()
        .enumerate()
        .filter_map(|(i, p)| crate::depth::html_depth(&p.html).err().map(|e| (i, e)))
        .collect();
    let emptied;
    let site = if deep.is_empty() {
        site
    } else {
        let mut copy = site.clone();
        for (i, _) in &deep {
            copy.pages[*i].html.clear();
        }
        emptied = copy;
        &emptied
    };
    let (mut findings, facts): (Vec<Finding>, Vec<PageFacts>) = site
        .pages
        .par_iter()
        .map(|page| {
            let view = PageView::parse(page);
            let mut out = Vec::new();
            rules::check_page(&view, site, ctx, &mut out);
            (out, view.into_facts())
        })
        .fold(
            || (Vec::new(), Vec::new()),
            |(mut fs, mut facts), (f, pf)| {
                fs.extend(f);
                facts.push(pf);
                (fs, facts)
            },
        )
        .reduce(
            || (Vec::new(), Vec::new()),
            |(mut a, mut af), (b, bf)| {
                a.extend(b);
                af.extend(bf);
                (a, af)
            },
        );

    let asset_findings: Vec<Finding> = site
        .assets
        .par_iter()
        .flat_map_iter(|asset| {
            let mut out = Vec::new();
            rules::check_asset(asset, site, ctx, &mut out);
            out
        })
        .collect();
    findings.extend(asset_findings);
    findings.extend(deep.iter().map(|(i, e)| rules::unreadable::too_deep(&site.pages[*i], e)));

    let evidence = rules::check_site(&facts, site, ctx, &mut findings);

    for f in &mut findings {
        redact(f, &ctx.names);
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup();
    AuditReport { findings, evidence, pages_checked: site.pages.len(), assets_checked: site.assets.len() }
}

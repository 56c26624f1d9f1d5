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
pub mod locate;
pub mod page_view;
pub mod photo_usage;
pub mod rule;
pub mod rules;
pub mod session;
pub mod waivers;

pub use context::AuditContext;
pub use finding::{Finding, Location, Severity};
pub use page_view::{PageFacts, PageView};
pub use photo_usage::{PhotoUsage, PhotoUse};
pub use rule::{Concern, RuleMeta};
pub use session::{Audited, Origin, Session};

use rayon::prelude::*;

use crate::site::RenderedSite;

/// Result of auditing a site.
#[derive(Debug, Default, Clone)]
pub struct AuditReport {
    /// All findings, sorted by location then rule.
    pub findings: Vec<Finding>,
    /// Statutory items found present, with the page or document that proved each.
    pub evidence: Vec<rules::statutory::Evidence>,
    /// One verdict per statutory item that applies to the school (found,
    /// missing, out of date), for the table at the end of every report.
    pub statutory: Vec<rules::statutory::Verdict>,
    pub pages_checked: usize,
    pub assets_checked: usize,
    /// Where each photo is shown and what authors declared about it.
    pub photo_usage: PhotoUsage,
    /// Findings removed by the school's waivers.
    pub waived: usize,
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

/// Takes pupils' names out of a finding's *message* where it quotes an
/// address or file name that spells one, so CI logs (terminal, JSON, SARIF,
/// JUnit, GitHub annotations) never spell a child's full name. The
/// location itself stays real in every format: the file is already in the
/// repository or on the site for anyone who can read the log, and a finding
/// nobody can find cannot be fixed.
fn redact(f: &mut Finding, names: &crate::names::NameIndex) {
    if names.is_empty() {
        return;
    }
    let loc = &f.location;
    let paths = [loc.page.as_deref(), loc.asset.as_deref(), loc.source.as_ref().map(|s| s.path.as_str())];
    for value in paths.into_iter().flatten() {
        if names.pupils_in_path(value).is_empty() {
            continue;
        }
        let redacted = names.redact_path(value);
        f.message = f.message.replace(value, &redacted);
        // Messages often quote just the file name.
        if let Some(name) = value.rsplit('/').find(|s| !s.is_empty()) {
            let short = redacted.rsplit('/').find(|s| !s.is_empty()).unwrap_or("…");
            f.message = f.message.replace(name, short);
        }
    }
    // Anything else that spells a name as one word: a suggested new file
    // name ("rename it to harrypatel-100m.jpg"), an address in a crawl
    // message.
    f.message = redact_words(&f.message, names);
    f.help = redact_words(&f.help, names);
}

/// `text` with every whitespace-separated word that spells a pupil's full
/// name (as a path or file name would) replaced by its redacted form.
fn redact_words(text: &str, names: &crate::names::NameIndex) -> String {
    let mut out = text.to_string();
    for word in text.split_whitespace() {
        let word = word.trim_matches(|c: char| matches!(c, '"' | '\'' | '(' | ')' | ',' | ';' | ':' | '.' | '“' | '”'));
        if word.len() > 3 && !names.pupils_in_path(word).is_empty() {
            out = out.replace(word, &names.redact_path(word));
        }
    }
    out
}

/// Runs every check on the site: each page parsed once (in parallel), then
/// every published file, then the site-wide checks. Findings come back in
/// no particular order and unredacted: [`Session::run`] finishes them.
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
    // `collect` keeps page order, so facts[i] belongs to site.pages[i].
    let per_page: Vec<(Vec<Finding>, PageFacts)> = site
        .pages
        .par_iter()
        .map(|page| {
            let view = PageView::parse(page);
            let mut out = Vec::new();
            rules::check_page(&view, ctx, &mut out);
            (out, view.into_facts())
        })
        .collect();
    let (page_findings, facts): (Vec<Vec<Finding>>, Vec<PageFacts>) = per_page.into_iter().unzip();
    let mut findings: Vec<Finding> = page_findings.into_iter().flatten().collect();
    let photo_usage = PhotoUsage::build(site, &facts);

    let asset_findings: Vec<Finding> = site
        .assets
        .par_iter()
        .flat_map_iter(|asset| {
            let mut out = Vec::new();
            rules::check_asset(asset, &photo_usage, ctx, &mut out);
            out
        })
        .collect();
    findings.extend(asset_findings);
    findings.extend(rules::video::check_embeds(site, &photo_usage, ctx));
    findings.extend(deep.iter().map(|(i, e)| rules::unreadable::too_deep(&site.pages[*i], e)));

    let rules::statutory::Outcome { evidence, verdicts, .. } = rules::check_site(&facts, site, ctx, &mut findings);
    AuditReport {
        findings,
        evidence,
        statutory: verdicts,
        pages_checked: site.pages.len(),
        assets_checked: site.assets.len(),
        photo_usage,
        waived: 0,
    }
}

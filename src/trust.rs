//! `schoolgate audit --trust trust.toml`: audit every school in a
//! multi-academy trust and write one report (JSON, CSV and an HTML dashboard).
//!
//! Sites are crawled concurrently within a global limit. Each school is
//! independent: a site that is down, or a register that will not load, is
//! recorded in that school's row and never stops the others.
//!
//! ```toml
//! parallel_sites = 4            # sites crawled at once
//! [crawl]                       # optional, for every school
//! delay_ms = 250
//! timeout_seconds = 20
//! retries = 2
//! max_pages = 5000
//! cache_dir = "cache"           # conditional requests on the next run
//!
//! [[school]]
//! name = "Oak Lane Primary"
//! url = "https://www.oaklane.example.sch.uk/"
//! type = "academy"              # as in schoolgate.toml [school]
//! phase = "primary"
//! urn = "100001"
//! register = "oak/register.csv" # optional, relative to this file
//! staff = "oak/staff.csv"       # optional
//! config = "oak/schoolgate.toml" # optional: the school's own waivers, not_names, faces…
//! ```
//!
//! Each school runs through the same [`Session`] as a local audit: face
//! scan, approvals, the checks, the crawl's findings, redaction and the
//! school's own waivers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;
use url::Url;

use crate::approvals::Approvals;
use crate::audit::{AuditReport, Concern, Finding, Origin, Session, Severity};
use crate::config::{Config, Phase, RegisterSettings, SchoolType};
use crate::error::BuildError;
use crate::progress::Progress;
use crate::register::{load_register, load_staff};
use crate::source::crawl::CrawlOptions;
use crate::source::live::{RenderPlan, crawl_and_render_async};

/// The trust file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustFile {
    /// Sites crawled at once (each still limited per host by the crawler).
    #[serde(default = "default_parallel")]
    pub parallel_sites: usize,
    /// Crawl settings shared by every school.
    #[serde(default)]
    pub crawl: TrustCrawl,
    #[serde(rename = "school")]
    pub schools: Vec<TrustSchool>,
}

/// The `[crawl]` table: politeness and limits for every school's crawl.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustCrawl {
    pub concurrency_per_host: Option<usize>,
    pub delay_ms: Option<u64>,
    pub timeout_seconds: Option<u64>,
    pub retries: Option<u32>,
    pub max_pages: Option<usize>,
    /// Conditional-request cache folder (relative to the trust file), so a
    /// nightly re-audit of an unchanged site transfers little.
    pub cache_dir: Option<PathBuf>,
}

impl TrustCrawl {
    /// `base` with this table's settings applied.
    pub fn options(&self, mut base: CrawlOptions) -> CrawlOptions {
        if let Some(n) = self.concurrency_per_host {
            base.concurrency_per_host = n.max(1);
        }
        if let Some(ms) = self.delay_ms {
            base.delay = std::time::Duration::from_millis(ms);
        }
        if let Some(s) = self.timeout_seconds {
            base.timeout = std::time::Duration::from_secs(s.max(1));
            base.connect_timeout = base.connect_timeout.min(base.timeout);
        }
        if let Some(r) = self.retries {
            base.retries = r;
        }
        if let Some(p) = self.max_pages {
            base.max_pages = p;
        }
        if let Some(dir) = &self.cache_dir {
            base.cache_dir = Some(dir.clone());
        }
        base
    }
}

fn default_parallel() -> usize {
    4
}

/// One member school.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustSchool {
    pub name: String,
    pub url: String,
    #[serde(rename = "type", default)]
    pub school_type: Option<SchoolType>,
    #[serde(default)]
    pub phase: Option<Phase>,
    #[serde(default)]
    pub urn: Option<String>,
    /// Consent register (relative to the trust file).
    #[serde(default)]
    pub register: Option<PathBuf>,
    /// Staff list (relative to the trust file).
    #[serde(default)]
    pub staff: Option<PathBuf>,
    /// The school's own `schoolgate.toml` (relative to the trust file): its
    /// `[audit]` settings (waivers, `not_names`, faces), register and staff
    /// list apply to its audit exactly as to a local one. `type`, `phase`,
    /// `urn`, `register` and `staff` given here win over it.
    #[serde(default)]
    pub config: Option<PathBuf>,
}

/// Reads and checks a trust file.
pub fn load_trust(path: &Path) -> Result<TrustFile, BuildError> {
    let text = crate::input::read_text(path, crate::limits::MAX_SETTINGS_BYTES)?;
    let trust: TrustFile = toml::from_str(&text).map_err(|e| BuildError::Other {
        message: format!("{} could not be read: {}", path.display(), e.message()),
        hint: "Each school is a [[school]] table with name, url, type and phase.".into(),
    })?;
    if trust.schools.is_empty() {
        return Err(BuildError::Other {
            message: format!("{} lists no schools", path.display()),
            hint: "Add a [[school]] table for each school.".into(),
        });
    }
    Ok(trust)
}

/// How one school's audit went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SchoolStatus {
    Audited,
    /// The site could not be reached at all.
    Unreachable,
    /// The school's register, staff list or address was wrong.
    InputError,
}

/// Red / amber / green for one school and one rule family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rag {
    Red,
    Amber,
    Green,
}

/// Counts for one rule family at one school.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FamilyCounts {
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
}

impl FamilyCounts {
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.info += 1,
        }
    }

    pub fn rag(&self) -> Rag {
        if self.errors > 0 {
            Rag::Red
        } else if self.warnings > 0 {
            Rag::Amber
        } else {
            Rag::Green
        }
    }
}

/// A finding as the trust report shows it (never the private detail).
#[derive(Debug, Clone, Serialize)]
pub struct TrustFinding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub page: Option<String>,
    pub asset: Option<String>,
}

/// One school's row.
#[derive(Debug, Clone, Serialize)]
pub struct SchoolResult {
    pub name: String,
    pub url: String,
    pub urn: Option<String>,
    pub status: SchoolStatus,
    /// Why the school was not audited, when it was not.
    pub error: Option<String>,
    pub pages: usize,
    pub assets: usize,
    pub families: BTreeMap<String, FamilyCounts>,
    pub findings: Vec<TrustFinding>,
    /// Findings hidden by the school's own waivers.
    #[serde(default)]
    pub waived: usize,
    /// What the face scan did ("faces: 12 photos checked, 3 from cache").
    #[serde(default)]
    pub face_scan: Option<String>,
    /// The statutory items found, missing and out of date.
    pub statutory: StatutorySummary,
    /// Findings about safeguarding (consent, names, personal details).
    pub safeguarding: FamilyCounts,
    /// The site is a JavaScript-only app: its pages were not seen.
    pub javascript_only: bool,
    /// The site builds its pages with JavaScript and Schoolgate ran them in
    /// headless Chromium: its pages were seen as a visitor sees them.
    #[serde(default)]
    pub rendered: bool,
    /// The three most urgent things to fix, worst first.
    pub urgent: Vec<TrustFinding>,
}

/// What the audit read about a school's statutory information.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StatutorySummary {
    /// Items found, each with the page or document that shows it.
    pub found: Vec<FoundItem>,
    /// Names of the items that apply to the school and were not found.
    pub missing: Vec<String>,
    /// What is out of date, in the finding's words.
    pub out_of_date: Vec<String>,
}

/// A statutory item found, and where.
#[derive(Debug, Clone, Serialize)]
pub struct FoundItem {
    pub item: String,
    pub url: String,
}

impl StatutorySummary {
    /// Reads the summary off a finished audit: found items from the
    /// evidence; missing ones are items with a `dfe/<item>` finding and no
    /// evidence (a present item's own findings, such as "only in a PDF",
    /// have evidence beside them).
    pub fn of(report: &AuditReport) -> Self {
        use crate::audit::rules::statutory;
        let found: Vec<FoundItem> =
            report.evidence.iter().map(|e| FoundItem { item: title(&e.item), url: e.url.clone() }).collect();
        let mut missing: Vec<String> = report
            .findings
            .iter()
            .filter(|f| f.rule != statutory::OUT_OF_DATE && f.rule != statutory::INCOMPLETE)
            .filter_map(|f| f.rule.strip_prefix("dfe/"))
            .filter(|id| !report.evidence.iter().any(|e| e.item == *id))
            .map(title)
            .collect();
        missing.sort();
        missing.dedup();
        let out_of_date =
            report.findings.iter().filter(|f| f.rule == statutory::OUT_OF_DATE).map(|f| f.message.clone()).collect();
        StatutorySummary { found, missing, out_of_date }
    }
}

fn title(id: &str) -> String {
    crate::audit::rules::statutory::item_title(id).map_or_else(|| id.to_string(), str::to_string)
}

/// The whole trust's results.
#[derive(Debug, Clone, Serialize)]
pub struct TrustReport {
    pub date: NaiveDate,
    pub schools: Vec<SchoolResult>,
}

impl TrustReport {
    /// Every rule family any school reported, in order.
    pub fn families(&self) -> Vec<String> {
        let mut all: Vec<String> = self.schools.iter().flat_map(|s| s.families.keys().cloned()).collect();
        all.sort();
        all.dedup();
        all
    }

    /// True when any school has an error finding or could not be audited.
    pub fn has_errors(&self) -> bool {
        self.schools.iter().any(|s| s.status != SchoolStatus::Audited || s.families.values().any(|f| f.errors > 0))
    }
}

/// Audits every school (blocking; runs its own runtime). `progress` shows
/// one line per school being crawled (pages fetched, queue, host) to a
/// person at a terminal.
pub fn audit_trust(
    trust: &TrustFile,
    root: &Path,
    opts: &CrawlOptions,
    plan: &RenderPlan,
    today: NaiveDate,
    progress: &Progress,
) -> TrustReport {
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            let schools =
                trust.schools.iter().map(|s| not_audited(s, SchoolStatus::InputError, e.to_string())).collect();
            return TrustReport { date: today, schools };
        }
    };
    rt.block_on(async {
        let gate = Arc::new(Semaphore::new(trust.parallel_sites.max(1)));
        let lines = progress.multi();
        let mut handles = Vec::new();
        for school in trust.schools.clone() {
            let (gate, mut opts, plan, root) = (gate.clone(), opts.clone(), plan.clone(), root.to_path_buf());
            let (progress, lines) = (progress.clone(), lines.clone());
            handles.push(tokio::spawn(async move {
                let _permit = gate.acquire_owned().await.ok();
                // The line appears when the school's turn comes, and goes
                // when it is done: the screen shows what is running now.
                let line = progress.crawl_line(&school.name, Some(&lines));
                opts.progress = Some(line.clone());
                let result = audit_school(school, &root, &opts, &plan, today).await;
                line.finish_and_clear();
                result
            }));
        }
        let mut schools = Vec::new();
        for (handle, school) in handles.into_iter().zip(&trust.schools) {
            // A panic in one school's audit becomes that school's error.
            schools.push(handle.await.unwrap_or_else(|e| {
                not_audited(school, SchoolStatus::InputError, format!("the audit stopped unexpectedly: {e}"))
            }));
        }
        TrustReport { date: today, schools }
    })
}

fn not_audited(s: &TrustSchool, status: SchoolStatus, error: String) -> SchoolResult {
    SchoolResult {
        name: s.name.clone(),
        url: s.url.clone(),
        urn: s.urn.clone(),
        status,
        error: Some(error),
        pages: 0,
        assets: 0,
        families: BTreeMap::new(),
        findings: vec![],
        waived: 0,
        face_scan: None,
        statutory: StatutorySummary::default(),
        safeguarding: FamilyCounts::default(),
        javascript_only: false,
        rendered: false,
        urgent: vec![],
    }
}

async fn audit_school(
    s: TrustSchool,
    root: &Path,
    opts: &CrawlOptions,
    plan: &RenderPlan,
    today: NaiveDate,
) -> SchoolResult {
    let start = match Url::parse(&s.url) {
        Ok(u) => u,
        Err(e) => return not_audited(&s, SchoolStatus::InputError, format!("{} is not a web address: {e}", s.url)),
    };
    let session = match member_session(&s, root, today) {
        Ok(session) => session,
        Err(e) => return not_audited(&s, SchoolStatus::InputError, e.to_string()),
    };
    // Crawled and, where the site is JavaScript-only, rendered: exactly
    // what `audit URL` sees of the same school.
    let live = crawl_and_render_async(&start, opts, plan).await;
    if let Some(p) = live.unreachable() {
        return not_audited(&s, SchoolStatus::Unreachable, p.to_finding().message);
    }
    let producer_findings = live.findings();
    let site = live.site;
    let audited = tokio::task::spawn_blocking(move || {
        let mut session = session;
        session.producer_findings = producer_findings;
        session.run(&site).map(|a| (a, site.pages.len(), site.assets.len()))
    })
    .await;
    let (audited, pages, assets) = match audited {
        Ok(Ok(done)) => done,
        Ok(Err(e)) => return not_audited(&s, SchoolStatus::InputError, e.to_string()),
        Err(_) => return not_audited(&s, SchoolStatus::InputError, "the audit stopped unexpectedly".into()),
    };
    let report = audited.report;
    let mut families: BTreeMap<String, FamilyCounts> = BTreeMap::new();
    for f in &report.findings {
        let family = f.rule.split('/').next().unwrap_or(f.rule).to_string();
        families.entry(family).or_default().add(f.severity);
    }
    let trust_finding = |f: &Finding| TrustFinding {
        rule: f.rule.to_string(),
        severity: f.severity,
        message: f.message.clone(),
        page: f.location.page.clone(),
        asset: f.location.asset.clone(),
    };
    let findings = report.findings.iter().map(trust_finding).collect();
    let mut safeguarding = FamilyCounts::default();
    for f in report.findings.iter().filter(|f| Concern::of(f.rule) == Concern::Safeguarding) {
        safeguarding.add(f.severity);
    }
    let urgent = most_urgent(&report.findings, 3).into_iter().map(trust_finding).collect();
    SchoolResult {
        name: s.name,
        url: s.url,
        urn: s.urn,
        status: SchoolStatus::Audited,
        error: None,
        pages,
        assets,
        families,
        findings,
        waived: report.waived,
        face_scan: audited.face_stats.map(|st| st.to_string()),
        statutory: StatutorySummary::of(&report),
        safeguarding,
        javascript_only: report.findings.iter().any(|f| f.rule == crate::audit::rules::shell::JAVASCRIPT_ONLY),
        rendered: report.findings.iter().any(|f| f.rule == crate::source::render::RENDERED),
        urgent,
    }
}

/// Up to `n` errors and warnings, most urgent first (errors before
/// warnings, safeguarding before statutory before the rest), one per rule
/// so three broken links do not crowd out a consent error.
fn most_urgent(findings: &[Finding], n: usize) -> Vec<&Finding> {
    let mut candidates: Vec<&Finding> = findings.iter().filter(|f| f.severity > Severity::Info).collect();
    candidates.sort_by_key(|f| (std::cmp::Reverse(f.severity), Concern::of(f.rule)));
    let mut picked: Vec<&Finding> = Vec::new();
    for f in candidates {
        if picked.len() == n {
            break;
        }
        if !picked.iter().any(|p| p.rule == f.rule) {
            picked.push(f);
        }
    }
    picked
}

/// The audit session for one member school: its own config when it has
/// one, the trust file's entries over it. Relative paths in the trust file
/// resolve against the trust file's folder; those in the school's config
/// against the config's folder.
fn member_session(s: &TrustSchool, root: &Path, today: NaiveDate) -> Result<Session, BuildError> {
    let (config, config_root) = match &s.config {
        Some(p) => {
            let path = root.join(p);
            let text =
                std::fs::read_to_string(&path).map_err(|source| BuildError::Read { path: path.clone(), source })?;
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_else(|| root.to_path_buf());
            (Config::parse(&text, &path)?, dir)
        }
        None => (Config::default(), root.to_path_buf()),
    };
    let register = match (&s.register, &config.register) {
        (Some(p), _) => Some(load_register(&RegisterSettings { path: p.clone(), ..Default::default() }, root)?),
        (None, Some(settings)) => Some(load_register(settings, &config_root)?),
        (None, None) => None,
    };
    let staff = match (&s.staff, &config.staff) {
        (Some(p), _) => Some(load_staff(&root.join(p))?),
        (None, Some(settings)) => Some(load_staff(&config_root.join(&settings.path))?),
        (None, None) => None,
    };
    let mut session = Session::from_config(Origin::Live, &config, &config_root, register, staff, today);
    session.profile.name = s.name.clone();
    if let Some(t) = s.school_type {
        session.profile.school_type = t;
    }
    if let Some(p) = s.phase {
        session.profile.phase = p;
    }
    if s.urn.is_some() {
        session.profile.urn = s.urn.clone();
    }
    session.state_dir = Some(config_root.join(crate::source::build::STATE_DIR));
    if s.config.is_some() {
        session.approvals_file = Some(Approvals::path(&config_root, &config)?);
    }
    Ok(session)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_file_reads_schools_and_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trust.toml");
        std::fs::write(
            &path,
            "[[school]]\nname = \"Oak Lane\"\nurl = \"https://oak.example/\"\ntype = \"academy\"\nphase = \"secondary\"\nurn = \"100001\"\n\
             [[school]]\nname = \"Ash\"\nurl = \"https://ash.example/\"\n",
        )
        .unwrap();
        let t = load_trust(&path).unwrap();
        assert_eq!(t.parallel_sites, 4);
        assert_eq!(t.schools[0].school_type, Some(SchoolType::Academy));
        assert_eq!(t.schools[0].phase, Some(Phase::Secondary));
        assert_eq!(t.schools[1].urn, None);
        assert_eq!(t.crawl.options(CrawlOptions::default()).concurrency_per_host, 4);
        std::fs::write(
            &path,
            "[crawl]\ntimeout_seconds = 2\nretries = 0\n[[school]]\nname = \"A\"\nurl = \"https://a.example/\"\n",
        )
        .unwrap();
        let opts = load_trust(&path).unwrap().crawl.options(CrawlOptions::default());
        assert_eq!((opts.timeout.as_secs(), opts.connect_timeout.as_secs(), opts.retries), (2, 2, 0));
        std::fs::write(&path, "[[school]]\nname = \"X\"\n").unwrap();
        assert!(load_trust(&path).is_err());
    }
}

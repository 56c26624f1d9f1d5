//! One audit pipeline for every command.
//!
//! `build`, `audit DIR`, `audit URL`, `approve --pending`, `serve` and each
//! school of a trust audit differ only in where the site comes from and
//! where the report goes. Everything between (face scan, approvals, the
//! checks, the producer's own findings, redaction, waivers, ordering) runs
//! here, in one place and one order, so a rule or a guard added once holds
//! for all of them:
//!
//! ```text
//! RenderedSite ─► faces (cached) ─► approvals ─► checks ─► + producer findings
//!              ─► redaction ─► waivers ─► sort, de-duplicate ─► Audited
//! ```

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{AuditContext, AuditReport, Finding, waivers};
use crate::approvals::Approvals;
use crate::config::{AuditSettings, Config, SchoolProfile};
use crate::error::BuildError;
use crate::faces::{self, ScanStats};
use crate::register::{ConsentRegister, StaffList};
use crate::site::RenderedSite;

/// Where the audited site came from. Checks are the same for all; only the
/// advice differs (a school can edit its Markdown, not another CMS's HTML).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Origin {
    /// Schoolgate's own build of a Markdown site.
    #[default]
    OwnBuild,
    /// A folder of HTML exported by another tool.
    Folder,
    /// A live website fetched over HTTP.
    Live,
}

/// Everything an audit needs besides the site itself.
#[derive(Debug)]
pub struct Session {
    pub origin: Origin,
    /// Where relative paths of settings (waivers, approvals) resolve, and
    /// what report paths are shown relative to.
    pub root: PathBuf,
    pub profile: SchoolProfile,
    pub register: Option<ConsentRegister>,
    pub staff: Option<StaffList>,
    pub settings: AuditSettings,
    pub today: NaiveDate,
    /// The site's state folder (face cache); `None` for no cache.
    pub state_dir: Option<PathBuf>,
    /// The approvals file, when the site has one.
    pub approvals_file: Option<PathBuf>,
    /// Run face detection (hashes are always computed, for approvals).
    pub detect_faces: bool,
    /// Findings the producer made before the checks ran (pages a crawl
    /// could not fetch). They get exactly the treatment of the checks' own.
    pub producer_findings: Vec<Finding>,
}

/// A finished audit.
#[derive(Debug)]
pub struct Audited {
    pub report: AuditReport,
    /// The inputs the checks saw; the private report reads them.
    pub context: AuditContext,
    /// What the face scan did, when detection ran.
    pub face_stats: Option<ScanStats>,
}

impl Session {
    /// A session with the profile and audit settings of a site's config.
    /// `root` is the folder the config lives in.
    pub fn from_config(
        origin: Origin,
        config: &Config,
        root: &Path,
        register: Option<ConsentRegister>,
        staff: Option<StaffList>,
        today: NaiveDate,
    ) -> Self {
        Self {
            origin,
            root: root.to_path_buf(),
            profile: config.school.clone(),
            register,
            staff,
            settings: config.audit.clone(),
            today,
            state_dir: None,
            approvals_file: None,
            detect_faces: config.audit.faces_enabled(),
            producer_findings: Vec::new(),
        }
    }

    /// The inputs the checks would see (profile, register, staff list and
    /// the name index built from them with `not_names`, settings, today),
    /// without running the checks: for `schoolgate find`, which must match
    /// names exactly as the audit does.
    pub fn context(self) -> AuditContext {
        AuditContext::new(self.profile, self.register, self.staff, self.today, self.settings).with_origin(self.origin)
    }

    /// Runs the audit.
    pub fn run(self, site: &RenderedSite) -> Result<Audited, BuildError> {
        let Session {
            origin,
            root,
            profile,
            register,
            staff,
            settings,
            today,
            state_dir,
            approvals_file,
            detect_faces,
            producer_findings,
        } = self;
        let approvals = match &approvals_file {
            Some(path) => Approvals::load(path)?,
            None => Approvals::default(),
        };
        let waiver_list = match &settings.waivers {
            Some(path) => {
                let checks = waivers::WaiverChecks { today, staff: staff.as_ref() };
                Some(waivers::load_waivers(&root.join(path), &checks)?)
            }
            None => None,
        };
        let (photos, stats) = faces::scan_site(site, state_dir.as_deref(), detect_faces);
        let context = AuditContext::new(profile, register, staff, today, settings)
            .with_origin(origin)
            .with_photos(photos)
            .with_approvals(approvals);

        // A live site of which nothing could be fetched: the crawl's own
        // finding says why (and fails the run); checks on an empty site
        // would only add "missing" noise that blames the school.
        let mut report = if context.origin == Origin::Live && site.pages.is_empty() {
            AuditReport::default()
        } else {
            super::audit(site, &context)
        };
        report.findings.extend(producer_findings);
        super::locate::resolve_lines(&mut report.findings, &root);
        for f in &mut report.findings {
            super::redact(f, &context.names);
        }
        // Reasons quote link text and file names, which CI logs show too.
        if !context.names.is_empty() {
            for r in report.statutory.iter_mut().filter_map(|v| v.reason.as_mut()) {
                *r = super::redact_words(r, &context.names);
            }
            for e in &mut report.evidence {
                e.reason = super::redact_words(&e.reason, &context.names);
            }
        }
        if let Some(list) = &waiver_list {
            report.waived = waivers::apply_waivers(&mut report, list, today).waived_count();
        }
        report.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        report.findings.dedup();
        Ok(Audited { report, context, face_stats: detect_faces.then_some(stats) })
    }
}

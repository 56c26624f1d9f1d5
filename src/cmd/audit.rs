//! `schoolgate audit DIR|URL`: the same checks as `build`, on any folder of HTML
//! or on a live website (crawled into the same site model by [`schoolgate::source::crawl`]).

use std::path::{Path, PathBuf};

use crate::cli::AuditArgs;
use schoolgate::approvals::Approvals;
use schoolgate::audit::{self, AuditContext};
use schoolgate::config::{Config, RegisterSettings};
use schoolgate::error::{self, BuildError};
use schoolgate::register;
use schoolgate::source::crawl;
use schoolgate::source::folder;

use super::{Exit, emit};

pub fn run(args: AuditArgs) -> Exit {
    let here = PathBuf::from(".");
    if let Some(trust) = &args.trust {
        return run_trust(trust, &args);
    }
    if args.target.is_empty() {
        let e = BuildError::Other {
            message: "nothing to audit".into(),
            hint: "Give a folder of HTML, a web address (https://…), or --trust trust.toml.".into(),
        };
        eprint!("{}", error::render(&[e], &here));
        return Exit::InputError;
    }
    match prepare(&args) {
        Ok((ctx, site, root, crawl_findings)) => {
            let live = args.target.starts_with("http://") || args.target.starts_with("https://");
            let mut report = if live && site.pages.is_empty() {
                // Nothing was fetched: the crawl's own finding says why (and fails the
                // run); checks on an empty site would only add "missing" noise.
                audit::AuditReport { findings: Vec::new(), evidence: Vec::new(), pages_checked: 0, assets_checked: 0 }
            } else {
                audit::audit(&site, &ctx)
            };
            if !crawl_findings.is_empty() {
                report.findings.extend(crawl_findings);
                report.findings.sort_by_key(|f| f.sort_key());
            }
            let deny = args.report.deny.is_some() || ctx.settings.deny_warnings;
            let emitted = emit::apply_waivers(&mut report, &ctx.settings, &root, ctx.today).and_then(|waived| {
                emit::emit(&report, &args.report, &site, &root, Some(Path::new(&args.target)), deny, waived, Some(&ctx))
            });
            if let Err(e) = emitted {
                eprint!("{}", error::render(&[e], &here));
                return Exit::InputError;
            }
            if report.fails(deny) { Exit::AuditFailed } else { Exit::Clean }
        }
        Err(errors) => {
            eprint!("{}", error::render(&errors, &here));
            Exit::InputError
        }
    }
}

/// Everything can come from flags, a config file, or both (flags win).
/// Audits every school in a trust file and writes the trust report
/// (JSON, CSV, HTML) into `--output` (a folder; default `trust-report/`
/// beside the trust file). Fails if any school has errors or was not audited.
fn run_trust(path: &Path, args: &AuditArgs) -> Exit {
    let here = PathBuf::from(".");
    let trust = match schoolgate::trust::load_trust(path) {
        Ok(t) => t,
        Err(e) => {
            eprint!("{}", error::render(&[e], &here));
            return Exit::InputError;
        }
    };
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let today = args.report.today.unwrap_or_else(super::today);
    let mut opts = trust.crawl.options(crawl::CrawlOptions::default());
    opts.cache_dir = opts.cache_dir.map(|d| root.join(d));
    let report = schoolgate::trust::audit_trust(&trust, &root, &opts, today);
    let dir = args.report.output.clone().unwrap_or_else(|| root.join("trust-report"));
    match schoolgate::report::trust::write_reports(&report, &dir) {
        Ok(files) => {
            for s in &report.schools {
                let errors: usize = s.families.values().map(|c| c.errors).sum();
                let warnings: usize = s.families.values().map(|c| c.warnings).sum();
                match &s.error {
                    Some(e) => println!("{}: not audited ({e})", s.name),
                    None => println!("{}: {} pages, {errors} errors, {warnings} warnings", s.name, s.pages),
                }
            }
            for f in files {
                println!("Wrote {}", f.display());
            }
        }
        Err(e) => {
            eprint!("{}", error::render(&[e], &here));
            return Exit::InputError;
        }
    }
    if report.has_errors() { Exit::AuditFailed } else { Exit::Clean }
}

/// A live site also yields the crawl's own findings (pages that could not be fetched).
type Prepared = (AuditContext, schoolgate::site::RenderedSite, PathBuf, Vec<audit::Finding>);

fn prepare(args: &AuditArgs) -> Result<Prepared, Vec<BuildError>> {
    let (mut config, config_root) = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|source| vec![BuildError::Read { path: path.clone(), source }])?;
            let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
            (Config::parse(&text, path).map_err(|e| vec![e])?, root)
        }
        None => (Config::default(), PathBuf::from(".")),
    };
    if let Some(t) = args.school_type {
        config.school.school_type = t;
    }
    if let Some(p) = args.phase {
        config.school.phase = p;
    }
    if let Some(urn) = &args.urn {
        config.school.urn = Some(urn.clone());
    }
    let mut errors = Vec::new();
    let register = match (&args.register, &config.register) {
        (Some(path), _) => Some(register::load_register(
            &RegisterSettings { path: path.clone(), ..Default::default() },
            Path::new("."),
        )),
        (None, Some(s)) => Some(register::load_register(s, &config_root)),
        (None, None) => None,
    }
    .and_then(|r| r.map_err(|e| errors.push(e)).ok());
    let staff = match (&args.staff, &config.staff) {
        (Some(path), _) => Some(register::load_staff(path)),
        (None, Some(s)) => Some(register::load_staff(&config_root.join(&s.path))),
        (None, None) => None,
    }
    .and_then(|r| r.map_err(|e| errors.push(e)).ok());
    let mut crawl_findings = Vec::new();
    let site = if args.target.starts_with("http://") || args.target.starts_with("https://") {
        match url::Url::parse(&args.target) {
            // Only after the register and staff list loaded: no point crawling if inputs are wrong.
            Ok(start) if errors.is_empty() => {
                let result = crawl::crawl(&start, &crawl::CrawlOptions::default());
                crawl_findings = crawl::findings(&result.problems);
                Some(result.site)
            }
            Ok(_) => None,
            Err(e) => {
                errors.push(BuildError::Other {
                    message: format!("{} is not a valid web address: {e}", args.target),
                    hint: "Give the site's full address, such as https://www.example.sch.uk/".into(),
                });
                None
            }
        }
    } else {
        folder::load_folder(Path::new(&args.target)).map_err(|e| errors.push(e)).ok()
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let today = args.report.today.unwrap_or_else(super::today);
    let site = site.unwrap_or_default();
    // Caches and approvals belong to a site's folder: only with --config.
    let state_dir = args.config.as_ref().map(|_| config_root.join(schoolgate::source::build::STATE_DIR));
    let detect = !args.no_faces && config.audit.faces_enabled();
    let (photos, face_stats) = schoolgate::faces::scan_site(&site, state_dir.as_deref(), detect);
    if detect {
        eprintln!("{face_stats}");
    }
    let approvals = match &args.config {
        Some(_) => Approvals::path(&config_root, &config).and_then(|p| Approvals::load(&p)).map_err(|e| vec![e])?,
        None => Approvals::default(),
    };
    let ctx = AuditContext::new(config.school.clone(), register, staff, today, config.audit.clone())
        .with_photos(photos)
        .with_approvals(approvals);
    Ok((ctx, site, config_root, crawl_findings))
}

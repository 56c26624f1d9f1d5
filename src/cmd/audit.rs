//! `schoolgate audit DIR`: the same checks as `build`, on any folder of HTML.

use std::path::{Path, PathBuf};

use crate::approvals::Approvals;
use crate::audit::{self, AuditContext};
use crate::cli::AuditArgs;
use crate::config::{Config, RegisterSettings};
use crate::error::{self, BuildError};
use crate::register;
use crate::site_folder;

use super::{Exit, emit};

pub fn run(args: AuditArgs) -> Exit {
    let here = PathBuf::from(".");
    match prepare(&args) {
        Ok((ctx, site, root)) => {
            let mut report = audit::audit(&site, &ctx);
            let deny = args.report.deny.is_some() || ctx.settings.deny_warnings;
            let emitted = emit::apply_waivers(&mut report, &ctx.settings, &root, ctx.today).and_then(|waived| {
                emit::emit(&report, &args.report, &site, &root, Some(Path::new(&args.target)), deny, waived)
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
fn prepare(args: &AuditArgs) -> Result<(AuditContext, crate::site::RenderedSite, PathBuf), Vec<BuildError>> {
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
    if args.target.starts_with("http://") || args.target.starts_with("https://") {
        errors.push(BuildError::Other {
            message: "auditing a live website over the internet is not available yet".into(),
            hint: "Download the site to a folder (for example with wget --mirror) and audit the folder.".into(),
        });
    }
    let site = site_folder::load_folder(Path::new(&args.target)).map_err(|e| errors.push(e)).ok();
    if !errors.is_empty() {
        return Err(errors);
    }
    let today = args.report.today.unwrap_or_else(super::today);
    let site = site.unwrap_or_default();
    // Caches and approvals belong to a site's folder: only with --config.
    let state_dir = args.config.as_ref().map(|_| config_root.join(crate::build::STATE_DIR));
    let detect = !args.no_faces && config.audit.faces_enabled();
    let (photos, face_stats) = crate::faces::scan_site(&site, state_dir.as_deref(), detect);
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
    Ok((ctx, site, config_root))
}

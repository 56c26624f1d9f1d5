//! `schoolgate build`.

use crate::cli::BuildArgs;
use schoolgate::approvals::Approvals;
use schoolgate::audit::{self, Severity};
use schoolgate::error;
use schoolgate::faces;
use schoolgate::output;
use schoolgate::progress::Progress;
use schoolgate::source::build::{self, STATE_DIR};

use super::{Exit, emit};

pub fn run(args: BuildArgs) -> Exit {
    let today = args.report.today.unwrap_or_else(super::today);
    let progress = Progress::new(args.quiet);
    let built = match build::build_site(&args.root, today, &progress) {
        Ok(b) => b,
        Err(errors) => {
            progress.finish();
            eprint!("{}", error::render(&errors, &args.root));
            return Exit::InputError;
        }
    };
    let detect = !args.no_faces && built.config.audit.faces_enabled();
    if detect {
        progress.step("Looking for faces");
    }
    let (photos, face_stats) = faces::scan_site(&built.site, Some(&built.root.join(STATE_DIR)), detect);
    let approvals = match Approvals::path(&built.root, &built.config).and_then(|p| Approvals::load(&p)) {
        Ok(a) => a,
        Err(e) => {
            progress.finish();
            eprint!("{}", error::render(&[e], &built.root));
            return Exit::InputError;
        }
    };
    progress.step("Auditing");
    let ctx = built.audit_context(today).with_photos(photos).with_approvals(approvals);
    let mut report = audit::audit(&built.site, &ctx);
    progress.finish();
    if detect {
        eprintln!("{face_stats}");
    }
    let out_dir = built.output_dir(args.out.as_deref());
    let deny_warnings = args.report.deny.is_some() || built.config.audit.deny_warnings;
    let emitted = emit::apply_waivers(&mut report, &built.config.audit, &built.root, today, ctx.staff.as_ref())
        .and_then(|waived| {
            emit::emit(
                &report,
                &args.report,
                &built.site,
                &built.root,
                Some(&out_dir),
                deny_warnings,
                waived,
                Some(&ctx),
            )
        });
    if let Err(e) = emitted {
        eprint!("{}", error::render(&[e], &built.root));
        return Exit::InputError;
    }
    let s = &built.stats;
    if report.fails(deny_warnings) {
        eprintln!(
            "The audit found {} error(s) and {} warning(s). Nothing was published: the site in {} is unchanged.",
            report.count(Severity::Error),
            report.count(Severity::Warning),
            out_dir.display()
        );
        return Exit::AuditFailed;
    }
    // The published folder is replaced as a whole: it must not hold the
    // site's own files.
    let c = &built.config;
    let protect: Vec<std::path::PathBuf> = [
        Some(c.site.content_dir.clone()),
        Some(c.site.template_dir.clone()),
        Some(STATE_DIR.into()),
        c.register.as_ref().map(|r| r.path.clone()),
        c.staff.as_ref().map(|s| s.path.clone()),
        c.audit.waivers.clone(),
        c.audit.approvals.clone(),
        Some("schoolgate.toml".into()),
    ]
    .into_iter()
    .flatten()
    .map(|p| built.root.join(p))
    .collect();
    let protect: Vec<&std::path::Path> = protect.iter().map(|p| p.as_path()).collect();
    let files = build::output_files(built.site);
    match output::publish(&out_dir, &files, &protect) {
        Ok(w) => {
            for note in &w.notes {
                eprintln!("{note}");
            }
            eprintln!(
                "Built {} pages and {} files ({} photos prepared, {} from cache); audit passed with {} warning(s). Wrote {} changed files to {} ({} unchanged, {} removed).",
                s.pages,
                s.files,
                s.photos_prepared,
                s.photos_cached,
                report.count(Severity::Warning),
                w.written,
                out_dir.display(),
                w.unchanged,
                w.removed
            );
            Exit::Clean
        }
        Err(failure) => {
            for note in &failure.notes {
                eprintln!("{note}");
            }
            eprint!("{failure}");
            Exit::InputError
        }
    }
}

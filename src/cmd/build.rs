//! `schoolgate build`.

use crate::cli::BuildArgs;
use schoolgate::approvals::Approvals;
use schoolgate::audit::{self, Severity};
use schoolgate::error;
use schoolgate::faces;
use schoolgate::guard;
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
    // The output folder is emptied of stale files and filled: it must be
    // apart from the site root, its sources and anything private.
    let unsafe_out = guard::output_dir_is_safe(&guard::Layout::new(&built.root, &built.config, args.out.as_deref()));
    if !unsafe_out.is_empty() {
        progress.finish();
        eprint!("{}", error::render(&unsafe_out, &args.root));
        return Exit::InputError;
    }
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
    let forbidden = guard::Layout::new(&built.root, &built.config, args.out.as_deref()).report_forbidden();
    let emitted = emit::apply_waivers(&mut report, &built.config.audit, &built.root, today).and_then(|waived| {
        emit::emit(&report, &args.report, &built.site, &built.root, &forbidden, deny_warnings, waived, Some(&ctx))
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
    let manifest = built.root.join(STATE_DIR).join(format!(
        "output-{:016x}.json",
        xxhash_rust::xxh3::xxh3_64(
            std::path::absolute(&out_dir).unwrap_or(out_dir.clone()).to_string_lossy().as_bytes()
        )
    ));
    let files = match build::output_files(built.site) {
        Ok(f) => f,
        Err(errors) => {
            eprint!("{}", error::render(&errors, &built.root));
            return Exit::InputError;
        }
    };
    match output::sync(&out_dir, &files, &manifest) {
        Ok(w) => {
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
        Err(e) => {
            eprint!("{}", error::render(&[e], &built.root));
            Exit::InputError
        }
    }
}

//! `schoolgate build`.

use crate::cli::BuildArgs;
use schoolgate::audit::Severity;
use schoolgate::error;
use schoolgate::guard;
use schoolgate::output;
use schoolgate::progress::Progress;
use schoolgate::source::build;

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
    let layout = guard::Layout::new(&built.root, &built.config, args.out.as_deref());
    let unsafe_out = guard::output_dir_is_safe(&layout);
    if !unsafe_out.is_empty() {
        progress.finish();
        eprint!("{}", error::render(&unsafe_out, &args.root));
        return Exit::InputError;
    }
    let mut session = match built.session(today) {
        Ok(s) => s,
        Err(e) => {
            progress.finish();
            eprint!("{}", error::render(&[e], &built.root));
            return Exit::InputError;
        }
    };
    session.detect_faces &= !args.no_faces;
    progress.step("Auditing");
    let audited = match session.run(&built.site) {
        Ok(a) => a,
        Err(e) => {
            progress.finish();
            eprint!("{}", error::render(&[e], &built.root));
            return Exit::InputError;
        }
    };
    progress.finish();
    if let Some(stats) = &audited.face_stats {
        eprintln!("{stats}");
    }
    let report = &audited.report;
    let out_dir = built.output_dir(args.out.as_deref());
    let deny_warnings = args.report.deny.is_some() || built.config.audit.deny_warnings;
    let forbidden = layout.report_forbidden();
    if let Err(e) = emit::emit(&audited, &args.report, &built.site, &built.root, &forbidden, deny_warnings) {
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
    // The published folder is replaced as a whole: it must never hold the
    // site's own files (checked above; checked again by the writer).
    let protect: Vec<std::path::PathBuf> = layout
        .sources
        .iter()
        .chain(&layout.private)
        .map(|p| p.path.clone())
        .chain([built.root.join(schoolgate::config::CONFIG_FILE)])
        .collect();
    let protect: Vec<&std::path::Path> = protect.iter().map(|p| p.as_path()).collect();
    let files = match build::output_files(built.site) {
        Ok(f) => f,
        Err(errors) => {
            eprint!("{}", error::render(&errors, &built.root));
            return Exit::InputError;
        }
    };
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

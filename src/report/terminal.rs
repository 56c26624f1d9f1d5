//! The report a school admin reads: findings grouped by the page (or file)
//! they are on, each in plain words with where to look and how to fix it,
//! and a last line that says whether the site will be published.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use super::{Counts, Group, RenderOptions, blocks_publishing, source_label};
use crate::audit::{AuditReport, Finding, Severity};

/// Applies a style only when colour is on.
struct Paint(bool);

impl Paint {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.0 { format!("{}{text}{}", style.render(), style.render_reset()) } else { text.to_string() }
    }
}

fn severity_style(s: Severity) -> Style {
    let color = match s {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
    };
    Style::new().fg_color(Some(color.into())).bold()
}

pub(super) fn render(report: &AuditReport, opts: &RenderOptions) -> String {
    let paint = Paint(opts.color);
    let root = opts.root.as_deref();
    let dim = Style::new().dimmed();
    let bold = Style::new().bold();

    let mut groups: BTreeMap<Group, Vec<&Finding>> = BTreeMap::new();
    for f in &report.findings {
        groups.entry(Group::of(f)).or_default().push(f);
    }

    let mut out = String::new();
    for (group, mut findings) in groups {
        // Worst first, then by rule so the same kind of problem sits together.
        findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.rule.cmp(b.rule)));
        let _ = writeln!(out, "{}", paint.paint(bold, &group.heading()));
        for f in findings {
            let word = format!("{:<7}", f.severity.as_str());
            let mut lines = f.message.lines();
            let first = lines.next().unwrap_or("");
            let _ = writeln!(out, "  {} {first}", paint.paint(severity_style(f.severity), &word));
            for more in lines {
                let _ = writeln!(out, "          {more}");
            }
            if let Some(at) = source_label(&f.location, root) {
                let _ = writeln!(out, "          File to edit: {at}");
            }
            // A photo on a page: name the photo too, the page is already the heading.
            if let (Some(_), Some(asset)) = (&f.location.page, &f.location.asset) {
                let _ = writeln!(out, "          Photo or file: {asset}");
            }
            if !f.help.is_empty() {
                let _ = writeln!(out, "          How to fix: {}", f.help.replace('\n', "\n          "));
            }
            let _ = writeln!(out, "          {}", paint.paint(dim, &format!("[rule {}]", f.rule)));
        }
        out.push('\n');
    }

    let line = summary_line(report, opts);
    let style = if blocks_publishing(report, opts) { severity_style(Severity::Error) } else { bold };
    let _ = writeln!(out, "{}", paint.paint(style, &line));
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `3 errors, 2 warnings, 1 info in 120 pages and 45 files — the site will NOT be published`.
pub(super) fn summary_line(report: &AuditReport, opts: &RenderOptions) -> String {
    let c = Counts::of(&report.findings);
    let found = if report.findings.is_empty() {
        "No problems found".to_string()
    } else {
        format!(
            "{}, {}, {} info",
            plural(c.errors, "error", "errors"),
            plural(c.warnings, "warning", "warnings"),
            c.infos
        )
    };
    let waived = if opts.waived > 0 { format!(" ({} waived)", opts.waived) } else { String::new() };
    let verdict = if blocks_publishing(report, opts) {
        match (opts.publishing, c.errors == 0) {
            (true, true) => "the site will NOT be published (warnings count as errors here)",
            (true, false) => "the site will NOT be published",
            (false, true) => {
                "the audit FAILED: do not publish until the warnings are fixed (warnings count as errors here)"
            }
            (false, false) => "the audit FAILED: do not publish until the errors are fixed",
        }
    } else {
        "OK to publish"
    };
    format!(
        "{found}{waived} in {} and {} — {verdict}",
        plural(report.pages_checked, "page", "pages"),
        plural(report.assets_checked, "file", "files"),
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{opts, report};
    use super::*;

    #[test]
    fn groups_by_page_and_ends_with_the_verdict() {
        let text = render(&report(), &opts());
        assert!(!text.contains('\u{1b}'), "no colour when off:\n{text}");
        let site = text.find("Whole site\n").expect("site group");
        let page = text.find("Page /news/sports-day/\n").expect("page group");
        let contact = text.find("Page /contact/\n").expect("contact group");
        let file = text.find("File /about/building.jpg\n").expect("file group");
        assert!(site < contact && contact < page && page < file, "{text}");
        // Three findings sit under the sports-day heading, errors first.
        let block = &text[page..file];
        assert_eq!(block.matches("\n  error").count(), 2, "{block}");
        assert_eq!(block.matches("\n  warning").count(), 1, "{block}");
        assert!(block.find("  error").unwrap() < block.find("  warning").unwrap());
        assert!(block.contains("File to edit: content/news/sports-day/index.md:12"), "{block}");
        assert!(block.contains("File to edit: content/news/sports-day/index.md\n"), "{block}");
        assert!(block.contains("How to fix: Remove the photo"), "{block}");
        assert!(block.contains("Photo or file: /news/sports-day/race.jpg"), "{block}");
        assert!(block.contains("[rule consent/no-consent]"), "{block}");
        // The second line of a two-line message stays indented under the first.
        assert!(block.contains("\n          which names a pupil in full\n"), "{block}");
        assert!(!text.contains("/srv/hollybrook"), "paths are relative to the root");
        assert!(
            text.trim_end()
                .ends_with("3 errors, 2 warnings, 1 info in 120 pages and 45 files — the site will NOT be published"),
            "{text}"
        );
    }

    #[test]
    fn never_prints_private_detail() {
        let text = render(&report(), &opts());
        assert!(!text.contains("Patel"), "{text}");
        assert!(!text.contains("P1234"), "{text}");
    }

    #[test]
    fn clean_and_warning_only_reports_are_ok_unless_warnings_are_denied() {
        let mut r = report();
        r.findings.clear();
        r.pages_checked = 1;
        r.assets_checked = 1;
        let text = render(&r, &opts());
        assert_eq!(text.trim(), "No problems found in 1 page and 1 file — OK to publish");

        let mut r = report();
        r.findings.retain(|f| f.severity != Severity::Error);
        assert!(render(&r, &opts()).trim_end().ends_with("— OK to publish"));
        let strict = RenderOptions { deny_warnings: true, waived: 2, ..opts() };
        let line = summary_line(&r, &strict);
        assert!(line.starts_with("0 errors, 2 warnings, 1 info (2 waived) in"), "{line}");
        assert!(line.contains("will NOT be published"), "{line}");
        // `audit` publishes nothing: its verdict is about the audit.
        let audit_only = summary_line(&r, &RenderOptions { publishing: false, ..strict.clone() });
        assert!(
            audit_only.contains("the audit FAILED") && !audit_only.contains("will NOT be published"),
            "{audit_only}"
        );
    }

    #[test]
    fn colour_when_asked() {
        let text = render(&report(), &RenderOptions { color: true, ..opts() });
        assert!(text.contains("\u{1b}["), "{text}");
    }
}

//! The report a school admin reads: findings grouped by the page (or file)
//! they are on, each in plain words with where to look and how to fix it,
//! and a last line that says whether the site will be published.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use super::{
    Counts, RenderOptions, blocks_publishing, by_concern, counts_words, groups_by_urgency, plural, source_label,
};
use crate::audit::{AuditReport, Severity};

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

    let groups = groups_by_urgency(&report.findings);

    let mut out = String::new();
    for (group, findings) in groups {
        let _ = writeln!(out, "{}", paint.paint(bold, &group.heading()));
        for shown in findings {
            let f = shown.finding;
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
            if let Some(also) = shown.also_on(false) {
                let _ = writeln!(out, "          {also}");
            }
            if !f.help.is_empty() {
                let _ = writeln!(out, "          How to fix: {}", f.help.replace('\n', "\n          "));
            }
            let _ = writeln!(out, "          {}", paint.paint(dim, &format!("[rule {}]", f.rule)));
        }
        out.push('\n');
    }

    out.push_str(&statutory_table(report, &paint));
    out.push_str(&concern_summary(report, &paint));
    let line = summary_line(report, opts);
    let style = if blocks_publishing(report, opts) { severity_style(Severity::Error) } else { bold };
    let _ = writeln!(out, "{}", paint.paint(style, &line));
    out
}

/// Widest item column in the statutory table; longer titles push their
/// row's evidence along rather than being cut.
const ITEM_COLUMN: usize = 42;

/// The statutory table: one line per DfE item that applies to the school,
/// grouped found / missing / out of date, each with the page or document
/// that proves it and the date read from it, so a school can check every
/// verdict (a green item nobody can verify is not worth having). Items
/// whose finding the school waived are counted, not listed.
fn statutory_table(report: &AuditReport, paint: &Paint) -> String {
    use crate::audit::rules::statutory::VerdictKind;
    let shown: Vec<_> = report.statutory.iter().filter(|v| !v.waived).collect();
    if shown.is_empty() {
        return String::new();
    }
    let count = |k: VerdictKind| shown.iter().filter(|v| v.verdict == k).count();
    let mut heading = format!(
        "Statutory information (DfE): {} found, {} missing, {} out of date",
        count(VerdictKind::Found),
        count(VerdictKind::Missing),
        count(VerdictKind::OutOfDate)
    );
    let unchecked = count(VerdictKind::NotChecked);
    if unchecked > 0 {
        heading.push_str(&format!(", {unchecked} not checked (the pages are a JavaScript shell)"));
    }
    let waived = report.statutory.len() - shown.len();
    if waived > 0 {
        heading.push_str(&format!(" ({waived} waived, not listed)"));
    }
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint.paint(Style::new().bold(), &heading));
    let width = shown.iter().map(|v| v.title.chars().count()).max().unwrap_or(0).min(ITEM_COLUMN);
    for kind in [VerdictKind::Found, VerdictKind::Missing, VerdictKind::OutOfDate, VerdictKind::NotChecked] {
        let rows: Vec<_> = shown.iter().filter(|v| v.verdict == kind).collect();
        if rows.is_empty() {
            continue;
        }
        let style = match kind {
            VerdictKind::Found => Style::new().bold(),
            VerdictKind::Missing | VerdictKind::OutOfDate => severity_style(Severity::Warning),
            VerdictKind::NotChecked => Style::new().dimmed(),
        };
        let _ = writeln!(out, "  {}", paint.paint(style, &capitalise(kind.word())));
        for v in rows {
            let title = capitalise(&v.title);
            let pad = " ".repeat(width.saturating_sub(title.chars().count()));
            let mut line = format!("    {title}{pad}  ");
            match (&v.url, kind) {
                (Some(url), _) => line.push_str(url),
                (None, VerdictKind::Missing) => line.push_str(&format!("not found ({})", v.force)),
                (None, _) => line.push('-'),
            }
            if let Some(date) = &v.date {
                line.push_str(&format!(" · {date}"));
            }
            if !v.missing_parts.is_empty() {
                line.push_str(&format!(" · incomplete: no {}", v.missing_parts.join("; no ")));
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    out.push('\n');
    out
}

/// "out of date" → "Out of date", "SEN information report" unchanged.
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The block above the verdict: counts per concern, safeguarding first,
/// each with its rule families, so the admin sees what to fix first
/// without scrolling back through every page.
fn concern_summary(report: &AuditReport, paint: &Paint) -> String {
    let concerns = by_concern(&report.findings);
    if concerns.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint.paint(Style::new().bold(), "Summary, most urgent first"));
    for tally in concerns {
        let style = if tally.total.errors > 0 { severity_style(Severity::Error) } else { Style::new().bold() };
        let _ = writeln!(out, "  {}: {}", paint.paint(style, tally.concern.heading()), counts_words(tally.total));
        for (family, c) in tally.families {
            let _ = writeln!(out, "      {family:<16} {}", counts_words(c));
        }
    }
    out.push('\n');
    out
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
    let waived = if opts.not_shown.total() > 0 {
        format!("{waived} (and {} not shown: below --min-severity {})", counts_words(opts.not_shown), opts.min_severity)
    } else {
        waived
    };
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
    fn groups_by_page_most_urgent_first_and_ends_with_the_verdict() {
        let text = render(&report(), &opts());
        assert!(!text.contains('\u{1b}'), "no colour when off:\n{text}");
        let site = text.find("Whole site\n").expect("site group");
        let page = text.find("Page /news/sports-day/\n").expect("page group");
        let contact = text.find("Page /contact/\n").expect("contact group");
        let file = text.find("File /about/building.jpg\n").expect("file group");
        // The page with a consent error, then the missing statutory item,
        // then the photo's GPS warning, then the info.
        assert!(page < site && site < file && file < contact, "{text}");
        // Three findings sit under the sports-day heading, errors first.
        let block = &text[page..site];
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
    fn the_summary_counts_each_concern_safeguarding_first() {
        let text = render(&report(), &opts());
        let summary = &text[text.find("Summary, most urgent first\n").expect("summary block")..];
        let safe = summary
            .find("  Safeguarding (consent, names, personal details): 2 errors, 1 warning, 1 info\n")
            .expect(summary);
        let statutory = summary.find("  Statutory information (DfE): 1 error\n").expect(summary);
        let other = summary.find("  Everything else (links, accessibility, file names): 1 warning\n").expect(summary);
        assert!(safe < statutory && statutory < other, "{summary}");
        assert!(summary.contains("      consent          1 error\n"), "{summary}");
        assert!(summary.contains("      image-metadata   1 warning\n"), "{summary}");
        assert!(summary.contains("      alt-text         1 warning\n"), "{summary}");
    }

    #[test]
    fn min_severity_hides_lower_findings_but_not_the_verdict() {
        let mut r = report();
        r.findings.retain(|f| f.severity != Severity::Error);
        let errors_only = RenderOptions { min_severity: Severity::Error, deny_warnings: true, ..opts() };
        let text = super::super::render(&r, super::super::Format::Terminal, &errors_only);
        assert!(!text.contains("  warning "), "{text}");
        assert!(!text.contains("[rule alt-text/missing]"), "{text}");
        let last = text.trim_end().lines().last().unwrap_or_default();
        assert!(last.contains("(and 2 warnings, 1 info not shown: below --min-severity error)"), "{last}");
        assert!(last.contains("NOT be published"), "hidden warnings still fail a --deny warnings run: {last}");
        let lenient = RenderOptions { deny_warnings: false, ..errors_only };
        let text = super::super::render(&r, super::super::Format::Terminal, &lenient);
        assert!(text.trim_end().ends_with("OK to publish"), "{text}");
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

//! GitHub Actions workflow commands: each finding becomes an annotation on
//! the file to edit (`::error file=…,line=…,title=…::message`).
//!
//! Escaping follows GitHub's runner (`ActionCommand` in actions/runner):
//! in the message `%`, `\r`, `\n` are percent-encoded; in properties `:`
//! and `,` are too, because they separate the properties.

use std::fmt::Write as _;

use super::{RenderOptions, display_path};
use crate::audit::{AuditReport, Severity};

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub(super) fn render(report: &AuditReport, opts: &RenderOptions) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(src) = &f.location.source {
            props.push(format!("file={}", escape_property(&display_path(&src.path, opts.root.as_deref()))));
            if let Some(line) = src.line {
                props.push(format!("line={line}"));
            }
        }
        props.push(format!("title={}", escape_property(&format!("schoolgate {}", f.rule))));

        // Annotations without a file show only in the run summary, so the
        // published address goes in the message.
        let mut message = f.message.clone();
        match (&f.location.page, &f.location.asset) {
            (_, Some(asset)) => message.push_str(&format!(" ({asset})")),
            (Some(page), None) => message.push_str(&format!(" (page {page})")),
            (None, None) => {}
        }
        if !f.help.is_empty() {
            message.push_str("\nHow to fix: ");
            message.push_str(&f.help);
        }
        let _ = writeln!(out, "::{command} {}::{}", props.join(","), escape_data(&message));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{opts, report};
    use super::*;

    /// Splits one command back into (command, properties, message), decoding
    /// as the runner does.
    fn parse(line: &str) -> (String, Vec<(String, String)>, String) {
        let decode = |s: &str| {
            s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
        };
        let rest = line.strip_prefix("::").unwrap();
        let (head, message) = rest.split_once("::").unwrap();
        let (command, props) = head.split_once(' ').unwrap_or((head, ""));
        let props = props
            .split(',')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (k.to_string(), decode(v))
            })
            .collect();
        (command.to_string(), props, decode(message))
    }

    #[test]
    fn one_annotation_per_finding_with_escaping() {
        let r = report();
        let text = render(&r, &opts());
        let lines: Vec<_> = text.lines().collect();
        assert_eq!(lines.len(), r.findings.len(), "newlines in messages are escaped:\n{text}");

        let (cmd, props, msg) = parse(lines[0]);
        assert_eq!(cmd, "error");
        assert_eq!(
            props,
            vec![
                ("file".into(), "content/news/sports-day/index.md".into()),
                ("line".into(), "12".into()),
                ("title".into(), "schoolgate consent/no-consent".into()),
            ]
        );
        assert!(msg.starts_with("The photo race.jpg shows Harry (Year 4)"));
        assert!(msg.contains("\nHow to fix: Remove the photo"));

        let (_, _, msg) = parse(lines[1]);
        assert!(msg.starts_with(&r.findings[1].message), "{msg}");

        let (cmd, props, msg) = parse(lines[3]);
        assert_eq!(cmd, "warning");
        assert_eq!(props.len(), 1, "no file: title only");
        assert!(msg.contains("(/about/building.jpg)"));
        assert_eq!(parse(lines[5]).0, "notice");
        assert!(!text.contains("Patel"));
    }

    #[test]
    fn properties_escape_separators() {
        assert_eq!(escape_property("a,b:c%d\ne"), "a%2Cb%3Ac%25d%0Ae");
        assert_eq!(escape_data("50% done: a,b\r\n"), "50%25 done: a,b%0D%0A");
    }
}

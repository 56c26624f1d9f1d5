//! JUnit XML for CI test reports (GitLab, Jenkins, Azure show these as tests).
//!
//! One `<testsuite>` per rule family, one `<testcase>` per rule and location.
//! Errors and warnings are `<failure>`s; info findings pass and carry their
//! message in `<system-out>`. Every catalogue rule without findings appears
//! as one passing test, so a clean site shows what was checked.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{RenderOptions, location_label, rule_catalogue, rule_family};
use crate::audit::{AuditReport, Finding, Severity};
use crate::escape::{html as escape_text, xml_attribute as escape};

/// Test cases of one family: (rule id, location label) → findings there.
type Family<'a> = BTreeMap<(&'a str, String), Vec<&'a Finding>>;

pub(super) fn render(report: &AuditReport, opts: &RenderOptions) -> String {
    let root = opts.root.as_deref();
    let mut families: BTreeMap<&str, Family<'_>> = BTreeMap::new();
    for f in &report.findings {
        families
            .entry(rule_family(f.rule))
            .or_default()
            .entry((f.rule, location_label(&f.location, root)))
            .or_default()
            .push(f);
    }
    // Rules that found nothing still show as a passing test.
    let mut clean: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for r in rule_catalogue(&report.findings) {
        if !report.findings.iter().any(|f| f.rule == r.id) {
            clean.entry(rule_family(r.id)).or_default().push(r.id);
            families.entry(rule_family(r.id)).or_default();
        }
    }

    let mut suites = String::new();
    let (mut all_tests, mut all_failures) = (0, 0);
    for (family, cases) in &families {
        let passing = clean.get(family).map_or(&[][..], |v| v.as_slice());
        let tests = cases.len() + passing.len();
        let failures = cases.values().filter(|fs| fs.iter().any(|f| f.severity >= Severity::Warning)).count();
        all_tests += tests;
        all_failures += failures;
        let _ = writeln!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
            escape(family)
        );
        for ((rule, label), findings) in cases {
            write_case(&mut suites, rule, label, findings);
        }
        for rule in passing {
            let _ = writeln!(suites, "    <testcase classname=\"{}\" name=\"whole site\"/>", escape(rule));
        }
        suites.push_str("  </testsuite>\n");
    }

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"schoolgate {}\" tests=\"{all_tests}\" failures=\"{all_failures}\" errors=\"0\">",
        escape(&opts.tool_version)
    );
    out.push_str(&suites);
    out.push_str("</testsuites>\n");
    out
}

fn write_case(out: &mut String, rule: &str, label: &str, findings: &[&Finding]) {
    let _ = writeln!(out, "    <testcase classname=\"{}\" name=\"{}\">", escape(rule), escape(label));
    let worst = findings.iter().map(|f| f.severity).max().unwrap_or(Severity::Info);
    let mut body = String::new();
    for f in findings {
        let _ = writeln!(body, "{}: {}", f.severity, f.message);
        if let Some(page) = &f.location.page {
            let _ = writeln!(body, "page: {page}");
        }
        if let Some(asset) = &f.location.asset {
            let _ = writeln!(body, "file: {asset}");
        }
        if !f.help.is_empty() {
            let _ = writeln!(body, "How to fix: {}", f.help);
        }
    }
    if worst >= Severity::Warning {
        let first = findings.iter().find(|f| f.severity == worst).map_or("", |f| f.message.as_str());
        let _ = writeln!(
            out,
            "      <failure type=\"{worst}\" message=\"{}\">{}</failure>",
            escape(first),
            escape_text(&body)
        );
    } else {
        let _ = writeln!(out, "      <system-out>{}</system-out>", escape_text(&body));
    }
    out.push_str("    </testcase>\n");
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{opts, report};
    use super::*;

    #[test]
    fn parses_back_with_one_suite_per_family() {
        let r = report();
        let xml = render(&r, &opts());
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        let suites: Vec<_> = root.children().filter(|n| n.has_tag_name("testsuite")).collect();
        let names: Vec<_> = suites.iter().map(|s| s.attribute("name").unwrap()).collect();
        for family in ["alt-text", "consent", "contact", "image-metadata", "names", "statutory", "waivers"] {
            assert!(names.contains(&family), "{family} missing from {names:?}");
        }
        // Counts in the attributes match the elements.
        let mut total_failures = 0;
        for s in &suites {
            let cases: Vec<_> = s.children().filter(|n| n.has_tag_name("testcase")).collect();
            let failed = cases.iter().filter(|c| c.children().any(|n| n.has_tag_name("failure"))).count();
            assert_eq!(s.attribute("tests").unwrap().parse::<usize>().unwrap(), cases.len());
            assert_eq!(s.attribute("failures").unwrap().parse::<usize>().unwrap(), failed);
            total_failures += failed;
        }
        assert_eq!(total_failures, 5, "3 errors + 2 warnings fail; the info passes");
        assert_eq!(root.attribute("failures").unwrap(), "5");

        let names_suite = suites.iter().find(|s| s.attribute("name") == Some("names")).unwrap();
        let case = names_suite.children().find(|n| n.has_tag_name("testcase")).unwrap();
        assert_eq!(case.attribute("classname"), Some("names/full-name"));
        assert_eq!(case.attribute("name"), Some("content/news/sports-day/index.md:30"));
        let failure = case.children().find(|n| n.has_tag_name("failure")).unwrap();
        assert_eq!(failure.attribute("type"), Some("error"));
        assert_eq!(failure.attribute("message"), Some(r.findings[1].message.as_str()));
        assert!(failure.text().unwrap().contains("How to fix: Use first names only: \"Harry (Year 4)\"."));

        let contact = suites.iter().find(|s| s.attribute("name") == Some("contact")).unwrap();
        let case = contact.children().find(|n| n.has_tag_name("testcase")).unwrap();
        assert!(case.children().all(|n| !n.has_tag_name("failure")));
        let out = case.children().find(|n| n.has_tag_name("system-out")).unwrap();
        assert!(out.text().unwrap().contains("01234 567890, ext. 2"));
        assert!(!xml.contains("Patel"));
    }

    #[test]
    fn two_findings_of_one_rule_at_one_place_are_one_case() {
        let mut r = report();
        let mut twin = r.findings[0].clone();
        twin.message = "Another pupil without consent".into();
        r.findings.push(twin);
        let xml = render(&r, &opts());
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let consent_cases = doc
            .descendants()
            .filter(|n| n.has_tag_name("testcase") && n.attribute("classname") == Some("consent/no-consent"))
            .count();
        assert_eq!(consent_cases, 1);
        assert!(xml.contains("Another pupil without consent"));
    }
}

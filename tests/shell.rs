//! JavaScript-only sites (single-page apps): `schoolgate audit` on the
//! shells in `fixtures/sites/spa/` (a folder and the same folder served on
//! 127.0.0.1) must say once that it saw only the shell
//! (`crawl/javascript-only`) and must not report statutory items missing it
//! never looked for; the decoys in `fixtures/sites/spa-decoys/` (a short
//! server-rendered page, a Next.js static export) are not shells and keep
//! their ordinary statutory findings.

mod common;

use common::*;

const RULE: &str = "crawl/javascript-only";

/// The shared audit options on a folder under `fixtures/sites/`. Rendering
/// is off: these tests are about what the server sends (rendering is
/// `tests/render.rs`), and must not depend on Chromium being installed.
fn run(rel: &str) -> Audited {
    let mut audit = AuditRun::new("clean");
    audit.site = fixture(&format!("sites/{rel}"));
    audit.arg("--render").arg("never").run()
}

/// The shell verdict every shell must get: exactly one finding, at the home
/// page, saying what it means, and no `dfe/*` finding of any kind.
fn assert_shell_reported(audited: &Audited, root: &str) {
    let found = audited.of(RULE);
    assert_eq!(found.len(), 1, "one finding per site: {:#?}", audited.findings);
    let f = found[0];
    assert_eq!(f.severity, "warning");
    assert_eq!(f.page.as_deref(), Some("/"), "located at the home page");
    for words in ["builds its pages in the visitor's browser with JavaScript", "empty shell", root] {
        assert!(f.message.contains(words), "message should say {words:?}: {}", f.message);
    }
    assert!(
        f.message.contains("statutory items that apply to this school were not checked"),
        "says the statutory items were not checked: {}",
        f.message
    );
    assert!(f.help.contains("built output folder"), "says how to fix it: {}", f.help);
    assert!(f.message.contains("--render never"), "says why it was not rendered: {}", f.message);
    let dfe = audited.family("dfe/");
    assert!(dfe.is_empty(), "no statutory item may be reported missing on a shell: {dfe:#?}");
    // A warning under --deny warnings: the audit fails rather than passing
    // a site it could not read.
    assert_eq!(audited.code, Some(1), "{}", audited.log);
}

#[test]
fn angular_shell_folder_is_reported_once_and_nothing_statutory_is_called_missing() {
    let audited = run("spa/angular");
    assert_shell_reported(&audited, "<app-root>");
    let f = audited.of(RULE)[0];
    assert!(f.message.contains("<base href=\"/\">"), "{}", f.message);
}

#[test]
fn react_shell_with_hash_routes_is_reported_once_and_nothing_statutory_is_called_missing() {
    let audited = run("spa/react");
    assert_shell_reported(&audited, "an empty <div id=\"root\">");
    let f = audited.of(RULE)[0];
    assert!(f.message.contains("5 links to in-app routes"), "{}", f.message);
}

#[test]
fn live_angular_shell_is_reported_once_and_nothing_statutory_is_called_missing() {
    let url = serve_folder(fixture("sites/spa/angular"));
    let mut audit = AuditRun::new("clean");
    audit.site = url.into();
    let audited = audit.arg("--no-faces").arg("--render").arg("never").run();
    assert_shell_reported(&audited, "<app-root>");
}

#[test]
fn short_server_rendered_contact_page_is_not_a_shell() {
    let audited = run("spa-decoys/contact");
    assert!(audited.of(RULE).is_empty(), "{:#?}", audited.of(RULE));
    // The statutory check still looked, and says what it did not find.
    assert!(!audited.of("dfe/ofsted-report").is_empty(), "{:#?}", audited.findings);
}

#[test]
fn next_export_with_text_inside_its_root_is_not_a_shell() {
    let audited = run("spa-decoys/next-export");
    assert!(audited.of(RULE).is_empty(), "{:#?}", audited.of(RULE));
    assert!(!audited.of("dfe/ofsted-report").is_empty(), "{:#?}", audited.findings);
}

#[test]
fn live_next_export_is_not_a_shell() {
    let url = serve_folder(fixture("sites/spa-decoys/next-export"));
    let mut audit = AuditRun::new("clean");
    audit.site = url.into();
    let audited = audit.arg("--no-faces").run();
    assert!(audited.of(RULE).is_empty(), "{:#?}", audited.of(RULE));
    assert!(!audited.of("dfe/ofsted-report").is_empty(), "{:#?}", audited.findings);
}

#[test]
fn the_rule_is_in_the_catalogue_with_its_explanation() {
    let out = schoolgate().args(["rules", RULE]).output().unwrap();
    let text = text(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("single-page apps") && text.contains("does not report statutory items missing"), "{text}");
}

//! Waivers and approvals are narrow decisions by named staff, and never a
//! way round consent or names. See main.rs.

use std::path::Path;
use std::process::Output;

use sha2::Digest;

use crate::common::*;

const POST: &str = "content/news/2026-07-10-sports-day/index.md";

/// The statutory waiver every `basic` build needs, then `extra`.
fn waivers(root: &Path, extra: &str) {
    let base = std::fs::read_to_string(fixture("sites/basic/waivers.toml")).unwrap();
    std::fs::write(root.join("waivers.toml"), format!("{base}\n{extra}")).unwrap();
}

/// The catch-all waiver of issue #9: every rule, every place, for ever, by nobody.
const CATCH_ALL: &str =
    "[[waiver]]\nrule = \"**\"\ntarget = \"**\"\nreason = \"Too many warnings\"\nexpires = 9999-12-31\nby = \"x\"\n";

/// Line of the catch-all's `rule` in the waivers file `waivers` writes.
fn catch_all_line(root: &Path) -> u64 {
    let text = std::fs::read_to_string(root.join("waivers.toml")).unwrap();
    text.lines().position(|l| l == "rule = \"**\"").unwrap() as u64 + 1
}

/// A built `basic` site, and its published folder's bytes.
fn published_site() -> (tempfile::TempDir, Vec<(std::path::PathBuf, Vec<u8>)>) {
    let site = site("basic");
    let ok = build(site.path(), &[]);
    assert!(ok.status.success(), "{}", text(&ok));
    let before = snapshot(&site.path().join("public"));
    (site, before)
}

/// How many findings the fixture's own statutory waiver hides on an
/// untouched `basic` site: a refused waiver must add nothing to this.
fn base_waived() -> u64 {
    static BASE: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *BASE.get_or_init(|| {
        let site = site("basic");
        let (out, _, json) = json_build(site.path());
        assert!(out.status.success(), "{}", text(&out));
        let n = json["summary"]["waived"].as_u64().unwrap();
        assert!(n > 0, "the fixture's statutory waiver hides the dfe/* findings");
        n
    })
}

fn json_build(root: &Path) -> (Output, Vec<JsonFinding>, serde_json::Value) {
    let out = build(root, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    let findings = json["findings"].as_array().map(|a| a.iter().map(JsonFinding::from).collect()).unwrap_or_default();
    (out, findings, json)
}

fn of<'a>(findings: &'a [JsonFinding], rule: &str) -> Vec<&'a JsonFinding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}

/// The build failed the audit (exit 1), published nothing, and the refused
/// waiver is an error naming its line in the waivers file.
fn assert_refused(root: &Path, before: &[(std::path::PathBuf, Vec<u8>)], line: u64, says: &str) -> Vec<JsonFinding> {
    let (out, findings, json) = json_build(root);
    let log = text(&out);
    assert_eq!(out.status.code(), Some(1), "{log}");
    assert_eq!(json["summary"]["waived"], base_waived(), "only the fixture's own waiver counts: {log}");
    let refused = of(&findings, "waivers/refused");
    assert_eq!(refused.len(), 1, "{findings:#?}");
    assert_eq!((refused[0].source.as_deref(), refused[0].line), (Some("waivers.toml"), Some(line)), "{findings:#?}");
    assert!(
        format!("{} {}", refused[0].message, refused[0].help).contains(says),
        "{}\n{}",
        refused[0].message,
        refused[0].help
    );
    assert!(snapshot(&root.join("public")) == before, "public/ changed");
    findings
}

#[test]
fn a_catch_all_waiver_cannot_hide_a_photo_without_consent() {
    let (site, before) = published_site();
    let root = site.path();
    let register = root.join("private/register.csv");
    std::fs::write(
        &register,
        format!("{}ET002,Harry,,Patel,Year 4,No,No\n", std::fs::read_to_string(&register).unwrap()),
    )
    .unwrap();
    edit(&root.join(POST), "no_pupils=false", "people=\"ET002\"");
    waivers(root, CATCH_ALL);
    let line = catch_all_line(root);
    let findings = assert_refused(root, &before, line, "does not name one kind of problem");
    assert_eq!(of(&findings, "consent/photo-without-consent").len(), 1, "{findings:#?}");

    // Naming the consent rule and the page exactly, in date, by the head: still refused.
    waivers(
        root,
        "[[waiver]]\nrule = \"consent/photo-without-consent\"\ntarget = \"/news/sports-day/\"\n\
         reason = \"Parent said yes on the phone\"\nexpires = 2027-01-31\nby = \"Mrs Hughes\"\n",
    );
    let findings = assert_refused(root, &before, line, "can never be waived");
    assert_eq!(of(&findings, "consent/photo-without-consent").len(), 1, "{findings:#?}");
}

#[test]
fn a_catch_all_waiver_cannot_hide_a_pupils_full_name() {
    let (site, before) = published_site();
    let root = site.path();
    edit(
        &root.join("content/contact.md"),
        "Our office manager",
        "Well done to Aisha Khan for the poster. Our office manager",
    );
    waivers(root, CATCH_ALL);
    let line = catch_all_line(root);
    let findings = assert_refused(root, &before, line, "does not name one kind of problem");
    assert_eq!(of(&findings, "names/full-name-on-page").len(), 1, "{findings:#?}");

    // A family glob that reaches the names rules is refused too.
    waivers(
        root,
        "[[waiver]]\nrule = \"names/*\"\ntarget = \"/contact/\"\nreason = \"Poster competition\"\n\
         expires = 2027-01-31\nby = \"Mrs Hughes\"\n",
    );
    let findings = assert_refused(root, &before, line, "can never be waived");
    assert_eq!(of(&findings, "names/full-name-on-page").len(), 1, "{findings:#?}");
}

/// The sports-day page with a picture that has no alt attribute.
fn missing_alt(root: &Path) {
    edit(&root.join(POST), "Thank you", "<img src=\"/news/sports-day/relay-race.jpg\">\n\nThank you");
}

fn alt_waiver(target: &str, expires: &str, by: &str) -> String {
    format!(
        "[[waiver]]\nrule = \"alt-text/missing\"\ntarget = \"{target}\"\n\
         reason = \"Old banner, replaced next term\"\nexpires = {expires}\nby = \"{by}\"\n"
    )
}

/// Line of `key = ` in the last waiver of the file.
fn line_of(root: &Path, key: &str) -> u64 {
    let text = std::fs::read_to_string(root.join("waivers.toml")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    lines.iter().rposition(|l| l.starts_with(&format!("{key} = "))).unwrap() as u64 + 1
}

#[test]
fn a_waiver_for_ever_or_for_everywhere_is_refused() {
    let (site, before) = published_site();
    let root = site.path();
    missing_alt(root);
    waivers(root, &alt_waiver("/news/sports-day/", "9999-12-31", "Mrs Hughes"));
    let findings = assert_refused(root, &before, line_of(root, "expires"), "set expires to 2027-11-29 or earlier");
    assert_eq!(of(&findings, "alt-text/missing").len(), 1);
    for everywhere in ["**", "*", "/**/*.html", "content/**"] {
        waivers(root, &alt_waiver(everywhere, "2027-01-31", "Mrs Hughes"));
        assert_refused(root, &before, line_of(root, "target"), "covers the whole site");
    }
}

#[test]
fn a_waiver_not_agreed_by_a_member_of_staff_is_refused() {
    let (site, before) = published_site();
    let root = site.path();
    missing_alt(root);
    for by in ["x", "Mr Nobody", "Aisha Khan"] {
        waivers(root, &alt_waiver("/news/sports-day/", "2027-01-31", by));
        let findings = assert_refused(root, &before, line_of(root, "by"), "is not on the staff list");
        for f in &findings {
            assert_no_surnames(&f.message);
        }
    }
    // No staff list at all: nobody's waiver can be checked, the fixture's
    // own statutory waiver included, so nothing is waived.
    edit(&root.join("schoolgate.toml"), "[staff]\npath = \"private/staff.csv\"\n", "");
    waivers(root, &alt_waiver("/news/sports-day/", "2027-01-31", "Mrs Hughes"));
    let (out, findings, json) = json_build(root);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(json["summary"]["waived"], 0);
    let refused = of(&findings, "waivers/refused");
    assert_eq!(refused.len(), 2, "{refused:#?}");
    let last = refused.iter().find(|f| f.line == Some(line_of(root, "by"))).expect("the alt-text waiver's by line");
    assert!(last.message.contains("cannot be verified"), "{}", last.message);
    assert!(of(&findings, "alt-text/missing").len() == 1);
    assert!(snapshot(&root.join("public")) == before, "public/ changed");
}

#[test]
fn a_proper_waiver_of_missing_alt_text_on_one_page_still_works() {
    let (site, _) = published_site();
    let root = site.path();
    missing_alt(root);
    waivers(root, &alt_waiver("/news/sports-day/", "2027-01-31", "Mrs S Hughes"));
    let (out, findings, json) = json_build(root);
    assert_eq!(out.status.code(), Some(0), "{}\n{findings:#?}", text(&out));
    assert_eq!(json["summary"]["waived"], base_waived() + 1);
    assert!(of(&findings, "alt-text/missing").is_empty() && of(&findings, "waivers/refused").is_empty());
    let page = std::fs::read_to_string(root.join("public/news/sports-day/index.html")).unwrap();
    assert!(page.contains("<img src=\"/news/sports-day/relay-race.jpg\">"), "the waived page is published");
}

// ---------------------------------------------------------------- approvals

const ASTRONAUT: &str = "content/news/2026-07-01-space-visit/astronaut.jpg";
const CLASS: &str = "content/news/2026-07-02-class-photo/class.jpg";

/// The faces fixture with `require_photo_approval = true`.
fn approvals_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("faces/site"), dir.path());
    edit(&dir.path().join("schoolgate.toml"), "[audit]\n", "[audit]\nrequire_photo_approval = true\n");
    dir
}

/// An approvals file written by hand: the right hashes, any name.
fn forge_approvals(root: &Path, by: &str) {
    let mut text = String::from("# Photo approvals\n");
    for photo in [ASTRONAUT, CLASS] {
        let hash = hex::encode(sha2::Sha256::digest(std::fs::read(root.join(photo)).unwrap()));
        text.push_str(&format!(
            "\n[[approval]]\nphoto = \"{photo}\"\nsha256 = \"{hash}\"\nby = \"{by}\"\nat = \"2026-11-28T09:00:00Z\"\n"
        ));
    }
    std::fs::write(root.join("private/approvals.toml"), text).unwrap();
}

/// For each of the two photos, the line of the first approval of its exact
/// bytes in the approvals file (the fixture's two photos share their bytes,
/// so both may point at the same approval).
fn approval_lines(root: &Path) -> Vec<u64> {
    let record = std::fs::read_to_string(root.join("private/approvals.toml")).unwrap();
    let lines: Vec<&str> = record.lines().collect();
    let mut found: Vec<u64> = [ASTRONAUT, CLASS]
        .iter()
        .map(|photo| {
            let hash = hex::encode(sha2::Sha256::digest(std::fs::read(root.join(photo)).unwrap()));
            let sha_line =
                lines.iter().position(|l| *l == format!("sha256 = \"{hash}\"")).expect("approval of the photo");
            let header = lines[..sha_line].iter().rposition(|l| *l == "[[approval]]").unwrap();
            header as u64 + 1
        })
        .collect();
    found.sort_unstable();
    found
}

/// Both photos are refused with `approval/not-staff` at their approval's
/// line, nothing is published, the name stays out of CI output.
fn assert_approvals_refused(root: &Path) {
    let lines = approval_lines(root);
    let (out, findings, _) = json_build(root);
    let log = text(&out);
    assert_eq!(out.status.code(), Some(1), "{log}");
    let refused = of(&findings, "approval/not-staff");
    assert_eq!(refused.len(), 2, "{findings:#?}");
    let mut got: Vec<u64> = refused.iter().map(|f| f.line.unwrap()).collect();
    got.sort_unstable();
    assert_eq!(got, lines, "{refused:#?}");
    for f in &refused {
        assert!(f.source.as_deref().is_some_and(|s| s.ends_with("approvals.toml")), "{f:#?}");
        assert!(f.message.contains("does not count"), "{}", f.message);
    }
    assert_no_surnames(&log);
    assert!(!root.join("public").exists(), "nothing was published");
}

#[test]
fn a_hand_written_approval_by_someone_not_on_the_staff_list_does_not_count() {
    let site = approvals_site();
    forge_approvals(site.path(), "Mr Nobody");
    assert_approvals_refused(site.path());
    // The same file by a member of staff is accepted: the hashes were right.
    forge_approvals(site.path(), "Mrs A Jones");
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn a_pupil_cannot_approve_photos() {
    let site = approvals_site();
    forge_approvals(site.path(), "Aisha Khan");
    assert_approvals_refused(site.path());
}

#[test]
fn approvals_by_someone_who_left_the_staff_list_stop_counting() {
    let site = approvals_site();
    let root = site.path();
    let ok =
        schoolgate().args(["approve", ASTRONAUT, CLASS, "--by", "Mrs A Jones", "--root"]).arg(root).output().unwrap();
    assert!(ok.status.success(), "{}", text(&ok));
    let out = build(root, &[]);
    assert!(out.status.success(), "{}", text(&out));
    std::fs::remove_dir_all(root.join("public")).unwrap();

    edit(&root.join("private/staff.csv"), "Mrs,Amelia,Jones,Headteacher\n", "");
    assert_approvals_refused(root);
}

#[test]
fn a_broken_approvals_file_names_itself_and_its_line() {
    let site = approvals_site();
    forge_approvals(site.path(), "Mrs A Jones");
    edit(&site.path().join("private/approvals.toml"), "at = \"2026-11-28T09:00:00Z\"", "at = \"last Tuesday\"");
    let out = build(site.path(), &[]);
    let log = text(&out);
    assert_eq!(out.status.code(), Some(2), "{log}");
    assert!(log.contains("the approvals file") && !log.contains("schoolgate.toml is not valid"), "{log}");
    assert!(log.contains("private/approvals.toml:"), "names the file and line: {log}");
}

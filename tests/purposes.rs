//! Consent purposes (`[register] purpose`, a page's `shared_to`) and the
//! register's freshness (`consent/register-stale`), on the real binary with
//! the fixture site `fixtures/sites/purposes` and the registers in
//! `fixtures/registers/` (CSV in the site, `purposes.xlsx` from
//! `examples/make_register_xlsx.rs`).

mod common;

use std::path::Path;
use std::process::Output;

use common::*;
use serde_json::Value;

const SCIENCE: &str = "content/news/2026-11-20-science-week/index.md";
const CHOIR: &str = "content/news/2026-11-24-choir/index.md";

/// `build` with a JSON report in a file beside the site (never inside it).
fn build_json(root: &Path, today: &str, extra: &[&str]) -> (Output, Value) {
    let report = root.parent().unwrap().join(format!("{}-report.json", root.file_name().unwrap().to_string_lossy()));
    let out = schoolgate()
        .args(["build", "--quiet", "--no-faces", "--today", today, "--format", "json", "--output"])
        .arg(&report)
        .arg("--root")
        .arg(root)
        .args(extra)
        .output()
        .unwrap();
    let json = std::fs::read_to_string(&report).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or(Value::Null);
    let _ = std::fs::remove_file(&report);
    (out, json)
}

fn findings<'a>(json: &'a Value, rule: &str) -> Vec<&'a Value> {
    json["findings"].as_array().map(|a| a.iter().filter(|f| f["rule"] == rule).collect()).unwrap_or_default()
}

fn messages(json: &Value, rule: &str) -> Vec<String> {
    findings(json, rule).iter().map(|f| f["message"].as_str().unwrap_or_default().to_string()).collect()
}

fn set_config(root: &Path, register_block: &str) {
    let cfg = root.join("schoolgate.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    let start = text.find("[register]").unwrap();
    let end = text[start..].find("\n\n").map(|i| start + i).unwrap();
    std::fs::write(&cfg, format!("{}{}{}", &text[..start], register_block.trim_end(), &text[end..])).unwrap();
}

#[test]
fn website_yes_social_no_and_a_page_not_shared_to_social_media_is_clean() {
    // Aisha: website yes, social media no, newsletter yes. She is on the
    // choir page (not shared) and the science week page (shared to the
    // newsletter only): nothing to report, and the site is published.
    let site = site("purposes");
    let (out, json) = build_json(site.path(), "2026-11-29", &[]);
    assert_eq!(out.status.code(), Some(0), "{}\n{json:#}", text(&out));
    for rule in ["consent/shared-without-consent", "consent/photo-without-consent", "consent/register-stale"] {
        assert!(findings(&json, rule).is_empty(), "{rule}: {json:#}");
    }
    assert!(site.path().join("public/news/science-week/index.html").is_file());
}

#[test]
fn a_page_shared_to_social_media_needs_that_consent_for_every_pupil_on_it() {
    let site = site("purposes");
    edit(&site.path().join(SCIENCE), r#"shared_to = ["newsletter"]"#, r#"shared_to = ["newsletter", "social_media"]"#);
    let before = snapshot(&site.path().join("public"));
    let (out, json) = build_json(site.path(), "2026-11-29", &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let shared = findings(&json, "consent/shared-without-consent");
    assert_eq!(shared.len(), 1, "{json:#}");
    let f = shared[0];
    let message = f["message"].as_str().unwrap();
    assert!(message.contains("social media") && message.contains("Aisha (Year 4)"), "{message}");
    assert!(message.contains("/news/science-week/"), "{message}");
    assert!(!message.contains("newsletter\""), "the newsletter is consented: {message}");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["asset"], "/news/science-week/volcano.jpg");
    // The shortcode that named her is where to edit.
    assert_eq!(f["source"]["path"], SCIENCE);
    assert_no_surnames(&text(&out));
    assert_no_surnames(&json.to_string().replace("Okafor", ""));
    // Nothing was published.
    assert_eq!(snapshot(&site.path().join("public")), before);
}

#[test]
fn one_finding_per_pupil_without_the_purpose_and_none_for_those_with_it() {
    // The choir page shows Aisha (newsletter yes) and Grace, by register
    // id (newsletter no): shared to the newsletter, only Grace is reported.
    let site = site("purposes");
    edit(
        &site.path().join(CHOIR),
        "description = \"Our choir sang carols for the residents of Orchard House.\"",
        "description = \"Our choir sang carols for the residents of Orchard House.\"\nshared_to = [\"newsletter\", \"press\"]",
    );
    let (out, json) = build_json(site.path(), "2026-11-29", &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let mut got = messages(&json, "consent/shared-without-consent");
    got.sort();
    assert_eq!(got.len(), 3, "{got:#?}");
    // Aisha: press no. Grace: newsletter no, press no.
    assert!(got.iter().any(|m| m.contains("Aisha (Year 4)") && m.contains("the press")), "{got:#?}");
    assert!(got.iter().any(|m| m.contains("Grace (Year 3)") && m.contains("the newsletter")), "{got:#?}");
    assert!(got.iter().any(|m| m.contains("Grace (Year 3)") && m.contains("the press")), "{got:#?}");
    assert!(!got.iter().any(|m| m.contains("Aisha (Year 4)") && m.contains("the newsletter")), "{got:#?}");
}

#[test]
fn an_unknown_purpose_in_front_matter_is_an_input_error_naming_the_line() {
    let site = site("purposes");
    edit(&site.path().join(SCIENCE), r#"shared_to = ["newsletter"]"#, r#"shared_to = ["facebook"]"#);
    let out = build(site.path(), &["--no-faces"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("facebook") && t.contains("social_media"), "{t}");
    assert!(t.contains("index.md:4"), "{t}");
}

#[test]
fn a_purpose_the_register_has_no_column_for_is_never_consented() {
    // The CSV has no prospectus column: a page shared to the prospectus
    // cannot show anyone, and the message says why.
    let site = site("purposes");
    edit(&site.path().join(SCIENCE), r#"shared_to = ["newsletter"]"#, r#"shared_to = ["prospectus"]"#);
    let (out, json) = build_json(site.path(), "2026-11-29", &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let got = messages(&json, "consent/shared-without-consent");
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(got[0].contains("has no column for the prospectus"), "{}", got[0]);
}

#[test]
fn a_register_without_purpose_columns_keeps_todays_behaviour() {
    let site = site("purposes");
    std::fs::write(
        site.path().join("private/register.csv"),
        "Adno,Legal Forename,Preferred Forename,Legal Surname,Year,Website Photo Consent,Name Consent\n\
         ET101,Aisha,,Khan,Year 4,Yes,No\nET102,Tom,,Baker,Year 5,Yes,No\nET103,Grace,,Okafor,Year 3,Yes,No\n",
    )
    .unwrap();
    edit(&site.path().join(SCIENCE), "shared_to = [\"newsletter\"]\n", "");
    let (out, json) = build_json(site.path(), "2026-11-29", &[]);
    assert_eq!(out.status.code(), Some(0), "{}\n{json:#}", text(&out));
    assert!(findings(&json, "consent/shared-without-consent").is_empty());
    // Without a column the export date is the file's own, which is today's.
    assert!(findings(&json, "consent/register-stale").is_empty(), "{json:#}");
}

#[test]
fn an_excel_register_for_a_prospectus_site_checks_the_prospectus_column() {
    let site = site("purposes");
    std::fs::copy(fixture("registers/purposes.xlsx"), site.path().join("private/purposes.xlsx")).unwrap();
    set_config(
        site.path(),
        "[register]\npath = \"private/purposes.xlsx\"\npurpose = \"prospectus\"\nexported = 2026-11-25\n",
    );
    let (out, json) = build_json(site.path(), "2026-11-29", &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    // Aisha has website consent but not prospectus consent; Grace (TRUE in
    // an Excel boolean cell... for social media; "Yes" for the prospectus) is fine.
    let got = messages(&json, "consent/photo-without-consent");
    assert_eq!(got.len(), 2, "Aisha on two photos: {got:#?}");
    assert!(got.iter().all(|m| m.contains("Aisha (Year 4)") && m.contains("photos in the prospectus")), "{got:#?}");
    // The newsletter share on the science page is checked against the
    // Excel "Photo consent - Newsletter" column: Aisha said yes.
    assert!(findings(&json, "consent/shared-without-consent").is_empty(), "{json:#}");

    // A prospectus site whose register has no prospectus column is refused
    // before anything is built, naming the setting and the columns.
    set_config(site.path(), "[register]\npath = \"private/register.csv\"\npurpose = \"prospectus\"\n");
    let out = build(site.path(), &["--no-faces"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("purpose = \"prospectus\"") && t.contains("\"Use in newsletters\""), "{t}");
}

#[test]
fn register_stale_from_its_date_exported_column() {
    // Exported 27/11/2026: 30 days later is still fresh, 31 is stale.
    let site = site("purposes");
    let (out, json) = build_json(site.path(), "2026-12-27", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(findings(&json, "consent/register-stale").is_empty(), "{json:#}");

    let (out, json) = build_json(site.path(), "2026-12-28", &[]);
    assert_eq!(out.status.code(), Some(0), "a warning does not stop the build: {}", text(&out));
    let got = findings(&json, "consent/register-stale");
    assert_eq!(got.len(), 1, "{json:#}");
    let m = got[0]["message"].as_str().unwrap();
    assert!(m.contains("exported on 27/11/2026") && m.contains("\"Date exported\" column"), "{m}");
    assert!(m.contains("31 days before 28/12/2026") && m.contains("limit is 30 days"), "{m}");
    let help = got[0]["help"].as_str().unwrap();
    assert!(help.contains("export it") && help.contains("register.csv"), "{help}");
    assert_eq!(got[0]["severity"], "warning");
    assert_eq!(got[0]["source"]["path"], "private/register.csv");

    // --deny warnings makes it stop the deploy; max_age_days moves the limit.
    let (out, _) = build_json(site.path(), "2026-12-28", &["--deny", "warnings"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    set_config(site.path(), "[register]\npath = \"private/register.csv\"\nmax_age_days = 60\n");
    let (_, json) = build_json(site.path(), "2026-12-28", &[]);
    assert!(findings(&json, "consent/register-stale").is_empty(), "{json:#}");
}

#[test]
fn register_stale_from_the_setting_when_the_excel_file_has_no_date_column() {
    let site = site("purposes");
    std::fs::copy(fixture("registers/purposes.xlsx"), site.path().join("private/purposes.xlsx")).unwrap();
    set_config(site.path(), "[register]\npath = \"private/purposes.xlsx\"\nexported = \"01/10/2026\"\n");
    let (out, json) = build_json(site.path(), "2026-11-29", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let got = findings(&json, "consent/register-stale");
    assert_eq!(got.len(), 1, "{json:#}");
    let m = got[0]["message"].as_str().unwrap();
    assert!(m.contains("exported on 01/10/2026") && m.contains("`exported` under [register]"), "{m}");
    assert!(got[0]["help"].as_str().unwrap().contains("change `exported`"), "{}", got[0]["help"]);
}

#[test]
fn register_stale_from_the_files_modified_time_and_a_column_beats_it() {
    let site = site("purposes");
    let register = site.path().join("private/register.csv");
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_788_264_000); // 2026-09-01 12:00 UTC
    // A column beats the file's time: still fresh on 29/11/2026.
    std::fs::File::options().write(true).open(&register).unwrap().set_modified(old).unwrap();
    let (_, json) = build_json(site.path(), "2026-11-29", &[]);
    assert!(findings(&json, "consent/register-stale").is_empty(), "{json:#}");

    // Without the column, the file's modified time is all there is.
    let text_now = std::fs::read_to_string(&register).unwrap();
    let without: String =
        text_now.lines().map(|l| l.rsplit_once(',').map_or(l, |(head, _)| head).to_string() + "\n").collect();
    std::fs::write(&register, without).unwrap();
    std::fs::File::options().write(true).open(&register).unwrap().set_modified(old).unwrap();
    let (out, json) = build_json(site.path(), "2026-11-29", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let got = messages(&json, "consent/register-stale");
    assert_eq!(got.len(), 1, "{json:#}");
    assert!(got[0].contains("exported on 01/09/2026") && got[0].contains("the file's modified time"), "{}", got[0]);
}

#[test]
fn audit_of_a_folder_reads_the_registers_date_too() {
    // `audit DIR --register` uses the same loader: a stale export warns there too.
    let site = site("purposes");
    let out = build(site.path(), &["--no-faces"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = schoolgate()
        .args(["audit", "--no-faces", "--today", "2027-02-01", "--register"])
        .arg(site.path().join("private/register.csv"))
        .arg(site.path().join("public"))
        .output()
        .unwrap();
    let t = text(&out);
    assert!(t.contains("consent/register-stale") && t.contains("27/11/2026"), "{t}");
}

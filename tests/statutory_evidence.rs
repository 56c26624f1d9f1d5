//! Statutory evidence on `schoolgate audit DIR` (issue #12): every present
//! item names the page or document a person would pick, and for each decoy
//! (a document that mentions an item's words but is something else) the
//! right document wins or the item is reported missing.
//!
//! The fixture `fixtures/sites/statutory-evidence/` is a CMS-style primary
//! school site written by `fixtures/sites/statutory-evidence.py`; its
//! profile is `fixtures/sites/statutory-evidence.toml`.

mod common;

use common::*;

const UP: &str = "/wp-content/uploads";

fn audit() -> Audited {
    let mut run = AuditRun::new("clean");
    run.site = fixture("sites/statutory-evidence");
    run.config = Some(fixture("sites/statutory-evidence.toml"));
    run.school_type = None;
    run.run()
}

/// The evidence chosen for an item: (url, rank, reason, date read).
fn evidence(r: &Audited, item: &str) -> Option<(String, u64, String, String)> {
    let all = r.json["evidence"].as_array()?;
    let e = all.iter().find(|e| e["item"] == item)?;
    let rank = match e["rank"].as_str()? {
        "page" => 1,
        "document" => 2,
        _ => 3,
    };
    Some((
        e["url"].as_str()?.to_string(),
        rank,
        e["reason"].as_str().unwrap_or("").to_string(),
        e["date"].as_str().unwrap_or("").to_string(),
    ))
}

fn missing(r: &Audited, item: &str) -> bool {
    r.of(&format!("dfe/{item}")).iter().any(|f| f.message.starts_with("Could not find"))
}

#[test]
fn the_right_evidence_wins_over_every_decoy() {
    let r = audit();
    assert!(r.json.is_object(), "no JSON report: {}", r.log);
    let ev = |item: &str| evidence(&r, item).unwrap_or_else(|| panic!("{item} not found: {:#?}", r.json["evidence"]));

    // KS2 results: the results page, not the job pack or the medicines policy.
    let (url, rank, _, date) = ev("ks2-results");
    assert_eq!((url.as_str(), rank), ("/key-information/ks2-results/", 1));
    assert_eq!(date, "2025-26");

    // Governance: the governors page, not the menopause policy or the minutes.
    assert_eq!(ev("governance-information").0, "/governors/");
    // Interests: the register on the governors page, not the minutes' "declarations of interest".
    let (url, rank, reason, _) = ev("governance-interests");
    assert_eq!((url.as_str(), rank), ("/governors/", 3), "{reason}");
    assert!(reason.contains("Register of business interests"), "{reason}");
    // Attendance is only in the minutes: missing.
    assert!(missing(&r, "governance-attendance"), "{:#?}", r.of("dfe/governance-attendance"));

    // SEN information report: the school's own, not the national code of practice.
    let (url, rank, _, _) = ev("sen-information-report");
    assert_eq!((url.as_str(), rank), (&*format!("{UP}/2025/09/SEN-Information-Report-2026-27.pdf"), 2));
    // The SENCO is named in it (the part read inside the chosen report).
    assert_eq!(ev("senco-contact").0, format!("{UP}/2025/09/SEN-Information-Report-2026-27.pdf"));

    // Ofsted: the link to the Ofsted site, never the old pupil premium leaflet.
    let (url, rank, _, _) = ev("ofsted-report");
    assert_eq!((url.as_str(), rank), ("https://reports.ofsted.gov.uk/provider/21/100001", 1));

    // Pupil premium: this year's statement, linked from the pupil premium
    // page, not last decade's leaflet linked from the same page.
    let (url, rank, _, date) = ev("pupil-premium-strategy");
    assert_eq!((url.as_str(), rank), (&*format!("{UP}/2026/11/Pupil-Premium-Strategy-Statement-2026-27.pdf"), 2));
    assert_eq!(date, "2026-27");

    // Mobile phones: the section of the behaviour policy, not the TikTok guide.
    let (url, rank, reason, _) = ev("mobile-phone-policy");
    assert_eq!((url.as_str(), rank), (&*format!("{UP}/2026/09/Behaviour-Policy-2026-27.pdf"), 3), "{reason}");

    // A combined policy: equality information and objectives inside the inclusion policy.
    for item in ["equality-information", "equality-objectives"] {
        let (url, rank, reason, _) = ev(item);
        assert_eq!((url.as_str(), rank), (&*format!("{UP}/2024/10/Inclusion-Policy.pdf"), 3), "{item}: {reason}");
    }
    assert_eq!(ev("equality-objectives").3, "2024 \u{2013} 2028");

    // PE and sport premium: a menu item pointing at the home page and an
    // orphaned report nothing links to are not evidence.
    assert!(missing(&r, "pe-sport-premium"), "{:#?}", evidence(&r, "pe-sport-premium"));
    // No decoy is ever cited as evidence.
    for decoy in [
        "Class-Teacher-Job-Pack-KS2.pdf",
        "Medicines-Policy.pdf",
        "Menopause-Policy.pdf",
        "SEND_Code_of_Practice",
        "FGB-Minutes",
        "Pupil-Premium-Strategy-2017-18.pdf",
        "Parents-Guide-TikTok.pdf",
        "accessibility-plan-2024-2027.pdf",
        "PE-Sport-Premium-Report-2025-26.pdf",
    ] {
        let cited: Vec<_> = r.json["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["url"].as_str().unwrap_or("").contains(decoy))
            .collect();
        assert!(cited.is_empty(), "{decoy} cited: {cited:#?}");
    }
}

#[test]
fn dates_are_read_from_the_chosen_evidence_only() {
    let r = audit();
    let stale = r.of("dfe/out-of-date");
    // The accessibility plan's period ended; the orphaned 2024 - 2027 draft does not rescue it.
    let plan: Vec<_> = stale.iter().filter(|f| f.message.starts_with("Accessibility plan")).collect();
    assert_eq!(plan.len(), 1, "{stale:#?}");
    assert_eq!(
        plan[0].message,
        format!(
            "Accessibility plan 2020 \u{2013} 2024 ({UP}/2020/09/accessibility-plan.pdf) ended in August 2024; a plan must cover the current period."
        )
    );
    // A review date in a table, in capitals, has passed.
    let safeguarding: Vec<_> =
        stale.iter().filter(|f| f.message.contains("Safeguarding-and-Child-Protection")).collect();
    assert_eq!(safeguarding.len(), 1, "{stale:#?}");
    assert!(safeguarding[0].message.contains("May 2022"), "{}", safeguarding[0].message);
    // The old leaflet's "Next review: July 2018" is nobody's date: it is not evidence.
    assert!(stale.iter().all(|f| !f.message.contains("2017-18") && !f.message.contains("July 2018")), "{stale:#?}");
    // One finding per document: nothing reported twice under two items.
    let mut about: Vec<_> = stale.iter().map(|f| f.asset.clone().or(f.page.clone())).collect();
    let n = about.len();
    about.sort();
    about.dedup();
    assert_eq!(about.len(), n, "{stale:#?}");
}

// ------------------------------------------------------- the statutory table

fn run() -> AuditRun {
    let mut run = AuditRun::new("clean");
    run.site = fixture("sites/statutory-evidence");
    run.config = Some(fixture("sites/statutory-evidence.toml"));
    run.school_type = None;
    run
}

/// The JSON `statutory` row for an item.
fn row<'a>(r: &'a Audited, id: &str) -> &'a serde_json::Value {
    let rows = r.json["statutory"].as_array().expect("a statutory array");
    rows.iter().find(|v| v["id"] == id).unwrap_or_else(|| panic!("no row for {id}: {rows:#?}"))
}

#[test]
fn json_has_one_verdict_per_applicable_item_with_its_evidence() {
    let r = audit();
    let rows = r.json["statutory"].as_array().expect("a statutory array");
    let mut ids: Vec<&str> = rows.iter().map(|v| v["id"].as_str().unwrap()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "one row per item");
    // A community primary: no careers programme, no trust accounts.
    assert!(!ids.contains(&"careers-programme") && !ids.contains(&"annual-report-accounts"), "{ids:?}");

    let ks2 = row(&r, "ks2-results");
    assert_eq!(ks2["verdict"], "found");
    assert_eq!(ks2["title"], "key stage 2 results");
    assert_eq!(ks2["url"], "/key-information/ks2-results/");
    assert_eq!(ks2["rank"], "page");
    assert_eq!(ks2["date_read"], "2025-26");
    assert_eq!(ks2["force"], "must be published");

    let plan = row(&r, "accessibility-plan");
    assert_eq!(plan["verdict"], "out-of-date");
    assert_eq!(plan["url"], format!("{UP}/2020/09/accessibility-plan.pdf"));
    assert!(plan["date_read"].as_str().unwrap().starts_with("2020 \u{2013} 2024"), "{plan:#?}");

    let pe = row(&r, "pe-sport-premium");
    assert_eq!(pe["verdict"], "missing");
    assert!(pe["url"].is_null() && pe["rank"].is_null(), "{pe:#?}");

    // Every verdict agrees with the findings: a missing row has its
    // "Could not find" finding, an out-of-date row its dfe/out-of-date one
    // on the same file, and a found row neither.
    for v in rows {
        let id = v["id"].as_str().unwrap();
        let at = v["url"].as_str();
        let stale = r.of("dfe/out-of-date").iter().any(|f| f.asset.as_deref().or(f.page.as_deref()) == at);
        match v["verdict"].as_str().unwrap() {
            "found" => assert!(!missing(&r, id) && !stale, "{id}"),
            "missing" => assert!(missing(&r, id), "{id}"),
            "out-of-date" => assert!(stale && !missing(&r, id), "{id}"),
            other => panic!("{id}: unexpected verdict {other}"),
        }
    }
}

#[test]
fn the_terminal_report_ends_with_the_statutory_table() {
    let (out, text) = run().run_format("terminal");
    assert_eq!(out.status.code(), Some(1), "{text}");
    let start = text.find("Statutory information (DfE): ").unwrap_or_else(|| panic!("no table:\n{text}"));
    let table = &text[start..];
    // After every finding, before the summary and the verdict line.
    assert!(!table.contains("How to fix:"), "findings after the table:\n{table}");
    assert!(table.contains("Summary, most urgent first"), "{table}");
    let found = table.find("\n  Found\n").expect("a Found group");
    let missing = table.find("\n  Missing\n").expect("a Missing group");
    let stale = table.find("\n  Out of date\n").expect("an Out of date group");
    assert!(found < missing && missing < stale, "{table}");
    let line = |needle: &str| {
        table
            .lines()
            .find(|l| l.trim_start().starts_with(needle))
            .unwrap_or_else(|| panic!("no {needle} row:\n{table}"))
    };
    let ks2 = line("Key stage 2 results");
    assert!(ks2.contains("/key-information/ks2-results/") && ks2.ends_with("· 2025-26"), "{ks2}");
    let pe = line("PE and sport premium report");
    assert!(pe.contains("not found (must be published)"), "{pe}");
    let plan = line("Accessibility plan");
    assert!(plan.contains("/2020/09/accessibility-plan.pdf") && plan.contains("2020 \u{2013} 2024"), "{plan}");
    // Each row is in its group: the PE report after "Missing", the plan after "Out of date".
    assert!(table.find(pe).unwrap() > missing && table.find(pe).unwrap() < stale);
    assert!(table.find(plan).unwrap() > stale);
    // The counts in the heading match the rows.
    let r = audit();
    let count = |v: &str| r.json["statutory"].as_array().unwrap().iter().filter(|x| x["verdict"] == v).count();
    let heading = format!(
        "Statutory information (DfE): {} found, {} missing, {} out of date",
        count("found"),
        count("missing"),
        count("out-of-date")
    );
    assert!(table.starts_with(&heading), "{heading}\n{table}");
}

#[test]
fn out_of_date_messages_are_grammatical_and_name_item_document_and_date() {
    let r = audit();
    let stale = r.of("dfe/out-of-date");
    assert!(!stale.is_empty());
    for f in &stale {
        assert!(!f.message.contains(" looks "), "{}", f.message);
        let at = f.asset.as_deref().or(f.page.as_deref()).unwrap();
        assert!(f.message.contains(at), "the message names the document: {}", f.message);
    }
    // A plural title reads as plural: no "opening hours names …".
    let safeguarding =
        stale.iter().find(|f| f.message.contains("Safeguarding-and-Child-Protection")).expect("safeguarding");
    assert!(
        safeguarding.message.starts_with("The next review date on the child protection and safeguarding policy"),
        "{}",
        safeguarding.message
    );
}

#[test]
fn the_private_report_opens_with_the_statutory_table() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("private-report.html");
    let out = run().arg("--report").arg(html.clone()).command().output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let page = std::fs::read_to_string(&html).unwrap();
    let table = page.find("<table class=\"statutory\">").expect("the statutory table");
    let first_finding = page.find("class=\"finding").expect("findings");
    assert!(table < first_finding, "the table comes before the findings");
    assert!(page[table..].contains("/key-information/ks2-results/"));
    assert!(page[table..].contains("<tbody class=\"out-of-date\">"));
}

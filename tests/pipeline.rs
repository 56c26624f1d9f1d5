//! One audit pipeline for every command (`audit::Session`): the same
//! locations, redaction and waivers whether the site is a folder, a live
//! site, or one school of a trust.
//!
//! Locations are always real (a finding nobody can find cannot be fixed;
//! the file is on the site already); messages never spell a pupil's surname.

mod common;

use std::path::Path;

use common::*;

/// Every surname on the audit fixtures' register.
const SURNAMES: &[&str] = &["patel", "khan", "o'neill", "oneill", "o’neill", "brown"];

/// `text` with the given real locations taken out, lower-cased: what is
/// left is what the report says in its own words.
fn without_locations(text: &str, locations: &[&str]) -> String {
    let mut rest = text.to_string();
    for l in locations {
        rest = rest.replace(l, "");
    }
    rest.to_lowercase()
}

fn audit_names(format: &str) -> String {
    let out = schoolgate()
        .args(["audit", "--today", "2026-11-29", "--school-type", "community", "--no-faces", "--format", format])
        .arg("--register")
        .arg(audit_fixture("lists/register.csv"))
        .arg(audit_fixture("names"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_format_shows_the_real_path_of_a_named_photo_and_no_message_spells_the_surname() {
    // Real locations that spell "Harry Patel": a photo and a page address.
    let real = ["gallery/HarryPatel_100m.jpg", "harry-patel-star-of-the-week"];
    for format in ["json", "sarif", "junit", "github", "terminal"] {
        let mut report = audit_names(format);
        assert!(report.contains(real[0]), "{format}: the photo's real path is shown:\n{report}");
        if format == "sarif" {
            // The rule catalogue's explanations use fictional examples; the
            // results are what this audit said.
            let mut v: serde_json::Value = serde_json::from_str(&report).unwrap();
            v["runs"][0]["tool"] = serde_json::Value::Null;
            report = v.to_string();
        }
        let rest = without_locations(&report, &real);
        for surname in SURNAMES {
            assert!(!rest.contains(surname), "{format}: a message spells {surname:?}:\n{report}");
        }
    }
}

#[test]
fn sarif_paths_are_relative_to_the_audited_folder() {
    let sarif: serde_json::Value = serde_json::from_str(&audit_names("sarif")).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    let absolute = audit_fixture("names").display().to_string();
    let mut with_source = 0;
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        let uri = loc["uri"].as_str().unwrap();
        assert!(!uri.contains(&absolute) && !uri.contains("/work/") && !uri.contains("/home/"), "{uri}");
        if loc["uriBaseId"] == "%SRCROOT%" {
            with_source += 1;
            assert!(!uri.starts_with('/'), "relative to the audited folder: {uri}");
        }
    }
    assert!(with_source > 0, "findings on HTML files name the file");
    // One concrete case: the page whose text names Harry.
    assert!(
        results.iter().any(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            == "news/sports-day-results/index.html"),
        "{results:#?}"
    );
}

/// A small live site: a page whose address spells a pupil's name, and a
/// link to a photo whose file name does and which is gone (404).
fn named_live_site(dir: &Path) -> String {
    let page = |title: &str, body: &str| {
        format!(
            "<!doctype html><html lang=\"en\"><head><title>{title}</title></head><body><main><h1>{title}</h1>{body}</main></body></html>"
        )
    };
    std::fs::create_dir_all(dir.join("news/harry-patel-star-of-the-week")).unwrap();
    std::fs::write(
        dir.join("index.html"),
        page(
            "Hollybrook",
            r#"<p><a href="/news/harry-patel-star-of-the-week/">Star of the week</a></p>
               <p><a href="/gallery/harry-patel-sports-day.pdf">Sports day certificate</a></p>"#,
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("news/harry-patel-star-of-the-week/index.html"),
        page("Star of the week", "<p>Well done to our star of the week.</p>"),
    )
    .unwrap();
    serve_folder(dir.to_path_buf())
}

#[test]
fn a_crawl_finding_about_a_named_address_is_treated_like_a_page_finding() {
    let dir = tempfile::tempdir().unwrap();
    let url = named_live_site(dir.path());
    let out = schoolgate()
        .args(["audit", "--today", "2026-11-29", "--no-faces", "--format", "json"])
        .arg("--register")
        .arg(audit_fixture("lists/register.csv"))
        .arg(&url)
        .output()
        .unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)));
    let findings = report["findings"].as_array().unwrap();
    let about = |needle: &str| -> Vec<&serde_json::Value> {
        findings
            .iter()
            .filter(|f| [&f["page"], &f["asset"]].iter().any(|v| v.as_str().is_some_and(|s| s.contains(needle))))
            .collect()
    };
    // The crawler's own finding (the missing document) and the checks'
    // finding (the page address) both keep their real location…
    let crawl = about("harry-patel-sports-day.pdf");
    assert!(crawl.iter().any(|f| f["rule"].as_str().unwrap().starts_with("crawl/")), "{findings:#?}");
    let page = about("/news/harry-patel-star-of-the-week/");
    assert!(page.iter().any(|f| f["rule"] == "names/full-name-in-url"), "{findings:#?}");
    // …and neither message spells the surname.
    for f in crawl.iter().chain(&page) {
        let message = f["message"].as_str().unwrap().to_lowercase();
        assert!(!message.contains("patel"), "{}: {message}", f["rule"]);
    }
}

#[test]
fn a_trust_audit_runs_the_school_pipeline_with_its_own_waivers_and_face_scan() {
    let dir = tempfile::tempdir().unwrap();
    let url = serve_folder(repo().join("fixtures/trust/birch-hill"));
    let register = repo().join("fixtures/trust/birch-hill-register.csv");
    let staff = fixture("registers/staff.csv");
    // The school's own config: its register, staff list and waivers.
    std::fs::create_dir_all(dir.path().join("birch")).unwrap();
    std::fs::write(
        dir.path().join("birch/schoolgate.toml"),
        format!(
            "[school]\nname = \"Birch Hill\"\n\n[register]\npath = {register:?}\n\n[staff]\npath = {staff:?}\n\n[audit]\nwaivers = \"waivers.toml\"\n"
        ),
    )
    .unwrap();
    // Learn what the school's audit finds without waivers, then waive one
    // ordinary (not safeguarding) finding exactly.
    let trust = dir.path().join("trust.toml");
    std::fs::write(
        &trust,
        format!("[crawl]\nretries = 0\n[[school]]\nname = \"Birch Hill\"\nurl = \"{url}\"\nconfig = \"birch/schoolgate.toml\"\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("birch/waivers.toml"), "").unwrap();
    let run = || {
        let out = schoolgate()
            .args(["audit", "--today", "2026-11-29", "--trust"])
            .arg(&trust)
            .arg("--output")
            .arg(dir.path().join("report"))
            .output()
            .unwrap();
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("report/trust-report.json")).unwrap()).unwrap();
        (text(&out), json["schools"][0].clone())
    };
    let (log, school) = run();
    assert!(log.contains("faces:") && log.contains("photos checked"), "the face scan ran:\n{log}");
    assert!(school["face_scan"].as_str().unwrap().contains("photos checked"), "{school:#}");
    let findings = school["findings"].as_array().unwrap();
    let target = findings
        .iter()
        .find(|f| f["rule"].as_str().unwrap().starts_with("alt-text/") && f["page"].is_string())
        .or_else(|| findings.iter().find(|f| f["rule"].as_str().unwrap().starts_with("dfe/")))
        .unwrap_or_else(|| panic!("an ordinary finding to waive: {findings:#?}"))
        .clone();
    let (rule, at) = (target["rule"].as_str().unwrap(), target["page"].as_str().unwrap_or("site"));
    std::fs::write(
        dir.path().join("birch/waivers.toml"),
        format!(
            "[[waiver]]\nrule = \"{rule}\"\ntarget = \"{at}\"\nreason = \"Agreed with the head\"\nexpires = 2027-03-31\nby = \"Mrs Amelia Jones\"\n"
        ),
    )
    .unwrap();
    let (log, school) = run();
    assert_eq!(school["waived"], 1, "the school's waiver was honoured:\n{log}\n{school:#}");
    let still = school["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule && f["page"] == target["page"])
        .count();
    assert_eq!(still, 0, "{school:#}");
}

/// The basic site with its own copy of the site template, as `init` gives
/// a school: the page templates and, unless `sitemap_and_feed` is false,
/// the sitemap and feed templates too (a copy made before they existed).
fn site_with_own_templates(sitemap_and_feed: bool) -> tempfile::TempDir {
    let site = site("basic");
    common::copy_dir(&repo().join("site-template"), &site.path().join("site-template"));
    if !sitemap_and_feed {
        for name in ["sitemap.xml", "atom.xml"] {
            std::fs::remove_file(site.path().join("site-template/templates").join(name)).unwrap();
        }
    }
    // A title an XML template must escape.
    edit(
        &site.path().join("content/news/2026-07-10-sports-day/index.md"),
        "\"Sports day\"",
        "\"Sports day: Fish & <Chips>\"",
    );
    site
}

#[test]
fn a_schools_own_sitemap_and_feed_templates_are_used_and_escape_for_xml() {
    let site = site_with_own_templates(true);
    let templates = site.path().join("site-template/templates");
    edit(&templates.join("sitemap.xml"), "<urlset", "<!-- Elm Tree's own sitemap -->\n<urlset");
    edit(
        &templates.join("atom.xml"),
        "  <updated>",
        "  <subtitle>News from {{ config.school.name }}</subtitle>\n  <updated>",
    );
    let out = build(site.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let public = site.path().join("public");
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<!-- Elm Tree's own sitemap -->"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://www.elmtree.example.sch.uk/news/sports-day/</loc>"), "{sitemap}");
    let feed = std::fs::read_to_string(public.join("news/atom.xml")).unwrap();
    assert!(feed.contains("<subtitle>News from Elm Tree Primary School</subtitle>"), "{feed}");
    // The title is text in the XML, not markup, and the file parses.
    assert!(feed.contains("<title>Sports day: Fish &amp; &lt;Chips&gt;</title>"), "{feed}");
    let doc = roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("{e}:\n{feed}"));
    assert!(doc.descendants().any(|n| n.has_tag_name("title") && n.text() == Some("Sports day: Fish & <Chips>")));
    roxmltree::Document::parse(&sitemap).unwrap_or_else(|e| panic!("{e}:\n{sitemap}"));
}

#[test]
fn a_school_template_folder_without_sitemap_or_feed_templates_still_gets_both() {
    let site = site_with_own_templates(false);
    let out = build(site.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let public = site.path().join("public");
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.starts_with("<?xml") && sitemap.contains("/news/sports-day/</loc>"), "{sitemap}");
    let feed = std::fs::read_to_string(public.join("news/atom.xml")).unwrap();
    assert!(feed.contains("<title>Sports day: Fish &amp; &lt;Chips&gt;</title>"), "{feed}");
}

#[test]
fn a_pupils_name_cannot_inject_markup_into_the_private_report() {
    let site = site("basic");
    // A register row whose names carry markup (a hand-edited export), and a
    // photo declared as showing that pupil, who has no photo consent.
    let register = site.path().join("private/register.csv");
    let mut rows = std::fs::read_to_string(&register).unwrap();
    rows.push_str("ET009,Ruby<script>alert(1)</script>,,Stone<img src=x onerror=alert(2)>,Year 4,No,No\n");
    std::fs::write(&register, rows).unwrap();
    edit(&site.path().join("content/news/2026-07-10-sports-day/index.md"), "no_pupils=false", "people=\"ET009\"");
    let reports = tempfile::tempdir().unwrap();
    let report = reports.path().join("report.html");
    let out = build(site.path(), &["--report", report.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "the photo has no consent:\n{}", text(&out));
    let html = std::fs::read_to_string(&report).unwrap();
    // The full name is shown (the report is private), as text.
    assert!(
        html.contains("Ruby&lt;script&gt;alert(1)&lt;/script&gt; Stone&lt;img src=x onerror=alert(2)&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script") && !html.contains("<img src=x"), "{html}");
    assert!(!site.path().join("public").exists(), "nothing published");
}

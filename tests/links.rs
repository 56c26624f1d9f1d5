//! The `links/*` rules on a WordPress-style export (`fixtures/sites/audit/links`):
//! pictures that do not exist, files nothing links to, links to preview and
//! staging copies. Each rule has the violation and the decoys a real site has.

mod common;

use common::*;

fn links_findings(r: &Audited) -> Vec<(&str, String)> {
    r.findings.iter().filter(|f| f.rule.starts_with("links/")).map(|f| (f.rule.as_str(), f.message.clone())).collect()
}

#[test]
fn a_wordpress_export_gets_one_finding_per_real_problem_and_none_for_its_decoys() {
    let r = AuditRun::new("links").without_deny().run();
    let found = links_findings(&r);
    let of = |rule: &str| found.iter().filter(|(r, _)| *r == rule).map(|(_, m)| m.as_str()).collect::<Vec<_>>();

    // A srcset size the CMS deleted; the 800px copy that exists is fine.
    let broken = of("links/broken-image");
    assert_eq!(broken.len(), 1, "{found:#?}");
    assert!(broken[0].starts_with("/wp-content/uploads/2024/05/sports-day-1600x1066.jpg"), "{broken:?}");

    // The superseded policy and the tagged class photo nobody links to.
    let unlinked = of("links/unlinked-file");
    assert_eq!(unlinked.len(), 2, "{found:#?}");
    assert!(unlinked.iter().any(|m| m.contains("Behaviour-Policy-2019.pdf")), "{unlinked:?}");
    let photo = unlinked.iter().find(|m| m.contains("class-trip.jpg")).expect("the tagged photo");
    assert!(photo.contains("tagged with people") && photo.contains("delete it now"), "{photo}");
    // Decoys: the original and thumbnail of a shown upload (one media item),
    // a picture used only by the style sheet, a file linked only from a PDF,
    // the theme's own pictures, the site icon.
    for decoy in [
        "sports-day.jpg",
        "sports-day-150x150.jpg",
        "new-hall-opening.jpg",
        "Appeals-Timetable-2025.pdf",
        "hero-bg.jpg",
        "favicon.png",
    ] {
        assert!(!found.iter().any(|(_, m)| m.contains(decoy)), "{decoy} reported: {found:#?}");
    }

    // Preview host, the office's own machine and the staging. copy of the
    // school's own domain (learnt from its absolute menu links).
    let staging = of("links/staging-host");
    assert_eq!(staging.len(), 3, "{found:#?}");
    for host in ["oak-lane-primary.netlify.app", "localhost", "staging.oaklane.sch.uk"] {
        assert!(staging.iter().any(|m| m.contains(host)), "{host}: {staging:?}");
    }
    // Decoys: the live site with www., GOV.UK, a council whose name starts with "test".
    for decoy in ["www.oaklane.sch.uk", "gov.uk", "testvalley"] {
        assert!(!staging.iter().any(|m| m.contains(&format!("links to {decoy}"))), "{decoy}: {staging:?}");
    }
    assert!(!found.iter().any(|(r, _)| *r == "links/broken-internal"), "{found:#?}");
}

#[test]
fn extra_staging_hosts_come_from_schoolgate_toml() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&audit_fixture("links"), dir.path());
    edit(
        &dir.path().join("about/index.html"),
        "</main>",
        "<p><a href=\"https://oak.oldcms.example/about\">Old site</a></p></main>",
    );
    let config = dir.path().join("schoolgate.toml");
    std::fs::write(&config, "[audit]\nstaging_hosts = [\"*.oldcms.example\"]\n").unwrap();
    let mut run = AuditRun::new("links").without_deny();
    run.site = dir.path().to_path_buf();
    run.config = Some(config);
    let r = run.run();
    let found = links_findings(&r);
    assert!(
        found.iter().any(|(rule, m)| *rule == "links/staging-host" && m.contains("oak.oldcms.example")),
        "{found:#?}"
    );
}

/// The same export served over HTTP: the crawler only fetches what pages
/// link to, so nothing is called unlinked that the crawl never saw, and the
/// missing srcset size is reported exactly once (by the crawler, which
/// asked for it and got "not found"), never twice.
#[test]
fn a_live_audit_of_the_export_reports_the_missing_picture_once_and_the_staging_links() {
    let url = serve_folder(audit_fixture("links"));
    let out = schoolgate()
        .args(["audit", "--no-faces", "--format", "json", "--today", "2026-12-07", &url])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", text(&out)));
    let findings: Vec<(String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f.to_string()))
        .collect();
    let missing: Vec<_> = findings.iter().filter(|(_, f)| f.contains("sports-day-1600x1066.jpg")).collect();
    assert_eq!(missing.len(), 1, "{findings:#?}");
    assert!(matches!(missing[0].0.as_str(), "crawl/http-error" | "links/broken-image"), "{missing:#?}");
    // The icon, fetched like any picture, is not broken.
    assert!(!findings.iter().any(|(_, f)| f.contains("favicon.png")), "{findings:#?}");
    // The home page's two (the about page is only linked through the
    // production host, so a crawl of this copy does not reach it).
    let staging: Vec<_> = findings.iter().filter(|(r, _)| r == "links/staging-host").collect();
    assert_eq!(staging.len(), 2, "{staging:#?}");
    assert!(!findings.iter().any(|(r, _)| r == "links/unlinked-file"), "{findings:#?}");
}

/// In Schoolgate's own build, a file dropped into a page bundle that no
/// page shows is reported; the photos the pages show are not.
#[test]
fn a_build_reports_a_bundle_file_no_page_uses() {
    let site = site("basic");
    let bundle = site.path().join("content/news/2026-07-10-sports-day");
    std::fs::copy(fixture("images/clean.jpg"), bundle.join("spare-shot.jpg")).unwrap();
    let out = build(site.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let unlinked: Vec<&serde_json::Value> =
        json["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "links/unlinked-file").collect();
    assert_eq!(unlinked.len(), 1, "{unlinked:#?}");
    assert!(unlinked[0]["asset"].as_str().unwrap().ends_with("/spare-shot.jpg"), "{unlinked:#?}");
}

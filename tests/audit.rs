//! `schoolgate audit DIR` on folders of HTML exported from other CMSs
//! (`fixtures/sites/audit/`): the real binary, every rule family, each with
//! the problem it must report and the decoy it must leave alone.
//!
//! The fixture register (`fixtures/sites/audit/lists/register.csv`) is current
//! on the tests' date: Aisha Khan has photo and name consent, Harry Patel
//! neither, Zoë O'Neill photo consent only; Jordan Smith is on no list.

mod common;

use common::*;

/// The ten ways photo tools name people, one tiny photo each for Harry and
/// for Aisha in `consent/gallery/` (see `fixtures/sites/audit/photos.toml`).
const MECHANISMS_IN_FILE: &[&str] =
    &["person-in-image", "mwg-region", "ms-region", "dc-subject", "hierarchical", "digikam", "iptc", "xp-keywords"];
const MECHANISMS_SIDECAR: &[&str] = &["sidecar-ext", "sidecar-replace"];

fn rules_of(found: &[&JsonFinding]) -> Vec<String> {
    let mut r: Vec<String> = found.iter().map(|f| f.rule.clone()).collect();
    r.sort();
    r
}

// ---------------------------------------------------------------- consent

#[test]
fn every_people_tag_mechanism_in_the_file_finds_a_pupil_without_photo_consent() {
    let r = AuditRun::new("consent").run();
    assert_eq!(r.code, Some(1), "{}", r.log);
    r.assert_private();
    for m in MECHANISMS_IN_FILE {
        let harry = format!("/gallery/harry-{m}.jpg");
        let found: Vec<_> =
            r.of("consent/photo-without-consent").into_iter().filter(|f| f.asset.as_deref() == Some(&harry)).collect();
        assert_eq!(found.len(), 1, "{m}: expected one consent error for {harry}: {:#?}", r.about_asset(&harry));
        let f = found[0];
        assert_eq!(f.severity, "error");
        assert_eq!(f.page.as_deref(), Some("/gallery/"), "{m}: located on the page that shows it");
        assert_eq!(f.source.as_deref(), Some("gallery/index.html"), "{m}: relative to the audited folder");
        assert!(
            f.message.contains("Harry (Year 4)") && f.message.contains("no consent for website photos"),
            "{}",
            f.message
        );
        assert!(f.message.contains("shown on /gallery/"), "{}", f.message);

        let aisha = format!("/gallery/aisha-{m}.jpg");
        let consent: Vec<_> = r.about_asset(&aisha).into_iter().filter(|f| f.rule.starts_with("consent/")).collect();
        assert!(consent.is_empty(), "{m}: Aisha has photo consent: {consent:#?}");
    }
}

#[test]
fn people_tags_in_sidecar_files_of_an_exported_folder_are_checked() {
    let r = AuditRun::new("consent").run();
    for m in MECHANISMS_SIDECAR {
        let harry = format!("/gallery/harry-{m}.jpg");
        assert_eq!(
            rules_of(&r.about_asset(&harry)).iter().filter(|x| *x == "consent/photo-without-consent").count(),
            1,
            "{m}: the sidecar tags Harry: {:#?}",
            r.about_asset(&harry)
        );
        let aisha = format!("/gallery/aisha-{m}.jpg");
        assert!(r.about_asset(&aisha).iter().all(|f| !f.rule.starts_with("consent/")), "{m}");
    }
}

#[test]
fn a_person_on_no_list_is_an_unknown_tag_warning_with_initials_only() {
    let r = AuditRun::new("consent").run();
    let unknown = r.of("consent/unknown-person-tag");
    assert_eq!(unknown.len(), 1, "{unknown:#?}");
    let f = unknown[0];
    assert_eq!((f.severity.as_str(), f.asset.as_deref()), ("warning", Some("/gallery/visitor.jpg")));
    assert!(f.message.contains("initials J.S."), "{}", f.message);
    assert!(!f.message.contains("Jordan") && !f.message.contains("Smith"), "{}", f.message);
    // A plain keyword ("Sports day") is not a person.
    assert!(r.about_asset("/gallery/school-field.jpg").iter().all(|f| !f.rule.starts_with("consent/")));
}

#[test]
fn without_a_register_consent_is_not_judged_and_the_report_says_so() {
    let r = AuditRun::new("consent").register(None).run();
    // No photo is blamed for consent nobody can check, but the report says
    // once, for the whole site, that consent was not checked: a clean
    // report must not read as "consent is fine".
    let consent: Vec<_> =
        r.family("consent/").into_iter().map(|f| (f.rule.as_str(), f.page.clone(), f.asset.clone())).collect();
    assert_eq!(consent, [("consent/no-register", None, None)], "{consent:#?}");
    assert!(r.of("consent/no-register")[0].message.contains("NOT checked against consent"));
    // The tags are still personal data left in published files: the five
    // people fields for Harry and Aisha, and the visitor (plain keywords
    // such as dc:subject are not people fields).
    assert_eq!(r.of("image-metadata/people-tags").len(), 11, "{:#?}", r.of("image-metadata/people-tags"));
}

#[test]
fn consent_that_has_expired_counts_as_no_consent() {
    // The original SIMS export's review date is 31/07/2026: on 29/11/2026
    // Aisha's consent has lapsed.
    let r = AuditRun::new("consent").register(Some(fixture("registers/sims-export.csv"))).run();
    r.assert_private();
    let aisha = r
        .of("consent/photo-without-consent")
        .into_iter()
        .find(|f| f.asset.as_deref() == Some("/gallery/aisha-iptc.jpg"));
    let aisha = aisha.expect("expired consent is reported");
    assert!(
        aisha.message.contains("Aisha (Year 3)") && aisha.message.contains("expired on 31/07/2026"),
        "{}",
        aisha.message
    );
    // …and on a date before the review date she may be shown.
    let earlier =
        AuditRun::new("consent").register(Some(fixture("registers/sims-export.csv"))).today("2026-07-01").run();
    assert!(earlier.about_asset("/gallery/aisha-iptc.jpg").iter().all(|f| !f.rule.starts_with("consent/")));
}

#[test]
fn png_webp_and_unlinked_photos_are_checked_too() {
    let r = AuditRun::new("consent-formats").run();
    r.assert_private();
    // Zoë has photo consent (PNG iTXt XMP, and MWG regions with an unnamed face).
    for ok in ["/art/painting-workshop.png", "/art/art-club.jpg"] {
        assert!(r.about_asset(ok).iter().all(|f| !f.rule.starts_with("consent/")), "{ok}: {:#?}", r.about_asset(ok));
        assert!(r.about_asset(ok).iter().any(|f| f.rule == "image-metadata/people-tags"), "{ok}");
    }
    let webp = r.about_asset("/art/garden-visit.webp");
    assert!(webp.iter().any(|f| f.rule == "consent/unknown-person-tag" && f.severity == "warning"), "{webp:#?}");
    // Harry's photo is on no page, but it is published and can be found.
    let unlinked = r.of("consent/photo-without-consent");
    assert_eq!(unlinked.len(), 1, "{unlinked:#?}");
    assert_eq!((unlinked[0].asset.as_deref(), unlinked[0].page.as_deref()), (Some("/art/assembly.jpg"), None));
    assert!(unlinked[0].message.contains("No page shows it"), "{}", unlinked[0].message);
}

// ---------------------------------------------------------------- names

#[test]
fn full_names_are_found_in_every_place_on_a_page() {
    let r = AuditRun::new("names").run();
    assert_eq!(r.code, Some(1), "{}", r.log);
    r.assert_private_in("names/");
    for (page, place) in [
        ("/news/sports-day-results/", "in the page text"), // <b>Harry</b> Patel
        ("/news/title/", "in the page title"),
        ("/news/alt/", "in an image's alt text"),
        ("/news/caption/", "a caption"),
        ("/news/link-text/", "in the page text"), // link text is page text
    ] {
        let found: Vec<_> = r.on_page(page).into_iter().filter(|f| f.rule == "names/full-name-on-page").collect();
        assert_eq!(found.len(), 1, "{page}: {:#?}", r.on_page(page));
        let f = found[0];
        assert_eq!(f.severity, "error");
        assert!(f.message.contains("Harry (Year 4)") && f.message.contains(place), "{page}: {}", f.message);
        assert_eq!(
            f.source.as_deref(),
            Some(format!("{}index.html", &page[1..])).as_deref(),
            "relative to the audited folder"
        );
    }
}

#[test]
fn full_names_in_addresses_file_names_metadata_and_pdfs() {
    let r = AuditRun::new("names").run();
    r.assert_private_in("names/");
    r.assert_private_in("image-metadata/");
    // An address that spells a pupil's name is shown as it is in the
    // location (it is on the site already, and a finding nobody can find
    // cannot be fixed); the message never spells the surname.
    let url = r.on_page("/news/harry-patel-star-of-the-week/");
    let url: Vec<_> = url.iter().filter(|f| f.rule == "names/full-name-in-url").collect();
    assert_eq!(url.len(), 1, "{url:#?}");
    assert!(url[0].message.contains("page address") && url[0].message.contains("/news/…/"), "{}", url[0].message);

    let file = r.of("names/full-name-in-file-name");
    assert_eq!(file.len(), 1, "{file:#?}");
    assert_eq!((file[0].asset.as_deref(), file[0].severity.as_str()), (Some("/gallery/HarryPatel_100m.jpg"), "error"));

    let meta = r.of("names/full-name-in-image-metadata");
    assert_eq!(meta.len(), 1, "{meta:#?}");
    assert_eq!(meta[0].asset.as_deref(), Some("/gallery/certificate-assembly.jpg"));
    assert!(meta[0].message.contains("caption or description"), "{}", meta[0].message);
    let in_text = r.of("image-metadata/names-in-text");
    assert!(
        !in_text.is_empty() && in_text.iter().all(|f| f.asset.as_deref() == Some("/gallery/certificate-assembly.jpg"))
    );

    let pdf = r.of("names/full-name-in-document");
    assert_eq!(pdf.len(), 1, "{pdf:#?}");
    assert_eq!(pdf[0].asset.as_deref(), Some("/letters/newsletter-autumn.pdf"));
    assert!(pdf[0].message.contains("Harry (Year 4)") && pdf[0].message.contains("document"), "{}", pdf[0].message);
}

#[test]
fn first_names_titled_adults_and_consented_names_are_not_errors() {
    let r = AuditRun::new("names").run();
    // "Harry read…", "Mrs Amelia Jones", "Mr Harry Patel from the library
    // service" and Aisha (name consent) are all on this page.
    let decoys = r.on_page("/news/decoys/");
    let names: Vec<_> = decoys.iter().filter(|f| f.rule.starts_with("names/")).collect();
    assert_eq!(names.len(), 1, "{names:#?}");
    assert_eq!((names[0].rule.as_str(), names[0].severity.as_str()), ("names/name-with-consent", "info"));
    assert!(names[0].message.contains("Aisha (Year 3)"), "{}", names[0].message);
    // The home page mentions nobody.
    assert!(r.on_page("/").iter().all(|f| !f.rule.starts_with("names/")), "{:#?}", r.on_page("/"));
}

#[test]
fn no_message_in_the_names_fixture_contains_a_surname() {
    let r = AuditRun::new("names").run();
    r.assert_private();
}

#[test]
fn accents_curly_apostrophes_and_mailto_links_still_match() {
    // "Zoë O’Neill" in the text (curly apostrophe) and `mailto:zoe.oneill…`.
    let r = AuditRun::new("names").run();
    r.assert_private_in("names/");
    let mut rules: Vec<_> = r.on_page("/news/zoe/").iter().map(|f| (f.rule.clone(), f.severity.clone())).collect();
    rules.sort();
    assert_eq!(
        rules,
        [
            ("names/full-name-in-url".to_string(), "error".to_string()),
            ("names/full-name-on-page".to_string(), "error".to_string())
        ],
        "Zoë has photo consent but not name consent"
    );
    let link = r.on_page("/news/zoe/").into_iter().find(|f| f.rule == "names/full-name-in-url").unwrap();
    assert!(link.message.contains("Zoë (Year 5) is in a link address"), "{}", link.message);
}

// ---------------------------------------------------------------- alt text

#[test]
fn alt_text_problems_and_decoys() {
    let r = AuditRun::new("alt-text").run();
    assert_eq!(r.code, Some(1), "{}", r.log);
    let alt = r.family("alt-text/");
    let expected = [
        ("alt-text/missing", "error", "/uploads/banner-missing.jpg"),
        ("alt-text/whitespace", "error", "/uploads/whitespace.jpg"),
        ("alt-text/empty-link-image", "error", "/uploads/ofsted-logo.png"),
        ("alt-text/placeholder", "warning", "/uploads/placeholder.jpg"),
        ("alt-text/file-name", "warning", "/uploads/DSC_0042.jpg"),
        ("alt-text/too-long", "warning", "/uploads/too-long.jpg"),
        ("alt-text/repeats-text", "warning", "/uploads/repeat.jpg"),
    ];
    for (rule, severity, src) in expected {
        let f = alt.iter().find(|f| f.rule == rule).unwrap_or_else(|| panic!("{rule} missing: {alt:#?}"));
        assert_eq!(f.severity, severity, "{rule}");
        assert!(f.message.contains(src), "{rule}: {}", f.message);
        assert_eq!(f.page.as_deref(), Some("/"), "{rule}");
        assert_eq!(f.source.as_deref(), Some("index.html"), "{rule}: relative to the audited folder");
    }
    assert_eq!(alt.len(), expected.len(), "one finding per problem: {alt:#?}");
    // Decorative alt="" outside a link, and good alt text, are fine.
    for decoy in ["border-flourish.png", "pond-planting.jpg"] {
        assert!(alt.iter().all(|f| !f.message.contains(decoy)), "{decoy}: {alt:#?}");
    }
    assert!(r.of("alt-text/repeats-text")[0].message.contains("caption"));
}

// ---------------------------------------------------------------- file names

#[test]
fn camera_default_names_warn_and_style_is_info() {
    let r = AuditRun::new("file-names").run();
    let camera = r.of("file-names/camera-default");
    let mut cam_assets: Vec<_> = camera.iter().map(|f| f.asset.clone().unwrap()).collect();
    cam_assets.sort();
    assert_eq!(cam_assets, ["/media/IMG_1234.JPG", "/media/WhatsApp Image 2026-06-12 at 10.15.32.jpeg"]);
    assert!(camera.iter().all(|f| f.severity == "warning"));
    assert!(camera.iter().any(|f| f.message.contains("WhatsApp")), "{camera:#?}");

    let style = r.of("file-names/style");
    let relay = style.iter().find(|f| f.asset.as_deref() == Some("/media/Sports Day Relay.jpg")).expect("spaces");
    assert_eq!(relay.severity, "info");
    assert!(relay.message.contains("spaces and capital letters"), "{}", relay.message);
    assert!(relay.help.contains("sports-day-relay.jpg"), "suggests a name: {}", relay.help);
    assert!(style.iter().any(|f| f.asset.as_deref() == Some("/media/IMG_1234.JPG")));
    // The decoy: a well-named file.
    assert!(
        r.about_asset("/media/sports-day-relay.jpg").is_empty(),
        "{:#?}",
        r.about_asset("/media/sports-day-relay.jpg")
    );
}

// ---------------------------------------------------------------- contact

#[test]
fn personal_mobiles_and_emails_on_pages_and_in_pdfs() {
    let r = AuditRun::new("contact").config("contact.toml").run();
    r.assert_private();
    let mobile = r.of("contact/personal-mobile");
    assert_eq!(mobile.len(), 2, "the school's own mobile is allowed: {mobile:#?}");
    assert!(mobile.iter().all(|f| f.page.as_deref() == Some("/") && f.severity == "warning"), "{mobile:#?}");
    // Shown as published (not masked), so the school can search for it.
    assert!(mobile.iter().any(|f| f.message.contains("(07700 900123)")), "{mobile:#?}");
    // Only in a `tel:` link, written +44 with encoded spaces.
    assert!(mobile.iter().any(|f| f.message.contains("(+44 7700 900789)")), "tel: link: {mobile:#?}");

    let email = r.of("contact/personal-email");
    assert_eq!(email.len(), 2, "the PTA's address is allowed: {email:#?}");
    let on_page = email.iter().find(|f| f.page.as_deref() == Some("/")).expect("on the page");
    assert!(
        on_page.message.contains("d***@gmail.com") && !on_page.message.contains("dave.coach"),
        "{}",
        on_page.message
    );
    let in_pdf =
        email.iter().find(|f| f.asset.as_deref() == Some("/documents/football-club-letter.pdf")).expect("in the PDF");
    assert!(in_pdf.message.contains("c***@gmail.com") && in_pdf.message.contains("document"), "{}", in_pdf.message);
}

#[test]
fn without_the_schools_contact_settings_its_own_mobile_is_reported_too() {
    // Proves the decoy above is real: only the config makes it allowed.
    let r = AuditRun::new("contact").run();
    assert_eq!(r.of("contact/personal-mobile").len(), 3, "{:#?}", r.of("contact/personal-mobile"));
    assert_eq!(r.of("contact/personal-email").len(), 3, "{:#?}", r.of("contact/personal-email"));
}

// ---------------------------------------------------------------- image metadata

#[test]
fn gps_and_people_tags_left_in_published_photos() {
    let r = AuditRun::new("image-metadata").run();
    r.assert_private();
    let gps: Vec<_> = r.of("image-metadata/gps").iter().map(|f| f.asset.clone().unwrap()).collect();
    assert_eq!(gps, ["/photos/front-entrance.jpg", "/photos/relay-race.jpg"]);
    assert!(r.of("image-metadata/gps").iter().all(|f| f.severity == "error"));
    let people = r.of("image-metadata/people-tags");
    assert_eq!(people.len(), 1, "{people:#?}");
    assert_eq!(people[0].asset.as_deref(), Some("/photos/relay-race.jpg"));
    assert!(
        people[0].message.contains("people tags") && people[0].message.contains("face region"),
        "{}",
        people[0].message
    );
    let serial = r.of("image-metadata/camera-details");
    assert!(serial.iter().any(|f| f.asset.as_deref() == Some("/photos/front-entrance.jpg")), "{serial:#?}");
    // The clean photo has nothing to report at all.
    assert!(r.about_asset("/photos/new-hall.jpg").is_empty(), "{:#?}", r.about_asset("/photos/new-hall.jpg"));
}

// ---------------------------------------------------------------- statutory

#[test]
fn a_maintained_school_missing_its_pupil_premium_page_fails() {
    let r = AuditRun::new("statutory-missing").config("maintained.toml").today("2026-12-20").run();
    assert_eq!(r.code, Some(1));
    let pp = r.of("dfe/pupil-premium-strategy");
    assert_eq!(pp.len(), 1, "{pp:#?}");
    assert_eq!(pp[0].severity, "error");
    assert!(pp[0].message.contains("maintained schools must"), "{}", pp[0].message);
    assert_eq!((pp[0].page.as_deref(), pp[0].asset.as_deref()), (None, None), "a whole-site finding");
    assert_eq!(r.of("dfe/sen-information-report").len(), 1);
}

#[test]
fn an_academy_missing_its_pupil_premium_page_fails_too() {
    let r = AuditRun::new("statutory-missing")
        .config("maintained.toml")
        .school_type(Some("academy"))
        .today("2026-12-20")
        .run();
    let pp = r.of("dfe/pupil-premium-strategy");
    assert_eq!(pp.len(), 1, "{pp:#?}");
    assert!(pp[0].severity == "error" && pp[0].message.contains("academies must"), "{}", pp[0].message);
}

#[test]
fn pupil_premium_is_required_from_flags_alone() {
    let r = AuditRun::new("statutory-missing").today("2026-12-20").run();
    assert_eq!(r.of("dfe/pupil-premium-strategy").len(), 1, "{:#?}", r.family("dfe/"));
}

#[test]
fn local_offer_counts_as_the_sen_report_and_a_current_pupil_premium_page_passes() {
    let r = AuditRun::new("statutory").config("maintained.toml").today("2026-12-20").run();
    assert!(r.of("dfe/sen-information-report").is_empty(), "\"Our Local Offer\" is the SEN report");
    assert!(r.of("dfe/pupil-premium-strategy").is_empty(), "{:#?}", r.of("dfe/pupil-premium-strategy"));
    assert!(
        r.of("dfe/out-of-date").is_empty(),
        "2025-26 is fine until 31 December 2026: {:#?}",
        r.of("dfe/out-of-date")
    );
}

#[test]
fn pupil_premium_statement_goes_stale_after_31_december() {
    let r = AuditRun::new("statutory").config("maintained.toml").today("2027-01-05").run();
    let stale = r.of("dfe/out-of-date");
    assert_eq!(stale.len(), 1, "{stale:#?}");
    let f = stale[0];
    assert_eq!((f.severity.as_str(), f.page.as_deref()), ("error", Some("/pupil-premium/")));
    assert!(
        f.message.contains("pupil premium") && f.message.contains("2025-26") && f.message.contains("2026-27"),
        "{}",
        f.message
    );
    assert!(r.of("dfe/pupil-premium-strategy").is_empty(), "present, just old");
}

#[test]
fn this_years_pupil_premium_statement_is_current_in_january() {
    let site = tempfile::tempdir().unwrap();
    copy_dir(&audit_fixture("statutory"), site.path());
    edit(&site.path().join("pupil-premium/index.html"), "statement 2025-26", "statement 2026/2027");
    let mut run = AuditRun::new("statutory").config("maintained.toml").today("2027-01-05");
    run.site = site.path().to_path_buf();
    let r = run.run();
    assert!(r.of("dfe/out-of-date").is_empty(), "{:#?}", r.of("dfe/out-of-date"));
    assert!(r.of("dfe/pupil-premium-strategy").is_empty());
}

// ---------------------------------------------------------------- waivers

#[test]
fn waivers_hide_a_finding_until_they_expire_and_unused_ones_are_listed() {
    let r = AuditRun::new("alt-text").config("waivers.toml").run();
    assert!(r.of("alt-text/missing").is_empty(), "waived: {:#?}", r.of("alt-text/missing"));
    assert_eq!(r.json["summary"]["waived"], 1);
    assert_eq!(r.of("alt-text/placeholder").len(), 1, "an expired waiver hides nothing");
    let expired = r.of("waivers/expired");
    assert_eq!(expired.len(), 1, "{expired:#?}");
    assert_eq!(expired[0].severity, "warning");
    assert!(
        expired[0].message.contains("alt-text/placeholder") && expired[0].message.contains("31 July 2026"),
        "{}",
        expired[0].message
    );
    assert_eq!(
        (expired[0].source.as_deref(), expired[0].line),
        (Some("fixtures/sites/audit/configs/waivers-list.toml"), Some(10)),
        "outside the audited folder: relative to the current folder"
    );
    let unused = r.of("waivers/unused");
    assert_eq!(unused.len(), 1, "{unused:#?}");
    assert_eq!((unused[0].severity.as_str(), unused[0].line), ("info", Some(18)));
    assert!(unused[0].message.contains("contact/*"), "{}", unused[0].message);
}

// ---------------------------------------------------------------- exit codes and input errors

#[test]
fn a_clean_folder_exits_0() {
    let r = AuditRun::new("clean").config("clean.toml").run();
    assert_eq!(r.code, Some(0), "{}\n{:#?}", r.log, r.findings);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.json["summary"]["publishable"], true);
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    // With the statutory items waived, the file-names fixture has warnings
    // and information but no errors.
    let strict = AuditRun::new("file-names").config("clean.toml").run();
    assert!(strict.findings.iter().all(|f| f.severity != "error"), "{:#?}", strict.findings);
    assert!(strict.findings.iter().any(|f| f.severity == "warning"));
    assert_eq!(strict.code, Some(1), "--deny warnings fails on warnings");
    assert_eq!(strict.json["summary"]["publishable"], false);
    let lenient = AuditRun::new("file-names").config("clean.toml").without_deny().run();
    assert_eq!(lenient.code, Some(0), "{}", lenient.log);
    assert_eq!(lenient.json["summary"]["publishable"], true);
}

#[test]
fn a_register_with_a_missing_column_is_an_input_error_naming_it() {
    let r = AuditRun::new("clean").register(Some(fixture("registers/broken-missing-column.csv"))).run();
    assert_eq!(r.code, Some(2), "{}", r.log);
    assert!(r.log.contains("no column for the website photo consent"), "{}", r.log);
    assert!(r.log.contains("broken-missing-column.csv:1"), "names the header row: {}", r.log);
    assert!(r.json.is_null(), "no report is written on an input error");
}

#[test]
fn a_register_with_a_bad_date_names_the_row() {
    let r = AuditRun::new("clean").register(Some(fixture("registers/broken-bad-date.csv"))).run();
    assert_eq!(r.code, Some(2), "{}", r.log);
    assert!(r.log.contains("row 4") && r.log.contains("next summer"), "{}", r.log);
    assert_no_surnames(&r.log);
}

#[test]
fn an_unreadable_register_path_is_an_input_error() {
    let missing = audit_fixture("lists/no-such-register.csv");
    let r = AuditRun::new("clean").register(Some(missing)).run();
    assert_eq!(r.code, Some(2), "{}", r.log);
    assert!(r.log.contains("no-such-register.csv") && r.log.contains("could not read"), "{}", r.log);
}

#[test]
fn a_config_with_a_typo_is_an_input_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("schoolgate.toml");
    std::fs::write(&cfg, "[school]\nname = \"Elm Tree\"\ntyep = \"academy\"\n").unwrap();
    let mut run = AuditRun::new("clean");
    run.config = Some(cfg);
    let r = run.run();
    assert_eq!(r.code, Some(2), "{}", r.log);
    assert!(r.log.contains("tyep") && r.log.contains("schoolgate.toml:3"), "{}", r.log);
}

#[test]
fn a_broken_waivers_file_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("schoolgate.toml");
    std::fs::write(&cfg, "[audit]\nwaivers = \"waivers.toml\"\n").unwrap();
    // No `expires` or `by`: nothing may be waived forever or anonymously.
    std::fs::write(
        dir.path().join("waivers.toml"),
        "[[waiver]]\nrule = \"alt-text/*\"\ntarget = \"/\"\nreason = \"x\"\n",
    )
    .unwrap();
    let mut run = AuditRun::new("alt-text");
    run.config = Some(cfg);
    let r = run.run();
    assert_eq!(r.code, Some(2), "{}", r.log);
    assert!(r.log.contains("waivers.toml"), "{}", r.log);
}

#[test]
fn a_missing_folder_is_an_input_error() {
    let mut run = AuditRun::new("clean");
    run.site = audit_fixture("no-such-site");
    let r = run.run();
    assert_eq!(r.code, Some(2), "{}", r.log);
    assert!(r.log.contains("is not a folder"), "{}", r.log);
}

#[test]
fn every_rule_family_is_exercised_by_these_fixtures() {
    // Guards against a new family arriving without audit fixtures.
    let out = schoolgate().arg("rules").output().unwrap();
    assert!(out.status.success());
    let listing = String::from_utf8_lossy(&out.stdout);
    let mut families: Vec<&str> =
        listing.lines().filter_map(|l| l.split_whitespace().next()).filter_map(|id| id.split('/').next()).collect();
    families.sort_unstable();
    families.dedup();
    // crawl/* is exercised by tests/crawl.rs, faces/* and approval/* by tests/faces.rs,
    // links/* by tests/build.rs, page/* by tests/attacks/bounds.rs,
    // scripts/* by tests/attacks/publish.rs, document-metadata/* by tests/documents.rs,
    // video/* (embeds, which only the build sees) by tests/videos.rs.
    assert_eq!(
        families,
        [
            "alt-text",
            "approval",
            "consent",
            "contact",
            "crawl",
            "dfe",
            "document-metadata",
            "faces",
            "file-names",
            "image-metadata",
            "links",
            "names",
            "page",
            "scripts",
            "video",
            "waivers"
        ]
    );
}

// ---------------------------------------------------------------- shortcuts (symlinks)

/// A folder audit follows shortcuts that stay inside the folder (as a web
/// server would), and names the ones that lead outside or nowhere instead
/// of calling them "a page that does not exist".
#[cfg(unix)]
#[test]
fn shortcuts_in_an_audited_folder_are_followed_inside_and_named_outside() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let outside = dir.path().join("elsewhere");
    std::fs::create_dir_all(site.join("docs")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        site.join("index.html"),
        r#"<!DOCTYPE html><html lang="en"><head><title>Home | Oak School</title></head><body><main><h1>Home</h1>
<p><a href="/docs/letter.pdf">Letter</a> <a href="/docs/outside.pdf">Outside</a> <a href="/docs/gone.pdf">Gone</a>
<a href="/docs/missing.pdf">Really missing</a></p></main></body></html>"#,
    )
    .unwrap();
    std::fs::write(site.join("docs/real.pdf"), "%PDF-1.4\n%%EOF\n").unwrap();
    std::fs::write(outside.join("secret.pdf"), "%PDF-1.4\n%%EOF\n").unwrap();
    std::os::unix::fs::symlink("real.pdf", site.join("docs/letter.pdf")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.pdf"), site.join("docs/outside.pdf")).unwrap();
    std::os::unix::fs::symlink("nothing-here.pdf", site.join("docs/gone.pdf")).unwrap();
    let out = schoolgate()
        .args(["audit", "--format", "json", "--today", "2026-12-07", "--school-type", "academy", "--phase", "primary"])
        .arg(&site)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", text(&out)));
    let findings: Vec<JsonFinding> = json["findings"].as_array().unwrap().iter().map(JsonFinding::from).collect();
    let broken: Vec<&str> =
        findings.iter().filter(|f| f.rule == "links/broken-internal").map(|f| f.message.as_str()).collect();
    assert_eq!(broken.len(), 1, "only the really missing file: {broken:#?}");
    assert!(broken[0].contains("/docs/missing.pdf"), "{broken:?}");
    let outside_f: Vec<&JsonFinding> = findings.iter().filter(|f| f.rule == "links/symlink-outside").collect();
    assert_eq!(outside_f.len(), 1, "{findings:#?}");
    assert_eq!(outside_f[0].asset.as_deref(), Some("/docs/outside.pdf"));
    assert!(outside_f[0].message.contains("outside the audited folder"), "{}", outside_f[0].message);
    let gone: Vec<&JsonFinding> = findings.iter().filter(|f| f.rule == "links/symlink-broken").collect();
    assert_eq!(gone.len(), 1, "{findings:#?}");
    assert_eq!(gone[0].asset.as_deref(), Some("/docs/gone.pdf"));
    // The inside shortcut is a file of the site, checked like any other.
    assert!(findings.iter().all(|f| f.asset.as_deref() != Some("/docs/letter.pdf") || !f.rule.starts_with("links/")));
}

// ---------------------------------------------------------------- report

#[test]
fn a_number_in_every_pages_footer_is_one_thing_to_fix_in_the_terminal_report() {
    // A CMS footer with the PTA chair's own mobile, on every page of the
    // export; one page also has a problem of its own.
    let dir = tempfile::tempdir().unwrap();
    let footer = "<footer><p>Friends of Oak Lane: ring Sarah on 07700 900456.</p></footer>";
    let pages = ["", "about-us/", "key-information/", "news/", "contact/"];
    for page in pages {
        let folder = dir.path().join(page);
        std::fs::create_dir_all(&folder).unwrap();
        let extra = if page == "news/" { r#"<img src="/logo.jpg">"# } else { "" };
        let html = format!(
            "<!doctype html><html lang=\"en\"><head><title>Oak Lane {page}</title></head><body><main><h1>Oak Lane</h1>\
             <p>Welcome.</p>{extra}</main>{footer}</body></html>"
        );
        std::fs::write(folder.join("index.html"), html).unwrap();
    }
    std::fs::write(dir.path().join("logo.jpg"), std::fs::read(fixture("images/clean.jpg")).unwrap()).unwrap();
    let out = schoolgate()
        .arg("audit")
        .arg(dir.path())
        .args(["--no-faces", "--today", "2026-11-29", "--register"])
        .arg(audit_fixture("lists/register.csv"))
        .output()
        .unwrap();
    let log = text(&out);
    assert_eq!(log.matches("07700 900456").count(), 1, "one entry for the footer number:\n{log}");
    assert!(log.contains("Also on 4 other pages: /, /about-us/, /key-information/, /news/"), "{log}");
    // The news page keeps its heading for its own problem.
    assert!(log.contains("alt-text/missing"), "{log}");
    // The counts and the machine-readable report keep every page.
    let json = schoolgate()
        .arg("audit")
        .arg(dir.path())
        .args(["--no-faces", "--today", "2026-11-29", "--format", "json", "--register"])
        .arg(audit_fixture("lists/register.csv"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let mobiles =
        report["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "contact/personal-mobile").count();
    assert_eq!(mobiles, 5);
}

//! Site-level tests: a small, realistic primary school site built by hand.

use chrono::NaiveDate;

use super::*;
use crate::audit::PageView;
use crate::config::{Phase, SchoolProfile, SchoolType};
use crate::site::{Asset, AssetKind, Page};

const URN: &str = "123456";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn profile(school_type: SchoolType) -> SchoolProfile {
    SchoolProfile {
        name: "Oakfield Primary School".into(),
        urn: Some(URN.into()),
        school_type,
        phase: Phase::Primary,
        mainstream: true,
        receives_pupil_premium: true,
        has_uniform: true,
        ..Default::default()
    }
}

fn page(url: &str, title: &str, body: &str) -> Page {
    let html = format!(
        "<html><head><title>{title} | Oakfield Primary School</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/contact/\">Contact us</a> \
         <a href=\"/key-information/\">Key information</a> <a href=\"/local-offer/\">Local Offer</a></nav>\
         <main>{body}</main>\
         <footer><p>Oakfield Primary School, Oak Road, Leeds LS6 2AB</p></footer></body></html>"
    );
    Page { url: url.into(), html, source: None, photo_declarations: vec![], shared_to: vec![] }
}

fn pdf(url: &str, text: &str) -> Asset {
    Asset {
        url: url.into(),
        kind: AssetKind::Pdf,
        bytes: Vec::new().into(),
        original_metadata: None,
        source: None,
        text: Some(text.into()),
        original_document: None,
    }
}

/// Oakfield's PE and sport premium report, with every part the guidance asks for.
const PE_REPORT: &str = "PE and sport premium 2025-26
Funding received: £17,800
How we spent it: a specialist gymnastics coach (£6,000), sport partnership membership (£2,400)
Impact: 78% of KS2 pupils attended a sports club
Sustainability: staff now teach gymnastics without the coach
Swimming: 78% of Year 6 can swim 25 metres; 70% use a range of strokes effectively; 75% can perform safe self-rescue";

/// The pages of Oakfield's site; tests replace or drop pages to make gaps.
struct SiteParts {
    pages: Vec<(String, String, String)>,
    assets: Vec<Asset>,
}

impl SiteParts {
    fn oakfield() -> Self {
        let p = |u: &str, t: &str, b: &str| (u.to_string(), t.to_string(), b.to_string());
        let pages = vec![
            p(
                "/",
                "Home",
                "<h1>Welcome to Oakfield</h1><p>A happy village school.</p>\
                <p><a href=\"https://reports.ofsted.gov.uk/provider/21/123456\">Read our latest Ofsted report</a></p>\
                <p><a href=\"https://www.compare-school-performance.service.gov.uk/school/123456/oakfield-primary-school\">School performance tables</a></p>",
            ),
            p(
                "/contact/",
                "Contact us",
                "<h1>Contact us</h1><address>Oakfield Primary School<br>Oak Road<br>Leeds<br>LS6 2AB</address>\
                <p>Telephone: <a href=\"tel:01134960000\">0113 496 0000</a></p>\
                <p>Email: <a href=\"mailto:office@oakfield.sch.uk\">office@oakfield.sch.uk</a></p>\
                <p>Office manager: Mrs Sarah Jones deals with enquiries from parents.</p>\
                <p>Chair of Governors: Mr David Brown, c/o the school.</p>\
                <p>Our SENCO is Mrs Amira Khan (senco@oakfield.sch.uk).</p>",
            ),
            p(
                "/key-information/",
                "Key information",
                "<h1>Key information</h1><ul>\
                <li><a href=\"/key-information/pupil-premium/\">Pupil premium</a></li>\
                <li><a href=\"/key-information/sports-premium/\">Sports Premium</a></li>\
                <li><a href=\"/governors/\">Governors</a></li>\
                <li><a href=\"/curriculum/\">Curriculum</a></li>\
                <li><a href=\"/policies/\">Policies</a></li>\
                <li><a href=\"https://schools-financial-benchmarking.service.gov.uk/school?urn=123456\">Schools financial benchmarking</a></li>\
                <li><a href=\"/key-information/salaries/\">Salaries over £100,000</a></li></ul>",
            ),
            p(
                "/key-information/salaries/",
                "Staff earning over £100,000",
                "<h1>High earners</h1><p>No employee is paid £100,000 or more.</p>",
            ),
            p(
                "/local-offer/",
                "Local Offer",
                "<h1>Our Local Offer</h1><p>Our SEN information report for 2026-27 explains how we support children with special educational needs.</p>\
                <p>Our SENCO is Mrs Amira Khan: senco@oakfield.sch.uk.</p>\
                <p><a href=\"https://www.leeds.gov.uk/local-offer\">Leeds local offer</a></p>",
            ),
            p(
                "/key-information/pupil-premium/",
                "Pupil premium",
                "<h1>Pupil premium</h1>\
                <p><a href=\"/docs/pp-strategy-2025-26.pdf\">PP strategy 2025-26</a></p>",
            ),
            p(
                "/key-information/sports-premium/",
                "Sports Premium",
                "<h1>Sports Premium</h1>\
                <p>We received £17,800. <a href=\"/docs/PE-Sport-Premium-Report-2025-26.pdf\">Sports Premium report 2025-26</a></p>\
                <p>Swimming: 78% of Year 6 can swim 25 metres.</p>",
            ),
            p(
                "/governors/",
                "Meet the governors",
                "<h1>Meet the governors</h1>\
                <p>Chair: Mr David Brown, appointed by the governing board, term ends 2028.</p>\
                <h2>Attendance at meetings 2025-26</h2><p>David Brown 6/6; Priya Shah 5/6.</p>\
                <h2>Register of business interests</h2><p>None declared.</p>",
            ),
            p(
                "/curriculum/",
                "Curriculum",
                "<h1>Our curriculum</h1><p>Curriculum map 2026-27. We teach phonics with Little Wandle.</p>\
                <h2>Music</h2><p>Every class sings weekly.</p>",
            ),
            p(
                "/policies/",
                "Policies",
                "<h1>Policies</h1><ul>\
                <li><a href=\"/docs/behaviour-policy.pdf\">Behaviour policy</a></li>\
                <li><a href=\"/docs/complaints.pdf\">Complaints procedure</a></li>\
                <li><a href=\"/docs/charging.pdf\">Charging and remissions policy</a></li>\
                <li><a href=\"/docs/access-plan.pdf\">Accessibility plan 2025-2028</a></li>\
                <li><a href=\"/docs/equality.pdf\">Equality information and objectives</a></li>\
                <li><a href=\"/docs/safeguarding-policy-2026-27.pdf\">Child protection policy</a></li>\
                <li><a href=\"/docs/attendance.pdf\">Attendance policy</a></li>\
                <li><a href=\"/docs/uniform.pdf\">School uniform</a></li>\
                <li><a href=\"/docs/rse.pdf\">RSE policy</a></li></ul>",
            ),
        ];
        let assets = vec![
            pdf(
                "/docs/pp-strategy-2025-26.pdf",
                "Pupil premium strategy statement 2025 to 2026\nOakfield Primary School\nDate on which it will be reviewed: July 2027",
            ),
            pdf("/docs/PE-Sport-Premium-Report-2025-26.pdf", PE_REPORT),
            pdf("/docs/behaviour-policy.pdf", "Behaviour policy\nRewards and sanctions"),
            pdf("/docs/complaints.pdf", "Complaints procedure"),
            pdf("/docs/charging.pdf", "Charging and remissions policy"),
            pdf("/docs/access-plan.pdf", "Accessibility plan"),
            pdf("/docs/equality.pdf", "Equality information and objectives\nObjective 1: close the gap"),
            pdf("/docs/safeguarding-policy-2026-27.pdf", "Child protection and safeguarding policy 2026-27"),
            pdf("/docs/attendance.pdf", "Attendance policy"),
            pdf("/docs/uniform.pdf", "Uniform policy. Pre-loved uniform is free from the office."),
            pdf("/docs/rse.pdf", "Relationships education policy"),
        ];
        Self { pages, assets }
    }

    /// Replaces `from` with `to` in a document's text.
    fn edit_doc(mut self, url: &str, from: &str, to: &str) -> Self {
        let asset = self.assets.iter_mut().find(|a| a.url == url).unwrap();
        let text = asset.text.clone().unwrap_or_default();
        assert!(text.contains(from), "test edit must change something: {from}");
        asset.text = Some(text.replace(from, to));
        self
    }

    fn without_page(mut self, url: &str) -> Self {
        self.pages.retain(|(u, _, _)| u != url);
        self
    }

    fn edit(mut self, url: &str, from: &str, to: &str) -> Self {
        let body = &mut self.pages.iter_mut().find(|(u, _, _)| u == url).unwrap().2;
        assert!(body.contains(from), "test edit must change something: {from}");
        *body = body.replace(from, to);
        self
    }

    fn audit(&self, school_type: SchoolType, today: NaiveDate) -> (Vec<Finding>, Vec<Evidence>) {
        self.audit_as(profile(school_type), today)
    }

    fn with_page(mut self, url: &str, title: &str, body: &str) -> Self {
        self.pages.push((url.into(), title.into(), body.into()));
        self
    }

    fn audit_as(&self, profile: SchoolProfile, today: NaiveDate) -> (Vec<Finding>, Vec<Evidence>) {
        let pages: Vec<Page> = self.pages.iter().map(|(u, t, b)| page(u, t, b)).collect();
        let site = RenderedSite {
            base_url: Some("https://www.oakfield.sch.uk".into()),
            pages: pages.clone(),
            assets: self.assets.clone(),
            ..Default::default()
        };
        let facts: Vec<PageFacts> = pages.iter().map(|p| PageView::parse(p).into_facts()).collect();
        let ctx = AuditContext::new(profile, None, None, today, Default::default());
        let mut out = Vec::new();
        let evidence = check_site(&facts, &site, &ctx, &mut out);
        (out, evidence)
    }
}

fn find<'a>(findings: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}

fn evidence_for<'a>(evidence: &'a [Evidence], item: &str) -> Option<&'a Evidence> {
    evidence.iter().find(|e| e.item == item)
}

const TODAY: (i32, u32, u32) = (2026, 11, 29);

fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}

#[test]
fn every_catalogue_item_has_a_rule_and_every_rule_an_item() {
    for item in &CATALOGUE.items {
        assert!(rule_id(item).is_some(), "dfe/{} is not declared in RULES", item.id);
        let meta = RULES.iter().find(|r| r.id == item.rule).unwrap();
        // Generated from the catalogue: words a school reads, ending as sentences.
        assert!(meta.summary.ends_with('.') && meta.explanation.ends_with('.'), "{}", item.id);
        assert!(meta.explanation.len() > meta.summary.len(), "{}", item.id);
    }
    // The listed severity is the strongest any school type gets.
    let rule = |id: &str| RULES.iter().find(|r| r.id == id).unwrap().severity;
    assert_eq!(rule("dfe/financial-benchmarking-link"), Severity::Error, "must for maintained, advice for academies");
    assert_eq!(rule("dfe/governance-interests"), Severity::Error, "should for maintained, must for academies");
    assert_eq!(rule("dfe/rse-policy"), Severity::Warning);
    assert_eq!(rule("dfe/privacy-notice"), Severity::Info);
    for rule in RULES.iter().filter(|r| r.id != OUT_OF_DATE && r.id != INCOMPLETE) {
        let id = rule.id.strip_prefix("dfe/").unwrap();
        assert!(CATALOGUE.get(id).is_some(), "{} has no catalogue entry", rule.id);
    }
}

#[test]
fn synonyms_schools_really_use_count_as_present() {
    let (findings, evidence) = SiteParts::oakfield().audit(SchoolType::Community, today());
    let sen = evidence_for(&evidence, "sen-information-report").expect("Local Offer page counts");
    assert_eq!(sen.url, "/local-offer/");
    assert!(sen.reason.contains("Local Offer"), "{}", sen.reason);
    let pe = evidence_for(&evidence, "pe-sport-premium").expect("Sports Premium counts");
    assert!(pe.reason.to_lowercase().contains("sports premium"), "{}", pe.reason);
    assert_eq!(pe.year.as_deref(), Some("2025-26"));
    assert!(find(&findings, "dfe/sen-information-report").is_empty());
    assert!(find(&findings, "dfe/pe-sport-premium").is_empty(), "{findings:#?}");
}

#[test]
fn evidence_cites_the_page_document_or_link_that_proved_it() {
    let (_, evidence) = SiteParts::oakfield().audit(SchoolType::Community, today());
    let ofsted = evidence_for(&evidence, "ofsted-report").unwrap();
    assert_eq!(ofsted.url, "https://reports.ofsted.gov.uk/provider/21/123456");
    assert!(ofsted.reason.contains("reports.ofsted.gov.uk"), "{}", ofsted.reason);
    assert_eq!(evidence_for(&evidence, "contact-details").unwrap().url, "/contact/");
    assert_eq!(evidence_for(&evidence, "behaviour-policy").unwrap().url, "/docs/behaviour-policy.pdf");
    let pp = evidence_for(&evidence, "pupil-premium-strategy").unwrap();
    assert_eq!(pp.url, "/docs/pp-strategy-2025-26.pdf");
    assert!(evidence_for(&evidence, "governance-interests").unwrap().reason.contains("Register of business interests"));
    assert!(evidence_for(&evidence, "high-earners").is_some());
    // Community primary: admissions belong to the local authority, careers to secondaries.
    assert!(evidence_for(&evidence, "admission-arrangements").is_none());
}

#[test]
fn complete_contact_page_raises_nothing() {
    let (findings, _) = SiteParts::oakfield().audit(SchoolType::Community, today());
    assert!(find(&findings, "dfe/contact-details").is_empty(), "{:#?}", find(&findings, "dfe/contact-details"));
    assert!(find(&findings, "dfe/senco-contact").is_empty());
}

#[test]
fn missing_items_are_reported_at_the_severity_for_the_school_type() {
    let parts = SiteParts::oakfield().edit("/policies/", "Behaviour policy", "Anti-vandalism leaflet");
    let parts =
        SiteParts { assets: parts.assets.into_iter().filter(|a| !a.url.contains("behaviour")).collect(), ..parts };
    let (maintained, _) = parts.audit(SchoolType::Community, today());
    let (academy, _) = parts.audit(SchoolType::Academy, today());
    let m = find(&maintained, "dfe/behaviour-policy");
    let a = find(&academy, "dfe/behaviour-policy");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].severity, Severity::Error);
    assert!(
        m[0].message.contains("behaviour policy") && m[0].message.contains("maintained schools must"),
        "{}",
        m[0].message
    );
    assert_eq!(m[0].location, Location::site());
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].severity, Severity::Warning);
    // Academy-only duties appear only for the academy.
    assert!(find(&maintained, "dfe/academy-trust-documents").is_empty());
    assert_eq!(find(&academy, "dfe/academy-trust-documents")[0].severity, Severity::Error);
    assert_eq!(find(&academy, "dfe/admission-arrangements")[0].severity, Severity::Error);
    // Items nobody published: music plan (should), paper copy (advice).
    assert_eq!(find(&maintained, "dfe/music-development-plan")[0].severity, Severity::Warning);
    assert_eq!(find(&maintained, "dfe/paper-copy-on-request")[0].severity, Severity::Info);
    // Not applicable to a primary: nothing at all.
    assert!(find(&maintained, "dfe/careers-programme").is_empty());
}

#[test]
fn governors_interests_are_should_for_maintained_and_must_for_academies() {
    let parts =
        SiteParts::oakfield().edit("/governors/", "<h2>Register of business interests</h2><p>None declared.</p>", "");
    let (m, _) = parts.audit(SchoolType::Community, today());
    let (a, _) = parts.audit(SchoolType::Academy, today());
    assert_eq!(find(&m, "dfe/governance-interests")[0].severity, Severity::Warning);
    assert_eq!(find(&a, "dfe/governance-interests")[0].severity, Severity::Error);
    assert!(find(&m, "dfe/governance-attendance").is_empty(), "attendance is still there");
}

#[test]
fn near_miss_names_the_page_that_nearly_matched() {
    let (findings, _) = SiteParts::oakfield().audit(SchoolType::Community, today());
    let music = find(&findings, "dfe/music-development-plan");
    assert!(music[0].message.contains("Nearly matched"), "{}", music[0].message);
    assert!(music[0].message.contains("/curriculum/"), "{}", music[0].message);
    // A link with the right name to a page that is not there.
    let parts = SiteParts::oakfield().edit(
        "/key-information/",
        "</ul>",
        "<li><a href=\"/key-information/music-development-plan/\">Music development plan</a></li></ul>",
    );
    let (findings, _) = parts.audit(SchoolType::Community, today());
    let music = find(&findings, "dfe/music-development-plan");
    assert!(music[0].message.contains("is not on the site"), "{}", music[0].message);
}

#[test]
fn pupil_premium_statement_for_last_year_counts_until_31_december() {
    let parts = SiteParts::oakfield();
    let (on_31_dec, ev) = parts.audit(SchoolType::Community, d(2026, 12, 31));
    assert!(
        find(&on_31_dec, OUT_OF_DATE).iter().all(|f| !f.message.to_lowercase().contains("pupil premium")),
        "{on_31_dec:#?}"
    );
    assert_eq!(evidence_for(&ev, "pupil-premium-strategy").unwrap().year.as_deref(), Some("2025-26"));
    let (on_1_jan, ev) = parts.audit(SchoolType::Community, d(2027, 1, 1));
    let stale: Vec<_> = find(&on_1_jan, OUT_OF_DATE)
        .into_iter()
        .filter(|f| f.message.to_lowercase().contains("pupil premium"))
        .collect();
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0].severity, Severity::Error);
    assert!(stale[0].message.contains("2025-26") && stale[0].message.contains("2026-27"), "{}", stale[0].message);
    assert_eq!(stale[0].location.asset.as_deref(), Some("/docs/pp-strategy-2025-26.pdf"));
    assert!(evidence_for(&ev, "pupil-premium-strategy").is_none(), "a stale statement is not evidence");
    // Publishing the new statement fixes it.
    let fixed = SiteParts::oakfield().edit(
        "/key-information/pupil-premium/",
        "</p>",
        " <a href=\"/docs/pp-2026-27.pdf\">Pupil premium strategy statement 2026/27</a></p>",
    );
    let fixed = SiteParts {
        assets: [fixed.assets.clone(), vec![pdf("/docs/pp-2026-27.pdf", "Pupil premium strategy 2026 to 2027")]]
            .concat(),
        ..fixed
    };
    let (findings, ev) = fixed.audit(SchoolType::Community, d(2027, 1, 1));
    assert!(find(&findings, OUT_OF_DATE).iter().all(|f| !f.message.to_lowercase().contains("pupil premium")));
    assert_eq!(evidence_for(&ev, "pupil-premium-strategy").unwrap().url, "/docs/pp-2026-27.pdf");
}

#[test]
fn pe_premium_report_for_last_year_counts_until_31_july() {
    let parts = SiteParts::oakfield();
    let (on_31_jul, _) = parts.audit(SchoolType::Community, d(2027, 7, 31));
    assert!(find(&on_31_jul, OUT_OF_DATE).iter().all(|f| !f.message.contains("PE and sport")));
    let (on_1_aug, _) = parts.audit(SchoolType::Community, d(2027, 8, 1));
    let stale: Vec<_> =
        find(&on_1_aug, OUT_OF_DATE).into_iter().filter(|f| f.message.contains("PE and sport")).collect();
    assert_eq!(stale.len(), 1, "{on_1_aug:#?}");
    assert!(stale[0].message.contains("31 July 2027"), "{}", stale[0].message);
}

#[test]
fn performance_tables_link_must_carry_the_urn() {
    let (findings, ev) = SiteParts::oakfield().audit(SchoolType::Community, today());
    assert!(find(&findings, "dfe/performance-tables-link").is_empty());
    assert!(ev.iter().any(|e| e.item == "performance-tables-link" && e.url.contains(URN)));
    let parts = SiteParts::oakfield().edit("/", "/school/123456/oakfield-primary-school", "/");
    let (findings, ev) = parts.audit(SchoolType::Community, today());
    let f = find(&findings, "dfe/performance-tables-link");
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("URN (123456)"), "{}", f[0].message);
    assert_eq!(f[0].location.page.as_deref(), Some("/"));
    assert_eq!(f[0].severity, Severity::Error);
    assert!(evidence_for(&ev, "performance-tables-link").is_some(), "the link itself is there");
}

#[test]
fn contact_page_content_gaps_are_named() {
    let parts = SiteParts::oakfield()
        .edit("/contact/", "<br>LS6 2AB", "")
        .edit("/contact/", "<p>Chair of Governors: Mr David Brown, c/o the school.</p>", "")
        .edit(
            "/contact/",
            "<p>Our SENCO is Mrs Amira Khan (senco@oakfield.sch.uk).</p>",
            "<p>Contact the SENCO through the office.</p>",
        )
        // Nor does the SEN report, the other place the SENCO may be named.
        .edit("/local-offer/", "<p>Our SENCO is Mrs Amira Khan: senco@oakfield.sch.uk.</p>", "");
    // The footer still has the postcode, so only page-specific gaps remain.
    let parts = parts.edit("/contact/", "<address>", "<address>");
    let (findings, _) = parts.audit(SchoolType::Academy, today());
    let contact: Vec<&str> = find(&findings, "dfe/contact-details").iter().map(|f| f.message.as_str()).collect();
    assert!(contact.iter().any(|m| m.contains("chair of governors")), "{contact:#?}");
    assert!(!contact.iter().any(|m| m.contains("postcode")), "footer postcode counts: {contact:#?}");
    let senco = find(&findings, "dfe/senco-contact");
    assert_eq!(senco.len(), 1, "{findings:#?}");
    assert!(senco[0].message.contains("SENCO's name"), "{}", senco[0].message);
    assert_eq!(senco[0].severity, Severity::Error);
}

#[test]
fn stale_curriculum_map_is_out_of_date_after_1_september() {
    let parts = SiteParts::oakfield().edit("/curriculum/", "Curriculum map 2026-27", "Curriculum map 2025/2026");
    let (in_august, _) = parts.audit(SchoolType::Community, d(2026, 8, 31));
    assert!(find(&in_august, OUT_OF_DATE).iter().all(|f| !f.message.contains("curriculum")));
    let (in_sept, _) = parts.audit(SchoolType::Community, d(2026, 9, 1));
    let f: Vec<_> = find(&in_sept, OUT_OF_DATE).into_iter().filter(|f| f.message.contains("curriculum")).collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].location.page.as_deref(), Some("/curriculum/"));
}

#[test]
fn a_menu_link_to_a_missing_page_is_a_near_miss() {
    let (findings, _) = SiteParts::oakfield().without_page("/local-offer/").audit(SchoolType::Community, today());
    let sen = find(&findings, "dfe/sen-information-report");
    assert_eq!(sen.len(), 1);
    assert_eq!(sen[0].severity, Severity::Error);
    assert!(
        sen[0].message.contains("\"Local Offer\"") && sen[0].message.contains("not on the site"),
        "{}",
        sen[0].message
    );
}

#[test]
fn governance_only_in_a_pdf_is_a_warning() {
    let parts = SiteParts::oakfield().without_page("/governors/").edit(
        "/key-information/",
        "<a href=\"/governors/\">Governors</a>",
        "<a href=\"/docs/governors.pdf\">Governors</a>",
    );
    let parts = SiteParts {
        assets: [
            parts.assets.clone(),
            vec![pdf("/docs/governors.pdf", "Governing body 2026-27. Attendance: all meetings attended.")],
        ]
        .concat(),
        ..parts
    };
    let (findings, ev) = parts.audit(SchoolType::Community, today());
    let gov = find(&findings, "dfe/governance-information");
    assert_eq!(gov.len(), 1, "{gov:#?}");
    assert_eq!(gov[0].severity, Severity::Warning);
    assert_eq!(gov[0].location.asset.as_deref(), Some("/docs/governors.pdf"));
    assert_eq!(evidence_for(&ev, "governance-information").unwrap().url, "/docs/governors.pdf");
    // Attendance is read inside the governance document.
    assert!(evidence_for(&ev, "governance-attendance").is_some());
}

#[test]
fn ofsted_link_without_urn_is_only_advice() {
    let parts = SiteParts::oakfield().edit("/", "/provider/21/123456", "/");
    let (findings, _) = parts.audit(SchoolType::Community, today());
    let f = find(&findings, "dfe/ofsted-report");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Info);
}

#[test]
fn a_policy_past_its_next_review_date_is_a_warning() {
    let mut parts = SiteParts::oakfield();
    let behaviour = parts.assets.iter_mut().find(|a| a.url == "/docs/behaviour-policy.pdf").unwrap();
    behaviour.text = Some("Behaviour policy\nApproved: September 2024\nNext review: July 2026".into());
    let (findings, ev) = parts.audit(SchoolType::Community, today());
    let f: Vec<_> = find(&findings, OUT_OF_DATE)
        .into_iter()
        .filter(|f| f.message.to_lowercase().contains("behaviour policy"))
        .collect();
    assert_eq!(f.len(), 1, "{findings:#?}");
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(f[0].message.contains("July 2026"), "{}", f[0].message);
    let still_there = evidence_for(&ev, "behaviour-policy").expect("an overdue review is still evidence");
    assert!(still_there.reason.contains("has passed"), "{}", still_there.reason);
    let (findings, _) = parts.audit(SchoolType::Community, d(2026, 7, 31));
    assert!(find(&findings, OUT_OF_DATE).iter().all(|f| !f.message.to_lowercase().contains("behaviour policy")));
}

#[test]
fn secondary_academy_careers_and_school_day_details() {
    let secondary = SchoolProfile { phase: Phase::Secondary, ..profile(SchoolType::Academy) };
    let parts = SiteParts::oakfield()
        .with_page(
            "/careers/",
            "Careers",
            "<h1>Careers 2026-27</h1><p>Our CEIAG programme follows the Gatsby benchmarks.</p>",
        )
        .with_page(
            "/school-day/",
            "The school day",
            "<h1>The school day</h1><p>Gates open 8:30; lessons 8:45 to 15:15.</p>",
        );
    let (findings, ev) = parts.audit_as(secondary.clone(), today());
    let careers = find(&findings, "dfe/careers-programme");
    assert_eq!(careers.len(), 1, "{careers:#?}");
    assert!(careers[0].message.contains("careers leader's name"), "{}", careers[0].message);
    assert_eq!(careers[0].severity, Severity::Error);
    assert_eq!(evidence_for(&ev, "careers-programme").unwrap().year.as_deref(), Some("2026-27"));
    let hours = find(&findings, "dfe/school-opening-hours");
    assert_eq!(hours.len(), 1);
    assert!(hours[0].message.contains("total time in a typical school week"), "{}", hours[0].message);
    assert_eq!(hours[0].severity, Severity::Warning);
    // Adding the leader and the weekly total clears both.
    let fixed = parts
        .edit("/careers/", "benchmarks.", "benchmarks. Careers leader: Ms Hannah Reid, careers@oakfield.sch.uk")
        .edit("/school-day/", "15:15.", "15:15. That is 32.5 hours a week.");
    let (findings, _) = fixed.audit_as(secondary, today());
    assert!(find(&findings, "dfe/careers-programme").is_empty(), "{findings:#?}");
    assert!(find(&findings, "dfe/school-opening-hours").is_empty());
}

// ------------------------------------------------------------ completeness

fn incomplete(findings: &[Finding]) -> Vec<&Finding> {
    find(findings, INCOMPLETE)
}

#[test]
fn complete_items_raise_no_incomplete_finding() {
    let (findings, _) = SiteParts::oakfield().audit(SchoolType::Community, today());
    assert!(incomplete(&findings).is_empty(), "{:#?}", incomplete(&findings));
}

#[test]
fn swimming_figures_on_the_page_do_not_complete_the_report_chosen_as_evidence() {
    // The Sports Premium page (a decoy here) says "swim 25 metres"; the
    // report it links to, the chosen evidence, has no swimming figures.
    let parts = SiteParts::oakfield().edit_doc(
        "/docs/PE-Sport-Premium-Report-2025-26.pdf",
        "\nSwimming: 78% of Year 6 can swim 25 metres; 70% use a range of strokes effectively; 75% can perform safe self-rescue",
        "",
    );
    let (findings, ev) = parts.audit(SchoolType::Community, today());
    assert_eq!(evidence_for(&ev, "pe-sport-premium").unwrap().url, "/docs/PE-Sport-Premium-Report-2025-26.pdf");
    let f = incomplete(&findings);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(f[0].location.asset.as_deref(), Some("/docs/PE-Sport-Premium-Report-2025-26.pdf"));
    assert_eq!(
        f[0].message,
        "The PE and sport premium report (/docs/PE-Sport-Premium-Report-2025-26.pdf) is incomplete: it does not show \
         the percentage of Year 6 pupils who can swim 25 metres, the percentage of Year 6 pupils who can use a range \
         of strokes or the percentage of Year 6 pupils who can perform safe self-rescue."
    );
    // The PE item itself is present: no second finding under its own rule.
    assert!(find(&findings, "dfe/pe-sport-premium").is_empty(), "{findings:#?}");
}

#[test]
fn a_pe_report_without_amount_or_sustainability_says_which() {
    let parts = SiteParts::oakfield()
        .edit_doc("/docs/PE-Sport-Premium-Report-2025-26.pdf", "Funding received: £17,800\n", "")
        .edit_doc(
            "/docs/PE-Sport-Premium-Report-2025-26.pdf",
            "Sustainability: staff now teach gymnastics without the coach\n",
            "",
        );
    let (findings, _) = parts.audit(SchoolType::Community, today());
    let f = incomplete(&findings);
    assert_eq!(f.len(), 1, "{f:#?}");
    // "£6,000" in the spending line is still an amount of money.
    assert!(!f[0].message.contains("amount of funding"), "{}", f[0].message);
    assert!(f[0].message.ends_with("it does not show how the improvements will be sustained."), "{}", f[0].message);
}

#[test]
fn governance_lacking_terms_of_office_is_incomplete_whatever_the_minutes_say() {
    let parts = SiteParts::oakfield()
        .edit("/governors/", ", term ends 2028", "")
        // A decoy: the term of office is in a linked document that is not the governance evidence.
        .edit(
            "/policies/",
            "</ul>",
            "<li><a href=\"/docs/minutes.pdf\">Minutes of the full governing board, July 2026</a></li></ul>",
        );
    let parts = SiteParts {
        assets: [
            parts.assets.clone(),
            vec![pdf(
                "/docs/minutes.pdf",
                "Minutes of the full governing board\nMrs Shah's term of office ends in 2027.",
            )],
        ]
        .concat(),
        ..parts
    };
    let (findings, ev) = parts.audit(SchoolType::Community, today());
    assert_eq!(evidence_for(&ev, "governance-information").unwrap().url, "/governors/");
    let f = incomplete(&findings);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].location.page.as_deref(), Some("/governors/"));
    assert!(f[0].message.ends_with("it does not show each governor's term of office."), "{}", f[0].message);
}

#[test]
fn a_part_that_is_an_item_of_its_own_is_reported_once() {
    // No register of interests: governance-interests is missing under its
    // own rule, and governance information is not also "incomplete" for it.
    let parts =
        SiteParts::oakfield().edit("/governors/", "<h2>Register of business interests</h2><p>None declared.</p>", "");
    let (findings, _) = parts.audit(SchoolType::Academy, today());
    assert_eq!(find(&findings, "dfe/governance-interests").len(), 1);
    assert!(incomplete(&findings).is_empty(), "{:#?}", incomplete(&findings));
}

#[test]
fn an_sen_report_not_naming_the_senco_is_incomplete_though_the_contact_page_does() {
    let parts =
        SiteParts::oakfield().edit("/local-offer/", "<p>Our SENCO is Mrs Amira Khan: senco@oakfield.sch.uk.</p>", "");
    let (findings, ev) = parts.audit(SchoolType::Community, today());
    assert_eq!(evidence_for(&ev, "sen-information-report").unwrap().url, "/local-offer/");
    let f = incomplete(&findings);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(
        f[0].message,
        "The SEN information report (/local-offer/) is incomplete: it does not show the SENCO's name or an email \
         address or telephone number to contact the SENCO."
    );
    // The SENCO duty itself is met by the contact page.
    assert!(find(&findings, "dfe/senco-contact").is_empty());
}

#[test]
fn a_pupil_premium_statement_without_a_review_date_is_incomplete() {
    let parts = SiteParts::oakfield()
        .edit_doc("/docs/pp-strategy-2025-26.pdf", "\nDate on which it will be reviewed: July 2027", "")
        // A decoy: another document on the site has a review date.
        .edit_doc(
            "/docs/behaviour-policy.pdf",
            "Rewards and sanctions",
            "Rewards and sanctions\nNext review: July 2027",
        );
    let (findings, _) = parts.audit(SchoolType::Community, today());
    let f = incomplete(&findings);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].location.asset.as_deref(), Some("/docs/pp-strategy-2025-26.pdf"));
    assert!(f[0].message.ends_with("it does not show the date it will next be reviewed."), "{}", f[0].message);
}

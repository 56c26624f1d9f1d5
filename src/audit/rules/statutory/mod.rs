//! What the DfE says a school's website must or should publish, and whether
//! this site does.
//!
//! The requirements themselves are data (`dfe-requirements.toml`, see
//! [`catalogue`]); this module decides, for each one that applies to the
//! school's profile, whether the site proves it is present, whether it is out
//! of date, and whether the page that proves it carries the details it must.
//! Detection reads page titles, headings, addresses, link text and linked
//! documents, because that is where schools name these things. See
//! `docs/statutory.md` for how it works and what it cannot know.

pub mod catalogue;
pub mod freshness;
mod targets;
pub mod text;

use serde::Serialize;

use self::catalogue::{CATALOGUE, CheckKind, ContentCheck, Force, Requirement};
use self::targets::{FieldKind, Target, TargetKind};
use self::text::{first_phrase, has_email, has_person_near, has_uk_phone, has_uk_postcode};
use chrono::NaiveDate;

use crate::academic_year::AcademicYear;
use crate::audit::{AuditContext, Finding, Location, PageFacts, RuleMeta, Severity};
use crate::site::RenderedSite;

/// Rule id for a present item whose newest edition is too old.
pub const OUT_OF_DATE: &str = "dfe/out-of-date";

macro_rules! dfe {
    ($id:literal, $sev:ident, $summary:literal, $why:literal) => {
        RuleMeta { id: concat!("dfe/", $id), severity: Severity::$sev, summary: $summary, explanation: $why }
    };
}

/// One rule per requirement in the catalogue (`dfe/<requirement-id>`) plus
/// [`OUT_OF_DATE`]. Severity here is the strongest the rule reports; each
/// finding carries the severity for the school's type (maintained or academy).
pub const RULES: &[RuleMeta] = &[
    dfe!(
        "contact-details",
        Error,
        "School contact details are missing or incomplete.",
        "Maintained schools must (academies should) publish the school's name, postal address with postcode, phone number and the person who handles enquiries. Academies should also name the headteacher and the chair of governors. Add a Contact page."
    ),
    dfe!(
        "senco-contact",
        Error,
        "The SENCO's name and contact details are missing.",
        "Mainstream schools must publish the name and contact details of their special educational needs co-ordinator. Put them on the contact or SEND page."
    ),
    dfe!(
        "paper-copy-on-request",
        Info,
        "No statement that parents can have a free paper copy.",
        "Schools must give a free paper copy of website information on request; saying so on the site costs nothing."
    ),
    dfe!(
        "admission-arrangements",
        Error,
        "Admission arrangements are not published.",
        "Schools that are their own admission authority must publish their admission arrangements (PAN, how to apply, oversubscription criteria), next year's by 15 March."
    ),
    dfe!(
        "admission-appeals-timetable",
        Error,
        "The admission appeals timetable is not published.",
        "Own-admission-authority schools must publish their appeals timetable by 28 February each year."
    ),
    dfe!(
        "in-year-admissions",
        Error,
        "In-year admissions information is not published.",
        "Own-admission-authority schools must explain how in-year applications work, or link to the local authority's in-year scheme."
    ),
    dfe!(
        "sixth-form-admissions",
        Warning,
        "Sixth-form admission arrangements are not published.",
        "Schools with a sixth form should publish entry requirements and how to apply, about a year ahead."
    ),
    dfe!(
        "ofsted-report",
        Error,
        "No link to the latest Ofsted report.",
        "Every school must publish its latest Ofsted report or link to it on reports.ofsted.gov.uk."
    ),
    dfe!(
        "performance-tables-link",
        Error,
        "No link to the school's page on the DfE performance tables.",
        "Maintained schools must (academies should) link to their own page on the DfE school performance service; the address should include the school's URN."
    ),
    dfe!(
        "ks2-results",
        Error,
        "Key stage 2 results are not published.",
        "Schools with KS2 must (academies should) publish their latest KS2 results: expected and higher standard in reading, writing and maths, and average scaled scores."
    ),
    dfe!(
        "ks4-results",
        Error,
        "Key stage 4 results are not published.",
        "Schools with KS4 must (academies should) publish Attainment 8, grade 5+ in English and maths, EBacc measures and Progress 8 where published."
    ),
    dfe!(
        "ks5-results",
        Error,
        "16 to 18 results are not published.",
        "Schools with a sixth form must (academies should) publish their 16 to 18 performance measures."
    ),
    dfe!(
        "curriculum",
        Error,
        "Curriculum information is not published.",
        "Maintained schools must (academies should) publish what is taught in each subject and year, including RE and the phonics scheme."
    ),
    dfe!(
        "rse-policy",
        Warning,
        "The relationships (and sex) education policy is not published.",
        "Schools must have an RSE policy and should publish it, including how parents can withdraw from sex education."
    ),
    dfe!(
        "music-development-plan",
        Warning,
        "The music development plan summary is missing.",
        "Schools should publish a summary of their music development plan, updated before each school year."
    ),
    dfe!(
        "remote-education",
        Warning,
        "Remote education information is missing.",
        "Schools should say what remote education they provide when pupils cannot attend."
    ),
    dfe!(
        "behaviour-policy",
        Error,
        "The behaviour policy is not published.",
        "Maintained schools must (academies should) publish their behaviour policy, including anti-bullying measures."
    ),
    dfe!(
        "mobile-phone-policy",
        Warning,
        "No mobile phone policy found.",
        "DfE guidance (2024) says schools should publish how pupils' phone use is restricted."
    ),
    dfe!(
        "pupil-premium-strategy",
        Error,
        "The pupil premium strategy statement is missing.",
        "Schools receiving pupil premium must publish this year's strategy statement (DfE template) by 31 December."
    ),
    dfe!(
        "pe-sport-premium",
        Error,
        "The PE and sport premium report is missing.",
        "Schools receiving the PE and sport premium must publish the year's report by 31 July, including Year 6 swimming figures."
    ),
    dfe!(
        "equality-information",
        Error,
        "Equality information is not published.",
        "All schools must publish how they meet the public sector equality duty, updated yearly."
    ),
    dfe!(
        "equality-objectives",
        Error,
        "Equality objectives are not published.",
        "All schools must publish equality objectives at least every four years."
    ),
    dfe!(
        "sen-information-report",
        Error,
        "The SEN information report is missing.",
        "All schools must publish an SEN information report, updated yearly, and say where the local authority's local offer is."
    ),
    dfe!(
        "accessibility-plan",
        Error,
        "The accessibility plan is not published.",
        "All schools must publish an accessibility plan for disabled pupils (Equality Act 2010)."
    ),
    dfe!(
        "careers-programme",
        Error,
        "Careers programme information is missing.",
        "Schools with pupils in years 7 to 13 must publish this year's careers programme and the careers leader's contact details."
    ),
    dfe!(
        "provider-access-statement",
        Error,
        "The provider access policy statement is missing.",
        "Schools with pupils in years 8 to 13 must publish how education and training providers can reach pupils."
    ),
    dfe!(
        "complaints-procedure",
        Error,
        "The complaints procedure is not published.",
        "Maintained schools must (academies should) publish their complaints procedure."
    ),
    dfe!(
        "charging-remissions-policy",
        Error,
        "The charging and remissions policy is not published.",
        "Maintained schools must (academies should) publish what they charge for and when charges are waived."
    ),
    dfe!(
        "values-ethos",
        Warning,
        "No statement of the school's ethos and values.",
        "Schools should publish a statement of their ethos and values."
    ),
    dfe!(
        "school-opening-hours",
        Warning,
        "School opening hours are not published.",
        "Mainstream schools should publish the times of the school day and the weekly total (32.5 hours expected)."
    ),
    dfe!(
        "uniform-policy",
        Warning,
        "The uniform policy is not published.",
        "Schools with a uniform should publish it under the statutory guidance on the cost of school uniforms."
    ),
    dfe!(
        "governance-information",
        Error,
        "Governance information is not published.",
        "Schools must publish who is on the governing board, its committees and who chairs them, for everyone who served in the last 12 months."
    ),
    dfe!(
        "governance-interests",
        Error,
        "Governors' business interests are not published.",
        "Academies must (maintained schools should) publish governors' relevant business and financial interests."
    ),
    dfe!(
        "governance-attendance",
        Error,
        "Governors' meeting attendance is not published.",
        "Academies must (maintained schools should) publish governors' attendance at meetings over the last school year."
    ),
    dfe!(
        "governance-diversity-data",
        Warning,
        "No governing board diversity data.",
        "Schools are encouraged to publish anonymous diversity data for their board."
    ),
    dfe!(
        "academy-trust-documents",
        Error,
        "Academy trust documents are not published.",
        "Academies must publish (or link to) the trust's articles and memorandum of association, members and trustees, and funding agreement."
    ),
    dfe!(
        "annual-report-accounts",
        Error,
        "The trust's annual report and accounts are missing.",
        "Academy trusts must publish audited accounts for the year to 31 August by 31 January."
    ),
    dfe!(
        "high-earners",
        Error,
        "The number of staff paid £100,000 or more is not published.",
        "Schools must publish how many employees earn £100,000 or more, in £10,000 bands."
    ),
    dfe!(
        "financial-benchmarking-link",
        Error,
        "No link to the school's financial benchmarking page.",
        "Maintained schools must link to their own page on the DfE financial benchmarking service."
    ),
    dfe!(
        "gender-pay-gap",
        Error,
        "The gender pay gap report is missing.",
        "Employers with 250 or more staff must publish their gender pay gap figures each year."
    ),
    dfe!(
        "whistleblowing-procedure",
        Error,
        "The whistleblowing procedure is not published.",
        "Academy trusts must publish their whistleblowing procedure."
    ),
    dfe!(
        "child-protection-policy",
        Warning,
        "The child protection policy is not published.",
        "Keeping children safe in education expects the child protection policy to be public and reviewed yearly."
    ),
    dfe!(
        "attendance-policy",
        Warning,
        "The attendance policy is not published.",
        "Statutory attendance guidance (2024) says schools should publish their attendance policy."
    ),
    dfe!(
        "sixteen-nineteen-bursary",
        Info,
        "No 16 to 19 bursary information.",
        "Good practice for schools with students aged 16 to 19: publish bursary eligibility and how to apply."
    ),
    dfe!(
        "accessibility-statement",
        Info,
        "No website accessibility statement.",
        "Good practice: publish a website accessibility statement, usually linked in the footer."
    ),
    dfe!(
        "privacy-notice",
        Info,
        "No privacy notice.",
        "Good practice under UK GDPR: publish privacy notices for pupils, parents and staff."
    ),
    dfe!(
        "trade-union-facility-time",
        Info,
        "No trade union facility time data.",
        "Good practice for large public-sector employers: publish facility time data by 31 July."
    ),
    RuleMeta {
        id: OUT_OF_DATE,
        severity: Severity::Error,
        summary: "A statutory item is published but out of date.",
        explanation: "The newest school year named on the item is older than the guidance allows. Pupil premium statements must be for the current year from 1 January; the PE and sport premium report for the previous year counts until 31 July; curriculum, careers, music plan and opening hours should name the current year; SEN, equality and safeguarding documents should be reviewed yearly. The finding has the severity of the item it is about.",
    },
];

/// A statutory item found present, and what proved it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Requirement id, e.g. `pupil-premium-strategy`.
    pub item: String,
    /// URL of the page or document that proved it.
    pub url: String,
    /// Why it counts (the matched title, heading or link text).
    pub reason: String,
    /// The newest academic year found on it, when the item is dated by year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
}

/// The rule id of a requirement (from [`RULES`], so it is `'static`).
fn rule_id(item: &Requirement) -> Option<&'static str> {
    RULES.iter().map(|r| r.id).find(|id| id.strip_prefix("dfe/") == Some(item.id.as_str()))
}

/// A target that proves an item, and why.
#[derive(Debug, Clone)]
struct Proof {
    target: usize,
    reason: String,
    /// The heading that matched, when the proof is a section of a page.
    heading: Option<String>,
}

/// Whether the site's pages show what is on the site, so that an item not
/// found on them can be called missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// The pages carry their content: an item not found is missing.
    Readable,
    /// The site is a JavaScript shell (see `rules::shell`): its content is
    /// built in the browser and was never seen, so an item not found was
    /// not looked for, and is not reported missing.
    ShellOnly,
}

/// Checks every applicable requirement against the whole site.
pub fn check_site(
    facts: &[PageFacts],
    site: &RenderedSite,
    ctx: &AuditContext,
    out: &mut Vec<Finding>,
) -> Vec<Evidence> {
    check_site_seen(facts, site, ctx, Visibility::Readable, out).0
}

/// [`check_site`] for a site whose pages may be a shell: with
/// [`Visibility::ShellOnly`] no item is reported missing. Returns the
/// evidence and how many applicable items were found nowhere (missing, or
/// not looked for on a shell).
pub fn check_site_seen(
    facts: &[PageFacts],
    site: &RenderedSite,
    ctx: &AuditContext,
    visibility: Visibility,
    out: &mut Vec<Finding>,
) -> (Vec<Evidence>, usize) {
    let cat = &*CATALOGUE;
    let targets = targets::collect(facts, site);

    // Items read inside another item's pages are decided after it.
    let mut proofs: Vec<Vec<Proof>> = vec![Vec::new(); cat.items.len()];
    for pass in [false, true] {
        for (i, item) in cat.items.iter().enumerate() {
            if item.within.is_some() != pass {
                continue;
            }
            let mut found: Vec<Proof> =
                targets.iter().enumerate().filter_map(|(t, target)| name_proof(item, t, target)).collect();
            if !item.body.is_empty() {
                let scope: Vec<usize> = match &item.within {
                    Some(w) => cat
                        .items
                        .iter()
                        .position(|r| &r.id == w)
                        .map(|p| proofs[p].iter().map(|pr| pr.target).collect())
                        .unwrap_or_default(),
                    None => (0..targets.len()).collect(),
                };
                for t in scope {
                    if found.iter().any(|p| p.target == t) {
                        continue;
                    }
                    let target = &targets[t];
                    if matches!(target.kind, TargetKind::Page(_) | TargetKind::Document(_))
                        && let Some(phrase) = first_phrase(&target.body_norm, &item.body)
                    {
                        found.push(Proof {
                            target: t,
                            reason: format!("its text mentions \"{phrase}\""),
                            heading: None,
                        });
                    }
                }
            }
            proofs[i] = found;
        }
    }

    let mut evidence = Vec::new();
    let mut not_found = 0;
    for (i, item) in cat.items.iter().enumerate() {
        let force = item.force_for(&ctx.profile);
        let (Some(severity), Some(rule)) = (force.severity(), rule_id(item)) else {
            continue;
        };
        let found = &proofs[i];
        if found.is_empty() {
            not_found += 1;
            if visibility == Visibility::Readable {
                out.push(missing(item, rule, severity, force, &targets, ctx));
            }
            continue;
        }
        let dated = newest_year(found, &targets, facts);
        let best = dated.as_ref().map_or(&found[0], |(p, _)| p);
        let stale = match (&dated, item.freshness) {
            (Some((_, year)), f) => freshness::judge(f, *year, ctx.today),
            _ => None,
        };
        if let Some(stale) = stale {
            let target = &targets[best.target];
            out.push(Finding::new(
                OUT_OF_DATE,
                severity,
                target.location.clone(),
                format!(
                    "The {} looks out of date: the newest school year on it is {} ({}), but {}.",
                    item.title, stale.newest, target.url, stale.expected
                ),
                item.help.clone(),
            ));
        } else {
            let target = &targets[best.target];
            let mut reason = best.reason.clone();
            if item.freshness != catalogue::Freshness::None && dated.is_none() {
                reason.push_str("; no school year is named on it, so its date was not checked");
            }
            // Present, but a review looks overdue: still evidence, plus a warning.
            if let Some((date, words, t)) = passed_review(found, &targets, ctx) {
                let reviewed = &targets[t];
                reason.push_str(&format!("; its next review date ({words}) has passed"));
                out.push(Finding::new(
                    OUT_OF_DATE,
                    severity.min(Severity::Warning),
                    reviewed.location.clone(),
                    format!(
                        "The {} ({}) says its next review is {words}, which has passed ({}).",
                        item.title,
                        reviewed.url,
                        date.format("%-d %B %Y")
                    ),
                    "Check the policy has been reviewed, then publish it with its new review date.",
                ));
            }
            evidence.push(Evidence {
                item: item.id.clone(),
                url: target.url.clone(),
                reason,
                year: dated
                    .as_ref()
                    .filter(|_| item.freshness != catalogue::Freshness::None)
                    .map(|(_, y)| y.to_string()),
            });
        }
        if item.web_page && found.iter().all(|p| matches!(targets[p.target].kind, TargetKind::Document(_))) {
            let doc = &targets[found[0].target];
            out.push(Finding::new(
                rule,
                Severity::Warning,
                doc.location.clone(),
                format!(
                    "The {} is only in a downloadable file ({}); it should be readable on a web page.",
                    item.title, doc.url
                ),
                item.help.clone(),
            ));
        }
        for check in &item.checks {
            let Some(sev) = item.check_force(check, &ctx.profile).severity() else {
                continue;
            };
            if let Some((location, message)) = run_check(item, check, found, &targets, facts, ctx) {
                out.push(Finding::new(rule, sev, location, message, item.help.clone()));
            }
        }
    }
    (evidence, not_found)
}

/// Does a name of the target prove the item?
fn name_proof(item: &Requirement, t: usize, target: &Target<'_>) -> Option<Proof> {
    let proof = |reason: String, heading: Option<String>| Some(Proof { target: t, reason, heading });
    match target.kind {
        TargetKind::Broken => return None,
        TargetKind::External => {
            let host = target.host.as_deref().unwrap_or("");
            if item.hosts.iter().any(|h| host.contains(h.as_str())) {
                let from = target.fields.iter().find_map(|f| f.on_page.clone()).unwrap_or_default();
                return proof(format!("link to {host} on {from}"), None);
            }
            if !item.off_site {
                return None;
            }
        }
        _ => {}
    }
    // What a parent sees first makes the clearest reason: titles, headings
    // and link text before file names and addresses.
    let mut fields: Vec<&targets::Field> = target.fields.iter().collect();
    fields.sort_by_key(|f| match f.kind {
        FieldKind::Title | FieldKind::Heading => 0,
        FieldKind::LinkText => 1,
        FieldKind::DocumentStart => 2,
        FieldKind::FileName | FieldKind::Url => 3,
    });
    for field in fields {
        if let Some(name) = first_phrase(&field.norm, &item.names) {
            let heading = (field.kind == FieldKind::Heading).then(|| field.raw.clone());
            return proof(format!("{} matches \"{name}\"", field.describe()), heading);
        }
        let exact_field = matches!(field.kind, FieldKind::Title | FieldKind::Heading | FieldKind::LinkText);
        if exact_field && item.exact.contains(&field.norm) {
            let heading = (field.kind == FieldKind::Heading).then(|| field.raw.clone());
            return proof(field.describe(), heading);
        }
    }
    if matches!(target.kind, TargetKind::Page(_) | TargetKind::Document(_)) {
        let seg = target.last_segment();
        if item.exact.contains(&seg) {
            return proof(format!("address {}", target.url), None);
        }
    }
    None
}

/// The newest academic year named on any proof, and that proof.
///
/// On a tie, a proof whose own name carries the year (a document linked as
/// "PP strategy 2026-27") beats a page whose text merely mentions it, so the
/// evidence cites the document itself.
fn newest_year(found: &[Proof], targets: &[Target<'_>], facts: &[PageFacts]) -> Option<(Proof, AcademicYear)> {
    let mut best: Option<(Proof, (AcademicYear, bool))> = None;
    for proof in found {
        let target = &targets[proof.target];
        let names: Vec<&str> = target.fields.iter().map(|f| f.raw.as_str()).collect();
        let year = AcademicYear::latest_in(&names.join("\n")).map(|y| (y, true)).or_else(|| {
            let body = match (&proof.heading, target.kind) {
                (Some(h), TargetKind::Page(p)) => section(&facts[p], h),
                _ => target.body.to_string(),
            };
            AcademicYear::latest_in(&body).map(|y| (y, false))
        });
        if let Some(rank) = year
            && best.as_ref().is_none_or(|(_, b)| rank > *b)
        {
            best = Some((proof.clone(), rank));
        }
    }
    best.map(|(p, (y, _))| (p, y))
}

/// A document or page proving the item whose latest "next review" date is
/// before today (only when none of the proofs has a review date still ahead).
fn passed_review(found: &[Proof], targets: &[Target<'_>], ctx: &AuditContext) -> Option<(NaiveDate, String, usize)> {
    let dated: Vec<(NaiveDate, String, usize)> = found
        .iter()
        .filter_map(|p| freshness::next_review_date(targets[p.target].body).map(|(d, w)| (d, w, p.target)))
        .collect();
    let latest = dated.into_iter().max_by_key(|(d, _, _)| *d)?;
    (latest.0 < ctx.today).then_some(latest)
}

/// The text of a page under one heading, up to the next heading: a hub page
/// lists many items, and only this section's dates belong to this item.
fn section(page: &PageFacts, heading: &str) -> String {
    let heads: Vec<&str> = page.headings.iter().map(|(_, h)| h.as_str()).collect();
    let mut out = Vec::new();
    let mut inside = false;
    for line in page.text.lines() {
        if line.trim() == heading.trim() {
            inside = true;
            continue;
        }
        if inside && heads.contains(&line.trim()) {
            break;
        }
        if inside {
            out.push(line);
        }
    }
    out.join("\n")
}

/// The finding for an item that was not found, with the nearest miss if any.
fn missing(
    item: &Requirement,
    rule: &'static str,
    severity: Severity,
    force: Force,
    targets: &[Target<'_>],
    ctx: &AuditContext,
) -> Finding {
    let who = if ctx.profile.school_type.is_maintained() { "maintained schools" } else { "academies" };
    let duty = match force {
        Force::Must => format!("{who} must publish this"),
        Force::Should => format!("{who} should publish this"),
        _ => "publishing this is recommended".to_string(),
    };
    let mut message = format!("Could not find the {} on the site ({duty}).", item.title);
    if let Some(hint) = near_miss(item, targets) {
        message.push_str(&format!(" Nearly matched: {hint}."));
    }
    Finding::new(rule, severity, Location::site(), message, item.help.clone())
}

/// The most useful "nearly matched" hint for a missing item.
fn near_miss(item: &Requirement, targets: &[Target<'_>]) -> Option<String> {
    let link_named = |t: &Target<'_>| {
        t.fields
            .iter()
            .filter(|f| f.kind == FieldKind::LinkText)
            .find(|f| first_phrase(&f.norm, &item.names).is_some())
            .map(|f| f.describe())
    };
    // A link with the right name that leads nowhere on this site.
    for t in targets.iter().filter(|t| t.kind == TargetKind::Broken) {
        if let Some(d) = link_named(t) {
            return Some(format!("{d} points to {}, which is not on the site", t.url));
        }
    }
    // A link with the right name to a website that does not count.
    for t in targets.iter().filter(|t| t.kind == TargetKind::External) {
        if let Some(d) = link_named(t) {
            return Some(format!("{d} goes to another website ({}), which does not count for this item", t.url));
        }
    }
    // A weaker synonym in a title, heading, link or file name.
    for t in targets.iter().filter(|t| t.kind != TargetKind::Broken) {
        for f in &t.fields {
            if let Some(p) = first_phrase(&f.norm, &item.near) {
                return Some(format!(
                    "{} on {} (\"{p}\") looks related but does not clearly name it",
                    f.describe(),
                    t.url
                ));
            }
        }
    }
    // The right words in running text, but nothing named for it.
    for t in targets.iter().filter(|t| matches!(t.kind, TargetKind::Page(_) | TargetKind::Document(_))) {
        // Short names ("aims", "send") are too common in running text to hint with.
        if let Some(p) = first_phrase(&t.body_norm, &item.names)
            && p.len() > 6
        {
            return Some(format!(
                "{} mentions \"{p}\" in its text, but no page, heading, link or document is named for it",
                t.url
            ));
        }
    }
    None
}

/// Runs one content check over the proofs; returns where and what is missing.
fn run_check(
    item: &Requirement,
    check: &ContentCheck,
    found: &[Proof],
    targets: &[Target<'_>],
    facts: &[PageFacts],
    ctx: &AuditContext,
) -> Option<(Location, String)> {
    let first = &targets[found.first()?.target];
    let links_of = |t: &Target<'_>| -> Vec<String> {
        match t.kind {
            TargetKind::Page(p) => facts[p].links.iter().map(|l| l.href.to_ascii_lowercase()).collect(),
            TargetKind::External => vec![t.url.to_ascii_lowercase()],
            _ => Vec::new(),
        }
    };
    let passes = |t: &Target<'_>| match check.kind {
        CheckKind::Postcode => has_uk_postcode(t.body),
        CheckKind::Phone => has_uk_phone(t.body) || links_of(t).iter().any(|h| h.starts_with("tel:")),
        CheckKind::Email => has_email(t.body) || links_of(t).iter().any(|h| h.starts_with("mailto:")),
        CheckKind::PersonNear => has_person_near(t.body, &check.phrases),
        CheckKind::Mentions => first_phrase(&t.body_norm, &check.phrases).is_some(),
        CheckKind::UrnInLink => false,
    };
    if check.kind == CheckKind::UrnInLink {
        let urn = ctx.profile.urn.as_deref().map(str::trim).filter(|u| !u.is_empty())?;
        let service_links: Vec<(String, &Target<'_>)> = found
            .iter()
            .map(|p| &targets[p.target])
            .flat_map(|t| links_of(t).into_iter().map(move |h| (h, t)))
            .filter(|(h, _)| {
                let host = targets::host_of(h).unwrap_or_default();
                item.hosts.iter().any(|s| host.contains(s.as_str()))
            })
            .collect();
        if service_links.iter().any(|(h, _)| h.contains(urn)) {
            return None;
        }
        return Some(match service_links.first() {
            Some((href, t)) => (
                t.location.clone(),
                format!(
                    "The {} goes to {href}, which is not the school's own page: its address does not include the school's URN ({urn}).",
                    item.title
                ),
            ),
            None => (
                first.location.clone(),
                format!(
                    "{} has no link to the school's own page on {} (needed for the {}).",
                    first.url,
                    item.hosts.first().map_or("the service", String::as_str),
                    item.title,
                ),
            ),
        });
    }
    if found.iter().any(|p| passes(&targets[p.target])) {
        return None;
    }
    Some((first.location.clone(), format!("{} does not show {} (part of the {}).", first.url, check.what, item.title)))
}

#[cfg(test)]
mod tests;

/// The catalogue's name for an item (`pupil-premium-strategy` → "pupil
/// premium strategy statement"), for reports that list items by name.
pub fn item_title(id: &str) -> Option<&'static str> {
    CATALOGUE.get(id).map(|r| r.title.as_str())
}

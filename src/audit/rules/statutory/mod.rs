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
mod phrases;
mod targets;
pub mod text;

use std::sync::LazyLock;

use rayon::prelude::*;
use serde::Serialize;

use self::catalogue::{CATALOGUE, CheckKind, ContentCheck, Force, Requirement};
use self::phrases::Norm;
use self::targets::{FieldKind, Target, TargetKind};
use self::text::{first_phrase, has_email, has_money, has_person_near, has_uk_phone, has_uk_postcode, normalise};

use crate::audit::{AuditContext, Finding, Location, PageFacts, RuleMeta, Severity};
use crate::site::RenderedSite;

/// Rule id for a present item whose newest edition is too old.
pub const OUT_OF_DATE: &str = "dfe/out-of-date";

/// Rule id for a present item whose chosen evidence lacks some of the parts
/// the catalogue lists for it.
pub const INCOMPLETE: &str = "dfe/incomplete";

/// One rule per requirement in the catalogue (`dfe/<requirement-id>`),
/// generated from its `summary` and `explanation` so the catalogue stays the
/// single source, plus [`INCOMPLETE`] and [`OUT_OF_DATE`]. Severity here is
/// the strongest the rule reports; each finding carries the severity for the
/// school's type (maintained or academy).
pub static RULES: LazyLock<Vec<RuleMeta>> = LazyLock::new(|| {
    let items = CATALOGUE.items.iter().map(|item| RuleMeta {
        id: &item.rule,
        severity: item.strongest_severity(),
        summary: &item.summary,
        explanation: &item.explanation,
    });
    items.chain(GENERAL_RULES.iter().copied()).collect()
});

/// The rules about items in general, not one item.
const GENERAL_RULES: &[RuleMeta] = &[
    RuleMeta {
        id: INCOMPLETE,
        severity: Severity::Warning,
        summary: "A statutory item is published but lacks some of what it must contain.",
        explanation: "Some items have required parts: the PE and sport premium report gives the amount received, how it was spent, its impact, how the improvements will be sustained and the three Year 6 swimming figures (25 metres, a range of strokes, safe self-rescue); the governance page gives each governor's term of office and appointing body; the SEN information report names the SENCO and how to contact them; the pupil premium statement names the school year it covers and when it will be reviewed. The parts are looked for only in the page or document chosen as the item's evidence (shown in the statutory table), so the swimming figures in a newsletter do not complete the PE report. The finding is a warning at most, and information for items that are only advice.",
    },
    RuleMeta {
        id: OUT_OF_DATE,
        severity: Severity::Error,
        summary: "A statutory item is published but out of date.",
        explanation: "The newest school year named on the item is older than the guidance allows. Pupil premium statements must be for the current year from 1 January; the PE and sport premium report for the previous year counts until 31 July; curriculum, careers, music plan and opening hours should name the current year; SEN, equality and safeguarding documents should be reviewed yearly. The finding has the severity of the item it is about.",
    },
];

/// How strong a piece of evidence is: the lower, the stronger. Only ranks
/// 1 to 3 prove an item; words in running text are only ever a "nearly
/// matched" hint on a missing item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rank {
    /// A page whose title, `<h1>`, address or a link leading to it names
    /// the item, or a link to the official service that holds it.
    Page = 1,
    /// A document linked from a page, named for the item by its link text,
    /// file name or own title (or a trust or local authority document
    /// linked off-site).
    Document = 2,
    /// A section heading naming the item inside a page or linked document,
    /// or a part-item's words in the text of the evidence for the item it
    /// is part of (a register of interests on the governors page).
    Section = 3,
}

impl Rank {
    /// Plain-English name of the source, for reports.
    pub fn describe(self) -> &'static str {
        match self {
            Rank::Page => "page named for it",
            Rank::Document => "linked document named for it",
            Rank::Section => "section of a page or document",
        }
    }
}

/// A statutory item found present, and what proved it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Requirement id, e.g. `pupil-premium-strategy`.
    pub item: String,
    /// URL of the page or document that proved it.
    pub url: String,
    /// Why it counts (the matched title, heading or link text).
    pub reason: String,
    /// Which kind of source proved it (1 page, 2 document, 3 section).
    pub rank: Rank,
    /// The newest academic year found on it, when the item is dated by year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// The date read from the evidence itself, as written ("2024 – 2027",
    /// "2026-27", "next review July 2027"), whatever the item's rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// What the audit concluded about one applicable item: the line of the
/// statutory table a school reads to check the tool's work (terminal, the
/// private report and JSON all show the same list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictKind {
    /// Present and current: the evidence proves it.
    Found,
    /// Not found on any page or linked document.
    Missing,
    /// Present, but the dates read from its evidence are too old.
    OutOfDate,
    /// The site is a JavaScript shell: nothing could be looked for.
    NotChecked,
}

impl VerdictKind {
    /// The word in the table.
    pub fn word(self) -> &'static str {
        match self {
            VerdictKind::Found => "found",
            VerdictKind::Missing => "missing",
            VerdictKind::OutOfDate => "out of date",
            VerdictKind::NotChecked => "not checked",
        }
    }
}

/// One row of the statutory table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Requirement id, e.g. `pupil-premium-strategy` (the rule is `dfe/<id>`).
    pub id: String,
    /// The catalogue's plain-English name.
    pub title: String,
    pub verdict: VerdictKind,
    /// How strongly the school is asked to publish it ("must be published").
    pub force: &'static str,
    /// The page or document that proves it (or the stale one), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<Rank>,
    /// The date read from that evidence, as written ("2025-26", "2020 – 2024").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Why the evidence counts, or the nearest miss for a missing item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For a found item: the parts its evidence lacks (`what` of each
    /// catalogue part), reported as `dfe/incomplete`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_parts: Vec<String>,
    /// The school waived the finding behind this verdict (set by
    /// `audit::waivers`); the verdict itself is still what was found.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub waived: bool,
}

/// What the statutory check concluded for the whole site.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Items present and current, with what proved them.
    pub evidence: Vec<Evidence>,
    /// One verdict per applicable item, in catalogue order.
    pub verdicts: Vec<Verdict>,
    /// Applicable items found nowhere (missing, or not looked for on a shell).
    pub not_found: usize,
}

/// The rule id of a requirement (from [`RULES`], so it is `'static`; `None`
/// for an item of a catalogue other than the built-in one).
fn rule_id(item: &Requirement) -> Option<&'static str> {
    RULES.iter().map(|r| r.id).find(|id| id.strip_prefix("dfe/") == Some(item.id.as_str()))
}

/// A target that proves an item, and why.
#[derive(Debug, Clone)]
struct Proof {
    target: usize,
    rank: Rank,
    reason: String,
    /// The heading that matched, when the proof is a section of a page or document.
    heading: Option<String>,
    /// The proof is a part-item's words in the text of its parent's
    /// evidence, not a title, heading, link or file name naming it. Such a
    /// proof only stands when nothing names the item: the heading "Register
    /// of business interests" beats "business interests" in a sentence.
    by_text: bool,
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
    check_site_seen(facts, site, ctx, Visibility::Readable, out).evidence
}

/// The evidence chosen for one item, with the dates read from it.
#[derive(Debug, Clone)]
struct Chosen {
    proof: Proof,
    dates: freshness::DatesRead,
}

/// [`check_site`] for a site whose pages may be a shell: with
/// [`Visibility::ShellOnly`] no item is reported missing. Returns the
/// evidence, a verdict per applicable item and how many applicable items
/// were found nowhere (missing, or not looked for on a shell).
pub fn check_site_seen(
    facts: &[PageFacts],
    site: &RenderedSite,
    ctx: &AuditContext,
    visibility: Visibility,
    out: &mut Vec<Finding>,
) -> Outcome {
    let cat = &*CATALOGUE;
    let targets = targets::collect(facts, site);

    // Part-items are read inside the evidence chosen for their parents, so
    // parents are decided first (the catalogue has one level of parts).
    // Items of one pass are independent of each other, so they are decided
    // in parallel.
    let mut proofs: Vec<Vec<Proof>> = vec![Vec::new(); cat.items.len()];
    let mut chosen: Vec<Option<Chosen>> = vec![None; cat.items.len()];
    for pass in [false, true] {
        let decided: Vec<(usize, Vec<Proof>, Option<Chosen>)> = cat
            .items
            .par_iter()
            .enumerate()
            .filter(|(_, item)| item.within.is_empty() != pass)
            .map(|(i, item)| {
                let mut found: Vec<Proof> =
                    targets.iter().enumerate().filter_map(|(t, target)| name_proof(cat, item, t, target)).collect();
                if !item.body.is_empty() {
                    found.extend(part_proofs(cat, item, &chosen, &targets, facts));
                }
                let best = choose(&found, &targets, facts);
                (i, found, best)
            })
            .collect();
        for (i, found, best) in decided {
            chosen[i] = best;
            proofs[i] = found;
        }
    }
    // The "nearly matched" hint of every item found nowhere, read once each
    // (the finding and the table both quote it), in parallel.
    let hints: Vec<Option<String>> = cat
        .items
        .par_iter()
        .zip(&chosen)
        .map(|(item, chosen)| {
            let applies = item.force_for(&ctx.profile).severity().is_some() && rule_id(item).is_some();
            (applies && chosen.is_none() && visibility == Visibility::Readable)
                .then(|| near_miss(item, &targets))
                .flatten()
        })
        .collect();

    let mut evidence = Vec::new();
    let mut verdicts = Vec::new();
    let mut not_found = 0;
    for (i, item) in cat.items.iter().enumerate() {
        let force = item.force_for(&ctx.profile);
        let (Some(severity), Some(rule)) = (force.severity(), rule_id(item)) else {
            continue;
        };
        let Some(Chosen { proof: best, dates }) = &chosen[i] else {
            not_found += 1;
            let mut verdict = VerdictKind::NotChecked;
            let mut reason = None;
            if visibility == Visibility::Readable {
                verdict = VerdictKind::Missing;
                let hint = hints[i].as_deref();
                reason = hint.map(|hint| format!("nearly matched: {hint}"));
                out.push(missing(item, rule, severity, force, hint, ctx));
            }
            verdicts.push(Verdict {
                id: item.id.clone(),
                title: item.title.clone(),
                verdict,
                force: force.describe(),
                url: None,
                rank: None,
                date: None,
                reason,
                missing_parts: Vec::new(),
                waived: false,
            });
            continue;
        };
        let found = &proofs[i];
        let target = &targets[best.target];
        let mut reason = format!("{} ({})", best.reason, best.rank.describe());
        let mut row = Verdict {
            id: item.id.clone(),
            title: item.title.clone(),
            verdict: VerdictKind::Found,
            force: force.describe(),
            url: Some(target.url.clone()),
            rank: Some(best.rank),
            date: dates.shown(item.freshness),
            reason: None,
            missing_parts: Vec::new(),
            waived: false,
        };
        if let Some(stale) = freshness::judge_dates(item.freshness, dates, ctx.today) {
            // A stale edition is not evidence that the item is published: it
            // is reported out of date, and the table names the document.
            out.push(Finding::new(
                OUT_OF_DATE,
                severity,
                target.location.clone(),
                stale.message(&item.title, &target.url),
                item.help.clone(),
            ));
            row.verdict = VerdictKind::OutOfDate;
            row.reason = Some(reason);
            verdicts.push(row);
            continue;
        } else {
            if item.freshness != catalogue::Freshness::None && dates.year.is_none() && dates.period.is_none() {
                reason.push_str("; no school year is named on it, so its date was not checked");
            }
            // Present, but a review looks overdue: still evidence, plus a warning.
            if let Some((date, words)) = &dates.review
                && *date < ctx.today
            {
                // Still evidence that it is published, but the table lists it
                // as out of date beside its `dfe/out-of-date` warning.
                row.verdict = VerdictKind::OutOfDate;
                reason.push_str(&format!("; its next review date ({words}) has passed"));
                out.push(Finding::new(
                    OUT_OF_DATE,
                    severity.min(Severity::Warning),
                    target.location.clone(),
                    format!(
                        "The next review date on the {} ({}), {words}, has passed ({}).",
                        item.title,
                        target.url,
                        date.format("%-d %B %Y")
                    ),
                    "Check the policy has been reviewed, then publish it with its new review date.",
                ));
            }
        }
        row.missing_parts = missing_parts(item, best, dates, &targets, facts, ctx);
        if !row.missing_parts.is_empty() {
            let severity = if severity == Severity::Info { Severity::Info } else { Severity::Warning };
            out.push(Finding::new(
                INCOMPLETE,
                severity,
                target.location.clone(),
                format!(
                    "The {} ({}) is incomplete: it does not show {}.",
                    item.title,
                    target.url,
                    or_list(&row.missing_parts)
                ),
                item.help.clone(),
            ));
        }
        row.reason = Some(reason.clone());
        verdicts.push(row);
        evidence.push(Evidence {
            item: item.id.clone(),
            url: target.url.clone(),
            reason,
            rank: best.rank,
            year: dates
                .year
                .as_ref()
                .filter(|_| item.freshness != catalogue::Freshness::None)
                .map(|(y, _)| y.to_string()),
            date: dates.shown(item.freshness),
        });
        if item.web_page && found.iter().all(|p| matches!(targets[p.target].kind, TargetKind::Document(_))) {
            out.push(Finding::new(
                rule,
                Severity::Warning,
                target.location.clone(),
                format!(
                    "The {} is only in a downloadable file ({}); it should be readable on a web page.",
                    item.title, target.url
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
    Outcome { evidence, verdicts, not_found }
}

/// "latest Ofsted report" → "Latest Ofsted report", to start a sentence.
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Does this title, heading, link text or file name name the item? Returns
/// the phrase. A negative phrase anywhere in it means no.
fn names_item<'c>(item: &'c Requirement, norm: &Norm) -> Option<&'c str> {
    if norm.any(&item.not) {
        return None;
    }
    norm.first(&item.names).or_else(|| item.exact.iter().find(|e| e.as_str() == norm.text).map(|e| e.trim()))
}

/// Does a section heading name the item? Stricter than [`names_item`]: a
/// one-word name ("Governors", "Results") must be the whole heading, since
/// "Role of governors" in a menopause policy is not the governance page.
fn heading_names_item<'c>(item: &'c Requirement, norm: &Norm) -> Option<&'c str> {
    if norm.any(&item.not) {
        return None;
    }
    item.names
        .iter()
        .chain(&item.exact)
        .find(|p| p.as_str() == norm.text)
        .or_else(|| {
            // Contained names are among those the text holds at all.
            norm.first(&item.names)?;
            item.names.iter().find(|p| p.trim().contains(' ') && norm.contains(p.as_str()))
        })
        .map(|p| p.trim())
}

/// A document whose own title names something else ("Menopause policy",
/// "A parents' guide to TikTok", "Minutes of the full governing board"):
/// its link text or file name does not make it this item's document.
fn titled_for_something_else(cat: &catalogue::Catalogue, item: &Requirement, target: &Target<'_>) -> bool {
    let title = &target.doc_title;
    matches!(target.kind, TargetKind::Document(_))
        && title.split_whitespace().count() >= 2
        && cat.document_kinds.iter().any(|k| title.contains(k.as_str()))
        && names_item(item, title).is_none()
}

/// The strongest proof a target gives for an item by its names, if any.
fn name_proof(cat: &catalogue::Catalogue, item: &Requirement, t: usize, target: &Target<'_>) -> Option<Proof> {
    let proof = |rank: Rank, reason: String, heading: Option<String>| {
        Some(Proof { target: t, rank, reason, heading, by_text: false })
    };
    // Only what a visitor can reach, and never something whose own title
    // carries one of the item's negative phrases.
    if !target.linked || target.own_title.any(&item.not) {
        return None;
    }
    match target.kind {
        TargetKind::Broken => None,
        TargetKind::External => {
            let host = target.host.as_deref().unwrap_or("");
            let from = || target.fields.iter().find_map(|f| f.on_page.clone()).unwrap_or_default();
            if !host.is_empty() && item.hosts.iter().any(|h| host.contains(h.as_str())) {
                return proof(Rank::Page, format!("link to {host} on {}", from()), None);
            }
            if !item.off_site {
                return None;
            }
            target.fields.iter().filter(|f| f.kind == FieldKind::LinkText).find_map(|f| {
                let name = names_item(item, &f.norm)?;
                proof(Rank::Document, format!("{} (another website) matches \"{name}\"", f.describe()), None)
            })
        }
        TargetKind::Page(_) => {
            // What a parent sees first makes the clearest reason.
            let order = |f: &&targets::Field| match f.kind {
                FieldKind::Title => 0,
                FieldKind::Heading => 1,
                FieldKind::LinkText => 2,
                _ => 3,
            };
            let mut named: Vec<&targets::Field> = target
                .fields
                .iter()
                .filter(|f| match f.kind {
                    FieldKind::Title | FieldKind::LinkText => true,
                    FieldKind::Heading => f.level == 1,
                    _ => false,
                })
                .collect();
            named.sort_by_key(order);
            for f in named {
                if let Some(name) = names_item(item, &f.norm) {
                    return proof(Rank::Page, format!("{} matches \"{name}\"", f.describe()), None);
                }
            }
            if let Some(name) = names_item(item, &target.segment) {
                return proof(Rank::Page, format!("address {} matches \"{name}\"", target.url), None);
            }
            target.fields.iter().filter(|f| f.kind == FieldKind::Heading && f.level > 1).find_map(|f| {
                let name = heading_names_item(item, &f.norm)?;
                proof(Rank::Section, format!("{} matches \"{name}\"", f.describe()), Some(f.raw.clone()))
            })
        }
        TargetKind::Document(_) => {
            let foreign = titled_for_something_else(cat, item, target);
            if !foreign {
                let order = |f: &&targets::Field| match f.kind {
                    FieldKind::LinkText => 0,
                    FieldKind::DocumentStart => 1,
                    _ => 2,
                };
                let mut named: Vec<&targets::Field> = target
                    .fields
                    .iter()
                    .filter(|f| matches!(f.kind, FieldKind::LinkText | FieldKind::DocumentStart | FieldKind::FileName))
                    .collect();
                named.sort_by_key(order);
                for f in named {
                    if let Some(name) = names_item(item, &f.norm) {
                        return proof(Rank::Document, format!("{} matches \"{name}\"", f.describe()), None);
                    }
                }
            }
            // Inside a document titled for something else, a one-word
            // heading names nothing: "Attendance" in governors' minutes
            // lists who came, it is not the attendance policy.
            target.fields.iter().filter(|f| f.kind == FieldKind::DocumentHeading).find_map(|f| {
                let name = heading_names_item(item, &f.norm)?;
                if foreign && !name.contains(' ') {
                    return None;
                }
                proof(Rank::Section, format!("{} matches \"{name}\"", f.describe()), Some(f.raw.clone()))
            })
        }
    }
}

/// Proofs of a part-item ("register of interests") in the text of the
/// evidence chosen for the items it is part of; without parents, in the
/// text of any page (a one-line statement such as "paper copies are free").
fn part_proofs(
    cat: &catalogue::Catalogue,
    item: &Requirement,
    chosen: &[Option<Chosen>],
    targets: &[Target<'_>],
    facts: &[PageFacts],
) -> Vec<Proof> {
    let mut out = Vec::new();
    if item.within.is_empty() {
        for (t, target) in targets.iter().enumerate() {
            if matches!(target.kind, TargetKind::Page(_))
                && let Some(phrase) = target.first_in_body(&item.body)
            {
                out.push(Proof {
                    target: t,
                    rank: Rank::Section,
                    reason: format!("its text says \"{phrase}\""),
                    heading: None,
                    by_text: true,
                });
            }
        }
        return out;
    }
    for parent_id in &item.within {
        let Some(p) = cat.items.iter().position(|r| &r.id == parent_id) else { continue };
        let Some(parent) = &chosen[p] else { continue };
        let target = &targets[parent.proof.target];
        let text = normalise(&evidence_text(&parent.proof, target, facts));
        // An off-site (trust or local authority) document cannot be read;
        // its link text ("Admissions policy, including in-year admissions") can.
        let link_text: String =
            target.fields.iter().filter(|f| f.kind == FieldKind::LinkText).map(|f| f.norm.text.as_str()).collect();
        if let Some(phrase) = first_phrase(&text, &item.body).or_else(|| first_phrase(&link_text, &item.body)) {
            out.push(Proof {
                target: parent.proof.target,
                rank: Rank::Section,
                reason: format!("part of the {}: its text mentions \"{phrase}\"", cat.items[p].title),
                heading: parent.proof.heading.clone(),
                by_text: true,
            });
        }
    }
    out
}

/// The text that belongs to a proof: the section under its heading, or the
/// whole page or document.
fn evidence_text(proof: &Proof, target: &Target<'_>, facts: &[PageFacts]) -> String {
    match (&proof.heading, target.kind) {
        (Some(h), TargetKind::Page(p)) => {
            section(&facts[p].text, &facts[p].headings.iter().map(|(_, h)| h.trim()).collect::<Vec<_>>(), h)
        }
        (Some(h), TargetKind::Document(_)) => section(target.body, &targets::heading_lines(target.body), h),
        _ => target.body.to_string(),
    }
}

/// The one piece of evidence for an item, as a person would pick it:
///
/// 1. the strongest rank wins;
/// 2. among equals, the school's own page or document beats a link to
///    another website (the school's SEN page, not the council's local offer
///    it links to);
/// 3. then something named for the item (a title, heading, link or file
///    name) beats a part-item's words in its parent's text;
/// 4. then the newest date read from each (last year's and this year's
///    statement both linked), then the first found.
///
/// A page named for the item that links to documents on the site named for
/// it (the pupil premium page listing the statements) is only their
/// container: the documents are what a person would pick, so they are
/// chosen instead. A link from it to another website is not: it is a
/// pointer elsewhere, and the school's page stays the evidence.
fn choose(found: &[Proof], targets: &[Target<'_>], facts: &[PageFacts]) -> Option<Chosen> {
    let off_site = |p: &Proof| targets[p.target].kind == TargetKind::External;
    let preference = |p: &Proof| (p.rank, off_site(p), p.by_text);
    let best = found.iter().map(preference).min()?;
    let pages: Vec<&str> =
        found.iter().filter(|p| p.rank == Rank::Page && !off_site(p)).map(|p| targets[p.target].url.as_str()).collect();
    let contained_document = |p: &&Proof| {
        p.rank == Rank::Document
            && matches!(targets[p.target].kind, TargetKind::Document(_))
            && targets[p.target]
                .fields
                .iter()
                .any(|f| f.kind == FieldKind::LinkText && f.on_page.as_deref().is_some_and(|on| pages.contains(&on)))
    };
    let contained: Vec<&Proof> = found.iter().filter(contained_document).collect();
    let pool: Vec<&Proof> = if best.0 == Rank::Page && !best.1 && !contained.is_empty() {
        let inner = contained.iter().map(|p| preference(p)).min().unwrap_or(best);
        contained.into_iter().filter(|p| preference(p) == inner).collect()
    } else {
        found.iter().filter(|p| preference(p) == best).collect()
    };
    let mut chosen: Option<Chosen> = None;
    for proof in pool {
        let dates = read_dates(proof, &targets[proof.target], facts);
        if chosen.as_ref().is_none_or(|b| dates.sort_key() > b.dates.sort_key()) {
            chosen = Some(Chosen { proof: proof.clone(), dates });
        }
    }
    chosen
}

/// Dates from one piece of evidence only: its own names first (title, link
/// text, file name: "Accessibility plan 2020 – 2024"), then its text (the
/// section under its heading for a section proof).
fn read_dates(proof: &Proof, target: &Target<'_>, facts: &[PageFacts]) -> freshness::DatesRead {
    let names: Vec<&str> = target
        .fields
        .iter()
        .filter(|f| match f.kind {
            FieldKind::Heading | FieldKind::DocumentHeading => proof.heading.as_deref() == Some(f.raw.as_str()),
            _ => true,
        })
        .map(|f| f.raw.as_str())
        .collect();
    let body = evidence_text(proof, target, facts);
    freshness::DatesRead::read(&names.join("\n"), &body)
}

/// The text under one heading, up to the next heading: a hub page lists
/// many items, and only this section's dates belong to this item.
fn section(text: &str, heads: &[&str], heading: &str) -> String {
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if !inside && line.trim() == heading.trim() {
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
    near_miss: Option<&str>,
    ctx: &AuditContext,
) -> Finding {
    let who = if ctx.profile.school_type.is_maintained() { "maintained schools" } else { "academies" };
    let duty = match force {
        Force::Must => format!("{who} must publish this"),
        Force::Should => format!("{who} should publish this"),
        _ => "publishing this is recommended".to_string(),
    };
    let mut message = format!("Could not find the {} on the site ({duty}).", item.title);
    if let Some(hint) = near_miss {
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
        if let Some(p) = t.first_in_body(&item.names)
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

/// The parts of an item (see `parts` in the catalogue) that its chosen
/// evidence does not show, in catalogue order. Only the chosen page,
/// document or section is read: the swimming figures in a newsletter do not
/// complete the PE and sport premium report.
fn missing_parts(
    item: &Requirement,
    best: &Proof,
    dates: &freshness::DatesRead,
    targets: &[Target<'_>],
    facts: &[PageFacts],
    ctx: &AuditContext,
) -> Vec<String> {
    if item.parts.is_empty() {
        return Vec::new();
    }
    let target = &targets[best.target];
    let text = evidence_text(best, target, facts);
    let norm = normalise(&text);
    let hrefs: Vec<String> = match target.kind {
        TargetKind::Page(p) if best.heading.is_none() => {
            facts[p].links.iter().map(|l| l.href.trim().to_ascii_lowercase()).collect()
        }
        _ => Vec::new(),
    };
    let link = |scheme: &str| hrefs.iter().any(|h| h.starts_with(scheme));
    item.parts
        .iter()
        .filter(|part| part.when.iter().all(|c| c.holds(&ctx.profile)))
        .filter(|part| {
            if part.item.is_some() {
                // A part that is an item of its own has its own verdict in
                // the table: found (wherever its evidence is), or reported
                // missing under its own rule. Never a second finding here.
                return false;
            }
            let present = match part.kind {
                CheckKind::Postcode => has_uk_postcode(&text),
                CheckKind::Phone => has_uk_phone(&text) || link("tel:"),
                CheckKind::Email => has_email(&text) || link("mailto:"),
                CheckKind::EmailOrPhone => has_email(&text) || has_uk_phone(&text) || link("mailto:") || link("tel:"),
                CheckKind::PersonNear => has_person_near(&text, &part.phrases),
                CheckKind::Mentions => first_phrase(&norm, &part.phrases).is_some(),
                CheckKind::Money => has_money(&text),
                CheckKind::SchoolYear => dates.year.is_some() || dates.period.is_some(),
                CheckKind::UrnInLink => true,
            };
            !present
        })
        .map(|part| part.what.clone())
        .collect()
}

/// "a", "a or b", "a, b or c": the parts an item lacks, in a sentence.
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
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
        CheckKind::EmailOrPhone => {
            has_email(t.body)
                || has_uk_phone(t.body)
                || links_of(t).iter().any(|h| h.starts_with("tel:") || h.starts_with("mailto:"))
        }
        CheckKind::Money => has_money(t.body),
        CheckKind::SchoolYear => !crate::academic_year::AcademicYear::find_labels(t.body).is_empty(),
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

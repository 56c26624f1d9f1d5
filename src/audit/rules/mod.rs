//! The rule families, one file each. Every family exposes `RULES` (its
//! catalogue entries) and the check functions the audit calls.

pub mod alt_text;
pub mod approval;
pub mod consent;
pub mod contact;
pub mod coverage;
pub mod crawl;
pub mod document_metadata;
pub mod faces;
pub mod file_names;
pub mod home_address;
pub mod image_metadata;
pub mod links;
pub mod names;
pub mod scripts;
pub mod shell;
pub mod statutory;
pub mod unreadable;
pub mod video;

use super::{AuditContext, Finding, PageFacts, PageView, PhotoUsage, RuleMeta};
use crate::site::{Asset, RenderedSite};

/// Every rule, in catalogue order.
pub fn all_rules() -> Vec<&'static RuleMeta> {
    [
        statutory::RULES.as_slice(),
        consent::RULES,
        coverage::RULES,
        names::RULES,
        alt_text::RULES,
        file_names::RULES,
        contact::RULES,
        home_address::RULES,
        scripts::RULES,
        image_metadata::RULES,
        video::RULES,
        document_metadata::RULES,
        links::RULES,
        faces::RULES,
        approval::RULES,
        super::waivers::RULES,
        crawl::RULES,
        unreadable::RULES,
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Looks a rule up by id.
pub fn rule(id: &str) -> Option<&'static RuleMeta> {
    all_rules().into_iter().find(|r| r.id == id)
}

/// Checks that read one page.
pub fn check_page(view: &PageView<'_>, ctx: &AuditContext, out: &mut Vec<Finding>) {
    names::check_page(view, ctx, out);
    alt_text::check_page(view, ctx, out);
    contact::check_page(view, ctx, out);
    scripts::check_page(view, ctx, out);
}

/// Checks that read one published file.
pub fn check_asset(asset: &Asset, usage: &PhotoUsage, ctx: &AuditContext, out: &mut Vec<Finding>) {
    consent::check_asset(asset, usage, ctx, out);
    names::check_asset(asset, ctx, out);
    file_names::check_asset(asset, ctx, out);
    contact::check_asset(asset, ctx, out);
    home_address::check_asset(asset, ctx, out);
    image_metadata::check_asset(asset, ctx, out);
    document_metadata::check_asset(asset, ctx, out);
    faces::check_asset(asset, usage, ctx, out);
    approval::check_asset(asset, usage, ctx, out);
}

/// Checks over the whole site; returns the statutory evidence and verdicts.
pub fn check_site(
    facts: &[PageFacts],
    site: &RenderedSite,
    ctx: &AuditContext,
    out: &mut Vec<Finding>,
) -> statutory::Outcome {
    links::check_site(facts, site, ctx, out);
    coverage::check_site(ctx, out);
    consent::check_register(ctx, out);
    // A JavaScript shell shows none of the site's content: decided once from
    // the page facts, it tells the statutory check not to call anything missing.
    let shell_page = shell::site_shell(facts);
    let visibility =
        if shell_page.is_some() { statutory::Visibility::ShellOnly } else { statutory::Visibility::Readable };
    let outcome = statutory::check_site_seen(facts, site, ctx, visibility, out);
    out.extend(shell_page.and_then(|page| shell::finding(page, outcome.not_found, &site.rendering)));
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_well_formed() {
        let rules = all_rules();
        let mut ids: Vec<&str> = rules.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len(), "duplicate rule id");
        for r in rules {
            let (family, name) = r.id.split_once('/').expect("id is family/name");
            assert!(!family.is_empty() && !name.is_empty(), "{}", r.id);
            assert!(
                r.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '/'),
                "{} must be lower-case kebab",
                r.id
            );
            assert!(!r.summary.is_empty() && !r.explanation.is_empty(), "{} needs words", r.id);
        }
    }
}

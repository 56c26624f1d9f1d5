//! Videos embedded from YouTube or Vimeo with the `video` shortcode.
//!
//! A video file published with the site is checked like a photo: its
//! people tags and the shortcode's `people=` go through the consent,
//! approval and metadata rules (`AssetKind::Video`). An embed is not a
//! file of the site, and Schoolgate cannot see inside it; so what the
//! author declared is all there is. Declared people are checked against
//! the register by the consent rule itself (through a stand-in asset with
//! no bytes, so the messages, redaction and waiver rules are the consent
//! rule's own), and an embed that declares nothing is a warning.

use std::sync::Arc;

use crate::audit::{AuditContext, Finding, Location, PhotoUsage, RuleMeta, Severity};
use crate::site::{Asset, AssetKind, RenderedSite};

pub const EMBED_UNDECLARED: &str = "video/embed-undeclared";

pub const RULES: &[RuleMeta] = &[RuleMeta {
    id: EMBED_UNDECLARED,
    severity: Severity::Warning,
    summary: "An embedded YouTube or Vimeo video does not say who is in it",
    explanation: "Schoolgate checks the people tags inside video files the site publishes, but \
it cannot see inside a video embedded from YouTube or Vimeo. The page has to say who is in it, \
so that every pupil shown is checked against the consent register like a photo: \
`{{ video(youtube=\"ID\", title=\"…\", people=\"HB1001, HB1002\") }}`, or `no_pupils=true` \
when it shows no pupils.\n\n**How to fix:** add `people=` (register ids or full names) or \
`no_pupils=true` to the video shortcode.",
}];

/// True for a declaration's address that is an embed rather than a file of
/// the site (the video shortcode writes embeds as `https://` addresses;
/// files of the site are always site-relative).
pub fn is_embed(src: &str) -> bool {
    src.starts_with("https://")
}

/// Findings for every embedded video on the site.
pub fn check_embeds(site: &RenderedSite, usage: &PhotoUsage, ctx: &AuditContext) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for page in &site.pages {
        for decl in page.photo_declarations.iter().filter(|d| is_embed(&d.src)) {
            if !decl.no_pupils && decl.people.is_empty() {
                out.push(Finding::new(
                    EMBED_UNDECLARED,
                    Severity::Warning,
                    Location::page(&page.url, decl.source.as_ref()),
                    format!(
                        "The embedded video {} does not say who is in it, and Schoolgate cannot look inside it.",
                        decl.src
                    ),
                    "Add `people=\"…\"` (register ids or full names) or `no_pupils=true` to the video shortcode.",
                ));
            }
            if !seen.insert(decl.src.clone()) {
                continue;
            }
            let stand_in = Asset {
                url: decl.src.clone(),
                kind: AssetKind::Video,
                bytes: Arc::from(&b""[..]),
                original_metadata: None,
                source: decl.source.clone(),
                text: None,
                original_document: None,
            };
            super::consent::check_asset(&stand_in, usage, ctx, &mut out);
        }
    }
    out
}

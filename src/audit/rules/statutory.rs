//! What the DfE says schools must publish. (Stub.)
use serde::Serialize;

use crate::audit::{AuditContext, Finding, PageFacts, RuleMeta};
use crate::site::RenderedSite;

pub const RULES: &[RuleMeta] = &[];

/// A statutory item found present, and what proved it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Requirement id, e.g. `pupil-premium-strategy`.
    pub item: String,
    /// URL of the page or document that proved it.
    pub url: String,
    /// Why it counts (the matched title, heading or link text).
    pub reason: String,
}

pub fn check_site(
    _facts: &[PageFacts],
    _site: &RenderedSite,
    _ctx: &AuditContext,
    _out: &mut Vec<Finding>,
) -> Vec<Evidence> {
    Vec::new()
}

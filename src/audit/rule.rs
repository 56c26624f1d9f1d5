//! Rule metadata: the catalogue `schoolgate rules` prints.

use super::Severity;

/// What a rule is, in words. Each family file declares a `RULES` slice of these.
#[derive(Debug, Clone, Copy)]
pub struct RuleMeta {
    /// Stable id, `family/name`. Never reused or renamed.
    pub id: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line: what it finds.
    pub summary: &'static str,
    /// Why it matters and how to fix it, in plain English (Markdown).
    pub explanation: &'static str,
}

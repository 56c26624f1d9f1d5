//! Personal contact details on pages. (Stub.)
use crate::audit::{AuditContext, Finding, PageView, RuleMeta};

pub const RULES: &[RuleMeta] = &[];

pub fn check_page(_view: &PageView<'_>, _ctx: &AuditContext, _out: &mut Vec<Finding>) {}

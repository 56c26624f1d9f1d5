//! Alt text on images. (Family owned by the page-rules work; stub.)
use crate::audit::{AuditContext, Finding, PageView, RuleMeta};

pub const RULES: &[RuleMeta] = &[];

pub fn check_page(_view: &PageView<'_>, _ctx: &AuditContext, _out: &mut Vec<Finding>) {}

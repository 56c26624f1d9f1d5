//! Pupils' full names in text, URLs, metadata and documents. (Stub.)
use crate::audit::{AuditContext, Finding, PageView, RuleMeta};
use crate::site::Asset;

pub const RULES: &[RuleMeta] = &[];

pub fn check_page(_view: &PageView<'_>, _ctx: &AuditContext, _out: &mut Vec<Finding>) {}

pub fn check_asset(_asset: &Asset, _ctx: &AuditContext, _out: &mut Vec<Finding>) {}

//! Personal metadata left in published images. (Stub.)
use crate::audit::{AuditContext, Finding, RuleMeta};
use crate::site::Asset;

pub const RULES: &[RuleMeta] = &[];

pub fn check_asset(_asset: &Asset, _ctx: &AuditContext, _out: &mut Vec<Finding>) {}

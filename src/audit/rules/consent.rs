//! Pupils shown without consent, found by people tags. (Stub.)
use crate::audit::{AuditContext, Finding, PageView, RuleMeta};
use crate::site::{Asset, RenderedSite};

pub const RULES: &[RuleMeta] = &[];

pub fn check_page(_view: &PageView<'_>, _site: &RenderedSite, _ctx: &AuditContext, _out: &mut Vec<Finding>) {}

pub fn check_asset(_asset: &Asset, _site: &RenderedSite, _ctx: &AuditContext, _out: &mut Vec<Finding>) {}

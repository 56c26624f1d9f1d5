//! Pages the audit could not read safely, so did not check.
//!
//! A page nested thousands of levels deep would overflow the stack of the
//! HTML parser and the checks that walk its tree, and a stack overflow
//! aborts the whole process (in a trust-wide audit, every school's report
//! with it). Such a page is set aside before parsing ([`crate::depth`]) and
//! reported here instead; the rest of the site is checked as usual.

use crate::audit::{Finding, Location, RuleMeta, Severity};
use crate::depth::TooDeep;
use crate::site::Page;

pub const PAGE_TOO_DEEP: &str = "page/too-deep";

pub const RULES: &[RuleMeta] = &[RuleMeta {
    id: PAGE_TOO_DEEP,
    severity: Severity::Error,
    summary: "A page nests its HTML far too deeply to be read safely, so it was not checked.",
    explanation: "The page has elements inside elements hundreds or thousands of levels deep. No real page \
needs that; it is a broken export or a deliberate attempt to crash checkers. Schoolgate did not read the \
page, so it could hold anything, including a child's name or photo.\n\n\
**How to fix it:** open the page in the website's editor and remove the nesting (often a block copied \
into itself many times), or ask whoever built the site.",
}];

/// The finding for a page set aside unread.
pub fn too_deep(page: &Page, deep: &TooDeep) -> Finding {
    Finding::new(
        PAGE_TOO_DEEP,
        Severity::Error,
        Location::page(&page.url, page.source.as_ref()),
        format!("The page {} was not checked: {}.", page.url, deep.describe("its HTML elements are")),
        "Remove the deep nesting from the page (a block pasted inside itself many times), then audit again.",
    )
}

//! The three producers of a [`crate::site::RenderedSite`]: Schoolgate's own
//! build of a Markdown site ([`build`]), a folder of HTML exported by any
//! other tool ([`folder`]), and a live website fetched over HTTP
//! ([`crawl`]). A JavaScript-only site from either of the last two is run
//! in headless Chromium first ([`render`]); [`live`] puts crawling and
//! rendering together for `audit URL` and `audit --trust`. Everything after this point (the audit, the reports, the
//! writer) reads only the site model, so one set of checks serves all three.

pub mod build;
pub mod crawl;
pub mod folder;
pub mod live;
pub mod render;

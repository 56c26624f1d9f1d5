//! Schoolgate builds a school's website from Markdown and audits it for
//! child-safeguarding and statutory compliance before anything is published.
//!
//! The flow is one-way: [`content`] loads the Markdown, [`render`] turns it
//! into a [`site::RenderedSite`], [`audit`] checks that model, and
//! [`output`] writes it only if the audit passed. See `ARCHITECTURE.md`.
//!
//! What a library user needs is here: the site model ([`site`], [`config`],
//! [`content`], [`render`]), the producers ([`source`]), the audit
//! ([`audit`], [`faces`], [`register`], [`names`]), the reports ([`report`],
//! [`trust`]) and the guards ([`guard`], [`output`]). The command line
//! (flags, subcommands, exit codes, `serve`'s preview server and `init`'s
//! embedded demo school) is private to the `schoolgate` binary.

pub mod academic_year;
pub mod approvals;
pub mod audit;
pub mod config;
pub mod content;
pub mod depth;
pub mod documents;
pub mod error;
pub mod escape;
pub mod faces;
pub mod find;
pub mod guard;
pub mod images;
pub mod input;
pub mod limits;
pub mod metadata;
pub mod names;
pub mod output;
pub mod progress;
pub mod publish;
pub mod register;
pub mod render;
pub mod report;
pub mod site;
pub mod source;
pub mod trust;
pub mod video;

//! The Tera templates of Schoolgate's own reports: the private HTML report,
//! `find`'s page and the trust dashboard, in `src/report/templates/`, embedded in the
//! binary.
//!
//! Unlike the site's templates (`site-template/`, which a school may
//! replace), these are not overridable: they are Schoolgate's own pages for
//! the school office and the trust, not part of the school's website. The
//! private report carries the "do not publish" banner, `noindex` and the
//! pupils' full names; letting a site's templates reshape it could drop the
//! warning or leak markup into it. So they are read only from the binary.
//!
//! Autoescaping is on (`.html`), with the same escape as the site's pages:
//! every value from a finding, a register or a school's name is text.

use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Tera};

use crate::error::BuildError;
use crate::render::templates::{add_embedded, chain, new_tera};

static EMBEDDED: include_dir::Dir<'static> = include_dir::include_dir!("$CARGO_MANIFEST_DIR/src/report/templates");

/// The report templates, parsed once.
fn tera() -> Result<&'static Tera, BuildError> {
    static TERA: OnceLock<Result<Tera, String>> = OnceLock::new();
    TERA.get_or_init(|| {
        let mut tera = new_tera();
        add_embedded(&mut tera, &EMBEDDED).map(|()| tera).map_err(|e| chain(&e))
    })
    .as_ref()
    .map_err(|message| bug(message.clone()))
}

/// Renders the embedded report template `name` with `data` as its context.
pub(crate) fn render(name: &str, data: &impl Serialize) -> Result<String, BuildError> {
    let ctx = Context::from_serialize(data).map_err(|e| bug(chain(&e)))?;
    tera()?.render(name, &ctx).map_err(|e| bug(format!("{name}: {}", chain(&e))))
}

/// A report template that does not render is a fault in Schoolgate, not in
/// anything the school wrote.
fn bug(message: String) -> BuildError {
    BuildError::Other {
        message: format!("Schoolgate could not lay out its report: {message}"),
        hint: "This is a bug in Schoolgate, not in your site: please report it with this message.".into(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_report_template_parses() {
        let tera = super::tera().unwrap();
        let mut names: Vec<&str> = tera.get_template_names().collect();
        names.sort_unstable();
        assert_eq!(names, ["find-report.html", "private-report.html", "trust-dashboard.html"]);
    }
}

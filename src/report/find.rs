//! The private HTML page of `schoolgate find --format html`: every place one
//! pupil appears, for the school office (a withdrawn consent, a looked-after
//! child, a subject access request). Laid out by the embedded
//! `find-report.html`; never written into a published folder (the command
//! guards `--output`).

use serde::Serialize;

use super::templates;
use crate::error::BuildError;
use crate::find::Appearance;

/// One row of the table, in words.
#[derive(Serialize)]
struct Row<'a> {
    kind: &'static str,
    url: &'a str,
    source: Option<&'a str>,
    shown_on: &'a [String],
    evidence: Vec<Said>,
}

#[derive(Serialize)]
struct Said {
    place: &'static str,
    detail: Option<String>,
}

#[derive(Serialize)]
struct View<'a> {
    pupil: &'a str,
    searched: &'a str,
    today: String,
    version: &'static str,
    appearances: Vec<Row<'a>>,
}

/// The page for `pupil` (as the register describes them) found in
/// `appearances` on `searched` ("the site built from .").
pub fn find_html(
    pupil: &str,
    searched: &str,
    appearances: &[Appearance],
    today: chrono::NaiveDate,
) -> Result<String, BuildError> {
    let rows = appearances
        .iter()
        .map(|a| Row {
            kind: a.kind.label(),
            url: &a.url,
            source: a.source.as_deref(),
            shown_on: &a.shown_on,
            evidence: a.evidence.iter().map(|e| Said { place: e.place.label(), detail: e.detail.clone() }).collect(),
        })
        .collect();
    let view = View {
        pupil,
        searched,
        today: today.format("%-d %B %Y").to_string(),
        version: env!("CARGO_PKG_VERSION"),
        appearances: rows,
    };
    templates::render("find-report.html", &view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::find::{Evidence, ItemKind, Place};

    fn day() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    #[test]
    fn lists_every_place_with_what_to_change_and_escapes_what_the_site_wrote() {
        let found = [
            Appearance {
                kind: ItemKind::Photo,
                url: "/news/sports-day/race.jpg".into(),
                source: Some("content/news/sports-day/race.jpg".into()),
                evidence: vec![Evidence { place: Place::PeopleTag, detail: Some("<b>Ruby Thornton</b>".into()) }],
                shown_on: vec!["/news/sports-day/".into()],
            },
            Appearance {
                kind: ItemKind::Page,
                url: "/news/sports-day/".into(),
                source: None,
                evidence: vec![Evidence { place: Place::Text, detail: None }],
                shown_on: vec![],
            },
        ];
        let html = find_html("3107  Ruby Thornton (Year 5)", "the site built from .", &found, day()).unwrap();
        assert!(html.contains("PRIVATE"), "the page says it is private");
        assert!(html.contains("noindex"));
        assert!(html.contains("Shown or named in 2 places"));
        assert!(html.contains("content/news/sports-day/race.jpg"));
        assert!(html.contains("shown on: /news/sports-day/"));
        assert!(html.contains("people tag: &lt;b&gt;Ruby Thornton&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<b>Ruby"), "a tag from a photo is text, not markup");
        assert!(!html.contains("<script"));
    }

    #[test]
    fn says_plainly_when_the_pupil_is_nowhere() {
        let html = find_html("3107  Ruby Thornton (Year 5)", "the folder public", &[], day()).unwrap();
        assert!(html.contains("Not shown or named anywhere on the folder public."));
        assert!(!html.contains("<table>"));
    }
}

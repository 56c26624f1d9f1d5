//! The settings block at the top of a Markdown file.
//!
//! Zola and Hugo users already write TOML between `+++` lines or YAML
//! between `---` lines, so both are accepted and existing Markdown moves over
//! unchanged. Unknown keys are refused: a typo such as `titel` would otherwise
//! silently produce a page without a title.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::error::{BuildError, line_of_offset};

/// Settings of a page or section.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<RawDate>,
    pub updated: Option<RawDate>,
    #[serde(default)]
    pub draft: bool,
    pub weight: Option<i64>,
    pub template: Option<String>,
    pub slug: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
    /// Where else the page's photos go besides the site (`shared_to =
    /// ["social_media", "newsletter"]`): every pupil shown on the page then
    /// needs consent for those purposes too. See [`crate::register::Purpose`].
    #[serde(default)]
    pub shared_to: Vec<crate::register::Purpose>,
    // Section-only settings (ignored on ordinary pages).
    pub sort_by: Option<SortBy>,
    pub paginate_by: Option<usize>,
    pub page_template: Option<String>,
    pub in_menu: Option<bool>,
    pub menu_title: Option<String>,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first (news).
    Date,
    /// Lowest weight first, then title.
    #[default]
    Weight,
    Title,
}

/// A date as written: TOML's native date or a string (YAML, or quoted TOML).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawDate {
    Toml(toml::value::Datetime),
    Text(String),
}

impl RawDate {
    /// The calendar date, accepting `2026-09-14`, `2026-09-14T10:00:00Z` and
    /// `14/09/2026` (the way a UK office writes it).
    pub fn to_date(&self) -> Option<NaiveDate> {
        let text = match self {
            RawDate::Toml(d) => d.to_string(),
            RawDate::Text(s) => s.trim().to_string(),
        };
        let head = text.get(..10).unwrap_or(&text);
        NaiveDate::parse_from_str(head, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(&text, "%d/%m/%Y")).ok()
    }
}

/// The 1-based line of `file` that sets `field` to `value`: the first line
/// of the settings block that holds the value as written, else the line
/// that names the field. For messages only, so a file that cannot be read
/// gives `None`.
pub fn field_line(file: &Path, field: &str, value: &str) -> Option<usize> {
    let text = std::fs::read_to_string(file).ok()?;
    let mut lines = text.lines().enumerate().skip(1);
    let fence = text.lines().next()?.trim_end().to_string();
    let block: Vec<(usize, &str)> = lines.by_ref().take_while(|(_, l)| l.trim_end() != fence).collect();
    let names_field = |l: &str| {
        let l = l.trim_start();
        l.strip_prefix(field).is_some_and(|rest| matches!(rest.trim_start().chars().next(), Some('=' | ':')))
    };
    let holds_value = |l: &str| !value.is_empty() && l.contains(value);
    let start = block.iter().position(|(_, l)| names_field(l));
    let found =
        start.and_then(|s| block[s..].iter().find(|(_, l)| holds_value(l))).or_else(|| start.map(|s| &block[s]))?;
    Some(found.0 + 1)
}

/// A Markdown file split into its settings and its body.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    pub front: FrontMatter,
    pub body: &'a str,
    /// 1-based line number of the first body line.
    pub body_line: usize,
}

/// Splits and parses the front matter of `text` (from `path`, for messages).
/// A file without any front matter is an error: every page needs a title.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, BuildError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (fence, is_toml) = if text.starts_with("+++") {
        ("+++", true)
    } else if text.starts_with("---") {
        ("---", false)
    } else {
        return Err(BuildError::FrontMatter {
            path: path.to_path_buf(),
            line: Some(1),
            message: "the file does not start with a settings block (+++ … +++)".into(),
        });
    };
    let after_open = match text[fence.len()..].find('\n') {
        Some(i) => fence.len() + i + 1,
        None => text.len(),
    };
    // Find the closing fence: a line that is exactly the fence.
    let mut pos = after_open;
    let mut close = None;
    while pos < text.len() {
        let end = text[pos..].find('\n').map(|i| pos + i).unwrap_or(text.len());
        if text[pos..end].trim_end() == fence {
            close = Some((pos, end));
            break;
        }
        pos = end + 1;
    }
    let Some((close_start, close_end)) = close else {
        return Err(BuildError::UnclosedFrontMatter { path: path.to_path_buf(), line: 1, fence });
    };
    let raw = &text[after_open..close_start];
    let front: FrontMatter = if is_toml {
        toml::from_str(raw).map_err(|e| BuildError::FrontMatter {
            path: path.to_path_buf(),
            line: Some(e.span().map(|s| line_of_offset(raw, s.start)).unwrap_or(0) + 1),
            message: e.message().to_string(),
        })?
    } else if raw.trim().is_empty() {
        FrontMatter::default()
    } else {
        serde_yaml_ng::from_str(raw).map_err(|e| BuildError::FrontMatter {
            path: path.to_path_buf(),
            line: e.location().map(|l| l.line() + 1),
            message: e.to_string(),
        })?
    };
    let body_start = (close_end + 1).min(text.len());
    Ok(Split { front, body: &text[body_start..], body_line: line_of_offset(text, body_start) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("content/news/sports-day.md")
    }

    #[test]
    fn toml_front_matter_with_native_date() {
        let s = split("+++\ntitle = \"Sports day\"\ndate = 2026-07-10\n+++\nHello\n", p()).unwrap();
        assert_eq!(s.front.title.as_deref(), Some("Sports day"));
        assert_eq!(s.front.date.unwrap().to_date(), NaiveDate::from_ymd_opt(2026, 7, 10));
        assert_eq!(s.body, "Hello\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn yaml_front_matter_with_uk_date() {
        let s = split("---\ntitle: Harvest festival\ndate: 03/10/2025\n---\nBody", p()).unwrap();
        assert_eq!(s.front.title.as_deref(), Some("Harvest festival"));
        assert_eq!(s.front.date.unwrap().to_date(), NaiveDate::from_ymd_opt(2025, 10, 3));
    }

    #[test]
    fn malformed_toml_names_the_file_line() {
        let err = split("+++\ntitle = \"Ok\"\ndate 2026-01-01\n+++\n", p()).unwrap_err();
        match err {
            BuildError::FrontMatter { line, .. } => assert_eq!(line, Some(3)),
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn typo_in_key_is_refused() {
        let err = split("+++\ntitel = \"Oops\"\n+++\n", p()).unwrap_err();
        match err {
            BuildError::FrontMatter { message, line, .. } => {
                assert!(message.contains("titel"), "{message}");
                assert_eq!(line, Some(2));
            }
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn shared_to_takes_purposes_and_refuses_others() {
        let s = split("+++\ntitle = \"Trip\"\nshared_to = [\"social_media\", \"newsletter\"]\n+++\n", p()).unwrap();
        use crate::register::Purpose;
        assert_eq!(s.front.shared_to, vec![Purpose::SocialMedia, Purpose::Newsletter]);
        let s = split("---\ntitle: Trip\nshared_to: [press]\n---\n", p()).unwrap();
        assert_eq!(s.front.shared_to, vec![Purpose::Press]);
        match split("+++\ntitle = \"Trip\"\nshared_to = [\"facebook\"]\n+++\n", p()).unwrap_err() {
            BuildError::FrontMatter { message, line, .. } => {
                assert!(message.contains("facebook") && message.contains("social_media"), "{message}");
                assert_eq!(line, Some(3));
            }
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn unclosed_block_is_reported() {
        let err = split("+++\ntitle = \"x\"\nNo end", p()).unwrap_err();
        assert!(matches!(err, BuildError::UnclosedFrontMatter { .. }));
    }
}

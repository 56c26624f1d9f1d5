//! What a check reports.

use serde::Serialize;

use crate::site::SourceRef;

/// How bad a finding is. Errors stop a deploy; warnings stop it only with
/// `--deny warnings`; info is for the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a finding is. Every field is optional because a site-wide finding
/// (a missing statutory page) has no page, and a folder audit has no source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Site-relative URL of the page the finding is on.
    pub page: Option<String>,
    /// Site-relative URL of the asset (photo, PDF) concerned.
    pub asset: Option<String>,
    /// The file the admin should edit, and the line when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceRefOut>,
}

/// Serialisable copy of a [`SourceRef`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRefOut {
    pub path: String,
    pub line: Option<usize>,
}

impl From<&SourceRef> for SourceRefOut {
    fn from(s: &SourceRef) -> Self {
        Self { path: s.path.display().to_string().replace('\\', "/"), line: s.line }
    }
}

impl Location {
    pub fn page(url: &str, source: Option<&SourceRef>) -> Self {
        Self { page: Some(url.to_string()), asset: None, source: source.map(Into::into) }
    }
    pub fn asset(url: &str, source: Option<&SourceRef>) -> Self {
        Self { page: None, asset: Some(url.to_string()), source: source.map(Into::into) }
    }
    pub fn site() -> Self {
        Self::default()
    }
    /// A short human label: source file and line if known, else the URL.
    pub fn label(&self) -> String {
        if let Some(src) = &self.source {
            return match src.line {
                Some(l) => format!("{}:{}", src.path, l),
                None => src.path.clone(),
            };
        }
        self.asset.clone().or_else(|| self.page.clone()).unwrap_or_else(|| "(whole site)".into())
    }
}

/// One problem (or, at info severity, one fact) found by a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule id, `family/name`.
    pub rule: &'static str,
    pub severity: Severity,
    pub location: Location,
    /// Plain-English message. Safe for CI logs: never a pupil's full name.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// Full detail that may name pupils; only for the private report.
    #[serde(skip)]
    pub private_detail: Option<String>,
    /// The unredacted location when `location` had a pupil's name taken out
    /// of an address or file name; only for the private report.
    #[serde(skip)]
    pub private_location: Option<Location>,
    /// What the check found, as written (a name, a phone number, a photo's
    /// file name), so the line it is on can be looked up in the source file
    /// (`audit::locate`). Never shown: it may spell a pupil's name.
    #[serde(skip)]
    pub needles: Vec<String>,
}

impl Finding {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        location: Location,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Self {
            rule,
            severity,
            location,
            message: message.into(),
            help: help.into(),
            private_detail: None,
            private_location: None,
            needles: Vec::new(),
        }
    }

    /// Adds what the check found as written, most specific first, for
    /// [`crate::audit::locate`] to find the source line.
    pub fn with_needles<I: IntoIterator<Item = S>, S: Into<String>>(mut self, needles: I) -> Self {
        self.needles.extend(needles.into_iter().map(Into::into));
        self
    }

    pub fn with_private_detail(mut self, detail: impl Into<String>) -> Self {
        self.private_detail = Some(detail.into());
        self
    }

    /// The real location, for the private report.
    pub fn real_location(&self) -> &Location {
        self.private_location.as_ref().unwrap_or(&self.location)
    }

    /// Sort key giving a stable report order: location, then rule.
    pub fn sort_key(&self) -> (String, &'static str, String) {
        (self.location.label(), self.rule, self.message.clone())
    }
}

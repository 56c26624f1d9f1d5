//! `schoolgate.toml`: the site's settings and the school's profile.
//!
//! The profile (type, phase, grants) decides which statutory items apply,
//! so it lives here rather than being guessed from the pages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::error::{BuildError, line_of_offset};
use crate::register::Purpose;

/// The name of the config file at the root of a site.
pub const CONFIG_FILE: &str = "schoolgate.toml";

/// Everything in `schoolgate.toml`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub school: SchoolProfile,
    #[serde(default)]
    pub site: SiteSettings,
    #[serde(default)]
    pub images: ImageSettings,
    #[serde(default)]
    pub register: Option<RegisterSettings>,
    #[serde(default)]
    pub staff: Option<StaffSettings>,
    #[serde(default)]
    pub audit: AuditSettings,
    #[serde(default)]
    pub publish: PublishSettings,
}

/// Kinds of school, as the DfE guidance distinguishes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum SchoolType {
    #[default]
    Community,
    VoluntaryControlled,
    Foundation,
    VoluntaryAided,
    Academy,
    FreeSchool,
    Special,
    PupilReferralUnit,
}

impl SchoolType {
    /// Maintained schools follow the School Information Regulations;
    /// academies and free schools follow their funding agreement.
    pub fn is_maintained(self) -> bool {
        !matches!(self, SchoolType::Academy | SchoolType::FreeSchool)
    }
    /// Foundation, voluntary aided schools and academies set their own admissions.
    pub fn own_admission_authority_by_default(self) -> bool {
        matches!(
            self,
            SchoolType::Foundation | SchoolType::VoluntaryAided | SchoolType::Academy | SchoolType::FreeSchool
        )
    }
}

/// Phase of education.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    Nursery,
    #[default]
    Primary,
    Middle,
    Secondary,
    AllThrough,
    SixteenPlus,
}

impl Phase {
    pub fn has_ks2(self) -> bool {
        matches!(self, Phase::Primary | Phase::Middle | Phase::AllThrough)
    }
    pub fn has_ks4(self) -> bool {
        matches!(self, Phase::Secondary | Phase::AllThrough)
    }
    pub fn has_primary_age(self) -> bool {
        matches!(self, Phase::Primary | Phase::Middle | Phase::AllThrough | Phase::Nursery)
    }
    pub fn has_secondary_age(self) -> bool {
        matches!(self, Phase::Secondary | Phase::AllThrough | Phase::Middle)
    }
}

/// The school itself: who it is and what rules apply to it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchoolProfile {
    #[serde(default)]
    pub name: String,
    /// Unique Reference Number from Get Information about Schools.
    #[serde(default)]
    pub urn: Option<String>,
    #[serde(default, rename = "type")]
    pub school_type: SchoolType,
    #[serde(default)]
    pub phase: Phase,
    /// Defaults from the school type when not given.
    #[serde(default)]
    pub own_admission_authority: Option<bool>,
    #[serde(default = "yes")]
    pub mainstream: bool,
    #[serde(default = "yes")]
    pub receives_pupil_premium: bool,
    /// Defaults to true for schools with primary-age pupils.
    #[serde(default)]
    pub receives_pe_sport_premium: Option<bool>,
    #[serde(default)]
    pub employees_250_plus: bool,
    #[serde(default = "yes")]
    pub has_uniform: bool,
    #[serde(default)]
    pub has_sixth_form: bool,
    /// Website of the academy trust, where trust-level documents may live.
    #[serde(default)]
    pub trust_site_url: Option<String>,
    /// The school's own contact details: the only ones that may be published.
    #[serde(default)]
    pub contact: SchoolContact,
}

fn yes() -> bool {
    true
}

/// The same defaults as an empty `[school]` table, so a folder audited from
/// flags alone is judged like a typical mainstream school (pupil premium,
/// uniform) rather than one that is exempt from everything.
impl Default for SchoolProfile {
    fn default() -> Self {
        Self {
            name: String::new(),
            urn: None,
            school_type: SchoolType::default(),
            phase: Phase::default(),
            own_admission_authority: None,
            mainstream: true,
            receives_pupil_premium: true,
            receives_pe_sport_premium: None,
            employees_250_plus: false,
            has_uniform: true,
            has_sixth_form: false,
            trust_site_url: None,
            contact: SchoolContact::default(),
        }
    }
}

impl SchoolProfile {
    pub fn own_admission_authority(&self) -> bool {
        self.own_admission_authority.unwrap_or_else(|| self.school_type.own_admission_authority_by_default())
    }
    pub fn receives_pe_sport_premium(&self) -> bool {
        self.receives_pe_sport_premium.unwrap_or_else(|| self.phase.has_primary_age())
    }
}

/// Contact details the school publishes on purpose.
#[derive(Debug, Clone, Deserialize, Default, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SchoolContact {
    #[serde(default)]
    pub address: Vec<String>,
    #[serde(default)]
    pub postcode: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Other addresses and numbers the school uses (clubs, nursery, trust).
    #[serde(default)]
    pub other_allowed: Vec<String>,
}

/// Where things are and how the site is addressed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    /// Absolute URL the site is published at (used in the sitemap and feed).
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// Site title; defaults to the school's name.
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_content_dir")]
    pub content_dir: PathBuf,
    #[serde(default = "default_template_dir")]
    pub template_dir: PathBuf,
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    /// Free values passed to every template as `config.extra`.
    #[serde(default)]
    pub extra: BTreeMap<String, toml::Value>,
}

fn default_base_url() -> String {
    "http://localhost".into()
}
fn default_language() -> String {
    "en-GB".into()
}
fn default_content_dir() -> PathBuf {
    "content".into()
}
fn default_template_dir() -> PathBuf {
    "site-template".into()
}
fn default_output_dir() -> PathBuf {
    "public".into()
}

impl Default for SiteSettings {
    fn default() -> Self {
        Self {
            base_url: default_base_url(),
            title: None,
            language: default_language(),
            content_dir: default_content_dir(),
            template_dir: default_template_dir(),
            output_dir: default_output_dir(),
            extra: BTreeMap::new(),
        }
    }
}

/// How photos are prepared for the web.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageSettings {
    /// Photos wider than this are scaled down and re-encoded.
    #[serde(default = "default_max_width")]
    pub max_width: u32,
    /// JPEG quality used when re-encoding (1–100).
    #[serde(default = "default_quality")]
    pub quality: u8,
}

fn default_max_width() -> u32 {
    1600
}
fn default_quality() -> u8 {
    82
}

impl Default for ImageSettings {
    fn default() -> Self {
        Self { max_width: default_max_width(), quality: default_quality() }
    }
}

/// Where the consent register is and how to read its columns.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RegisterSettings {
    pub path: PathBuf,
    /// Worksheet name for Excel files (default: the first sheet).
    #[serde(default)]
    pub sheet: Option<String>,
    /// Column-name preset (`sims`, `arbor`, `bromcom`); auto-detected when absent.
    #[serde(default)]
    pub preset: Option<String>,
    /// Explicit column names, by field: `id`, `legal_forename`,
    /// `preferred_forename`, `middle_names`, `surname`, `year`,
    /// `website_photo`, `name`, `social_media`, `expires`, `newsletter`,
    /// `press`, `prospectus`, `exported`.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// What the site publishes photos for: the consent every pupil shown
    /// needs (`website`, the default; `social_media`, `newsletter`,
    /// `press`, `prospectus`). A page's `shared_to` adds more.
    #[serde(default)]
    pub purpose: Purpose,
    /// When the register was exported, for a file that has no export-date
    /// column: `exported = "2026-11-30"` (or `30/11/2026`). Without either,
    /// the file's modified time is used.
    #[serde(default, deserialize_with = "date_setting")]
    pub exported: Option<NaiveDate>,
    /// How old the export may be before the audit warns that consent may
    /// have been withdrawn since (default 30 days).
    #[serde(default)]
    pub max_age_days: Option<u32>,
}

impl RegisterSettings {
    /// Default age limit of a register export, in days.
    pub const DEFAULT_MAX_AGE_DAYS: u32 = 30;

    pub fn max_age_days(&self) -> u32 {
        self.max_age_days.unwrap_or(Self::DEFAULT_MAX_AGE_DAYS)
    }
}

/// A date setting written as a TOML date (`2026-11-30`) or text in any form
/// the register's dates may take (`"30/11/2026"`).
fn date_setting<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Toml(toml::value::Datetime),
        Text(String),
    }
    let text = match Raw::deserialize(d)? {
        Raw::Toml(t) => t.to_string(),
        Raw::Text(s) => s,
    };
    crate::register::values::parse_date(&text).map_err(serde::de::Error::custom)
}

/// Where the staff list is.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct StaffSettings {
    pub path: PathBuf,
}

/// Audit behaviour.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AuditSettings {
    /// Treat warnings as failures.
    #[serde(default)]
    pub deny_warnings: bool,
    /// File of waivers (rule + target + reason + expiry).
    #[serde(default)]
    pub waivers: Option<PathBuf>,
    /// Phrases that look like a pupil's name but are not (place names,
    /// buildings): "Grace Church", "Rose Hill".
    #[serde(default)]
    pub not_names: Vec<String>,
    /// Look for faces in published photos (on unless `faces = false`;
    /// `--no-faces` turns it off for one run). See [`crate::faces`].
    #[serde(default)]
    pub faces: Option<bool>,
    /// A photo that shows pupils must have a recorded approval
    /// (`schoolgate approve`) for its exact bytes. See [`crate::approvals`].
    #[serde(default)]
    pub require_photo_approval: bool,
    /// Where approvals are recorded (default `private/approvals.toml`); it
    /// must lie outside the published folders.
    #[serde(default)]
    pub approvals: Option<PathBuf>,
    /// Extra hosts that are preview or staging copies of the site
    /// (`"*.oldcms.example"`, `"preview.example.org"`): links to them are
    /// `links/staging-host`. Well-known preview hosts need not be listed.
    #[serde(default)]
    pub staging_hosts: Vec<String>,
}

/// Which kinds of file the school publishes on purpose beyond the ones
/// Schoolgate understands and checks (pages, photos, PDF, Word, plain text,
/// stylesheets and scripts). See [`crate::publish`].
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PublishSettings {
    /// File extensions to publish, without the dot: `["ics", "csv"]`.
    /// Spreadsheets are read and checked for pupils' names when allowed;
    /// a file that looks like a register is refused even so.
    #[serde(default)]
    pub allow: Vec<String>,
}

impl PublishSettings {
    /// True when the school allowed files ending in `.ext`.
    pub fn allows(&self, ext: &str) -> bool {
        self.allow.iter().any(|a| a.trim().trim_start_matches('.').eq_ignore_ascii_case(ext))
    }
}

impl AuditSettings {
    pub fn faces_enabled(&self) -> bool {
        self.faces.unwrap_or(true)
    }
}

impl Config {
    /// Reads `schoolgate.toml` from a site root.
    pub fn load(root: &Path) -> Result<Config, BuildError> {
        let path = root.join(CONFIG_FILE);
        let text = crate::input::read_text(&path, crate::limits::MAX_SETTINGS_BYTES)?;
        Self::parse(&text, &path)
    }

    /// Parses config text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, BuildError> {
        toml::from_str::<Config>(text).map_err(|e| BuildError::Config {
            path: path.to_path_buf(),
            line: e.span().map(|s| line_of_offset(text, s.start)),
            message: e.message().to_string(),
        })
    }

    pub fn site_title(&self) -> &str {
        self.site.title.as_deref().unwrap_or(&self.school.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_defaults_follow_school_type() {
        let cfg = Config::parse(
            "[school]\nname = \"Oak Academy\"\ntype = \"academy\"\nphase = \"secondary\"\n",
            Path::new("schoolgate.toml"),
        )
        .expect("valid config");
        assert!(cfg.school.own_admission_authority());
        assert!(!cfg.school.receives_pe_sport_premium());
        assert!(!cfg.school.school_type.is_maintained());
        assert_eq!(cfg.site.output_dir, PathBuf::from("public"));
    }

    #[test]
    fn default_profile_matches_an_empty_school_table() {
        let parsed = Config::parse("[school]\n", Path::new("schoolgate.toml")).unwrap().school;
        let default = SchoolProfile::default();
        assert_eq!(
            (parsed.mainstream, parsed.receives_pupil_premium, parsed.has_uniform),
            (default.mainstream, default.receives_pupil_premium, default.has_uniform)
        );
        assert!(default.mainstream && default.receives_pupil_premium);
    }

    #[test]
    fn register_purpose_and_export_date_settings() {
        let cfg = Config::parse(
            "[register]\npath = \"r.csv\"\npurpose = \"newsletter\"\nexported = 2026-11-30\nmax_age_days = 14\n",
            Path::new("schoolgate.toml"),
        )
        .unwrap();
        let r = cfg.register.unwrap();
        assert_eq!(r.purpose, Purpose::Newsletter);
        assert_eq!(r.exported, NaiveDate::from_ymd_opt(2026, 11, 30));
        assert_eq!(r.max_age_days(), 14);
        let r = Config::parse("[register]\npath = \"r.csv\"\nexported = \"30/11/2026\"\n", Path::new("s.toml"))
            .unwrap()
            .register
            .unwrap();
        assert_eq!((r.purpose, r.max_age_days()), (Purpose::Website, 30));
        assert_eq!(r.exported, NaiveDate::from_ymd_opt(2026, 11, 30));
        for bad in ["purpose = \"facebook\"", "exported = \"last week\""] {
            let err =
                Config::parse(&format!("[register]\npath = \"r.csv\"\n{bad}\n"), Path::new("s.toml")).expect_err(bad);
            match err {
                BuildError::Config { line, .. } => assert_eq!(line, Some(3), "{bad}"),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn unknown_key_is_an_error_with_a_line() {
        let err = Config::parse("[school]\nname = \"X\"\nnmae = \"Y\"\n", Path::new("schoolgate.toml"))
            .expect_err("typo must be refused");
        match err {
            BuildError::Config { line, message, .. } => {
                assert_eq!(line, Some(3));
                assert!(message.contains("nmae"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}

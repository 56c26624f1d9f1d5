//! What a photo is used for, and how old the register's answers are.
//!
//! Consent forms ask parents separately about the website, social media,
//! the newsletter, the press and the prospectus, and a "yes" for one is not
//! a "yes" for another: a parent may be happy with the school website but
//! not with Facebook. A site publishes for one purpose (`[register]
//! purpose`, default the website); a page may also say it is shared
//! elsewhere (`shared_to` in its front matter), and then every pupil shown
//! on it needs those purposes too.
//!
//! Consent can be withdrawn at any time, so the register is only as good
//! as its export: [`ExportDate`] says when it was taken from the MIS.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Field;

/// A use of pupils' photos that consent forms ask about separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// The school's own website.
    #[default]
    Website,
    /// The school's social media accounts.
    SocialMedia,
    /// The school newsletter (often also published as a PDF).
    Newsletter,
    /// The local press and other media.
    Press,
    /// The school prospectus.
    Prospectus,
}

impl Purpose {
    pub const ALL: [Purpose; 5] =
        [Purpose::Website, Purpose::SocialMedia, Purpose::Newsletter, Purpose::Press, Purpose::Prospectus];

    /// The value written in `schoolgate.toml` and front matter.
    pub fn key(self) -> &'static str {
        match self {
            Purpose::Website => "website",
            Purpose::SocialMedia => "social_media",
            Purpose::Newsletter => "newsletter",
            Purpose::Press => "press",
            Purpose::Prospectus => "prospectus",
        }
    }

    /// For messages: "consent for photos on social media".
    pub fn describe(self) -> &'static str {
        match self {
            Purpose::Website => "the school website",
            Purpose::SocialMedia => "social media",
            Purpose::Newsletter => "the newsletter",
            Purpose::Press => "the press and media",
            Purpose::Prospectus => "the prospectus",
        }
    }

    /// The register column that holds the answer.
    pub fn field(self) -> Field {
        match self {
            Purpose::Website => Field::WebsitePhoto,
            Purpose::SocialMedia => Field::SocialMedia,
            Purpose::Newsletter => Field::Newsletter,
            Purpose::Press => Field::Press,
            Purpose::Prospectus => Field::Prospectus,
        }
    }
}

impl std::fmt::Display for Purpose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// When the register was exported, and how Schoolgate knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportDate {
    pub date: NaiveDate,
    pub from: ExportedFrom,
}

/// Where an export date came from, strongest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportedFrom {
    /// A column of the register ("Date exported"), with its header as
    /// written. When rows differ, the oldest date is taken.
    Column(String),
    /// `[register] exported` in schoolgate.toml.
    Setting,
    /// The file's modified time: a copy or a checkout resets it, so it is
    /// the weakest evidence.
    FileModified,
}

impl ExportDate {
    /// "its "Date exported" column", for messages.
    pub fn describe_source(&self) -> String {
        match &self.from {
            ExportedFrom::Column(h) => format!("its \"{}\" column", h.trim()),
            ExportedFrom::Setting => "`exported` under [register] in schoolgate.toml".into(),
            ExportedFrom::FileModified => "the file's modified time".into(),
        }
    }
}

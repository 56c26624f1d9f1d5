//! The consent register and the staff list: who the school's pupils are,
//! what their parents agreed to, and which adults may be named.
//!
//! These files are private. They are read from outside the published tree
//! and nothing in them is ever written into the site.

use std::path::PathBuf;

use chrono::NaiveDate;

pub mod columns;
mod load;
pub mod purpose;
pub mod table;
pub mod values;

pub use columns::{Field, PRESETS};
pub use load::{TITLES, load_register, load_staff};
pub use purpose::{ExportDate, ExportedFrom, Purpose};

/// A pupil's identifier from the MIS (UPN, admission number, MIS id…).
/// Kept as text: schools use letters, leading zeros and dashes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PupilId(pub String);

impl std::fmt::Display for PupilId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Year group or class as the register writes it ("Year 4", "Reception", "4B").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct YearGroup(pub String);

/// One consent answer. A blank or unrecognised answer is `Refused`: the
/// safe default is that no consent was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consent {
    Granted,
    Refused,
}

/// One pupil on the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pupil {
    pub id: PupilId,
    pub legal_forename: String,
    pub preferred_forename: Option<String>,
    pub middle_names: Option<String>,
    pub surname: String,
    pub year: Option<YearGroup>,
    pub website_photo: Consent,
    pub name: Consent,
    pub social_media: Consent,
    /// Photos in the school's newsletter (a register column may be absent:
    /// then `Refused`, and [`ConsentRegister::purpose_columns`] says so).
    pub newsletter: Consent,
    /// Photos given to the local press or media.
    pub press: Consent,
    /// Photos in the printed or online prospectus.
    pub prospectus: Consent,
    /// Consent lapses after this date (review/expiry column).
    pub expires: Option<NaiveDate>,
    /// Other ids of the same pupil in the register (the UPN when the id
    /// is the admission number, or the other way round): a photo tagged
    /// with either names this child.
    pub other_ids: Vec<PupilId>,
    /// 1-based row in the register file, for messages.
    pub row: usize,
}

#[cfg(test)]
impl Pupil {
    /// A pupil for unit tests: id `{first}{surname}`, register row 2, website
    /// photos allowed, every other consent refused, no expiry.
    pub(crate) fn for_tests(first: &str, preferred: Option<&str>, surname: &str, year: &str) -> Pupil {
        Pupil {
            id: PupilId(format!("{first}{surname}")),
            legal_forename: first.into(),
            preferred_forename: preferred.map(str::to_string),
            middle_names: None,
            surname: surname.into(),
            year: Some(YearGroup(year.into())),
            website_photo: Consent::Granted,
            name: Consent::Refused,
            social_media: Consent::Refused,
            newsletter: Consent::Refused,
            press: Consent::Refused,
            prospectus: Consent::Refused,
            expires: None,
            other_ids: Vec::new(),
            row: 2,
        }
    }
}

impl Pupil {
    fn current(&self, consent: Consent, today: NaiveDate) -> bool {
        consent == Consent::Granted && self.expires.is_none_or(|d| d >= today)
    }
    /// Parents agreed to website photos, and that agreement has not expired.
    pub fn may_show_photo(&self, today: NaiveDate) -> bool {
        self.current(self.website_photo, today)
    }
    /// The register's answer for photos used for `purpose`.
    pub fn consent_for(&self, purpose: Purpose) -> Consent {
        match purpose {
            Purpose::Website => self.website_photo,
            Purpose::SocialMedia => self.social_media,
            Purpose::Newsletter => self.newsletter,
            Purpose::Press => self.press,
            Purpose::Prospectus => self.prospectus,
        }
    }
    /// Parents agreed to photos being used for `purpose`, and that agreement
    /// has not expired (one expiry date covers every purpose).
    pub fn may_use_photo_for(&self, purpose: Purpose, today: NaiveDate) -> bool {
        self.current(self.consent_for(purpose), today)
    }
    /// Parents agreed to the pupil being named, and it has not expired.
    pub fn may_publish_name(&self, today: NaiveDate) -> bool {
        self.current(self.name, today)
    }
    /// The name to use where a pupil may be mentioned in a CI log: first
    /// name and year group only ("Harry (Year 4)"), never the surname.
    pub fn safe_label(&self) -> String {
        let first = self.preferred_forename.as_deref().unwrap_or(&self.legal_forename);
        match &self.year {
            Some(y) => format!("{first} ({})", y.0),
            None => first.to_string(),
        }
    }
    /// The first names the pupil is known by: legal, then preferred when
    /// it differs. Both are searched for.
    pub fn forenames(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.legal_forename.as_str()).chain(self.preferred_forename.as_deref())
    }
    /// Full name, for the private report only.
    pub fn full_name(&self) -> String {
        let first = self.preferred_forename.as_deref().unwrap_or(&self.legal_forename);
        format!("{first} {}", self.surname)
    }
}

/// The whole consent register.
#[derive(Debug, Clone, Default)]
pub struct ConsentRegister {
    pub pupils: Vec<Pupil>,
    /// File it was read from.
    pub source: PathBuf,
    /// What the site publishes photos for (`[register] purpose`, default
    /// the website): the consent every pupil shown needs.
    pub purpose: Purpose,
    /// Purposes the register has a column for. A purpose without a column
    /// cannot have been agreed to, so a page shared for it needs the column
    /// added; the website always has one (it is required).
    pub purpose_columns: std::collections::BTreeSet<Purpose>,
    /// When the register was exported from the MIS, and how that is known.
    /// `None` only for registers made in code.
    pub exported: Option<ExportDate>,
    /// Older than this many days, the export is stale (`[register] max_age_days`).
    pub max_age_days: u32,
}

/// One adult who may be named on the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub title: Option<String>,
    pub forename: String,
    pub surname: String,
    pub role: Option<String>,
}

/// Staff and governors whose names may be published.
#[derive(Debug, Clone, Default)]
pub struct StaffList {
    pub members: Vec<StaffMember>,
    pub source: PathBuf,
}

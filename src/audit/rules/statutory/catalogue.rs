//! The DfE requirement catalogue: data, not code.
//!
//! `dfe-requirements.toml` says, for every requirement, who it applies to,
//! how strongly, how a school's site usually names it and how fresh it must
//! be. Keeping that in data lets someone who knows the guidance (not Rust)
//! correct a synonym or a deadline. It is compiled into the binary and parsed
//! once; the tests below prove it parses and that every item has a rule.

use std::sync::LazyLock;

use serde::Deserialize;

use super::text::normalise_all;
use crate::audit::Severity;
use crate::config::SchoolProfile;

/// The built-in catalogue text.
const SOURCE: &str = include_str!("../dfe-requirements.toml");

/// The catalogue, parsed on first use.
pub static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    // The text is part of the binary and `catalogue_parses` checks it, so a
    // failure here is a build defect, not a user error.
    Catalogue::parse(SOURCE).expect("built-in dfe-requirements.toml is valid (see tests)")
});

/// Every requirement, in the file's order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Words that mark a document's own title as naming a particular
    /// document ("policy", "minutes", "guide"): such a document is evidence
    /// only for the items its title names, or through a heading inside it.
    #[serde(default)]
    pub document_kinds: Vec<String>,
    #[serde(rename = "item")]
    pub items: Vec<Requirement>,
}

impl Catalogue {
    /// Parses catalogue text and normalises every phrase list for matching.
    pub fn parse(text: &str) -> Result<Self, toml::de::Error> {
        let mut cat: Catalogue = toml::from_str(text)?;
        normalise_all(&mut cat.document_kinds);
        for item in &mut cat.items {
            item.rule = format!("dfe/{}", item.id);
            for list in [&mut item.names, &mut item.exact, &mut item.near, &mut item.body, &mut item.not] {
                normalise_all(list);
            }
            for check in item.checks.iter_mut().chain(item.parts.iter_mut()).filter(|c| c.kind == CheckKind::Mentions) {
                normalise_all(&mut check.phrases);
            }
        }
        Ok(cat)
    }

    pub fn get(&self, id: &str) -> Option<&Requirement> {
        self.items.iter().find(|r| r.id == id)
    }
}

/// How strongly the guidance asks for an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Force {
    /// Does not apply to this type of school.
    NotRequired,
    /// Good practice, or a duty we could not verify.
    Advice,
    /// DfE recommends it, or statutory guidance says schools should.
    Should,
    /// Required by law or by the funding agreement.
    Must,
}

impl Force {
    /// The severity a missing item is reported at, or `None` when it does not apply.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Force::NotRequired => None,
            Force::Advice => Some(Severity::Info),
            Force::Should => Some(Severity::Warning),
            Force::Must => Some(Severity::Error),
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Force::NotRequired => "not required",
            Force::Advice => "recommended as good practice",
            Force::Should => "should be published",
            Force::Must => "must be published",
        }
    }
}

/// How sure the reference is about an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Confidence {
    /// Checked against GOV.UK.
    G,
    /// Several agreeing mirrors of the DfE text.
    Q,
    /// Unverified; only ever advice.
    U,
}

/// A fact about the school that decides whether an item applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Condition {
    Maintained,
    Academy,
    Ks2,
    Ks4,
    PrimaryAge,
    SecondaryAge,
    OwnAdmissionAuthority,
    Mainstream,
    PupilPremium,
    PeSportPremium,
    #[serde(rename = "employees-250-plus")]
    Employees250Plus,
    Uniform,
    SixthForm,
    /// The school belongs to a trust with its own website.
    Trust,
}

impl Condition {
    pub fn holds(self, p: &SchoolProfile) -> bool {
        match self {
            Condition::Maintained => p.school_type.is_maintained(),
            Condition::Academy => !p.school_type.is_maintained(),
            Condition::Ks2 => p.phase.has_ks2(),
            Condition::Ks4 => p.phase.has_ks4(),
            Condition::PrimaryAge => p.phase.has_primary_age(),
            Condition::SecondaryAge => p.phase.has_secondary_age(),
            Condition::OwnAdmissionAuthority => p.own_admission_authority(),
            Condition::Mainstream => p.mainstream,
            Condition::PupilPremium => p.receives_pupil_premium,
            Condition::PeSportPremium => p.receives_pe_sport_premium(),
            Condition::Employees250Plus => p.employees_250_plus,
            Condition::Uniform => p.has_uniform,
            Condition::SixthForm => p.has_sixth_form || p.phase == crate::config::Phase::SixteenPlus,
            Condition::Trust => p.trust_site_url.is_some(),
        }
    }
}

/// How an item goes out of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Freshness {
    /// Kept up to date on change; nothing to date it by.
    #[default]
    None,
    /// Must name the current academic year.
    AcademicYear,
    /// The edition for academic year Y is due on `month`/`day` of the
    /// calendar year (Y's start year + `year_offset`); before that Y-1's counts.
    Deadline { month: u32, day: u32, year_offset: i32 },
    /// Must be less than `months` old (dated by its newest year label).
    Rolling { months: u32 },
    /// A plan covering a period of years ("Accessibility plan 2024 – 2027"):
    /// out of date once the period written on it has ended (31 August of
    /// its last year); without a period, dated like `Rolling { months }`.
    Plan { months: u32 },
}

/// A content check on the pages or documents that prove an item.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentCheck {
    pub kind: CheckKind,
    /// What is looked for, in plain English ("a telephone number").
    pub what: String,
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Overrides the item's force for both school types.
    #[serde(default)]
    pub force: Option<Force>,
    /// Profile conditions for this part alone (the chair of governors on the
    /// contact page is asked of academies only).
    #[serde(default)]
    pub when: Vec<Condition>,
    /// For a part of an item that is also an item of its own (governors'
    /// business interests within governance information): the part is
    /// complete when that item is found anywhere, and when it is not, that
    /// item's own finding says so, so the part is not reported twice.
    #[serde(default)]
    pub item: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    Postcode,
    Phone,
    Email,
    /// An off-site link to one of the item's hosts carries the school's URN.
    UrnInLink,
    /// A person's name written next to one of the phrases.
    PersonNear,
    /// One of the phrases appears.
    Mentions,
    /// An email address or a telephone number.
    EmailOrPhone,
    /// An amount in pounds ("£17,800").
    Money,
    /// A school year written on it ("2026-27", "2026 to 2027", "Autumn 2026").
    SchoolYear,
}

/// One thing a school site must or should publish.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub id: String,
    pub title: String,
    /// One line for `schoolgate rules` and the reports.
    pub summary: String,
    /// What the duty is and how to meet it (`schoolgate rules dfe/ID`).
    pub explanation: String,
    /// `dfe/<id>`, set by [`Catalogue::parse`].
    #[serde(skip)]
    pub rule: String,
    pub confidence: Confidence,
    pub maintained: Force,
    pub academy: Force,
    #[serde(default)]
    pub when: Vec<Condition>,
    /// Prove the item in a title, heading, link text, address or file name
    /// (normalised by [`Catalogue::parse`]).
    pub names: Vec<String>,
    /// Prove it only as the whole title, heading, link text or last address segment.
    #[serde(default)]
    pub exact: Vec<String>,
    /// Never proof; reported as "nearly matched" when the item is missing.
    #[serde(default)]
    pub near: Vec<String>,
    /// Negative phrases: a title, heading, link text or file name containing
    /// one of them does not name this item ("SEND code of practice" is the
    /// national code, not the school's SEN information report).
    #[serde(default)]
    pub not: Vec<String>,
    /// Phrases that prove a part-item in the text of the evidence chosen for
    /// its `within` items, or, without `within`, in the text of a page (never
    /// of a document nobody named for anything).
    #[serde(default)]
    pub body: Vec<String>,
    /// The items this one is a part of: `body` is read only in their chosen
    /// evidence.
    #[serde(default)]
    pub within: Vec<String>,
    #[serde(default)]
    pub hosts: Vec<String>,
    /// The guidance wants it readable on a web page, not only in a download.
    #[serde(default)]
    pub web_page: bool,
    #[serde(default)]
    pub off_site: bool,
    #[serde(default)]
    pub freshness: Freshness,
    #[serde(default)]
    pub checks: Vec<ContentCheck>,
    /// What a complete edition of the item contains (the PE and sport
    /// premium report's amount, spend, impact, sustainability and Year 6
    /// swimming figures). Looked for in the item's chosen evidence only; a
    /// present item lacking some is reported as `dfe/incomplete`.
    #[serde(default)]
    pub parts: Vec<ContentCheck>,
    pub help: String,
}

impl Requirement {
    /// The strongest severity the item's rule reports, for any school type
    /// (its entry in `schoolgate rules`); each finding carries the severity
    /// for the school's own type.
    pub fn strongest_severity(&self) -> Severity {
        let strongest = self.maintained.max(self.academy);
        strongest.severity().unwrap_or(Severity::Info)
    }

    /// How strongly this school is asked to publish the item
    /// (`NotRequired` when the item does not apply to it at all).
    pub fn force_for(&self, profile: &SchoolProfile) -> Force {
        if !self.when.iter().all(|c| c.holds(profile)) {
            return Force::NotRequired;
        }
        if profile.school_type.is_maintained() { self.maintained } else { self.academy }
    }

    /// Severity of a content check for this school.
    pub fn check_force(&self, check: &ContentCheck, profile: &SchoolProfile) -> Force {
        if !check.when.iter().all(|c| c.holds(profile)) {
            return Force::NotRequired;
        }
        let item = self.force_for(profile);
        match check.force {
            Some(f) if item != Force::NotRequired => f.min(item),
            _ => item,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Phase, SchoolType};

    #[test]
    fn catalogue_parses_with_unique_ids() {
        let cat = Catalogue::parse(SOURCE).unwrap();
        assert!(cat.items.len() >= 47);
        let mut ids: Vec<&str> = cat.items.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), cat.items.len(), "duplicate requirement id");
        for item in &cat.items {
            assert!(!item.names.is_empty(), "{} needs names", item.id);
            for w in &item.within {
                assert!(cat.get(w).is_some(), "{}: within {w} is not an item", item.id);
            }
            for part in &item.parts {
                assert!(!part.what.is_empty(), "{}: a part needs `what`", item.id);
                if let Some(other) = &part.item {
                    assert!(cat.get(other).is_some(), "{}: part item {other} is not an item", item.id);
                }
                if part.item.is_none() && matches!(part.kind, CheckKind::Mentions | CheckKind::PersonNear) {
                    assert!(!part.phrases.is_empty(), "{}: part {} needs phrases", item.id, part.what);
                }
            }
            // Unverified items are advice at most, as the reference asks.
            if item.confidence == Confidence::U {
                assert!(item.maintained <= Force::Advice && item.academy <= Force::Advice, "{}", item.id);
            }
        }
    }

    #[test]
    fn force_follows_school_type_as_the_reference_says() {
        let cat = &*CATALOGUE;
        let maintained = SchoolProfile { school_type: SchoolType::Community, ..Default::default() };
        let academy = SchoolProfile { school_type: SchoolType::Academy, ..Default::default() };
        let f = |id: &str, p: &SchoolProfile| cat.get(id).unwrap().force_for(p);
        assert_eq!(f("contact-details", &maintained), Force::Must);
        assert_eq!(f("contact-details", &academy), Force::Should);
        assert_eq!(f("governance-interests", &maintained), Force::Should);
        assert_eq!(f("governance-interests", &academy), Force::Must);
        // Not in academies' baseline list, reported [U]: advice, as the reference says.
        assert_eq!(f("financial-benchmarking-link", &academy), Force::Advice);
        assert_eq!(f("academy-trust-documents", &maintained), Force::NotRequired);
        // Community schools are not their own admission authority.
        assert_eq!(f("admission-arrangements", &maintained), Force::NotRequired);
        assert_eq!(f("admission-arrangements", &academy), Force::Must);
        assert_eq!(f("careers-programme", &maintained), Force::NotRequired);
        let secondary = SchoolProfile { phase: Phase::Secondary, ..maintained.clone() };
        assert_eq!(f("careers-programme", &secondary), Force::Must);
        assert_eq!(f("pe-sport-premium", &secondary), Force::NotRequired);
        let special = SchoolProfile { mainstream: false, ..maintained.clone() };
        assert_eq!(f("senco-contact", &special), Force::NotRequired);
        assert_eq!(f("sen-information-report", &special), Force::Must);
    }

    #[test]
    fn a_check_is_never_stronger_than_its_item() {
        let cat = &*CATALOGUE;
        let academy = SchoolProfile { school_type: SchoolType::Academy, ..Default::default() };
        let contact = cat.get("contact-details").unwrap();
        let email = contact.checks.iter().find(|c| c.kind == CheckKind::Email).unwrap();
        let postcode = contact.checks.iter().find(|c| c.kind == CheckKind::Postcode).unwrap();
        assert_eq!(contact.check_force(postcode, &academy), Force::Should);
        assert_eq!(contact.check_force(email, &academy), Force::Should);
        let maintained = SchoolProfile::default();
        assert_eq!(contact.check_force(postcode, &maintained), Force::Must);
        // The chair of governors is asked of academies only.
        let chair = contact.checks.iter().find(|c| c.what.contains("chair of governors")).unwrap();
        assert_eq!(contact.check_force(chair, &maintained), Force::NotRequired);
        assert_eq!(contact.check_force(chair, &academy), Force::Should);
    }
}

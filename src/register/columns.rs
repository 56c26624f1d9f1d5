//! Which register column holds which fact.
//!
//! Three ways to say it, strongest first: explicit names in
//! `[register.columns]`, a preset for the school's MIS, then guessing from
//! common header names. Headers are compared after [`header_key`], so
//! "Legal Forename", "legal_forename" and "LEGAL-FORENAME" are the same.

use std::collections::BTreeMap;

/// A fact the register can hold, one per column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Id,
    LegalForename,
    PreferredForename,
    MiddleNames,
    Surname,
    Year,
    WebsitePhoto,
    Name,
    SocialMedia,
    Expires,
    /// Photo consent for the newsletter (see [`super::Purpose`]).
    Newsletter,
    /// Photo consent for the press and media.
    Press,
    /// Photo consent for the prospectus.
    Prospectus,
    /// The date the register was exported from the MIS.
    Exported,
}

impl Field {
    pub const ALL: [Field; 14] = [
        Field::Id,
        Field::LegalForename,
        Field::PreferredForename,
        Field::MiddleNames,
        Field::Surname,
        Field::Year,
        Field::WebsitePhoto,
        Field::Name,
        Field::SocialMedia,
        Field::Expires,
        Field::Newsletter,
        Field::Press,
        Field::Prospectus,
        Field::Exported,
    ];

    /// Fields without which the register cannot be used. A register with
    /// no name-consent or social-media column is usable: every pupil then
    /// counts as having refused those.
    pub const REQUIRED: [Field; 4] = [Field::Id, Field::LegalForename, Field::Surname, Field::WebsitePhoto];

    /// The key used in `[register.columns]`.
    pub fn key(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::LegalForename => "legal_forename",
            Field::PreferredForename => "preferred_forename",
            Field::MiddleNames => "middle_names",
            Field::Surname => "surname",
            Field::Year => "year",
            Field::WebsitePhoto => "website_photo",
            Field::Name => "name",
            Field::SocialMedia => "social_media",
            Field::Expires => "expires",
            Field::Newsletter => "newsletter",
            Field::Press => "press",
            Field::Prospectus => "prospectus",
            Field::Exported => "exported",
        }
    }

    /// What the column holds, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Field::Id => "pupil id (UPN or admission number)",
            Field::LegalForename => "first name",
            Field::PreferredForename => "preferred first name",
            Field::MiddleNames => "middle names",
            Field::Surname => "surname",
            Field::Year => "year group",
            Field::WebsitePhoto => "website photo consent",
            Field::Name => "name-on-website consent",
            Field::SocialMedia => "social media consent",
            Field::Expires => "consent expiry or review date",
            Field::Newsletter => "newsletter photo consent",
            Field::Press => "press and media photo consent",
            Field::Prospectus => "prospectus photo consent",
            Field::Exported => "date the register was exported",
        }
    }

    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == key.trim())
    }

    /// Header names seen in the wild, most specific first.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Id => &[
                "id",
                "pupil id",
                "student id",
                "adno",
                "admission number",
                "admission no",
                "mis id",
                "upn",
                "pupil number",
                "person id",
                "reference",
            ],
            Field::LegalForename => &[
                "legal forename",
                "legal first name",
                "forename",
                "first name",
                "given name",
                "forenames",
                "firstname",
            ],
            Field::PreferredForename => {
                &["preferred forename", "preferred first name", "preferred name", "known as", "chosen name", "nickname"]
            }
            Field::MiddleNames => &["middle names", "middle name", "middle name(s)", "other names"],
            Field::Surname => &["legal surname", "legal last name", "surname", "last name", "family name", "lastname"],
            Field::Year => &[
                "year",
                "year group",
                "nc year",
                "yr",
                "class",
                "reg",
                "reg group",
                "registration group",
                "form",
                "tutor group",
            ],
            Field::WebsitePhoto => &[
                "website photo",
                "website photos",
                "photo consent",
                "website photo consent",
                "photo consent website",
                "consent website photos",
                "photos on website",
                "photographs",
                "photos",
            ],
            Field::Name => &[
                "name consent",
                "website name",
                "name on website",
                "website name consent",
                "name consent website",
                "consent name on website",
                "publish name",
            ],
            Field::SocialMedia => {
                &["social media", "social media consent", "photo consent social media", "consent social media"]
            }
            Field::Expires => &[
                "expires",
                "expiry",
                "expiry date",
                "consent expires",
                "consent expiry",
                "consent expiry date",
                "review date",
                "consent review date",
                "valid until",
                "review by",
            ],
            Field::Newsletter => &[
                "newsletter",
                "newsletters",
                "use in newsletters",
                "use in newsletter",
                "photo consent newsletter",
                "consent newsletter",
                "newsletter photos",
                "photos in newsletter",
                "photos in newsletters",
            ],
            Field::Press => &[
                "press",
                "press media",
                "press and media",
                "media",
                "local press",
                "photo consent press",
                "consent press",
                "press photos",
                "newspapers",
            ],
            Field::Prospectus => &[
                "prospectus",
                "school prospectus",
                "photo consent prospectus",
                "consent prospectus",
                "prospectus photos",
                "use in prospectus",
            ],
            Field::Exported => &[
                "date exported",
                "export date",
                "exported",
                "exported on",
                "date of export",
                "report date",
                "report run date",
                "run date",
                "extract date",
            ],
        }
    }

    /// Last resort for consent columns, whose headers vary most: a header
    /// with these words in it ("Consent: Photos – School Website").
    fn loose_match(self, key: &str) -> bool {
        let social = key.contains("social") || key.contains("facebook") || key.contains("twitter");
        let press = key.contains("press") || key.contains("newspaper") || (key.contains("media") && !social);
        let other_purpose = social || press || key.contains("newsletter") || key.contains("prospectus");
        match self {
            Field::WebsitePhoto => (key.contains("photo") || key.contains("image")) && !other_purpose,
            Field::Name => key.contains("name") && (key.contains("consent") || key.contains("website")),
            Field::SocialMedia => social,
            Field::Expires => key.contains("expir") || key.contains("review") || key.contains("validuntil"),
            Field::Newsletter => key.contains("newsletter"),
            Field::Press => press,
            Field::Prospectus => key.contains("prospectus"),
            Field::Exported => key.contains("exported") || key.contains("exportdate"),
            _ => false,
        }
    }
}

/// Lower-case letters and digits only: the form headers are compared in.
pub fn header_key(header: &str) -> String {
    header.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Presets for common MIS exports. These are plausible header names for
/// each system's report builder, written from their public help pages and
/// schools' templates; they are NOT an official specification. A school
/// whose export differs names its columns in `[register.columns]`.
pub fn preset(name: &str) -> Option<&'static [(Field, &'static str)]> {
    use Field::*;
    Some(match name.trim().to_ascii_lowercase().as_str() {
        "sims" => &[
            (Id, "Adno"),
            (LegalForename, "Legal Forename"),
            (PreferredForename, "Preferred Forename"),
            (MiddleNames, "Middle Name(s)"),
            (Surname, "Legal Surname"),
            (Year, "Year"),
            (WebsitePhoto, "Consent: Website Photographs"),
            (Name, "Consent: Name on Website"),
            (SocialMedia, "Consent: Social Media"),
            (Expires, "Consent Review Date"),
            (Newsletter, "Consent: Newsletter"),
            (Press, "Consent: Press/Media"),
            (Prospectus, "Consent: Prospectus"),
        ],
        "arbor" => &[
            (Id, "MIS ID"),
            (LegalForename, "Legal first name"),
            (PreferredForename, "Preferred first name"),
            (MiddleNames, "Middle names"),
            (Surname, "Legal last name"),
            (Year, "Year group"),
            (WebsitePhoto, "Photo consent - Website"),
            (Name, "Name consent - Website"),
            (SocialMedia, "Photo consent - Social media"),
            (Expires, "Consent expiry date"),
            (Newsletter, "Photo consent - Newsletter"),
            (Press, "Photo consent - Press"),
            (Prospectus, "Photo consent - Prospectus"),
            (Exported, "Date exported"),
        ],
        "bromcom" => &[
            (Id, "Student ID"),
            (LegalForename, "Legal Forename"),
            (PreferredForename, "Preferred Forename"),
            (MiddleNames, "Middle Names"),
            (Surname, "Legal Surname"),
            (Year, "NC Year"),
            (WebsitePhoto, "Website Photo Consent"),
            (Name, "Website Name Consent"),
            (SocialMedia, "Social Media Consent"),
            (Expires, "Consent Review Date"),
            (Newsletter, "Newsletter Consent"),
            (Press, "Press Consent"),
            (Prospectus, "Prospectus Consent"),
        ],
        _ => return None,
    })
}

/// Names of the presets, for messages.
pub const PRESETS: &[&str] = &["sims", "arbor", "bromcom"];

/// Why the columns could not be worked out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ColumnError {
    #[error("`{0}` in [register.columns] is not a register field; use one of: {1}")]
    UnknownField(String, String),
    #[error("the preset `{0}` is not known; use one of: {1}")]
    UnknownPreset(String, String),
    #[error("no column named \"{wanted}\" for the {what} (set in {set_by}); the columns found are: {found}")]
    NotFound { wanted: String, what: &'static str, set_by: &'static str, found: String },
    #[error("no column for the {missing}; the columns found are: {found}")]
    Missing { missing: String, found: String },
}

/// Column index of each field found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap(BTreeMap<Field, usize>);

impl ColumnMap {
    pub fn get(&self, field: Field) -> Option<usize> {
        self.0.get(&field).copied()
    }

    /// Works out the columns of `headers` from explicit names, a preset and
    /// the usual header names, in that order.
    pub fn resolve(
        headers: &[String],
        explicit: &BTreeMap<String, String>,
        preset_name: Option<&str>,
    ) -> Result<ColumnMap, ColumnError> {
        let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
        let found = || list_headers(headers);
        let find = |name: &str| {
            let k = header_key(name);
            keys.iter().position(|h| !h.is_empty() && *h == k)
        };
        let mut map = BTreeMap::new();

        for (key, column) in explicit {
            let field = Field::from_key(key)
                .ok_or_else(|| ColumnError::UnknownField(key.clone(), Field::ALL.map(Field::key).join(", ")))?;
            let idx = find(column).ok_or_else(|| ColumnError::NotFound {
                wanted: column.clone(),
                what: field.describe(),
                set_by: "schoolgate.toml [register.columns]",
                found: found(),
            })?;
            map.insert(field, idx);
        }

        if let Some(name) = preset_name {
            let entries =
                preset(name).ok_or_else(|| ColumnError::UnknownPreset(name.to_string(), PRESETS.join(", ")))?;
            for &(field, column) in entries {
                if map.contains_key(&field) {
                    continue;
                }
                match find(column) {
                    Some(idx) => {
                        map.insert(field, idx);
                    }
                    // A preset's required column must be there; optional
                    // ones may fall back to guessing below.
                    None if Field::REQUIRED.contains(&field) && guess(field, &keys, &map).is_none() => {
                        return Err(ColumnError::NotFound {
                            wanted: column.to_string(),
                            what: field.describe(),
                            set_by: "the preset chosen in schoolgate.toml",
                            found: found(),
                        });
                    }
                    None => {}
                }
            }
        }

        for field in Field::ALL {
            if !map.contains_key(&field)
                && let Some(idx) = guess(field, &keys, &map)
            {
                map.insert(field, idx);
            }
        }

        let missing: Vec<&str> =
            Field::REQUIRED.iter().filter(|f| !map.contains_key(f)).map(|f| f.describe()).collect();
        if !missing.is_empty() {
            return Err(ColumnError::Missing { missing: missing.join(", "), found: found() });
        }
        Ok(ColumnMap(map))
    }
}

/// The first unused column whose header is a known synonym (in the order
/// of preference), else one that loosely fits.
fn guess(field: Field, keys: &[String], taken: &BTreeMap<Field, usize>) -> Option<usize> {
    let free = |i: &usize| !taken.values().any(|t| t == i);
    field
        .synonyms()
        .iter()
        .find_map(|s| {
            let k = header_key(s);
            (0..keys.len()).filter(free).find(|&i| keys[i] == k)
        })
        .or_else(|| (0..keys.len()).filter(free).find(|&i| field.loose_match(&keys[i])))
}

fn list_headers(headers: &[String]) -> String {
    let shown: Vec<String> =
        headers.iter().filter(|h| !h.trim().is_empty()).map(|h| format!("\"{}\"", h.trim())).collect();
    if shown.is_empty() { "none (the first row is empty)".into() } else { shown.join(", ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn guesses_common_headers_whatever_the_spelling() {
        let h = headers(&[
            "UPN",
            "FIRST_NAME",
            "Known As",
            "Last Name",
            "Year Group",
            "Photo Consent (Website)",
            "Name on website?",
            "Review date",
        ]);
        let m = ColumnMap::resolve(&h, &BTreeMap::new(), None).unwrap();
        assert_eq!(m.get(Field::Id), Some(0));
        assert_eq!(m.get(Field::LegalForename), Some(1));
        assert_eq!(m.get(Field::PreferredForename), Some(2));
        assert_eq!(m.get(Field::Surname), Some(3));
        assert_eq!(m.get(Field::Year), Some(4));
        assert_eq!(m.get(Field::WebsitePhoto), Some(5));
        assert_eq!(m.get(Field::Name), Some(6));
        assert_eq!(m.get(Field::Expires), Some(7));
        assert_eq!(m.get(Field::SocialMedia), None);
    }

    #[test]
    fn social_media_photo_column_is_not_the_website_one() {
        let h = headers(&["Adno", "Forename", "Surname", "Photo consent - Social media", "Photo consent - Website"]);
        let m = ColumnMap::resolve(&h, &BTreeMap::new(), None).unwrap();
        assert_eq!(m.get(Field::WebsitePhoto), Some(4));
        assert_eq!(m.get(Field::SocialMedia), Some(3));
    }

    #[test]
    fn explicit_columns_win_and_bad_ones_are_explained() {
        let h = headers(&["Ref", "Child first", "Child last", "Photos OK"]);
        let mut cols = BTreeMap::new();
        cols.insert("id".to_string(), "Ref".to_string());
        cols.insert("legal_forename".to_string(), "child first".to_string());
        cols.insert("surname".to_string(), "Child Last".to_string());
        let m = ColumnMap::resolve(&h, &cols, None).unwrap();
        assert_eq!(m.get(Field::LegalForename), Some(1));
        assert_eq!(m.get(Field::WebsitePhoto), Some(3));

        cols.insert("surname".to_string(), "Family".to_string());
        let err = ColumnMap::resolve(&h, &cols, None).unwrap_err().to_string();
        assert!(err.contains("\"Family\"") && err.contains("\"Child last\""), "{err}");

        cols.clear();
        cols.insert("forename".to_string(), "Child first".to_string());
        let err = ColumnMap::resolve(&h, &cols, None).unwrap_err().to_string();
        assert!(err.contains("legal_forename"), "{err}");
    }

    #[test]
    fn missing_required_columns_are_listed_with_what_was_found() {
        let h = headers(&["Adno", "Forename", "Surname", "Year"]);
        let err = ColumnMap::resolve(&h, &BTreeMap::new(), None).unwrap_err().to_string();
        assert!(err.contains("website photo consent"), "{err}");
        assert!(err.contains("\"Adno\", \"Forename\", \"Surname\", \"Year\""), "{err}");
    }

    #[test]
    fn purpose_columns_as_mis_exports_spell_them() {
        let h = headers(&[
            "Adno",
            "Forename",
            "Surname",
            "Photo consent - website",
            "Social Media",
            "Use in newsletters",
            "Press/Media",
            "Consent: Photos - Prospectus",
            "Date exported",
        ]);
        let m = ColumnMap::resolve(&h, &BTreeMap::new(), None).unwrap();
        assert_eq!(m.get(Field::WebsitePhoto), Some(3));
        assert_eq!(m.get(Field::SocialMedia), Some(4));
        assert_eq!(m.get(Field::Newsletter), Some(5));
        assert_eq!(m.get(Field::Press), Some(6));
        assert_eq!(m.get(Field::Prospectus), Some(7));
        assert_eq!(m.get(Field::Exported), Some(8));
        assert_eq!(m.get(Field::Expires), None);
    }

    #[test]
    fn a_newsletter_or_press_column_is_never_taken_for_the_website_one() {
        // Only purpose columns besides a loosely named website one: each
        // must land on its own purpose, whatever the column order.
        let h = headers(&["Adno", "Forename", "Surname", "Newsletter photos OK?", "Press photo", "Photo permission"]);
        let m = ColumnMap::resolve(&h, &BTreeMap::new(), None).unwrap();
        assert_eq!(m.get(Field::WebsitePhoto), Some(5));
        assert_eq!(m.get(Field::Newsletter), Some(3));
        assert_eq!(m.get(Field::Press), Some(4));
        // Without a website column the register is refused, not read from the newsletter one.
        let h = headers(&["Adno", "Forename", "Surname", "Newsletter photos", "Prospectus photos"]);
        assert!(ColumnMap::resolve(&h, &BTreeMap::new(), None).is_err());
    }

    #[test]
    fn presets_map_their_headers() {
        let h = headers(&[
            "Adno",
            "UPN",
            "Legal Surname",
            "Legal Forename",
            "Preferred Forename",
            "Year",
            "Reg",
            "Consent: Website Photographs",
        ]);
        let m = ColumnMap::resolve(&h, &BTreeMap::new(), Some("SIMS")).unwrap();
        assert_eq!(m.get(Field::Id), Some(0));
        assert_eq!(m.get(Field::Surname), Some(2));
        assert_eq!(m.get(Field::Year), Some(5));
        assert!(ColumnMap::resolve(&h, &BTreeMap::new(), Some("capita")).is_err());
    }
}

//! Home addresses of private people in published documents.
//!
//! Real school sites keep serving files nobody meant to publish for good:
//! an invoice from a private tutor, a completed application form, a letter
//! to one family. Each holds a private person's home address, usually with
//! a phone number. A school's own address, the council's, a trust's
//! registered office or a venue's are not private: an address counts here
//! only when nothing in the lines before its postcode names an organisation
//! or a place, and it is not the school's own postcode.
//!
//! Only documents are read (PDF, Word, text files): a page that gives an
//! address is the school deciding to publish it, and its menus and footers
//! would make noise.

use std::sync::LazyLock;

use regex::Regex;

use crate::audit::{AuditContext, Finding, Location, RuleMeta, Severity};
use crate::site::Asset;

pub const HOME_ADDRESS: &str = "contact/home-address";

pub const RULES: &[RuleMeta] = &[RuleMeta {
    id: HOME_ADDRESS,
    severity: Severity::Warning,
    summary: "A published document gives what looks like a private person's home address.",
    explanation: "A document on the site (a PDF, Word file or text file) holds a street address \
with a house number and a postcode that is not the school's own, and nothing beside it names an \
organisation or a place (a council, trust, school, church, centre, office, surgery…). Invoices, \
completed forms and letters to one family end up on school websites this way, usually in an \
uploads folder nothing links to any more, and stay there for years.\n\n\
**Why it matters:** a home address is personal data; next to a child's name it tells a stranger \
where the child lives.\n\n\
**How to fix it:** if the document was never meant to be public, delete it from the website now \
(and from the CMS's media library, which keeps copies). If it must stay, remove the address, \
save it again and replace the published copy. The school's own address is not reported when its \
postcode is under `[school.contact]` in `schoolgate.toml`.",
}];

/// A UK postcode as printed: outward code, space, inward code.
static POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b").unwrap_or_else(|e| panic!("postcode regex: {e}"))
});

/// A house number and a street: `14 Acacia Avenue`, `3a Mill Lane`.
static STREET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b\d{1,4}[a-z]?,?\s+(?:[A-Z][a-z'’]+\s+){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Close|Lane|Drive|Way|Crescent|Gardens|Grove|Place|Court|Terrace|Walk|Mews|Row|Rise|View|Square|Parade|Green)\b",
    )
    .unwrap_or_else(|e| panic!("street regex: {e}"))
});

/// Words that make an address an organisation's or a place's.
const ORGANISATION_WORDS: &[&str] = &[
    "school",
    "academy",
    "college",
    "nursery",
    "trust",
    "council",
    "borough",
    "county",
    "registered office",
    "head office",
    "office",
    "centre",
    "center",
    "church",
    "chapel",
    "hall",
    "house",
    "surgery",
    "clinic",
    "hospital",
    "library",
    "police",
    "nhs",
    "ltd",
    "limited",
    "plc",
    "llp",
    "p.o. box",
    "po box",
    "diocese",
    "venue",
    "museum",
    "park",
    "stadium",
    "leisure",
    "club",
];

/// How far before a postcode the address and its owner's name are looked
/// for: a four-line address block.
const BLOCK_CHARS: usize = 160;

/// Postcodes in upper case with one space: `bf2 7qt` and `BF27QT` are `BF2 7QT`.
fn normal_postcode(s: &str) -> String {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    if compact.len() > 3 {
        let (out, inward) = compact.split_at(compact.len() - 3);
        format!("{out} {inward}")
    } else {
        compact
    }
}

/// A private address found: the street as written and the postcode.
#[derive(Debug, PartialEq, Eq)]
struct Address {
    street: String,
    postcode: String,
}

fn private_addresses(text: &str, school_postcode: Option<&str>) -> Vec<Address> {
    let school = school_postcode.map(normal_postcode);
    let mut found: Vec<Address> = Vec::new();
    for m in POSTCODE.find_iter(text) {
        let postcode = normal_postcode(m.as_str());
        if school.as_deref() == Some(postcode.as_str()) || found.iter().any(|a| a.postcode == postcode) {
            continue;
        }
        let start = text[..m.start()].char_indices().rev().nth(BLOCK_CHARS - 1).map_or(0, |(i, _)| i);
        let block = &text[start..m.start()];
        // The nearest street before the postcode.
        let Some(street) = STREET.find_iter(block).last() else {
            continue;
        };
        // The address's own lines: from the line before the street to the postcode.
        let line_start = block[..street.start()].rfind('\n').map_or(0, |i| block[..i].rfind('\n').map_or(0, |j| j + 1));
        let own = block[line_start..].to_lowercase();
        if ORGANISATION_WORDS.iter().any(|w| contains_word(&own, w)) {
            continue;
        }
        found.push(Address { street: street.as_str().split_whitespace().collect::<Vec<_>>().join(" "), postcode });
    }
    found
}

/// `word` in `text` on word boundaries (`hall` is not in `Hallam`).
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[i + word.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

pub fn check_asset(asset: &Asset, ctx: &AuditContext, out: &mut Vec<Finding>) {
    let Some(text) = asset.text.as_deref() else {
        return;
    };
    let found = private_addresses(text, ctx.profile.contact.postcode.as_deref());
    let Some(first) = found.first() else {
        return;
    };
    let more = match found.len() {
        1 => String::new(),
        n => format!(" ({} addresses in all)", n),
    };
    out.push(
        Finding::new(
            HOME_ADDRESS,
            Severity::Warning,
            Location::asset(&asset.url, asset.source.as_ref()),
            format!(
                "This document gives what looks like a private person's home address, postcode {}{more}.",
                first.postcode
            ),
            "If it was never meant to be public (an invoice, a completed form, a letter to one family), \
             delete it from the website now; otherwise remove the address and publish it again.",
        )
        .with_private_detail(
            found.iter().map(|a| format!("{}, {}", a.street, a.postcode)).collect::<Vec<_>>().join("; "),
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        private_addresses(text, Some("EB1 2CD")).into_iter().map(|a| format!("{} | {}", a.street, a.postcode)).collect()
    }

    #[test]
    fn a_private_persons_address_on_an_invoice_is_found() {
        let invoice = "INVOICE 0423\nBill to:\nMrs J Carter\n14 Acacia Avenue\nElmbridge\nEB2 7QT\nTel 07700 900311\n\
                       Piano lessons, autumn term: £180";
        assert_eq!(found(invoice), ["14 Acacia Avenue | EB2 7QT"]);
        // Written on one line, lower-case street word, no space in the postcode.
        assert_eq!(found("Return to: Mr P Lewis, 3a mill lane, Elmbridge EB27QT."), ["3a mill lane | EB2 7QT"]);
    }

    #[test]
    fn the_schools_councils_and_venues_addresses_are_not_private() {
        for decoy in [
            // The school's own postcode.
            "Elm Tree Primary School, 1 Church Lane, Elmbridge EB1 2CD",
            "Send the form to us at 1 Church Lane, Elmbridge, EB1 2CD.",
            // Organisations and places.
            "Elmbridge Borough Council, Civic Centre, 10 Market Street, Elmbridge EB1 1AA",
            "Registered office: 4 Station Road, Elmbridge EB3 4FG. Company number 0123456.",
            "The disco is at Elmbridge Leisure Centre, 12 Park Road, Elmbridge EB4 5HJ.",
            "St Mary's Church, 2 Church Lane, Elmbridge EB1 3XY",
            "Oak Learning Trust\n22 Victoria Street\nElmbridge\nEB5 6LP",
            // A postcode with no street (a map caption), and a street with no postcode.
            "Parking near EB1 4RT is limited.",
            "Meet at 14 Acacia Avenue at 9am.",
            // Year groups and codes that look like postcodes but have no street.
            "Year 6 SATs: KS2 results table",
        ] {
            assert!(found(decoy).is_empty(), "{decoy}: {:?}", found(decoy));
        }
    }

    #[test]
    fn one_finding_per_document_however_many_addresses() {
        let form = "Pupil 1: 14 Acacia Avenue, Elmbridge EB2 7QT\nPupil 2: 8 Rowan Close, Elmbridge EB2 8QU\n\
                    Again: 14 Acacia Avenue, Elmbridge EB2 7QT";
        let asset = Asset {
            url: "/wp-content/uploads/2019/03/trip-form-completed.pdf".into(),
            kind: crate::site::AssetKind::Pdf,
            bytes: std::sync::Arc::from(Vec::new()),
            original_metadata: None,
            source: None,
            text: Some(form.into()),
            original_document: None,
        };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        let ctx = AuditContext::new(Default::default(), None, None, today, Default::default());
        let mut out = Vec::new();
        check_asset(&asset, &ctx, &mut out);
        assert_eq!(out.len(), 1, "{out:#?}");
        assert!(out[0].message.contains("EB2 7QT") && out[0].message.contains("2 addresses"), "{}", out[0].message);
        assert!(!out[0].message.contains("Acacia"), "the street stays in the private report");
        assert!(out[0].private_detail.as_deref().unwrap_or("").contains("8 Rowan Close, EB2 8QU"));
    }
}

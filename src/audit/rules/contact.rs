//! Personal contact details: mobile numbers and personal email addresses on
//! pages and in documents.
//!
//! A school should publish only its own office number, address and email
//! (and the others it lists in `[school.contact]`). A teacher's mobile in a
//! trip letter or a parent volunteer's Gmail address in a PTA newsletter
//! invites contact outside school channels, which safeguarding policies
//! forbid, and is personal data published without need.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::audit::{AuditContext, Finding, Location, PageView, RuleMeta, Severity};
use crate::config::SchoolContact;
use crate::site::Asset;

pub const MOBILE: &str = "contact/personal-mobile";
pub const EMAIL: &str = "contact/personal-email";

pub const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: MOBILE,
        severity: Severity::Warning,
        summary: "A mobile phone number other than the school's own is published",
        explanation: "Mobile numbers on a school website usually belong to a member of staff, a \
governor or a parent volunteer. Publishing one invites parents, pupils or strangers to contact \
that person directly, outside the school's own channels, which most safeguarding and staff \
conduct policies forbid. It is also personal data that the school has no need to publish.\n\n\
Numbers whose own label says they are a work or service number are not reported: words \
such as work, office, officer, council, service or helpline next to it (even with a person's \
name: a local-authority officer's work mobile), or club, trip, text, out of hours, duty, team or \
reception when no private person is named as the one to call (\"Breakfast club mobile\" passes; \
\"Football club: ring Dave on…\" does not). The message shows the number as published, so you \
can search the page or document for it.\n\n\
**How to fix:** replace it with the school office number, or a school-run number for the club \
or trip, and say what it is beside it. If the number is one the school runs on purpose (a \
minibus or out-of-hours phone), add it to `other_allowed` under `[school.contact]` in \
`schoolgate.toml`.",
    },
    RuleMeta {
        id: EMAIL,
        severity: Severity::Warning,
        summary: "A personal email address (Gmail, Hotmail, iCloud…) is published",
        explanation: "An address at Gmail, Hotmail, Outlook.com, Yahoo, iCloud, BT Internet and \
the like is a person's own mailbox, not a school one. Publishing it sends parents and pupils to \
a private account the school cannot see or close, which safeguarding policies forbid, and it \
attracts spam.\n\n**How to fix:** use the school office address or a school-run address \
(e.g. `pta@yourschool.sch.uk`). If a group the school supports really uses that address on \
purpose (a PTA Gmail account), add it to `other_allowed` under `[school.contact]` in \
`schoolgate.toml`.",
    },
];

/// Mailbox providers whose addresses belong to individuals.
const PERSONAL_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.co.uk",
    "outlook.com",
    "outlook.co.uk",
    "live.com",
    "live.co.uk",
    "msn.com",
    "yahoo.com",
    "yahoo.co.uk",
    "ymail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "aol.co.uk",
    "btinternet.com",
    "btopenworld.com",
    "sky.com",
    "virginmedia.com",
    "ntlworld.com",
    "blueyonder.co.uk",
    "talktalk.net",
    "tiscali.co.uk",
    "gmx.com",
    "gmx.co.uk",
    "mail.com",
    "protonmail.com",
    "proton.me",
    "zoho.com",
];

/// A UK mobile number: `07…`, `+44 7…`, `+44 (0)7…`, `0044 7…`, with the
/// nine digits after the 7 in any common grouping (spaces, dots, hyphens,
/// brackets). Digits either side are refused so that longer numbers (order
/// references, bank details) do not match.
static MOBILE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+\s?44\s?(?:\(0\)\s?)?|\b0044\s?|\b0)7(?:[\s.\-()]{0,2}\d){9}\b").expect("valid mobile pattern")
});

static EMAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[a-z0-9][a-z0-9._%+\-]*@((?:[a-z0-9\-]+\.)+[a-z]{2,})\b").expect("valid email pattern")
});

/// A mobile number reduced to its 11-digit national form, `07700900123`.
fn national_digits(s: &str) -> Option<String> {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let rest = digits
        .strip_prefix("0044")
        .or_else(|| digits.strip_prefix("440"))
        .or_else(|| digits.strip_prefix("44"))
        .or_else(|| digits.strip_prefix('0'))?;
    // "+44 (0)7…" leaves a 0 after 44.
    let rest = if rest.len() == 11 && rest.starts_with("07") { &rest[1..] } else { rest };
    (rest.len() == 10).then(|| format!("0{rest}"))
}

/// Numbers and addresses the school publishes on purpose, normalised.
struct Allowed {
    numbers: BTreeSet<String>,
    emails: BTreeSet<String>,
}

impl Allowed {
    fn from(contact: &SchoolContact) -> Self {
        let mut numbers = BTreeSet::new();
        let mut emails = BTreeSet::new();
        let all = contact.phone.iter().chain(contact.email.iter()).chain(contact.other_allowed.iter());
        for value in all {
            if let Some(n) = national_digits(value) {
                numbers.insert(n);
            }
            for m in EMAIL_RE.find_iter(value) {
                emails.insert(m.as_str().to_lowercase());
            }
        }
        Allowed { numbers, emails }
    }
}

/// One personal contact detail found, keyed by its normal form so that each
/// is reported once however often and however it is written.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Found {
    /// National digits, `07700900123`.
    Mobile(String),
    /// Lower-case address.
    Email(String),
}

/// What each finding shows: a mobile as it was first written (it is
/// already published, and the message must let the school search the page
/// or PDF for it), an address masked.
type FoundMap = BTreeMap<Found, String>;

/// Keeps the first letter of the mailbox and the provider: `j***@gmail.com`.
fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_string(),
    }
}

/// Words that say a number belongs to an organisation or a job: they count
/// even when a person is named with the number ("Jane Hughes, Early Help
/// Officer, Anytown Council, work mobile 07…").
const WORK_WORDS: &[&str] = &[
    "work",
    "office",
    "officer",
    "council",
    "local authority",
    "borough",
    "service",
    "services",
    "helpline",
    "nhs",
    "department",
    "switchboard",
];

/// Words that label a number as one a service or the school runs ("club
/// mobile", "trip phone", "text us", "out of hours", "duty manager"). They
/// count only when nobody is named as the one to call: "Football club: ring
/// Dave on 07…" is still Dave's own phone.
const ROLE_WORDS: &[&str] = &[
    "club",
    "trip",
    "trips",
    "text",
    "sms",
    "out of hours",
    "duty",
    "team",
    "reception",
    "minibus",
    "school mobile",
    "school phone",
    "line",
    "hotline",
    "enquiries",
    "bookings",
];

/// People described by what they do for a club or group, not by a job:
/// "the club leader", "our coach", "a parent volunteer". Their phone is
/// their own, so with one of these only [`WORK_WORDS`] make it a work number.
const PERSON_NOUNS: &[&str] = &[
    "leader",
    "coach",
    "secretary",
    "captain",
    "volunteer",
    "volunteers",
    "mum",
    "dad",
    "parent",
    "organiser",
    "organizer",
    "treasurer",
    "grandparent",
];

/// How far before a number its label is looked for (bytes), and after it.
const LABEL_BEFORE: usize = 120;
const LABEL_AFTER: usize = 40;

/// Someone named as the one to call: "call Sarah on", "ring Mr Hughes",
/// "Mrs Patel 07…". The captured words must be capitalised, so "call the
/// office" and "text us" name nobody.
static PERSON_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:\b(?i:call|ring|phone|text|contact|message|whatsapp|speak to|ask for)\s+(?:(?:Mr|Mrs|Ms|Mx|Miss|Dr)\.?\s+)?|\b(?:Mr|Mrs|Ms|Mx|Miss|Dr)\.?\s+)(\p{Lu}[\p{L}'’\-]*(?:\s+\p{Lu}[\p{L}'’\-]*)?)",
    )
    .expect("valid person pattern")
});

/// Lower-case words of `text`, space-separated and padded, for whole-word
/// look-ups of single and multi-word labels.
fn label_words(text: &str) -> String {
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    format!(" {} ", words.join(" "))
}

fn has_any(words: &str, list: &[&str]) -> bool {
    list.iter().any(|w| words.contains(&format!(" {w} ")))
}

/// The largest char boundary of `s` at or below `i`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The clause before a number: at most [`LABEL_BEFORE`] bytes, not past
/// `floor` (the previous number) nor the end of the previous sentence or
/// paragraph. A full stop after a title or abbreviation ("Mr.", "Tel.")
/// does not end a sentence.
fn clause_before(text: &str, floor: usize, at: usize) -> &str {
    let start = floor_boundary(text, at.saturating_sub(LABEL_BEFORE).max(floor));
    let window = &text[start..at];
    let mut cut = 0;
    for (i, c) in window.char_indices() {
        let ends = match c {
            ';' | '!' | '?' => true,
            '.' => {
                let word = window[..i].rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
                let next_is_space = window[i + 1..].starts_with(char::is_whitespace);
                next_is_space
                    && !matches!(
                        word.to_ascii_lowercase().as_str(),
                        "mr" | "mrs" | "ms" | "mx" | "dr" | "st" | "no" | "tel" | "mob" | "ext" | "g" | "e"
                    )
            }
            _ => false,
        };
        if ends || window[i..].starts_with("\n\n") {
            cut = i + c.len_utf8();
        }
    }
    &window[cut..]
}

/// What follows a number up to the end of its clause: "(work mobile)",
/// "– out of hours", "(text only)".
fn clause_after(text: &str, end: usize) -> &str {
    let stop = floor_boundary(text, (end + LABEL_AFTER).min(text.len()));
    let window = &text[end..stop];
    let mut cut = window.len();
    for (i, c) in window.char_indices() {
        if matches!(c, '.' | ';' | '\n') || c.is_ascii_digit() {
            cut = i;
            break;
        }
    }
    let window = &window[..cut];
    let lower = window.to_lowercase();
    let cut = [" or ", " and "].iter().filter_map(|w| lower.find(w)).min().unwrap_or(window.len());
    &window[..floor_boundary(window, cut)]
}

/// True when the words around a number say it is a work or service number
/// rather than a private person's own phone.
fn labelled_as_work_or_service(before: &str, after: &str) -> bool {
    let named = PERSON_RE.captures_iter(before).filter_map(|c| c.get(1)).find(|name| {
        let words = label_words(name.as_str());
        !has_any(&words, WORK_WORDS) && !has_any(&words, ROLE_WORDS)
    });
    match named {
        // Only what is said between the person's name and the number, or
        // just after it, can make it their work phone.
        Some(name) => {
            let between = label_words(&format!("{} {after}", &before[name.end()..]));
            has_any(&between, WORK_WORDS)
        }
        None => {
            let around = label_words(&format!("{before} {after}"));
            has_any(&around, WORK_WORDS) || (has_any(&around, ROLE_WORDS) && !has_any(&around, PERSON_NOUNS))
        }
    }
}

/// Every personal mobile number and personal email address in `text`
/// that is not on the school's allowed list nor labelled as a work or
/// service number, each once.
fn scan(text: &str, allowed: &Allowed, found: &mut FoundMap) {
    let mut previous_end = 0;
    for m in MOBILE_RE.find_iter(text) {
        let floor = previous_end;
        previous_end = m.end();
        let Some(national) = national_digits(m.as_str()) else {
            continue;
        };
        if allowed.numbers.contains(&national) {
            continue;
        }
        if labelled_as_work_or_service(clause_before(text, floor, m.start()), clause_after(text, m.end())) {
            continue;
        }
        let shown = m.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
        found.entry(Found::Mobile(national)).or_insert(shown);
    }
    for caps in EMAIL_RE.captures_iter(text) {
        let (Some(whole), Some(domain)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let domain = domain.as_str().to_lowercase();
        let email = whole.as_str().to_lowercase();
        if PERSONAL_DOMAINS.contains(&domain.as_str()) && !allowed.emails.contains(&email) {
            let masked = mask_email(&email);
            found.entry(Found::Email(email)).or_insert(masked);
        }
    }
}

fn report(found: FoundMap, place: &str, location: impl Fn() -> Location, out: &mut Vec<Finding>) {
    for (f, shown) in found {
        let finding = match f {
            Found::Mobile(full) => Finding::new(
                MOBILE,
                Severity::Warning,
                location(),
                format!("A mobile phone number ({shown}) is published {place}."),
                "Replace it with the school office number. If it is a work or service number, say so \
                 beside it (\"work mobile\", \"club phone\", \"out of hours\"); if the school runs it, \
                 add it to other_allowed under [school.contact] in schoolgate.toml.",
            )
            .with_private_detail(format!("Number: {full}"))
            .with_needles([shown.clone(), full.clone()]),
            Found::Email(full) => Finding::new(
                EMAIL,
                Severity::Warning,
                location(),
                format!("A personal email address ({shown}) is published {place}."),
                "Replace it with the school office email or a school-run address, or add it to \
                 other_allowed under [school.contact] in schoolgate.toml if it is used on purpose.",
            )
            .with_private_detail(format!("Address: {full}"))
            .with_needles([full.clone()]),
        };
        out.push(finding);
    }
}

pub fn check_page(view: &PageView<'_>, ctx: &AuditContext, out: &mut Vec<Finding>) {
    let allowed = Allowed::from(&ctx.profile.contact);
    let mut found = FoundMap::new();
    scan(&view.text, &allowed, &mut found);
    // Links carry addresses the text may hide ("Email Mrs Khan"); the link
    // text is the number's label ("Club phone", "call Sam").
    for link in &view.links {
        let href = link.href.trim();
        let lower = href.to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("mailto:").or_else(|| lower.strip_prefix("tel:")) {
            let target = rest.split('?').next().unwrap_or("");
            let label = link.text.replace(['\n', '.', ';'], " ");
            scan(&format!("{label}: {}", crate::site::percent_decode(target)), &allowed, &mut found);
        }
    }
    report(found, "on this page", || Location::page(&view.page.url, view.page.source.as_ref()), out);
}

/// Documents (PDF, Word) linked from the site, read through their extracted text.
pub fn check_asset(asset: &Asset, ctx: &AuditContext, out: &mut Vec<Finding>) {
    let Some(text) = asset.text.as_deref() else {
        return;
    };
    let allowed = Allowed::from(&ctx.profile.contact);
    let mut found = FoundMap::new();
    scan(text, &allowed, &mut found);
    report(found, "in this document", || Location::asset(&asset.url, asset.source.as_ref()), out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SchoolProfile;
    use crate::site::{AssetKind, Page};
    use chrono::NaiveDate;

    fn ctx() -> AuditContext {
        let profile = SchoolProfile {
            name: "Oakfield Primary School".into(),
            contact: SchoolContact {
                address: vec!["1 Oak Lane".into(), "Leeds".into()],
                postcode: Some("LS1 1AA".into()),
                phone: Some("0113 496 0000".into()),
                email: Some("office@oakfield.sch.uk".into()),
                other_allowed: vec!["07700 900999".into(), "oakfieldpta@gmail.com".into()],
            },
            ..SchoolProfile::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
        AuditContext::new(profile, None, None, today, Default::default())
    }

    fn check(body: &str) -> Vec<Finding> {
        let page = Page {
            url: "/news/trip-letter/".into(),
            html: format!("<html><body>{body}</body></html>"),
            source: None,
            photo_declarations: vec![],
            shared_to: vec![],
        };
        let view = PageView::parse(&page);
        let mut out = Vec::new();
        check_page(&view, &ctx(), &mut out);
        out
    }

    #[test]
    fn mobile_numbers_in_common_spellings_are_found_and_shown_as_written() {
        for number in [
            "07700 900123",
            "07700900123",
            "0770 090 0123",
            "077 0090 0123",
            "+44 7700 900123",
            "+44 (0)7700 900 123",
            "+447700900123",
            "(07700) 900123",
            "07700-900-123",
        ] {
            let out = check(&format!("<p>On the day, call Mr Hughes on {number} if the coach is late.</p>"));
            assert_eq!(out.len(), 1, "{number}: {out:?}");
            assert_eq!(out[0].rule, MOBILE);
            assert_eq!(out[0].severity, Severity::Warning);
            // Shown as published, so the school can search the page for it.
            assert!(out[0].message.contains(number.trim_start_matches('(')), "{number}: {}", out[0].message);
            assert_eq!(out[0].private_detail.as_deref(), Some("Number: 07700900123"));
            assert_eq!(out[0].location.page.as_deref(), Some("/news/trip-letter/"));
        }
    }

    #[test]
    fn school_numbers_landlines_and_other_digits_are_not_mobiles() {
        let out = check(
            "<p>Call the office on 0113 496 0000 or the minibus on 07700 900999.</p>\
             <p>Old switchboard: 01632 960123. Freephone 0800 123 4567.</p>\
             <p>Order ref 9070012345678. Bank 2023 07 12 3456 789012. Charity no. 1077009001.</p>\
             <footer><address>1 Oak Lane, Leeds LS1 1AA. office@oakfield.sch.uk</address></footer>",
        );
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn work_and_service_numbers_are_told_from_private_ones_by_their_label() {
        let service = [
            "<p>Jane Hughes, Early Help Officer, Anytown Council: 07700 900111</p>",
            "<p>Jane Hughes<br>Family Support Worker<br>Anytown Borough Council<br>Mobile: 07700 900112</p>",
            "<p>Contact Jane Hughes, Early Help Officer at Anytown Council, on 07700 900113.</p>",
            "<p>Call Sarah on 07700 900114 (work mobile).</p>",
            "<p>Breakfast club mobile: 07700 900115</p>",
            "<p>Residential trip phone (staffed by the school): 07700 900116</p>",
            "<p>Text us on 07700 900117 to report an absence.</p>",
            "<p>Out of hours: 07700 900118</p>",
            "<p>Duty manager 07700 900119</p>",
            "<p>Reception: 07700 900120</p>",
            "<p>Contact the school nursing team on 07700 900121.</p>",
            "<p>Text your school nurse (ChatHealth service) on 07700 900122.</p>",
            "<p>Call Reception on 07700 900124.</p>",
            "<p>Childline 0800 1111, NSPCC helpline 0808 800 5000.</p>",
        ];
        for html in service {
            assert!(check(html).is_empty(), "{html}: {:?}", check(html));
        }
        let private = [
            "<p>Call Sarah on 07700 900123 for tickets.</p>",
            "<p>Football club: ring Dave on 07700 900125.</p>",
            "<p>Please contact the school office or call Sarah on 07700 900126.</p>",
            "<p>Text Mrs Hughes on 07700 900127 if the coach is late.</p>",
            "<p>Netball: call the club leader on 07700 900128.</p>",
            "<p>Mrs Jones (Headteacher) 07700 900129</p>",
            "<p>07700 900130</p>",
            "<p>Tickets from Mr. Hughes 07700 900131</p>",
        ];
        for html in private {
            let out = check(html);
            assert_eq!(out.len(), 1, "{html}: {out:?}");
            assert_eq!(out[0].rule, MOBILE);
        }
    }

    #[test]
    fn personal_email_in_text_and_mailto_is_found_once() {
        let out = check(
            r#"<p>Questions about the disco to <a href="mailto:Jo.Smith84@Hotmail.co.uk?subject=Disco">Mrs Smith</a>
               or jo.smith84@hotmail.co.uk.</p><p>Tickets: <a href="mailto:sam.k@gmail.com">email Sam</a></p>"#,
        );
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(out.iter().all(|f| f.rule == EMAIL && f.severity == Severity::Warning));
        let messages: Vec<&str> = out.iter().map(|f| f.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("j***@hotmail.co.uk")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("s***@gmail.com")), "{messages:?}");
        assert!(messages.iter().all(|m| !m.contains("smith84")));
    }

    #[test]
    fn school_and_allowed_addresses_and_work_domains_pass() {
        let out = check(
            r#"<p>Email <a href="mailto:office@oakfield.sch.uk">the office</a>, the PTA at
               OakfieldPTA@gmail.com, or our trust at info@northern-trust.org.uk.</p>"#,
        );
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn tel_link_with_mobile_is_found() {
        let out = check(r#"<p><a href="tel:+447700900456">Call the club leader</a></p>"#);
        assert_eq!(out.len(), 1);
        assert!(out[0].message.contains("+447700900456"), "{}", out[0].message);
    }

    #[test]
    fn documents_are_checked_through_their_text() {
        let asset = Asset {
            url: "/letters/trip.pdf".into(),
            kind: AssetKind::Pdf,
            bytes: Vec::new().into(),
            original_metadata: None,
            source: None,
            text: Some("Year 6 residential\nEmergency contact: Mrs Patel 07911 123456\nOffice: 0113 496 0000".into()),
            original_document: None,
        };
        let mut out = Vec::new();
        check_asset(&asset, &ctx(), &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].location.asset.as_deref(), Some("/letters/trip.pdf"));
        assert!(out[0].message.contains("07911 123456") && out[0].message.contains("in this document"));
        let clean = Asset { text: Some("Office: 0113 496 0000".into()), ..asset };
        let mut out = Vec::new();
        check_asset(&clean, &ctx(), &mut out);
        assert!(out.is_empty());
    }
}

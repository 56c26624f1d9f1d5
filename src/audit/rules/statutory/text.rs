//! Text matching for the statutory audit: normalised phrase matching and the
//! small pattern finders behind the content checks (postcode, phone, email,
//! a person's name next to a role).
//!
//! Schools write the same thing many ways ("PE & Sport Premium",
//! "pe-sport-premium.pdf", "PESportPremium2026.pdf"), so everything is
//! compared after [`normalise`]: ASCII, lower case, "&" read as "and",
//! apostrophes dropped, every other mark a space, padded with spaces so a
//! phrase only matches whole words.

use deunicode::deunicode;

/// Normalises text for phrase matching. The result starts and ends with a
/// space, so `norm.contains(&normalise(phrase))` is a whole-word match.
pub fn normalise(s: &str) -> String {
    let ascii = deunicode(s);
    let mut out = String::with_capacity(ascii.len() + 2);
    out.push(' ');
    let mut prev: Option<char> = None;
    for c in ascii.chars() {
        let mapped: &str = match c {
            '&' | '+' => " and ",
            '\'' | '`' => "",
            c if c.is_ascii_alphanumeric() => {
                // camelCase file names: "PupilPremium" reads as "pupil premium".
                if c.is_ascii_uppercase() && prev.is_some_and(|p| p.is_ascii_lowercase()) {
                    out.push(' ');
                }
                out.push(c.to_ascii_lowercase());
                prev = Some(c);
                continue;
            }
            _ => " ",
        };
        prev = Some(c);
        for m in mapped.chars() {
            if m != ' ' || !out.ends_with(' ') {
                out.push(m);
            }
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// True when `norm` (already [`normalise`]d) contains the phrase as whole words.
pub fn has_phrase(norm: &str, phrase: &str) -> bool {
    let p = normalise(phrase);
    !p.trim().is_empty() && norm.contains(&p)
}

/// The first of `phrases` (already [`normalise`]d, see [`normalise_all`])
/// found in `norm`, trimmed for messages.
pub fn first_phrase<'p>(norm: &str, phrases: &'p [String]) -> Option<&'p str> {
    phrases.iter().find(|p| norm.contains(p.as_str())).map(|p| p.trim())
}

/// Normalises a phrase list once, so matching is a plain substring search;
/// phrases that normalise to nothing are dropped (they would match anything).
pub fn normalise_all(phrases: &mut Vec<String>) {
    for p in phrases.iter_mut() {
        *p = normalise(p);
    }
    phrases.retain(|p| !p.trim().is_empty());
}

/// Does the text contain a UK postcode ("SW1A 1AA", "B33 8TH", "M1 1AE")?
pub fn has_uk_postcode(text: &str) -> bool {
    let c: Vec<char> = text.chars().map(|c| c.to_ascii_uppercase()).collect();
    (0..c.len()).any(|i| (i == 0 || !c[i - 1].is_ascii_alphanumeric()) && postcode_at(&c, i))
}

fn postcode_at(c: &[char], i: usize) -> bool {
    let letter = |k: usize| c.get(k).is_some_and(|ch| ch.is_ascii_uppercase());
    let digit = |k: usize| c.get(k).is_some_and(|ch| ch.is_ascii_digit());
    let mut starts = Vec::new();
    // Outward code: 1-2 letters, a digit, then optionally a digit or letter.
    let letters = if letter(i) && letter(i + 1) {
        2
    } else if letter(i) {
        1
    } else {
        0
    };
    for n in 1..=letters {
        if digit(i + n) {
            starts.push(i + n + 1);
            if digit(i + n + 1) || letter(i + n + 1) {
                starts.push(i + n + 2);
            }
        }
    }
    starts.into_iter().any(|mut k| {
        if c.get(k) == Some(&' ') {
            k += 1;
        }
        // Inward code: a digit and two letters, then a word boundary.
        digit(k) && letter(k + 1) && letter(k + 2) && !c.get(k + 3).is_some_and(|ch| ch.is_ascii_alphanumeric())
    })
}

/// Does the text contain a UK telephone number ("01234 567890", "+44 (0)1234 567 890")?
pub fn has_uk_phone(text: &str) -> bool {
    let c: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < c.len() {
        let starts = (c[i] == '0' || c[i] == '+' || c[i] == '(') && (i == 0 || !c[i - 1].is_ascii_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let mut digits = String::new();
        let mut j = i;
        while j < c.len() && (c[j].is_ascii_digit() || matches!(c[j], ' ' | '(' | ')' | '-' | '+' | '.')) {
            if c[j].is_ascii_digit() {
                digits.push(c[j]);
            }
            if c[j] == ' ' && c.get(j + 1) == Some(&' ') {
                break;
            }
            j += 1;
        }
        let national = match digits.strip_prefix("44") {
            Some(rest) if c[i] == '+' => format!("0{}", rest.trim_start_matches('0')),
            _ => digits,
        };
        if national.starts_with('0')
            && (10..=11).contains(&national.len())
            && matches!(national.as_bytes().get(1), Some(b'1' | b'2' | b'3' | b'7' | b'8'))
        {
            return true;
        }
        i = j.max(i + 1);
    }
    false
}

/// Does the text contain an email address?
pub fn has_email(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | ',' | ';' | '"')).any(|w| {
        let w = w.trim_end_matches(['.', ':']);
        match w.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && domain.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
            }
            None => false,
        }
    })
}

/// Does the text give an amount of money in pounds ("£17,800", "£ 19,460",
/// "GBP 17,960", "17,800 pounds")? The PE and sport premium report must say
/// how much the school received.
pub fn has_money(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let pound_sign = chars.iter().enumerate().any(|(i, c)| {
        *c == '£' && chars[i + 1..].iter().find(|c| !c.is_whitespace()).is_some_and(char::is_ascii_digit)
    });
    let number = |w: &str| w.chars().next().is_some_and(|c| c.is_ascii_digit());
    pound_sign || {
        let norm = normalise(text);
        let words: Vec<&str> = norm.split_whitespace().collect();
        words.windows(2).any(|w| (number(w[0]) && matches!(w[1], "pounds" | "gbp")) || (w[0] == "gbp" && number(w[1])))
    }
}

/// Honorifics that introduce a name.
const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr", "rev", "revd", "prof", "sir", "dame"];

/// Capitalised words that are roles or labels, not names.
const NOT_NAMES: &[&str] = &[
    "the",
    "our",
    "school",
    "primary",
    "academy",
    "infant",
    "junior",
    "trust",
    "governors",
    "governor",
    "governing",
    "body",
    "board",
    "chair",
    "vice",
    "head",
    "headteacher",
    "teacher",
    "deputy",
    "assistant",
    "special",
    "educational",
    "needs",
    "and",
    "disabilities",
    "co-ordinator",
    "coordinator",
    "senco",
    "sendco",
    "inclusion",
    "lead",
    "leader",
    "manager",
    "office",
    "email",
    "e-mail",
    "phone",
    "tel",
    "telephone",
    "contact",
    "mobile",
    "local",
    "authority",
    "business",
    "senior",
    "leadership",
    "team",
    "of",
    "for",
    "is",
    "please",
    "your",
    "dear",
    "key",
    "stage",
    "year",
    "parent",
    "parents",
    "designated",
    "safeguarding",
    "mental",
    "health",
    "school's",
    "address",
    "road",
    "street",
    "lane",
    "avenue",
    "close",
    "drive",
    "is:",
    "name",
    "contact:",
    "via",
    "on",
    "at",
    "to",
    "by",
    "with",
    "you",
    "can",
    "if",
    "who",
    "we",
    "send",
    "sen",
    "member",
    "members",
    "clerk",
    "trustees",
    "committee",
    "chairs",
    "chairperson",
    "finance",
    "pupil",
    "pupils",
    "children",
    "information",
    "report",
    "policy",
    "click",
    "here",
];

/// Is there a person's name (an honorific and a name, or two capitalised
/// words that are not role words) within a short distance of one of the
/// phrases? Used for "the SENCO's name", "the chair of governors".
pub fn has_person_near(text: &str, phrases: &[String]) -> bool {
    let lower = text.to_lowercase();
    // Lower-casing can change byte lengths for a few scripts; fall back to
    // searching the original when it does, so offsets stay valid.
    let hay = if lower.len() == text.len() { lower } else { text.to_string() };
    for phrase in phrases {
        let p = phrase.to_lowercase();
        if p.is_empty() {
            continue;
        }
        let mut from = 0;
        while let Some(pos) = hay[from..].find(&p) {
            let start = from + pos;
            let end = start + p.len();
            let after = window(text, end, 90, true);
            let before = window(text, start, 50, false);
            if has_name(after) || has_name(before) {
                return true;
            }
            from = end;
        }
    }
    false
}

fn window(text: &str, at: usize, len: usize, forward: bool) -> &str {
    let mut a = at;
    let mut b = at;
    if forward {
        b = (at + len).min(text.len());
        while !text.is_char_boundary(b) {
            b -= 1;
        }
    } else {
        a = at.saturating_sub(len);
        while !text.is_char_boundary(a) {
            a += 1;
        }
    }
    &text[a..b]
}

fn has_name(window: &str) -> bool {
    let words: Vec<&str> = window
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | ';' | '(' | ')' | '|' | '/' | '–' | '—'))
        .filter(|w| !w.is_empty())
        .collect();
    let is_cap = |w: &str| {
        let w = w.trim_end_matches('.');
        let mut cs = w.chars();
        let first = cs.next();
        first.is_some_and(|f| f.is_uppercase())
            && w.chars().count() >= 2
            && cs.all(|c| c.is_lowercase() || matches!(c, '\'' | '’' | '-'))
            && !NOT_NAMES.contains(&w.to_lowercase().as_str())
    };
    words.windows(2).any(|pair| {
        let first = pair[0].trim_end_matches('.').to_lowercase();
        (TITLES.contains(&first.as_str()) && is_cap(pair[1]) || is_cap(pair[0]) && is_cap(pair[1]))
            && !pair[0].contains('@')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_pounds() {
        assert!(has_money("Total received: £17,960"));
        assert!(has_money("We received £ 19,460 this year"));
        assert!(has_money("Total received for 2025-26: GBP 17,960"));
        assert!(has_money("about 17,800 pounds"));
        // Years, percentages and counts are not money.
        assert!(!has_money("78% of Year 6 can swim 25 metres in 2025-26"));
        assert!(!has_money("Pounds Lane, 12 Oak Road"));
    }

    #[test]
    fn normalise_reads_names_as_schools_write_them() {
        assert_eq!(normalise("PE & Sport Premium"), " pe and sport premium ");
        assert_eq!(normalise("pe-sport_premium.pdf"), " pe sport premium pdf ");
        assert_eq!(normalise("PupilPremiumStrategy2026-27.pdf"), " pupil premium strategy2026 27 pdf ");
        assert_eq!(normalise("Governors’ Register"), " governors register ");
        assert!(has_phrase(&normalise("Our Local Offer"), "local offer"));
        assert!(!has_phrase(&normalise("Vocal offers"), "local offer"));
        assert!(!has_phrase(&normalise("Sendmail"), "send"));
    }

    #[test]
    fn finds_uk_postcodes_and_refuses_look_alikes() {
        for pc in ["SW1A 1AA", "B33 8TH", "M1 1AE", "CR2 6XH", "DN55 1PT", "ec1a1bb", "OX4 2LQ"] {
            assert!(has_uk_postcode(&format!("Oak Road, Town {pc}.")), "{pc}");
        }
        assert!(!has_uk_postcode("Year 6 class of 2026"));
        assert!(!has_uk_postcode("Room B12 and KS2 SATs"));
        assert!(!has_uk_postcode("XSW1A 1AA"));
    }

    #[test]
    fn finds_uk_phone_numbers() {
        assert!(has_uk_phone("Tel: 01632 960123"));
        assert!(has_uk_phone("Call (01632) 960 123 today"));
        assert!(has_uk_phone("+44 (0)1632 960123"));
        assert!(has_uk_phone("Mobile 07700 900123"));
        assert!(!has_uk_phone("Academic year 2026-27, URN 123456"));
        assert!(!has_uk_phone("Opened 01/09/2026"));
    }

    #[test]
    fn finds_email_addresses() {
        assert!(has_email("Email office@oak.sch.uk."));
        assert!(!has_email("Follow us @OakPrimary"));
        assert!(!has_email("a@b"));
    }

    #[test]
    fn finds_a_name_next_to_a_role() {
        let senco = vec!["senco".to_string()];
        assert!(has_person_near("Our SENCO is Mrs Amira Khan (senco@oak.sch.uk)", &senco));
        assert!(has_person_near("Mrs Khan, SENCO", &senco));
        assert!(has_person_near("SENCO: Daniel Price", &senco));
        assert!(!has_person_near("Please contact the SENCO via the school office.", &senco));
        assert!(!has_person_near("Nothing here", &senco));
        let chair = vec!["chair of governors".to_string()];
        assert!(has_person_near("Chair of Governors\nRev. Paul Hughes", &chair));
        assert!(!has_person_near("Write to the Chair of Governors at the School Office", &chair));
    }
}

//! One spelling for every way a name can be typed.
//!
//! Register and text go through the same pipeline, so "ZOË O’NEILL",
//! "Zoe O'Neill" and "zoe oneill" all become `zoe oneill`:
//!
//! - NFKD, then combining marks dropped (`ë` → `e`, fullwidth `Ｚ` → `Z`);
//! - letters with no decomposition transliterated by `deunicode`
//!   (`ø` → `o`, `Ł` → `L`, `ß` → `ss`);
//! - ASCII lower case (everything is ASCII by then, so this is full folding);
//! - apostrophes (`'` `’` `‘` `ʼ` `` ` `` `´`) removed, so O'Neill = ONeill;
//!   the "O Neill" spelling is covered by a second pattern, see
//!   [`name_forms`];
//! - hyphens and dashes become spaces, so Smith-Jones = Smith Jones;
//! - runs of whitespace (including no-break spaces) become one space;
//!   invisible characters (soft hyphen, zero-width space) vanish.
//!
//! The output is pure ASCII, which makes word-boundary checks a byte test.
//! Each output byte remembers the original character it came from, so a hit
//! can be reported at its place in the original text.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Text in the matching form, with a map back to the original.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    /// Lower-case ASCII.
    pub text: String,
    /// For each byte of `text`, the byte offset of the original character
    /// that produced it.
    origin: Vec<usize>,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}')
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}')
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

impl Normalized {
    /// Original byte range of `range` (a range of [`Normalized::text`]).
    pub fn original_span(&self, original: &str, range: Range<usize>) -> Range<usize> {
        if range.start >= range.end || range.end > self.origin.len() {
            return 0..0;
        }
        let start = self.origin[range.start];
        let last = self.origin[range.end - 1];
        let end = last + original[last..].chars().next().map_or(0, char::len_utf8);
        start..end
    }

    /// Byte offset in the original text of the character that produced
    /// byte `idx` of [`Normalized::text`].
    pub fn origin_of(&self, idx: usize) -> usize {
        self.origin.get(idx).copied().unwrap_or(0)
    }

    fn push(&mut self, byte: u8, from: usize) {
        if byte == b' ' && (self.text.is_empty() || self.text.ends_with(' ')) {
            return;
        }
        self.text.push(byte.to_ascii_lowercase() as char);
        self.origin.push(from);
    }

    /// Pushes one character already known to be simple (ASCII or a mark
    /// the caller classified), applying the punctuation rules.
    fn push_simple(&mut self, c: char, from: usize) {
        if is_apostrophe(c) || is_invisible(c) {
        } else if is_dash(c) || c.is_whitespace() {
            self.push(b' ', from);
        } else if c.is_ascii() {
            self.push(c as u8, from);
        } else {
            match deunicode::deunicode_char(c) {
                Some(ascii) => {
                    for b in ascii.bytes() {
                        self.push(if b.is_ascii_whitespace() { b' ' } else { b }, from);
                    }
                }
                // Not transliterable (private-use, unassigned): keep a
                // non-letter so words on either side stay apart.
                None => self.push(b'?', from),
            }
        }
    }
}

/// Normalises `s` for matching (see the module docs).
pub fn normalize(s: &str) -> Normalized {
    let mut out = Normalized { text: String::with_capacity(s.len()), origin: Vec::with_capacity(s.len()) };
    for (at, c) in s.char_indices() {
        if c.is_ascii() || is_apostrophe(c) || is_dash(c) || c.is_whitespace() || is_invisible(c) {
            out.push_simple(c, at);
            continue;
        }
        for d in std::iter::once(c).nfkd() {
            if !is_combining_mark(d) {
                out.push_simple(d, at);
            }
        }
    }
    // A trailing space carries no information and would spoil exact
    // comparisons of short strings such as tags.
    if out.text.ends_with(' ') {
        out.text.pop();
        out.origin.pop();
    }
    out
}

/// The normalised spellings of a name to search for: the standard one
/// (apostrophes dropped: `oneill`) and, when the name has an apostrophe,
/// the one with a space in its place (`o neill`).
pub fn name_forms(name: &str) -> Vec<String> {
    let mut forms = vec![normalize(name).text];
    if name.chars().any(is_apostrophe) {
        let spaced: String = name.chars().map(|c| if is_apostrophe(c) { ' ' } else { c }).collect();
        forms.push(normalize(&spaced).text);
    }
    forms.retain(|f| f.bytes().any(|b| b.is_ascii_alphanumeric()));
    forms.dedup();
    forms
}

/// Letters and digits only: the key tags and concatenated file names are
/// compared by ("O'Neill, Zoë" → `oneillzoe`).
pub fn compact(s: &str) -> String {
    normalize(s).text.bytes().filter(u8::is_ascii_alphanumeric).map(char::from).collect()
}

/// True for bytes that make up words in normalised text.
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_apostrophes_and_dashes() {
        assert_eq!(normalize("ZOË O’NEILL").text, "zoe oneill");
        assert_eq!(normalize("Zoe\u{a0}\u{a0}O'Neill").text, "zoe oneill");
        assert_eq!(normalize("Ellie Smith–Jones").text, "ellie smith jones");
        assert_eq!(normalize("Łukasz Søren Straße").text, "lukasz soren strasse");
        assert_eq!(normalize("Ｓａｍ").text, "sam");
        assert_eq!(normalize("Har\u{00AD}ry  \n Patel ").text, "harry patel");
        // Decomposed input (e + combining diaeresis) folds the same.
        assert_eq!(normalize("Zoe\u{308}").text, "zoe");
    }

    #[test]
    fn spans_map_back_to_the_original_text() {
        let original = "Well done, ZOË O’NEILL!";
        let n = normalize(original);
        let at = n.text.find("zoe oneill").unwrap();
        let span = n.original_span(original, at..at + "zoe oneill".len());
        assert_eq!(&original[span], "ZOË O’NEILL");
    }

    #[test]
    fn name_forms_cover_the_spaced_apostrophe() {
        assert_eq!(name_forms("Zoë O'Neill"), vec!["zoe oneill", "zoe o neill"]);
        assert_eq!(name_forms("Harry Patel"), vec!["harry patel"]);
        assert_eq!(compact("O'Neill, Zoë"), "oneillzoe");
    }
}

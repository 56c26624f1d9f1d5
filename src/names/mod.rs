//! Finding pupils' and staff names in text, tags and file names.
//!
//! [`NameIndex`] is built once per audit from the register, the staff list
//! and the school's `not_names`. It answers three questions:
//!
//! - [`NameIndex::find_pupils`]: where in this text is a pupil's *full*
//!   name? (page text, alt text, captions, document text…)
//! - [`NameIndex::pupils_in_path`]: does this URL or file name spell a
//!   pupil's full name? (`harry-patel.jpg`, `HarryPatel.jpg`, `harrypatel.jpg`)
//! - [`NameIndex::match_tag`]: who is this photo tag? (a pupil, a member of
//!   staff, or nobody we know)
//!
//! # What counts as a hit
//! Only full names: a first name with the surname, in either order
//! ("Harry Patel", "Harry James Patel", "Patel, Harry", "Patel Harry"),
//! with the preferred first name as well as the legal one, and the
//! possessive ("Harry Patel's"). A first name alone is never a hit: it
//! cannot identify a child and would flag half the newsletter.
//!
//! A hit is dropped when the same words are a staff member's name (the
//! brief: adults on the staff list may be named), when a title stands in
//! front ("Mr Harry Patel" is an adult), or when the words are one of the
//! school's `not_names` ("Rose Hill" the road, not Rose Hill in Year 2).
//!
//! # Cost
//! Text is normalised once (see [`normalize`]) and searched once with an
//! Aho–Corasick automaton of every name form, so the work grows with the
//! length of the text and not with the size of the roster.

pub mod normalize;
pub mod path;

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, Input, MatchKind};

use crate::register::{ConsentRegister, Pupil, StaffList, StaffMember, TITLES};
use normalize::{Normalized, compact, is_word_byte, name_forms, normalize};

/// Who a name form belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Pupil(usize),
    Staff(usize),
    NotName,
}

/// Who a photo tag names. Indexes are into `register.pupils` and
/// `staff.members`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagMatch {
    Pupil(usize),
    Staff(usize),
    Unknown,
}

/// A pupil's full name found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PupilHit {
    /// Index into `register.pupils`.
    pub pupil: usize,
    /// Byte range of the name in the text searched (the original text,
    /// not the normalised one), for showing context in private reports.
    pub span: Range<usize>,
}

/// Names compiled for searching. Cheap to share between threads.
#[derive(Debug, Default)]
pub struct NameIndex {
    /// Automaton over every normalised name form; `None` with no register.
    matcher: Option<AhoCorasick>,
    /// Owners of each automaton pattern, pupils first.
    owners: Vec<Vec<Owner>>,
    /// Compact keys (letters and digits only) of whole names, for tags and
    /// for file names written as one word (`harrypatel`).
    name_keys: HashMap<String, Vec<Owner>>,
    /// Compact keys of pupil ids, for tags that give an id.
    id_keys: HashMap<String, Vec<Owner>>,
    /// Results of [`NameIndex::pupils_in_link`]: the same menu and footer
    /// addresses repeat on every page of a site.
    link_cache: std::sync::RwLock<HashMap<String, Vec<usize>>>,
}

impl NameIndex {
    /// Compiles the names. `not_names` are phrases that look like a pupil's
    /// name but are not (place names, buildings).
    pub fn new(register: Option<&ConsentRegister>, staff: Option<&StaffList>, not_names: &[String]) -> Self {
        let mut builder = Builder::default();
        for (i, pupil) in register.map(|r| r.pupils.as_slice()).unwrap_or_default().iter().enumerate() {
            builder.add_pupil(i, pupil);
        }
        for (i, member) in staff.map(|s| s.members.as_slice()).unwrap_or_default().iter().enumerate() {
            builder.add_staff(i, member);
        }
        if builder.has_pupils {
            for phrase in not_names {
                for form in name_forms(phrase) {
                    builder.pattern(form, Owner::NotName);
                }
            }
        }
        builder.finish()
    }

    /// True when there is no pupil to look for.
    pub fn is_empty(&self) -> bool {
        self.matcher.is_none()
    }

    /// Every pupil full name in `text`, in order. When two pupils share a
    /// name, both are returned for the same span.
    pub fn find_pupils(&self, text: &str) -> Vec<PupilHit> {
        let Some(ac) = &self.matcher else {
            return Vec::new();
        };
        let norm = normalize(text);
        self.scan(ac, &norm, Some(text))
            .map(|(range, pupil)| PupilHit { pupil, span: norm.original_span(text, range) })
            .collect()
    }

    /// Pupils whose full name a URL, path or file name spells, however it
    /// is separated (`-` `_` `.` `%20` `+`, spaces, camel case) or run
    /// together (`harrypatel`, `patelharry`). Sorted, without repeats.
    pub fn pupils_in_path(&self, path: &str) -> Vec<usize> {
        let Some(ac) = &self.matcher else {
            return Vec::new();
        };
        let words = path::path_words(path);
        let norm = normalize(&words);
        let mut found: Vec<usize> = self.scan(ac, &norm, None).map(|(_, p)| p).collect();
        for word in norm.text.split(|c: char| !c.is_ascii_alphanumeric()) {
            if let Some(owners) = self.name_keys.get(word)
                && owners.iter().all(|o| matches!(o, Owner::Pupil(_)))
            {
                found.extend(owners.iter().filter_map(pupil_of));
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// [`NameIndex::pupils_in_path`] for addresses that repeat across pages
    /// (links), remembered after the first look.
    pub fn pupils_in_link(&self, href: &str) -> Vec<usize> {
        if let Some(hit) = self.link_cache.read().ok().and_then(|c| c.get(href).cloned()) {
            return hit;
        }
        let found = self.pupils_in_path(href);
        if let Ok(mut cache) = self.link_cache.write() {
            cache.insert(href.to_string(), found.clone());
        }
        found
    }

    /// `path` with every segment that spells a pupil's full name replaced
    /// by `…` (`/news/harry-patel-wins/` → `/news/…/`), for messages that
    /// must be safe to print in a CI log yet still point at the page.
    pub fn redact_path(&self, path: &str) -> String {
        if self.is_empty() {
            return path.to_string();
        }
        path.split('/')
            .map(|seg| if self.pupils_in_path(seg).is_empty() { seg } else { "…" })
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Who a photo tag names: a pupil id, a pupil's full name (legal or
    /// preferred, either order, "Surname, Forename"), or a staff member's
    /// name (with or without title). Case, accents, apostrophes, hyphens and
    /// spaces are ignored. A hierarchical tag (`People|Year 4|Harry Patel`)
    /// is tried whole and then by its last part.
    ///
    /// When a pupil and a staff member share the name, the pupil wins: for
    /// a photo, assuming the adult could publish a child.
    pub fn match_tag(&self, tag: &str) -> TagMatch {
        self.match_tag_all(tag, true).into_iter().next().unwrap_or(TagMatch::Unknown)
    }

    /// Like [`NameIndex::match_tag`], but every pupil and staff member the
    /// tag could name (pupils first), or an empty list. `by_id` allows
    /// matching pupil ids: right for people fields and the author's
    /// `people=` list, wrong for free keywords, where "2024" is a year.
    pub fn match_tag_all(&self, tag: &str, by_id: bool) -> Vec<TagMatch> {
        let whole = tag.trim();
        let last = whole.rsplit(['|', '/', '\\']).next().unwrap_or(whole);
        for candidate in [whole, last] {
            let key = compact(candidate);
            if key.is_empty() {
                continue;
            }
            let mut owners: Vec<Owner> = Vec::new();
            if by_id {
                owners.extend(self.id_keys.get(&key).into_iter().flatten());
            }
            owners.extend(self.name_keys.get(&key).into_iter().flatten());
            if !owners.is_empty() {
                let mut out: Vec<TagMatch> = owners
                    .into_iter()
                    .filter_map(|o| match o {
                        Owner::Pupil(i) => Some(TagMatch::Pupil(i)),
                        Owner::Staff(i) => Some(TagMatch::Staff(i)),
                        Owner::NotName => None,
                    })
                    .collect();
                out.sort_by_key(|m| matches!(m, TagMatch::Staff(_)));
                let mut seen = Vec::with_capacity(out.len());
                out.retain(|m| {
                    let first = !seen.contains(m);
                    seen.push(*m);
                    first
                });
                return out;
            }
        }
        Vec::new()
    }

    /// Leftmost-longest hits in normalised text that stand as whole words
    /// and are not suppressed, as (normalised range, pupil). With the
    /// `original` text, a title must start with a capital ("Miss Harry
    /// Patel" is an adult, "we will miss Harry Patel" is not); file names
    /// have no reliable case, so there any title counts.
    fn scan<'a>(
        &'a self,
        ac: &'a AhoCorasick,
        norm: &'a Normalized,
        original: Option<&'a str>,
    ) -> impl Iterator<Item = (Range<usize>, usize)> + 'a {
        let text = norm.text.as_str();
        let bytes = text.as_bytes();
        let mut pos = 0;
        let mut pending: Vec<(Range<usize>, usize)> = Vec::new();
        std::iter::from_fn(move || {
            loop {
                if let Some(hit) = pending.pop() {
                    return Some(hit);
                }
                if pos >= bytes.len() {
                    return None;
                }
                let m = ac.find(Input::new(text).span(pos..bytes.len()))?;
                let (start, end) = (m.start(), m.end());
                let whole_word = (start == 0 || !is_word_byte(bytes[start - 1]))
                    && (end == bytes.len() || !is_word_byte(bytes[end]));
                if !whole_word {
                    // Try again just after this start: a real name may begin
                    // inside the rejected one.
                    pos = start + 1;
                    continue;
                }
                pos = end;
                let owners = &self.owners[m.pattern().as_usize()];
                let adult_or_place = owners.iter().any(|o| !matches!(o, Owner::Pupil(_)));
                let titled = title_before(bytes, start).is_some_and(|at| {
                    original.is_none_or(|o| o[norm.origin_of(at)..].chars().next().is_some_and(char::is_uppercase))
                });
                if adult_or_place || titled {
                    continue;
                }
                pending = owners.iter().rev().filter_map(pupil_of).map(|p| (start..end, p)).collect();
            }
        })
    }
}

/// True when a free keyword (IPTC keyword, `dc:subject`, Windows Tags…)
/// may be matched against pupil ids. Photo tools let staff tag a child by
/// UPN or admission number, and that tag names the child as surely as a
/// name does; but a keyword that is a plain year ("2024") is a year, even
/// when an admission number happens to be the same digits, so four-digit
/// numbers from 1900 to 2099 are left out.
pub fn keyword_may_be_id(tag: &str) -> bool {
    let whole = tag.trim();
    let last = whole.rsplit(['|', '/', '\\']).next().unwrap_or(whole).trim();
    let is_year = last.len() == 4
        && last.bytes().all(|b| b.is_ascii_digit())
        && (last.starts_with("19") || last.starts_with("20"));
    !last.is_empty() && !is_year
}

fn pupil_of(o: &Owner) -> Option<usize> {
    match o {
        Owner::Pupil(i) => Some(*i),
        _ => None,
    }
}

/// Where a title ("mr", "mrs.", "dr"…) starts, when one stands just
/// before `start`.
fn title_before(text: &[u8], start: usize) -> Option<usize> {
    let mut end = start;
    while end > 0 && text[end - 1] == b' ' {
        end -= 1;
    }
    if end > 0 && text[end - 1] == b'.' {
        end -= 1;
    }
    let mut begin = end;
    while begin > 0 && is_word_byte(text[begin - 1]) {
        begin -= 1;
    }
    let is_title =
        begin < end && end < start && std::str::from_utf8(&text[begin..end]).is_ok_and(|w| TITLES.contains(&w));
    is_title.then_some(begin)
}

/// Collects name forms before compiling them.
#[derive(Default)]
struct Builder {
    patterns: Vec<String>,
    ids: HashMap<String, usize>,
    owners: Vec<Vec<Owner>>,
    name_keys: HashMap<String, Vec<Owner>>,
    id_keys: HashMap<String, Vec<Owner>>,
    has_pupils: bool,
}

impl Builder {
    fn pattern(&mut self, form: String, owner: Owner) {
        if !form.bytes().any(is_word_byte) {
            return;
        }
        let next = self.patterns.len();
        let id = *self.ids.entry(form.clone()).or_insert(next);
        if id == next {
            self.patterns.push(form);
            self.owners.push(Vec::new());
        }
        if !self.owners[id].contains(&owner) {
            self.owners[id].push(owner);
        }
    }

    fn key(map: &mut HashMap<String, Vec<Owner>>, key: String, owner: Owner) {
        if key.is_empty() {
            return;
        }
        let owners = map.entry(key).or_default();
        if !owners.contains(&owner) {
            owners.push(owner);
        }
    }

    /// Adds the full-name forms of one person.
    fn add_person(&mut self, owner: Owner, forenames: &[&str], middle: Option<&str>, surname: &str) {
        for &first in forenames {
            let mut orders =
                vec![format!("{first} {surname}"), format!("{surname}, {first}"), format!("{surname} {first}")];
            if let Some(m) = middle {
                orders.push(format!("{first} {m} {surname}"));
                orders.push(format!("{surname}, {first} {m}"));
            }
            for (n, order) in orders.iter().enumerate() {
                Self::key(&mut self.name_keys, compact(order), owner);
                for form in name_forms(order) {
                    // Possessive: "Harry Patel's" normalises to "harry patels".
                    let forename_last = n == 0 || n == 3;
                    if forename_last {
                        self.pattern(format!("{form}s"), owner);
                    }
                    self.pattern(form, owner);
                }
            }
        }
    }

    fn add_pupil(&mut self, i: usize, pupil: &Pupil) {
        self.has_pupils = true;
        let owner = Owner::Pupil(i);
        let forenames: Vec<&str> = pupil.forenames().collect();
        self.add_person(owner, &forenames, pupil.middle_names.as_deref(), &pupil.surname);
        Self::key(&mut self.id_keys, compact(&pupil.id.0), owner);
        for other in &pupil.other_ids {
            Self::key(&mut self.id_keys, compact(&other.0), owner);
        }
    }

    fn add_staff(&mut self, i: usize, member: &StaffMember) {
        let owner = Owner::Staff(i);
        self.add_person(owner, &[member.forename.as_str()], None, &member.surname);
        if let Some(title) = &member.title {
            Self::key(&mut self.name_keys, compact(&format!("{title} {}", member.surname)), owner);
            Self::key(&mut self.name_keys, compact(&format!("{title} {} {}", member.forename, member.surname)), owner);
        }
    }

    fn finish(self) -> NameIndex {
        let matcher = if self.has_pupils {
            // Only fails past the automaton's size limits, far beyond any
            // school's roster; then names are not searched rather than the
            // audit stopping (the tag checks still work).
            AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&self.patterns).ok()
        } else {
            None
        };
        NameIndex {
            matcher,
            owners: self.owners,
            name_keys: self.name_keys,
            id_keys: self.id_keys,
            link_cache: Default::default(),
        }
    }
}

#[cfg(test)]
mod tests;

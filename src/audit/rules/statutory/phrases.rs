//! Which catalogue phrases occur in a text, found in one pass per text.
//!
//! Every requirement is matched against every title, heading, link text,
//! file name and address of the site (47 items × every name of 10,000
//! pages), and two searches read running text across the whole site: the "nearly
//! matched" hint for a missing item (its names anywhere in a page or
//! document) and part-items without a parent (a one-line statement such as
//! "paper copies are free"). Done as `str::contains` per phrase per page,
//! they cost items × phrases × pages scans: on a 10,000-page site they were
//! a fifth of a whole build, on one thread. One Aho-Corasick automaton over
//! every such phrase in the catalogue reads each text once instead, and the
//! pages are read in parallel when the targets are collected. Names are
//! read the same way: each name's phrases are found once, and an item whose
//! phrases are not among them is answered without reading the name again.
//!
//! Answers are exactly those of `str::contains`: overlapping matching
//! reports every phrase that occurs, and a phrase list the automaton does
//! not know (a test's own catalogue) falls back to `contains`.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::catalogue::{CATALOGUE, Catalogue};

/// The catalogue's phrases, with an automaton over them.
pub struct Phrases {
    automaton: Option<AhoCorasick>,
    ids: HashMap<String, u32>,
    /// The phrase lists the automaton covers entirely, by address: for
    /// these an empty [`Hits`] is a complete answer.
    lists: HashSet<usize>,
}

/// The built-in catalogue's phrases.
pub static PHRASES: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(&CATALOGUE));

/// Which phrases of [`Phrases`] one text contains (sorted ids).
#[derive(Debug, Clone, Default)]
pub struct Hits(Vec<u32>);

/// A [`super::text::normalise`]d text with the catalogue phrases it contains.
#[derive(Debug, Clone, Default)]
pub struct Norm {
    pub text: String,
    pub hits: Hits,
}

impl Norm {
    /// Normalises `raw` and finds its phrases.
    pub fn new(raw: &str) -> Self {
        Self::of(super::text::normalise(raw))
    }

    /// The phrases of an already normalised text.
    pub fn of(text: String) -> Self {
        let hits = PHRASES.hits(&text);
        Self { text, hits }
    }

    /// The first of `phrases` (normalised) this text contains, trimmed.
    pub fn first<'p>(&self, phrases: &'p [String]) -> Option<&'p str> {
        PHRASES.first(&self.hits, &self.text, phrases)
    }

    /// True when the text contains one of `phrases`.
    pub fn any(&self, phrases: &[String]) -> bool {
        self.first(phrases).is_some()
    }
}

impl std::ops::Deref for Norm {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl Phrases {
    /// Every item's names, negative phrases, near names and running-text
    /// phrases (already normalised by the catalogue), each once.
    pub fn new(cat: &Catalogue) -> Self {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut patterns: Vec<&str> = Vec::new();
        let mut lists = HashSet::new();
        for item in &cat.items {
            for list in [&item.names, &item.body, &item.not, &item.near] {
                lists.insert(list.as_ptr() as usize);
                for p in list {
                    if !ids.contains_key(p) {
                        ids.insert(p.clone(), patterns.len() as u32);
                        patterns.push(p);
                    }
                }
            }
        }
        // Standard semantics: overlapping search reports every pattern that
        // occurs, as `contains` would for each.
        let automaton = AhoCorasick::builder().match_kind(MatchKind::Standard).build(&patterns).ok();
        if automaton.is_none() {
            ids.clear();
            lists.clear();
        }
        Self { automaton, ids, lists }
    }

    /// The phrases `norm` (a [`super::text::normalise`]d text) contains.
    pub fn hits(&self, norm: &str) -> Hits {
        let Some(ac) = &self.automaton else { return Hits::default() };
        let mut found: Vec<u32> = ac.find_overlapping_iter(norm).map(|m| m.pattern().as_u32()).collect();
        found.sort_unstable();
        found.dedup();
        Hits(found)
    }

    /// The first of `phrases` that `norm` contains, trimmed for messages:
    /// [`super::text::first_phrase`], answered from `hits` where it can.
    pub fn first<'p>(&self, hits: &Hits, norm: &str, phrases: &'p [String]) -> Option<&'p str> {
        // Most names match nothing: no lookups then, when the automaton
        // knows the whole list.
        if hits.0.is_empty() && (phrases.is_empty() || self.lists.contains(&(phrases.as_ptr() as usize))) {
            return None;
        }
        phrases
            .iter()
            .find(|p| match self.ids.get(p.as_str()) {
                Some(id) => hits.0.binary_search(id).is_ok(),
                None => norm.contains(p.as_str()),
            })
            .map(|p| p.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::{first_phrase, normalise};
    use super::*;

    /// Every answer equals the plain search it replaces, including a phrase
    /// inside another ("sen" in "send"), overlapping phrases and a phrase
    /// the automaton was not built with.
    #[test]
    fn answers_are_those_of_a_plain_search() {
        let cat = &*CATALOGUE;
        let texts = [
            "Our SEN information report and the SEND local offer are below.",
            "Pupil premium strategy statement 2025-26; PE and sport premium",
            "Paper copies of anything on this website are free on request.",
            "Minutes of the full governing board: attendance, business interests.",
            "",
        ];
        let index = Phrases::new(cat);
        for text in texts {
            let norm = normalise(text);
            let hits = index.hits(&norm);
            for item in &cat.items {
                for list in [&item.names, &item.body, &item.not, &item.near] {
                    assert_eq!(index.first(&hits, &norm, list), first_phrase(&norm, list), "{text:?} / {}", item.id);
                }
            }
            let unknown = vec![normalise("information report")];
            assert_eq!(index.first(&hits, &norm, &unknown), first_phrase(&norm, &unknown), "{text:?}");
        }
        // The decoy must not be vacuous: some of these texts do name items.
        let norm = normalise(texts[0]);
        let hits = index.hits(&norm);
        assert!(cat.items.iter().any(|i| index.first(&hits, &norm, &i.names).is_some()));
    }
}

//! Which catalogue phrases occur in each page's and document's text, found
//! in one pass per text.
//!
//! Two searches read running text across the whole site: the "nearly
//! matched" hint for a missing item (its names anywhere in a page or
//! document) and part-items without a parent (a one-line statement such as
//! "paper copies are free"). Done as `str::contains` per phrase per page,
//! they cost items × phrases × pages scans: on a 10,000-page site they were
//! a fifth of a whole build, on one thread. One Aho-Corasick automaton over
//! every such phrase in the catalogue reads each text once instead, and the
//! pages are read in parallel when the targets are collected.
//!
//! Answers are exactly those of `str::contains`: overlapping matching
//! reports every phrase that occurs, and a phrase the automaton does not
//! know (a test's own catalogue) falls back to `contains`.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::catalogue::{CATALOGUE, Catalogue};

/// The phrases read in running text, with an automaton over them.
pub struct BodyPhrases {
    automaton: Option<AhoCorasick>,
    ids: HashMap<String, u32>,
}

/// The built-in catalogue's running-text phrases.
pub static BODY_PHRASES: LazyLock<BodyPhrases> = LazyLock::new(|| BodyPhrases::new(&CATALOGUE));

/// Which phrases of [`BodyPhrases`] one text contains (sorted ids).
#[derive(Debug, Clone, Default)]
pub struct Hits(Vec<u32>);

impl BodyPhrases {
    /// Every item's names and running-text phrases (already normalised by
    /// the catalogue), each once.
    pub fn new(cat: &Catalogue) -> Self {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut patterns: Vec<&str> = Vec::new();
        for item in &cat.items {
            for p in item.names.iter().chain(&item.body) {
                if !ids.contains_key(p) {
                    ids.insert(p.clone(), patterns.len() as u32);
                    patterns.push(p);
                }
            }
        }
        // Standard semantics: overlapping search reports every pattern that
        // occurs, as `contains` would for each.
        let automaton = AhoCorasick::builder().match_kind(MatchKind::Standard).build(&patterns).ok();
        if automaton.is_none() {
            ids.clear();
        }
        Self { automaton, ids }
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
        let index = BodyPhrases::new(cat);
        for text in texts {
            let norm = normalise(text);
            let hits = index.hits(&norm);
            for item in &cat.items {
                for list in [&item.names, &item.body] {
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

use std::path::PathBuf;

use super::*;
use crate::config::RegisterSettings;
use crate::register::{load_register, load_staff};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/registers")
}

fn register() -> ConsentRegister {
    let settings =
        RegisterSettings { path: "sims-export.csv".into(), preset: Some("sims".into()), ..Default::default() };
    load_register(&settings, &fixtures()).unwrap()
}

fn index_with(not_names: &[&str]) -> (NameIndex, ConsentRegister, StaffList) {
    let reg = register();
    let staff = load_staff(&fixtures().join("staff.csv")).unwrap();
    let not: Vec<String> = not_names.iter().map(|s| s.to_string()).collect();
    (NameIndex::new(Some(&reg), Some(&staff), &not), reg, staff)
}

/// Full names of the pupils found in `text`, with the exact text hit.
fn hits(index: &NameIndex, reg: &ConsentRegister, text: &str) -> Vec<(String, String)> {
    index.find_pupils(text).into_iter().map(|h| (reg.pupils[h.pupil].full_name(), text[h.span].to_string())).collect()
}

#[test]
fn finds_full_names_however_they_are_typed() {
    let (index, reg, _) = index_with(&[]);
    let text =
        "Well done to HARRY PATEL, Zoe O\u{2019}Neill and Zoë O Neill! Patel, Harry came 2nd; Ellie Smith Jones 3rd.";
    assert_eq!(
        hits(&index, &reg, text),
        vec![
            ("Harry Patel".into(), "HARRY PATEL".into()),
            ("Zoë O'Neill".into(), "Zoe O\u{2019}Neill".into()),
            ("Zoë O'Neill".into(), "Zoë O Neill".into()),
            ("Harry Patel".into(), "Patel, Harry".into()),
            ("Ellie Smith-Jones".into(), "Ellie Smith Jones".into()),
        ]
    );
}

#[test]
fn middle_names_preferred_names_possessives_and_transliteration() {
    let (index, reg, _) = index_with(&[]);
    let found = hits(&index, &reg, "Harry James Patel's painting. Sasha Novak and Alexander Novak. Lukasz Nowak.");
    let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Harry Patel", "Sasha Novak", "Sasha Novak", "Łukasz Nowak"]);
    assert_eq!(found[0].1, "Harry James Patel's");
}

#[test]
fn first_names_partial_words_titles_staff_and_places_are_not_hits() {
    let (index, reg, _) = index_with(&["Rose Hill"]);
    let text = "Harry and Aisha won. Joann Leeds visited. Mr Harry Patel, our visitor. \
                Mrs Amelia Jones and Sarah Patel led assembly. Walk up Rose Hill to school.";
    assert_eq!(hits(&index, &reg, text), vec![]);
    // Without the place name, Rose Hill in Year 2 is found.
    let (plain, reg, _) = index_with(&[]);
    assert_eq!(hits(&plain, &reg, "Walk up Rose Hill")[0].0, "Rose Hill");
}

#[test]
fn lower_case_words_that_look_like_titles_do_not_hide_children() {
    let (index, reg, _) = index_with(&[]);
    let found =
        hits(&index, &reg, "We will miss Harry Patel. Miss Aisha Khan is our new teacher. His sister Zoë O'Neill.");
    let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Harry Patel", "Zoë O'Neill"]);
}

#[test]
fn a_rejected_partial_match_does_not_hide_a_real_one() {
    let (index, reg, _) = index_with(&[]);
    // "ann lee" fails inside "joann lee"; the later full name is still found.
    assert_eq!(hits(&index, &reg, "Joann Lee met Ann Lee").len(), 1);
}

#[test]
fn file_names_and_urls() {
    let (index, reg, _) = index_with(&[]);
    let named = |path: &str| -> Vec<String> {
        index.pupils_in_path(path).into_iter().map(|i| reg.pupils[i].full_name()).collect()
    };
    for path in [
        "/news/harry-patel.jpg",
        "/news/Harry_Patel_2.JPG",
        "/news/HarryPatel.jpg",
        "/news/harrypatel.jpg",
        "/news/PATEL-HARRY.pdf",
        "/news/harry%20patel+sports.jpg",
        "/news/harry.patel.jpg",
    ] {
        assert_eq!(named(path), ["Harry Patel"], "{path}");
    }
    assert_eq!(named("/gallery/ZoeONeill.jpg"), ["Zoë O'Neill"]);
    assert_eq!(named("/gallery/zoe-o-neill.jpg"), ["Zoë O'Neill"]);
    assert!(named("/harry/patel.jpg").is_empty(), "names across folders do not count");
    assert!(named("/news/harry-sports-day.jpg").is_empty());
    assert!(named("/staff/mrs-amelia-jones.jpg").is_empty());
}

#[test]
fn redacts_only_the_segments_that_name_a_pupil() {
    let (index, _, _) = index_with(&[]);
    assert_eq!(index.redact_path("/news/harry-patel-wins/"), "/news/…/");
    assert_eq!(index.redact_path("/gallery/2026/ZoeONeill.jpg"), "/gallery/2026/…");
    assert_eq!(index.redact_path("/news/sports-day/race.jpg"), "/news/sports-day/race.jpg");
}

#[test]
fn tags_match_pupils_staff_or_nobody() {
    let (index, reg, staff) = index_with(&[]);
    let pupil = |t: &str| match index.match_tag(t) {
        TagMatch::Pupil(i) => reg.pupils[i].full_name(),
        other => format!("{other:?}"),
    };
    assert_eq!(pupil("Aisha Khan"), "Aisha Khan");
    assert_eq!(pupil("KHAN, Aisha"), "Aisha Khan");
    assert_eq!(pupil("zoe oneill"), "Zoë O'Neill");
    assert_eq!(pupil("O’Neill, Zoë"), "Zoë O'Neill");
    assert_eq!(pupil("People|Year 4|Harry Patel"), "Harry Patel");
    assert_eq!(pupil("1002"), "Harry Patel");
    assert_eq!(pupil("Sasha Novak"), "Sasha Novak");
    assert_eq!(pupil("Alexander Novak"), "Sasha Novak");
    match index.match_tag("Mrs Amelia Jones") {
        TagMatch::Staff(i) => assert_eq!(staff.members[i].surname, "Jones"),
        other => panic!("{other:?}"),
    }
    assert_eq!(index.match_tag("Mrs Jones"), index.match_tag("Amelia Jones"));
    assert_eq!(index.match_tag("Jordan Smith"), TagMatch::Unknown);
    assert_eq!(index.match_tag("Harry"), TagMatch::Unknown);
    assert_eq!(index.match_tag("Sports day"), TagMatch::Unknown);
    assert!(index.match_tag_all("1002", false).is_empty(), "ids only when asked");
}

#[test]
fn no_register_means_nothing_to_find() {
    let index = NameIndex::new(None, None, &[]);
    assert!(index.is_empty());
    assert!(index.find_pupils("Harry Patel").is_empty());
    assert_eq!(index.match_tag("Harry Patel"), TagMatch::Unknown);
}

#[test]
fn cost_does_not_grow_with_the_roster() {
    // 5,000 made-up pupils and 200 KB of text: one pass, well under a second
    // even unoptimised. The assertion is on the result; the size shows the
    // automaton copes.
    let mut reg = register();
    let template = reg.pupils[0].clone();
    for n in 0..5000 {
        let mut p = template.clone();
        p.id = crate::register::PupilId(format!("X{n}"));
        p.legal_forename = format!("Kid{n}");
        p.surname = format!("Fam{n}");
        p.middle_names = None;
        reg.pupils.push(p);
    }
    let index = NameIndex::new(Some(&reg), None, &[]);
    let mut text = "The children enjoyed sports day in the sunshine. ".repeat(4000);
    text.push_str("Kid4999 Fam4999 won.");
    let found = index.find_pupils(&text);
    assert_eq!(found.len(), 1);
    assert_eq!(reg.pupils[found[0].pupil].legal_forename, "Kid4999");
}

#[test]
fn remembered_link_answers_match_fresh_ones() {
    let (index, _, _) = index_with(&[]);
    for href in ["/news/harry-patel.jpg", "/news/sports-day/", "/gallery/ZoeONeill.jpg"] {
        let fresh = index.pupils_in_path(href);
        assert_eq!(index.pupils_in_link(href), fresh, "{href}: first look");
        assert_eq!(index.pupils_in_link(href), fresh, "{href}: remembered");
    }
    assert!(!index.pupils_in_link("/news/harry-patel.jpg").is_empty());
}

#[test]
fn keywords_may_be_ids_unless_they_are_years() {
    use super::keyword_may_be_id;
    assert!(keyword_may_be_id("A123456789012"));
    assert!(keyword_may_be_id("1002"));
    assert!(keyword_may_be_id("People|HB1017"));
    assert!(!keyword_may_be_id("2024"));
    assert!(!keyword_may_be_id("Events|1998"));
    assert!(!keyword_may_be_id("  "));
    assert!(keyword_may_be_id("2150"), "not a plausible year");
}

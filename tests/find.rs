//! `schoolgate find PUPIL` on the real binary. The fixture site
//! `fixtures/sites/find` seeds one pupil, Ruby Thornton (id 3107), in page
//! text, a people tag (an XMP sidecar), a file name and a PDF newsletter
//! (`examples/make_demo_pdfs.rs`), beside decoys a real school site has:
//! another Ruby (Ruby Baker), pupils whose surnames are ordinary words
//! (Oscar Wood, Jack Thorn) and those words in ordinary sentences
//! ("the baker's van", "Thornton Wood", "the thorn hedge").

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

use common::*;
use serde_json::Value;

fn find(root: &Path, args: &[&str]) -> Output {
    schoolgate().arg("find").args(args).args(["--today", "2026-11-29", "--root"]).arg(root).output().unwrap()
}

fn find_json(root: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = find(root, &all);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)))
}

/// (kind, address, place) for every piece of evidence.
fn places(json: &Value) -> BTreeSet<(String, String, String)> {
    let mut out = BTreeSet::new();
    for a in json["appearances"].as_array().unwrap() {
        for e in a["evidence"].as_array().unwrap() {
            out.insert((
                a["kind"].as_str().unwrap().to_string(),
                a["url"].as_str().unwrap().to_string(),
                e["place"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

fn set(items: &[(&str, &str, &str)]) -> BTreeSet<(String, String, String)> {
    items.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect()
}

/// Where Ruby Thornton is on the site as Schoolgate builds it.
const SEEDED: &[(&str, &str, &str)] = &[
    ("page", "/news/science-fair/", "text"),
    ("photo", "/news/science-fair/volcano.jpg", "people_tag"),
    ("photo", "/news/harvest/ruby-thornton-harvest-basket.jpg", "file_name"),
    // Tagged only in the clip's XMP (issue #15).
    ("video", "/news/science-fair/rocket-launch.mp4", "people_tag"),
    ("document", "/news/november-newsletter/newsletter-november-2026.pdf", "document_text"),
    // The news feed repeats the post's words.
    ("file", "/news/atom.xml", "file_text"),
];

#[test]
fn find_lists_exactly_the_places_a_seeded_pupil_appears_in_the_local_build() {
    let site = site("find");
    let json = find_json(site.path(), &["3107"]);
    assert_eq!(json["pupil"]["id"], "3107");
    assert_eq!(json["pupil"]["name"], "Ruby Thornton");
    assert_eq!(places(&json), set(SEEDED), "{json:#}");
    assert_eq!(json["count"], 6);
    // Where to edit, relative to the site.
    let photo = json["appearances"].as_array().unwrap().iter().find(|a| a["kind"] == "photo").unwrap();
    assert_eq!(photo["source"], "content/news/2026-10-14-science-fair/volcano.jpg");
    // The pages that show the tagged photo are where it has to come off.
    let shown_on: Vec<&str> = photo["shown_on"].as_array().unwrap().iter().filter_map(|p| p.as_str()).collect();
    assert!(shown_on.contains(&"/news/science-fair/"), "{shown_on:?}");
    let tag = photo["evidence"][0]["detail"].as_str().unwrap();
    assert!(tag.contains("\"Ruby Thornton\""), "{tag}");

    // The same pupil by name, in the register's "Surname, Forename" form.
    for name in ["Ruby Thornton", "thornton, ruby", "RUBY THORNTON"] {
        assert_eq!(places(&find_json(site.path(), &[name])), set(SEEDED), "{name}");
    }
    // Nothing was written into the site, least of all the published folder.
    assert!(!site.path().join("public").exists());
}

#[test]
fn decoys_with_the_same_first_name_or_a_surname_that_is_a_word_find_nothing() {
    let site = site("find");
    for pupil in ["3108", "Ruby Baker", "Oscar Wood", "Jack Thorn"] {
        let json = find_json(site.path(), &[pupil]);
        assert_eq!(json["count"], 0, "{pupil}: {json:#}");
    }
    let out = find(site.path(), &["Ruby Baker"]);
    assert!(text(&out).contains("not shown or named anywhere"), "{}", text(&out));
}

#[test]
fn an_ambiguous_or_unknown_name_lists_candidates_and_exits_2() {
    let site = site("find");
    let out = find(site.path(), &["Ruby"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("3107  Ruby Thornton (Year 5)") && t.contains("3108  Ruby Baker (Year 3)"), "{t}");
    assert!(!t.contains("Oscar"), "{t}");
    let out = find(site.path(), &["Thorn"]);
    assert_eq!(out.status.code(), Some(2));
    let t = text(&out);
    assert!(t.contains("Jack Thorn") && !t.contains("Ruby Thornton"), "only whole names: {t}");
    let out = find(site.path(), &["Harry Patel"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("No pupil on the register"), "{}", text(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn terminal_output_lists_pages_then_files_with_what_matched() {
    let site = site("find");
    let out = find(site.path(), &["3107"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let t = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(t.starts_with("3107  Ruby Thornton (Year 5)"), "{t}");
    assert!(t.contains("shown or named in 6 place(s)") && t.contains("keep it private"), "{t}");
    assert!(t.contains("video    /news/science-fair/rocket-launch.mp4"), "{t}");
    let page = t.find("page     /news/science-fair/").expect("page line");
    let doc = t.find("document /news/november-newsletter/newsletter-november-2026.pdf").expect("document line");
    assert!(page < doc, "{t}");
    assert!(t.contains("text: … lot of baking soda. Congratulations to Ruby Thornton, whose erupting volcano"), "{t}");
    assert!(t.contains("people tag: \"Ruby Thornton\""), "{t}");
    assert!(t.contains("document text: …ars of the week Our star of the week is Ruby Thornton in Year 5"), "{t}");
}

#[test]
fn the_published_folder_and_the_live_site_show_what_was_published() {
    let site = site("find");
    let out = build(site.path(), &["--no-faces"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let public = site.path().join("public");
    let before = snapshot(&public);
    // The build stripped the people tag from the published photo, so the
    // published copy shows Ruby only where the words are still there.
    let published = set(&SEEDED.iter().copied().filter(|(_, _, p)| *p != "people_tag").collect::<Vec<_>>());
    let public_arg = public.to_string_lossy().to_string();
    let json = find_json(site.path(), &["3107", "--dir", &public_arg]);
    assert_eq!(places(&json), published, "{json:#}");
    assert_eq!(snapshot(&public), before, "find never writes into the published folder");

    // A crawler reads what pages link to; the feed is only there if it
    // follows the feed link, so it may or may not be listed. Nothing else
    // may differ.
    let url = serve_folder(public.clone());
    let json = find_json(site.path(), &["3107", &url]);
    let live = places(&json);
    assert!(live.is_subset(&published), "{json:#}");
    assert!(published.iter().filter(|p| p.0 != "file").all(|p| live.contains(p)), "{json:#}");
    assert!(json["searched"].as_str().unwrap().contains("127.0.0.1"));
}

#[test]
fn output_is_refused_inside_published_and_source_folders() {
    let site = site("find");
    std::fs::create_dir_all(site.path().join("public")).unwrap();
    for inside in ["public/found.json", "content/found.txt", "static/found.txt"] {
        let target = site.path().join(inside);
        let out = find(site.path(), &["3107", "--output", target.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{inside}: {}", text(&out));
        assert!(!target.exists(), "{inside}");
        assert!(text(&out).contains("--output"), "{}", text(&out));
    }
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("ruby.json");
    let out = find(site.path(), &["3107", "--format", "json", "--output", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(places(&json), set(SEEDED));
    assert!(out.stdout.is_empty(), "the list went to the file only");
}

#[test]
fn the_private_html_page_lists_every_place_and_is_refused_in_the_published_folder() {
    let site = site("find");
    std::fs::create_dir_all(site.path().join("public")).unwrap();
    // Attack: the page for the office written where the web server serves it.
    let inside = site.path().join("public/ruby.html");
    let out = find(site.path(), &["3107", "--format", "html", "--output", inside.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(!inside.exists());

    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("ruby.html");
    let out = find(site.path(), &["3107", "--format", "html", "--output", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let html = std::fs::read_to_string(&target).unwrap();
    assert!(html.contains("PRIVATE") && html.contains("noindex"), "{html}");
    assert!(html.contains("Where 3107  Ruby Thornton (Year 5), register row 2 appears"), "{html}");
    assert!(html.contains("Shown or named in 6 places"), "{html}");
    // Every place the JSON lists is a row, with the file to change.
    for (_, url, _) in SEEDED {
        assert!(html.contains(&format!("<code>{url}</code>")), "{url} missing:\n{html}");
    }
    assert!(html.contains("<code>content/news/2026-10-14-science-fair/"), "the file to change:\n{html}");
    // Decoys on the same site are not rows.
    assert!(!html.contains("Ruby Baker"), "{html}");
}

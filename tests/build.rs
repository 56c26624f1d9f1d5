//! `schoolgate build` on fixture sites: the real binary, real files.

mod common;

use common::*;

const POST: &str = "content/news/2026-07-10-sports-day/index.md";

#[test]
fn builds_a_normal_site() {
    let site = site("basic");
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", text(&out));
    let public = site.path().join("public");
    let post = std::fs::read_to_string(public.join("news/sports-day/index.html")).unwrap();
    assert!(post.contains("<h1"), "post has a heading");
    assert!(post.contains("src=\"/news/sports-day/relay-race.jpg\""));
    assert!(post.contains("width=\"320\" height=\"240\""), "images carry their size");
    for f in [
        "index.html",
        "about/vision/index.html",
        "contact/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "news/atom.xml",
        "css/site.css",
    ] {
        assert!(public.join(f).is_file(), "{f} missing");
    }
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://www.elmtree.example.sch.uk/news/sports-day/</loc>"));
    // Private files never reach the output.
    let all = snapshot(&public);
    assert!(
        all.iter().all(|(p, _)| !p.to_string_lossy().contains("register") && !p.to_string_lossy().contains("staff"))
    );
    assert!(all.iter().all(|(_, b)| !String::from_utf8_lossy(b).contains("ET001")), "register ids leaked");
}

#[test]
fn second_build_does_no_image_work_and_writes_nothing() {
    let site = site("basic");
    let first = build(site.path(), &[]);
    assert!(text(&first).contains("1 photos prepared, 0 from cache"), "{}", text(&first));
    let inodes = |dir: &std::path::Path| -> Vec<(std::path::PathBuf, u64)> {
        use std::os::unix::fs::MetadataExt;
        let mut v: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| (e.path().to_path_buf(), e.metadata().unwrap().ino()))
            .collect();
        v.sort();
        v
    };
    let before = inodes(&site.path().join("public"));
    let second = build(site.path(), &[]);
    let t = text(&second);
    assert!(t.contains("0 photos prepared, 1 from cache"), "{t}");
    assert!(t.contains("Wrote 0 changed files"), "{t}");
    // Not rewritten, not even re-linked: the same files and folders.
    assert_eq!(inodes(&site.path().join("public")), before);
}

/// Breaks the site in one way; the build must fail with exit 2, say what and
/// where, and leave the previously published site byte-for-byte unchanged.
fn assert_fails_cleanly(break_it: impl FnOnce(&std::path::Path), expect: &[&str]) {
    let site = site("basic");
    let ok = build(site.path(), &[]);
    assert!(ok.status.success(), "{}", text(&ok));
    let before = snapshot(&site.path().join("public"));
    break_it(site.path());
    let out = build(site.path(), &[]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    for e in expect {
        assert!(t.contains(e), "expected {e:?} in:\n{t}");
    }
    assert!(t.contains("Nothing was published"), "{t}");
    assert_eq!(before, snapshot(&site.path().join("public")), "published folder changed");
}

#[test]
fn malformed_front_matter() {
    assert_fails_cleanly(
        |root| edit(&root.join(POST), "title = \"Sports day\"", "title \"Sports day\""),
        &["front matter", "2026-07-10-sports-day/index.md:2", "help:"],
    );
}

#[test]
fn broken_internal_link_with_suggestion() {
    assert_fails_cleanly(
        |root| edit(&root.join("content/_index.md"), "@/contact.md", "@/contatc.md"),
        &["`@/contatc.md` points to a page that does not exist", "content/_index.md:6", "Did you mean `@/contact.md`?"],
    );
}

#[test]
fn missing_image() {
    assert_fails_cleanly(
        |root| edit(&root.join(POST), "relay-race.jpg", "relay-rase.jpg"),
        &["the image `relay-rase.jpg` cannot be found", "index.md:8"],
    );
}

#[test]
fn corrupt_image() {
    assert_fails_cleanly(
        |root| {
            let p = root.join("content/news/2026-07-10-sports-day/relay-race.jpg");
            let bytes = std::fs::read(&p).unwrap();
            std::fs::write(&p, &bytes[..bytes.len() / 2]).unwrap();
        },
        &["relay-race.jpg", "incomplete"],
    );
}

#[test]
fn duplicate_url() {
    assert_fails_cleanly(
        |root| std::fs::write(root.join("content/news/sports-day.md"), "+++\ntitle = \"Again\"\n+++\n").unwrap(),
        &["two pages would be published at the same address /news/sports-day/"],
    );
}

#[test]
fn unknown_template_variable() {
    assert_fails_cleanly(
        |root| {
            copy_dir(&repo().join("site-template"), &root.join("site-template"));
            let page = root.join("site-template/templates/news-post.html");
            let text = std::fs::read_to_string(&page).unwrap();
            std::fs::write(&page, text.replacen("{% block content %}", "{% block content %}{{ page.autor }}", 1))
                .unwrap();
        },
        &["news-post.html", "autor", "2026-07-10-sports-day/index.md"],
    );
}

#[test]
fn all_errors_are_reported_not_just_the_first() {
    assert_fails_cleanly(
        |root| {
            edit(&root.join(POST), "relay-race.jpg", "relay-rase.jpg");
            edit(&root.join("content/_index.md"), "@/contact.md", "@/contatc.md");
        },
        &["relay-rase.jpg", "@/contatc.md", "The build stopped with 2 errors"],
    );
}

#[test]
fn register_inside_the_content_folder_is_refused() {
    assert_fails_cleanly(
        |root| {
            std::fs::copy(root.join("private/register.csv"), root.join("content/register.csv")).unwrap();
            edit(&root.join("schoolgate.toml"), "path = \"private/register.csv\"", "path = \"content/register.csv\"");
        },
        &["is inside the content folder", "content/register.csv"],
    );
}

#[test]
fn unreadable_config_key_names_the_line() {
    assert_fails_cleanly(|root| edit(&root.join("schoolgate.toml"), "urn = ", "urm = "), &["schoolgate.toml", "urm"]);
}

#[test]
fn template_links_to_missing_pages_are_reported_once_each() {
    // The basic fixture sets no [site.extra] addresses, so the footer's
    // default "Key information" and "Privacy notice" links lead nowhere.
    let site = site("basic");
    let report = site.path().join("report.json");
    let out = build(site.path(), &["--format", "json", "--output", report.to_str().unwrap()]);
    assert!(out.status.success(), "warnings do not stop the build: {}", text(&out));
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let broken: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "links/broken-internal")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(broken.iter().any(|m| m.contains("/privacy-notice/") && m.contains("other pages")), "{broken:#?}");
    assert_eq!(broken.iter().filter(|m| m.contains("/privacy-notice/")).count(), 1, "one finding per address");
    assert!(!broken.iter().any(|m| m.contains("/contact/")), "existing pages are not reported: {broken:#?}");
}

#[test]
fn findings_on_a_markdown_page_name_its_line() {
    // A careless edit: a pupil's full name, a personal mobile and a photo
    // whose alt text is its file name, each on its own line of one news
    // post (the photo is also above, with good alt text: the line found must
    // be the one with the problem). The report must send the admin to those
    // lines, not just to the file.
    let site = site("basic");
    let post = site.path().join("content/news/2026-07-10-sports-day/index.md");
    let mut md = std::fs::read_to_string(&post).unwrap();
    let first = md.lines().count() + 2;
    md.push_str("\nWell done to Aisha Khan for the relay.\n\nQuestions? Ring Mrs Jones on 07700 900123.\n\n![IMG_2041.jpg](relay.jpg)\n");
    std::fs::write(&post, md).unwrap();
    let bundle = site.path().join("content/news/2026-07-10-sports-day");
    std::fs::copy(bundle.join("relay-race.jpg"), bundle.join("relay.jpg")).unwrap();
    let report = site.path().join("report.json");
    let out = build(site.path(), &["--format", "json", "--output", report.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let line_of = |rule: &str| -> Vec<(String, Option<u64>)> {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == rule)
            .map(|f| (f["source"]["path"].as_str().unwrap_or("").to_string(), f["source"]["line"].as_u64()))
            .collect()
    };
    let file = "content/news/2026-07-10-sports-day/index.md".to_string();
    assert_eq!(line_of("names/full-name-on-page"), [(file.clone(), Some(first as u64))], "{}", text(&out));
    assert_eq!(line_of("contact/personal-mobile"), [(file.clone(), Some(first as u64 + 2))]);
    assert_eq!(line_of("alt-text/file-name"), [(file, Some(first as u64 + 4))]);
}

#[test]
fn a_markdown_photo_with_empty_brackets_asks_for_a_description_instead_of_passing_as_decoration() {
    // `![](relay.jpg)`: Markdown cannot mark a picture as decoration, so
    // empty brackets are a description nobody wrote. It used to become
    // alt="" and pass silently, hiding the photo from screen readers.
    let site = site("basic");
    let post = site.path().join("content/news/2026-07-10-sports-day/index.md");
    let mut md = std::fs::read_to_string(&post).unwrap();
    let line = md.lines().count() + 2;
    md.push_str("\n![](relay.jpg)\n\n![Year 6 on the climbing wall](wall.jpg)\n");
    std::fs::write(&post, md).unwrap();
    let bundle = site.path().join("content/news/2026-07-10-sports-day");
    std::fs::copy(bundle.join("relay-race.jpg"), bundle.join("relay.jpg")).unwrap();
    std::fs::copy(bundle.join("relay-race.jpg"), bundle.join("wall.jpg")).unwrap();
    let report = site.path().join("report.json");
    let out = build(site.path(), &["--format", "json", "--output", report.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(!site.path().join("public").exists(), "nothing published");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let missing: Vec<&serde_json::Value> =
        json["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "alt-text/missing").collect();
    assert_eq!(missing.len(), 1, "only the photo without a description: {missing:#?}");
    assert!(missing[0]["message"].as_str().unwrap().contains("relay.jpg"), "{}", missing[0]);
    assert_eq!(missing[0]["source"]["line"].as_u64(), Some(line as u64), "{}", missing[0]);
    let help = missing[0]["help"].as_str().unwrap();
    assert!(help.contains("square brackets") && help.contains("](relay.jpg)"), "{help}");
}

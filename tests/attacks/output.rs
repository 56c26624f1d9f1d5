//! The published folder holds exactly what the last passing build produced,
//! and a build that fails while publishing leaves the previous site whole.
//! See main.rs.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::*;

/// An unconsented photo and a register copied into `public/` by hand: what
/// `rsync --delete public/` would upload if the build kept them.
fn plant_strays(public: &Path) -> Vec<PathBuf> {
    let photo = public.join("gallery/2019/old-trip.jpg");
    std::fs::create_dir_all(photo.parent().unwrap()).unwrap();
    std::fs::copy(fixture("sites/basic/content/news/2026-07-10-sports-day/relay-race.jpg"), &photo).unwrap();
    let register = public.join("register.csv");
    std::fs::copy(fixture("sites/basic/private/register.csv"), &register).unwrap();
    // A file where the site needs a folder, and an empty folder of its own.
    let blocker = public.join("about");
    std::fs::remove_dir_all(&blocker).unwrap();
    std::fs::write(&blocker, "not a folder").unwrap();
    std::fs::create_dir_all(public.join("old-site/empty")).unwrap();
    vec![photo, register, public.join("old-site")]
}

fn assert_only_the_site(public: &Path, expected: &[(PathBuf, Vec<u8>)], strays: &[PathBuf], log: &str) {
    for s in strays {
        assert!(!s.exists(), "{} survived a passing build:\n{log}", s.display());
    }
    assert!(snapshot(public) == expected, "public/ is not exactly the site:\n{log}");
    // Nothing but files and folders of the site: no empty leftover folders either.
    let dirs = walkdir::WalkDir::new(public).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_dir());
    for d in dirs {
        assert!(std::fs::read_dir(d.path()).unwrap().next().is_some(), "empty folder {} kept", d.path().display());
    }
}

#[test]
fn files_the_build_did_not_produce_are_gone_even_without_build_state_or_after_moving_the_site() {
    let site = site("basic");
    let first = build(site.path(), &[]);
    assert!(first.status.success(), "{}", text(&first));
    let public = site.path().join("public");
    let expected = snapshot(&public);

    // Build state lost (`rm -rf .schoolgate`): the old manifest is gone too.
    let strays = plant_strays(&public);
    std::fs::remove_dir_all(site.path().join(".schoolgate")).unwrap();
    let out = build(site.path(), &[]);
    let log = text(&out);
    assert_eq!(out.status.code(), Some(0), "{log}");
    assert!(log.contains("4 removed"), "the summary counts what was removed: {log}");
    assert_only_the_site(&public, &expected, &strays, &log);

    // The site moved to another folder (state and all).
    let elsewhere = tempfile::tempdir().unwrap();
    let moved = elsewhere.path().join("school-site");
    copy_dir_all(site.path(), &moved);
    let public = moved.join("public");
    let strays = plant_strays(&public);
    let out = build(&moved, &[]);
    let log = text(&out);
    assert_eq!(out.status.code(), Some(0), "{log}");
    assert_only_the_site(&public, &expected, &strays, &log);
    assert_no_leftovers(&moved);
}

/// `copy_dir` skips build state and `public/`; a moved site keeps both.
fn copy_dir_all(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let target = dst.join(entry.path().strip_prefix(src).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// No staging or backup folder beside `public/`, no temporary file in it.
fn assert_no_leftovers(root: &Path) {
    for e in std::fs::read_dir(root).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.starts_with(".public."), "{name} left beside public/");
    }
    for e in walkdir::WalkDir::new(root.join("public")).into_iter().filter_map(Result::ok) {
        assert!(!e.file_name().to_string_lossy().ends_with(".tmp"), "{} left in public/", e.path().display());
    }
}

/// `schoolgate build` that may write files of at most ~32 KiB, like a disk
/// that fills up half-way through. Works for root too (permissions do not
/// stop root; a file size limit does). SIGXFSZ is ignored so the write
/// fails with an error instead of killing the process.
fn build_on_a_nearly_full_disk(root: &Path) -> Output {
    let bin = assert_cmd::cargo::cargo_bin("schoolgate");
    std::process::Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 64; exec \"$0\" build --quiet --today 2026-11-29 --root \"$1\"")
        .arg(bin)
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn a_write_that_fails_half_way_leaves_the_old_site_byte_for_byte_and_says_so_truthfully() {
    let site = site("basic");
    let ok = build(site.path(), &[]);
    assert!(ok.status.success(), "{}", text(&ok));
    let public = site.path().join("public");
    let before = snapshot(&public);

    // Two pages change and one of them becomes too big for the space left:
    // the rest of the site is staged before the write fails.
    edit(&site.path().join("content/about/vision.md"), "+++\n\n", "+++\n\nUpdated for 2026-27.\n\n");
    let long = "The governors review this policy every year. ".repeat(2_000);
    let contact = site.path().join("content/contact.md");
    std::fs::write(&contact, format!("{}\n\n{long}\n", std::fs::read_to_string(&contact).unwrap())).unwrap();

    let out = build_on_a_nearly_full_disk(site.path());
    let log = text(&out);
    assert_eq!(out.status.code(), Some(2), "{log}");
    assert!(log.contains("could not write") && log.contains("contact"), "names what failed: {log}");
    assert!(log.contains("Nothing was published") && log.contains("is unchanged"), "{log}");
    assert!(snapshot(&public) == before, "public/ changed after a failed write:\n{log}");
    assert_no_leftovers(site.path());

    // The same build with room to write publishes the new site: the failure
    // above was the full disk, nothing else.
    let out = build(site.path(), &[]);
    assert!(out.status.success(), "{}", text(&out));
    let page = std::fs::read_to_string(public.join("contact/index.html")).unwrap();
    assert!(page.contains("The governors review this policy"));
}

#[test]
fn leftovers_of_a_killed_build_are_removed_on_the_next_run() {
    let site = site("basic");
    let ok = build(site.path(), &[]);
    assert!(ok.status.success(), "{}", text(&ok));
    let public = site.path().join("public");
    let expected = snapshot(&public);

    // What SIGKILL leaves at each stage: a half-staged copy, a backup of the
    // old site, a temporary file of the old per-file writer. Process ids
    // above Linux's pid_max belong to no running process.
    let staging = site.path().join(".public.schoolgate-staging-999999999");
    std::fs::create_dir_all(staging.join("news")).unwrap();
    std::fs::copy(fixture("sites/basic/private/register.csv"), staging.join("register.csv")).unwrap();
    let backup = site.path().join(".public.schoolgate-old-999999998");
    std::fs::create_dir_all(&backup).unwrap();
    std::fs::write(backup.join("index.html"), "<p>old</p>").unwrap();
    let tmp = public.join("news/.sg-Xk3pQ1.tmp");
    std::fs::write(&tmp, "<p>half a page").unwrap();

    let out = build(site.path(), &[]);
    let log = text(&out);
    assert!(out.status.success(), "{log}");
    assert!(
        log.contains("Removed what an interrupted build left behind: 2 staging or backup folder(s)")
            && log.contains("1 temporary .sg-*.tmp file(s)"),
        "says so in one line: {log}"
    );
    assert!(!staging.exists() && !backup.exists() && !tmp.exists(), "{log}");
    assert!(snapshot(&public) == expected);

    // Killed between moving the old site aside and moving the new one in:
    // public/ is missing, the old site is in the backup. It is put back.
    std::fs::rename(&public, &backup).unwrap();
    let out = build(site.path(), &[]);
    let log = text(&out);
    assert!(out.status.success(), "{log}");
    assert!(log.contains("Put the previous site back"), "{log}");
    assert!(snapshot(&public) == expected);
    assert_no_leftovers(site.path());
}

/// (path, inode, modification time) of every file.
fn identities(dir: &Path) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    let mut out: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), m.ino(), m.modified().unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn an_unchanged_rebuild_rewrites_nothing_and_a_change_rewrites_only_what_changed() {
    let site = site("basic");
    let first = build(site.path(), &[]);
    assert!(first.status.success(), "{}", text(&first));
    let public = site.path().join("public");
    let before = identities(&public);

    let second = build(site.path(), &[]);
    let log = text(&second);
    assert!(log.contains("Wrote 0 changed files"), "{log}");
    assert_eq!(identities(&public), before, "an unchanged build touched files:\n{log}");

    // One page changes: the others (and the photo) keep their inode.
    edit(&site.path().join("content/about/vision.md"), "+++\n\n", "+++\n\nUpdated for 2026-27.\n\n");
    let third = build(site.path(), &[]);
    assert!(third.status.success(), "{}", text(&third));
    let after = identities(&public);
    let changed: Vec<&PathBuf> =
        after.iter().filter(|a| !before.iter().any(|b| b.0 == a.0 && b.1 == a.1)).map(|a| &a.0).collect();
    assert!(changed.contains(&&PathBuf::from("about/vision/index.html")), "{changed:?}");
    assert!(!changed.contains(&&PathBuf::from("news/sports-day/relay-race.jpg")), "{changed:?}");
    assert!(!changed.contains(&&PathBuf::from("css/site.css")), "{changed:?}");
    // Published files stay readable by the web server.
    use std::os::unix::fs::PermissionsExt;
    for (p, _, _) in &after {
        let mode = std::fs::metadata(public.join(p)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{}", p.display());
    }
}

//! See main.rs. Paths: every address or folder that comes from the user
//! (front matter, file names, symlinks, command-line options, settings)
//! stays inside the folder it belongs in, or the command stops naming it.
//!
//! Each test works in a "world": a temporary folder holding the school's
//! site (`school/`, the `basic` fixture, built once so `public/` holds a
//! real site) beside a `victim/` folder that another program owns. After
//! the attack, every byte in the world (except Schoolgate's caches in
//! `school/.schoolgate/`) is what it was.

use std::path::{Path, PathBuf};
use std::process::Output;

use super::common::*;

const VISION: &str = "content/about/vision.md";
const VICTIM: &str = "<!doctype html><p>Another site's page, not Schoolgate's.</p>";

/// A built school site beside someone else's folder.
struct World {
    outer: tempfile::TempDir,
    root: PathBuf,
}

impl World {
    fn new() -> World {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("school");
        copy_dir(&fixture("sites/basic"), &root);
        let victim = outer.path().join("victim");
        std::fs::create_dir_all(&victim).unwrap();
        std::fs::write(victim.join("index.html"), VICTIM).unwrap();
        let world = World { outer, root };
        let out = world.build(&[]);
        assert_eq!(out.status.code(), Some(0), "the fixture builds cleanly first:\n{}", text(&out));
        world
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn build(&self, extra: &[&str]) -> Output {
        let mut args = vec!["--no-faces"];
        args.extend_from_slice(extra);
        build(&self.root, &args)
    }

    /// `schoolgate build` run from inside the site folder, so relative
    /// paths on the command line are read as an admin would type them.
    fn build_here(&self, extra: &[&str]) -> Output {
        schoolgate()
            .current_dir(&self.root)
            .args(["build", "--quiet", "--no-faces", "--today", "2026-11-29", "--root", "."])
            .args(extra)
            .output()
            .unwrap()
    }

    /// Every file in the world with its bytes, caches aside.
    fn everything(&self) -> Vec<(PathBuf, Vec<u8>)> {
        snapshot(self.outer.path()).into_iter().filter(|(p, _)| !p.starts_with("school/.schoolgate")).collect()
    }

    fn public(&self) -> Vec<(PathBuf, Vec<u8>)> {
        snapshot(&self.root.join("public"))
    }

    /// Runs `attack` and asserts the refusal: exit 2, every one of `names`
    /// in the message, and not one byte changed anywhere in the world.
    fn refuses(&self, names: &[&str], attack: impl FnOnce() -> Output) -> String {
        let public = self.public();
        let before = self.everything();
        let out = attack();
        let log = text(&out);
        assert_eq!(out.status.code(), Some(2), "the attack must be refused as an input error:\n{log}");
        for n in names {
            assert!(log.contains(n), "the message names {n:?}:\n{log}");
        }
        assert!(self.public() == public, "public/ changed:\n{log}");
        let after = self.everything();
        let changed: Vec<&PathBuf> = after.iter().filter(|f| !before.contains(f)).map(|(p, _)| p).collect();
        let gone: Vec<&PathBuf> = before.iter().filter(|f| !after.contains(f)).map(|(p, _)| p).collect();
        assert!(changed.is_empty() && gone.is_empty(), "written: {changed:?}, removed: {gone:?}\n{log}");
        assert_eq!(std::fs::read_to_string(self.outer.path().join("victim/index.html")).unwrap(), VICTIM);
        log
    }

    /// Adds `line` to the settings block of the content file `rel`.
    fn front(&self, rel: &str, line: &str) {
        edit(&self.path(rel), "weight = ", &format!("{line}\nweight = "));
    }
}

/// The line number `n` of the file, as the error shows it: `vision.md:3`.
fn at(file: &str, n: usize) -> String {
    format!("{file}:{n}")
}

#[test]
fn alias_with_dotdot_cannot_write_outside_the_output_folder() {
    let w = World::new();
    w.front(VISION, r#"aliases = ["/about/old-vision/", "../../victim"]"#);
    w.refuses(&["alias", "../../victim", &at("vision.md", 3), "`..`"], || w.build(&[]));
}

#[test]
fn alias_over_the_template_folder_is_refused() {
    // The reported attack: an alias that overwrote the home page template.
    let w = World::new();
    w.front(VISION, r#"aliases = ["../site-template/templates"]"#);
    w.refuses(&["alias", "../site-template/templates", "vision.md"], || w.build(&[]));
    assert!(!w.path("site-template").exists());
}

#[test]
fn slug_with_dotdot_is_refused() {
    let w = World::new();
    w.front(VISION, r#"slug = "../../../../x""#);
    w.refuses(&["slug", "../../../../x", &at("vision.md", 3)], || w.build(&[]));
}

#[test]
fn section_slug_with_dotdot_is_refused() {
    let w = World::new();
    w.front("content/about/_index.md", r#"slug = "../../victim""#);
    w.refuses(&["slug", "../../victim", &at("_index.md", 3)], || w.build(&[]));
}

#[test]
fn percent_encoded_and_lookalike_dotdot_are_refused() {
    let w = World::new();
    w.front(VISION, r#"aliases = ["%2e%2e/%2E%2E/victim"]"#);
    w.refuses(&["alias", "%2e%2e/%2E%2E/victim", "%2e%2e"], || w.build(&[]));
    let w = World::new();
    w.front(VISION, "aliases = [\"\u{ff0e}\u{ff0e}/\u{ff0e}\u{ff0e}/victim\"]");
    w.refuses(&["alias", "look-alike"], || w.build(&[]));
}

#[test]
fn absolute_and_windows_aliases_are_refused() {
    let w = World::new();
    w.front(VISION, r#"aliases = ["C:/Users/victim", '\\server\share\victim', "https://evil.example/x"]"#);
    let log =
        w.refuses(&["C:/Users/victim", "\\\\server", "https://evil.example/x", "backslash", "colon"], || w.build(&[]));
    assert_eq!(log.matches("error: the alias").count(), 3, "each bad alias is reported:\n{log}");
}

#[test]
fn file_name_with_backslashes_is_refused() {
    // On Linux `docs\..\..\x.pdf` is one file name (a name starting
    // with `.` would be skipped as hidden); on a Windows web server it
    // is a path two folders up.
    let w = World::new();
    std::fs::write(w.path("content/about/docs\\..\\..\\victim.pdf"), b"%PDF-1.4").unwrap();
    w.refuses(&["address", "backslash"], || w.build(&[]));
}

#[test]
fn new_page_with_dotdot_section_is_refused_and_title_stays_inside() {
    let w = World::new();
    let new = |title: &str, section: &str| {
        schoolgate().args(["new", "page", title, "--section", section, "--root"]).arg(&w.root).output().unwrap()
    };
    w.refuses(&["--section", "../../victim", "`..`"], || new("Evil", "../../victim"));
    w.refuses(&["--section", "/tmp", "starts with `/`"], || new("Evil", "/tmp"));
    // A title is only ever a slug: `../../evil` becomes content/evil.md.
    let out = schoolgate().args(["new", "page", "../../evil", "--root"]).arg(&w.root).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(w.path("content/evil.md").is_file());
    assert!(!w.outer.path().join("evil.md").exists());
}

#[test]
fn out_over_the_private_folder_is_refused() {
    let w = World::new();
    let private = w.path("private");
    w.refuses(&["--out", "private", "register.path"], || w.build(&["--out", private.to_str().unwrap()]));
    w.refuses(&["--out", "the private folder"], || w.build_here(&["--out", "private"]));
}

#[test]
fn out_over_the_site_root_or_sources_is_refused() {
    let w = World::new();
    w.refuses(&["--out", "contains", "the site folder"], || w.build_here(&["--out", "."]));
    let root = w.root.to_str().unwrap().to_string();
    w.refuses(&["--out", "the site folder"], || w.build(&["--out", &root]));
    w.refuses(&["--out", "the content folder"], || w.build_here(&["--out", "content"]));
    w.refuses(&["--out", "the content folder"], || w.build_here(&["--out", "content/about/public"]));
    w.refuses(&["--out", "the template folder"], || w.build_here(&["--out", "site-template"]));
    w.refuses(&["--out", "Schoolgate's state folder"], || w.build_here(&["--out", ".schoolgate/site"]));
}

#[test]
fn register_inside_the_output_folder_is_refused() {
    let w = World::new();
    std::fs::copy(w.path("private/register.csv"), w.path("public/register.csv")).unwrap();
    edit(&w.path("schoolgate.toml"), "path = \"private/register.csv\"", "path = \"public/register.csv\"");
    w.refuses(&["register.path", "public/register.csv", "site.output_dir", "schoolgate.toml:17"], || w.build(&[]));
}

#[cfg(unix)]
#[test]
fn private_folder_symlinked_into_content_is_refused() {
    // The reported attack: private/ replaced by a symlink to a folder inside
    // content/. Compared as text the register was "in private/"; it was
    // published.
    let w = World::new();
    std::fs::rename(w.path("private"), w.path("content/staffroom")).unwrap();
    std::os::unix::fs::symlink(w.path("content/staffroom"), w.path("private")).unwrap();
    let log = w.refuses(&["register.path", "staff.path", "is inside", "the content folder"], || w.build(&[]));
    assert_no_surnames(&log);
    for (file, bytes) in w.public() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("Patel") && !file.to_string_lossy().contains("register"), "{}", file.display());
    }
}

#[cfg(unix)]
#[test]
fn content_folder_symlinked_into_private_is_refused() {
    // The other direction: the published tree lives inside private/.
    let w = World::new();
    std::fs::rename(w.path("content"), w.path("private/content")).unwrap();
    std::os::unix::fs::symlink(w.path("private/content"), w.path("content")).unwrap();
    w.refuses(&["the private folder", "contains", "the content folder"], || w.build(&[]));
}

#[cfg(unix)]
#[test]
fn content_symlink_to_outside_the_site_is_refused() {
    let w = World::new();
    std::os::unix::fs::symlink(w.outer.path().join("victim"), w.path("content/shared")).unwrap();
    w.refuses(&["symlink", "content/shared", "outside the site folder"], || w.build(&[]));
}

#[cfg(unix)]
#[test]
fn content_symlink_into_private_is_refused() {
    let w = World::new();
    std::os::unix::fs::symlink(w.path("private"), w.path("content/about/files")).unwrap();
    let log = w.refuses(&["symlink", "content/about/files", "the private folder"], || w.build(&[]));
    assert_no_surnames(&log);
    // A single file linked from the state folder is refused the same way.
    std::fs::remove_file(w.path("content/about/files")).unwrap();
    std::os::unix::fs::symlink(w.path("private/staff.csv"), w.path("content/about/staff.csv")).unwrap();
    w.refuses(&["content/about/staff.csv", "staff.path"], || w.build(&[]));
}

#[cfg(unix)]
#[test]
fn static_symlink_into_the_state_folder_is_refused() {
    let w = World::new();
    std::fs::create_dir_all(w.path("static")).unwrap();
    std::os::unix::fs::symlink(w.path(".schoolgate"), w.path("static/cache")).unwrap();
    w.refuses(&["static/cache", "Schoolgate's state folder"], || w.build(&[]));
}

#[cfg(unix)]
#[test]
fn shared_photo_folder_symlinked_inside_the_site_is_published() {
    // The decoy: a photo kept in a shared folder of the site and linked into
    // the post's folder is an ordinary photo, not "image not found".
    let w = World::new();
    let published = std::fs::read(w.path("public/news/sports-day/relay-race.jpg")).unwrap();
    let bundle = w.path("content/news/2026-07-10-sports-day");
    std::fs::create_dir_all(w.path("shared-photos/sports")).unwrap();
    std::fs::rename(bundle.join("relay-race.jpg"), w.path("shared-photos/sports/relay-race.jpg")).unwrap();
    std::fs::remove_dir_all(w.path("public")).unwrap();
    // A linked file, with a relative target as people make them.
    std::os::unix::fs::symlink("../../../shared-photos/sports/relay-race.jpg", bundle.join("relay-race.jpg")).unwrap();
    let out = w.build(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(std::fs::read(w.path("public/news/sports-day/relay-race.jpg")).unwrap(), published);
    // A linked folder: the whole post kept in the shared folder.
    std::fs::remove_file(bundle.join("relay-race.jpg")).unwrap();
    std::fs::rename(w.path("shared-photos/sports/relay-race.jpg"), bundle.join("relay-race.jpg")).unwrap();
    std::fs::rename(&bundle, w.path("shared-photos/sports-day")).unwrap();
    std::os::unix::fs::symlink(w.path("shared-photos/sports-day"), &bundle).unwrap();
    std::fs::remove_dir_all(w.path("public")).unwrap();
    let out = w.build(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(std::fs::read(w.path("public/news/sports-day/relay-race.jpg")).unwrap(), published);
    assert!(w.path("public/news/sports-day/index.html").is_file());
}

#[test]
fn private_report_inside_content_is_refused() {
    let w = World::new();
    w.refuses(&["--report", "content/r.html", "the content folder"], || w.build_here(&["--report", "content/r.html"]));
    assert!(!w.path("content/r.html").exists());
    w.refuses(&["--report", "public"], || w.build_here(&["--report", "public/r.html"]));
}

#[test]
fn report_inside_template_static_is_refused() {
    let w = World::new();
    w.refuses(&["--output", "site-template/static/x.json", "the template folder"], || {
        w.build_here(&["--format", "json", "--output", "site-template/static/x.json"])
    });
    w.refuses(&["--output", "the static folder"], || w.build_here(&["--format", "json", "--output", "static/x.json"]));
    // Outside every published and source folder it is written.
    let out = w.build_here(&["--format", "json", "--output", "private/x.json", "--report", "private/r.html"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(w.path("private/x.json").is_file() && w.path("private/r.html").is_file());
}

/// A small deterministic PRNG (xorshift64*): the cases are the same on
/// every run, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Pieces a hostile or careless path is made of.
const PIECES: &[&str] = &[
    "..",
    ".",
    "/",
    "/",
    "\\",
    "%2e",
    "%2E",
    "%2f",
    "%5c",
    "%00",
    "%252e",
    "\0",
    "\n",
    "news",
    "victim",
    "a b",
    "café",
    "\u{ff0e}",
    "\u{ff0f}",
    "\u{2025}",
    "C:",
    ":",
    "~",
    "-",
    "x.html",
    " ",
    "...",
    "index.html",
];

fn random_path(rng: &mut Rng) -> String {
    let n = 1 + rng.next() % 7;
    (0..n).map(|_| rng.pick(PIECES)).collect()
}

/// Lexically joins `rel` to `base` the way the operating system would and
/// says whether the result stays under `base`; Windows separators count.
fn lands_inside(base: &Path, rel: &str) -> bool {
    let mut depth: i64 = 0;
    for part in rel.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => depth -= 1,
            _ => depth += 1,
        }
        if depth < 0 {
            return false;
        }
    }
    !Path::new(rel).is_absolute() && !rel.contains(':') && base.join(rel).starts_with(base)
}

#[test]
fn random_front_matter_paths_never_leave_the_output_folder_in_the_library() {
    use schoolgate::guard::{SitePath, check_relative};
    let mut rng = Rng(0x5c40_01ba_7e00_u64 ^ 0x9e37_79b9_7f4a_7c15);
    let base = Path::new("/site/public");
    let mut accepted = 0;
    for _ in 0..600 {
        let value = random_path(&mut rng);
        if let Ok(url) = SitePath::parse(&value) {
            accepted += 1;
            for page in [true, false] {
                let rel = url.file(page);
                let decoded = schoolgate::site::percent_decode(rel.as_str());
                for form in [rel.as_str(), decoded.as_str()] {
                    assert!(lands_inside(base, form), "{value:?} was accepted as {form:?}");
                    assert!(!form.contains('\0'), "{value:?}");
                }
            }
        }
        if check_relative(&value).is_ok() {
            assert!(lands_inside(base, &value), "slug {value:?} accepted");
        }
    }
    assert!(accepted > 20, "the generator also makes safe paths ({accepted})");
}

#[test]
fn random_front_matter_paths_never_leave_the_output_folder_through_the_binary() {
    let mut rng = Rng(20261129);
    let w = World::new();
    let original = std::fs::read_to_string(w.path(VISION)).unwrap();
    let outside = |w: &World| -> Vec<(PathBuf, Vec<u8>)> {
        w.everything().into_iter().filter(|(p, _)| !p.starts_with("school/public")).collect()
    };
    for case in 0..20 {
        let alias = random_path(&mut rng);
        let slug = random_path(&mut rng);
        let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
        let front = format!("aliases = [{}]\nslug = {}\nweight = ", quote(&alias), quote(&slug));
        std::fs::write(w.path(VISION), original.replacen("weight = ", &front, 1)).unwrap();
        let before = outside(&w);
        let public = w.public();
        let out = w.build(&[]);
        let log = text(&out);
        let after = outside(&w);
        let new_files: Vec<_> = after.iter().filter(|f| !before.contains(f)).map(|(p, _)| p).collect();
        assert!(new_files.is_empty(), "case {case} ({alias:?}, {slug:?}) wrote outside public/: {new_files:?}");
        assert_eq!(before.len(), after.len(), "case {case}: nothing outside public/ was removed");
        match out.status.code() {
            Some(2) => {
                assert!(log.contains("alias") || log.contains("slug"), "case {case}: names the field:\n{log}");
                assert!(w.public() == public, "case {case}: a refused build leaves public/ alone");
            }
            Some(0 | 1) => {}
            other => panic!("case {case} ({alias:?}, {slug:?}) exited {other:?}:\n{log}"),
        }
    }
}

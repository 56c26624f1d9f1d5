//! Synthetic school sites, written twice from the same Markdown: once as a
//! Schoolgate site and once as a Hugo site (Hugo reads the same TOML `+++`
//! front matter; it ignores the keys it does not know).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::photos::Rng;

/// Plain school-newsletter words. No word here is a forename or surname
/// used in the register, so the names check has nothing to find.
const WORDS: &[&str] = &[
    "the",
    "children",
    "class",
    "school",
    "week",
    "learning",
    "parents",
    "carers",
    "reading",
    "writing",
    "maths",
    "science",
    "topic",
    "trip",
    "museum",
    "library",
    "playground",
    "assembly",
    "lunch",
    "club",
    "after",
    "before",
    "term",
    "holiday",
    "homework",
    "spelling",
    "phonics",
    "garden",
    "football",
    "netball",
    "choir",
    "music",
    "art",
    "display",
    "project",
    "local",
    "history",
    "geography",
    "computing",
    "design",
    "technology",
    "visit",
    "visitor",
    "we",
    "our",
    "and",
    "with",
    "for",
    "to",
    "of",
    "in",
    "on",
    "at",
    "about",
    "everyone",
    "enjoyed",
    "worked",
    "together",
    "made",
    "built",
    "explored",
    "discovered",
    "practised",
    "shared",
    "celebrated",
    "thank",
    "you",
    "all",
    "families",
    "teachers",
    "staff",
    "governors",
    "community",
    "kindness",
    "respect",
    "curious",
    "brilliant",
    "wonderful",
    "busy",
    "sunny",
    "rainy",
    "autumn",
    "winter",
    "spring",
    "summer",
    "morning",
    "afternoon",
    "day",
    "hall",
    "field",
    "forest",
    "pond",
    "seeds",
    "plants",
    "poems",
    "stories",
    "books",
    "numbers",
    "fractions",
    "shapes",
    "measuring",
    "experiments",
    "magnets",
    "rocks",
    "volcanoes",
    "castles",
    "rivers",
    "maps",
    "planets",
    "painting",
    "clay",
    "collage",
    "dance",
    "gymnastics",
    "swimming",
    "athletics",
    "races",
    "teams",
    "medals",
    "proud",
    "effort",
    "progress",
    "questions",
    "answers",
    "ideas",
    "reminder",
    "please",
    "remember",
    "bring",
    "coat",
    "water",
    "bottle",
    "kit",
    "letter",
    "newsletter",
    "website",
    "office",
    "gate",
    "bell",
    "register",
];

/// Pages per weight-sorted section. The default theme's menu lists each of
/// them on every page, so output grows with pages × menu entries; see
/// docs/benchmarks.md ("menu lists every page").
pub const MENU_PAGES_PER_SECTION: usize = 25;

const SECTIONS: &[(&str, &str)] = &[
    ("about", "About us"),
    ("parents", "Parents"),
    ("curriculum", "Curriculum"),
    ("classes", "Classes"),
    ("clubs", "Clubs"),
    ("governors", "Governors"),
];

/// A sentence of `min` to `min + spread - 1` words.
fn sentence(rng: &mut Rng, min: usize, spread: usize) -> String {
    let words = min + rng.below(spread.max(1));
    let mut s = String::new();
    for i in 0..words {
        let w = WORDS[rng.below(WORDS.len())];
        if i == 0 {
            let mut c = w.chars();
            let first = c.next().map(|f| f.to_ascii_uppercase()).unwrap_or('W');
            s.push(first);
            s.push_str(c.as_str());
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

fn paragraph(rng: &mut Rng) -> String {
    let n = 3 + rng.below(4);
    (0..n).map(|_| sentence(rng, 8, 10)).collect::<Vec<_>>().join(" ")
}

/// A typical page body: about 300–450 words, a heading, a list, a link.
fn body(rng: &mut Rng, link_to: &str) -> String {
    let mut b = String::new();
    let _ = writeln!(b, "{}\n", paragraph(rng));
    let _ = writeln!(b, "## {}\n", sentence(rng, 3, 1).trim_end_matches('.'));
    let _ = writeln!(b, "{}\n", paragraph(rng));
    for _ in 0..3 + rng.below(3) {
        let _ = writeln!(b, "- {}", sentence(rng, 5, 5));
    }
    let _ = writeln!(b, "\n{} Read more in [this section]({link_to}).\n", paragraph(rng));
    let _ = writeln!(b, "{}", paragraph(rng));
    b
}

fn title(rng: &mut Rng, i: usize) -> String {
    format!("{} {}", sentence(rng, 3, 3).trim_end_matches('.'), i)
}

/// 2020-01-01 plus `i` six-hour steps, as a TOML datetime: always in the
/// past so Hugo (which drops future posts) publishes every page.
fn date(i: usize) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).expect("valid date").and_hms_opt(0, 0, 0).expect("time");
    let t = base + chrono::Duration::hours(6 * i as i64);
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// One Markdown file of the site, relative to `content/`, and any file
/// that goes beside it (a photo for a page bundle).
pub struct File {
    pub rel: PathBuf,
    pub text: String,
    pub photo: Option<PathBuf>,
}

/// The content of a site with `pages` Markdown pages in all (sections
/// included) and one news post per photo.
pub fn content(pages: usize, photos: &[PathBuf]) -> Vec<File> {
    let mut rng = Rng::new(42);
    let mut files = Vec::with_capacity(pages + 1);
    let md = |rel: &str, text: String| File { rel: PathBuf::from(rel), text, photo: None };
    files.push(md(
        "_index.md",
        format!("+++\ntitle = \"Welcome to Oakfield Primary School\"\n+++\n\n{}", body(&mut rng, "/news/")),
    ));
    files.push(md(
        "news/_index.md",
        "+++\ntitle = \"News\"\nsort_by = \"date\"\npaginate_by = 10\ntemplate = \"news.html\"\npage_template = \"news-post.html\"\nweight = 50\n+++\n".into(),
    ));
    files.push(md(
        "events/_index.md",
        "+++\ntitle = \"Events\"\nsort_by = \"date\"\npaginate_by = 20\nweight = 60\n+++\n\nWhat is coming up.\n"
            .into(),
    ));
    for (i, (dir, name)) in SECTIONS.iter().enumerate() {
        let text = format!("+++\ntitle = \"{name}\"\nweight = {}\n+++\n\n{}", 10 * (i + 1), paragraph(&mut rng));
        files.push(md(&format!("{dir}/_index.md"), text));
    }
    for (i, photo) in photos.iter().enumerate() {
        let text = format!(
            "+++\ntitle = \"{}\"\ndescription = \"{}\"\ndate = {}\n+++\n\n{}\n\n{{{{ photo(src=\"photo.jpg\", alt=\"Wooden climbing frame on the school field\", no_pupils=true) }}}}\n\n{}\n",
            title(&mut rng, i),
            sentence(&mut rng, 8, 1),
            date(i),
            paragraph(&mut rng),
            paragraph(&mut rng)
        );
        files.push(File {
            rel: PathBuf::from(format!("news/photo-post-{i:04}/index.md")),
            text,
            photo: Some(photo.clone()),
        });
    }
    let remaining = pages.saturating_sub(files.len());
    // Like a real school site: a few dozen pages per menu section (the
    // default theme lists those in its drop-down menu on every page), and
    // the bulk in dated news and events.
    let others = (remaining * 15 / 100).min(MENU_PAGES_PER_SECTION * SECTIONS.len());
    let events = remaining / 10;
    let news = remaining - others - events;
    for i in 0..news {
        let text = format!(
            "+++\ntitle = \"{}\"\ndescription = \"{}\"\ndate = {}\n+++\n\n{}",
            title(&mut rng, i),
            sentence(&mut rng, 8, 1),
            date(photos.len() + i),
            body(&mut rng, "/news/")
        );
        files.push(md(&format!("news/post-{i:05}.md"), text));
    }
    for i in 0..events {
        let text = format!(
            "+++\ntitle = \"{}\"\ndate = {}\n+++\n\n{}",
            title(&mut rng, i),
            date(i * 2),
            body(&mut rng, "/events/")
        );
        files.push(md(&format!("events/event-{i:05}.md"), text));
    }
    for i in 0..others {
        let (dir, _) = SECTIONS[i % SECTIONS.len()];
        let text = format!(
            "+++\ntitle = \"{}\"\nweight = {}\n+++\n\n{}",
            title(&mut rng, i),
            i,
            body(&mut rng, &format!("/{dir}/"))
        );
        files.push(md(&format!("{dir}/page-{i:05}.md"), text));
    }
    files
}

/// The page the "one page changed" runs edit.
pub fn changed_page(files: &[File]) -> PathBuf {
    files
        .iter()
        .rev()
        .find(|f| f.rel.starts_with("news") && f.photo.is_none())
        .map(|f| f.rel.clone())
        .unwrap_or_else(|| PathBuf::from("_index.md"))
}

const FORENAMES: &[&str] = &[
    "Amara",
    "Bartosz",
    "Chidi",
    "Dariusz",
    "Esme",
    "Farida",
    "Giorgos",
    "Hamza",
    "Ines",
    "Jovan",
    "Kasia",
    "Leandro",
    "Maryam",
    "Nikolai",
    "Oluwaseun",
    "Priya",
    "Quentin",
    "Rafferty",
    "Saoirse",
    "Tadeusz",
    "Ulrike",
    "Vesna",
    "Wiktoria",
    "Xanthe",
    "Yusuf",
    "Zofia",
    "Anouk",
    "Bronwen",
    "Cosmin",
    "Dalia",
];
const SURNAMES: &[&str] = &[
    "Abernethy",
    "Bhattacharya",
    "Czarnecki",
    "Drozdov",
    "Eriksen",
    "Fitzgerald",
    "Gallacher",
    "Haddad",
    "Ivanova",
    "Jankowski",
    "Kowalczyk",
    "Lindqvist",
    "Mbeki",
    "Nwachukwu",
    "Ostrowski",
    "Papadopoulos",
    "Quraishi",
    "Rasmussen",
    "Szymanski",
    "Takahashi",
    "Urquhart",
    "Vasquez",
    "Wojcik",
    "Yilmaz",
    "Zielinski",
    "Achterberg",
    "Brannigan",
    "Castellano",
    "Dimitrov",
    "Ekwueme",
    "Farquharson",
    "Grabowski",
    "Horvath",
];

/// A pupil: (forename, surname, year group, photo consent).
pub fn pupils(count: usize) -> Vec<(String, String, u8, bool)> {
    (0..count)
        .map(|i| {
            let f = FORENAMES[i % FORENAMES.len()];
            let s = SURNAMES[(i / FORENAMES.len()) % SURNAMES.len()];
            // Beyond 990 unique pairs, a suffix keeps names distinct.
            let s = if i >= FORENAMES.len() * SURNAMES.len() { format!("{s}-{}", SURNAMES[i % 7]) } else { s.into() };
            (f.to_string(), s, (i % 7) as u8, i % 10 != 0)
        })
        .collect()
}

pub fn register_csv(count: usize) -> String {
    let mut csv =
        String::from("Adno,Legal Forename,Preferred Forename,Legal Surname,Year,Website Photo Consent,Name Consent\n");
    for (i, (f, s, year, consent)) in pupils(count).iter().enumerate() {
        let year = if *year == 0 { "Reception".to_string() } else { format!("Year {year}") };
        let _ = writeln!(csv, "P{i:05},{f},,{s},{year},{},No", if *consent { "Yes" } else { "No" });
    }
    csv
}

const SCHOOLGATE_TOML: &str = r#"[school]
name = "Oakfield Primary School"
urn = "199002"
type = "community"
phase = "primary"

[school.contact]
address = ["Oakfield Primary School", "2 Mill Road", "Brookfield"]
postcode = "BF2 3CD"
phone = "01632 960124"
email = "office@oakfield.example.sch.uk"

[site]
base_url = "https://www.oakfield.example.sch.uk"
title = "Oakfield Primary School"

[images]
max_width = 1600

[register]
path = "private/register.csv"

# Waivers must name someone on the staff list.
[staff]
path = "private/staff.csv"

[audit]
waivers = "waivers.toml"
"#;

const WAIVERS_TOML: &str = r#"# Synthetic benchmark site: statutory pages are not what is measured.
[[waiver]]
rule = "dfe/*"
target = "site"
reason = "Benchmark site: statutory catalogue not part of the measurement."
# Within a year of the bench's `--today 2026-06-01`: a longer waiver is refused.
expires = 2027-05-31
by = "Mrs Jane Whitmore"
"#;

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body>
<nav><ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>{{ .Site.Title }}</p></footer>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
{{ if not .Date.IsZero }}<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>{{ end }}
{{ .Content }}
{{ range .Resources.ByType "image" }}{{ $r := .Resize "1600x" }}<img src="{{ $r.RelPermalink }}" width="{{ $r.Width }}" height="{{ $r.Height }}" alt="Photo">{{ end }}
</article>{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
{{ $p := .Paginate .Pages 10 }}
<ul>{{ range $p.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ if not .Date.IsZero }} {{ .Date.Format "2 Jan 2006" }}{{ end }}<p>{{ .Summary }}</p></li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
"#;

/// Both sites of one benchmark case, under `dir`.
pub struct Sites {
    pub schoolgate: PathBuf,
    pub hugo: PathBuf,
    pub changed: PathBuf,
}

fn write(path: &Path, text: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Writes the Schoolgate and Hugo versions of the site into `dir/schoolgate`
/// and `dir/hugo` (removing whatever was there).
pub fn write_sites(dir: &Path, pages: usize, photos: &[PathBuf]) -> Sites {
    let _ = std::fs::remove_dir_all(dir);
    let files = content(pages, photos);
    let sg = dir.join("schoolgate");
    let hugo = dir.join("hugo");
    for root in [&sg, &hugo] {
        for f in &files {
            let path = root.join("content").join(&f.rel);
            write(&path, f.text.as_bytes());
            if let Some(photo) = &f.photo {
                let to = path.with_file_name("photo.jpg");
                std::fs::copy(photo, &to).unwrap_or_else(|e| panic!("copy {}: {e}", photo.display()));
            }
        }
    }
    write(&sg.join("schoolgate.toml"), SCHOOLGATE_TOML.as_bytes());
    write(&sg.join("waivers.toml"), WAIVERS_TOML.as_bytes());
    write(&sg.join("private/register.csv"), register_csv(300).as_bytes());
    write(&sg.join("private/staff.csv"), b"title,forename,surname,role\nMrs,Jane,Whitmore,Headteacher\n");
    let config = format!(
        "baseURL = \"https://www.oakfield.example.sch.uk/\"\ntitle = \"Oakfield Primary School\"\nlanguageCode = \"en-gb\"\n\
         paginate = 10\ndisableKinds = [\"taxonomy\", \"term\"]\ncacheDir = \"{}\"\n\n[imaging]\nquality = 82\n",
        hugo.join(".hugo_cache").display()
    );
    write(&hugo.join("config.toml"), config.as_bytes());
    write(&hugo.join("layouts/_default/baseof.html"), HUGO_BASEOF.as_bytes());
    write(&hugo.join("layouts/_default/single.html"), HUGO_SINGLE.as_bytes());
    write(&hugo.join("layouts/_default/list.html"), HUGO_LIST.as_bytes());
    Sites { schoolgate: sg, hugo, changed: changed_page(&files) }
}

//! `schoolgate find PUPIL [URL] [--dir DIR]`: every published page, photo
//! and document that shows or names one pupil.
//!
//! The site comes from the same producers as `build` and `audit` (the local
//! build in memory, a folder, or a crawl), the names from the same
//! [`Session`] inputs, and the search is [`schoolgate::find`]. Nothing is
//! written anywhere unless `--output` is given, and then never inside a
//! published or source folder: the list names the child.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::cli::{FindArgs, FindFormat};
use schoolgate::audit::{Origin, Session};
use schoolgate::config::{CONFIG_FILE, Config, RegisterSettings};
use schoolgate::error::{self, BuildError};
use schoolgate::find::{self, Appearance, Lookup};
use schoolgate::guard::{self, Place};
use schoolgate::progress::Progress;
use schoolgate::register::{self, ConsentRegister};
use schoolgate::site::RenderedSite;
use schoolgate::source::{build, crawl, folder};

use super::Exit;

pub fn run(args: FindArgs) -> Exit {
    let here = PathBuf::from(".");
    match search(&args) {
        Ok(code) => code,
        Err(errors) => {
            eprint!("{}", error::render(&errors, &here));
            Exit::InputError
        }
    }
}

/// What the JSON output holds.
#[derive(Serialize)]
struct JsonOut<'a> {
    pupil: JsonPupil<'a>,
    searched: String,
    count: usize,
    appearances: &'a [Appearance],
}

#[derive(Serialize)]
struct JsonPupil<'a> {
    id: &'a str,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<&'a str>,
}

fn search(args: &FindArgs) -> Result<Exit, Vec<BuildError>> {
    let today = args.today.unwrap_or_else(super::today);
    let root = &args.root;
    let has_config = root.join(CONFIG_FILE).is_file();
    let config = if has_config { Config::load(root).map_err(|e| vec![e])? } else { Config::default() };

    // Where the list may not go: published and source folders of the site,
    // and the folder searched.
    let mut forbidden: Vec<Place> =
        if has_config { guard::Layout::new(root, &config, None).report_forbidden() } else { Vec::new() };
    if let Some(dir) = &args.dir {
        forbidden.push(Place::new("the searched folder (--dir)", dir.clone(), None));
    }
    if let Some(out) = &args.output {
        guard::report_is_private(out, "--output", &forbidden).map_err(|e| vec![e])?;
    }

    let register = match (&args.register, &config.register) {
        (Some(path), _) => register::load_register(
            &RegisterSettings { path: path.clone(), ..config.register.clone().unwrap_or_default() },
            Path::new("."),
        ),
        (None, Some(s)) => register::load_register(s, root),
        (None, None) => {
            return Err(vec![BuildError::Other {
                message: format!(
                    "find needs the consent register, and {} names none",
                    root.join(CONFIG_FILE).display()
                ),
                hint: "Run it in the site's folder (or give --root), or give the register with --register FILE.".into(),
            }]);
        }
    }
    .map_err(|e| vec![e])?;
    let staff = match (&args.staff, &config.staff) {
        (Some(path), _) => Some(register::load_staff(path).map_err(|e| vec![e])?),
        (None, Some(s)) => Some(register::load_staff(&root.join(&s.path)).map_err(|e| vec![e])?),
        (None, None) => None,
    };
    let origin = match (&args.url, &args.dir) {
        (Some(_), _) => Origin::Live,
        (None, Some(_)) => Origin::Folder,
        (None, None) => Origin::OwnBuild,
    };
    let ctx = Session::from_config(origin, &config, root, Some(register), staff, today).context();
    let Some(register) = &ctx.register else { return Ok(Exit::InputError) };

    // Who is meant, before any slow work.
    let pupil = match find::lookup(register, &ctx, &args.pupil) {
        Lookup::Found(i) => i,
        Lookup::NotFound => {
            eprintln!(
                "No pupil on the register ({}) has the id or name \"{}\". Give the register id, or the name as the register writes it.",
                register.source.display(),
                args.pupil
            );
            return Ok(Exit::InputError);
        }
        Lookup::Ambiguous(candidates) => {
            eprintln!("\"{}\" could be any of these pupils; give the register id or the full name:", args.pupil);
            for i in candidates {
                eprintln!("  {}", describe(register, i));
            }
            return Ok(Exit::InputError);
        }
    };

    let (site, searched, shown_root) = produce(args, root, today)?;
    let appearances = find::find(&site, &ctx, pupil);
    let appearances: Vec<Appearance> = appearances
        .into_iter()
        .map(|mut a| {
            a.source = a.source.map(|s| relative(Path::new(&s), &shown_root));
            a
        })
        .collect();

    let p = &register.pupils[pupil];
    let text = match args.format {
        FindFormat::Json => {
            let out = JsonOut {
                pupil: JsonPupil { id: &p.id.0, name: p.full_name(), year: p.year.as_ref().map(|y| y.0.as_str()) },
                searched,
                count: appearances.len(),
                appearances: &appearances,
            };
            let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
            s.push('\n');
            s
        }
        FindFormat::Terminal => terminal(register, pupil, &searched, &appearances),
        FindFormat::Html => {
            schoolgate::report::find::find_html(&describe(register, pupil), &searched, &appearances, today)
                .map_err(|e| vec![e])?
        }
    };
    match &args.output {
        Some(path) => {
            schoolgate::output::write_atomic(path, text.as_bytes())
                .map_err(|source| vec![BuildError::Write { path: path.clone(), source }])?;
            eprintln!("Wrote {} (it names a pupil: keep it private).", path.display());
        }
        None => print!("{text}"),
    }
    Ok(Exit::Clean)
}

/// The site to search, a description of it, and the folder source paths
/// are shown relative to.
fn produce(
    args: &FindArgs,
    root: &Path,
    today: chrono::NaiveDate,
) -> Result<(RenderedSite, String, PathBuf), Vec<BuildError>> {
    if let Some(address) = &args.url {
        let start = url::Url::parse(address).map_err(|e| {
            vec![BuildError::Other {
                message: format!("{address} is not a valid web address: {e}"),
                hint: "Give the site's full address, such as https://www.example.sch.uk/".into(),
            }]
        })?;
        let result = crawl::crawl(&start, &crawl::CrawlOptions::default());
        if !result.problems.is_empty() {
            eprintln!(
                "{} address(es) of the site could not be read; run `schoolgate audit {address}` to see which. They were not searched.",
                result.problems.len()
            );
        }
        return Ok((result.site, format!("the live site {address}"), root.to_path_buf()));
    }
    if let Some(dir) = &args.dir {
        let loaded = folder::load_folder(dir).map_err(|e| vec![e])?;
        return Ok((loaded.site, format!("the folder {}", dir.display()), dir.clone()));
    }
    let built = build::build_site(root, today, &Progress::hidden())?;
    Ok((built.site, format!("the site built from {}", root.display()), root.to_path_buf()))
}

/// "3107  Ruby Thornton (Year 5), register row 4".
fn describe(register: &ConsentRegister, i: usize) -> String {
    let p = &register.pupils[i];
    let year = p.year.as_ref().map(|y| format!(" ({})", y.0)).unwrap_or_default();
    format!("{}  {}{year}, register row {}", p.id, p.full_name(), p.row)
}

fn terminal(register: &ConsentRegister, pupil: usize, searched: &str, found: &[Appearance]) -> String {
    let mut s = String::new();
    let who = describe(register, pupil);
    if found.is_empty() {
        s.push_str(&format!("{who}: not shown or named anywhere on {searched}.\n"));
        return s;
    }
    s.push_str(&format!("{who}: shown or named in {} place(s) on {searched}.\n", found.len()));
    s.push_str("This list names a pupil: keep it private.\n\n");
    for a in found {
        let src = a.source.as_deref().map(|s| format!("  ({s})")).unwrap_or_default();
        s.push_str(&format!("{:<9}{}{src}\n", a.kind.label(), a.url));
        if !a.shown_on.is_empty() {
            s.push_str(&format!("           shown on: {}\n", a.shown_on.join(", ")));
        }
        for e in &a.evidence {
            match &e.detail {
                Some(d) => s.push_str(&format!("           {}: {d}\n", e.place.label())),
                None => s.push_str(&format!("           {}\n", e.place.label())),
            }
        }
    }
    s
}

/// `file` relative to `root` when inside it, with forward slashes.
fn relative(file: &Path, root: &Path) -> String {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let rel = abs(file).strip_prefix(abs(root)).map(Path::to_path_buf).unwrap_or_else(|_| file.to_path_buf());
    rel.to_string_lossy().replace('\\', "/")
}

//! `schoolgate new news "Sports day"`: a new file with its settings block
//! filled in, for an admin who does not remember the format.

use std::path::PathBuf;

use crate::cli::{NewArgs, NewKind};
use schoolgate::config::Config;
use schoolgate::content::slugify;
use schoolgate::error::{self, BuildError};
use schoolgate::guard;

use super::Exit;

pub fn run(args: NewArgs) -> Exit {
    match create(&args) {
        Ok(path) => {
            println!("{}", path.display());
            eprintln!(
                "Created {}. Open it, write your text under the +++ block, and put any photos in the same folder.",
                path.display()
            );
            Exit::Clean
        }
        Err(e) => {
            eprint!("{}", error::render(&[e], &args.root));
            Exit::InputError
        }
    }
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `--section`, checked: it names a folder inside content/, so `../x`,
/// an absolute path or a drive letter would create a file elsewhere.
fn checked_section(section: &str) -> Result<&str, BuildError> {
    let trimmed = section.strip_suffix('/').unwrap_or(section);
    guard::check_relative(trimmed).map_err(|problem| BuildError::UnsafePath {
        file: None,
        line: None,
        field: "--section".into(),
        value: section.to_string(),
        problem: problem.to_string(),
    })?;
    Ok(trimmed)
}

/// Writes the new file and returns its path.
pub fn create(args: &NewArgs) -> Result<PathBuf, BuildError> {
    let config = Config::load(&args.root)?;
    let content = args.root.join(&config.site.content_dir);
    let date = args.date.unwrap_or_else(super::today);
    let slug = slugify(&args.title);
    if slug.is_empty() {
        return Err(BuildError::Other {
            message: "the title has no letters or numbers".into(),
            hint: "Give a title in quotes, for example: schoolgate new news \"Sports day\"".into(),
        });
    }
    let title = toml_string(&args.title);
    let (path, text) = match args.kind {
        NewKind::News => (
            content.join("news").join(format!("{}-{slug}", date.format("%Y-%m-%d"))).join("index.md"),
            format!(
                "+++\ntitle = {title}\ndate = {}\ndescription = \"\"\n# Use first names only.\n# To add a photo, put it in this folder and write, below the +++ line:\n#   {{{{ photo(src=\"photo.jpg\", alt=\"What the photo shows\", caption=\"\", people=\"HB1001, HB1002\") }}}}\n# `people` lists the register ids of the pupils in it; use no_pupils=true if it shows none.\n+++\n\nWrite the news here.\n",
                date.format("%Y-%m-%d")
            ),
        ),
        NewKind::Event => (
            content.join("events").join(format!("{}-{slug}.md", date.format("%Y-%m-%d"))),
            format!(
                "+++\ntitle = {title}\ndate = {}\ndescription = \"\"\n\n[extra]\ntime = \"9:00am\"\nlocation = \"School hall\"\n+++\n\nWhat is happening, who it is for, and what to bring.\n",
                date.format("%Y-%m-%d")
            ),
        ),
        NewKind::Page => {
            let dir = match &args.section {
                Some(s) => content.join(checked_section(s)?),
                None => content.clone(),
            };
            (
                dir.join(format!("{slug}.md")),
                format!("+++\ntitle = {title}\ndescription = \"\"\nweight = 50\n+++\n\nWrite the page here.\n"),
            )
        }
    };
    // Defence in depth: after resolving symlinks (a section folder that is
    // a shortcut to elsewhere), the new file is still inside content/.
    if !guard::inside(&path, &content)? {
        return Err(BuildError::UnsafePath {
            file: None,
            line: None,
            field: "place for the new file".into(),
            value: path.display().to_string(),
            problem: format!("it is outside the content folder {}", content.display()),
        });
    }
    if path.exists() {
        return Err(BuildError::Other {
            message: format!("{} already exists", path.display()),
            hint: "Choose a different title, or edit the existing file.".into(),
        });
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| BuildError::Write { path: parent.to_path_buf(), source })?;
    }
    std::fs::write(&path, text).map_err(|source| BuildError::Write { path: path.clone(), source })?;
    Ok(path)
}

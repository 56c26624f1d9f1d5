//! `schoolgate init DIR`: a new site, copied from the demo school, that
//! builds straight away. The school then edits it into its own.

use std::path::Path;

use include_dir::Dir;

use crate::demo;
use schoolgate::error::{self, BuildError};
use schoolgate::render::templates;

use super::Exit;

pub fn run(dir: &Path) -> Exit {
    match init(dir) {
        Ok(n) => {
            eprintln!(
                "Created a new site in {} ({n} files). Next: cd {} and run `schoolgate build`. Replace the demo register in private/ with your own export before publishing.",
                dir.display(),
                dir.display()
            );
            Exit::Clean
        }
        Err(e) => {
            eprint!("{}", error::render(&[e], dir));
            Exit::InputError
        }
    }
}

/// Writes the demo site into `dir`; returns how many files were written.
pub fn init(dir: &Path) -> Result<usize, BuildError> {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(BuildError::Other {
            message: format!("{} already exists and is not empty", dir.display()),
            hint: "Choose a new folder name, so nothing of yours is overwritten.".into(),
        });
    }
    let mut n = 0;
    let write = |rel: &Path, bytes: &[u8], n: &mut usize| -> Result<(), BuildError> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|source| BuildError::Write { path: parent.to_path_buf(), source })?;
        }
        std::fs::write(&path, bytes).map_err(|source| BuildError::Write { path, source })?;
        *n += 1;
        Ok(())
    };
    write(Path::new("schoolgate.toml"), demo::CONFIG.as_bytes(), &mut n)?;
    for (prefix, tree) in
        [("content", &demo::CONTENT), ("private", &demo::PRIVATE), ("site-template", templates::embedded())]
    {
        copy_tree(tree, Path::new(prefix), &mut |rel, bytes| write(rel, bytes, &mut n))?;
    }
    Ok(n)
}

/// Writes one file of the new site, given its path inside the site.
type WriteFile<'a> = dyn FnMut(&Path, &[u8]) -> Result<(), BuildError> + 'a;

fn copy_tree(tree: &Dir<'static>, prefix: &Path, write: &mut WriteFile<'_>) -> Result<(), BuildError> {
    for f in tree.files() {
        if f.path().file_name().is_some_and(|n| n == ".gitkeep") {
            continue;
        }
        write(&prefix.join(f.path()), f.contents())?;
    }
    for d in tree.dirs() {
        copy_tree(d, prefix, write)?;
    }
    Ok(())
}

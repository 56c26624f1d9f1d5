//! Publishing the site: only after the audit passed, all at once, and
//! exactly what this build produced.
//!
//! Nothing reaches the output folder until the whole site has been rendered
//! and audited in memory. Then [`publish`]:
//!
//! 1. removes what an interrupted run left behind (staging and backup
//!    folders beside the output folder, `.sg-*.tmp` files inside it), and
//!    puts a backup back if the output folder itself went missing;
//! 2. if the output folder already holds exactly these files, byte for
//!    byte, with nothing else in it, does nothing at all;
//! 3. otherwise stages the complete new site in a hidden sibling folder
//!    (`.public.schoolgate-staging-<pid>`, same filesystem), hard-linking
//!    files that did not change from the current output instead of writing
//!    them again, and flushes it to disk;
//! 4. swaps the staged folder in with one atomic `renameat2(RENAME_EXCHANGE)`
//!    on Linux (elsewhere: rename old → backup, staged → output; between the
//!    two the output folder is absent for an instant, never half-written),
//!    then deletes the old copy.
//!
//! A failure at any step leaves the old site or the new one, never a mix, and
//! [`PublishFailure`] says which. Only when the output folder cannot be
//! swapped (it is a mount point, or its parent folder is read-only) are files
//! replaced inside it, each by an atomic rename, after every new file has
//! been written beside its target; the messages then say so.
//!
//! Files that are not part of the site (an old photo, a register someone
//! copied in) do not survive a passing build: the output folder is replaced
//! as a whole, so `rsync --delete public/` never uploads them.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::guard::RelPath;

/// Mode of every published file: readable by the web server.
const FILE_MODE: u32 = 0o644;
/// Mode of every published folder.
const DIR_MODE: u32 = 0o755;
/// Prefix of the temporary files [`write_atomic`] makes.
const TMP_PREFIX: &str = ".sg-";
const TMP_SUFFIX: &str = ".tmp";

/// Writes `bytes` to `path` via a temporary file in the same folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(TMP_PREFIX).suffix(TMP_SUFFIX);
    // Temporary files are private (0600) by default; a published page must
    // be readable by the web server.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(FILE_MODE));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// One file of the finished site, relative to the output folder. `rel` is
/// a [`RelPath`]: made only by validation, it has no `..` and no absolute
/// part, so the writer need not check it again.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub rel: RelPath,
    pub bytes: Payload,
}

/// A file's bytes: rendered pages are moved in, not copied (a big site's
/// HTML would otherwise be in memory twice); assets share their buffer.
#[derive(Debug, Clone)]
pub enum Payload {
    Text(String),
    Shared(std::sync::Arc<[u8]>),
}

impl std::ops::Deref for Payload {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Payload::Text(s) => s.as_bytes(),
            Payload::Shared(b) => b,
        }
    }
}

/// How the new site got into place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    /// The folder already held exactly this site: nothing was touched.
    Unchanged,
    /// There was no output folder: the staged one was renamed into place.
    Created,
    /// The staged folder was swapped in atomically.
    Swapped,
    /// The folder could not be swapped (`reason`), so files were replaced
    /// inside it one by one.
    InPlace { reason: String },
}

/// What [`publish`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// Files whose bytes were written.
    pub written: usize,
    /// Files carried over unchanged (same inode).
    pub unchanged: usize,
    /// Files and folders in the old output that are not part of the site.
    pub removed: usize,
    pub method: Method,
    /// One line each about leftovers of interrupted runs that were cleared.
    pub notes: Vec<String>,
}

/// Publishing stopped. `message` says what went wrong, `state` exactly what
/// the output folder now holds.
#[derive(Debug)]
pub struct PublishFailure {
    pub message: String,
    pub state: String,
    pub hint: String,
    /// Leftovers of interrupted runs that were cleared before the failure.
    pub notes: Vec<String>,
}

impl std::fmt::Display for PublishFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error: {}\n  help: {}\n\n{}\n", self.message, self.hint, self.state)
    }
}

/// Paths the process works with for one output folder.
struct Paths {
    out: PathBuf,
    parent: PathBuf,
    name: String,
}

impl Paths {
    fn new(out_dir: &Path) -> std::io::Result<Self> {
        let mut out = std::path::absolute(out_dir)?;
        // A symlinked output folder: work on the folder it points to (the
        // link itself is not ours to replace).
        if out.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
            out = std::fs::canonicalize(&out)?;
        }
        let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("/"));
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        Ok(Paths { out, parent, name })
    }
    fn staging_prefix(&self) -> String {
        format!(".{}.schoolgate-staging-", self.name)
    }
    fn backup_prefix(&self) -> String {
        format!(".{}.schoolgate-old-", self.name)
    }
    fn staging(&self) -> PathBuf {
        self.parent.join(format!("{}{}", self.staging_prefix(), std::process::id()))
    }
    fn backup(&self) -> PathBuf {
        self.parent.join(format!("{}{}", self.backup_prefix(), std::process::id()))
    }
}

/// Makes `out_dir` hold exactly `files`, all at once (see the module docs).
/// `protect` are folders that must never be replaced or emptied (the site's
/// root): an output folder equal to one of them, or containing one, is
/// refused before anything is touched.
pub fn publish(out_dir: &Path, files: &[OutputFile], protect: &[&Path]) -> Result<Published, PublishFailure> {
    let shown = out_dir.display().to_string();
    let fail_early = |message: String, hint: &str| PublishFailure {
        message,
        state: format!("Nothing was published: {shown} is unchanged."),
        hint: hint.into(),
        notes: Vec::new(),
    };
    let paths = Paths::new(out_dir).map_err(|e| {
        fail_early(
            format!("could not find the output folder {shown}: {e}"),
            "Check the output_dir setting in schoolgate.toml.",
        )
    })?;
    let out_real = std::fs::canonicalize(&paths.out).unwrap_or_else(|_| paths.out.clone());
    for p in protect {
        let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let p_real = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
        if p.starts_with(&paths.out) || p_real.starts_with(&out_real) {
            return Err(fail_early(
                format!(
                    "the output folder {shown} contains the site's own files ({}), so it cannot be replaced by the published site",
                    p.display()
                ),
                "Set output_dir in schoolgate.toml (or --out) to a folder of its own, such as \"public\".",
            ));
        }
    }
    let mut notes = clean_leftovers(&paths);
    let old = inspect(&paths.out, files);
    if old.identical {
        return Ok(Published { written: 0, unchanged: files.len(), removed: 0, method: Method::Unchanged, notes });
    }
    if paths.out.exists() && !paths.out.is_dir() {
        return Err(PublishFailure {
            notes,
            ..fail_early(
                format!("{shown} is a file, not a folder, so the site cannot be published there"),
                "Move or delete that file, or set output_dir in schoolgate.toml to another folder.",
            )
        });
    }
    match swap_blocker(&paths) {
        None => publish_by_swap(&paths, files, &old, &shown, notes),
        Some(reason) => {
            notes.push(format!(
                "{shown} cannot be swapped as a whole ({reason}), so its files are replaced one by one."
            ));
            publish_in_place(&paths, files, &old, &shown, reason, notes)
        }
    }
}

/// What the current output folder holds, compared with the new site.
#[derive(Default)]
struct OldOutput {
    /// Files of the new site already there with the same bytes and mode
    /// (candidates for hard links).
    same: BTreeSet<String>,
    /// Everything in the old folder that is not part of the new site
    /// (files, folders, links), relative.
    strays: Vec<PathBuf>,
    /// The folder holds exactly the new site.
    identical: bool,
}

fn inspect(out: &Path, files: &[OutputFile]) -> OldOutput {
    if !out.is_dir() {
        return OldOutput::default();
    }
    let same: BTreeSet<String> = files
        .par_iter()
        .filter(|f| no_link_on_the_way(out, f.rel.as_str()) && unchanged_file(&out.join(f.rel.as_str()), &f.bytes))
        .map(|f| f.rel.as_str().to_string())
        .collect();
    let wanted_files: BTreeSet<PathBuf> = files.iter().map(|f| PathBuf::from(f.rel.as_str())).collect();
    let wanted_dirs: BTreeSet<PathBuf> = files
        .iter()
        .flat_map(|f| Path::new(f.rel.as_str()).ancestors().skip(1).map(Path::to_path_buf).collect::<Vec<_>>())
        .collect();
    let mut strays = Vec::new();
    let mut walk = walkdir::WalkDir::new(out).min_depth(1).follow_links(false).into_iter();
    while let Some(entry) = walk.next() {
        let Ok(entry) = entry else {
            // Unreadable: cannot prove it is ours, so the folder is not identical.
            strays.push(PathBuf::from("?"));
            continue;
        };
        let rel = entry.path().strip_prefix(out).unwrap_or(entry.path()).to_path_buf();
        let ft = entry.file_type();
        let ok = if ft.is_dir() { wanted_dirs.contains(&rel) } else { ft.is_file() && wanted_files.contains(&rel) };
        if !ok {
            strays.push(rel);
            if ft.is_dir() {
                walk.skip_current_dir();
            }
        }
    }
    let identical = strays.is_empty() && same.len() == files.len() && dirs_are_normal(out, &wanted_dirs);
    OldOutput { same, strays, identical }
}

/// True when every folder between `out` and `rel` is a real folder, not a
/// symlink: a file reached through a link planted in the output folder is
/// somewhere else, and must never be hard-linked into the new site.
fn no_link_on_the_way(out: &Path, rel: &str) -> bool {
    Path::new(rel)
        .ancestors()
        .skip(1)
        .filter(|d| !d.as_os_str().is_empty())
        .all(|d| out.join(d).symlink_metadata().is_ok_and(|m| m.is_dir()))
}

/// True when `path` is a regular file with exactly `bytes` and mode 0644.
fn unchanged_file(path: &Path, bytes: &[u8]) -> bool {
    let Ok(meta) = path.symlink_metadata() else { return false };
    if !meta.file_type().is_file() || meta.len() != bytes.len() as u64 || !has_mode(&meta, FILE_MODE) {
        return false;
    }
    std::fs::read(path).is_ok_and(|old| old == bytes)
}

fn dirs_are_normal(out: &Path, dirs: &BTreeSet<PathBuf>) -> bool {
    dirs.iter().all(|d| out.join(d).symlink_metadata().is_ok_and(|m| m.is_dir() && has_mode(&m, DIR_MODE)))
}

#[cfg(unix)]
fn has_mode(meta: &std::fs::Metadata, mode: u32) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777 == mode
}
#[cfg(not(unix))]
fn has_mode(_: &std::fs::Metadata, _: u32) -> bool {
    true
}

fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    let _ = (path, mode);
    Ok(())
}

/// Why the output folder cannot be replaced as a whole, if it cannot.
fn swap_blocker(paths: &Paths) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(out), Ok(parent)) = (paths.out.metadata(), paths.parent.metadata())
            && out.dev() != parent.dev()
        {
            return Some("it is a mount point".into());
        }
    }
    // Can a sibling folder be made?
    let probe = paths.staging();
    match std::fs::create_dir(&probe) {
        Ok(()) => {
            let _ = std::fs::remove_dir(&probe);
            None
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => None,
        Err(e) => Some(format!("no folder can be created beside it in {}: {e}", paths.parent.display())),
    }
}

/// Removes staging and backup folders of runs that are no longer running,
/// and `.sg-*.tmp` files inside the output folder; puts a backup back when
/// the output folder itself is missing (a run stopped between its two
/// renames). Returns one line per kind of thing cleared.
fn clean_leftovers(paths: &Paths) -> Vec<String> {
    let mut notes = Vec::new();
    let staging_prefix = paths.staging_prefix();
    let backup_prefix = paths.backup_prefix();
    let mut removed_dirs = 0;
    let mut leftovers: Vec<(PathBuf, bool)> = Vec::new();
    for entry in std::fs::read_dir(&paths.parent).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let (pid, backup) = match (name.strip_prefix(&staging_prefix), name.strip_prefix(&backup_prefix)) {
            (Some(p), _) => (p.to_string(), false),
            (_, Some(p)) => (p.to_string(), true),
            _ => continue,
        };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if pid != std::process::id() && process_alive(pid) {
            notes.push(format!(
                "Left {} alone: another Schoolgate run (process {pid}) may be using it.",
                entry.path().display()
            ));
            continue;
        }
        leftovers.push((entry.path(), backup));
    }
    // A run stopped between its two renames: the output folder is missing
    // and the previous site is in a backup. Put it back.
    if !paths.out.exists()
        && let Some(i) = leftovers.iter().position(|(_, backup)| *backup)
    {
        let (backup, _) = leftovers.remove(i);
        if std::fs::rename(&backup, &paths.out).is_ok() {
            notes.push(format!(
                "Put the previous site back into {} from {} (an earlier build was stopped while swapping).",
                paths.out.display(),
                backup.display()
            ));
        }
    }
    for (path, _) in leftovers {
        if remove_any(&path).is_ok() {
            removed_dirs += 1;
        }
    }
    let mut tmp_files = 0;
    if paths.out.is_dir() {
        for entry in walkdir::WalkDir::new(&paths.out).follow_links(false).into_iter().flatten() {
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file()
                && name.starts_with(TMP_PREFIX)
                && name.ends_with(TMP_SUFFIX)
                && std::fs::remove_file(entry.path()).is_ok()
            {
                tmp_files += 1;
            }
        }
    }
    if removed_dirs + tmp_files > 0 {
        notes.push(format!(
            "Removed what an interrupted build left behind: {removed_dirs} staging or backup folder(s) beside {} and {tmp_files} temporary .sg-*.tmp file(s) in it.",
            paths.out.display()
        ));
    }
    notes
}

#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}
#[cfg(not(target_os = "linux"))]
fn process_alive(_pid: u32) -> bool {
    false
}

fn remove_any(path: &Path) -> std::io::Result<()> {
    let meta = path.symlink_metadata()?;
    if meta.is_dir() {
        // A read-only subfolder would stop the removal: make folders writable first.
        for e in walkdir::WalkDir::new(path).follow_links(false).into_iter().flatten() {
            if e.file_type().is_dir() {
                let _ = set_mode(e.path(), 0o755);
            }
        }
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    }
}

/// Creates the folders of the site under `root` (each 0755).
fn make_dirs(root: &Path, files: &[OutputFile]) -> Result<(), (PathBuf, std::io::Error)> {
    let dirs: BTreeSet<PathBuf> = files
        .iter()
        .flat_map(|f| Path::new(f.rel.as_str()).ancestors().skip(1).map(Path::to_path_buf).collect::<Vec<_>>())
        .collect();
    for d in dirs.iter().filter(|d| !d.as_os_str().is_empty()) {
        let path = root.join(d);
        match path.symlink_metadata() {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err((
                    path,
                    std::io::Error::new(std::io::ErrorKind::AlreadyExists, "a file is in the way of this folder"),
                ));
            }
            Err(_) => std::fs::create_dir(&path).map_err(|e| (path.clone(), e))?,
        }
        set_mode(&path, DIR_MODE).map_err(|e| (path.clone(), e))?;
    }
    Ok(())
}

/// Writes a new file (0644) that must not exist yet.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(bytes)?;
    // The umask may have narrowed the mode; published files are 0644.
    set_mode(path, FILE_MODE)?;
    #[cfg(not(target_os = "linux"))]
    f.sync_all()?;
    Ok(())
}

/// Flushes everything written under `dir` to disk before it is swapped in.
fn flush(dir: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let f = std::fs::File::open(dir)?;
        // SAFETY: syncfs takes an open file descriptor, which `f` keeps alive.
        if unsafe { libc::syncfs(f.as_raw_fd()) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    #[cfg(not(target_os = "linux"))]
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
    Ok(())
}

fn io_message(path: &Path, e: &std::io::Error) -> String {
    format!("could not write {}: {e}", path.display())
}

fn publish_by_swap(
    paths: &Paths,
    files: &[OutputFile],
    old: &OldOutput,
    shown: &str,
    notes: Vec<String>,
) -> Result<Published, PublishFailure> {
    let staging = paths.staging();
    let unchanged_state = |leftover: bool| {
        if leftover {
            format!(
                "Nothing was published: {shown} is unchanged. The half-prepared copy in {} could not be removed; it is outside the published folder and the next build removes it.",
                staging.display()
            )
        } else {
            format!("Nothing was published: {shown} is unchanged.")
        }
    };
    let fail = |message: String, notes: Vec<String>| {
        let leftover = staging.exists() && remove_any(&staging).is_err();
        PublishFailure {
            message,
            state: unchanged_state(leftover),
            hint: "Check there is free disk space and that the folder named above can be written to, then build again."
                .into(),
            notes,
        }
    };

    // Stage the complete new site.
    if staging.exists() {
        let _ = remove_any(&staging);
    }
    if let Err(e) = std::fs::create_dir(&staging).and_then(|_| set_mode(&staging, DIR_MODE)) {
        return Err(fail(io_message(&staging, &e), notes));
    }
    if let Err((p, e)) = make_dirs(&staging, files) {
        return Err(fail(io_message(&p, &e), notes));
    }
    let written: Result<Vec<bool>, (PathBuf, std::io::Error)> = files
        .par_iter()
        .map(|f| {
            let target = staging.join(f.rel.as_str());
            if old.same.contains(f.rel.as_str()) && std::fs::hard_link(paths.out.join(f.rel.as_str()), &target).is_ok()
            {
                return Ok(false);
            }
            write_new(&target, &f.bytes).map(|_| true).map_err(|e| (target, e))
        })
        .collect();
    let written = match written {
        Ok(w) => w.into_iter().filter(|w| *w).count(),
        Err((p, e)) => return Err(fail(io_message(&p, &e), notes)),
    };
    if let Err(e) = flush(&staging) {
        return Err(fail(format!("could not save the new site to disk: {e}"), notes));
    }
    let stats = |method| Published {
        written,
        unchanged: files.len() - written,
        removed: old.strays.len(),
        method,
        notes: Vec::new(),
    };

    // Swap it in.
    if !paths.out.exists() {
        return match std::fs::rename(&staging, &paths.out) {
            Ok(()) => {
                sync_dir(&paths.parent);
                Ok(Published { notes, ..stats(Method::Created) })
            }
            Err(e) => Err(fail(format!("could not move the new site into {shown}: {e}"), notes)),
        };
    }
    match exchange(&staging, &paths.out) {
        Ok(()) => {
            sync_dir(&paths.parent);
            let mut notes = notes;
            // `staging` now holds the old site.
            if let Err(e) = remove_any(&staging) {
                notes.push(format!(
                    "The previous site was kept in {} because it could not be deleted ({e}); it is outside the published folder and the next build removes it.",
                    staging.display()
                ));
            }
            Ok(Published { notes, ..stats(Method::Swapped) })
        }
        Err(_) => swap_by_two_renames(paths, &staging, shown, notes)
            .map(|notes| Published { notes, ..stats(Method::Swapped) }),
    }
}

/// Portable swap: old → backup, staged → output. If the second rename fails
/// the backup is put back; the failure says exactly where each copy is.
fn swap_by_two_renames(
    paths: &Paths,
    staging: &Path,
    shown: &str,
    mut notes: Vec<String>,
) -> Result<Vec<String>, PublishFailure> {
    let backup = paths.backup();
    let hint = "Check that no program has the output folder open, then build again.".to_string();
    if let Err(e) = std::fs::rename(&paths.out, &backup) {
        let leftover = remove_any(staging).is_err();
        return Err(PublishFailure {
            message: format!("could not move the previous site in {shown} aside: {e}"),
            state: if leftover {
                format!(
                    "Nothing was published: {shown} is unchanged. The prepared copy in {} could not be removed; the next build removes it.",
                    staging.display()
                )
            } else {
                format!("Nothing was published: {shown} is unchanged.")
            },
            hint,
            notes,
        });
    }
    if let Err(e) = std::fs::rename(staging, &paths.out) {
        let state = match std::fs::rename(&backup, &paths.out) {
            Ok(()) => {
                let _ = remove_any(staging);
                format!("Nothing was published: {shown} is unchanged.")
            }
            Err(e2) => format!(
                "{shown} is missing: the previous site is in {} (moving it back failed: {e2}) and the new one in {}. Rename {} back to {shown}, or build again (the next build puts it back).",
                backup.display(),
                staging.display(),
                backup.display()
            ),
        };
        return Err(PublishFailure {
            message: format!("could not move the new site into {shown}: {e}"),
            state,
            hint,
            notes,
        });
    }
    sync_dir(&paths.parent);
    if let Err(e) = remove_any(&backup) {
        notes.push(format!(
            "The previous site was kept in {} because it could not be deleted ({e}); it is outside the published folder and the next build removes it.",
            backup.display()
        ));
    }
    Ok(notes)
}

/// Atomically exchanges two folders (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both strings are NUL-terminated and live across the call; the
    // syscall only reads them.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Makes a rename in `dir` durable.
fn sync_dir(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

/// The fallback when the folder cannot be swapped: every changed file is
/// first written beside its target (nothing visible changes if that fails),
/// then all are renamed into place and strays removed.
fn publish_in_place(
    paths: &Paths,
    files: &[OutputFile],
    old: &OldOutput,
    shown: &str,
    reason: String,
    notes: Vec<String>,
) -> Result<Published, PublishFailure> {
    let out = &paths.out;
    let hint =
        "Check there is free disk space and that the output folder can be written to, then build again.".to_string();
    // Stray files first where a folder must go, or folders where a file must go,
    // would block phase 1: those are removed in phase 2, so check them now.
    let changed: Vec<&OutputFile> = files.iter().filter(|f| !old.same.contains(f.rel.as_str())).collect();
    let blocked = changed.iter().find_map(|f| {
        Path::new(f.rel.as_str()).ancestors().skip(1).filter(|d| !d.as_os_str().is_empty()).find_map(|d| {
            let p = out.join(d);
            p.symlink_metadata().ok().filter(|m| !m.is_dir()).map(|_| p)
        })
    });
    if let Some(p) = blocked {
        return Err(PublishFailure {
            message: format!("{} is a file where the site needs a folder", p.display()),
            state: format!("Nothing was published: {shown} is unchanged."),
            hint: "Delete or move that file, then build again.".into(),
            notes,
        });
    }
    // Phase 1: folders and temporary files. Nothing the web server serves changes.
    if let Err((p, e)) = make_dirs(out, files) {
        return Err(PublishFailure {
            message: io_message(&p, &e),
            state: format!(
                "Nothing was published: the pages in {shown} are unchanged (some new empty folders may have been added)."
            ),
            hint,
            notes,
        });
    }
    let temps: Result<Vec<(tempfile::TempPath, PathBuf)>, (PathBuf, std::io::Error)> = changed
        .par_iter()
        .map(|f| {
            let target = out.join(f.rel.as_str());
            let dir = target.parent().unwrap_or(out);
            let mut b = tempfile::Builder::new();
            b.prefix(TMP_PREFIX).suffix(TMP_SUFFIX);
            let mut tmp = b.tempfile_in(dir).map_err(|e| (target.clone(), e))?;
            tmp.write_all(&f.bytes).and_then(|_| tmp.as_file().sync_all()).map_err(|e| (target.clone(), e))?;
            set_mode(tmp.path(), FILE_MODE).map_err(|e| (target.clone(), e))?;
            Ok((tmp.into_temp_path(), target))
        })
        .collect();
    let temps = match temps {
        Ok(t) => t,
        // Dropping the temporary files that were made deletes them.
        Err((p, e)) => {
            return Err(PublishFailure {
                message: io_message(&p, &e),
                state: format!("Nothing was published: the pages in {shown} are unchanged ({reason})."),
                hint,
                notes,
            });
        }
    };
    // Phase 2: rename into place, then remove strays.
    let total = temps.len() + old.strays.len();
    for (done, (tmp, target)) in temps.into_iter().enumerate() {
        if target.symlink_metadata().is_ok_and(|m| m.is_dir()) {
            let _ = remove_any(&target);
        }
        if let Err(e) = tmp.persist(&target) {
            return Err(PublishFailure {
                message: format!("could not replace {}: {}", target.display(), e.error),
                state: format!(
                    "{shown} is partly updated: {done} of {total} changes were made ({reason}, so it could not be replaced all at once). Build again to finish."
                ),
                hint,
                notes,
            });
        }
    }
    let mut removed = 0;
    for rel in &old.strays {
        let p = out.join(rel);
        if p.symlink_metadata().is_ok() && remove_any(&p).is_err() {
            return Err(PublishFailure {
                message: format!("could not remove {}, which is not part of the site", p.display()),
                state: format!(
                    "{shown} holds the new site plus {} file(s) or folder(s) that are not part of it, including {}. Delete them before uploading, then build again.",
                    old.strays.len() - removed,
                    p.display()
                ),
                hint: "Check the file is not read-only or open in another program.".into(),
                notes,
            });
        }
        removed += 1;
    }
    sync_dir(out);
    Ok(Published {
        written: changed.len(),
        unchanged: files.len() - changed.len(),
        removed,
        method: Method::InPlace { reason },
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str, text: &str) -> OutputFile {
        OutputFile { rel: RelPath::new(rel).unwrap(), bytes: Payload::Text(text.into()) }
    }

    #[cfg(unix)]
    fn inode(p: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(p).unwrap().ino()
    }

    #[test]
    fn publishes_exactly_the_site_and_keeps_unchanged_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let site = [file("index.html", "a"), file("news/x/index.html", "b")];
        let p = publish(&out, &site, &[]).unwrap();
        assert_eq!((p.written, p.method), (2, Method::Created));
        let p = publish(&out, &site, &[]).unwrap();
        assert_eq!((p.written, p.unchanged, p.method), (0, 2, Method::Unchanged));

        // A stray file (and folder) makes the next build replace the folder.
        std::fs::write(out.join("register.csv"), "id,name").unwrap();
        std::fs::create_dir(out.join("old")).unwrap();
        std::fs::write(out.join("old/photo.jpg"), "x").unwrap();
        #[cfg(unix)]
        let before = inode(&out.join("news/x/index.html"));
        let p = publish(&out, &[file("index.html", "a2"), file("news/x/index.html", "b")], &[]).unwrap();
        assert_eq!((p.written, p.unchanged, p.removed, p.method), (1, 1, 2, Method::Swapped));
        assert!(!out.join("register.csv").exists() && !out.join("old").exists());
        #[cfg(unix)]
        assert_eq!(inode(&out.join("news/x/index.html")), before, "unchanged files are hard-linked, not rewritten");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "a2");

        let p = publish(&out, &[file("index.html", "a2")], &[]).unwrap();
        assert_eq!(p.removed, 1);
        assert!(!out.join("news").exists(), "folders no longer in the site are gone");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(out.join("index.html")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644, "{mode:o}");
            let mode = std::fs::metadata(&out).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o755, "{mode:o}");
        }
        // Nothing is left beside the output folder.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_planted_in_the_output_folder_is_neither_followed_nor_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(elsewhere.join("x")).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        // Same bytes as the new site's file: a careless "unchanged" check
        // would hard-link the outside file into the published site.
        std::fs::write(elsewhere.join("x/index.html"), "a").unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("news")).unwrap();
        let p = publish(&out, &[file("news/x/index.html", "a")], &[]).unwrap();
        assert_eq!(p.written, 1);
        let meta = std::fs::symlink_metadata(out.join("news")).unwrap();
        assert!(meta.is_dir(), "the link is replaced by a real folder");
        assert_ne!(inode(&out.join("news/x/index.html")), inode(&elsewhere.join("x/index.html")));
        assert_eq!(std::fs::read_to_string(elsewhere.join("x/index.html")).unwrap(), "a", "outside untouched");
    }

    #[test]
    fn a_failed_stage_leaves_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        publish(&out, &[file("index.html", "a")], &[]).unwrap();
        // `index.html/x` needs index.html to be a folder, and the new site has it as a file too.
        let e = publish(&out, &[file("index.html", "b"), file("index.html/x", "c")], &[]).unwrap_err();
        assert!(e.state.contains("unchanged"), "{e}");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "a");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "staging removed: {names:?}");
    }

    #[test]
    fn the_site_root_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("schoolgate.toml"), "").unwrap();
        let e = publish(dir.path(), &[file("index.html", "a")], &[dir.path()]).unwrap_err();
        assert!(e.message.contains("cannot be replaced"), "{e}");
        assert!(dir.path().join("schoolgate.toml").exists());
        assert!(RelPath::new("../x").is_err(), "a file name leading outside cannot even be made");
    }

    #[test]
    fn leftovers_of_a_killed_run_are_cleared_and_a_lost_backup_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        publish(&out, &[file("index.html", "a")], &[]).unwrap();
        // A run killed between its two renames: only the backup is left.
        std::fs::rename(&out, dir.path().join(".public.schoolgate-old-999999999")).unwrap();
        std::fs::create_dir(dir.path().join(".public.schoolgate-staging-999999998")).unwrap();
        let paths = Paths::new(&out).unwrap();
        let notes = clean_leftovers(&paths);
        assert!(out.join("index.html").is_file(), "{notes:?}");
        assert!(!dir.path().join(".public.schoolgate-staging-999999998").exists());
        assert_eq!(notes.len(), 2, "{notes:?}");
    }
}

//! Reading input files, bounded. Every file Schoolgate reads from a school
//! folder (register, staff list, waivers, approvals, settings, pages,
//! photos, documents) goes through [`read_input`], so no reader can be
//! handed `/dev/zero`, a named pipe that never ends, or a 6 GB file and
//! take the machine's memory with it. The limits live in
//! [`crate::limits`].

use std::io::Read;
use std::path::{Path, PathBuf};

/// Why an input file was not read. Names the file; [`InputError::hint`]
/// says what to do.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{} is not a regular file (it is {what}); Schoolgate only reads ordinary files", path.display())]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("{} is {}, more than the {} Schoolgate reads for this kind of file", path.display(), size_text(*size), size_text(*limit))]
    TooLarge { path: PathBuf, size: u64, limit: u64 },
    #[error("{} is not text Schoolgate can read: it is neither UTF-8 nor Windows-1252 text", path.display())]
    NotText { path: PathBuf },
    #[error("could not read {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

impl InputError {
    pub fn path(&self) -> &Path {
        match self {
            InputError::NotAFile { path, .. }
            | InputError::TooLarge { path, .. }
            | InputError::NotText { path }
            | InputError::Io { path, .. } => path,
        }
    }

    pub fn hint(&self) -> String {
        match self {
            InputError::NotAFile { .. } => {
                "Point the setting at an ordinary file (for example the CSV exported from the MIS), not a device, pipe or folder.".into()
            }
            InputError::TooLarge { .. } => {
                "Check it is the right file. If it is, make it smaller: resize photos, split long pages, export only the columns needed.".into()
            }
            InputError::NotText { .. } => {
                "Open the file in a text editor and save it as \"UTF-8\" text (in Excel: Save As → \"CSV UTF-8\").".into()
            }
            InputError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                "Check the file name and folder: no file is there.".into()
            }
            InputError::Io { .. } => {
                "Check that the file exists, that you may read it, and that it is not open in another program.".into()
            }
        }
    }
}

/// "12.5 MB" for messages.
pub fn size_text(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if bytes >= 1024 * 1024 * 1024 {
        format!("{:.1} GB", bytes as f64 / (MB * 1024.0))
    } else if bytes >= 1024 * 1024 {
        format!("{:.0} MB", bytes as f64 / MB)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

fn describe(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_char_device() {
            return "a device such as /dev/zero";
        }
        if ft.is_block_device() {
            return "a disk device";
        }
        if ft.is_fifo() {
            return "a named pipe";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_dir() { "a folder" } else { "not an ordinary file" }
}

/// Reads a whole regular file of at most `limit` bytes. Symbolic links are
/// followed, but what they point to must be a regular file too. The type is
/// checked before opening (opening a named pipe would wait for a writer
/// forever) and the read stops one byte past the limit whatever the file
/// claims, so a file that grows while read is still bounded.
pub fn read_input(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    let io = |source| InputError::Io { path: path.to_path_buf(), source };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(InputError::NotAFile { path: path.to_path_buf(), what: describe(meta.file_type()) });
    }
    if meta.len() > limit {
        return Err(InputError::TooLarge { path: path.to_path_buf(), size: meta.len(), limit });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    // The path may have been swapped between the two looks: check what was opened.
    let opened = file.metadata().map_err(io)?;
    if !opened.is_file() {
        return Err(InputError::NotAFile { path: path.to_path_buf(), what: describe(opened.file_type()) });
    }
    let mut bytes = Vec::with_capacity(opened.len().min(limit) as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge { path: path.to_path_buf(), size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

/// Reads a text file (see [`read_input`]): UTF-8 with or without a
/// byte-order mark, else Windows-1252, which is what older Windows editors
/// save as "ANSI". Anything else (a photo renamed `.md`, UTF-16 without a
/// byte-order mark) is [`InputError::NotText`].
pub fn read_text(path: &Path, limit: u64) -> Result<String, InputError> {
    let bytes = read_input(path, limit)?;
    decode_text(bytes).ok_or_else(|| InputError::NotText { path: path.to_path_buf() })
}

/// UTF-8 (a leading byte-order mark dropped) or Windows-1252 text; `None`
/// for bytes that are neither (NUL bytes, or bytes Windows-1252 leaves
/// undefined).
pub fn decode_text(bytes: Vec<u8>) -> Option<String> {
    let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(s) if !s.contains('\0') => Some(s),
        Ok(_) => None,
        Err(e) => windows_1252(e.as_bytes()),
    }
}

/// Windows-1252 to text; `None` for NUL and the five undefined bytes.
pub fn windows_1252(bytes: &[u8]) -> Option<String> {
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘', '’', '“', '”',
        '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0 => None,
            0x80..=0x9F => Some(HIGH[(b - 0x80) as usize]).filter(|&c| c != '\0'),
            _ => Some(b as char),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_folders_are_refused_without_reading() {
        let err = read_input(Path::new("/dev/zero"), 10).unwrap_err();
        assert!(matches!(err, InputError::NotAFile { .. }), "{err}");
        assert!(err.to_string().contains("/dev/zero"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(read_input(dir.path(), 10), Err(InputError::NotAFile { .. })));
    }

    #[test]
    fn the_limit_is_exact() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, b"12345").unwrap();
        assert_eq!(read_input(&p, 5).unwrap(), b"12345");
        assert!(matches!(read_input(&p, 4), Err(InputError::TooLarge { limit: 4, .. })));
    }

    #[test]
    fn text_is_utf8_or_windows_1252_and_nothing_else() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFid".to_vec()).as_deref(), Some("id"));
        assert_eq!(decode_text(b"Zo\xEB O\x92Neill".to_vec()).as_deref(), Some("Zoë O’Neill"));
        assert_eq!(decode_text(b"a\x81b".to_vec()), None);
        assert_eq!(decode_text(b"\x89PNG\r\n\x1a\n\0\0".to_vec()), None);
    }
}

//! Reading published files that are not pages, photos, PDFs or Word files
//! as text, so the name and contact checks read them like pages.
//!
//! Every reader is bounded: files are published from anywhere in the
//! school's folders, and a huge or crafted file must not stall the build.

use std::io::{Cursor, Read};

/// Bound on the text kept from one file, in bytes.
const MAX_TEXT: usize = 4 * 1024 * 1024;
/// Bound on one XML part of a zipped file once unzipped (zip bombs).
const MAX_PART: u64 = 16 * 1024 * 1024;
/// Bound on the cells read from one spreadsheet.
const MAX_CELLS: usize = 2_000_000;

/// Why a file said to be text is not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotText;

/// Decodes a text file: UTF-8 (with or without BOM), UTF-16 with a BOM, or
/// else Windows-1252/Latin-1 (old CSV exports), so accented names are still
/// found. Binary content (NUL bytes) is not text.
pub fn decode(bytes: &[u8]) -> Result<String, NotText> {
    let bytes = &bytes[..bytes.len().min(MAX_TEXT * 4)];
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        return Ok(String::from_utf16_lossy(&units));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        return Ok(String::from_utf16_lossy(&units));
    }
    if bytes.contains(&0) {
        return Err(NotText);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    Ok(match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    })
}

/// The text a reader sees in HTML or XML, after the markup itself: tags
/// are replaced by spaces so `<b>Aisha</b> Khan` reads as "Aisha Khan",
/// and the raw markup is kept too, so attribute values (alt, title) count.
pub fn markup(source: &str) -> String {
    let mut visible = String::with_capacity(source.len());
    let mut in_tag = false;
    for c in source.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                visible.push(' ');
            }
            _ if !in_tag => visible.push(c),
            _ => {}
        }
    }
    let visible = visible.replace("&nbsp;", " ").replace("&amp;", "&").replace("&#39;", "'").replace("&rsquo;", "’");
    format!("{visible}\n{source}")
}

/// Rows of cells of a spreadsheet (xlsx, xls, ods), every sheet, or `None`
/// when it cannot be read.
pub fn spreadsheet_rows(bytes: &[u8]) -> Option<Vec<Vec<String>>> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).ok()?;
    let mut rows = Vec::new();
    let mut cells = 0usize;
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else { continue };
        for row in range.rows() {
            cells += row.len();
            if cells > MAX_CELLS {
                return Some(rows);
            }
            rows.push(row.iter().map(|c| c.to_string()).collect());
        }
    }
    Some(rows)
}

/// Rows of a CSV/TSV or any delimited text: the delimiter is the one of
/// `,` `;` tab `|` that splits the first line most. Quotes are removed.
pub fn delimited_rows(text: &str) -> Vec<Vec<String>> {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delim = [',', ';', '\t', '|'].into_iter().max_by_key(|d| first.matches(*d).count()).unwrap_or(',');
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(delim).map(|c| c.trim().trim_matches('"').trim().to_string()).collect())
        .collect()
}

/// Joins rows into text, cells separated by " | " so a forename and
/// surname in neighbouring columns still read as a name.
pub fn rows_text(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        out.push_str(&row.join(" "));
        out.push('\n');
        if out.len() > MAX_TEXT {
            break;
        }
    }
    out
}

/// Best-effort text of a file of a kind Schoolgate has no reader for (the
/// school allowed it): the text of every XML part of a zipped file (most
/// office formats), else the runs of readable characters, as `strings`
/// does, in UTF-8 and UTF-16.
pub fn any_text(bytes: &[u8]) -> String {
    if bytes.starts_with(b"PK\x03\x04")
        && let Some(text) = zipped_xml_text(bytes)
    {
        return text;
    }
    let mut out = printable_runs(bytes.iter().map(|&b| u32::from(b)));
    let units = bytes.chunks_exact(2).map(|c| u32::from(u16::from_le_bytes([c[0], c[1]])));
    out.push('\n');
    out.push_str(&printable_runs(units));
    out
}

fn printable_runs(units: impl Iterator<Item = u32>) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for u in units {
        match char::from_u32(u) {
            Some(c) if !c.is_control() && (c.is_alphanumeric() || c.is_ascii_punctuation() || c == ' ') => run.push(c),
            _ => {
                if run.chars().count() >= 4 {
                    out.push_str(&run);
                    out.push('\n');
                }
                run.clear();
            }
        }
        if out.len() > MAX_TEXT {
            break;
        }
    }
    if run.chars().count() >= 4 {
        out.push_str(&run);
    }
    out
}

fn zipped_xml_text(bytes: &[u8]) -> Option<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.ends_with(".xml") || n.ends_with(".rels"))
        .map(|n| n.into_owned())
        .collect();
    let mut out = String::new();
    for name in names {
        let Ok(file) = archive.by_name(&name) else { continue };
        let mut xml = String::new();
        if file.take(MAX_PART).read_to_string(&mut xml).is_ok() {
            out.push_str(&markup(&xml));
            out.push('\n');
        }
        if out.len() > MAX_TEXT {
            break;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_utf16_and_latin1() {
        assert_eq!(decode("Zoë".as_bytes()).unwrap(), "Zoë");
        assert_eq!(decode(b"Zo\xEB").unwrap(), "Zoë");
        assert_eq!(decode(b"\xFF\xFEA\0b\0").unwrap(), "Ab");
        assert_eq!(decode(b"\x89PNG\0\0"), Err(NotText));
    }

    #[test]
    fn markup_keeps_names_split_by_tags_together() {
        let t = markup("<p><b>Aisha</b> Khan</p><img alt=\"x\">");
        assert!(t.contains("Aisha  Khan") || t.contains("Aisha Khan"), "{t}");
        assert!(t.contains("alt=\"x\""));
    }

    #[test]
    fn delimited_rows_pick_the_delimiter() {
        let rows = delimited_rows("a;b;c\n1;\"2\";3\n");
        assert_eq!(rows[1], vec!["1", "2", "3"]);
    }

    #[test]
    fn any_text_finds_runs_in_binary() {
        let mut b = vec![0u8, 1, 2];
        b.extend_from_slice(b"Aisha Khan");
        b.extend_from_slice(&[0, 0xFF]);
        assert!(any_text(&b).contains("Aisha Khan"));
    }
}

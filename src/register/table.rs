//! Reading a spreadsheet (CSV or Excel) into rows of text with their row
//! numbers, so the register and staff loaders need not care which it was.
//!
//! CSV files from schools come from Excel on Windows as often as from an
//! MIS, so this copes with a byte-order mark, Windows-1252 text, UTF-16
//! "Unicode text", and `,`, `;` or tab as the separator.

use std::path::Path;

use calamine::{Data, Reader};

/// One row: its 1-based number in the file and its cells as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<String>,
}

impl Row {
    pub fn cell(&self, idx: Option<usize>) -> &str {
        idx.and_then(|i| self.cells.get(i)).map(|s| s.trim()).unwrap_or("")
    }
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// Why a file could not be read as a table; the loaders add the path.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("the file is not a CSV file Schoolgate can read ({0})")]
    Csv(String),
    #[error("the spreadsheet could not be opened ({0})")]
    Excel(String),
    #[error("the spreadsheet has no sheet called \"{wanted}\"; its sheets are: {found}")]
    NoSheet { wanted: String, found: String },
    #[error("the file is empty")]
    Empty,
}

/// Reads the non-blank rows of a CSV or spreadsheet file. `sheet` picks an
/// Excel worksheet by name (default: the first).
pub fn read_table(path: &Path, sheet: Option<&str>) -> Result<Vec<Row>, TableError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let rows = match ext.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => read_excel(path, sheet)?,
        _ => read_csv_text(&decode(&std::fs::read(path)?))?,
    };
    let rows: Vec<Row> = rows.into_iter().filter(|r| !r.is_blank()).collect();
    if rows.is_empty() {
        return Err(TableError::Empty);
    }
    Ok(rows)
}

/// Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, and
/// otherwise Windows-1252, which is what Excel's "CSV" writes on Windows.
pub fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    let utf16 = |le: bool, b: &[u8]| {
        let units: Vec<u16> = b
            .chunks_exact(2)
            .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) })
            .collect();
        String::from_utf16_lossy(&units)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(true, rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(false, rest);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// Picks the separator used in the first lines: the one of `,` `;` and tab
/// that appears most outside quotes. Excel in much of Europe writes `;`.
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    let mut lines = 0;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            '\n' if !quoted => {
                lines += 1;
                if lines >= 5 {
                    break;
                }
            }
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

fn read_csv_text(text: &str) -> Result<Vec<Row>, TableError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| TableError::Csv(e.to_string()))?;
        // The reader's own line count misses blank lines it skipped, so
        // count newlines up to the record's first byte instead.
        let number = match record.position() {
            Some(p) => {
                let bytes = text.as_bytes();
                let mut at = (p.byte() as usize).min(bytes.len());
                while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
                    at += 1;
                }
                bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1
            }
            None => rows.len() + 1,
        };
        rows.push(Row { number, cells: record.iter().map(str::to_string).collect() });
    }
    Ok(rows)
}

fn read_excel(path: &Path, sheet: Option<&str>) -> Result<Vec<Row>, TableError> {
    let mut book = calamine::open_workbook_auto(path).map_err(|e| TableError::Excel(e.to_string()))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => {
            names.iter().find(|n| n.trim().eq_ignore_ascii_case(wanted.trim())).cloned().ok_or_else(|| {
                TableError::NoSheet {
                    wanted: wanted.to_string(),
                    found: names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", "),
                }
            })?
        }
        None => names.first().cloned().ok_or(TableError::Empty)?,
    };
    let range = book.worksheet_range(&name).map_err(|e| TableError::Excel(e.to_string()))?;
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let first_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            // Keep column positions as in the sheet, so a sheet whose data
            // starts in column B still lines up with its headers.
            let mut out = vec![String::new(); first_col];
            out.extend(cells.iter().map(cell_text));
            Row { number: first_row + i + 1, cells: out }
        })
        .collect())
}

/// A cell as the text a person would read in Excel. Dates become ISO dates
/// and whole numbers lose their `.0`, so ids and years read naturally.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => {
            let serial = dt.as_f64();
            super::values::excel_serial(&serial.to_string())
                .map(|d| d.to_string())
                .unwrap_or_else(|| serial.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_win_when_commas_are_inside_quotes() {
        assert_eq!(sniff_delimiter("id;name\n1;\"Patel, Harry\"\n"), b';');
        assert_eq!(sniff_delimiter("id,name,year\n1,x,3\n"), b',');
        assert_eq!(sniff_delimiter("id\tname\n"), b'\t');
    }

    #[test]
    fn decodes_what_excel_writes() {
        assert_eq!(decode(b"\xEF\xBB\xBFid"), "id");
        assert_eq!(decode(b"Zo\xEB O\x92Neill"), "Zoë O’Neill");
        assert_eq!(decode(&[0xFF, 0xFE, b'i', 0, b'd', 0]), "id");
        assert_eq!(decode("Zoë".as_bytes()), "Zoë");
    }

    #[test]
    fn csv_rows_keep_their_line_numbers_and_quoted_fields() {
        let rows = read_csv_text("id,name\n\n1,\"Patel, Harry\"\n2,\"multi\nline\"\n3,x\n").unwrap();
        let rows: Vec<_> = rows.into_iter().filter(|r| !r.is_blank()).collect();
        assert_eq!(rows[1].number, 3);
        assert_eq!(rows[1].cells[1], "Patel, Harry");
        assert_eq!(rows[3].number, 6);
    }
}

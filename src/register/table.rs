//! Reading a spreadsheet (CSV or Excel) into rows of text with their row
//! numbers, so the register and staff loaders need not care which it was.
//!
//! CSV files from schools come from Excel on Windows as often as from an
//! MIS, so this copes with a byte-order mark, Windows-1252 text, UTF-16
//! "Unicode text", and `,`, `;` or tab as the separator.

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Reader};

use crate::input::{InputError, read_input};
use crate::limits::{MAX_REGISTER_BYTES, MAX_SPREADSHEET_UNPACKED_BYTES, MAX_TABLE_COLUMNS, MAX_TABLE_ROWS};

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
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("the file is not a CSV file Schoolgate can read ({0})")]
    Csv(String),
    #[error(
        "the file is named .{ext} but is not a real Excel file (it may be a CSV file or a web page that was renamed). \
         Open it in Excel and choose File → Save As → \"CSV UTF-8 (Comma delimited) (*.csv)\", then set register.path to the .csv file"
    )]
    NotSpreadsheet { ext: String },
    #[error(
        "the spreadsheet unpacks to more than {} (Schoolgate reads at most that much); \
         it is damaged or not a register. Save the register as \"CSV UTF-8\" from Excel instead",
        crate::input::size_text(*limit)
    )]
    Unpacks { limit: u64 },
    #[error("the spreadsheet has more than {limit} {what}; a register needs far fewer. Check it is the right file")]
    TooBig { what: &'static str, limit: usize },
    #[error("the spreadsheet could not be opened ({0})")]
    Excel(String),
    #[error("the spreadsheet has no sheet called \"{wanted}\"; its sheets are: {found}")]
    NoSheet { wanted: String, found: String },
    #[error(
        "the file is empty: it looks like an empty export. Export the register again from the MIS, with the pupils' rows"
    )]
    Empty,
}

/// Cells merged into one in a spreadsheet, as 1-based rows and 0-based columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merged {
    pub first_row: usize,
    pub last_row: usize,
    pub first_col: usize,
    pub last_col: usize,
}

impl From<calamine::Dimensions> for Merged {
    fn from(d: calamine::Dimensions) -> Self {
        Merged {
            first_row: d.start.0 as usize + 1,
            last_row: d.end.0 as usize + 1,
            first_col: d.start.1 as usize,
            last_col: d.end.1 as usize,
        }
    }
}

/// A table read from a file.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The non-blank rows.
    pub rows: Vec<Row>,
    /// True for CSV text, where a row's number of fields is what the file
    /// wrote: a row with a field missing has fewer. In a spreadsheet every
    /// cell has its own column letter and nothing can shift.
    pub counted_fields: bool,
    /// Merged cell areas (spreadsheets only): only the top-left cell keeps
    /// the value, the others read as blank.
    pub merged: Vec<Merged>,
}

/// Reads the non-blank rows of a CSV or spreadsheet file. `sheet` picks an
/// Excel worksheet by name (default: the first). The file is read through
/// [`read_input`]: a device or a huge file is refused before parsing.
pub fn read_table(path: &Path, sheet: Option<&str>) -> Result<Table, TableError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let bytes = read_input(path, MAX_REGISTER_BYTES)?;
    let mut table = match ext.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => read_excel(bytes, &ext, sheet)?,
        _ => {
            let text = decode(bytes).ok_or_else(|| InputError::NotText { path: path.to_path_buf() })?;
            Table { rows: read_csv_text(&text)?, counted_fields: true, merged: Vec::new() }
        }
    };
    table.rows.retain(|r| !r.is_blank());
    if table.rows.is_empty() {
        return Err(TableError::Empty);
    }
    Ok(table)
}

/// Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, and
/// otherwise Windows-1252, which is what Excel's "CSV" writes on Windows.
/// `None` when it is none of these.
pub fn decode(bytes: Vec<u8>) -> Option<String> {
    let utf16 = |le: bool, b: &[u8]| {
        let units: Vec<u16> = b
            .chunks_exact(2)
            .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) })
            .collect();
        String::from_utf16(&units).ok()
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(true, rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(false, rest);
    }
    crate::input::decode_text(bytes)
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

/// Unpacks every part of a zipped spreadsheet with a running count before
/// the spreadsheet reader sees it. The sizes a zip declares can lie, so the
/// count is of what really comes out, and it stops one byte past the limit:
/// a 4 MB file that unpacks to 4 GB costs a moment, not 4 GB.
fn check_unpacked_size(bytes: &[u8], ext: &str) -> Result<(), TableError> {
    let not_spreadsheet = || TableError::NotSpreadsheet { ext: ext.to_string() };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_spreadsheet())?;
    let limit = MAX_SPREADSHEET_UNPACKED_BYTES;
    let declared: u64 =
        (0..zip.len()).filter_map(|i| zip.by_index_raw(i).ok().map(|f| f.size())).fold(0, u64::saturating_add);
    if declared > limit {
        return Err(TableError::Unpacks { limit });
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| TableError::Excel(e.to_string()))?;
        let room = limit - total;
        let n = std::io::copy(&mut entry.take(room + 1), &mut std::io::sink())
            .map_err(|e| TableError::Excel(e.to_string()))?;
        if n > room {
            return Err(TableError::Unpacks { limit });
        }
        total += n;
    }
    Ok(())
}

fn read_excel(bytes: Vec<u8>, ext: &str, sheet: Option<&str>) -> Result<Table, TableError> {
    use calamine::{Ods, Sheets, Xls, Xlsb, Xlsx, open_workbook_from_rs};
    if ext != "xls" {
        check_unpacked_size(&bytes, ext)?;
    }
    let not_spreadsheet = |_| TableError::NotSpreadsheet { ext: ext.to_string() };
    let cursor = Cursor::new(bytes);
    let mut book: Sheets<_> = match ext {
        "xls" => Sheets::Xls(open_workbook_from_rs::<Xls<_>, _>(cursor).map_err(|e| not_spreadsheet(e.to_string()))?),
        "xlsb" => {
            Sheets::Xlsb(open_workbook_from_rs::<Xlsb<_>, _>(cursor).map_err(|e| not_spreadsheet(e.to_string()))?)
        }
        "ods" => Sheets::Ods(open_workbook_from_rs::<Ods<_>, _>(cursor).map_err(|e| not_spreadsheet(e.to_string()))?),
        _ => Sheets::Xlsx(open_workbook_from_rs::<Xlsx<_>, _>(cursor).map_err(|e| not_spreadsheet(e.to_string()))?),
    };
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
    if let Sheets::Xlsx(xlsx) = &mut book {
        let merged = xlsx
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| TableError::Excel(e.to_string()))?
            .into_iter()
            .map(Merged::from)
            .collect();
        let rows = xlsx_rows(xlsx, &name)?;
        return Ok(Table { rows, counted_fields: false, merged });
    }
    let merged = match &book {
        Sheets::Xls(xls) => {
            xls.merge_cells_by_sheet_name(&name).unwrap_or_default().into_iter().map(Merged::from).collect()
        }
        _ => Vec::new(),
    };
    let range = book.worksheet_range(&name).map_err(|e| TableError::Excel(e.to_string()))?;
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let first_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            // Keep column positions as in the sheet, so a sheet whose data
            // starts in column B still lines up with its headers.
            let mut out = vec![String::new(); first_col];
            out.extend(cells.iter().map(cell_text));
            Row { number: first_row + i + 1, cells: out }
        })
        .collect();
    Ok(Table { rows, counted_fields: false, merged })
}

/// The rows of an XLSX sheet, cell by cell as stored. Unlike a dense range,
/// a sheet with one cell in A1 and one in XFD1048576 costs two cells, not
/// seventeen billion; rows and columns beyond any register's size are
/// refused as they are met.
fn xlsx_rows<RS: std::io::Read + std::io::Seek>(
    book: &mut calamine::Xlsx<RS>,
    name: &str,
) -> Result<Vec<Row>, TableError> {
    let excel = |e: calamine::XlsxError| TableError::Excel(e.to_string());
    let mut reader = book.worksheet_cells_reader(name).map_err(excel)?;
    let mut rows: std::collections::BTreeMap<usize, Vec<String>> = std::collections::BTreeMap::new();
    while let Some(cell) = reader.next_cell().map_err(excel)? {
        let (r, c) = cell.get_position();
        let (r, c) = (r as usize, c as usize);
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        if c >= MAX_TABLE_COLUMNS {
            return Err(TableError::TooBig { what: "columns", limit: MAX_TABLE_COLUMNS });
        }
        if !rows.contains_key(&r) && rows.len() >= MAX_TABLE_ROWS {
            return Err(TableError::TooBig { what: "rows", limit: MAX_TABLE_ROWS });
        }
        let row = rows.entry(r).or_default();
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = text;
    }
    Ok(rows.into_iter().map(|(r, cells)| Row { number: r + 1, cells }).collect())
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
        assert_eq!(decode(b"\xEF\xBB\xBFid".to_vec()).as_deref(), Some("id"));
        assert_eq!(decode(b"Zo\xEB O\x92Neill".to_vec()).as_deref(), Some("Zoë O’Neill"));
        assert_eq!(decode(vec![0xFF, 0xFE, b'i', 0, b'd', 0]).as_deref(), Some("id"));
        assert_eq!(decode("Zoë".as_bytes().to_vec()).as_deref(), Some("Zoë"));
        assert_eq!(decode(b"Zo\x81".to_vec()), None);
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

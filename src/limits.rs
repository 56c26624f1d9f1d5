//! Every size and depth bound Schoolgate enforces on its inputs, in one
//! place. Inputs come from school staff (by accident: a photo straight off
//! a 200-megapixel camera, a register saved as the wrong file) and from the
//! web (on purpose: a crafted page on a trust school's site). Without these
//! bounds one bad file could exhaust the machine's memory or overflow the
//! stack and kill the whole run, report and all.
//!
//! Each limit is far above what a real school file needs, and each refusal
//! names the file and the limit (see [`crate::input`]).

/// Largest consent register or staff list read, in bytes (CSV or the
/// spreadsheet file itself). A register of 3,000 pupils is under 1 MB.
pub const MAX_REGISTER_BYTES: u64 = 20 * 1024 * 1024;

/// Largest total a spreadsheet (XLSX, ODS: a zip of XML) may unpack to.
/// Checked by actually unpacking with a counter before the spreadsheet
/// reader sees it, so a "zip bomb" (4 MB that unpacks to 4 GB) is refused
/// without the memory, whatever sizes the zip claims.
pub const MAX_SPREADSHEET_UNPACKED_BYTES: u64 = 100 * 1024 * 1024;

/// Most rows and columns read from a register or staff spreadsheet. A
/// spreadsheet stores only filled cells, so one cell far out (XFD1048576)
/// must not make Schoolgate build a grid of seventeen billion.
pub const MAX_TABLE_ROWS: usize = 100_000;
pub const MAX_TABLE_COLUMNS: usize = 1_000;

/// Largest settings-like file: `schoolgate.toml`, waivers, approvals,
/// `trust.toml`. Real ones are a few kilobytes.
pub const MAX_SETTINGS_BYTES: u64 = 10 * 1024 * 1024;

/// Largest Markdown page or HTML page read (build, folder audit). A long
/// newsletter page is under 200 KB. The live-site crawler has its own,
/// smaller, per-response cap (`CrawlOptions::max_page_bytes`).
pub const MAX_PAGE_BYTES: u64 = 10 * 1024 * 1024;

/// Largest photo, document or other file published or audited. Bigger is
/// a video or an archive, not something to put on a school website.
pub const MAX_ASSET_BYTES: u64 = 256 * 1024 * 1024;

/// Deepest nesting of block quotes and lists in a Markdown page. Real pages
/// nest two or three levels; the Markdown and HTML machinery behind it
/// recurses, so 20,000 levels would overflow the stack and abort the build.
pub const MAX_MARKDOWN_NESTING: usize = 100;

/// Deepest nesting of HTML elements in a page (and in raw HTML inside a
/// Markdown page). Page builders nest 40–60 levels; 20,000 nested `<div>`s
/// would overflow the stack while parsing and checking, and the time spent
/// grows with the square of the depth.
pub const MAX_HTML_DEPTH: usize = 512;

/// Largest photo decoded, in pixels (width × height). 100 megapixels is a
/// 12,000 × 8,300 picture and about 400 MB once decoded; a website photo
/// needs under 2 megapixels. Checked from the file's header before decoding.
pub const MAX_IMAGE_PIXELS: u64 = 100_000_000;

/// Pixels being decoded at once across all threads. Photos are prepared in
/// parallel; without a shared budget six 100-megapixel photos on six cores
/// would need 2.4 GB at the same moment. Twice [`MAX_IMAGE_PIXELS`], so
/// one photo of the largest size can always proceed.
pub const DECODE_PIXEL_BUDGET: u64 = 2 * MAX_IMAGE_PIXELS;

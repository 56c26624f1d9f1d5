//! Cheap nesting-depth scans, run before the parsers that recurse.
//!
//! pulldown-cmark, html5ever and the checks that walk their trees go one
//! stack frame deeper per level of nesting, so 20,000 nested `>` or
//! `<div>` overflow the stack, and a stack overflow cannot be caught: the
//! process aborts, and in a trust-wide audit every school's report is lost
//! with it. These scans are linear, never recurse, and run on the raw text;
//! a page deeper than [`crate::limits`] allows is refused (a build) or
//! reported as not checked (an audit of someone else's site).

use crate::limits::{MAX_HTML_DEPTH, MAX_MARKDOWN_NESTING};

/// A page nested deeper than Schoolgate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    /// How deep it goes (as far as the scan could tell).
    pub depth: usize,
    /// The limit it broke.
    pub limit: usize,
    /// 1-based line where the limit was first passed.
    pub line: usize,
}

impl TooDeep {
    /// "nested 20,000 levels deep; Schoolgate reads at most 100".
    pub fn describe(&self, what: &str) -> String {
        format!(
            "{what} nested {} levels deep (from line {}); Schoolgate reads at most {}",
            thousands(self.depth),
            self.line,
            self.limit
        )
    }
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Deepest nesting of block quotes and lists on any one line of Markdown:
/// each `>` and each list marker (`-`, `*`, `+`, `1.`, `1)`) at the start
/// of a line opens a level, and so does every two columns of indentation
/// (how nested lists are written on their own lines). It over-counts a
/// little (a spaced-out rule `- - -` counts three), never under-counts.
pub fn markdown_nesting(text: &str) -> Result<(), TooDeep> {
    let mut worst: Option<TooDeep> = None;
    for (i, line) in text.lines().enumerate() {
        let depth = line_nesting(line.as_bytes());
        if depth > MAX_MARKDOWN_NESTING && worst.is_none_or(|w| depth > w.depth) {
            let line = worst.map_or(i + 1, |w| w.line);
            worst = Some(TooDeep { depth, limit: MAX_MARKDOWN_NESTING, line });
        }
    }
    worst.map_or(Ok(()), Err)
}

fn line_nesting(b: &[u8]) -> usize {
    let (mut depth, mut i) = (0usize, 0usize);
    // Leading indentation: two columns per level of list written on its own line.
    let mut columns = 0usize;
    while i < b.len() && matches!(b[i], b' ' | b'\t') {
        columns += if b[i] == b'\t' { 4 } else { 1 };
        i += 1;
    }
    loop {
        while i < b.len() && matches!(b[i], b' ' | b'\t') {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let spaced = |at: usize| at >= b.len() || matches!(b[at], b' ' | b'\t');
        match b[i] {
            b'>' => i += 1,
            b'-' | b'*' | b'+' if spaced(i + 1) => i += 1,
            b'0'..=b'9' => {
                let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                let at = i + digits;
                if digits <= 9 && at < b.len() && matches!(b[at], b'.' | b')') && spaced(at + 1) {
                    i = at + 1;
                } else {
                    break;
                }
            }
            _ => break,
        }
        depth += 1;
    }
    depth + columns / 2
}

/// Elements that never hold others (`<br>`, `<img>`…).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "keygen",
];
/// Elements a parser closes by itself when the next one of their kind
/// opens (`<p>one<p>two`, `<li>`, table cells), so repeating them without
/// end tags does not nest. Counting them would flag old, sloppy pages.
const SELF_CLOSING: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "caption",
    "rb", "rt", "rp", "a", "html", "head", "body",
];
/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "plaintext", "noscript"];

/// Deepest element nesting in HTML, by a tag scan that needs no tree:
/// start tags push, end tags pop. Fails when the depth passes
/// [`MAX_HTML_DEPTH`] and reports the deepest point and the line where
/// the limit was first passed.
pub fn html_depth(html: &str) -> Result<(), TooDeep> {
    let b = html.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    let mut first_line = None;
    while let Some(off) = memchr_lt(&b[i..]) {
        i += off + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, i + 3, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let name_len = b[start..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'-').count();
        if name_len == 0 || !b[start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[start..start + name_len].to_ascii_lowercase();
        let end = tag_end(b, start + name_len);
        let self_closed = end >= 2 && b[end - 2] == b'/';
        i = end;
        if closing {
            if !VOID.contains(&name.as_str()) && !SELF_CLOSING.contains(&name.as_str()) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            let close = format!("</{name}");
            i = find_ci(b, i, close.as_bytes()).unwrap_or(b.len());
            continue;
        }
        if self_closed || VOID.contains(&name.as_str()) || SELF_CLOSING.contains(&name.as_str()) {
            continue;
        }
        depth += 1;
        if depth > max {
            max = depth;
            if max > MAX_HTML_DEPTH && first_line.is_none() {
                first_line = Some(crate::error::line_of_offset(html, start));
            }
        }
    }
    match first_line {
        Some(line) => Err(TooDeep { depth: max, limit: MAX_HTML_DEPTH, line }),
        None => Ok(()),
    }
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'<')
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

fn find_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle)).map(|p| p + from)
}

/// Index just past the `>` ending a tag, skipping quoted attribute values.
fn tag_end(b: &[u8], mut i: usize) -> usize {
    let mut quote = None;
    while i < b.len() {
        match (quote, b[i]) {
            (None, b'"' | b'\'') => quote = Some(b[i]),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_quotes_and_lists_count_per_line() {
        assert!(markdown_nesting("> a\n> > b\n- x\n  - y\n    - z\n1. one\n").is_ok());
        let deep = format!("Intro\n\n{}deep\n", "> ".repeat(20_000));
        let e = markdown_nesting(&deep).unwrap_err();
        assert_eq!((e.depth, e.line), (20_000, 3));
        assert!(e.describe("quotes").contains("20,000 levels"), "{}", e.describe("quotes"));
        assert!(markdown_nesting(&format!("{}x", "- ".repeat(20_000))).is_err());
        assert!(markdown_nesting(&format!("{}x", "1. ".repeat(200))).is_err());
        assert!(markdown_nesting("Year 6 - sports day - results").is_ok());
    }

    #[test]
    fn html_depth_counts_real_nesting_only() {
        assert!(html_depth(&"<div>".repeat(MAX_HTML_DEPTH)).is_ok());
        let e = html_depth(&format!("<html>\n<body>\n{}", "<div>".repeat(20_000))).unwrap_err();
        assert_eq!((e.depth, e.line), (20_000, 3));
        // Closed, void, self-closing and auto-closing elements do not nest.
        assert!(html_depth(&"<div><img src=a><br/></div>".repeat(10_000)).is_ok());
        assert!(html_depth(&"<p>para<li>item<td>cell".repeat(10_000)).is_ok());
        // Tags inside comments, scripts and attribute values are not tags.
        let script = format!("<script>{}</script>", "<div>".repeat(10_000));
        assert!(html_depth(&script).is_ok());
        let comment = format!("<!-- {} -->", "<div>".repeat(10_000));
        assert!(html_depth(&comment).is_ok());
        assert!(html_depth(&"<a title='<div>'>x</a>".repeat(10_000)).is_ok());
        assert!(html_depth(&"a < b and 1<2 ".repeat(10_000)).is_ok());
    }
}

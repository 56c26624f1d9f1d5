//! The `--crawl` case: a static site whose every internal link leaves off
//! the trailing slash (`/about/page-12`), served by a server that answers
//! such a folder address with `301 Location: /about/page-12/`, as Apache's
//! mod_dir, nginx, GitHub Pages and Python's `http.server` all do. A
//! crawler that treats that redirect as a loop reaches a handful of pages;
//! one that follows it reaches every page.

use std::fmt::Write as _;
use std::path::Path;

/// Sections of the generated site (each has an index page listing its pages).
const SECTIONS: &[&str] = &["about-us", "parents", "curriculum", "news", "governors", "clubs", "policies", "classes"];

/// Writes `pages` pages (plus the home page and one index per section)
/// under `dir`. Returns how many HTML pages a full crawl must reach.
pub fn write(dir: &Path, pages: usize) -> usize {
    let _ = std::fs::remove_dir_all(dir);
    let per = pages.div_ceil(SECTIONS.len());
    let page = |title: &str, body: &str| {
        format!(
            "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{title} | Oakfield Primary School</title></head>\n\
             <body><nav>{}</nav>\n<main><h1>{title}</h1>\n{body}</main></body></html>\n",
            SECTIONS.iter().map(|s| format!("<a href=\"/{s}\">{s}</a>")).collect::<Vec<_>>().join(" ")
        )
    };
    let write = |rel: &str, html: String| {
        let folder = dir.join(rel);
        std::fs::create_dir_all(&folder).expect("create page folder");
        std::fs::write(folder.join("index.html"), html).expect("write page");
    };
    write("", page("Welcome", "<p>Welcome to Oakfield Primary School.</p>\n"));
    let mut written = 1;
    for (k, section) in SECTIONS.iter().enumerate() {
        let count = per.min(pages.saturating_sub(k * per));
        let mut list = String::from("<ul>\n");
        for i in 0..count {
            let _ = writeln!(list, "<li><a href=\"/{section}/page-{i}\">Page {i}</a></li>");
        }
        list.push_str("</ul>\n");
        write(section, page(section, &list));
        written += 1;
        for i in 0..count {
            let mut body = format!("<p>This is page {i} of {section}. Term starts on Monday.</p>\n<p>");
            // Neighbours and the section index, all without the slash.
            let _ = write!(body, "<a href=\"/{section}\">Back to {section}</a> ");
            for j in [i + 1, i + 2, i + 7] {
                if j < count {
                    let _ = write!(body, "<a href=\"/{section}/page-{j}\">See also page {j}</a> ");
                }
            }
            body.push_str("</p>\n");
            write(&format!("{section}/page-{i}"), page(&format!("{section} page {i}"), &body));
            written += 1;
        }
    }
    written
}

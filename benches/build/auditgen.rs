//! The `--audit` case: a folder of already-rendered HTML (as exported from
//! another CMS), a consent register, and photos carrying people tags.

use std::fmt::Write as _;
use std::path::Path;

use crate::photos::{self, Rng};
use crate::sitegen;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Writes `dir/site/` (pages, `images/`), and `dir/register.csv`. Returns
/// the register path.
pub fn write(dir: &Path, pages: usize, pupils: usize, photos: usize) -> std::path::PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    let site = dir.join("site");
    let images = site.join("images");
    std::fs::create_dir_all(&images).expect("create images folder");
    let register = dir.join("register.csv");
    std::fs::write(&register, sitegen::register_csv(pupils)).expect("write register");

    // Tags: one to three pupils per photo, mostly pupils with consent.
    let all = sitegen::pupils(pupils);
    let mut rng = Rng::new(7);
    let people: Vec<Vec<String>> = (0..photos)
        .map(|_| {
            (0..1 + rng.below(3))
                .map(|_| {
                    let (f, s, _, _) = &all[rng.below(all.len())];
                    format!("{f} {s}")
                })
                .collect()
        })
        .collect();
    let names = photos::tagged_photos(&images, &people);

    let files = sitegen::content(pages, &[]);
    let mut rng = Rng::new(11);
    for (i, f) in files.iter().enumerate() {
        let (front, body) = f.text.trim_start_matches("+++\n").split_once("+++\n").unwrap_or(("", &f.text));
        let title = front
            .lines()
            .find_map(|l| l.strip_prefix("title = \""))
            .map(|t| t.trim_end_matches('"').to_string())
            .unwrap_or_else(|| format!("Page {i}"));
        let mut html = String::with_capacity(body.len() * 2);
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{} | Oakfield Primary School</title></head>\n<body><nav><a href=\"/\">Home</a> <a href=\"/news/\">News</a></nav>\n<main><h1>{}</h1>\n",
            esc(&title),
            esc(&title)
        );
        for block in body.split("\n\n").filter(|b| !b.trim().is_empty()) {
            let block = block.trim();
            if let Some(h) = block.strip_prefix("## ") {
                let _ = writeln!(html, "<h2>{}</h2>", esc(h));
            } else if block.starts_with("- ") {
                html.push_str("<ul>");
                for li in block.lines() {
                    let _ = write!(html, "<li>{}</li>", esc(li.trim_start_matches("- ")));
                }
                html.push_str("</ul>\n");
            } else {
                let _ = writeln!(html, "<p>{}</p>", esc(block));
            }
        }
        // One page in four shows a photo.
        if !names.is_empty() && rng.below(4) == 0 {
            let photo = &names[rng.below(names.len())];
            let _ = writeln!(
                html,
                "<figure><img src=\"/images/{photo}\" alt=\"Pupils working together in class\" width=\"800\" height=\"600\"></figure>"
            );
        }
        html.push_str("</main></body></html>\n");
        let rel = f.rel.with_extension("");
        let out = if rel.file_name().is_some_and(|n| n == "_index") {
            site.join(rel.parent().unwrap_or(Path::new(""))).join("index.html")
        } else {
            site.join(rel).join("index.html")
        };
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent).expect("create page folder");
        }
        std::fs::write(&out, html).expect("write page");
    }
    register
}

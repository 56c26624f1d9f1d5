//! Markdown → HTML for one page, resolving what the admin linked to.
//!
//! Besides CommonMark (with tables, footnotes and strikethrough) this does
//! what a school site needs and a plain converter cannot: `@/about/contact.md`
//! links become the page's URL or a clear error; photos get their real width
//! and height (no layout shift) and lazy loading; `{{ photo(…) }}` shortcodes
//! become accessible figures and record who the author said is in the photo;
//! headings get anchors and a table of contents.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::content::{Document, slugify};
use crate::error::{BuildError, line_of_offset};
use crate::escape::html as escape;
use crate::render::shortcodes::{self, ArgValue};
use crate::site::{PhotoDeclaration, SourceRef};

/// What the renderer needs to know about the rest of the site.
pub struct LinkTargets<'a> {
    /// Content path (`about/contact.md`) → URL.
    pub pages: &'a HashMap<String, String>,
    /// Source file → published file (URL and, for images, size).
    pub files: &'a HashMap<PathBuf, FileTarget>,
    /// Published URL → image size, for absolute `/images/…` references.
    pub by_url: &'a HashMap<String, FileTarget>,
}

/// A published file something can link to.
#[derive(Debug, Clone)]
pub struct FileTarget {
    pub url: String,
    /// Width and height for images.
    pub size: Option<(u32, u32)>,
}

/// A heading, for the table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// The first image on a page, for news cards.
#[derive(Debug, Clone, Serialize)]
pub struct Thumbnail {
    pub src: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

/// A page's body, rendered.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub summary: String,
    pub toc: Vec<TocEntry>,
    pub thumbnail: Option<Thumbnail>,
    pub declarations: Vec<PhotoDeclaration>,
}

struct Ctx<'a> {
    doc: &'a Document,
    targets: &'a LinkTargets<'a>,
    errors: Vec<BuildError>,
}

impl Ctx<'_> {
    fn line(&self, body: &str, offset: usize) -> Option<usize> {
        Some(self.doc.body_line + line_of_offset(body, offset) - 1)
    }

    /// Records a link that leads nowhere; the link is kept as written.
    fn broken_link(&mut self, body: &str, offset: usize, dest: &str, suggestion: Option<String>) -> String {
        let line = self.line(body, offset);
        self.errors.push(BuildError::BrokenLink {
            path: self.doc.file.clone(),
            line,
            target: dest.to_string(),
            suggestion,
        });
        dest.to_string()
    }

    /// Resolves a file reference relative to the page's folder (or absolute).
    fn file(&self, reference: &str) -> Option<FileTarget> {
        let reference = reference.split(['#', '?']).next().unwrap_or("");
        if reference.starts_with('/') {
            return self.targets.by_url.get(reference).cloned();
        }
        let path = normalise(&self.doc.dir.join(reference));
        self.targets.files.get(&path).cloned()
    }

    fn page_link(&self, target: &str) -> Result<String, Option<String>> {
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target, None),
        };
        match self.targets.pages.get(path) {
            Some(url) => Ok(match anchor {
                Some(a) => format!("{url}#{a}"),
                None => url.clone(),
            }),
            None => Err(suggest(path, self.targets.pages.keys())),
        }
    }
}

/// Lexically normalises `a/b/../c` and `./a` (the file may not exist).
pub fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

fn suggest<'a>(target: &str, known: impl Iterator<Item = &'a String>) -> Option<String> {
    known
        .map(|k| (strsim::levenshtein(target, k), k))
        .filter(|(d, _)| *d <= 4.max(target.len() / 4))
        .min()
        .map(|(_, k)| format!("@/{k}"))
}

/// True for links that are not files or pages of this site: anchors,
/// protocol-relative addresses and anything with a scheme (`https:`,
/// `mailto:`, `tel:`, `sms:`, `javascript:`…). A `javascript:` link is not a
/// missing page: the audit's `scripts/javascript-link` rule says what it is.
fn is_external(dest: &str) -> bool {
    dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest)
}

/// `scheme:` as browsers read it (RFC 3986 letters, digits, `+-.`), after
/// dropping the spaces and control characters they ignore. One letter is a
/// Windows drive (`C:\…`), not a scheme: that stays a broken link.
fn has_scheme(dest: &str) -> bool {
    let cleaned: String = dest.chars().filter(|c| !c.is_whitespace() && !c.is_control()).take(40).collect();
    let Some((scheme, _)) = cleaned.split_once(':') else { return false };
    scheme.len() >= 2
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Renders a page's Markdown body.
pub fn render(doc: &Document, targets: &LinkTargets<'_>) -> Result<Rendered, Vec<BuildError>> {
    let mut ctx = Ctx { doc, targets, errors: Vec::new() };
    let mut declarations = Vec::new();
    let mut thumbnail = None;
    let body = expand_shortcodes(&mut ctx, &mut declarations, &mut thumbnail);

    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);

    let mut events: Vec<Event<'_>> = Vec::new();
    let mut toc = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    let parser = Parser::new_ext(&body, opts).into_offset_iter();
    let mut iter = parser.peekable();
    while let Some((ev, range)) = iter.next() {
        match ev {
            Event::Start(Tag::Heading { level, id, classes: _, attrs: _ }) => {
                let mut inner = Vec::new();
                let mut text = String::new();
                for (e, _) in iter.by_ref() {
                    if matches!(e, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    if let Event::Text(t) | Event::Code(t) = &e {
                        text.push_str(t);
                    }
                    inner.push(e);
                }
                let base = id.map(|i| i.to_string()).unwrap_or_else(|| {
                    let s = slugify(&text);
                    if s.is_empty() { "section".into() } else { s }
                });
                let mut anchor = base.clone();
                let mut n = 1;
                while !used_ids.insert(anchor.clone()) {
                    anchor = format!("{base}-{n}");
                    n += 1;
                }
                let lvl = heading_number(level);
                toc.push(TocEntry { level: lvl, id: anchor.clone(), title: text.trim().to_string() });
                let mut inner_html = String::new();
                pulldown_cmark::html::push_html(&mut inner_html, inner.into_iter());
                events.push(Event::Html(CowStr::from(format!(
                    "<h{lvl} id=\"{}\">{inner_html}</h{lvl}>\n",
                    escape(&anchor)
                ))));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest = dest_url.to_string();
                let new_dest = if let Some(target) = dest.strip_prefix("@/") {
                    match ctx.page_link(target) {
                        Ok(url) => url,
                        Err(suggestion) => ctx.broken_link(&body, range.start, &dest, suggestion),
                    }
                } else if is_external(&dest) || dest.starts_with('/') {
                    dest.clone()
                } else if dest.ends_with(".md") || dest.contains(".md#") {
                    let rel = normalise(&Path::new(&doc.rel).parent().unwrap_or(Path::new("")).join(&dest));
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    match ctx.page_link(&rel) {
                        Ok(url) => url,
                        Err(suggestion) => ctx.broken_link(&body, range.start, &dest, suggestion),
                    }
                } else {
                    match ctx.file(&dest) {
                        Some(t) => t.url,
                        None => ctx.broken_link(&body, range.start, &dest, None),
                    }
                };
                events.push(Event::Start(Tag::Link { link_type, dest_url: new_dest.into(), title, id }));
            }
            Event::Start(Tag::Image { dest_url, title, .. }) => {
                let mut alt = String::new();
                for (e, _) in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::Image) => break,
                        Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                        _ => {}
                    }
                }
                let src = dest_url.to_string();
                let html = if is_external(&src) {
                    format!("<img src=\"{}\"{} loading=\"lazy\">", escape(&src), alt_attr(&alt))
                } else {
                    match ctx.file(&src) {
                        Some(t) => {
                            let (w, h) = t.size.unwrap_or((0, 0));
                            if thumbnail.is_none() && t.size.is_some() {
                                thumbnail =
                                    Some(Thumbnail { src: t.url.clone(), alt: alt.clone(), width: w, height: h });
                            }
                            img_tag(&t, &alt, (!title.is_empty()).then(|| title.to_string()))
                        }
                        None => {
                            ctx.errors.push(BuildError::MissingImage {
                                path: doc.file.clone(),
                                line: ctx.line(&body, range.start),
                                target: src.clone(),
                            });
                            String::new()
                        }
                    }
                };
                events.push(Event::Html(html.into()));
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if !ctx.errors.is_empty() {
        return Err(ctx.errors);
    }
    let summary = first_paragraph(&html);
    Ok(Rendered { html, summary, toc, thumbnail, declarations })
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// ` alt="…"`, or nothing for `![](photo.jpg)`. Markdown has no way to
/// mark a picture as decoration, so empty brackets mean the author wrote no
/// description, not `alt=""`: left out, the audit asks for one
/// (`alt-text/missing`) instead of passing a photo screen readers skip.
fn alt_attr(alt: &str) -> String {
    if alt.is_empty() { String::new() } else { format!(" alt=\"{}\"", escape(alt)) }
}

fn img_tag(t: &FileTarget, alt: &str, title: Option<String>) -> String {
    let mut s = format!("<img src=\"{}\"{}", escape(&t.url), alt_attr(alt));
    if let Some((w, h)) = t.size {
        s.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    if let Some(title) = title {
        s.push_str(&format!(" title=\"{}\"", escape(&title)));
    }
    s.push_str(" loading=\"lazy\" decoding=\"async\">");
    s
}

fn first_paragraph(html: &str) -> String {
    let Some(start) = html.find("<p>") else { return String::new() };
    match html[start..].find("</p>") {
        Some(end) => html[start..start + end + 4].to_string(),
        None => String::new(),
    }
}

/// Replaces `{{ photo(…) }}` calls with figures, keeping line numbers intact.
fn expand_shortcodes(
    ctx: &mut Ctx<'_>,
    declarations: &mut Vec<PhotoDeclaration>,
    thumbnail: &mut Option<Thumbnail>,
) -> String {
    let body = &ctx.doc.body;
    let calls = shortcodes::find(body);
    if calls.is_empty() {
        return body.clone();
    }
    let mut out = String::with_capacity(body.len() + 256);
    let mut last = 0;
    for call in calls {
        let call = match call {
            Ok(c) => c,
            Err(e) => {
                ctx.errors.push(BuildError::Shortcode {
                    path: ctx.doc.file.clone(),
                    line: ctx.line(body, e.offset),
                    message: e.message,
                });
                continue;
            }
        };
        let line = ctx.line(body, call.start);
        let err = |m: String| BuildError::Shortcode { path: ctx.doc.file.clone(), line, message: m };
        out.push_str(&body[last..call.start]);
        last = call.end;
        let newlines = body[call.start..call.end].matches('\n').count();
        if call.name == "video" {
            match video_figure(ctx, &call, line) {
                Ok((html, decls)) => {
                    declarations.extend(decls);
                    out.push_str(&html);
                    out.push_str(&"\n".repeat(newlines));
                }
                Err(e) => ctx.errors.push(e),
            }
            continue;
        }
        if call.name != "photo" {
            ctx.errors.push(err(format!(
                "there is no shortcode called `{}`; the ones available are `photo` and `video`",
                call.name
            )));
            continue;
        }
        let text = |k: &str| match call.args.get(k) {
            Some(ArgValue::Text(s)) => Some(s.clone()),
            _ => None,
        };
        let Some(src) = text("src") else {
            ctx.errors.push(err("`src` (the photo's file name) is missing".into()));
            continue;
        };
        let known = ["src", "alt", "caption", "people", "no_pupils", "title"];
        if let Some(k) = call.args.keys().find(|k| !known.contains(&k.as_str())) {
            ctx.errors.push(err(format!("`{k}` is not something a photo can have; use {}", known.join(", "))));
            continue;
        }
        let people: Vec<String> = match call.args.get("people") {
            Some(ArgValue::Text(s)) => {
                s.split([',', ';']).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
            }
            Some(ArgValue::List(l)) => l.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
            Some(_) => {
                ctx.errors.push(err("`people` must be text like \"HB1001, HB1002\"".into()));
                continue;
            }
            None => Vec::new(),
        };
        let no_pupils = matches!(call.args.get("no_pupils"), Some(ArgValue::Bool(true)));
        if no_pupils && !people.is_empty() {
            ctx.errors.push(err("a photo cannot both name `people` and say `no_pupils=true`".into()));
            continue;
        }
        let Some(target) = ctx.file(&src) else {
            ctx.errors.push(BuildError::MissingImage { path: ctx.doc.file.clone(), line, target: src });
            continue;
        };
        let alt = text("alt");
        if thumbnail.is_none()
            && let Some((w, h)) = target.size
        {
            *thumbnail =
                Some(Thumbnail { src: target.url.clone(), alt: alt.clone().unwrap_or_default(), width: w, height: h });
        }
        declarations.push(PhotoDeclaration {
            src: target.url.clone(),
            people,
            no_pupils,
            source: Some(SourceRef { path: ctx.doc.file.clone(), line }),
        });
        // A missing alt is left missing on purpose: the audit reports it
        // with the rest, rather than the build inventing one.
        let mut img = format!("<img src=\"{}\"", escape(&target.url));
        if let Some(a) = &alt {
            img.push_str(&format!(" alt=\"{}\"", escape(a)));
        }
        if let Some((w, h)) = target.size {
            img.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
        img.push_str(" loading=\"lazy\" decoding=\"async\">");
        let caption = text("caption").map(|c| format!("<figcaption>{}</figcaption>", escape(&c))).unwrap_or_default();
        // Written on its own line it is an HTML block; padding keeps later
        // line numbers right when the call spanned several lines.
        out.push_str(&format!("<figure class=\"photo\">{img}{caption}</figure>"));
        out.push_str(&"\n".repeat(newlines));
    }
    out.push_str(&body[last..]);
    out
}

/// Who a shortcode says is shown: `people="HB1001, Aisha Khan"` or
/// `no_pupils=true` (never both).
fn declared_people(call: &shortcodes::Call, what: &str) -> Result<(Vec<String>, bool), String> {
    let people: Vec<String> = match call.args.get("people") {
        Some(ArgValue::Text(s)) => {
            s.split([',', ';']).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
        }
        Some(ArgValue::List(l)) => l.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
        Some(_) => return Err("`people` must be text like \"HB1001, HB1002\"".into()),
        None => Vec::new(),
    };
    let no_pupils = matches!(call.args.get("no_pupils"), Some(ArgValue::Bool(true)));
    if no_pupils && !people.is_empty() {
        return Err(format!("a {what} cannot both name `people` and say `no_pupils=true`"));
    }
    Ok((people, no_pupils))
}

/// `{{ video(src=…, caption=…, people=…/no_pupils=true, poster=…) }}` for a
/// video published with the page, or `{{ video(youtube="ID" | vimeo="ID",
/// title=…, people=…/no_pupils=…) }}` for an embed. Who is in it becomes a
/// declaration for the video (and its poster, a frame of it, which goes
/// through the photo pipeline as any photo of the page does); an embed's
/// declaration carries its `https://` address, which is how the audit tells
/// it from a file of the site (see `audit::rules::video`).
fn video_figure(
    ctx: &Ctx<'_>,
    call: &shortcodes::Call,
    line: Option<usize>,
) -> Result<(String, Vec<PhotoDeclaration>), BuildError> {
    let err = |m: String| BuildError::Shortcode { path: ctx.doc.file.clone(), line, message: m };
    let text = |k: &str| match call.args.get(k) {
        Some(ArgValue::Text(s)) => Some(s.trim().to_string()),
        _ => None,
    };
    let known = ["src", "youtube", "vimeo", "poster", "caption", "title", "people", "no_pupils"];
    if let Some(k) = call.args.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(err(format!("`{k}` is not something a video can have; use {}", known.join(", "))));
    }
    let (people, no_pupils) = declared_people(call, "video").map_err(err)?;
    let source = Some(SourceRef { path: ctx.doc.file.clone(), line });
    let declare = |src: String| PhotoDeclaration { src, people: people.clone(), no_pupils, source: source.clone() };
    let caption = text("caption").map(|c| format!("<figcaption>{}</figcaption>", escape(&c))).unwrap_or_default();
    let title = text("title");
    let embed = match (text("src"), text("youtube"), text("vimeo")) {
        (Some(src), None, None) => {
            let target = ctx.file(&src).ok_or_else(|| {
                err(format!("the video `{src}` is not in the page's folder (check the spelling; capitals matter)"))
            })?;
            if !crate::video::VIDEO_EXTENSIONS
                .iter()
                .any(|e| target.url.to_ascii_lowercase().ends_with(&format!(".{e}")))
            {
                return Err(err(format!("`{src}` is not an MP4, MOV or M4V video")));
            }
            let mut decls = vec![declare(target.url.clone())];
            let mut attrs = String::new();
            if let Some(p) = text("poster") {
                let poster = ctx.file(&p).ok_or_else(|| {
                    err(format!(
                        "the poster photo `{p}` is not in the page's folder (check the spelling; capitals matter)"
                    ))
                })?;
                if poster.size.is_none() {
                    return Err(err(format!("the poster `{p}` must be a photo (JPEG, PNG or WebP)")));
                }
                attrs.push_str(&format!(" poster=\"{}\"", escape(&poster.url)));
                if let Some((w, h)) = poster.size {
                    attrs.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
                }
                decls.push(declare(poster.url.clone()));
            }
            if let Some(t) = &title {
                attrs.push_str(&format!(" aria-label=\"{}\"", escape(t)));
            }
            let html = format!(
                "<figure class=\"video\"><video controls preload=\"metadata\"{attrs}><source src=\"{}\" type=\"{}\"><a href=\"{}\">Download the video</a></video>{caption}</figure>",
                escape(&target.url),
                if target.url.to_ascii_lowercase().ends_with(".mov") { "video/quicktime" } else { "video/mp4" },
                escape(&target.url),
            );
            return Ok((html, decls));
        }
        (None, Some(id), None) if valid_id(&id, |c| c.is_ascii_alphanumeric() || c == '_' || c == '-') => {
            format!("https://www.youtube-nocookie.com/embed/{id}")
        }
        (None, None, Some(id)) if valid_id(&id, |c| c.is_ascii_digit()) => {
            format!("https://player.vimeo.com/video/{id}")
        }
        (None, Some(_), None) | (None, None, Some(_)) => {
            return Err(err(
                "the video id is not valid: give only the id, like youtube=\"dQw4w9WgXcQ\" or vimeo=\"76979871\""
                    .into(),
            ));
        }
        _ => {
            return Err(err(
                "a video needs exactly one of `src` (a video file of the page), `youtube` or `vimeo`".into()
            ));
        }
    };
    if text("poster").is_some() {
        return Err(err("`poster` is for video files of the page; YouTube and Vimeo show their own".into()));
    }
    let Some(title) = title else {
        return Err(err("an embedded video needs a `title` (screen readers announce it)".into()));
    };
    let html = format!(
        "<figure class=\"video\"><iframe src=\"{}\" title=\"{}\" loading=\"lazy\" allow=\"fullscreen; picture-in-picture\" allowfullscreen></iframe>{caption}</figure>",
        escape(&embed),
        escape(&title),
    );
    Ok((html, vec![declare(embed)]))
}

fn valid_id(id: &str, ok: impl Fn(char) -> bool) -> bool {
    (4..=32).contains(&id.len()) && id.chars().all(ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_with_a_scheme_are_not_pages_of_the_site() {
        for dest in [
            "https://x.org",
            "MAILTO:a@b",
            "tel:01632960000",
            "sms:07700900123",
            "javascript:alert(1)",
            " java\tscript:x",
            "webcal://x",
        ] {
            assert!(is_external(dest), "{dest}");
        }
        for dest in ["news/sports-day.md", "@/contact.md", "C:/Users/office/letter.pdf", "../a:b", "letter.pdf"] {
            assert!(!is_external(dest), "{dest}");
        }
    }
    use crate::content::FrontMatter;

    fn doc(body: &str) -> Document {
        Document {
            file: PathBuf::from("content/news/sports-day/index.md"),
            rel: "news/sports-day/index.md".into(),
            front: FrontMatter::default(),
            body: body.into(),
            body_line: 5,
            url: "/news/sports-day/".into(),
            title: "Sports day".into(),
            date: None,
            dir: PathBuf::from("content/news/sports-day"),
        }
    }

    fn targets() -> (HashMap<String, String>, HashMap<PathBuf, FileTarget>, HashMap<String, FileTarget>) {
        let pages = HashMap::from([("contact.md".to_string(), "/contact/".to_string())]);
        let relay = FileTarget { url: "/news/sports-day/relay.jpg".into(), size: Some((1600, 1067)) };
        let pdf = FileTarget { url: "/news/sports-day/letter.pdf".into(), size: None };
        let files = HashMap::from([
            (PathBuf::from("content/news/sports-day/relay.jpg"), relay.clone()),
            (PathBuf::from("content/news/sports-day/letter.pdf"), pdf),
            (
                PathBuf::from("content/news/sports-day/race.mp4"),
                FileTarget { url: "/news/sports-day/race.mp4".into(), size: None },
            ),
        ]);
        let by_url = HashMap::from([("/news/sports-day/relay.jpg".to_string(), relay)]);
        (pages, files, by_url)
    }

    fn run(body: &str) -> Result<Rendered, Vec<BuildError>> {
        let (pages, files, by_url) = targets();
        render(&doc(body), &LinkTargets { pages: &pages, files: &files, by_url: &by_url })
    }

    #[test]
    fn links_images_and_headings() {
        let r = run("## Results\n\nSee [us](@/contact.md#office) and the [letter](letter.pdf).\n\n![Relay](relay.jpg)\n\n## Results\n").unwrap();
        assert!(r.html.contains("<h2 id=\"results\">Results</h2>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"results-1\">"));
        assert!(r.html.contains("href=\"/contact/#office\""));
        assert!(r.html.contains("href=\"/news/sports-day/letter.pdf\""));
        assert!(
            r.html.contains("<img src=\"/news/sports-day/relay.jpg\" alt=\"Relay\" width=\"1600\" height=\"1067\"")
        );
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.thumbnail.unwrap().width, 1600);
    }

    #[test]
    fn broken_links_name_the_line_and_suggest() {
        let errs = run("Intro\n\nSee [us](@/contcat.md).\n").unwrap_err();
        match &errs[0] {
            BuildError::BrokenLink { line, suggestion, .. } => {
                assert_eq!(*line, Some(7));
                assert_eq!(suggestion.as_deref(), Some("@/contact.md"));
            }
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn video_shortcode_declares_the_video_and_its_poster() {
        let r = run("{{ video(src=\"race.mp4\", poster=\"relay.jpg\", title=\"Relay\", caption=\"Final\", people=\"HB1001\") }}")
            .unwrap();
        assert!(
            r.html
                .contains("<video controls preload=\"metadata\" poster=\"/news/sports-day/relay.jpg\" width=\"1600\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("<source src=\"/news/sports-day/race.mp4\" type=\"video/mp4\">"), "{}", r.html);
        let srcs: Vec<&str> = r.declarations.iter().map(|d| d.src.as_str()).collect();
        assert_eq!(srcs, ["/news/sports-day/race.mp4", "/news/sports-day/relay.jpg"]);
        assert!(r.declarations.iter().all(|d| d.people == ["HB1001"]));
        assert!(!r.html.contains("HB1001"), "tags are never published");

        let r = run("{{ video(youtube=\"dQw4w9WgXcQ\", title=\"Tour\") }}").unwrap();
        assert!(
            r.html.contains("<iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\" title=\"Tour\""),
            "{}",
            r.html
        );
        assert_eq!(r.declarations[0].src, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
        assert!(r.declarations[0].people.is_empty() && !r.declarations[0].no_pupils);
        let r = run("{{ video(vimeo=\"76979871\", title=\"Tour\", no_pupils=true) }}").unwrap();
        assert!(r.declarations[0].no_pupils && r.declarations[0].src.starts_with("https://player.vimeo.com/video/"));
    }

    #[test]
    fn bad_video_shortcodes_are_errors_on_their_line() {
        for body in [
            "{{ video(src=\"nope.mp4\") }}",
            "{{ video(src=\"relay.jpg\") }}",
            "{{ video(src=\"race.mp4\", poster=\"letter.pdf\") }}",
            "{{ video(youtube=\"x\\\" onload=\\\"y\", title=\"T\") }}",
            "{{ video(youtube=\"https://youtu.be/dQw4w9WgXcQ\", title=\"T\") }}",
            "{{ video(youtube=\"dQw4w9WgXcQ\") }}",
            "{{ video(youtube=\"dQw4w9WgXcQ\", vimeo=\"1234\", title=\"T\") }}",
            "{{ video(src=\"race.mp4\", people=\"HB1001\", no_pupils=true) }}",
            "{{ video(src=\"race.mp4\", autoplay=true) }}",
        ] {
            let errs = run(&format!("Intro\n\n{body}")).unwrap_err();
            assert!(matches!(&errs[0], BuildError::Shortcode { line: Some(7), .. }), "{body}: {errs:?}");
        }
    }

    #[test]
    fn photo_shortcode_becomes_a_figure_and_a_declaration() {
        let r = run("Text\n\n{{ photo(src=\"relay.jpg\", alt=\"Relay race\", caption=\"Year 4 & 5\", people=\"HB1001, HB1002\") }}\n\n[x](@/nowhere.md)").unwrap_err();
        // The broken link after a shortcode is still reported on its real line.
        assert!(matches!(&r[0], BuildError::BrokenLink { line: Some(9), .. }), "{r:?}");
        let r = run(
            "{{ photo(src=\"relay.jpg\", alt=\"Relay race\", caption=\"Year 4 & 5\", people=\"HB1001, HB1002\") }}",
        )
        .unwrap();
        assert!(
            r.html.contains(
                "<figure class=\"photo\"><img src=\"/news/sports-day/relay.jpg\" alt=\"Relay race\" width=\"1600\""
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("<figcaption>Year 4 &amp; 5</figcaption>"));
        assert_eq!(r.declarations[0].people, vec!["HB1001", "HB1002"]);
        assert!(!r.html.contains("HB1001"), "tags are never published");
    }

    #[test]
    fn missing_photo_and_bad_shortcodes_are_errors() {
        let errs = run("{{ photo(src=\"nope.jpg\", alt=\"x\") }}\n{{ gallery(src=\"a\") }}\n{{ photo(src=\"relay.jpg\", people=\"A\", no_pupils=true) }}").unwrap_err();
        assert!(matches!(&errs[0], BuildError::MissingImage { line: Some(5), .. }), "{errs:?}");
        assert!(matches!(&errs[1], BuildError::Shortcode { line: Some(6), .. }));
        assert!(matches!(&errs[2], BuildError::Shortcode { .. }));
    }
}

//! Rendering: loaded content + templates → the rendered site model.
//!
//! Markdown bodies are rendered in parallel first (they are independent),
//! then every page and section goes through its Tera template in parallel.
//! Lists (news pages, menus, feeds, sitemap) are built from the loaded
//! content, so they are always complete and in the right order.

pub mod markdown;
pub mod shortcodes;
pub mod templates;

use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};
use tera::{Context, Tera};

use crate::config::Config;
use crate::content::{Content, Document, SortBy};
use crate::error::BuildError;
use crate::escape::html as escape;
use crate::site::{Page, PhotoDeclaration, SourceRef};
use markdown::{Rendered, Thumbnail};

/// A menu entry.
#[derive(Debug, Clone, Serialize)]
pub struct MenuItem {
    pub title: String,
    pub url: String,
    pub children: Vec<Link>,
}

/// A title and a URL.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A page as listed in a section, card or feed.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub title: String,
    pub url: String,
    pub description: String,
    pub date: String,
    pub date_display: String,
    pub summary: String,
    pub thumbnail: Option<Thumbnail>,
    pub extra: Value,
}

/// Non-HTML files produced by rendering (feeds, sitemap, robots.txt).
#[derive(Debug, Clone)]
pub struct GeneratedFile {
    pub url: String,
    pub bytes: Arc<[u8]>,
}

/// Everything rendering produces.
#[derive(Debug, Default)]
pub struct RenderOutput {
    pub pages: Vec<Page>,
    pub files: Vec<GeneratedFile>,
}

fn display_date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%A %-d %B %Y").to_string()).unwrap_or_default()
}

fn iso(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()
}

fn extra(doc: &Document) -> Value {
    serde_json::to_value(&doc.front.extra).unwrap_or(Value::Null)
}

struct Site<'a> {
    config: &'a Config,
    content: &'a Content,
    page_bodies: Vec<Rendered>,
    section_bodies: Vec<Rendered>,
    tera: &'a Tera,
    base: Context,
    today: NaiveDate,
}

/// Renders the whole site. `targets` resolves links; `today` decides which
/// events are upcoming.
pub fn render_site(
    config: &Config,
    content: &Content,
    tera: &Tera,
    targets: &markdown::LinkTargets<'_>,
    today: NaiveDate,
) -> Result<RenderOutput, Vec<BuildError>> {
    // 1. Markdown, in parallel.
    let pages: Vec<Result<Rendered, Vec<BuildError>>> =
        content.pages.par_iter().map(|p| markdown::render(&p.doc, targets)).collect();
    let sections: Vec<Result<Rendered, Vec<BuildError>>> =
        content.sections.par_iter().map(|s| markdown::render(&s.doc, targets)).collect();
    let mut errors = Vec::new();
    let mut ok = |r: Result<Rendered, Vec<BuildError>>| match r {
        Ok(r) => r,
        Err(e) => {
            errors.extend(e);
            Rendered::default()
        }
    };
    let page_bodies: Vec<Rendered> = pages.into_iter().map(&mut ok).collect();
    let section_bodies: Vec<Rendered> = sections.into_iter().map(&mut ok).collect();
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut base = Context::new();
    base.insert("config", &config_value(config));
    base.insert("menu", &menu(content));
    base.insert("now_year", &today.format("%Y").to_string());
    base.insert("today", &iso(Some(today)));
    let feed_section = content.sections.iter().find(|s| s.doc.front.sort_by == Some(SortBy::Date));
    base.insert("feed_url", &feed_section.map(|s| format!("{}atom.xml", s.doc.url)).unwrap_or_default());
    let site = Site { config, content, page_bodies, section_bodies, tera, base, today };

    // 2. Templates, in parallel.
    let page_results: Vec<Result<Page, BuildError>> =
        (0..content.pages.len()).into_par_iter().map(|i| site.render_page(i)).collect();
    let section_results: Vec<Result<Vec<Page>, BuildError>> =
        (0..content.sections.len()).into_par_iter().map(|i| site.render_section(i)).collect();
    let mut out = RenderOutput::default();
    for r in page_results {
        match r {
            Ok(p) => out.pages.push(p),
            Err(e) => errors.push(e),
        }
    }
    for r in section_results {
        match r {
            Ok(p) => out.pages.extend(p),
            Err(e) => errors.push(e),
        }
    }
    if site.tera.get_template_names().any(|n| n == "404.html") {
        let mut ctx = site.base.clone();
        ctx.insert("current_url", "/404.html");
        match site.tera.render("404.html", &ctx) {
            Ok(html) => out.pages.push(Page {
                url: "/404.html".into(),
                html,
                source: None,
                photo_declarations: vec![],
                shared_to: vec![],
            }),
            Err(e) => errors.push(BuildError::Template {
                template: "404.html".into(),
                page: None,
                message: templates::chain(&e),
            }),
        }
    }
    match site.aliases() {
        Ok(pages) => out.pages.extend(pages),
        Err(e) => errors.extend(e),
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let generated = site.sitemap().and_then(|sitemap| Ok((sitemap, site.feeds()?)));
    match generated {
        Ok((sitemap, feeds)) => {
            out.files.push(sitemap);
            out.files.push(site.robots());
            out.files.extend(feeds);
        }
        Err(e) => return Err(vec![e]),
    }
    Ok(out)
}

fn config_value(config: &Config) -> Value {
    let s = &config.school;
    json!({
        "title": config.site_title(),
        "base_url": config.site.base_url.trim_end_matches('/'),
        "language": config.site.language,
        "school": {
            "name": s.name,
            "urn": s.urn,
            "type": format!("{:?}", s.school_type).to_lowercase(),
            "phase": format!("{:?}", s.phase).to_lowercase(),
            "contact": s.contact,
        },
        "extra": config.site.extra,
    })
}

/// Most entries a menu dropdown shows.
const MAX_MENU_CHILDREN: usize = 16;

/// Top-level sections (unless `in_menu = false`) and top-level pages that ask
/// for it (`in_menu = true`), by weight.
fn menu(content: &Content) -> Vec<MenuItem> {
    let Some(root) = content.sections.iter().position(|s| s.parent.is_none()) else { return vec![] };
    let root = &content.sections[root];
    let mut items: Vec<(i64, MenuItem)> = Vec::new();
    for &si in &root.subsections {
        let s = &content.sections[si];
        if s.doc.front.in_menu == Some(false) {
            continue;
        }
        let mut children: Vec<Link> = s
            .subsections
            .iter()
            .map(|&c| &content.sections[c].doc)
            .map(|d| Link { title: d.front.menu_title.clone().unwrap_or(d.title.clone()), url: d.url.clone() })
            .collect();
        if s.doc.front.sort_by != Some(SortBy::Date) {
            children.extend(
                s.pages
                    .iter()
                    .map(|&p| &content.pages[p].doc)
                    .filter(|d| d.front.in_menu != Some(false))
                    .map(|d| Link { title: d.front.menu_title.clone().unwrap_or(d.title.clone()), url: d.url.clone() }),
            );
        }
        // A dropdown longer than this is unusable, and because every page
        // carries the menu, a long one makes the whole site quadratic in
        // size. The section's own page lists everything.
        children.truncate(MAX_MENU_CHILDREN);
        items.push((
            s.doc.front.weight.unwrap_or(i64::MAX),
            MenuItem {
                title: s.doc.front.menu_title.clone().unwrap_or(s.doc.title.clone()),
                url: s.doc.url.clone(),
                children,
            },
        ));
    }
    for &pi in &root.pages {
        let d = &content.pages[pi].doc;
        if d.front.in_menu == Some(true) {
            items.push((
                d.front.weight.unwrap_or(i64::MAX),
                MenuItem {
                    title: d.front.menu_title.clone().unwrap_or(d.title.clone()),
                    url: d.url.clone(),
                    children: vec![],
                },
            ));
        }
    }
    items.sort_by_key(|(w, _)| *w);
    items.into_iter().map(|(_, m)| m).collect()
}

impl Site<'_> {
    fn summary(&self, i: usize) -> Summary {
        let p = &self.content.pages[i];
        let body = &self.page_bodies[i];
        Summary {
            title: p.doc.title.clone(),
            url: p.doc.url.clone(),
            description: p.doc.front.description.clone().unwrap_or_default(),
            date: iso(p.doc.date),
            date_display: display_date(p.doc.date),
            summary: body.summary.clone(),
            thumbnail: body.thumbnail.clone(),
            extra: extra(&p.doc),
        }
    }

    fn breadcrumbs(&self, mut section: Option<usize>) -> Vec<Link> {
        let mut crumbs = Vec::new();
        while let Some(s) = section {
            let d = &self.content.sections[s].doc;
            crumbs.push(Link { title: d.title.clone(), url: d.url.clone() });
            section = self.content.sections[s].parent;
        }
        crumbs.reverse();
        crumbs
    }

    fn permalink(&self, url: &str) -> String {
        format!("{}{url}", self.config.site.base_url.trim_end_matches('/'))
    }

    fn render(&self, template: &str, ctx: &Context, file: &std::path::Path) -> Result<String, BuildError> {
        self.tera.render(template, ctx).map_err(|e| BuildError::Template {
            template: template.to_string(),
            page: Some(file.to_path_buf()),
            message: templates::chain(&e),
        })
    }

    fn render_page(&self, i: usize) -> Result<Page, BuildError> {
        let p = &self.content.pages[i];
        let body = &self.page_bodies[i];
        let section = &self.content.sections[p.section];
        let siblings = &section.pages;
        let pos = siblings.iter().position(|&x| x == i);
        let link = |j: usize| {
            let d = &self.content.pages[j].doc;
            Link { title: d.title.clone(), url: d.url.clone() }
        };
        let previous = pos.and_then(|k| k.checked_sub(1)).map(|k| link(siblings[k]));
        let next = pos.and_then(|k| siblings.get(k + 1)).map(|&j| link(j));
        let mut ctx = self.base.clone();
        ctx.insert("current_url", &p.doc.url);
        ctx.insert(
            "page",
            &json!({
                "title": p.doc.title,
                "description": p.doc.front.description.clone().unwrap_or_default(),
                "date": iso(p.doc.date),
                "date_display": display_date(p.doc.date),
                "url": p.doc.url,
                "permalink": self.permalink(&p.doc.url),
                "content": body.html,
                "summary": body.summary,
                "toc": body.toc,
                "breadcrumbs": self.breadcrumbs(Some(p.section)),
                "extra": extra(&p.doc),
                "previous": previous,
                "next": next,
            }),
        );
        ctx.insert("section", &Link { title: section.doc.title.clone(), url: section.doc.url.clone() });
        let template = p
            .doc
            .front
            .template
            .clone()
            .or_else(|| section.doc.front.page_template.clone())
            .unwrap_or_else(|| "page.html".into());
        let html = self.render(&template, &ctx, &p.doc.file)?;
        Ok(Page {
            url: p.doc.url.clone(),
            html,
            source: Some(SourceRef::file(&p.doc.file)),
            photo_declarations: body.declarations.clone(),
            shared_to: p.doc.front.shared_to.clone(),
        })
    }

    fn render_section(&self, si: usize) -> Result<Vec<Page>, BuildError> {
        let s = &self.content.sections[si];
        let body = &self.section_bodies[si];
        let template = s
            .doc
            .front
            .template
            .clone()
            .unwrap_or_else(|| if s.parent.is_none() { "index.html".into() } else { "section.html".into() });
        let subsections: Vec<Value> = s
            .subsections
            .iter()
            .map(|&c| {
                let d = &self.content.sections[c].doc;
                json!({"title": d.title, "url": d.url, "description": d.front.description.clone().unwrap_or_default()})
            })
            .collect();
        let per_page = s.doc.front.paginate_by.filter(|n| *n > 0).unwrap_or(usize::MAX);
        let chunks: Vec<&[usize]> = if s.pages.is_empty() { vec![&[]] } else { s.pages.chunks(per_page).collect() };
        let number_pagers = chunks.len();
        let pager_url = |k: usize| if k == 1 { s.doc.url.clone() } else { format!("{}page/{k}/", s.doc.url) };
        let mut out = Vec::with_capacity(chunks.len());
        for (k, chunk) in chunks.iter().enumerate() {
            let index = k + 1;
            let url = pager_url(index);
            let mut ctx = self.base.clone();
            ctx.insert("current_url", &url);
            let summaries: Vec<Summary> = chunk.iter().map(|&i| self.summary(i)).collect();
            ctx.insert(
                "section",
                &json!({
                    "title": s.doc.title,
                    "description": s.doc.front.description.clone().unwrap_or_default(),
                    "url": s.doc.url,
                    "permalink": self.permalink(&s.doc.url),
                    "content": body.html,
                    "breadcrumbs": self.breadcrumbs(s.parent),
                    "extra": extra(&s.doc),
                    "pages": summaries,
                    "subsections": subsections,
                    "toc": body.toc,
                }),
            );
            let paginator = (per_page != usize::MAX).then(|| {
                json!({
                    "current_index": index,
                    "number_pagers": number_pagers,
                    "previous": (index > 1).then(|| pager_url(index - 1)),
                    "next": (index < number_pagers).then(|| pager_url(index + 1)),
                    "pages": (1..=number_pagers).map(|n| json!({"index": n, "url": pager_url(n)})).collect::<Vec<_>>(),
                })
            });
            ctx.insert("paginator", &paginator);
            if s.parent.is_none() {
                ctx.insert("latest_news", &self.latest_news(5));
                ctx.insert("upcoming_events", &self.upcoming_events(5));
            } else {
                // The events list splits "coming up" from past events with it.
                ctx.insert("upcoming_events", &self.upcoming_events(usize::MAX));
            }
            let html = self.render(&template, &ctx, &s.doc.file)?;
            let declarations: Vec<PhotoDeclaration> = if index == 1 { body.declarations.clone() } else { vec![] };
            let shared_to = if index == 1 { s.doc.front.shared_to.clone() } else { vec![] };
            out.push(Page {
                url,
                html,
                source: Some(SourceRef::file(&s.doc.file)),
                photo_declarations: declarations,
                shared_to,
            });
        }
        Ok(out)
    }

    fn dated_section(&self, url: &str) -> Option<&crate::content::Section> {
        self.content.sections.iter().find(|s| s.doc.url == url)
    }

    fn latest_news(&self, n: usize) -> Vec<Summary> {
        let news = self
            .dated_section("/news/")
            .or_else(|| self.content.sections.iter().find(|s| s.doc.front.sort_by == Some(SortBy::Date)));
        news.map(|s| s.pages.iter().take(n).map(|&i| self.summary(i)).collect()).unwrap_or_default()
    }

    fn upcoming_events(&self, n: usize) -> Vec<Summary> {
        let Some(events) = self.dated_section("/events/") else { return vec![] };
        let mut upcoming: Vec<usize> = events
            .pages
            .iter()
            .copied()
            .filter(|&i| self.content.pages[i].doc.date.is_some_and(|d| d >= self.today))
            .collect();
        upcoming.sort_by_key(|&i| self.content.pages[i].doc.date);
        upcoming.into_iter().take(n).map(|i| self.summary(i)).collect()
    }

    /// Old addresses (`aliases`) answer with a redirect to the new one. An
    /// alias becomes a file in the output folder, so one that is not a
    /// [`SitePath`] (`../../x`, `C:/x`, `%2e%2e`) is an error naming it.
    fn aliases(&self) -> Result<Vec<Page>, Vec<BuildError>> {
        let docs = self.content.pages.iter().map(|p| &p.doc).chain(self.content.sections.iter().map(|s| &s.doc));
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for d in docs {
            for alias in &d.front.aliases {
                let mut url = match crate::guard::SitePath::parse(alias) {
                    Ok(u) => u.as_str().to_string(),
                    Err(problem) => {
                        errors.push(BuildError::UnsafePath {
                            file: Some(d.file.clone()),
                            line: crate::content::front_matter::field_line(&d.file, "aliases", alias),
                            field: "alias".into(),
                            value: alias.clone(),
                            problem: problem.to_string(),
                        });
                        continue;
                    }
                };
                if !url.ends_with('/') && !url.ends_with(".html") {
                    url.push('/');
                }
                let target = escape(&d.url);
                let html = format!(
                    "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>Moved</title><link rel=\"canonical\" href=\"{target}\"><meta http-equiv=\"refresh\" content=\"0; url={target}\"></head><body><p>This page has moved to <a href=\"{target}\">{target}</a>.</p></body></html>",
                    self.config.site.language
                );
                out.push(Page {
                    url,
                    html,
                    source: Some(SourceRef::file(&d.file)),
                    photo_declarations: vec![],
                    shared_to: vec![],
                });
            }
        }
        if errors.is_empty() { Ok(out) } else { Err(errors) }
    }

    /// A generated file (sitemap, feed) through its template; errors name
    /// the template, as no one page is to blame.
    fn generate(&self, template: &str, ctx: &Context, url: String) -> Result<GeneratedFile, BuildError> {
        let text = self.tera.render(template, ctx).map_err(|e| BuildError::Template {
            template: template.to_string(),
            page: None,
            message: templates::chain(&e),
        })?;
        Ok(GeneratedFile { url, bytes: text.into_bytes().into() })
    }

    /// `/sitemap.xml` through the `sitemap.xml` template: every page and
    /// section, sorted by URL.
    fn sitemap(&self) -> Result<GeneratedFile, BuildError> {
        let mut entries: Vec<(&str, Option<NaiveDate>)> = self
            .content
            .sections
            .iter()
            .map(|s| (s.doc.url.as_str(), s.doc.date))
            .chain(self.content.pages.iter().map(|p| (p.doc.url.as_str(), p.doc.date)))
            .collect();
        entries.sort();
        let entries: Vec<Value> = entries
            .into_iter()
            .map(|(url, date)| json!({"url": url, "permalink": self.permalink(url), "lastmod": iso(date)}))
            .collect();
        let mut ctx = self.base.clone();
        ctx.insert("current_url", "/sitemap.xml");
        ctx.insert("entries", &entries);
        self.generate("sitemap.xml", &ctx, "/sitemap.xml".into())
    }

    fn robots(&self) -> GeneratedFile {
        let text = format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", self.permalink("/sitemap.xml"));
        GeneratedFile { url: "/robots.txt".into(), bytes: text.into_bytes().into() }
    }

    /// An Atom feed for every section listed newest first (news), through
    /// the `atom.xml` template: the newest 20 pages.
    fn feeds(&self) -> Result<Vec<GeneratedFile>, BuildError> {
        let mut out = Vec::new();
        for s in self.content.sections.iter().filter(|s| s.doc.front.sort_by == Some(SortBy::Date)) {
            let updated = s.pages.iter().filter_map(|&i| self.content.pages[i].doc.date).max().unwrap_or(self.today);
            let url = format!("{}atom.xml", s.doc.url);
            let entries: Vec<Value> = s
                .pages
                .iter()
                .take(20)
                .map(|&i| {
                    let p = &self.content.pages[i];
                    json!({
                        "title": p.doc.title,
                        "permalink": self.permalink(&p.doc.url),
                        "updated": iso(Some(p.doc.date.unwrap_or(updated))),
                        "summary": self.page_bodies[i].summary,
                    })
                })
                .collect();
            let mut ctx = self.base.clone();
            ctx.insert("current_url", &url);
            ctx.insert(
                "section",
                &json!({"title": s.doc.title, "url": s.doc.url, "permalink": self.permalink(&s.doc.url)}),
            );
            ctx.insert("feed", &json!({"permalink": self.permalink(&url), "updated": iso(Some(updated))}));
            ctx.insert("entries", &entries);
            out.push(self.generate("atom.xml", &ctx, url)?);
        }
        Ok(out)
    }
}

//! `schoolgate build`, step by step: config → private data → content →
//! photos and files → render → (audit, by the caller) → write.
//!
//! [`build_site`] stops before the audit and never touches the output
//! folder: it returns the rendered site in memory, so the caller can audit
//! it and write it only if it passed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::audit::{Origin, Session};
use crate::config::Config;
use crate::content::{self, Content};
use crate::documents::strip::Stripped;
use crate::error::BuildError;
use crate::guard::{self, SitePath};
use crate::images::{self, ImageCache};
use crate::metadata;
use crate::output::{OutputFile, Payload};
use crate::progress::Progress;
use crate::register::{self, ConsentRegister, StaffList};
use crate::render::{self, markdown::FileTarget, markdown::LinkTargets};
use crate::site::{Asset, AssetKind, RenderedSite, SourceRef};

/// Folder (under the site root) for caches and the output manifest. It is
/// never published.
pub const STATE_DIR: &str = ".schoolgate";

/// Counts for the closing summary line.
#[derive(Debug, Default, Clone)]
pub struct BuildStats {
    pub pages: usize,
    pub files: usize,
    pub photos_prepared: usize,
    pub photos_cached: usize,
    pub seconds: f64,
}

/// A site built in memory, not yet audited or written.
#[derive(Debug)]
pub struct Built {
    pub root: PathBuf,
    pub config: Config,
    pub site: RenderedSite,
    pub register: Option<ConsentRegister>,
    pub staff: Option<StaffList>,
    pub stats: BuildStats,
    /// Findings the build made itself (a document it could not clean,
    /// `document-metadata/not-stripped`); the audit reports them.
    pub findings: Vec<crate::audit::Finding>,
}

impl Built {
    /// The audit of this site: profile, register, staff list, settings,
    /// approvals and face cache from its config and state folder. Fails
    /// when the approvals file sits where it would be published.
    pub fn session(&self, today: NaiveDate) -> Result<Session, BuildError> {
        let mut session = Session::from_config(
            Origin::OwnBuild,
            &self.config,
            &self.root,
            self.register.clone(),
            self.staff.clone(),
            today,
        );
        session.state_dir = Some(self.root.join(STATE_DIR));
        session.producer_findings.extend(self.findings.iter().cloned());
        session.approvals_file = Some(crate::approvals::Approvals::path(&self.root, &self.config)?);
        Ok(session)
    }

    /// The output folder: `--out` if given, else the config's.
    pub fn output_dir(&self, out: Option<&Path>) -> PathBuf {
        out.map(Path::to_path_buf).unwrap_or_else(|| self.root.join(&self.config.site.output_dir))
    }
}

/// Builds the site at `root` in memory.
pub fn build_site(root: &Path, today: NaiveDate, progress: &Progress) -> Result<Built, Vec<BuildError>> {
    let started = Instant::now();
    let config = Config::load(root).map_err(|e| vec![e])?;
    let content_dir = root.join(&config.site.content_dir);
    let template_dir = root.join(&config.site.template_dir);

    // Private data must sit apart from every published folder (after
    // resolving symlinks), and no symlink in a published folder may lead
    // to it or out of the site: checked before anything is read.
    let layout = guard::Layout::new(root, &config, None);
    let mut errors = guard::private_never_published(&layout);
    errors.extend(guard::symlinks_stay_inside(&layout));
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut register = None;
    if let Some(settings) = &config.register {
        match register::load_register(settings, root) {
            Ok(r) => register = Some(r),
            Err(e) => errors.push(e),
        }
    }
    // (The waivers file is one of the private places the guard keeps out
    // of every published folder.)
    let mut staff = None;
    if let Some(settings) = &config.staff {
        let path = root.join(&settings.path);
        match register::load_staff(&path) {
            Ok(s) => staff = Some(s),
            Err(e) => errors.push(e),
        }
    }

    progress.step("Reading content");
    let content = match content::load(&content_dir, config.site_title()) {
        Ok(c) => c,
        Err(e) => {
            errors.extend(e);
            Content::default()
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }

    // Every file that is published as it is: content files and static folders.
    let mut sources: Vec<(PathBuf, String)> = content.assets.iter().map(|a| (a.file.clone(), a.url.clone())).collect();
    for dir in [template_dir.join("static"), root.join("static")] {
        sources.extend(static_files(&dir).map_err(|e| vec![e])?);
    }
    sources.retain(|(file, _)| !is_sidecar(file));
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    for (file, url) in &sources {
        if let Some(first) = seen.insert(url, file) {
            errors.push(BuildError::DuplicateUrl {
                url: url.clone(),
                first: first.to_path_buf(),
                second: file.clone(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let photo_count = sources.iter().filter(|(f, _)| is_photo(f)).count();
    let bar = progress.bar(photo_count as u64, "Preparing photos");
    let cache = ImageCache::new(root.join(STATE_DIR).join("images"));
    let prepared: Vec<Result<Published, BuildError>> = sources
        .par_iter()
        .map(|(file, url)| {
            let published = publishable(file, url, &config, register.as_ref(), &cache);
            if is_photo(file) {
                bar.inc(1);
            }
            published
        })
        .collect();
    bar.finish();
    let mut assets = Vec::with_capacity(prepared.len());
    let mut files: HashMap<PathBuf, FileTarget> = HashMap::new();
    let mut by_url: HashMap<String, FileTarget> = HashMap::new();
    let mut stats = BuildStats::default();
    let mut findings = Vec::new();
    for ((file, _), r) in sources.iter().zip(prepared) {
        match r {
            Ok(Published { asset, size, cached, warning }) => {
                findings.extend(warning);
                if size.is_some() {
                    if cached { stats.photos_cached += 1 } else { stats.photos_prepared += 1 }
                }
                let target = FileTarget { url: asset.url.clone(), size };
                files.insert(render::markdown::normalise(file), target.clone());
                by_url.insert(asset.url.clone(), target);
                assets.push(asset);
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    if !template_dir.is_dir() {
        assets.extend(embedded_static());
    }

    progress.step("Rendering pages");
    let tera = render::templates::load(&template_dir).map_err(|e| vec![e])?;
    let targets = LinkTargets { pages: &content.by_rel, files: &files, by_url: &by_url };
    let rendered = render::render_site(&config, &content, &tera, &targets, today)?;
    // Raw HTML in a Markdown page passes through unparsed; the audit parses
    // every page, so refuse one too deep to parse here, naming its file.
    let too_deep: Vec<BuildError> = rendered
        .pages
        .iter()
        .filter_map(|p| {
            let e = crate::depth::html_depth(&p.html).err()?;
            let path = p.source.as_ref().map_or_else(|| PathBuf::from(&p.url), |s| s.path.clone());
            Some(BuildError::TooDeep { path, line: None, message: e.describe("HTML elements") })
        })
        .collect();
    if !too_deep.is_empty() {
        return Err(too_deep);
    }
    for f in rendered.files {
        assets.push(Asset {
            kind: AssetKind::from_path(&f.url),
            url: f.url,
            bytes: f.bytes,
            original_metadata: None,
            source: None,
            text: None,
            original_document: None,
        });
    }
    stats.pages = rendered.pages.len();
    stats.files = assets.len();
    stats.seconds = started.elapsed().as_secs_f64();
    let site = RenderedSite {
        base_url: Some(config.site.base_url.clone()),
        pages: rendered.pages,
        assets,
        ..Default::default()
    };
    // Every address becomes a file: refuse any that would not stay inside
    // the output folder now, before the audit and its reports.
    let unsafe_addresses = unsafe_urls(&site);
    if !unsafe_addresses.is_empty() {
        return Err(unsafe_addresses);
    }
    Ok(Built { root: root.to_path_buf(), config, site, register, staff, stats, findings })
}

/// A file ready to publish, with its display size if it is a photo.
struct Published {
    asset: Asset,
    size: Option<(u32, u32)>,
    /// The photo came from the image cache (no image work done).
    cached: bool,
    /// A document published as it is because cleaning it was not safe.
    warning: Option<crate::audit::Finding>,
}

/// Prepares one file for publication: photos are stripped and sized (people
/// tags from the photo and its `.xmp` sidecar are kept for the audit);
/// every other file is published only if [`crate::publish`] allows it, with
/// its text read for the checks.
fn publishable(
    file: &Path,
    url: &str,
    config: &Config,
    register: Option<&ConsentRegister>,
    cache: &ImageCache,
) -> Result<Published, BuildError> {
    let kind = AssetKind::from_path(url);
    let source = Some(SourceRef::file(file));
    if is_photo(file) {
        crate::publish::check_photo(file)?;
        let img = images::prepare(file, &config.images, cache)?;
        let mut metadata = img.original_metadata;
        for sidecar in metadata::sidecar_paths(file).iter().filter(|p| p.is_file()) {
            let bytes = crate::input::read_input(sidecar, crate::limits::MAX_SETTINGS_BYTES)?;
            let tags = metadata::read_sidecar(&bytes)
                .map_err(|e| BuildError::Image { path: sidecar.clone(), message: e.to_string() })?;
            metadata.merge(tags);
        }
        let asset = Asset {
            url: url.to_string(),
            kind,
            bytes: img.bytes,
            original_metadata: Some(metadata),
            source,
            text: None,
            original_document: None,
        };
        return Ok(Published { asset, size: Some((img.width, img.height)), cached: img.cached, warning: None });
    }
    let mut bytes: Arc<[u8]> = crate::input::read_input(file, crate::limits::MAX_ASSET_BYTES)?.into();
    let text = crate::publish::check_file(file, &bytes, &config.publish, register)?;
    let mut original_document = None;
    let mut original_metadata = None;
    let mut warning = None;
    if crate::publish::extension(file) == "gif" {
        // Comments and XMP (people tags) read for the consent checks, then
        // removed; frames and the animation loop are kept byte for byte.
        let damaged =
            |e: metadata::MetadataError| BuildError::Image { path: file.to_path_buf(), message: e.to_string() };
        original_metadata = Some(metadata::gif::read(&bytes).map_err(damaged)?);
        bytes = metadata::gif::strip(&bytes).map_err(damaged)?.into();
    }
    if crate::publish::is_video(file) {
        // Location, device and people tags read for the consent checks,
        // then their boxes neutralised in place: no re-encoding, no offset
        // moves. A video that cannot be walked safely is refused.
        let refused = |e: crate::video::VideoError| crate::publish::video_refused(file, &e);
        original_metadata = Some(crate::video::read(&bytes).map_err(refused)?.metadata);
        bytes = crate::video::strip(&bytes).map_err(refused)?.into();
    }
    if matches!(kind, AssetKind::Pdf | AssetKind::Document) {
        // Who wrote and commented on it, read before anything is removed.
        original_document = crate::documents::properties::read(&bytes).map(Box::new);
        match crate::documents::strip::strip(&bytes) {
            Stripped::Cleaned(clean) => bytes = clean.into(),
            Stripped::Unchanged | Stripped::NotADocument => {}
            Stripped::NotSafe(why) => warning = Some(not_stripped(url, file, &why)),
        }
    }
    Ok(Published {
        asset: Asset { url: url.to_string(), kind, bytes, original_metadata, source, text, original_document },
        size: None,
        cached: false,
        warning,
    })
}

/// The warning for a document published with its metadata because
/// removing it was not safe.
fn not_stripped(url: &str, file: &Path, why: &str) -> crate::audit::Finding {
    use crate::audit::rules::document_metadata::NOT_STRIPPED;
    crate::audit::Finding::new(
        NOT_STRIPPED,
        crate::audit::Severity::Warning,
        crate::audit::Location::asset(url, Some(&SourceRef::file(file))),
        format!("This document is published with its author and other properties left in it: {why}."),
        "Remove the properties in the program that made it (Word: File > Info > Inspect Document; Acrobat: Remove Hidden Information) before signing or protecting it, or publish an unprotected copy.",
    )
}

/// Sidecar `.xmp` files hold people tags: they are read with their photo and
/// never published.
fn is_sidecar(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xmp"))
}

fn is_photo(path: &Path) -> bool {
    crate::publish::is_photo(path)
}

/// Addresses of pages and files that are not a [`SitePath`], as errors
/// naming the file they came from.
fn unsafe_urls(site: &RenderedSite) -> Vec<BuildError> {
    let pages = site.pages.iter().map(|p| (&p.url, p.source.as_ref()));
    let assets = site.assets.iter().map(|a| (&a.url, a.source.as_ref()));
    pages
        .chain(assets)
        .filter_map(|(url, source)| {
            let problem = SitePath::parse(url).err()?;
            Some(BuildError::UnsafePath {
                file: source.map(|s| s.path.clone()),
                line: None,
                field: "address (from the file's name and folders)".into(),
                value: url.clone(),
                problem: problem.to_string(),
            })
        })
        .collect()
}

fn static_files(dir: &Path) -> Result<Vec<(PathBuf, String)>, BuildError> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    // Symlinks are followed: symlinks_stay_inside has checked where they lead.
    for entry in walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let entry = entry.map_err(|e| BuildError::Read { path: dir.to_path_buf(), source: e.into() })?;
        if entry.file_type().is_file() && !entry.file_name().to_string_lossy().starts_with('.') {
            let rel =
                entry.path().strip_prefix(dir).map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default();
            out.push((entry.path().to_path_buf(), format!("/{rel}")));
        }
    }
    Ok(out)
}

/// Static files of the built-in template, for sites without a
/// `site-template/` folder of their own. They are Schoolgate's own files
/// (stylesheet, logo), so they need no photo preparation.
fn embedded_static() -> Vec<Asset> {
    fn walk(dir: &'static include_dir::Dir<'static>, out: &mut Vec<Asset>) {
        for f in dir.files() {
            let rel =
                f.path().strip_prefix("static").map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default();
            let url = format!("/{rel}");
            out.push(Asset {
                kind: AssetKind::from_path(&url),
                url,
                bytes: f.contents().into(),
                original_metadata: None,
                source: None,
                text: None,
                original_document: None,
            });
        }
        for d in dir.dirs() {
            walk(d, out);
        }
    }
    let mut out = Vec::new();
    if let Some(dir) = render::templates::embedded().get_dir("static") {
        walk(dir, &mut out);
    }
    out
}

/// Where each page and file goes inside the output folder. Takes the site:
/// once audited and reported it is only needed for writing. Every address
/// passes through [`SitePath`], so no file can be placed outside the
/// output folder; one that fails is an error naming its source.
pub fn output_files(site: RenderedSite) -> Result<Vec<OutputFile>, Vec<BuildError>> {
    let errors = unsafe_urls(&site);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut files = Vec::with_capacity(site.pages.len() + site.assets.len());
    for p in site.pages {
        if let Ok(url) = SitePath::parse(&p.url) {
            files.push(OutputFile { rel: url.file(true), bytes: Payload::Text(p.html) });
        }
    }
    for a in site.assets {
        if let Ok(url) = SitePath::parse(&a.url) {
            files.push(OutputFile { rel: url.file(false), bytes: Payload::Shared(a.bytes) });
        }
    }
    Ok(files)
}

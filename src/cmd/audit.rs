//! `schoolgate audit DIR|URL`: the same checks as `build`, on any folder of HTML
//! or on a live website (crawled into the same site model by [`schoolgate::source::crawl`]).

use std::path::{Path, PathBuf};

use crate::cli::AuditArgs;
use schoolgate::approvals::Approvals;
use schoolgate::audit::{Origin, Session};
use schoolgate::config::{Config, RegisterSettings};
use schoolgate::error::{self, BuildError};
use schoolgate::guard::{self, Place};
use schoolgate::progress::Progress;
use schoolgate::register;
use schoolgate::source::crawl;
use schoolgate::source::folder;
use schoolgate::source::live::{self, RenderPlan};
use schoolgate::source::render::{self, Browser, FolderServer, RenderLimits, RenderMode};

use super::{Exit, emit};

pub fn run(args: AuditArgs) -> Exit {
    let here = PathBuf::from(".");
    if let Some(trust) = &args.trust {
        return run_trust(trust, &args);
    }
    if args.target.is_empty() {
        let e = BuildError::Other {
            message: "nothing to audit".into(),
            hint: "Give a folder of HTML, a web address (https://…), or --trust trust.toml.".into(),
        };
        eprint!("{}", error::render(&[e], &here));
        return Exit::InputError;
    }
    let (session, site, shown_root) = match prepare(&args) {
        Ok(p) => p,
        Err(errors) => {
            eprint!("{}", error::render(&errors, &here));
            return Exit::InputError;
        }
    };
    let deny = args.report.deny.is_some() || session.settings.deny_warnings;
    let audited = match session.run(&site) {
        Ok(a) => a,
        Err(e) => {
            eprint!("{}", error::render(&[e], &here));
            return Exit::InputError;
        }
    };
    if let Some(stats) = &audited.face_stats {
        eprintln!("{stats}");
    }
    let site_root = args.config.as_deref().map(|c| c.parent().unwrap_or(Path::new("")).to_path_buf());
    let forbidden = report_forbidden(&args.target, site_root.as_deref());
    if let Err(e) = emit::emit(&audited, &args.report, &site, &shown_root, &forbidden, deny) {
        eprint!("{}", error::render(&[e], &here));
        return Exit::InputError;
    }
    if audited.report.fails(deny) { Exit::AuditFailed } else { Exit::Clean }
}

/// Everything can come from flags, a config file, or both (flags win).
/// Audits every school in a trust file and writes the trust report
/// (JSON, CSV, HTML) into `--output` (a folder; default `trust-report/`
/// beside the trust file). Fails if any school has errors or was not audited.
fn run_trust(path: &Path, args: &AuditArgs) -> Exit {
    let here = PathBuf::from(".");
    let trust = match schoolgate::trust::load_trust(path) {
        Ok(t) => t,
        Err(e) => {
            eprint!("{}", error::render(&[e], &here));
            return Exit::InputError;
        }
    };
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let today = args.report.today.unwrap_or_else(super::today);
    let mut opts = trust.crawl.options(crawl::CrawlOptions::default());
    opts.cache_dir = opts.cache_dir.map(|d| root.join(d));
    let progress = Progress::new(args.quiet);
    let plan = RenderPlan {
        mode: RenderMode::from(args.render),
        browser: Browser::find(),
        limits: RenderLimits {
            timeout: std::time::Duration::from_secs(args.render_timeout),
            ..RenderLimits::default()
        },
    };
    let report = schoolgate::trust::audit_trust(&trust, &root, &opts, &plan, today, &progress);
    let dir = args.report.output.clone().unwrap_or_else(|| root.join("trust-report"));
    let written =
        guard::report_is_private(&dir, "the trust report folder (--output)", &report_forbidden("", Some(&root)))
            .and_then(|()| schoolgate::report::trust::write_reports(&report, &dir));
    match written {
        Ok(files) => {
            for s in &report.schools {
                let errors: usize = s.families.values().map(|c| c.errors).sum();
                let warnings: usize = s.families.values().map(|c| c.warnings).sum();
                match &s.error {
                    Some(e) => println!("{}: not audited ({e})", s.name),
                    None => {
                        let faces = s.face_scan.as_deref().map(|f| format!("; {f}")).unwrap_or_default();
                        let waived = if s.waived > 0 { format!(" ({} waived)", s.waived) } else { String::new() };
                        println!("{}: {} pages, {errors} errors, {warnings} warnings{waived}{faces}", s.name, s.pages)
                    }
                }
            }
            for f in files {
                println!("Wrote {}", f.display());
            }
        }
        Err(e) => {
            eprint!("{}", error::render(&[e], &here));
            return Exit::InputError;
        }
    }
    if report.has_errors() { Exit::AuditFailed } else { Exit::Clean }
}

/// Folders no report may be written into: the audited folder (not a web
/// address), and the published and source folders of the site whose
/// schoolgate.toml is in `site_root`, if there is one.
fn report_forbidden(target: &str, site_root: Option<&Path>) -> Vec<Place> {
    let mut forbidden = Vec::new();
    if !target.is_empty() && Path::new(target).is_dir() {
        forbidden.push(Place::new("the audited folder", PathBuf::from(target), None));
    }
    if let Some(root) = site_root
        && let Ok(config) = Config::load(root)
    {
        forbidden.extend(guard::Layout::new(root, &config, None).report_forbidden());
    }
    forbidden
}

/// Renders a folder audit's JavaScript pages: the folder is served on
/// 127.0.0.1 only for as long as the browser needs it. Files the rendered
/// pages show are already read from the folder; one that is missing is a
/// broken picture or link, which the link checks report.
fn render_folder(
    dir: &Path,
    site: &mut schoolgate::site::RenderedSite,
    mode: RenderMode,
    browser: &Result<Browser, String>,
    limits: &RenderLimits,
) -> Result<Vec<schoolgate::audit::Finding>, BuildError> {
    if !render::wants_render(site, mode) || browser.is_err() {
        // Still records why nothing was rendered (turned off, no browser).
        let base = url::Url::parse("http://127.0.0.1/")
            .map_err(|e| BuildError::Other { message: format!("internal address error: {e}"), hint: String::new() })?;
        return Ok(render::render_site(site, &base, mode, browser.as_ref().map_err(String::as_str), limits).findings);
    }
    let server = FolderServer::start(dir).map_err(|e| BuildError::Other {
        message: format!("could not serve {} on 127.0.0.1 for the browser: {e}", dir.display()),
        hint: "Check that the folder can be read, or audit with --render never.".into(),
    })?;
    let rendered = render::render_site(site, server.url(), mode, browser.as_ref().map_err(String::as_str), limits);
    if let Some(s) = rendered.summary() {
        eprintln!("{s}");
    }
    Ok(rendered.findings)
}

fn is_web_address(target: &str) -> bool {
    target.starts_with("http://") || target.starts_with("https://")
}

/// The session, the site, and the root report paths are shown relative to
/// (the audited folder; the config's folder for a live site).
type Prepared = (Session, schoolgate::site::RenderedSite, PathBuf);

fn prepare(args: &AuditArgs) -> Result<Prepared, Vec<BuildError>> {
    let (mut config, config_root) = match &args.config {
        Some(path) => {
            let text = schoolgate::input::read_text(path, schoolgate::limits::MAX_SETTINGS_BYTES)
                .map_err(|e| vec![BuildError::from(e)])?;
            let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
            (Config::parse(&text, path).map_err(|e| vec![e])?, root)
        }
        None => (Config::default(), PathBuf::from(".")),
    };
    if let Some(t) = args.school_type {
        config.school.school_type = t;
    }
    if let Some(p) = args.phase {
        config.school.phase = p;
    }
    if let Some(urn) = &args.urn {
        config.school.urn = Some(urn.clone());
    }
    let mut errors = Vec::new();
    let register = match (&args.register, &config.register) {
        (Some(path), _) => Some(register::load_register(
            &RegisterSettings { path: path.clone(), ..Default::default() },
            Path::new("."),
        )),
        (None, Some(s)) => Some(register::load_register(s, &config_root)),
        (None, None) => None,
    }
    .and_then(|r| r.map_err(|e| errors.push(e)).ok());
    let staff = match (&args.staff, &config.staff) {
        (Some(path), _) => Some(register::load_staff(path)),
        (None, Some(s)) => Some(register::load_staff(&config_root.join(&s.path))),
        (None, None) => None,
    }
    .and_then(|r| r.map_err(|e| errors.push(e)).ok());
    // `--render always` is a promise to audit what a browser shows: without
    // a browser it cannot be kept, so it is an input error before any work.
    let mode = RenderMode::from(args.render);
    let limits =
        RenderLimits { timeout: std::time::Duration::from_secs(args.render_timeout), ..RenderLimits::default() };
    let browser = Browser::find();
    if let (RenderMode::Always, Err(why)) = (mode, &browser) {
        errors.push(BuildError::Other {
            message: format!("--render always needs headless Chromium, and {why}"),
            hint: format!(
                "Install Chromium (Debian or Ubuntu: sudo apt-get install chromium; macOS or Windows: install Google \
                 Chrome) or set {} to the browser program's path. Or use --render auto.",
                schoolgate::site::CHROMIUM_ENV
            ),
        });
        return Err(errors);
    }
    // What the producer found while reading the site (crawl problems, shortcuts).
    let mut crawl_findings = Vec::new();
    let live = is_web_address(&args.target);
    let site = if live {
        match url::Url::parse(&args.target) {
            // Only after the register and staff list loaded: no point crawling if inputs are wrong.
            Ok(start) if errors.is_empty() => {
                let progress = Progress::new(args.quiet);
                let line = progress.crawl_line("Crawling", None);
                let opts = crawl::CrawlOptions { progress: Some(line.clone()), ..Default::default() };
                let plan = RenderPlan { mode, browser: browser.clone(), limits: limits.clone() };
                let live = live::crawl_and_render(&start, &opts, &plan);
                line.finish_and_clear();
                if let Some(s) = &live.render_summary {
                    eprintln!("{s}");
                }
                crawl_findings = live.findings();
                let site = live.site;
                Some(site)
            }
            Ok(_) => None,
            Err(e) => {
                errors.push(BuildError::Other {
                    message: format!("{} is not a valid web address: {e}", args.target),
                    hint: "Give the site's full address, such as https://www.example.sch.uk/".into(),
                });
                None
            }
        }
    } else {
        match folder::load_folder(Path::new(&args.target)) {
            Ok(loaded) => {
                crawl_findings = loaded.findings;
                let mut site = loaded.site;
                match render_folder(Path::new(&args.target), &mut site, mode, &browser, &limits) {
                    Ok(found) => crawl_findings.extend(found),
                    Err(e) => errors.push(e),
                }
                Some(site)
            }
            Err(e) => {
                errors.push(e);
                None
            }
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let today = args.report.today.unwrap_or_else(super::today);
    let site = site.unwrap_or_default();
    let origin = if live { Origin::Live } else { Origin::Folder };
    let mut session = Session::from_config(origin, &config, &config_root, register, staff, today);
    // Caches and approvals belong to a site's folder: only with --config.
    if args.config.is_some() {
        session.state_dir = Some(config_root.join(schoolgate::source::build::STATE_DIR));
        session.approvals_file = Some(Approvals::path(&config_root, &config).map_err(|e| vec![e])?);
    }
    session.detect_faces &= !args.no_faces;
    session.producer_findings = crawl_findings;
    let shown_root = if live { config_root } else { PathBuf::from(&args.target) };
    Ok((session, site, shown_root))
}

//! Command-line interface. Flag names are part of the contract with CI
//! scripts: do not rename them.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use schoolgate::config::{Phase, SchoolType};
use schoolgate::report::Format;

/// Builds a school's website from Markdown and checks it is safe and
/// complete before anything is published.
#[derive(Debug, Parser)]
#[command(name = "schoolgate", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site, audit it, and publish it only if the audit passes.
    Build(BuildArgs),
    /// Audit a folder of HTML (e.g. exported from another CMS), a live website (https://…), or a whole trust (--trust).
    Audit(AuditArgs),
    /// List the audit rules, or explain one: `schoolgate rules alt-text/missing`.
    Rules {
        /// A rule id to explain.
        id: Option<String>,
    },
    /// Preview the site on this computer, rebuilding when a file changes.
    Serve(ServeArgs),
    /// Create a new site in DIR from the built-in demo school.
    Init {
        /// Folder to create (must be empty or not exist).
        dir: PathBuf,
    },
    /// Start a new news post, event or page with its settings filled in.
    New(NewArgs),
    /// Record that a member of staff approved photos for publication, or
    /// list the photos still waiting (`--pending`).
    Approve(ApproveArgs),
    /// List every published page, photo and document that shows or names a
    /// pupil: the local build (default), a folder (--dir) or a live site (URL).
    Find(FindArgs),
}

/// What fails the run besides errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

/// The lowest severity a report shows (`--min-severity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MinSeverity {
    Info,
    Warning,
    Error,
}

impl From<MinSeverity> for schoolgate::audit::Severity {
    fn from(m: MinSeverity) -> Self {
        match m {
            MinSeverity::Info => Self::Info,
            MinSeverity::Warning => Self::Warning,
            MinSeverity::Error => Self::Error,
        }
    }
}

/// Options shared by `build` and `audit` for reporting.
#[derive(Debug, Args, Clone)]
pub struct ReportArgs {
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    pub format: Format,
    /// Write the report to FILE instead of the terminal.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write a private HTML report (names pupils; never published).
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Make warnings fail the run too.
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,
    /// Leave findings below this severity out of the report (they still
    /// count for the verdict and the exit code).
    #[arg(long, value_enum, default_value_t = MinSeverity::Info)]
    pub min_severity: MinSeverity,
    /// The date to check freshness and consent expiry against (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub today: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's folder (holding schoolgate.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (default: the config's output_dir, `public`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// No progress output.
    #[arg(long, short)]
    pub quiet: bool,
    /// Do not look for faces in photos (see `faces` under [audit]).
    #[arg(long)]
    pub no_faces: bool,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// When to run pages in headless Chromium (`--render`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Render {
    /// Only pages that are JavaScript shells (an app root, script bundles, no text).
    Auto,
    /// Every page (fails with exit code 2 when no browser is found).
    Always,
    /// None: audit the HTML the server sends.
    Never,
}

impl From<Render> for schoolgate::source::render::RenderMode {
    fn from(r: Render) -> Self {
        match r {
            Render::Auto => Self::Auto,
            Render::Always => Self::Always,
            Render::Never => Self::Never,
        }
    }
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Folder of HTML, or a live site's address (https://…), to audit.
    #[arg(default_value = "")]
    pub target: String,
    /// Audit every school listed in a trust file; reports go to --output (a folder).
    #[arg(long, value_name = "trust.toml", conflicts_with_all = ["register", "staff", "config"])]
    pub trust: Option<PathBuf>,
    /// A schoolgate.toml to take the school's profile and lists from.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Consent register (CSV or XLSX).
    #[arg(long, value_name = "FILE")]
    pub register: Option<PathBuf>,
    /// Staff list (CSV).
    #[arg(long, value_name = "FILE")]
    pub staff: Option<PathBuf>,
    #[arg(long, value_enum)]
    pub school_type: Option<SchoolType>,
    #[arg(long, value_enum)]
    pub phase: Option<Phase>,
    /// The school's URN.
    #[arg(long)]
    pub urn: Option<String>,
    /// Do not look for faces in photos.
    #[arg(long)]
    pub no_faces: bool,
    /// No progress line while crawling.
    #[arg(long, short)]
    pub quiet: bool,
    /// Run JavaScript-only sites in headless Chromium (found on the PATH,
    /// or named by SCHOOLGATE_CHROMIUM) and audit what a visitor sees.
    #[arg(long, value_enum, default_value_t = Render::Auto)]
    pub render: Render,
    /// Seconds one page may take in the browser before it is stopped.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub render_timeout: u64,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
}

/// Kinds of new content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    News,
    Event,
    Page,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    pub kind: NewKind,
    /// The title, in quotes: "Sports day".
    pub title: String,
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Date of the post or event (default today).
    #[arg(long)]
    pub date: Option<NaiveDate>,
    /// For pages: the section folder inside content/ (e.g. `about`).
    #[arg(long)]
    pub section: Option<String>,
}

#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// Photos to approve: paths to the files, e.g. content/news/trip/coach.jpg.
    #[arg(required_unless_present = "pending", conflicts_with = "pending")]
    pub photos: Vec<PathBuf>,
    /// Who approved them, as on the staff list: "Mrs A Jones".
    #[arg(long, required_unless_present = "pending")]
    pub by: Option<String>,
    /// List the photos that still need approval, with the pages that use each.
    #[arg(long)]
    pub pending: bool,
    /// The site's folder (holding schoolgate.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// With --pending: do not look for faces (only tagged photos are listed).
    #[arg(long)]
    pub no_faces: bool,
}

/// Output formats of `find`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FindFormat {
    Terminal,
    Json,
    /// A private page for the school office (give --output).
    Html,
}

#[derive(Debug, Args)]
pub struct FindArgs {
    /// The pupil: register id, or full name as on the register ("Ruby Thornton").
    pub pupil: String,
    /// A live site's address (https://…) to search instead of the local build.
    #[arg(value_name = "URL")]
    pub url: Option<String>,
    /// Search a folder of HTML (e.g. the published folder) instead of the local build.
    #[arg(long, value_name = "DIR", conflicts_with = "url")]
    pub dir: Option<PathBuf>,
    /// The site's folder (holding schoolgate.toml, which says where the register is).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Consent register (CSV or XLSX), instead of the one in schoolgate.toml.
    #[arg(long, value_name = "FILE")]
    pub register: Option<PathBuf>,
    /// Staff list (CSV), instead of the one in schoolgate.toml.
    #[arg(long, value_name = "FILE")]
    pub staff: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FindFormat::Terminal)]
    pub format: FindFormat,
    /// Write the list to FILE (never inside a published or source folder: it names the pupil).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The date the build uses (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub today: Option<NaiveDate>,
}

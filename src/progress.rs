//! Progress on long builds, shown only to a person at a terminal.
//!
//! CI logs and `--quiet` get nothing: a progress bar in a log file is noise.

use std::io::IsTerminal;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Shows what the build is doing.
#[derive(Debug, Clone)]
pub struct Progress {
    enabled: bool,
    spinner: ProgressBar,
}

impl Progress {
    /// Visible when stderr is a terminal and not `quiet`.
    pub fn new(quiet: bool) -> Self {
        let enabled = !quiet && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let spinner = if enabled { ProgressBar::new_spinner() } else { ProgressBar::hidden() };
        Self { enabled, spinner }
    }

    /// A progress that never shows (tests, library use).
    pub fn hidden() -> Self {
        Self { enabled: false, spinner: ProgressBar::hidden() }
    }

    pub fn step(&self, message: &str) {
        self.spinner.set_message(message.to_string());
        self.spinner.tick();
    }

    /// A bar for `len` items of work.
    pub fn bar(&self, len: u64, message: &str) -> ProgressBar {
        if !self.enabled || len < 10 {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{msg} {bar:30} {pos}/{len}") {
            bar.set_style(style);
        }
        bar.set_message(message.to_string());
        bar
    }

    /// A line for one site being crawled, `prefix` first (the school's
    /// name in a trust audit, "Crawling" for one site), added to `multi`
    /// when several sites are crawled at once. Hidden when progress is off.
    pub fn crawl_line(&self, prefix: &str, multi: Option<&MultiProgress>) -> ProgressBar {
        if !self.enabled {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new_spinner();
        let bar = match multi {
            Some(m) => m.add(bar),
            None => bar,
        };
        if let Ok(style) = ProgressStyle::with_template("{spinner} {prefix}: {msg}") {
            bar.set_style(style);
        }
        bar.set_prefix(prefix.to_string());
        bar.set_message("starting");
        bar
    }

    /// Several lines at once (a trust audit); hidden when progress is off.
    pub fn multi(&self) -> MultiProgress {
        if self.enabled { MultiProgress::new() } else { MultiProgress::with_draw_target(ProgressDrawTarget::hidden()) }
    }

    pub fn finish(&self) {
        self.spinner.finish_and_clear();
    }
}

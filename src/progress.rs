//! Progress on long builds, shown only to a person at a terminal.
//!
//! CI logs and `--quiet` get nothing: a progress bar in a log file is noise.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

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

    pub fn finish(&self) {
        self.spinner.finish_and_clear();
    }
}

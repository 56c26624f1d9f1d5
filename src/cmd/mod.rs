//! One file per subcommand. Each returns an [`Exit`] code; `main` does nothing else.

pub mod approve;
pub mod audit;
pub mod build;
pub mod find;
pub mod init;
pub mod new;
pub mod rules;
pub mod serve;

mod emit;

use crate::cli::{Cli, Command};

/// Exit codes CI can rely on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Clean (warnings allowed unless `--deny warnings`).
    Clean = 0,
    /// The audit found errors: the deploy must stop.
    AuditFailed = 1,
    /// Bad input or usage: broken content, unreadable register, bad flags.
    InputError = 2,
}

pub fn run(cli: Cli) -> Exit {
    match cli.command {
        Command::Build(a) => build::run(a),
        Command::Audit(a) => audit::run(a),
        Command::Rules { id } => rules::run(id.as_deref()),
        Command::Serve(a) => serve::run(a),
        Command::Init { dir } => init::run(&dir),
        Command::New(a) => new::run(a),
        Command::Approve(a) => approve::run(a),
        Command::Find(a) => find::run(a),
    }
}

/// Today's date on this computer.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

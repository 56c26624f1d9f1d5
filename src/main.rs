//! The `schoolgate` command. Command-line plumbing (flags, subcommands, exit
//! codes) lives here in the binary; the library (`schoolgate::…`) holds the
//! site model, the producers, the audit and the reports.

mod cli;
mod cmd;
mod demo;
mod preview;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    let code = cmd::run(cli);
    std::process::ExitCode::from(code as u8)
}

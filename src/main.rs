use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = schoolgate::cli::Cli::parse();
    let code = schoolgate::cmd::run(cli);
    std::process::ExitCode::from(code as u8)
}

//! The `congkhai` command line.

mod cli;
mod cmd;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = cli::Cli::parse();
    cmd::run(args)
}

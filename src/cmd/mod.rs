//! Subcommands: each turns parsed arguments into a library call and prints
//! the outcome. Exit codes: 0 success, 1 problems in the site, 2 bad usage.

mod build;
mod check;
mod desk;
mod report;
mod scaffold;
mod serve;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

pub(crate) fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Desk(args) => desk::run(&args),
        Command::New(args) => scaffold::new(&args),
        Command::Init(args) => scaffold::init(&args),
    }
}

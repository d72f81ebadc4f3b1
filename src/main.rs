//! The `congkhai` command line.

mod cli;
mod cmd;

use clap::Parser;

/// mimalloc: the build allocates many small strings on every thread; with
/// glibc's malloc a 10,000-post build took a fifth longer (README).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let args = cli::Cli::parse();
    cmd::run(args)
}

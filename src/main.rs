//! The `congkhai` command line.

mod cli;
mod cmd;

use clap::Parser;

/// mimalloc: the build allocates many small strings on every thread;
/// glibc malloc spends a tenth of the build in its locks and free lists.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let args = cli::Cli::parse();
    cmd::run(args)
}

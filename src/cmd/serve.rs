//! `congkhai serve`.

use std::process::ExitCode;

use congkhai_server::{serve, ServeOptions};

use crate::cli::ServeArgs;

pub(super) fn run(args: &ServeArgs) -> ExitCode {
    let opts = ServeOptions {
        root: args.root.clone(),
        bind: args.bind,
        port: args.port,
        open: args.open,
        today: args.today,
        drafts: args.drafts,
        git: args.git,
    };
    match serve(&opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

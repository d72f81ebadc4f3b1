//! `congkhai build`.

use std::process::ExitCode;

use congkhai::build::{build, BuildConfig, BuildReport};

use crate::cli::BuildArgs;

pub fn run(args: &BuildArgs) -> ExitCode {
    let cfg = BuildConfig {
        root: args.root.clone(),
        output: args.output.clone(),
        today: args.today,
        include_drafts: args.drafts,
    };
    match build(&cfg) {
        Ok(report) => {
            if !args.quiet {
                for w in &report.warnings {
                    eprintln!("{w}");
                }
                println!("{}", summary(&report));
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            eprintln!("{problems}");
            eprintln!("build failed: nothing was written; the previous output is unchanged");
            ExitCode::FAILURE
        }
    }
}

/// One line: pages per section, files, time, warnings.
fn summary(r: &BuildReport) -> String {
    let sections: Vec<String> = r.pages.iter().map(|(k, n)| format!("{n} {k}")).collect();
    format!(
        "built {} pages ({}) and {} files in total into {} in {} ms, {} warning(s), today = {}",
        r.page_count(),
        sections.join(", "),
        r.files,
        r.output.display(),
        r.elapsed.as_millis(),
        r.warnings.len(),
        r.today
    )
}

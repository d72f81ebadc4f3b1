//! `congkhai check`.

use std::process::ExitCode;

use congkhai_core::error::Diagnostic;

use crate::cli::{CheckArgs, Format};

pub(super) fn run(args: &CheckArgs) -> ExitCode {
    let (problems, ok, status) = match congkhai_core::build::check(&args.root, args.today) {
        Ok(report) => (report.warnings, true, Some(report.status_line)),
        Err(problems) => (problems.0, false, None),
    };
    match args.format {
        Format::Json => println!("{}", json(&problems, ok)),
        Format::Text => {
            for p in &problems {
                eprintln!("{p}");
            }
            if let Some(status) = status {
                println!("{status}");
            }
            let errors = problems.iter().filter(|p| p.is_error()).count();
            println!(
                "{}: {errors} error(s), {} warning(s)",
                if ok { "check passed" } else { "check failed" },
                problems.len() - errors
            );
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn json(problems: &[Diagnostic], ok: bool) -> String {
    let value = serde_json::json!({ "ok": ok, "problems": problems });
    serde_json::to_string_pretty(&value).expect("diagnostics serialise")
}

//! `congkhai report`.

use std::io::IsTerminal;
use std::process::ExitCode;

use congkhai_core::build::load_site;
use congkhai_core::report::Report;
use congkhai_core::site::tracker::{Period, Tracker};

use crate::cli::ReportArgs;

pub(super) fn run(args: &ReportArgs) -> ExitCode {
    let site = match load_site(&args.root, args.today, false) {
        Ok(site) => site,
        Err(problems) => {
            eprintln!("{problems}");
            return ExitCode::FAILURE;
        }
    };
    let range = match range(args, site.config.reporting.period_start_day) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let tracker = Tracker::compute(&site);
    let report = Report::new(&site, &tracker, range);
    if let Err(e) = print(args, &report) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    if args.fail_under {
        return verdict(&report);
    }
    ExitCode::SUCCESS
}

/// The months to report: a named period (cut on `start_day`), or
/// `--from`/`--to` (calendar months).
fn range(args: &ReportArgs, start_day: u32) -> Result<Option<Period>, String> {
    if let Some(text) = &args.period {
        return Period::parse(text, start_day).map(Some);
    }
    match (args.from, args.to) {
        (None, None) => Ok(None),
        (from, to) => {
            let (y1, m1) = from.unwrap_or((1, 1));
            let (y2, m2) = to.unwrap_or((9999, 12));
            Period::months(y1, m1, y2, m2)
                .map(Some)
                .ok_or_else(|| "--from is after --to".to_string())
        }
    }
}

fn print(args: &ReportArgs, report: &Report) -> std::io::Result<()> {
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(report).expect("report serialises")
        );
    } else if let Some(path) = &args.csv {
        if path.as_os_str() == "-" {
            print!("{}", report.to_csv());
        } else {
            std::fs::write(path, report.to_csv())?;
            eprintln!("wrote {}", path.display());
        }
    } else {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        print!("{}", report.to_text(color));
    }
    Ok(())
}

fn verdict(report: &Report) -> ExitCode {
    let short = report.short_months();
    for m in &short {
        eprintln!(
            "short: {} had {} posts, target {}",
            m.month, m.posts, m.target
        );
    }
    if report.feedback.overdue_open > 0 {
        eprintln!(
            "overdue: {} feedback item(s) past their due date without an answer",
            report.feedback.overdue_open
        );
    }
    let missing = report.missing_procedures();
    if !missing.is_empty() {
        eprintln!(
            "missing: {} procedure(s) of the catalogue not published: {}",
            missing.len(),
            missing.join(", ")
        );
    }
    if short.is_empty() && report.feedback.overdue_open == 0 && missing.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

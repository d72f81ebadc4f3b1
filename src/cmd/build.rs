//! `congkhai build`.

use std::process::ExitCode;

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use congkhai_core::build::{build, BuildConfig, BuildReport};

use crate::cli::BuildArgs;

pub(super) fn run(args: &BuildArgs) -> ExitCode {
    let counter = Arc::new(AtomicUsize::new(0));
    let show = !args.quiet && std::io::stderr().is_terminal();
    let cfg = BuildConfig {
        now: None,
        root: args.root.clone(),
        output: args.output.clone(),
        today: args.today,
        include_drafts: args.drafts,
        force: args.force,
        progress: show.then(|| counter.clone()),
        cache: !args.no_cache,
    };
    let done = Arc::new(AtomicBool::new(false));
    let printer = show.then(|| progress(counter.clone(), done.clone()));
    let result = build(&cfg);
    done.store(true, Ordering::Relaxed);
    if let Some(p) = printer {
        let _ = p.join();
    }
    match result {
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

/// Shows pages rendered and pages per second on the terminal, on one line
/// that is cleared when the build ends.
fn progress(counter: Arc<AtomicUsize>, done: Arc<AtomicBool>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let start = Instant::now();
        let mut shown = false;
        while !done.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(100));
            let n = counter.load(Ordering::Relaxed);
            if n > 0 {
                let rate = n as f64 / start.elapsed().as_secs_f64();
                eprint!("\r\x1b[2Krendering: {n} pages ({rate:.0} pages/s)");
                let _ = std::io::stderr().flush();
                shown = true;
            }
        }
        if shown {
            eprint!("\r\x1b[2K");
        }
    })
}

//! `congkhai new` and `congkhai init`.

use std::process::ExitCode;

use congkhai_core::config::Config;
use congkhai_core::scaffold::{init_files, new_content, new_path, Start};

use crate::cli::{InitArgs, NewArgs};

pub(super) fn new(args: &NewArgs) -> ExitCode {
    let config = match Config::from_disk(&args.root) {
        Ok(c) => c,
        Err(problems) => {
            eprintln!("{problems}");
            return ExitCode::FAILURE;
        }
    };
    let Some(rel) = new_path(args.kind, &args.title) else {
        eprintln!(
            "error: cannot make a file name from `{}`: use a title with letters or digits",
            args.title
        );
        return ExitCode::from(2);
    };
    let path = args.root.join(&rel);
    if path.exists() {
        eprintln!(
            "error: {} already exists; nothing was changed",
            rel.display()
        );
        eprintln!("  hint: edit that file, or choose another title");
        return ExitCode::FAILURE;
    }
    let start = Start {
        today: config.today(),
        category: config.categories.keys().next().map_or("", String::as_str),
        agency: &config.title,
    };
    let text = new_content(args.kind, &args.title, &start);
    let written = std::fs::create_dir_all(path.parent().expect("content files have a folder"))
        .and_then(|_| write_new(&path, &text));
    match written {
        Ok(()) => {
            println!("created {}", rel.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", rel.display());
            ExitCode::FAILURE
        }
    }
}

/// Creates a file that must not exist yet (no race with another writer).
fn write_new(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?
        .write_all(text.as_bytes())
}

pub(super) fn init(args: &InitArgs) -> ExitCode {
    if args.dir.join("site.yaml").exists() {
        eprintln!(
            "error: {} already holds a site (site.yaml); nothing was changed",
            args.dir.display()
        );
        return ExitCode::FAILURE;
    }
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Ho_Chi_Minh)
        .date_naive();
    for (rel, text) in init_files(&args.title, today) {
        let path = args.dir.join(&rel);
        let result = std::fs::create_dir_all(path.parent().expect("has a folder"))
            .and_then(|_| write_new(&path, &text));
        if let Err(e) = result {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    println!(
        "created a site in {}; build it with: congkhai build --root {}",
        args.dir.display(),
        args.dir.display()
    );
    ExitCode::SUCCESS
}

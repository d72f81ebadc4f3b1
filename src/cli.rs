//! Command-line arguments (clap derive): one subcommand per task.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "congkhai",
    version,
    about = "Static site generator for a Department of Justice information portal (Sở Tư pháp)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site from content/ into the output folder (public/ by default).
    Build(BuildArgs),
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The site folder (holding site.yaml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: ROOT/public].
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Build as if today were this date (YYYY-MM-DD): fixes scheduled posts
    /// and the tracker, so builds are reproducible.
    #[arg(long, value_parser = parse_day)]
    pub today: Option<NaiveDate>,
    /// Also publish items marked `draft: true` (for previews only).
    #[arg(long)]
    pub drafts: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date: write YYYY-MM-DD"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}

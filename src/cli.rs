//! Command-line arguments (clap derive): one subcommand per task.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use congkhai_core::content::{kinds::KindSpec, Kind};
use congkhai_core::site::tracker::Period;

#[derive(Debug, Parser)]
#[command(
    name = "congkhai",
    version,
    about = "Static site generator for a Department of Justice information portal (Sở Tư pháp)"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site from content/ into the output folder (public/ by default).
    Build(BuildArgs),
    /// Check everything a build would (content, templates, every internal link
    /// and anchor) without writing anything. Exit 0 only when clean.
    Check(CheckArgs),
    /// Preview the site: build, serve it on 127.0.0.1, rebuild on every
    /// change and reload open pages.
    Serve(ServeArgs),
    /// The department's publishing server: staff log in, writers submit,
    /// approvers approve, and the public site in --publish DIR is rebuilt
    /// on approval and each new day. `desk user …` manages accounts.
    Desk(DeskArgs),
    /// Create a content file with every field of its kind filled in (the
    /// kinds are listed by `congkhai new --help`).
    New(NewArgs),
    /// Create a new site in DIR that builds as it is.
    Init(InitArgs),
    /// Show the publication targets month by month (posts, guidance documents,
    /// feedback, procedures), as a table, JSON or CSV.
    Report(ReportArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct NewArgs {
    /// The kind of content (its Vietnamese names work too).
    #[arg(value_parser = kind_parser())]
    pub kind: Kind,
    /// The title; the file name is its folded slug.
    pub title: String,
    /// The site folder (holding site.yaml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, clap::Args)]
pub(crate) struct InitArgs {
    /// Folder for the new site (created if missing; must not hold a site.yaml).
    pub dir: PathBuf,
    /// The site's name.
    #[arg(long, default_value = "Sở Tư pháp")]
    pub title: String,
}

/// The kinds as clap's possible values, from the kinds' descriptions: the
/// help lists each by its English name, and its other names are aliases.
fn kind_parser() -> impl clap::builder::TypedValueParser<Value = Kind> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let values = KindSpec::all().map(|spec| {
        let (name, aliases) = spec.names.split_first().expect("every kind has a name");
        PossibleValue::new(*name)
            .aliases(aliases.iter().copied())
            .help(spec.label)
    });
    PossibleValuesParser::new(values).map(|name: String| {
        KindSpec::by_name(&name)
            .expect("clap accepts only the kinds' names")
            .kind
    })
}

#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// The site folder (holding site.yaml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on. Anything but 127.0.0.1 makes the preview
    /// reachable from other machines.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Build as if today were this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    pub today: Option<NaiveDate>,
    /// Also show items marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Commit each save of the editing desk to Git (when the site is a Git
    /// work tree; never pushes).
    #[arg(long)]
    pub git: bool,
}

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct DeskArgs {
    #[command(subcommand)]
    pub command: Option<DeskCommand>,
    #[command(flatten)]
    pub run: DeskRunArgs,
}

#[derive(Debug, clap::Args)]
pub(crate) struct DeskRunArgs {
    #[command(flatten)]
    pub site: DeskSite,
    /// The web server's document root: the public site is built into it
    /// (its previous content must be a congkhai build, or empty).
    #[arg(long)]
    pub publish: Option<PathBuf>,
    /// Address to listen on; keep 127.0.0.1 behind nginx.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The address staff open, e.g. https://desk.sotuphap.example.gov.vn
    /// (its host is accepted; cookies are Secure when it is https).
    #[arg(long)]
    pub public_url: Option<String>,
    /// Minutes of inactivity that end a session.
    #[arg(long, default_value_t = 30)]
    pub idle_minutes: u64,
    /// Seconds of inactivity that end a session (overrides
    /// --idle-minutes; for tests).
    #[arg(long, hide = true)]
    pub idle_seconds: Option<u64>,
    /// Build as if today were this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    pub today: Option<NaiveDate>,
}

/// The site and the desk's database.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct DeskSite {
    /// The site folder (holding site.yaml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The SQLite file of accounts, revisions and the audit log
    /// (default: ROOT/.congkhai/desk.sqlite).
    #[arg(long)]
    pub data: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum DeskCommand {
    /// Manage the desk's users (the password is read from standard input,
    /// asked twice on a terminal).
    #[command(subcommand)]
    User(UserCommand),
    /// Write a consistent copy of the desk's database to FILE (safe while
    /// the server runs).
    Backup {
        /// Where to write the copy.
        file: PathBuf,
        #[command(flatten)]
        site: DeskSite,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum UserCommand {
    /// Add a user.
    Add {
        /// The login (letters, digits, `.`, `-`, `_`).
        login: String,
        /// The full name (Họ tên).
        #[arg(long)]
        name: String,
        /// writer (biên tập viên), approver (người duyệt) or admin.
        #[arg(long)]
        role: String,
        /// May handle citizen feedback and see senders' personal data.
        #[arg(long)]
        feedback: bool,
        #[command(flatten)]
        site: DeskSite,
    },
    /// List the users.
    List {
        #[command(flatten)]
        site: DeskSite,
    },
    /// Disable a user and end their sessions.
    Disable {
        /// The login.
        login: String,
        #[command(flatten)]
        site: DeskSite,
    },
    /// Set a new password (and unlock the account).
    Passwd {
        /// The login.
        login: String,
        #[command(flatten)]
        site: DeskSite,
    },
}

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// The site folder (holding site.yaml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Check as if today were this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    pub today: Option<NaiveDate>,
    /// Output format: `text` for people, `json` for tools.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ReportArgs {
    /// The site folder (holding site.yaml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Count as if today were this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    pub today: Option<NaiveDate>,
    /// Print machine-readable JSON (see the README for its fields).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Write the figures as CSV (UTF-8 with BOM, for Excel) to this file; `-` for standard output.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// First month to list (YYYY-MM).
    #[arg(long, value_parser = parse_month, conflicts_with = "period")]
    pub from: Option<(i32, u32)>,
    /// Last month to list (YYYY-MM).
    #[arg(long, value_parser = parse_month, conflicts_with = "period")]
    pub to: Option<(i32, u32)>,
    /// A reporting period: 2026-Q1 .. 2026-Q4, 2026-6M (6 months), 2026-9M (9 months) or 2026 (year),
    /// cut on `reporting.period_start_day` of site.yaml (15 by default: Q1 = 15/12 – 14/03).
    #[arg(long, visible_alias = "quarter", value_parser = parse_period)]
    pub period: Option<String>,
    /// Exit with status 1 when a closed month missed its target, feedback is overdue,
    /// or a procedure of the catalogue is not published.
    #[arg(long)]
    pub fail_under: bool,
}

fn parse_month(s: &str) -> Result<(i32, u32), String> {
    let bad = || format!("`{s}` is not a month: write YYYY-MM");
    let (y, m) = s.split_once('-').ok_or_else(bad)?;
    let (y, m) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if (1..=12).contains(&m) {
        Ok((y, m))
    } else {
        Err(bad())
    }
}

/// Checks the form here; the dates depend on `site.yaml` and are fixed later.
fn parse_period(s: &str) -> Result<String, String> {
    Period::parse(s, 1).map(|_| s.to_string())
}

#[derive(Debug, clap::Args)]
pub(crate) struct BuildArgs {
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
    /// Replace the output folder even if congkhai did not make it (everything
    /// in it is deleted). Without it, such a folder is refused.
    #[arg(long)]
    pub force: bool,
    /// Parse every post again instead of taking unchanged ones from the
    /// parse cache (ROOT/.congkhai/cache/), and leave the cache as it is.
    #[arg(long)]
    pub no_cache: bool,
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

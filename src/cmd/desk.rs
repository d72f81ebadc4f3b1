//! `congkhai desk`: the publishing server, its users and its backup.

use std::process::ExitCode;

use congkhai_server::office::{self, OfficeOptions, UserCommand as Command};

use crate::cli::{DeskArgs, DeskCommand, DeskSite, UserCommand};

pub(crate) fn run(args: &DeskArgs) -> ExitCode {
    let result = match &args.command {
        Some(DeskCommand::User(user)) => users(user),
        Some(DeskCommand::Backup { file, site }) => {
            office::backup(&data(site), file).map(|()| format!("wrote {}", file.display()))
        }
        None => serve(args),
    };
    match result {
        Ok(message) => {
            if !message.is_empty() {
                println!("{message}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn data(site: &DeskSite) -> std::path::PathBuf {
    site.data
        .clone()
        .unwrap_or_else(|| office::default_data(&site.root))
}

fn users(command: &UserCommand) -> Result<String, String> {
    let (site, command) = match command {
        UserCommand::Add {
            login,
            name,
            role,
            feedback,
            site,
        } => (
            site,
            Command::Add {
                login: login.clone(),
                name: name.clone(),
                role: role.clone(),
                feedback: *feedback,
            },
        ),
        UserCommand::List { site } => (site, Command::List),
        UserCommand::Disable { login, site } => (
            site,
            Command::Disable {
                login: login.clone(),
            },
        ),
        UserCommand::Passwd { login, site } => (
            site,
            Command::Passwd {
                login: login.clone(),
            },
        ),
    };
    office::user_command(&data(site), &command)
}

fn serve(args: &DeskArgs) -> Result<String, String> {
    let run = &args.run;
    let Some(publish) = run.publish.clone() else {
        return Err("give the web server's folder with --publish DIR".into());
    };
    office::run(&OfficeOptions {
        root: run.site.root.clone(),
        publish,
        bind: run.bind,
        port: run.port,
        data: run.site.data.clone(),
        public_url: run.public_url.clone(),
        idle: run.idle_seconds.unwrap_or(run.idle_minutes * 60),
        today: run.today,
    })
    .map(|()| String::new())
}

//! Accounts: Argon2id password hashes (the `argon2` crate's defaults, PHC
//! strings), roles, and the `congkhai desk user …` commands the IT officer
//! runs on the server.

use std::io::{BufRead, IsTerminal};
use std::path::Path;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;

use super::db::{AuditEntry, Db, User};

/// What a role may do. Roles are ordered: an approver can do what a writer
/// can, an admin what an approver can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Role {
    /// Biên tập viên: writes, saves drafts, submits for approval.
    Writer,
    /// Người duyệt (Ban biên tập): also approves, returns and unpublishes.
    Approver,
    /// Also manages users and reads the audit log.
    Admin,
}

impl Role {
    /// The role named in the database or on the command line.
    pub(crate) fn parse(name: &str) -> Option<Role> {
        match name {
            "writer" => Some(Role::Writer),
            "approver" => Some(Role::Approver),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// Its name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Role::Writer => "writer",
            Role::Approver => "approver",
            Role::Admin => "admin",
        }
    }
}

impl User {
    /// The user's role (an unknown one in the database counts as a writer).
    pub(crate) fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Writer)
    }
}

/// The shortest password accepted.
const MIN_PASSWORD: usize = 10;

/// An Argon2id hash of `password` with a random salt.
pub(crate) fn hash(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

/// Whether `password` matches the stored `hash`.
pub(crate) fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash that no password matches, verified against when the login does
/// not exist, so that a wrong login takes as long as a wrong password.
pub(crate) fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash("no password matches this one").unwrap_or_default())
}

/// What `congkhai desk user` does.
#[derive(Debug, Clone)]
pub enum UserCommand {
    /// Adds a user; the password is read from standard input.
    Add {
        /// The login.
        login: String,
        /// The full name (Họ tên).
        name: String,
        /// writer, approver or admin.
        role: String,
        /// May see feedback senders' personal data.
        feedback: bool,
    },
    /// Lists the users.
    List,
    /// Disables a user and ends their sessions.
    Disable {
        /// The login.
        login: String,
    },
    /// Sets a new password, read from standard input.
    Passwd {
        /// The login.
        login: String,
    },
}

/// Runs a user command on the database `data`; the message to print, or
/// what went wrong.
pub fn user_command(data: &Path, command: &UserCommand) -> Result<String, String> {
    let db = Db::open(data)?;
    let now = chrono::Utc::now().timestamp();
    let sql = |e: rusqlite::Error| format!("{}: {e}", data.display());
    let record = |action: &str, login: &str, detail: Option<String>| {
        db.audit(&AuditEntry {
            at: now,
            login: None,
            action: action.into(),
            kind: None,
            item: Some(login.into()),
            revision: None,
            detail,
        })
        .map_err(sql)
    };
    match command {
        UserCommand::Add {
            login,
            name,
            role,
            feedback,
        } => {
            let role = Role::parse(role)
                .ok_or_else(|| format!("`{role}` is not a role: use writer, approver or admin"))?;
            if login.is_empty()
                || !login
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c))
            {
                return Err("a login is letters a–z, digits, `.`, `-` or `_`".into());
            }
            let password = read_password()?;
            let user = User {
                login: login.clone(),
                name: name.clone(),
                role: role.name().into(),
                feedback: *feedback,
                disabled: false,
            };
            if !db.add_user(&user, &hash(&password)?, now).map_err(sql)? {
                return Err(format!("the login `{login}` is taken"));
            }
            record("user-add", login, Some(role.name().into()))?;
            Ok(format!("added {login} ({}) as {}", name, role.name()))
        }
        UserCommand::List => {
            let users = db.users().map_err(sql)?;
            let lines: Vec<String> = users
                .iter()
                .map(|u| {
                    format!(
                        "{}\t{}\t{}{}{}",
                        u.login,
                        u.name,
                        u.role,
                        if u.feedback { "\tfeedback" } else { "" },
                        if u.disabled { "\tdisabled" } else { "" }
                    )
                })
                .collect();
            Ok(lines.join("\n"))
        }
        UserCommand::Disable { login } => {
            if !db.disable(login).map_err(sql)? {
                return Err(format!("no user `{login}`"));
            }
            record("user-disable", login, None)?;
            Ok(format!("disabled {login}"))
        }
        UserCommand::Passwd { login } => {
            if db.account(login).map_err(sql)?.is_none() {
                return Err(format!("no user `{login}`"));
            }
            let password = read_password()?;
            db.set_password(login, &hash(&password)?).map_err(sql)?;
            record("user-passwd", login, None)?;
            Ok(format!("password of {login} changed"))
        }
    }
}

/// A password from standard input: asked twice without echo on a
/// terminal, one line otherwise (for scripts).
fn read_password() -> Result<String, String> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ").map_err(|e| e.to_string())?;
        let again = rpassword::prompt_password("Again: ").map_err(|e| e.to_string())?;
        if first != again {
            return Err("the two passwords differ".into());
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    if password.chars().count() < MIN_PASSWORD {
        return Err(format!("a password has at least {MIN_PASSWORD} characters"));
    }
    Ok(password)
}

//! The publishing server's one SQLite file (`SITE/.congkhai/desk.sqlite`):
//! accounts, sessions, revisions waiting for approval, and the audit log.
//!
//! WAL mode and foreign keys on; every statement is a prepared one with
//! bound parameters. The audit log is only ever appended to.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// The schema, applied at every start (every statement is idempotent).
const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS users (
    login TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('writer', 'approver', 'admin')),
    feedback INTEGER NOT NULL DEFAULT 0,
    password TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    login TEXT NOT NULL REFERENCES users(login),
    csrf TEXT NOT NULL,
    created INTEGER NOT NULL,
    seen INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS revisions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    item TEXT NOT NULL,
    file TEXT NOT NULL,
    base TEXT,
    text TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'pending', 'approved', 'returned')),
    author TEXT NOT NULL REFERENCES users(login),
    approver TEXT REFERENCES users(login),
    comment TEXT,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS revisions_open ON revisions (kind, item, state);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    login TEXT,
    action TEXT NOT NULL,
    kind TEXT,
    item TEXT,
    revision INTEGER,
    detail TEXT
);
CREATE TABLE IF NOT EXISTS login_failures (
    address TEXT NOT NULL,
    at INTEGER NOT NULL
);
";

/// The database, one connection behind a lock (the desk's writes are few).
pub(crate) struct Db(Mutex<Connection>);

/// A user as the desk and `user list` show it (never the password hash).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct User {
    pub(crate) login: String,
    pub(crate) name: String,
    pub(crate) role: String,
    /// May see feedback senders' personal data.
    pub(crate) feedback: bool,
    pub(crate) disabled: bool,
}

/// A stored account, with what logging in needs.
pub(crate) struct Account {
    pub(crate) user: User,
    pub(crate) password: String,
    pub(crate) locked_until: i64,
}

/// One revision of an item.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Revision {
    pub(crate) id: i64,
    pub(crate) kind: String,
    pub(crate) item: String,
    /// The content file, from the site root.
    pub(crate) file: String,
    /// The version of the file it was written over; None for a new item.
    pub(crate) base: Option<String>,
    pub(crate) text: String,
    pub(crate) state: String,
    pub(crate) author: String,
    pub(crate) approver: Option<String>,
    pub(crate) comment: Option<String>,
    pub(crate) updated: i64,
}

/// One line of the audit log.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AuditEntry {
    pub(crate) at: i64,
    pub(crate) login: Option<String>,
    pub(crate) action: String,
    pub(crate) kind: Option<String>,
    pub(crate) item: Option<String>,
    pub(crate) revision: Option<i64>,
    pub(crate) detail: Option<String>,
}

type Result<T> = rusqlite::Result<T>;

impl Db {
    /// Opens (creating when missing) the database at `path`.
    pub(crate) fn open(path: &Path) -> std::result::Result<Db, String> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let conn = Connection::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .and_then(|_| conn.execute_batch(SCHEMA))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Db(Mutex::new(conn)))
    }

    fn with<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.0.lock().unwrap_or_else(|e| e.into_inner());
        f(&conn)
    }

    /// Adds a user; false when the login is taken.
    pub(crate) fn add_user(&self, user: &User, hash: &str, now: i64) -> Result<bool> {
        self.with(|c| {
            let n = c.execute(
                "INSERT OR IGNORE INTO users (login, name, role, feedback, password, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![user.login, user.name, user.role, user.feedback, hash, now],
            )?;
            Ok(n == 1)
        })
    }

    /// Every user, by login.
    pub(crate) fn users(&self) -> Result<Vec<User>> {
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT login, name, role, feedback, disabled FROM users ORDER BY login",
            )?;
            let rows = st.query_map([], |r| {
                Ok(User {
                    login: r.get(0)?,
                    name: r.get(1)?,
                    role: r.get(2)?,
                    feedback: r.get(3)?,
                    disabled: r.get(4)?,
                })
            })?;
            rows.collect()
        })
    }

    /// The account of `login`, if there is one.
    pub(crate) fn account(&self, login: &str) -> Result<Option<Account>> {
        self.with(|c| {
            c.query_row(
                "SELECT login, name, role, feedback, disabled, password, locked_until FROM users WHERE login = ?1",
                [login],
                |r| {
                    Ok(Account {
                        user: User {
                            login: r.get(0)?,
                            name: r.get(1)?,
                            role: r.get(2)?,
                            feedback: r.get(3)?,
                            disabled: r.get(4)?,
                        },
                        password: r.get(5)?,
                        locked_until: r.get(6)?,
                    })
                },
            )
            .optional()
        })
    }

    /// Sets a user's password hash and unlocks the account; false for an
    /// unknown login.
    pub(crate) fn set_password(&self, login: &str, hash: &str) -> Result<bool> {
        self.with(|c| {
            let n = c.execute(
                "UPDATE users SET password = ?2, failures = 0, locked_until = 0 WHERE login = ?1",
                params![login, hash],
            )?;
            Ok(n == 1)
        })
    }

    /// Disables a user and ends their sessions; false for an unknown login.
    pub(crate) fn disable(&self, login: &str) -> Result<bool> {
        self.with(|c| {
            let n = c.execute("UPDATE users SET disabled = 1 WHERE login = ?1", [login])?;
            c.execute("DELETE FROM sessions WHERE login = ?1", [login])?;
            Ok(n == 1)
        })
    }

    /// Records a failed login of `login` (which may not exist) from
    /// `address`; locks the account for `lock` seconds at `max` failures.
    pub(crate) fn login_failed(
        &self,
        login: &str,
        address: &str,
        now: i64,
        max: i64,
        lock: i64,
    ) -> Result<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO login_failures (address, at) VALUES (?1, ?2)",
                params![address, now],
            )?;
            c.execute(
                "UPDATE users SET failures = failures + 1, locked_until = CASE WHEN failures + 1 >= ?2 THEN ?3 ELSE locked_until END WHERE login = ?1",
                params![login, max, now + lock],
            )?;
            Ok(())
        })
    }

    /// Failed logins from `address` since `since`.
    pub(crate) fn failures_from(&self, address: &str, since: i64) -> Result<i64> {
        self.with(|c| {
            c.execute("DELETE FROM login_failures WHERE at < ?1", [since])?;
            c.query_row(
                "SELECT COUNT(*) FROM login_failures WHERE address = ?1 AND at >= ?2",
                params![address, since],
                |r| r.get(0),
            )
        })
    }

    /// Clears the failures of an account after a good login.
    pub(crate) fn login_succeeded(&self, login: &str) -> Result<()> {
        self.with(|c| {
            c.execute(
                "UPDATE users SET failures = 0, locked_until = 0 WHERE login = ?1",
                [login],
            )
            .map(|_| ())
        })
    }

    /// Starts a session.
    pub(crate) fn add_session(&self, id: &str, login: &str, csrf: &str, now: i64) -> Result<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO sessions (id, login, csrf, created, seen) VALUES (?1, ?2, ?3, ?4, ?4)",
                params![id, login, csrf, now],
            )
            .map(|_| ())
        })
    }

    /// The user and CSRF token of a live session, which is touched; None
    /// (and the session deleted) when it is unknown, idle longer than
    /// `idle` seconds, older than `absolute`, or its user disabled.
    pub(crate) fn session(
        &self,
        id: &str,
        now: i64,
        idle: i64,
        absolute: i64,
    ) -> Result<Option<(User, String)>> {
        self.with(|c| {
            let found = c
                .query_row(
                    "SELECT u.login, u.name, u.role, u.feedback, u.disabled, s.csrf, s.created, s.seen
                     FROM sessions s JOIN users u ON u.login = s.login WHERE s.id = ?1",
                    [id],
                    |r| {
                        Ok((
                            User {
                                login: r.get(0)?,
                                name: r.get(1)?,
                                role: r.get(2)?,
                                feedback: r.get(3)?,
                                disabled: r.get(4)?,
                            },
                            r.get::<_, String>(5)?,
                            r.get::<_, i64>(6)?,
                            r.get::<_, i64>(7)?,
                        ))
                    },
                )
                .optional()?;
            match found {
                Some((user, csrf, created, seen))
                    if !user.disabled && now - seen <= idle && now - created <= absolute =>
                {
                    c.execute("UPDATE sessions SET seen = ?2 WHERE id = ?1", params![id, now])?;
                    Ok(Some((user, csrf)))
                }
                Some(_) => {
                    c.execute("DELETE FROM sessions WHERE id = ?1", [id])?;
                    Ok(None)
                }
                None => Ok(None),
            }
        })
    }

    /// Ends a session.
    pub(crate) fn end_session(&self, id: &str) -> Result<()> {
        self.with(|c| {
            c.execute("DELETE FROM sessions WHERE id = ?1", [id])
                .map(|_| ())
        })
    }

    /// The open revision (draft, pending or returned) of an item, if any.
    pub(crate) fn open_revision(&self, kind: &str, item: &str) -> Result<Option<Revision>> {
        self.with(|c| {
            c.query_row(
                &format!("{REVISION} WHERE kind = ?1 AND item = ?2 AND state != 'approved' ORDER BY id DESC LIMIT 1"),
                params![kind, item],
                revision,
            )
            .optional()
        })
    }

    /// The text of every open revision of the kind `kind`.
    pub(crate) fn open_texts(&self, kind: &str) -> Result<Vec<String>> {
        self.with(|c| {
            let mut st =
                c.prepare("SELECT text FROM revisions WHERE kind = ?1 AND state != 'approved'")?;
            let rows = st.query_map(params![kind], |r| r.get(0))?;
            rows.collect()
        })
    }

    /// The state of every open revision of the kind `kind`, by item.
    pub(crate) fn open_states(
        &self,
        kind: &str,
    ) -> Result<std::collections::HashMap<String, String>> {
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT item, state FROM revisions WHERE kind = ?1 AND state != 'approved' ORDER BY id",
            )?;
            let rows = st.query_map(params![kind], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect()
        })
    }

    /// Saves the open revision of an item (creating it when there is
    /// none) as a draft by `author`; returns its id.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn save_draft(
        &self,
        kind: &str,
        item: &str,
        file: &str,
        base: Option<&str>,
        text: &str,
        author: &str,
        now: i64,
    ) -> Result<i64> {
        self.with(|c| {
            let open: Option<i64> = c
                .query_row(
                    "SELECT id FROM revisions WHERE kind = ?1 AND item = ?2 AND state != 'approved' ORDER BY id DESC LIMIT 1",
                    params![kind, item],
                    |r| r.get(0),
                )
                .optional()?;
            match open {
                Some(id) => {
                    c.execute(
                        "UPDATE revisions SET text = ?2, file = ?3, base = ?4, author = ?5, state = 'draft', approver = NULL, updated = ?6 WHERE id = ?1",
                        params![id, text, file, base, author, now],
                    )?;
                    Ok(id)
                }
                None => {
                    c.execute(
                        "INSERT INTO revisions (kind, item, file, base, text, state, author, created, updated) VALUES (?1, ?2, ?3, ?4, ?5, 'draft', ?6, ?7, ?7)",
                        params![kind, item, file, base, text, author, now],
                    )?;
                    Ok(c.last_insert_rowid())
                }
            }
        })
    }

    /// Moves a revision to `state`, with who did it and a comment.
    pub(crate) fn set_state(
        &self,
        id: i64,
        state: &str,
        approver: Option<&str>,
        comment: Option<&str>,
        now: i64,
    ) -> Result<()> {
        self.with(|c| {
            c.execute(
                "UPDATE revisions SET state = ?2, approver = COALESCE(?3, approver), comment = COALESCE(?4, comment), updated = ?5 WHERE id = ?1",
                params![id, state, approver, comment, now],
            )
            .map(|_| ())
        })
    }

    /// Revisions waiting for approval, oldest first.
    pub(crate) fn queue(&self) -> Result<Vec<Revision>> {
        self.with(|c| {
            let mut st = c.prepare(&format!(
                "{REVISION} WHERE state = 'pending' ORDER BY updated, id"
            ))?;
            let rows = st.query_map([], revision)?;
            rows.collect()
        })
    }

    /// Appends a line to the audit log.
    pub(crate) fn audit(&self, e: &AuditEntry) -> Result<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO audit (at, login, action, kind, item, revision, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![e.at, e.login, e.action, e.kind, e.item, e.revision, e.detail],
            )
            .map(|_| ())
        })
    }

    /// The whole audit log, oldest first.
    pub(crate) fn audit_log(&self) -> Result<Vec<AuditEntry>> {
        self.with(|c| {
            let mut st = c.prepare(
                "SELECT at, login, action, kind, item, revision, detail FROM audit ORDER BY id",
            )?;
            let rows = st.query_map([], |r| {
                Ok(AuditEntry {
                    at: r.get(0)?,
                    login: r.get(1)?,
                    action: r.get(2)?,
                    kind: r.get(3)?,
                    item: r.get(4)?,
                    revision: r.get(5)?,
                    detail: r.get(6)?,
                })
            })?;
            rows.collect()
        })
    }

    /// A consistent copy of the database at `to` (the backup API), while
    /// the server may be running.
    pub(crate) fn backup(&self, to: &Path) -> Result<()> {
        self.with(|c| {
            c.backup(
                rusqlite::MAIN_DB,
                to,
                None::<fn(rusqlite::backup::Progress)>,
            )
        })
    }
}

const REVISION: &str = "SELECT id, kind, item, file, base, text, state, author, approver, comment, updated FROM revisions";

fn revision(r: &rusqlite::Row<'_>) -> Result<Revision> {
    Ok(Revision {
        id: r.get(0)?,
        kind: r.get(1)?,
        item: r.get(2)?,
        file: r.get(3)?,
        base: r.get(4)?,
        text: r.get(5)?,
        state: r.get(6)?,
        author: r.get(7)?,
        approver: r.get(8)?,
        comment: r.get(9)?,
        updated: r.get(10)?,
    })
}

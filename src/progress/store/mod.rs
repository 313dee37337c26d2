//! The SQLite file itself: opening it safely (refusing foreign or damaged files rather than
//! overwriting them), migrating its schema, and the transactions that write a session.
//!
//! Durability: WAL with `synchronous = FULL`, so a committed session survives a crash or power
//! loss; every write takes the write lock up front (`BEGIN IMMEDIATE`) and waits for another
//! process holding it, so two app windows and a CLI can share one file.

mod error;
mod in_progress;
mod schema;
mod sessions;
pub mod settings;
mod trainees;

pub use error::{AtPath, Result, StoreError};
pub use in_progress::InProgress;
pub use schema::{APPLICATION_ID, schema_version};
pub(crate) use sessions::Pulled;
pub use sessions::{SessionRecord, SessionSummary, Status};
pub use trainees::{Trainee, team_account};

use rusqlite::{Connection, OpenFlags, TransactionBehavior, params};
use schema::MIGRATIONS;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The file name inside the data folder.
pub const FILE_NAME: &str = "progress.sqlite3";
/// How long a writer waits for another process's write to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// A trainee's row id in this store (never shown, never sent: see `Trainee::account`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TraineeId(pub i64);

/// A session's row id in this store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SessionId(pub i64);

macro_rules! sql_id {
    ($t:ty) => {
        impl rusqlite::ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }
        impl rusqlite::types::FromSql for $t {
            fn column_result(
                v: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                i64::column_result(v).map(Self)
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}
sql_id!(TraineeId);
sql_id!(SessionId);

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if absent) the store at `path`. A file that is not ours, or is damaged,
    /// is reported and never written to.
    pub fn open(path: &Path) -> Result<Store> {
        let path = path.to_path_buf();
        inspect_header(&path)?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|error| StoreError::Io {
                path: parent.to_path_buf(),
                error,
            })?;
        }
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .at(&path)?;
        Store::prepare(conn, path)
    }

    /// A store that lives in memory only: for the screenshot tour and tests of views.
    pub fn open_in_memory() -> Result<Store> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().at(&path)?;
        Store::prepare(conn, path)
    }

    /// Refuses what is not ours, then brings the file to WAL and the schema up to date. Safe
    /// against any number of processes opening the same (new) file at once: what a file is, is
    /// read in one transaction (never half of another process's schema), the schema is created
    /// in one transaction, and switching to WAL waits for the others instead of failing.
    fn prepare(conn: Connection, path: PathBuf) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT).at(&path)?;
        // Checked before anything is written: a foreign file must stay byte-for-byte as it was.
        inspect(&conn, &path)?;
        switch_to_wal(&conn, &path)?;
        conn.pragma_update(None, "synchronous", "FULL").at(&path)?;
        conn.pragma_update(None, "foreign_keys", "ON").at(&path)?;
        let mut store = Store { conn, path };
        store.migrate()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Brings the schema up to date, one migration per transaction, recording each in
    /// `schema_migration`.
    fn migrate(&mut self) -> Result<()> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(&path)?;
        // Another process may have created or migrated the store while this one waited for the
        // lock: decide again, on what is there now.
        let version = inspect(&tx, &path)?;
        if version == 0 {
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .at(&path)?;
            tx.execute_batch(
                "CREATE TABLE IF NOT EXISTS schema_migration (
                    version INTEGER PRIMARY KEY,
                    applied_ms INTEGER NOT NULL
                );",
            )
            .at(&path)?;
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let v = i as i64 + 1;
            tx.execute_batch(sql).at(&path)?;
            tx.execute(
                "INSERT INTO schema_migration (version, applied_ms) VALUES (?1, ?2)",
                params![v, now_ms()],
            )
            .at(&path)?;
            tx.pragma_update(None, "user_version", v).at(&path)?;
        }
        tx.commit().at(&path)
    }

    /// The schema version: how many migrations have been applied.
    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .at(&self.path)
    }

    /// SQLite's own full consistency check: `Ok(())` or what it found.
    pub fn verify(&self) -> Result<()> {
        let found: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .at(&self.path)?;
        if found == ["ok"] {
            Ok(())
        } else {
            Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail: found.join("; "),
            })
        }
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    #[doc(hidden)]
    pub fn conn_for_tests(&self) -> &Connection {
        &self.conn
    }
}

/// Refuses a file that is there but does not start like an SQLite database, before SQLite
/// gets a chance to treat it as anything.
fn inspect_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                error,
            });
        }
    };
    let mut header = [0u8; 16];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(error) => {
                return Err(StoreError::Io {
                    path: path.to_path_buf(),
                    error,
                });
            }
        }
    }
    // An empty file is what SQLite itself leaves when it was killed creating one.
    if read == 0 || (read == header.len() && &header == SQLITE_HEADER) {
        Ok(())
    } else {
        Err(StoreError::NotADatabase(path.to_path_buf()))
    }
}

/// What the file is, read in one transaction so it is never half of another process's schema
/// in the making: ours (the schema version), new and empty (0), or refused.
fn inspect(conn: &Connection, path: &Path) -> Result<i64> {
    let read = || -> rusqlite::Result<(i32, i64, Vec<String>)> {
        let app_id = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let tables = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok((app_id, version, tables))
    };
    let (app_id, version, tables) = if conn.is_autocommit() {
        conn.execute_batch("BEGIN DEFERRED").at(path)?;
        let read = read();
        // A read-only transaction: ending it cannot lose anything.
        let _ = conn.execute_batch("COMMIT");
        read
    } else {
        read()
    }
    .at(path)?;
    if app_id != APPLICATION_ID && (app_id != 0 || !tables.is_empty()) {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            tables,
        });
    }
    if version > MIGRATIONS.len() as i64 {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            version,
        });
    }
    Ok(version)
}

/// Switches the file to write-ahead logging. SQLite answers a journal-mode change that meets
/// another connection's lock with "busy" at once, without its busy handler; so wait here, as
/// the handler would, up to the same timeout.
fn switch_to_wal(conn: &Connection, path: &Path) -> Result<()> {
    let started = std::time::Instant::now();
    let mut pause = Duration::from_millis(2);
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Ok(()) => return Ok(()),
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            Err(e) => return Err(e).at(path),
        }
    }
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

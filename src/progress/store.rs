//! The SQLite file itself: opening it safely (refusing foreign or damaged files rather than
//! overwriting them), migrating its schema, and the transactions that write a session.
//!
//! Durability: WAL with `synchronous = FULL`, so a committed session survives a crash or power
//! loss; every write takes the write lock up front (`BEGIN IMMEDIATE`) and waits for another
//! process holding it, so two app windows and a CLI can share one file.

use super::mastery;
use super::schedule::{self, Refresher};
use crate::engine::playthrough::{Decision, PlayResult, PlayState};
use crate::engine::score::RuleScore;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `PRAGMA application_id` of a Rapport store ("RPRT"), so a foreign SQLite file is told apart.
pub const APPLICATION_ID: i32 = 0x5250_5254;
/// The file name inside the data folder.
pub const FILE_NAME: &str = "progress.sqlite3";
/// How long a writer waits for another process's write to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Schema migrations, applied in order; each one's index + 1 is its version. Never edit a
/// released one: add another.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE trainee (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    -- The opaque id other systems see (xAPI account name): never the person's name.
    account TEXT NOT NULL UNIQUE,
    created_ms INTEGER NOT NULL
);
CREATE TABLE session (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    trainee_id INTEGER NOT NULL REFERENCES trainee(id) ON DELETE CASCADE,
    scenario_id TEXT NOT NULL,
    scenario_hash TEXT NOT NULL,
    seed INTEGER NOT NULL,
    started_ms INTEGER NOT NULL,
    ended_ms INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('finished', 'abandoned')),
    ending TEXT,
    outcome TEXT,
    score REAL NOT NULL,
    duration_ms INTEGER NOT NULL,
    decisions INTEGER NOT NULL
);
CREATE INDEX session_by_trainee ON session (trainee_id, ended_ms);
CREATE INDEX session_by_time ON session (ended_ms);
CREATE TABLE rule_score (
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    upheld INTEGER NOT NULL,
    broken INTEGER NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (session_id, rule)
) WITHOUT ROWID;
CREATE TABLE decision (
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    node TEXT NOT NULL,
    choice TEXT,
    taken_ms INTEGER NOT NULL,
    interrupted INTEGER NOT NULL,
    -- The whole engine record (time, effects and reasons), enough to replay the session exactly.
    record TEXT NOT NULL,
    PRIMARY KEY (session_id, idx)
) WITHOUT ROWID;
CREATE TABLE in_progress (
    trainee_id INTEGER NOT NULL REFERENCES trainee(id) ON DELETE CASCADE,
    scenario_id TEXT NOT NULL,
    uuid TEXT NOT NULL,
    started_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (trainee_id, scenario_id)
);
CREATE TABLE mastery (
    trainee_id INTEGER NOT NULL REFERENCES trainee(id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    value REAL NOT NULL,
    sessions INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    PRIMARY KEY (trainee_id, rule)
) WITHOUT ROWID;
-- Rule ids as small numbers, for the weekly sums below.
CREATE TABLE rule_name (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
-- Per trainee and week, the sessions and score total of every rule tested (a packed list of
-- rule_name id, sessions, total): team reports over a range of weeks read one short row per
-- trainee and week, never the sessions.
CREATE TABLE trainee_week (
    week INTEGER NOT NULL,
    trainee_id INTEGER NOT NULL REFERENCES trainee(id) ON DELETE CASCADE,
    sums BLOB NOT NULL,
    PRIMARY KEY (week, trainee_id)
) WITHOUT ROWID;
CREATE INDEX trainee_week_by_trainee ON trainee_week (trainee_id);
CREATE TABLE refresher (
    trainee_id INTEGER NOT NULL REFERENCES trainee(id) ON DELETE CASCADE,
    scenario_id TEXT NOT NULL,
    repetitions INTEGER NOT NULL,
    ease REAL NOT NULL,
    interval_days REAL NOT NULL,
    due_ms INTEGER NOT NULL,
    last_ms INTEGER NOT NULL,
    last_score REAL NOT NULL,
    best_score REAL NOT NULL,
    PRIMARY KEY (trainee_id, scenario_id)
);
CREATE INDEX refresher_by_due ON refresher (due_ms);
-- Statements a Learning Record Store has accepted, per store address: never sent twice.
CREATE TABLE lrs_sent (
    endpoint TEXT NOT NULL,
    statement_id TEXT NOT NULL,
    sent_ms INTEGER NOT NULL,
    PRIMARY KEY (endpoint, statement_id)
) WITHOUT ROWID;
"#];

#[derive(Debug)]
pub enum StoreError {
    /// The file exists but is not an SQLite database at all.
    NotADatabase(PathBuf),
    /// An SQLite database, but not one of ours: its tables are listed.
    Foreign {
        path: PathBuf,
        tables: Vec<String>,
    },
    /// Written by a newer Rapport whose schema this one does not know.
    TooNew {
        path: PathBuf,
        version: i64,
    },
    /// SQLite reports the file damaged.
    Corrupt {
        path: PathBuf,
        detail: String,
    },
    Sqlite {
        path: PathBuf,
        error: rusqlite::Error,
    },
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    NoSuchTrainee(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            StoreError::NotADatabase(p) => write!(
                f,
                "{}: not a Rapport progress store (not an SQLite database); left untouched",
                p.display()
            ),
            StoreError::Foreign { path, tables } => write!(
                f,
                "{}: an SQLite database that is not a Rapport progress store (it holds {}); left untouched",
                path.display(),
                if tables.is_empty() {
                    "other data".to_owned()
                } else {
                    format!("tables {}", tables.join(", "))
                }
            ),
            StoreError::TooNew { path, version } => write!(
                f,
                "{}: written by a newer Rapport (schema version {version}, this one knows {}); left untouched",
                path.display(),
                MIGRATIONS.len()
            ),
            StoreError::Corrupt { path, detail } => write!(
                f,
                "{}: the progress store is damaged ({detail}); left untouched — restore a backup or move it aside",
                path.display()
            ),
            StoreError::Sqlite { path, error } => write!(f, "{}: {error}", path.display()),
            StoreError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            StoreError::NoSuchTrainee(name) => write!(f, "no trainee named `{name}` in the store"),
        }
    }
}

impl std::error::Error for StoreError {}

pub type Result<T> = std::result::Result<T, StoreError>;

#[derive(Debug, Clone, PartialEq)]
pub struct Trainee {
    pub id: i64,
    pub name: String,
    pub account: String,
    pub created_ms: i64,
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Finished,
    /// Left before an ending: kept in the history, but not graded for mastery or refreshers.
    Abandoned,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Finished => "finished",
            Status::Abandoned => "abandoned",
        }
    }

    fn parse(s: &str) -> Status {
        if s == "abandoned" {
            Status::Abandoned
        } else {
            Status::Finished
        }
    }
}

/// A session as it is written: everything needed to show, grade, export and replay it.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    pub uuid: String,
    pub scenario_id: String,
    pub scenario_hash: String,
    pub seed: u64,
    pub started_ms: i64,
    pub ended_ms: i64,
    pub status: Status,
    pub ending: Option<String>,
    /// The ending's outcome key (`delighted`, `retained`…).
    pub outcome: Option<String>,
    /// 0–100.
    pub score: f64,
    pub rules: Vec<RuleScore>,
    pub decisions: Vec<Decision>,
    pub duration_ms: u64,
}

impl SessionRecord {
    /// A finished run.
    pub fn finished(uuid: String, result: &PlayResult, started_ms: i64, ended_ms: i64) -> Self {
        SessionRecord {
            uuid,
            scenario_id: result.scenario_id.clone(),
            scenario_hash: result.scenario_hash.clone(),
            seed: result.seed,
            started_ms,
            ended_ms,
            status: Status::Finished,
            ending: Some(result.ending.clone()),
            outcome: Some(result.outcome.key().to_owned()),
            score: result.score,
            rules: result.rules.clone(),
            decisions: result.decisions.clone(),
            duration_ms: result.duration_ms,
        }
    }

    /// A run left before its ending, with what was decided so far.
    pub fn abandoned(
        uuid: String,
        state: &PlayState,
        score: f64,
        started_ms: i64,
        ended_ms: i64,
    ) -> Self {
        SessionRecord {
            uuid,
            scenario_id: state.scenario_id.clone(),
            scenario_hash: state.scenario_hash.clone(),
            seed: state.seed,
            started_ms,
            ended_ms,
            status: Status::Abandoned,
            ending: None,
            outcome: None,
            score,
            rules: state.tally.rule_scores(),
            decisions: state.decisions.clone(),
            duration_ms: state.clock_us / 1000,
        }
    }
}

/// One stored session, as lists show it.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSummary {
    pub id: i64,
    pub uuid: String,
    pub trainee_id: i64,
    pub scenario_id: String,
    pub scenario_hash: String,
    pub seed: u64,
    pub started_ms: i64,
    pub ended_ms: i64,
    pub status: Status,
    pub ending: Option<String>,
    pub outcome: Option<String>,
    pub score: f64,
    pub duration_ms: u64,
    pub decisions: u32,
}

/// A run in progress, checkpointed after every decision.
#[derive(Debug, Clone, PartialEq)]
pub struct InProgress {
    pub uuid: String,
    pub started_ms: i64,
    pub updated_ms: i64,
    pub state: PlayState,
}

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
        .map_err(|e| sqlite_error(&path, e))?;
        Store::prepare(conn, path)
    }

    /// A store that lives in memory only: for the screenshot tour and tests of views.
    pub fn open_in_memory() -> Result<Store> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|e| sqlite_error(&path, e))?;
        Store::prepare(conn, path)
    }

    fn prepare(conn: Connection, path: PathBuf) -> Result<Store> {
        let fail = |e| sqlite_error(&path, e);
        conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        // Checked before anything is written: a foreign file must stay byte-for-byte as it was.
        let app_id: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(fail)?;
        if app_id != APPLICATION_ID {
            let tables: Vec<String> = conn
                .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
                .map_err(fail)?;
            if app_id != 0 || !tables.is_empty() {
                return Err(StoreError::Foreign { path, tables });
            }
        }
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(fail)?;
        if version > MIGRATIONS.len() as i64 {
            return Err(StoreError::TooNew { path, version });
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(fail)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(fail)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(fail)?;
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
        let fail = |e| sqlite_error(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        // Another process may have migrated while this one waited for the lock: read again.
        let version: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(fail)?;
        if version == 0 {
            tx.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(fail)?;
            tx.execute_batch(
                "CREATE TABLE IF NOT EXISTS schema_migration (
                    version INTEGER PRIMARY KEY,
                    applied_ms INTEGER NOT NULL
                );",
            )
            .map_err(fail)?;
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let v = i as i64 + 1;
            tx.execute_batch(sql).map_err(fail)?;
            tx.execute(
                "INSERT INTO schema_migration (version, applied_ms) VALUES (?1, ?2)",
                params![v, now_ms()],
            )
            .map_err(fail)?;
            tx.pragma_update(None, "user_version", v).map_err(fail)?;
        }
        tx.commit().map_err(fail)
    }

    /// The schema version: how many migrations have been applied.
    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// SQLite's own full consistency check: `Ok(())` or what it found.
    pub fn verify(&self) -> Result<()> {
        let found: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .map_err(|e| self.err(e))?;
        if found == ["ok"] {
            Ok(())
        } else {
            Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail: found.join("; "),
            })
        }
    }

    pub(super) fn err(&self, e: rusqlite::Error) -> StoreError {
        sqlite_error(&self.path, e)
    }

    pub(super) fn conn(&self) -> &Connection {
        &self.conn
    }

    #[doc(hidden)]
    pub fn conn_for_tests(&self) -> &Connection {
        &self.conn
    }

    // ---- trainees ----

    /// The trainee called `name`, created (with a fresh opaque account id) if new.
    pub fn ensure_trainee(&mut self, name: &str) -> Result<Trainee> {
        if let Some(t) = self.trainee(name)? {
            return Ok(t);
        }
        let account = uuid::Uuid::new_v4().simple().to_string();
        self.conn
            .execute(
                "INSERT INTO trainee (name, account, created_ms) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name) DO NOTHING",
                params![name, account, now_ms()],
            )
            .map_err(|e| self.err(e))?;
        self.trainee(name)?
            .ok_or_else(|| StoreError::NoSuchTrainee(name.to_owned()))
    }

    pub fn trainee(&self, name: &str) -> Result<Option<Trainee>> {
        self.conn
            .query_row(
                "SELECT id, name, account, created_ms FROM trainee WHERE name = ?1",
                [name],
                trainee_row,
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    pub fn trainees(&self) -> Result<Vec<Trainee>> {
        self.conn
            .prepare_cached("SELECT id, name, account, created_ms FROM trainee ORDER BY name")
            .and_then(|mut s| s.query_map([], trainee_row)?.collect())
            .map_err(|e| self.err(e))
    }

    /// Deletes a trainee and everything recorded of them, for good. Returns how many sessions
    /// went with them.
    pub fn forget(&mut self, name: &str) -> Result<u64> {
        let trainee = self
            .trainee(name)?
            .ok_or_else(|| StoreError::NoSuchTrainee(name.to_owned()))?;
        let path = self.path.clone();
        let fail = |e| sqlite_error(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let sessions = tx
            .query_row(
                "SELECT count(*) FROM session WHERE trainee_id = ?1",
                [trainee.id],
                |r| r.get::<_, i64>(0),
            )
            .map_err(fail)? as u64;
        tx.execute("DELETE FROM trainee WHERE id = ?1", [trainee.id])
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
        // Deleted pages may still hold the data until they are reused: scrub them now.
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;")
            .map_err(|e| self.err(e))?;
        Ok(sessions)
    }

    // ---- runs in progress ----

    /// Keeps the run in progress so a crash loses at most the decision being made.
    pub fn checkpoint(&mut self, trainee_id: i64, run: &InProgress) -> Result<()> {
        let state = serde_json::to_string(&run.state).expect("play state serialises");
        self.conn
            .prepare_cached(
                "INSERT INTO in_progress (trainee_id, scenario_id, uuid, started_ms, updated_ms, state)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (trainee_id, scenario_id) DO UPDATE SET
                   uuid = excluded.uuid, started_ms = excluded.started_ms,
                   updated_ms = excluded.updated_ms, state = excluded.state",
            )
            .and_then(|mut s| {
                s.execute(params![
                    trainee_id,
                    run.state.scenario_id,
                    run.uuid,
                    run.started_ms,
                    run.updated_ms,
                    state
                ])
            })
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The checkpointed run of this scenario, if any and if it still reads.
    pub fn in_progress(&self, trainee_id: i64, scenario_id: &str) -> Result<Option<InProgress>> {
        let row: Option<(String, i64, i64, String)> = self
            .conn
            .query_row(
                "SELECT uuid, started_ms, updated_ms, state FROM in_progress
                 WHERE trainee_id = ?1 AND scenario_id = ?2",
                params![trainee_id, scenario_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(row.and_then(|(uuid, started_ms, updated_ms, state)| {
            Some(InProgress {
                uuid,
                started_ms,
                updated_ms,
                state: serde_json::from_str(&state).ok()?,
            })
        }))
    }

    /// Scenario ids with a run in progress for this trainee.
    pub fn in_progress_ids(&self, trainee_id: i64) -> Result<Vec<String>> {
        self.conn
            .prepare_cached("SELECT scenario_id FROM in_progress WHERE trainee_id = ?1")
            .and_then(|mut s| s.query_map([trainee_id], |r| r.get(0))?.collect())
            .map_err(|e| self.err(e))
    }

    pub fn discard_in_progress(&mut self, trainee_id: i64, scenario_id: &str) -> Result<()> {
        self.conn
            .execute(
                "DELETE FROM in_progress WHERE trainee_id = ?1 AND scenario_id = ?2",
                params![trainee_id, scenario_id],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    // ---- sessions ----

    /// Writes a session in one transaction: the session, its rule scores and decisions, the
    /// trainee's mastery, the weekly sums, the refresher schedule, and the end of its checkpoint.
    /// Recording the same session (uuid) twice changes nothing. Returns the session's row id.
    pub fn record(&mut self, trainee_id: i64, session: &SessionRecord) -> Result<i64> {
        let path = self.path.clone();
        let fail = |e| sqlite_error(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        if let Some(id) = tx
            .query_row(
                "SELECT id FROM session WHERE uuid = ?1",
                [&session.uuid],
                |r| r.get(0),
            )
            .optional()
            .map_err(fail)?
        {
            return Ok(id);
        }
        let id = insert_session(&tx, trainee_id, session).map_err(fail)?;
        tx.execute(
            "DELETE FROM in_progress WHERE trainee_id = ?1 AND scenario_id = ?2 AND uuid = ?3",
            params![trainee_id, session.scenario_id, session.uuid],
        )
        .map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(id)
    }

    /// A trainee's sessions, newest first.
    pub fn sessions(&self, trainee_id: i64, limit: usize) -> Result<Vec<SessionSummary>> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {SESSION_COLUMNS} FROM session WHERE trainee_id = ?1
                 ORDER BY ended_ms DESC, id DESC LIMIT ?2"
            ))
            .and_then(|mut s| {
                s.query_map(params![trainee_id, limit as i64], session_row)?
                    .collect()
            })
            .map_err(|e| self.err(e))
    }

    /// Every session ending in `[from_ms, to_ms)`, oldest first, optionally of one trainee.
    pub fn sessions_between(
        &self,
        trainee_id: Option<i64>,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<SessionSummary>> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {SESSION_COLUMNS} FROM session
                 WHERE ended_ms >= ?1 AND ended_ms < ?2 AND (?3 IS NULL OR trainee_id = ?3)
                 ORDER BY ended_ms, id"
            ))
            .and_then(|mut s| {
                s.query_map(params![from_ms, to_ms, trainee_id], session_row)?
                    .collect()
            })
            .map_err(|e| self.err(e))
    }

    pub fn session(&self, id: i64) -> Result<Option<SessionSummary>> {
        self.conn
            .query_row(
                &format!("SELECT {SESSION_COLUMNS} FROM session WHERE id = ?1"),
                [id],
                session_row,
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// A session's decisions, in order, exactly as the engine made them.
    pub fn decisions(&self, session_id: i64) -> Result<Vec<Decision>> {
        let records: Vec<String> = self
            .conn
            .prepare_cached("SELECT record FROM decision WHERE session_id = ?1 ORDER BY idx")
            .and_then(|mut s| s.query_map([session_id], |r| r.get(0))?.collect())
            .map_err(|e| self.err(e))?;
        records
            .iter()
            .map(|r| {
                serde_json::from_str(r).map_err(|e| StoreError::Corrupt {
                    path: self.path.clone(),
                    detail: format!("decision of session {session_id}: {e}"),
                })
            })
            .collect()
    }

    pub fn rule_scores(&self, session_id: i64) -> Result<Vec<RuleScore>> {
        self.conn
            .prepare_cached(
                "SELECT rule, upheld, broken, score FROM rule_score WHERE session_id = ?1 ORDER BY rule",
            )
            .and_then(|mut s| {
                s.query_map([session_id], |r| {
                    Ok(RuleScore {
                        rule: r.get(0)?,
                        upheld: r.get(1)?,
                        broken: r.get(2)?,
                        score: r.get(3)?,
                    })
                })?
                .collect()
            })
            .map_err(|e| self.err(e))
    }

    /// Sessions and the last session's end, per trainee id.
    pub fn session_counts(&self) -> Result<std::collections::BTreeMap<i64, (u64, i64)>> {
        self.conn
            .prepare_cached(
                "SELECT trainee_id, count(*), max(ended_ms) FROM session GROUP BY trainee_id",
            )
            .and_then(|mut s| {
                s.query_map([], |r| {
                    Ok((r.get(0)?, (r.get::<_, i64>(1)? as u64, r.get(2)?)))
                })?
                .collect()
            })
            .map_err(|e| self.err(e))
    }

    /// The refresher schedule of one trainee (or everyone), soonest due first.
    pub fn refreshers(&self, trainee_id: Option<i64>) -> Result<Vec<Refresher>> {
        schedule::list(&self.conn, trainee_id).map_err(|e| self.err(e))
    }

    /// Bulk-load helper for benchmarks and tests: many sessions in one transaction.
    #[doc(hidden)]
    pub fn record_many(&mut self, sessions: &[(i64, SessionRecord)]) -> Result<()> {
        let path = self.path.clone();
        let fail = |e| sqlite_error(&path, e);
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(fail)?;
        let result = (|| {
            for (trainee, s) in sessions {
                insert_session(&self.conn, *trainee, s)?;
            }
            Ok::<_, rusqlite::Error>(())
        })();
        match result {
            Ok(()) => self.conn.execute_batch("COMMIT").map_err(fail),
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(fail(e))
            }
        }
    }
}

/// Inserts a session and its rows; the caller holds the write transaction.
fn insert_session(
    conn: &Connection,
    trainee_id: i64,
    session: &SessionRecord,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO session (uuid, trainee_id, scenario_id, scenario_hash, seed, started_ms,
           ended_ms, status, ending, outcome, score, duration_ms, decisions)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        session.uuid,
        trainee_id,
        session.scenario_id,
        session.scenario_hash,
        session.seed as i64,
        session.started_ms,
        session.ended_ms,
        session.status.key(),
        session.ending,
        session.outcome,
        session.score,
        session.duration_ms as i64,
        session.decisions.len() as i64,
    ])?;
    let id = conn.last_insert_rowid();
    let mut insert = conn.prepare_cached(
        "INSERT INTO rule_score (session_id, rule, upheld, broken, score) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for r in &session.rules {
        insert.execute(params![id, r.rule, r.upheld, r.broken, r.score])?;
    }
    let mut insert = conn.prepare_cached(
        "INSERT INTO decision (session_id, idx, node, choice, taken_ms, interrupted, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, d) in session.decisions.iter().enumerate() {
        let record = serde_json::to_string(d).expect("decisions serialise");
        insert.execute(params![
            id,
            i as i64,
            d.node,
            d.choice,
            d.taken_ms as i64,
            d.interrupted,
            record
        ])?;
    }
    if session.status == Status::Finished {
        mastery::update(conn, trainee_id, session)?;
        schedule::update(conn, trainee_id, session)?;
    }
    Ok(id)
}

const SESSION_COLUMNS: &str = "id, uuid, trainee_id, scenario_id, scenario_hash, seed, started_ms, \
     ended_ms, status, ending, outcome, score, duration_ms, decisions";

fn session_row(r: &rusqlite::Row) -> rusqlite::Result<SessionSummary> {
    Ok(SessionSummary {
        id: r.get(0)?,
        uuid: r.get(1)?,
        trainee_id: r.get(2)?,
        scenario_id: r.get(3)?,
        scenario_hash: r.get(4)?,
        seed: r.get::<_, i64>(5)? as u64,
        started_ms: r.get(6)?,
        ended_ms: r.get(7)?,
        status: Status::parse(&r.get::<_, String>(8)?),
        ending: r.get(9)?,
        outcome: r.get(10)?,
        score: r.get(11)?,
        duration_ms: r.get::<_, i64>(12)? as u64,
        decisions: r.get(13)?,
    })
}

fn trainee_row(r: &rusqlite::Row) -> rusqlite::Result<Trainee> {
    Ok(Trainee {
        id: r.get(0)?,
        name: r.get(1)?,
        account: r.get(2)?,
        created_ms: r.get(3)?,
    })
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

fn sqlite_error(path: &Path, error: rusqlite::Error) -> StoreError {
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase(path.to_path_buf()),
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: error.to_string(),
        },
        _ => StoreError::Sqlite {
            path: path.to_path_buf(),
            error,
        },
    }
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

//! Sessions: a run as it is recorded (finished or abandoned, with every decision), the
//! checkpoint of a run in progress, and the queries that list them.

use super::error::{AtPath, Result, StoreError};
use super::{SessionId, Store, TraineeId};
use crate::engine::Rulebook;
use crate::engine::events::{Decision, PlayResult};
use crate::engine::playthrough::PlayState;
use crate::engine::scenario::Outcome;
use crate::engine::score::RuleScore;
use crate::progress::mastery;
use crate::progress::schedule::{self, Refresher};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Finished,
    /// Left before an ending: scored as given up (`Tally::given_up`) and graded like any run.
    Abandoned,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Finished => "finished",
            Status::Abandoned => "abandoned",
        }
    }

    pub fn from_key(key: &str) -> Option<Status> {
        [Status::Finished, Status::Abandoned]
            .into_iter()
            .find(|s| s.key() == key)
    }
}

/// A column that must hold one of our keys: anything else is reported, never guessed at.
fn key_column<T>(r: &rusqlite::Row, i: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let key: String = r.get(i)?;
    parse(&key).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("`{key}` is not a value this Rapport knows").into(),
        )
    })
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
    pub outcome: Option<Outcome>,
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
            outcome: Some(result.outcome),
            score: result.score,
            rules: result.rules.clone(),
            decisions: result.decisions.clone(),
            duration_ms: result.duration_ms,
        }
    }

    /// A run left before its ending, with what was decided so far, scored as given up
    /// (`Tally::given_up`: the customer was left without an answer).
    pub fn abandoned(
        uuid: String,
        state: &PlayState,
        rulebook: &Rulebook,
        started_ms: i64,
        ended_ms: i64,
    ) -> Self {
        let tally = state.tally.given_up(rulebook);
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
            score: tally.overall(rulebook),
            rules: tally.rule_scores(),
            decisions: state.decisions.clone(),
            duration_ms: state.clock_us / 1000,
        }
    }
}

/// One stored session, as lists show it.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSummary {
    pub id: SessionId,
    pub uuid: String,
    pub trainee_id: TraineeId,
    pub scenario_id: String,
    pub scenario_hash: String,
    pub seed: u64,
    pub started_ms: i64,
    pub ended_ms: i64,
    pub status: Status,
    pub ending: Option<String>,
    pub outcome: Option<Outcome>,
    pub score: f64,
    pub duration_ms: u64,
    pub decisions: u32,
    /// The LRS this session was pulled from; `None` when it was played on this machine.
    pub origin: Option<String>,
}

impl Store {
    // ---- sessions ----

    /// Writes a session in one transaction: the session, its rule scores and decisions, the
    /// trainee's mastery, the weekly sums, the refresher schedule, and the end of its checkpoint.
    /// Recording the same session (uuid) twice changes nothing. Returns the session's row id.
    pub fn record(&mut self, trainee_id: TraineeId, session: &SessionRecord) -> Result<SessionId> {
        self.record_from(trainee_id, session, None)
    }

    /// Inserts a session played on another machine, pulled from the LRS at `origin`, inside a
    /// write transaction the caller holds. A session already here (by uuid) is left as it is.
    pub(crate) fn insert_pulled(
        &self,
        trainee_id: TraineeId,
        session: &SessionRecord,
        origin: &str,
    ) -> Result<Pulled> {
        let here = self
            .conn
            .query_row(
                "SELECT 1 FROM session WHERE uuid = ?1",
                [&session.uuid],
                |_| Ok(()),
            )
            .optional()
            .at(&self.path)?;
        if here.is_some() {
            return Ok(Pulled::AlreadyHere);
        }
        let latest: Option<i64> = self
            .conn
            .query_row(
                "SELECT max(ended_ms) FROM session WHERE trainee_id = ?1",
                [trainee_id],
                |r| r.get(0),
            )
            .at(&self.path)?;
        insert_session(&self.conn, trainee_id, session, Some(origin)).at(&self.path)?;
        Ok(match latest {
            Some(latest) if latest > session.ended_ms => Pulled::OutOfOrder,
            _ => Pulled::Stored,
        })
    }

    /// Folds a trainee's sessions into their mastery and refreshers again, oldest first: after
    /// sessions arrived out of order (another machine synced late), so the result is the same
    /// as if every session had been played on this machine. Inside the caller's transaction.
    pub(crate) fn refold(&self, trainee_id: TraineeId) -> Result<()> {
        let conn = &self.conn;
        let result = (|| {
            conn.execute("DELETE FROM mastery WHERE trainee_id = ?1", [trainee_id])?;
            conn.execute("DELETE FROM refresher WHERE trainee_id = ?1", [trainee_id])?;
            let sessions: Vec<(SessionId, String, i64, f64)> = conn
                .prepare_cached(
                    "SELECT id, scenario_id, ended_ms, score FROM session WHERE trainee_id = ?1
                     ORDER BY ended_ms, id",
                )?
                .query_map([trainee_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            for (id, scenario_id, ended_ms, score) in sessions {
                let rules = rule_scores_of(conn, id)?;
                mastery::fold(conn, trainee_id, &rules, ended_ms)?;
                schedule::update(
                    conn,
                    trainee_id,
                    &SessionRecord {
                        uuid: String::new(),
                        scenario_id,
                        scenario_hash: String::new(),
                        seed: 0,
                        started_ms: ended_ms,
                        ended_ms,
                        status: Status::Finished,
                        ending: None,
                        outcome: None,
                        score,
                        rules,
                        decisions: Vec::new(),
                        duration_ms: 0,
                    },
                )?;
            }
            Ok(())
        })();
        result.at(&self.path)
    }

    fn record_from(
        &mut self,
        trainee_id: TraineeId,
        session: &SessionRecord,
        origin: Option<&str>,
    ) -> Result<SessionId> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(&path)?;
        if let Some(id) = tx
            .query_row(
                "SELECT id FROM session WHERE uuid = ?1",
                [&session.uuid],
                |r| r.get(0),
            )
            .optional()
            .at(&path)?
        {
            return Ok(id);
        }
        let id = insert_session(&tx, trainee_id, session, origin).at(&path)?;
        tx.execute(
            "DELETE FROM in_progress WHERE trainee_id = ?1 AND scenario_id = ?2 AND uuid = ?3",
            params![trainee_id, session.scenario_id, session.uuid],
        )
        .at(&path)?;
        tx.commit().at(&path)?;
        Ok(id)
    }

    /// A trainee's sessions, newest first.
    pub fn sessions(&self, trainee_id: TraineeId, limit: usize) -> Result<Vec<SessionSummary>> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {SESSION_COLUMNS} FROM session WHERE trainee_id = ?1
                 ORDER BY ended_ms DESC, id DESC LIMIT ?2"
            ))
            .and_then(|mut s| {
                s.query_map(params![trainee_id, limit as i64], session_row)?
                    .collect()
            })
            .at(&self.path)
    }

    /// Every session ending in `[from_ms, to_ms)`, oldest first, optionally of one trainee.
    pub fn sessions_between(
        &self,
        trainee_id: Option<TraineeId>,
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
            .at(&self.path)
    }

    pub fn session(&self, id: SessionId) -> Result<Option<SessionSummary>> {
        self.conn
            .query_row(
                &format!("SELECT {SESSION_COLUMNS} FROM session WHERE id = ?1"),
                [id],
                session_row,
            )
            .optional()
            .at(&self.path)
    }

    /// A session's decisions, in order, exactly as the engine made them.
    pub fn decisions(&self, session_id: SessionId) -> Result<Vec<Decision>> {
        let records: Vec<String> = self
            .conn
            .prepare_cached("SELECT record FROM decision WHERE session_id = ?1 ORDER BY idx")
            .and_then(|mut s| s.query_map([session_id], |r| r.get(0))?.collect())
            .at(&self.path)?;
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

    pub fn rule_scores(&self, session_id: SessionId) -> Result<Vec<RuleScore>> {
        rule_scores_of(&self.conn, session_id).at(&self.path)
    }

    /// Sessions and the last session's end, per trainee id.
    pub fn session_counts(&self) -> Result<std::collections::BTreeMap<TraineeId, (u64, i64)>> {
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
            .at(&self.path)
    }

    /// The refresher schedule of one trainee (or everyone), soonest due first.
    pub fn refreshers(&self, trainee_id: Option<TraineeId>) -> Result<Vec<Refresher>> {
        schedule::list(&self.conn, trainee_id).at(&self.path)
    }

    /// Bulk-load helper for benchmarks and tests: many sessions in one transaction.
    #[doc(hidden)]
    pub fn record_many(&mut self, sessions: &[(TraineeId, SessionRecord)]) -> Result<()> {
        let path = self.path.clone();
        self.conn.execute_batch("BEGIN IMMEDIATE").at(&path)?;
        let result = (|| {
            for (trainee, s) in sessions {
                insert_session(&self.conn, *trainee, s, None)?;
            }
            Ok::<_, rusqlite::Error>(())
        })();
        match result {
            Ok(()) => self.conn.execute_batch("COMMIT").at(&path),
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e).at(&path)
            }
        }
    }
}

/// What inserting a pulled session did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pulled {
    Stored,
    /// Stored, but older than the trainee's latest session: their mastery needs a `refold`.
    OutOfOrder,
    AlreadyHere,
}

fn rule_scores_of(conn: &Connection, session_id: SessionId) -> rusqlite::Result<Vec<RuleScore>> {
    conn.prepare_cached(
        "SELECT rule, upheld, broken, score FROM rule_score WHERE session_id = ?1 ORDER BY rule",
    )?
    .query_map([session_id], |r| {
        Ok(RuleScore {
            rule: r.get(0)?,
            upheld: r.get(1)?,
            broken: r.get(2)?,
            score: r.get(3)?,
        })
    })?
    .collect()
}

/// Inserts a session and its rows; the caller holds the write transaction.
fn insert_session(
    conn: &Connection,
    trainee_id: TraineeId,
    session: &SessionRecord,
    origin: Option<&str>,
) -> rusqlite::Result<SessionId> {
    conn.prepare_cached(
        "INSERT INTO session (uuid, trainee_id, scenario_id, scenario_hash, seed, started_ms,
           ended_ms, status, ending, outcome, score, duration_ms, decisions, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
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
        session.outcome.map(Outcome::key),
        session.score,
        session.duration_ms as i64,
        session.decisions.len() as i64,
        origin,
    ])?;
    let id = SessionId(conn.last_insert_rowid());
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
    // Finished or given up, a run counts: abandoning is never a way to keep a score.
    mastery::update(conn, trainee_id, session)?;
    schedule::update(conn, trainee_id, session)?;
    Ok(id)
}

const SESSION_COLUMNS: &str = "id, uuid, trainee_id, scenario_id, scenario_hash, seed, started_ms, \
     ended_ms, status, ending, outcome, score, duration_ms, decisions, origin";

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
        status: key_column(r, 8, Status::from_key)?,
        ending: r.get(9)?,
        outcome: match r.get::<_, Option<String>>(10)? {
            Some(_) => Some(key_column(r, 10, Outcome::from_key)?),
            None => None,
        },
        score: r.get(11)?,
        duration_ms: r.get::<_, i64>(12)? as u64,
        decisions: r.get(13)?,
        origin: r.get(14)?,
    })
}

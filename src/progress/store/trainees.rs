//! Trainees: a name on this machine and an opaque account id, the only id that leaves it.

use super::error::{AtPath, Result, StoreError};
use super::{Store, TraineeId, now_ms};
use crate::engine::scenario::Gender;
use rusqlite::{OptionalExtension, TransactionBehavior, params};

#[derive(Debug, Clone, PartialEq)]
pub struct Trainee {
    pub id: TraineeId,
    pub name: String,
    pub account: String,
    pub created_ms: i64,
    /// How they want to be addressed, for texts whose words agree with the agent (Arabic
    /// "آسف/آسفة"); `None` if they have not said.
    pub agent: Option<Gender>,
    /// What an LMS knows them by, for `export --format lms-csv` (never sent to the LRS).
    pub email: Option<String>,
    pub lms_id: Option<String>,
}

impl Store {
    /// The trainee called `name`, created if new with an opaque account id: derived from the
    /// team and the name when this machine belongs to a team (so the same trainee on another
    /// of the team's machines is the same account), else random.
    pub fn ensure_trainee(&mut self, name: &str) -> Result<Trainee> {
        if let Some(t) = self.trainee(name)? {
            return Ok(t);
        }
        let account = match self.setting(super::settings::TEAM)? {
            Some(team) => team_account(&team, name),
            None => uuid::Uuid::new_v4().simple().to_string(),
        };
        self.conn
            .execute(
                "INSERT INTO trainee (name, account, created_ms) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name) DO NOTHING",
                params![name, account, now_ms()],
            )
            .at(&self.path)?;
        self.trainee(name)?
            .ok_or_else(|| StoreError::NoSuchTrainee(name.to_owned()))
    }

    pub fn trainee(&self, name: &str) -> Result<Option<Trainee>> {
        self.conn
            .query_row(
                "SELECT id, name, account, created_ms, agent, email, lms_id FROM trainee WHERE name = ?1",
                [name],
                trainee_row,
            )
            .optional()
            .at(&self.path)
    }

    pub fn trainee_by_id(&self, id: TraineeId) -> Result<Option<Trainee>> {
        self.conn
            .query_row(
                "SELECT id, name, account, created_ms, agent, email, lms_id FROM trainee WHERE id = ?1",
                [id],
                trainee_row,
            )
            .optional()
            .at(&self.path)
    }

    /// Says how a trainee wants to be addressed (`None`: not said).
    pub fn set_agent(&mut self, id: TraineeId, agent: Option<Gender>) -> Result<()> {
        self.conn
            .execute(
                "UPDATE trainee SET agent = ?2 WHERE id = ?1",
                params![id, agent.map(Gender::key)],
            )
            .at(&self.path)?;
        Ok(())
    }

    pub fn trainee_by_account(&self, account: &str) -> Result<Option<Trainee>> {
        self.conn
            .query_row(
                "SELECT id, name, account, created_ms, agent, email, lms_id FROM trainee WHERE account = ?1",
                [account],
                trainee_row,
            )
            .optional()
            .at(&self.path)
    }

    /// Records what an LMS knows a trainee by (`None` clears it).
    pub fn set_lms_identity(
        &mut self,
        id: TraineeId,
        email: Option<&str>,
        lms_id: Option<&str>,
    ) -> Result<()> {
        self.conn
            .execute(
                "UPDATE trainee SET email = ?2, lms_id = ?3 WHERE id = ?1",
                params![id, email, lms_id],
            )
            .at(&self.path)?;
        Ok(())
    }

    /// A trainee known here only from the LRS: named by the name that travelled with their
    /// statements when there was one (made unique if a local trainee has it), else by their
    /// account.
    pub fn ensure_pulled_trainee(&mut self, account: &str, name: Option<&str>) -> Result<Trainee> {
        if let Some(t) = self.trainee_by_account(account)? {
            return Ok(t);
        }
        let short: String = account.chars().take(8).collect();
        let wanted = match name.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => n.to_owned(),
            None => format!("#{short}"),
        };
        let name = match self.trainee(&wanted)? {
            Some(_) => format!("{wanted} #{short}"),
            None => wanted,
        };
        self.conn
            .execute(
                "INSERT INTO trainee (name, account, created_ms) VALUES (?1, ?2, ?3)
                 ON CONFLICT DO NOTHING",
                params![name, account, now_ms()],
            )
            .at(&self.path)?;
        self.trainee_by_account(account)?
            .ok_or_else(|| StoreError::NoSuchTrainee(name.clone()))
    }

    pub fn trainees(&self) -> Result<Vec<Trainee>> {
        self.conn
            .prepare_cached(
                "SELECT id, name, account, created_ms, agent, email, lms_id FROM trainee ORDER BY name",
            )
            .and_then(|mut s| s.query_map([], trainee_row)?.collect())
            .at(&self.path)
    }

    /// Deletes a trainee and everything recorded of them, for good. Returns how many sessions
    /// went with them.
    pub fn forget(&mut self, name: &str) -> Result<u64> {
        let trainee = self
            .trainee(name)?
            .ok_or_else(|| StoreError::NoSuchTrainee(name.to_owned()))?;
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(&path)?;
        let sessions = tx
            .query_row(
                "SELECT count(*) FROM session WHERE trainee_id = ?1",
                [trainee.id],
                |r| r.get::<_, i64>(0),
            )
            .at(&path)? as u64;
        tx.execute("DELETE FROM trainee WHERE id = ?1", [trainee.id])
            .at(&path)?;
        tx.commit().at(&path)?;
        // Deleted pages may still hold the data until they are reused: scrub them now.
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;")
            .at(&self.path)?;
        Ok(sessions)
    }
}

fn trainee_row(r: &rusqlite::Row) -> rusqlite::Result<Trainee> {
    Ok(Trainee {
        id: r.get(0)?,
        name: r.get(1)?,
        account: r.get(2)?,
        created_ms: r.get(3)?,
        agent: r
            .get::<_, Option<String>>(4)?
            .as_deref()
            .and_then(Gender::from_key),
        email: r.get(5)?,
        lms_id: r.get(6)?,
    })
}

/// The account of `name` in `team`: the same on every machine of the team, and not the name.
pub fn team_account(team: &str, name: &str) -> String {
    let name: String = name
        .trim()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let hash = blake3::hash(format!("rapport-account\0{}\0{name}", team.trim()).as_bytes());
    hash.to_hex()[..32].to_owned()
}

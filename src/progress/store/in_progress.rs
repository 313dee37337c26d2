//! Runs in progress: checkpointed after every decision, so a crash or a closed window loses at
//! most the decision being made, and the run can be resumed.

use super::error::{AtPath, Result};
use super::{Store, TraineeId};
use crate::engine::playthrough::PlayState;
use rusqlite::{OptionalExtension, params};

/// A run in progress, checkpointed after every decision.
#[derive(Debug, Clone, PartialEq)]
pub struct InProgress {
    pub uuid: String,
    pub started_ms: i64,
    pub updated_ms: i64,
    pub state: PlayState,
}

impl Store {
    /// Keeps the run in progress so a crash loses at most the decision being made.
    pub fn checkpoint(&mut self, trainee_id: TraineeId, run: &InProgress) -> Result<()> {
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
            .at(&self.path)?;
        Ok(())
    }

    /// The checkpointed run of this scenario, if any and if it still reads.
    pub fn in_progress(
        &self,
        trainee_id: TraineeId,
        scenario_id: &str,
    ) -> Result<Option<InProgress>> {
        let row: Option<(String, i64, i64, String)> = self
            .conn
            .query_row(
                "SELECT uuid, started_ms, updated_ms, state FROM in_progress
                 WHERE trainee_id = ?1 AND scenario_id = ?2",
                params![trainee_id, scenario_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .at(&self.path)?;
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
    pub fn in_progress_ids(&self, trainee_id: TraineeId) -> Result<Vec<String>> {
        self.conn
            .prepare_cached("SELECT scenario_id FROM in_progress WHERE trainee_id = ?1")
            .and_then(|mut s| s.query_map([trainee_id], |r| r.get(0))?.collect())
            .at(&self.path)
    }

    pub fn discard_in_progress(&mut self, trainee_id: TraineeId, scenario_id: &str) -> Result<()> {
        self.conn
            .execute(
                "DELETE FROM in_progress WHERE trainee_id = ?1 AND scenario_id = ?2",
                params![trainee_id, scenario_id],
            )
            .at(&self.path)?;
        Ok(())
    }
}

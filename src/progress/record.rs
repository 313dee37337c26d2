//! Recording a playthrough as it happens: one checkpoint per decision while it runs, then the
//! whole session in one transaction when it ends or is abandoned. The app and `rapport play`
//! both record through this, so a session looks the same whichever door it came through.

use super::store::{InProgress, Result, SessionId, SessionRecord, Store, TraineeId, now_ms};
use crate::engine::{Playthrough, Rulebook};

/// The recording of one run by one trainee.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorder {
    pub trainee_id: TraineeId,
    /// The session's id everywhere (store, xAPI registration).
    pub uuid: String,
    pub started_ms: i64,
    /// Decisions already kept in the store.
    kept: usize,
}

impl Recorder {
    pub fn new(trainee_id: TraineeId) -> Recorder {
        Recorder {
            trainee_id,
            uuid: uuid::Uuid::new_v4().hyphenated().to_string(),
            started_ms: now_ms(),
            kept: 0,
        }
    }

    /// Continues the recording of a checkpointed run.
    pub fn resumed(trainee_id: TraineeId, saved: &InProgress) -> Recorder {
        Recorder {
            trainee_id,
            uuid: saved.uuid.clone(),
            started_ms: saved.started_ms,
            kept: saved.state.decisions.len(),
        }
    }

    /// Call as often as you like: when a decision was made since the last call (a choice, a
    /// cut-in or a silence), keeps the run so far, or records it once it has ended.
    pub fn observe(&mut self, store: &mut Store, run: &Playthrough) -> Result<()> {
        if run.state().decisions.len() == self.kept {
            return Ok(());
        }
        self.checkpoint(store, run)?;
        self.kept = run.state().decisions.len();
        Ok(())
    }

    /// Keeps the run so far. A finished run is recorded instead.
    pub fn checkpoint(&self, store: &mut Store, run: &Playthrough) -> Result<()> {
        if run.is_finished() {
            return self.finish(store, run).map(|_| ());
        }
        store.checkpoint(
            self.trainee_id,
            &InProgress {
                uuid: self.uuid.clone(),
                started_ms: self.started_ms,
                updated_ms: now_ms(),
                state: run.state().clone(),
            },
        )
    }

    /// Records the finished run (once: recording it again changes nothing). Returns the
    /// session's row id, or `None` if the run has not ended.
    pub fn finish(&self, store: &mut Store, run: &Playthrough) -> Result<Option<SessionId>> {
        let Some(result) = run.result() else {
            return Ok(None);
        };
        let record = SessionRecord::finished(self.uuid.clone(), &result, self.started_ms, now_ms());
        store.record(self.trainee_id, &record).map(Some)
    }

    /// Records a run left before its ending, with what was decided so far, and drops its
    /// checkpoint. A run with no decision yet leaves nothing behind.
    pub fn abandon(&self, store: &mut Store, run: &Playthrough) -> Result<Option<SessionId>> {
        if run.is_finished() {
            return self.finish(store, run);
        }
        let state = run.state();
        if state.decisions.is_empty() {
            store.discard_in_progress(self.trainee_id, &state.scenario_id)?;
            return Ok(None);
        }
        let record = SessionRecord::abandoned(
            self.uuid.clone(),
            state,
            run.rulebook(),
            self.started_ms,
            now_ms(),
        );
        store.record(self.trainee_id, &record).map(Some)
    }

    /// Records a checkpointed run that will not be resumed (the trainee started the scenario
    /// afresh, or the scenario changed under it) as abandoned, scored by `rulebook`.
    pub fn abandon_saved(
        store: &mut Store,
        trainee_id: TraineeId,
        saved: &InProgress,
        rulebook: &Rulebook,
    ) -> Result<Option<SessionId>> {
        if saved.state.decisions.is_empty() {
            store.discard_in_progress(trainee_id, &saved.state.scenario_id)?;
            return Ok(None);
        }
        let record = SessionRecord::abandoned(
            saved.uuid.clone(),
            &saved.state,
            rulebook,
            saved.started_ms,
            saved.updated_ms,
        );
        store.record(trainee_id, &record).map(Some)
    }
}

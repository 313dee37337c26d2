//! A trainee's run from the moment a scenario is opened to the moment it is shown again: a saved
//! run resumed (or, if it cannot or should not be, recorded as abandoned), and a stored session
//! replayed for its debrief. The app and `rapport play --trainee` follow the same rules; none of
//! this needs Bevy, so it is tested on its own.

use super::record::Recorder;
use super::store::{SessionId, SessionSummary, Store, StoreError, TraineeId};
use crate::engine::script::{StepError, replay};
use crate::engine::{PlayEvent, Playthrough, Rulebook, Scenario};
use std::fmt;
use std::sync::Arc;

/// How a run began.
pub struct Begun {
    pub run: Playthrough,
    /// What happened at time zero (empty for a resumed run: it stands where it was left).
    pub events: Vec<PlayEvent>,
    pub recorder: Recorder,
    pub resumed: bool,
    /// A saved run was asked for but the scenario has changed since; it was recorded as
    /// abandoned and a new run began.
    pub saved_run_changed: bool,
}

/// The trainee's run of `scenario`: their saved run resumed when `resume` is set and the run
/// still matches the scenario file, else a new one drawn from `seed`. A saved run that is not
/// resumed is recorded as abandoned, so starting afresh never loses what was decided.
pub fn begin(
    store: &mut Store,
    trainee: TraineeId,
    scenario: Arc<Scenario>,
    rulebook: Arc<Rulebook>,
    resume: bool,
    seed: u64,
) -> Result<Begun, StoreError> {
    let mut saved_run_changed = false;
    if let Some(saved) = store.in_progress(trainee, &scenario.id)? {
        let resumed = resume
            .then(|| {
                Playthrough::resume(
                    Arc::clone(&scenario),
                    Arc::clone(&rulebook),
                    saved.state.clone(),
                )
                .ok()
            })
            .flatten();
        if let Some(run) = resumed {
            return Ok(Begun {
                run,
                events: Vec::new(),
                recorder: Recorder::resumed(trainee, &saved),
                resumed: true,
                saved_run_changed: false,
            });
        }
        saved_run_changed = resume;
        Recorder::abandon_saved(store, trainee, &saved, &rulebook)?;
    }
    let (run, events) = Playthrough::start(scenario, rulebook, seed);
    Ok(Begun {
        run,
        events,
        recorder: Recorder::new(trainee),
        resumed: false,
        saved_run_changed,
    })
}

/// Why a stored session cannot be played again.
#[derive(Debug)]
pub enum ReplayError {
    Store(StoreError),
    NoSuchSession(SessionId),
    /// The scenario file has changed since the session was played.
    ScenarioChanged {
        session: SessionId,
        scenario: String,
    },
    Replay(StepError),
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            ReplayError::Store(e) => e.fmt(f),
            ReplayError::NoSuchSession(id) => write!(f, "no session {id} in the store"),
            ReplayError::ScenarioChanged { session, scenario } => write!(
                f,
                "session {session}: `{scenario}` has changed since it was played"
            ),
            ReplayError::Replay(e) => write!(f, "decision {}: {}", e.index + 1, e.message),
        }
    }
}

impl std::error::Error for ReplayError {}

impl From<StoreError> for ReplayError {
    fn from(e: StoreError) -> Self {
        ReplayError::Store(e)
    }
}

/// A stored session played again from its decisions against `scenario` as it is now (refused
/// if the file changed since): the run as it ended, or as it was left.
pub fn replay_stored(
    store: &Store,
    id: SessionId,
    scenario: Arc<Scenario>,
    rulebook: Arc<Rulebook>,
) -> Result<(SessionSummary, Playthrough), ReplayError> {
    let session = store.session(id)?.ok_or(ReplayError::NoSuchSession(id))?;
    if scenario.hash != session.scenario_hash {
        return Err(ReplayError::ScenarioChanged {
            session: id,
            scenario: session.scenario_id,
        });
    }
    let decisions = store.decisions(id)?;
    let (run, _) =
        replay(scenario, rulebook, session.seed, &decisions).map_err(ReplayError::Replay)?;
    Ok((session, run))
}

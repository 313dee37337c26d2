//! The run on the Play screen, and the finished run the Debrief screen shows. The rules for
//! beginning a run (resume, or record the saved one as abandoned) are the store's
//! (`progress::session`); this holds the run and what the screen has yet to draw.

use crate::app::{Prefs, ProgressStore};
use crate::engine::customer::fresh_seed;
use crate::engine::scenario::Gender;
use crate::engine::script::replay;
use crate::engine::{Debrief, PlayEvent, Playthrough, Rulebook, Scenario};
use crate::present::Words;
use crate::progress::{Recorder, session};
use bevy::prelude::*;
use std::sync::Arc;

/// The run on the Play screen.
#[derive(Resource)]
pub struct Session {
    pub run: Playthrough,
    pub paused: bool,
    /// Events the engine produced that the screen has not drawn yet.
    pub pending: Vec<PlayEvent>,
    /// Shown once at the top of the screen (a saved run that could not be resumed…).
    pub notice: Option<String>,
    /// The run began mid-way (resumed, or replayed to a decision): draw where it stands.
    pub(super) mid_run: bool,
    /// Records the run in the progress store (`None`: practice that is not kept).
    pub recorder: Option<Recorder>,
    /// How the trainee wants to be addressed (from their profile).
    pub agent: Option<Gender>,
}

impl Session {
    /// The current trainee's run of `scenario`, begun by the store's rules: their saved run
    /// resumed when `resume` is set and it still matches, else a new one.
    pub fn begin(
        scenario: Arc<Scenario>,
        rulebook: Arc<Rulebook>,
        resume: bool,
        prefs: &Prefs,
        store: &ProgressStore,
    ) -> Self {
        let seed = fresh_seed();
        let trainee = store.trainee(prefs);
        let agent = trainee.as_ref().and_then(|t| t.agent);
        let begun = trainee.and_then(|t| {
            store.with(|s| {
                session::begin(
                    s,
                    t.id,
                    Arc::clone(&scenario),
                    Arc::clone(&rulebook),
                    resume,
                    seed,
                )
            })
        });
        let Some(begun) = begun else {
            return Session::start(scenario, rulebook, seed, None);
        };
        Session {
            notice: begun.saved_run_changed.then(|| prefs.tr("resume-changed")),
            mid_run: begun.resumed,
            pending: begun.events,
            run: begun.run,
            paused: false,
            recorder: Some(begun.recorder),
            agent,
        }
    }

    /// A run that is not recorded (practice, the screenshot tour) unless `recorded_by` is set.
    pub fn start(
        scenario: Arc<Scenario>,
        rulebook: Arc<Rulebook>,
        seed: u64,
        notice: Option<String>,
    ) -> Self {
        let (run, pending) = Playthrough::start(scenario, rulebook, seed);
        Session {
            run,
            paused: false,
            pending,
            notice,
            mid_run: false,
            recorder: None,
            agent: None,
        }
    }

    /// Has the run recorded in the progress store.
    pub fn recorded_by(mut self, recorder: Option<Recorder>) -> Self {
        self.recorder = recorder;
        self
    }

    /// Addresses the trainee as they asked.
    pub fn addressing(mut self, agent: Option<Gender>) -> Self {
        self.agent = agent;
        self
    }

    /// The run's words, for this trainee.
    pub fn words(&self) -> Words<'_> {
        Words::of(&self.run, self.agent)
    }

    /// The run as it stood just before decision `index` of a finished one (practice).
    pub fn replay_from(
        debrief: &Debrief,
        scenario: Arc<Scenario>,
        rulebook: Arc<Rulebook>,
        index: usize,
        debrief_agent: Option<Gender>,
    ) -> Option<Self> {
        let decisions = &debrief.result.decisions[..index.min(debrief.result.decisions.len())];
        let (run, _) = replay(scenario, rulebook, debrief.result.seed, decisions).ok()?;
        Some(Session {
            run,
            paused: false,
            pending: Vec::new(),
            notice: None,
            mid_run: true,
            recorder: None,
            agent: debrief_agent,
        })
    }
}

/// The finished run the Debrief screen shows.
#[derive(Resource, Clone)]
pub struct LastRun {
    pub scenario: Arc<Scenario>,
    pub rulebook: Arc<Rulebook>,
    pub debrief: Debrief,
    /// How the trainee who played it wants to be addressed.
    pub agent: Option<Gender>,
}

/// Keeps each decision in the store as it is made (by a choice, a cut-in or a silence), and
/// the run as a session once it has ended.
pub(super) fn record(store: Res<ProgressStore>, mut session: ResMut<Session>) {
    let Session { run, recorder, .. } = &mut *session;
    if let Some(recorder) = recorder {
        store.with(|s| recorder.observe(s, run));
    }
}

/// Keeps the run so far now (leaving the screen mid-run).
pub(super) fn keep(store: &ProgressStore, session: &Session) {
    if let Some(recorder) = &session.recorder {
        store.with(|s| recorder.checkpoint(s, &session.run));
    }
}

//! What a run reports: the events a view draws, the decisions the debrief and store keep, and
//! the result of a finished run. Plain data, serialisable, shared by every face of the engine.

use super::scenario::{Happening, Outcome};
use super::score::RuleScore;
use super::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where the current step is in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Time passing before the customer speaks.
    Waiting {
        left_us: u64,
    },
    /// The customer is saying line `line` of the current node.
    Speaking {
        line: usize,
        left_us: u64,
    },
    /// The customer has finished; an answer is due (within `silence_left_us`, if set).
    Answering {
        silence_left_us: Option<u64>,
    },
    Ended,
}

/// What happened, in order, for a view to draw and a transcript to record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum PlayEvent {
    NodeEntered {
        at_ms: u64,
        node: String,
    },
    Happened {
        at_ms: u64,
        happening: Happening,
    },
    LineStarted {
        at_ms: u64,
        line: String,
        duration_ms: u64,
        voice: Option<String>,
    },
    LineFinished {
        at_ms: u64,
        line: String,
        cut: bool,
    },
    ChoicesOffered {
        at_ms: u64,
        choices: Vec<String>,
    },
    TimerStarted {
        at_ms: u64,
        duration_ms: u64,
    },
    TimerExpired {
        at_ms: u64,
    },
    Chose {
        at_ms: u64,
        node: String,
        choice: String,
        interrupted: bool,
    },
    RuleScored {
        at_ms: u64,
        rule: String,
        points: u32,
        upholds: bool,
    },
    PatienceChanged {
        at_ms: u64,
        from: i32,
        to: i32,
    },
    EndingReached {
        at_ms: u64,
        ending: String,
        outcome: Outcome,
    },
}

impl PlayEvent {
    /// When it happened, in milliseconds of run time.
    pub fn at_ms(&self) -> u64 {
        match self {
            PlayEvent::NodeEntered { at_ms, .. }
            | PlayEvent::Happened { at_ms, .. }
            | PlayEvent::LineStarted { at_ms, .. }
            | PlayEvent::LineFinished { at_ms, .. }
            | PlayEvent::ChoicesOffered { at_ms, .. }
            | PlayEvent::TimerStarted { at_ms, .. }
            | PlayEvent::TimerExpired { at_ms }
            | PlayEvent::Chose { at_ms, .. }
            | PlayEvent::RuleScored { at_ms, .. }
            | PlayEvent::PatienceChanged { at_ms, .. }
            | PlayEvent::EndingReached { at_ms, .. } => *at_ms,
        }
    }
}

/// Why a rule effect was applied: the trainee's choice, a cut-in, or silence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EffectSource {
    Choice,
    Interruption,
    Silence,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppliedEffect {
    pub rule: String,
    pub points: u32,
    pub upholds: bool,
    pub why: Text,
    pub source: EffectSource,
}

/// One decision of the trainee (or their silence), with everything the debrief and store need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub node: String,
    /// `None` when the trainee said nothing and the timer ran out.
    pub choice: Option<String>,
    pub at_ms: u64,
    /// The exact run time of the decision, for replays.
    pub at_us: u64,
    /// Time since the choices were offered.
    pub taken_ms: u64,
    pub interrupted: bool,
    pub patience_before: i32,
    pub patience_after: i32,
    pub vars_before: BTreeMap<String, i64>,
    pub effects: Vec<AppliedEffect>,
    /// The choices on offer, in the order the trainee saw them (ids).
    #[serde(default)]
    pub shown: Vec<String>,
}

/// The outcome of a finished run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlayResult {
    pub scenario_id: String,
    pub scenario_hash: String,
    pub seed: u64,
    pub ending: String,
    pub outcome: Outcome,
    /// 0–100.
    pub score: f64,
    pub rules: Vec<RuleScore>,
    pub decisions: Vec<Decision>,
    pub duration_ms: u64,
}

//! A snapshot of where a run stands, for a view that begins drawing mid-run.

use super::Playthrough;
use crate::engine::events::Phase;
use crate::engine::scenario::{Choice, Happening, Line};
use std::time::Duration;

/// A snapshot of a run, from `Playthrough::moment`.
#[derive(Debug, Clone)]
pub struct Moment<'a> {
    pub now_ms: u64,
    /// What is going on at this step (a ringing phone, a customer on hold…).
    pub happenings: Vec<&'a Happening>,
    /// The lines the customer has finished saying at this step.
    pub said: Vec<&'a Line>,
    /// The line being said, and when it began (run time, ms).
    pub speaking: Option<(&'a Line, u64)>,
    /// The choices on offer.
    pub choices: Vec<&'a Choice>,
}

impl Playthrough {
    /// The answer timer while it runs: time left, and its whole length.
    pub fn answer_timer(&self) -> Option<(Duration, Duration)> {
        let Phase::Answering {
            silence_left_us: Some(left_us),
        } = self.state.phase
        else {
            return None;
        };
        let total = self.step()?.silence.as_ref()?.after_ms();
        Some((Duration::from_micros(left_us), Duration::from_millis(total)))
    }

    /// Where the run stands now, for a view that begins drawing mid-run (a resumed run, or a
    /// replay from a decision): what is going on, what the customer has said, what is on offer.
    pub fn moment(&self) -> Moment<'_> {
        let now_ms = self.now_ms();
        let Some(step) = self.step() else {
            return Moment {
                now_ms,
                happenings: Vec::new(),
                said: self.node().lines().iter().collect(),
                speaking: None,
                choices: Vec::new(),
            };
        };
        let (said, speaking) = match self.state.phase {
            Phase::Waiting { .. } => (0, None),
            Phase::Speaking { line, left_us } => {
                let l = &step.lines[line];
                let started = (now_ms + left_us / 1000).saturating_sub(l.duration_ms());
                (line, Some((l, started)))
            }
            Phase::Answering { .. } | Phase::Ended => (step.lines.len(), None),
        };
        Moment {
            now_ms,
            happenings: step
                .happens
                .iter()
                .filter(|h| !matches!(h, Happening::Wait(_)))
                .collect(),
            said: step.lines[..said].iter().collect(),
            speaking,
            choices: self.choices(),
        }
    }
}

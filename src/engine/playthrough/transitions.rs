//! How a run moves from one moment to the next: a silence firing, a decision concluded
//! (effects scored, patience moved, the next node entered), a node entered, a line begun.
//! Private to the runtime; `tick` and `choose` are the only ways in.

use super::Playthrough;
use crate::engine::events::{AppliedEffect, Decision, EffectSource, Phase, PlayEvent};
use crate::engine::rulebook::EffectRef;
use crate::engine::scenario::{Happening, Line, ScenarioNode};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A decision as it is being concluded.
pub(super) struct Draft {
    pub choice: Option<String>,
    pub interrupted: bool,
    pub vars_before: BTreeMap<String, i64>,
    pub effects: Vec<AppliedEffect>,
    pub patience_change: i32,
    pub shown: Vec<String>,
}

impl Playthrough {
    pub(super) fn silence(&mut self, events: &mut Vec<PlayEvent>) {
        let scenario = Arc::clone(&self.scenario);
        let Some(silence) = scenario.node(&self.state.node).and_then(|n| match n {
            ScenarioNode::Step(s) => s.silence.as_ref(),
            ScenarioNode::Ending(_) => None,
        }) else {
            self.state.phase = Phase::Answering {
                silence_left_us: None,
            };
            return;
        };
        let (effects, penalty) = self.rulebook.silence_effects(silence);
        let draft = Draft {
            choice: None,
            interrupted: false,
            vars_before: self.state.vars.clone(),
            effects: effects
                .into_iter()
                .map(|e| applied(e, EffectSource::Silence))
                .collect(),
            patience_change: silence.patience + penalty,
            shown: self.shown_ids(),
        };
        self.conclude(draft, &silence.goto, events);
    }

    /// Scores a decision, moves patience, keeps the decision, and goes on to `goto` (or where
    /// the customer goes when their patience runs out).
    pub(super) fn conclude(&mut self, draft: Draft, goto: &str, events: &mut Vec<PlayEvent>) {
        let Draft {
            choice,
            interrupted,
            vars_before,
            effects,
            patience_change,
            shown,
        } = draft;
        let at_ms = self.now_ms();
        for e in &effects {
            self.state.tally.add(&e.rule, e.points, e.upholds);
            events.push(PlayEvent::RuleScored {
                at_ms,
                rule: e.rule.clone(),
                points: e.points,
                upholds: e.upholds,
            });
        }
        let before = self.state.patience;
        let after = (before + patience_change).clamp(0, 100);
        self.state.patience = after;
        if before != after {
            events.push(PlayEvent::PatienceChanged {
                at_ms,
                from: before,
                to: after,
            });
        }
        self.state.decisions.push(Decision {
            node: self.state.node.clone(),
            choice,
            at_ms,
            at_us: self.state.clock_us,
            taken_ms: (self.state.clock_us - self.state.offered_us) / 1000,
            interrupted,
            patience_before: before,
            patience_after: after,
            vars_before,
            effects,
            shown,
        });
        let next = match &self.scenario.patience_out {
            Some(out) if after == 0 => out.clone(),
            _ => goto.to_owned(),
        };
        self.enter(&next, events);
    }

    pub(super) fn enter(&mut self, node_id: &str, events: &mut Vec<PlayEvent>) {
        let scenario = Arc::clone(&self.scenario);
        let node = scenario
            .node(node_id)
            .expect("validated scenarios only lead to their own nodes");
        self.state.node = node_id.to_owned();
        self.state.offered_us = self.state.clock_us;
        let at_ms = self.now_ms();
        events.push(PlayEvent::NodeEntered {
            at_ms,
            node: node_id.to_owned(),
        });
        match node {
            ScenarioNode::Ending(ending) => {
                for line in &ending.lines {
                    events.push(line_started(at_ms, line));
                }
                self.state.phase = Phase::Ended;
                events.push(PlayEvent::EndingReached {
                    at_ms,
                    ending: ending.id.clone(),
                    outcome: ending.outcome,
                });
            }
            ScenarioNode::Step(step) => {
                let mut wait_us = 0;
                for happening in &step.happens {
                    match happening {
                        Happening::Wait(seconds) => wait_us += (seconds * 1e6).round() as u64,
                        other => events.push(PlayEvent::Happened {
                            at_ms,
                            happening: other.clone(),
                        }),
                    }
                }
                if !step.choices.is_empty() {
                    events.push(PlayEvent::ChoicesOffered {
                        at_ms,
                        choices: self.shown_ids(),
                    });
                }
                if wait_us > 0 {
                    self.state.phase = Phase::Waiting { left_us: wait_us };
                } else {
                    self.start_line(0, events);
                }
            }
        }
    }

    pub(super) fn start_line(&mut self, index: usize, events: &mut Vec<PlayEvent>) {
        let scenario = Arc::clone(&self.scenario);
        let step = match scenario.node(&self.state.node) {
            Some(ScenarioNode::Step(step)) => step,
            _ => return,
        };
        if let Some(line) = step.lines.get(index) {
            events.push(line_started(self.now_ms(), line));
            self.state.phase = Phase::Speaking {
                line: index,
                left_us: line.duration_ms() * 1000,
            };
            return;
        }
        // The customer has finished speaking.
        if step.choices.is_empty()
            && let Some(next) = &step.next
        {
            self.enter(next, events);
            return;
        }
        let silence_left_us = step.silence.as_ref().map(|s| s.after_ms() * 1000);
        if let Some(left) = silence_left_us {
            events.push(PlayEvent::TimerStarted {
                at_ms: self.now_ms(),
                duration_ms: left / 1000,
            });
        }
        self.state.phase = Phase::Answering { silence_left_us };
        debug_assert!(self.step().is_some());
    }
}

pub(super) fn applied<'a>(effect: impl Into<EffectRef<'a>>, source: EffectSource) -> AppliedEffect {
    let e = effect.into();
    AppliedEffect {
        rule: e.rule.to_owned(),
        points: e.points,
        upholds: e.upholds,
        why: e.why.clone(),
        source,
    }
}

fn line_started(at_ms: u64, line: &Line) -> PlayEvent {
    PlayEvent::LineStarted {
        at_ms,
        line: line.id.clone(),
        duration_ms: line.duration_ms(),
        voice: line.voice.clone(),
    }
}

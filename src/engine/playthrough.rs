//! The runtime: a pure state machine that plays one scenario. Time arrives through `tick`,
//! the trainee through `choose`; it answers with `PlayEvent`s and never reads a clock or a disk.
//! Same scenario, seed and inputs give the same events and score, always.

use super::customer::CustomerDraw;
use super::events::{AppliedEffect, Decision, EffectSource, Phase, PlayEvent, PlayResult};
use super::order;
use super::rulebook::Rulebook;
use super::scenario::{Choice, Scenario, ScenarioNode, Step};
use super::score::Tally;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

mod moment;
mod transitions;

pub use moment::Moment;
use transitions::{Draft, applied};

/// Everything needed to resume a run later: serde-serialisable, checked against the scenario hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlayState {
    pub scenario_id: String,
    pub scenario_hash: String,
    pub seed: u64,
    pub customer: CustomerDraw,
    pub clock_us: u64,
    pub node: String,
    pub offered_us: u64,
    pub phase: Phase,
    pub patience: i32,
    pub vars: BTreeMap<String, i64>,
    pub tally: Tally,
    pub decisions: Vec<Decision>,
}

/// Where and how a run starts when not at the scenario's start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StartAt {
    pub node: String,
    /// Starting patience (0–100); the drawn customer's mood when `None`.
    pub patience: Option<i32>,
    pub vars: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartError {
    UnknownNode { node: String, hint: String },
    UnknownVariable { var: String, known: Vec<String> },
    Patience(i32),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            StartError::UnknownNode { node, hint } => {
                write!(f, "`{node}` is not a node of this scenario{hint}")
            }
            StartError::UnknownVariable { var, known } if known.is_empty() => {
                write!(f, "`{var}`: this scenario has no variables")
            }
            StartError::UnknownVariable { var, known } => {
                write!(
                    f,
                    "`{var}` is not a variable of this scenario (it has: {})",
                    known.join(", ")
                )
            }
            StartError::Patience(p) => write!(f, "patience {p}: give 0 to 100"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChooseError {
    Finished,
    NoSuchChoice(String),
    NotAvailable(String),
}

impl fmt::Display for ChooseError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            ChooseError::Finished => write!(f, "the scenario has already ended"),
            ChooseError::NoSuchChoice(id) => write!(f, "`{id}` is not a choice at this moment"),
            ChooseError::NotAvailable(id) => {
                write!(
                    f,
                    "`{id}` is not on offer right now (its condition does not hold)"
                )
            }
        }
    }
}

impl std::error::Error for ChooseError {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResumeError {
    WrongScenario { saved: String, loaded: String },
    ScenarioChanged,
    UnknownNode(String),
}

impl fmt::Display for ResumeError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            ResumeError::WrongScenario { saved, loaded } => {
                write!(f, "the saved run is of `{saved}`, not `{loaded}`")
            }
            ResumeError::ScenarioChanged => {
                write!(f, "the scenario file changed since this run was saved")
            }
            ResumeError::UnknownNode(n) => {
                write!(f, "the saved run stands at `{n}`, which is gone")
            }
        }
    }
}

impl std::error::Error for ResumeError {}

/// Whether choosing this while the customer speaks is cutting in: on a live channel, unless
/// the choice says it is right there. One definition for the runtime, the analysis and the
/// debrief.
pub fn cuts_in(scenario: &Scenario, choice: &Choice) -> bool {
    scenario.channel.is_live() && !choice.may_interrupt
}

/// Guards `tick` against a scenario that loops without time passing (the checker rejects those).
pub(super) const MAX_TRANSITIONS_PER_CALL: usize = 10_000;

pub struct Playthrough {
    scenario: Arc<Scenario>,
    rulebook: Arc<Rulebook>,
    state: PlayState,
}

impl Playthrough {
    /// Starts a run; the returned events are what happens at time zero.
    pub fn start(
        scenario: Arc<Scenario>,
        rulebook: Arc<Rulebook>,
        seed: u64,
    ) -> (Self, Vec<PlayEvent>) {
        let at = StartAt {
            node: scenario.start.clone(),
            ..StartAt::default()
        };
        Self::begin(scenario, rulebook, seed, &at)
    }

    /// Starts a run at a moment of the scenario other than its start, with the state a trainer
    /// chose (the authoring studio's "play from here", `rapport play --from`): the customer is
    /// drawn from `seed` as usual, then patience and variables are as `from` says. What happened
    /// before is not played, so only the decisions from here on are scored.
    pub fn start_from(
        scenario: Arc<Scenario>,
        rulebook: Arc<Rulebook>,
        seed: u64,
        from: &StartAt,
    ) -> Result<(Self, Vec<PlayEvent>), StartError> {
        if scenario.node(&from.node).is_none() {
            return Err(StartError::UnknownNode {
                node: from.node.clone(),
                hint: crate::engine::suggest::suggest(
                    &from.node,
                    scenario.nodes.iter().map(|n| n.id()),
                ),
            });
        }
        let known = scenario.variables();
        if let Some(var) = from.vars.keys().find(|v| !known.contains(v.as_str())) {
            return Err(StartError::UnknownVariable {
                var: var.clone(),
                known: known.iter().map(|v| (*v).to_owned()).collect(),
            });
        }
        if let Some(p) = from.patience
            && !(0..=100).contains(&p)
        {
            return Err(StartError::Patience(p));
        }
        Ok(Self::begin(scenario, rulebook, seed, from))
    }

    /// A run at `at`, checked by the caller: the customer drawn from `seed`, then entering the
    /// node.
    fn begin(
        scenario: Arc<Scenario>,
        rulebook: Arc<Rulebook>,
        seed: u64,
        at: &StartAt,
    ) -> (Self, Vec<PlayEvent>) {
        let customer = CustomerDraw::draw(&scenario, seed);
        let state = PlayState {
            scenario_id: scenario.id.clone(),
            scenario_hash: scenario.hash.clone(),
            seed,
            patience: at.patience.unwrap_or(customer.mood),
            customer,
            clock_us: 0,
            node: at.node.clone(),
            offered_us: 0,
            phase: Phase::Ended,
            vars: at.vars.clone(),
            tally: Tally::default(),
            decisions: Vec::new(),
        };
        let mut run = Playthrough {
            scenario,
            rulebook,
            state,
        };
        let mut events = Vec::new();
        run.enter(&at.node, &mut events);
        (run, events)
    }

    /// Picks up a saved run, refusing one saved against another version of the scenario.
    pub fn resume(
        scenario: Arc<Scenario>,
        rulebook: Arc<Rulebook>,
        state: PlayState,
    ) -> Result<Self, ResumeError> {
        if state.scenario_id != scenario.id {
            return Err(ResumeError::WrongScenario {
                saved: state.scenario_id,
                loaded: scenario.id.clone(),
            });
        }
        if state.scenario_hash != scenario.hash {
            return Err(ResumeError::ScenarioChanged);
        }
        if scenario.node(&state.node).is_none() {
            return Err(ResumeError::UnknownNode(state.node));
        }
        Ok(Playthrough {
            scenario,
            rulebook,
            state,
        })
    }

    pub fn state(&self) -> &PlayState {
        &self.state
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    pub fn rulebook(&self) -> &Arc<Rulebook> {
        &self.rulebook
    }

    pub fn phase(&self) -> Phase {
        self.state.phase
    }

    pub fn is_finished(&self) -> bool {
        self.state.phase == Phase::Ended
    }

    pub fn patience(&self) -> i32 {
        self.state.patience
    }

    pub fn node(&self) -> &ScenarioNode {
        self.scenario
            .node(&self.state.node)
            .expect("a playthrough only stands on nodes of its scenario")
    }

    /// The choices on offer now (conditions applied), in the order this run shows them.
    pub fn choices(&self) -> Vec<&Choice> {
        match (self.node(), self.state.phase) {
            (_, Phase::Ended) => Vec::new(),
            (ScenarioNode::Step(step), _) => self.offered(step),
            (ScenarioNode::Ending(_), _) => Vec::new(),
        }
    }

    /// How long until the current phase moves on by itself (`None` while waiting for the trainee).
    pub fn phase_left(&self) -> Option<Duration> {
        match self.state.phase {
            Phase::Waiting { left_us } | Phase::Speaking { left_us, .. } => {
                Some(Duration::from_micros(left_us))
            }
            Phase::Answering {
                silence_left_us: Some(left_us),
            } => Some(Duration::from_micros(left_us)),
            _ => None,
        }
    }

    /// Lets `dt` of time pass.
    pub fn tick(&mut self, dt: Duration) -> Vec<PlayEvent> {
        let mut events = Vec::new();
        let mut left = dt.as_micros().min(u64::MAX as u128) as u64;
        for _ in 0..MAX_TRANSITIONS_PER_CALL {
            match self.state.phase {
                Phase::Ended => break,
                Phase::Answering {
                    silence_left_us: None,
                } => {
                    self.state.clock_us += left;
                    break;
                }
                Phase::Waiting { left_us } if left < left_us => {
                    self.state.clock_us += left;
                    self.state.phase = Phase::Waiting {
                        left_us: left_us - left,
                    };
                    break;
                }
                Phase::Speaking { line, left_us } if left < left_us => {
                    self.state.clock_us += left;
                    self.state.phase = Phase::Speaking {
                        line,
                        left_us: left_us - left,
                    };
                    break;
                }
                Phase::Answering {
                    silence_left_us: Some(left_us),
                } if left < left_us => {
                    self.state.clock_us += left;
                    self.state.phase = Phase::Answering {
                        silence_left_us: Some(left_us - left),
                    };
                    break;
                }
                Phase::Waiting { left_us } => {
                    left -= left_us;
                    self.state.clock_us += left_us;
                    self.start_line(0, &mut events);
                }
                Phase::Speaking { line, left_us } => {
                    left -= left_us;
                    self.state.clock_us += left_us;
                    events.push(PlayEvent::LineFinished {
                        at_ms: self.now_ms(),
                        line: self.node().lines()[line].id.clone(),
                        cut: false,
                    });
                    self.start_line(line + 1, &mut events);
                }
                Phase::Answering {
                    silence_left_us: Some(left_us),
                } => {
                    left -= left_us;
                    self.state.clock_us += left_us;
                    events.push(PlayEvent::TimerExpired {
                        at_ms: self.now_ms(),
                    });
                    self.silence(&mut events);
                }
            }
        }
        events
    }

    /// The trainee picks a choice. Picking while the customer speaks is an interruption,
    /// scored by the rulebook, unless the choice says cutting in is right there.
    pub fn choose(&mut self, choice_id: &str) -> Result<Vec<PlayEvent>, ChooseError> {
        if self.is_finished() {
            return Err(ChooseError::Finished);
        }
        let scenario = Arc::clone(&self.scenario);
        let ScenarioNode::Step(step) = scenario
            .node(&self.state.node)
            .expect("a playthrough only stands on nodes of its scenario")
        else {
            return Err(ChooseError::Finished);
        };
        let choice = step
            .choices
            .iter()
            .find(|c| c.id == choice_id)
            .ok_or_else(|| ChooseError::NoSuchChoice(choice_id.to_owned()))?;
        if !self.available(choice) {
            return Err(ChooseError::NotAvailable(choice_id.to_owned()));
        }
        let shown = self.shown_ids();
        let mut events = Vec::new();
        let speaking = match self.state.phase {
            Phase::Speaking { line, .. } => Some(line),
            _ => None,
        };
        if let Some(line) = speaking {
            events.push(PlayEvent::LineFinished {
                at_ms: self.now_ms(),
                line: step.lines[line].id.clone(),
                cut: true,
            });
        }
        let interrupted = speaking.is_some() && cuts_in(&self.scenario, choice);
        events.push(PlayEvent::Chose {
            at_ms: self.now_ms(),
            node: step.id.clone(),
            choice: choice.id.clone(),
            interrupted,
        });
        let mut effects = Vec::new();
        let mut patience_change = choice.patience;
        if interrupted {
            let int = &self.rulebook.interruption;
            effects.push(AppliedEffect {
                rule: int.rule.clone(),
                points: int.points,
                upholds: false,
                why: int.why.clone(),
                source: EffectSource::Interruption,
            });
            patience_change += int.patience;
        }
        effects.extend(
            choice
                .rules
                .iter()
                .map(|e| applied(e, EffectSource::Choice)),
        );
        let vars_before = self.state.vars.clone();
        for (var, value) in &choice.set {
            self.state.vars.insert(var.clone(), *value);
        }
        for (var, delta) in &choice.add {
            *self.state.vars.entry(var.clone()).or_default() += delta;
        }
        self.conclude(
            Draft {
                choice: Some(choice.id.clone()),
                interrupted,
                vars_before,
                effects,
                patience_change,
                shown,
            },
            &choice.goto,
            &mut events,
        );
        Ok(events)
    }

    /// The result, once an ending is reached.
    pub fn result(&self) -> Option<PlayResult> {
        let ScenarioNode::Ending(ending) = self.node() else {
            return None;
        };
        Some(PlayResult {
            scenario_id: self.state.scenario_id.clone(),
            scenario_hash: self.state.scenario_hash.clone(),
            seed: self.state.seed,
            ending: ending.id.clone(),
            outcome: ending.outcome,
            score: self.state.tally.overall(&self.rulebook),
            rules: self.state.tally.rule_scores(),
            decisions: self.state.decisions.clone(),
            duration_ms: self.now_ms(),
        })
    }

    fn now_ms(&self) -> u64 {
        self.state.clock_us / 1000
    }

    /// A step's choices whose conditions hold, in the order this run shows them.
    fn offered<'a>(&'a self, step: &'a Step) -> Vec<&'a Choice> {
        order::shown(step, self.state.seed)
            .into_iter()
            .map(|i| &step.choices[i])
            .filter(|c| self.available(c))
            .collect()
    }

    /// The ids of the current step's choices on offer, as shown: what the trainee sees.
    fn shown_ids(&self) -> Vec<String> {
        self.step()
            .map(|step| self.offered(step).iter().map(|c| c.id.clone()).collect())
            .unwrap_or_default()
    }

    fn available(&self, choice: &Choice) -> bool {
        choice.when.as_ref().is_none_or(|cond| {
            cond.holds(
                &|v| self.state.vars.get(v).copied().unwrap_or(0),
                self.state.patience,
            )
        })
    }

    fn step(&self) -> Option<&Step> {
        match self.node() {
            ScenarioNode::Step(step) => Some(step),
            ScenarioNode::Ending(_) => None,
        }
    }
}

#[cfg(test)]
mod tests;

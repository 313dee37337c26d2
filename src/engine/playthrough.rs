//! The runtime: a pure state machine that plays one scenario. Time arrives through `tick`,
//! the trainee through `choose`; it answers with `PlayEvent`s and never reads a clock or a disk.
//! Same scenario, seed and inputs give the same events and score, always.

use super::rulebook::Rulebook;
use super::scenario::{Choice, Detail, Happening, Node, Outcome, RuleEffect, Scenario, Step};
use super::score::{RuleScore, Tally};
use super::text::{Text, fill};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The step a plan or `--choices` list writes for staying silent until the timer runs out.
pub const SILENCE_STEP: &str = "...";
/// The prefix a plan or `--choices` list writes for cutting in while the customer speaks.
pub const CUT_IN_PREFIX: char = '!';

/// The customer drawn for one run.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CustomerDraw {
    /// Index into the scenario's `customer.names`.
    pub name: usize,
    pub details: BTreeMap<String, DrawnDetail>,
    /// Starting patience.
    pub mood: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DrawnDetail {
    Number(u64),
    Pick(usize),
}

impl CustomerDraw {
    /// Draws the customer for `seed`: the only randomness in a run.
    pub fn draw(scenario: &Scenario, seed: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let c = &scenario.customer;
        let name = rng.random_range(0..c.names.len().max(1));
        let details = c
            .details
            .iter()
            .map(|(key, detail)| {
                let drawn = match detail {
                    Detail::Number(lo, hi) => DrawnDetail::Number(rng.random_range(*lo..=*hi)),
                    Detail::OneOf(options) => {
                        DrawnDetail::Pick(rng.random_range(0..options.len().max(1)))
                    }
                };
                (key.clone(), drawn)
            })
            .collect();
        let (lo, hi) = c.mood;
        let mood = i32::from(rng.random_range(lo..=hi.max(lo)));
        CustomerDraw {
            name,
            details,
            mood,
        }
    }
}

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
}

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

/// Guards `tick` against a scenario that loops without time passing (the checker rejects those).
const MAX_TRANSITIONS_PER_CALL: usize = 10_000;

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
        let customer = CustomerDraw::draw(&scenario, seed);
        let state = PlayState {
            scenario_id: scenario.id.clone(),
            scenario_hash: scenario.hash.clone(),
            seed,
            patience: customer.mood,
            customer,
            clock_us: 0,
            node: scenario.start.clone(),
            offered_us: 0,
            phase: Phase::Ended,
            vars: BTreeMap::new(),
            tally: Tally::default(),
            decisions: Vec::new(),
        };
        let mut run = Playthrough {
            scenario,
            rulebook,
            state,
        };
        let mut events = Vec::new();
        let start = run.state.node.clone();
        run.enter(&start, &mut events);
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

    pub fn node(&self) -> &Node {
        self.scenario
            .node(&self.state.node)
            .expect("a playthrough only stands on nodes of its scenario")
    }

    /// The choices on offer now (conditions applied), in the order the author wrote them.
    pub fn choices(&self) -> Vec<&Choice> {
        match (self.node(), self.state.phase) {
            (_, Phase::Ended) => Vec::new(),
            (Node::Step(step), _) => step.choices.iter().filter(|c| self.available(c)).collect(),
            (Node::Ending(_), _) => Vec::new(),
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

    /// The values placeholders are filled with, in `lang`.
    pub fn values(&self, lang: &str) -> BTreeMap<String, String> {
        let c = &self.scenario.customer;
        let mut values = BTreeMap::new();
        if let Some(name) = c.names.get(self.state.customer.name) {
            values.insert("name".to_owned(), name.get(lang).to_owned());
        }
        for (key, drawn) in &self.state.customer.details {
            let value = match (c.details.get(key), drawn) {
                (_, DrawnDetail::Number(n)) => n.to_string(),
                (Some(Detail::OneOf(options)), DrawnDetail::Pick(i)) => options
                    .get(*i)
                    .map(|t| t.get(lang).to_owned())
                    .unwrap_or_default(),
                _ => String::new(),
            };
            values.insert(key.clone(), value);
        }
        values
    }

    /// A scenario text as this run's trainee reads it: translated and with placeholders filled.
    pub fn render(&self, text: &Text, lang: &str) -> String {
        fill(text.get(lang), &self.values(lang))
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
        let Node::Step(step) = scenario
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
        let interrupted = speaking.is_some() && !choice.may_interrupt;
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
            Some(choice.id.clone()),
            interrupted,
            vars_before,
            effects,
            patience_change,
            &choice.goto,
            &mut events,
        );
        Ok(events)
    }

    /// The result, once an ending is reached.
    pub fn result(&self) -> Option<PlayResult> {
        let Node::Ending(ending) = self.node() else {
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
            Node::Step(step) => Some(step),
            Node::Ending(_) => None,
        }
    }

    fn silence(&mut self, events: &mut Vec<PlayEvent>) {
        let scenario = Arc::clone(&self.scenario);
        let Some(silence) = scenario.node(&self.state.node).and_then(|n| match n {
            Node::Step(s) => s.silence.as_ref(),
            Node::Ending(_) => None,
        }) else {
            self.state.phase = Phase::Answering {
                silence_left_us: None,
            };
            return;
        };
        let effects = silence
            .rules
            .iter()
            .map(|e| applied(e, EffectSource::Silence))
            .collect();
        let vars_before = self.state.vars.clone();
        self.conclude(
            None,
            false,
            vars_before,
            effects,
            silence.patience,
            &silence.goto,
            events,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn conclude(
        &mut self,
        choice: Option<String>,
        interrupted: bool,
        vars_before: BTreeMap<String, i64>,
        effects: Vec<AppliedEffect>,
        patience_change: i32,
        goto: &str,
        events: &mut Vec<PlayEvent>,
    ) {
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
        });
        let next = match &self.scenario.patience_out {
            Some(out) if after == 0 => out.clone(),
            _ => goto.to_owned(),
        };
        self.enter(&next, events);
    }

    fn enter(&mut self, node_id: &str, events: &mut Vec<PlayEvent>) {
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
            Node::Ending(ending) => {
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
            Node::Step(step) => {
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
                        choices: step
                            .choices
                            .iter()
                            .filter(|c| self.available(c))
                            .map(|c| c.id.clone())
                            .collect(),
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

    fn start_line(&mut self, index: usize, events: &mut Vec<PlayEvent>) {
        let scenario = Arc::clone(&self.scenario);
        let step = match scenario.node(&self.state.node) {
            Some(Node::Step(step)) => step,
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

fn applied(effect: &RuleEffect, source: EffectSource) -> AppliedEffect {
    AppliedEffect {
        rule: effect.rule().to_owned(),
        points: effect.points(),
        upholds: effect.upholds(),
        why: effect.why().clone(),
        source,
    }
}

fn line_started(at_ms: u64, line: &super::scenario::Line) -> PlayEvent {
    PlayEvent::LineStarted {
        at_ms,
        line: line.id.clone(),
        duration_ms: line.duration_ms(),
        voice: line.voice.clone(),
    }
}

/// What went wrong with one step of a scripted run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepError {
    /// 0-based index of the step in the list.
    pub index: usize,
    pub message: String,
}

/// Plays a run without a person: each step is a choice id (answered once the customer has
/// finished), `!id` (cut in as the customer starts speaking) or `...` (silence until the timer
/// runs out). Returns the run and every event, in order.
pub fn play_steps(
    scenario: Arc<Scenario>,
    rulebook: Arc<Rulebook>,
    seed: u64,
    steps: &[impl AsRef<str>],
) -> Result<(Playthrough, Vec<PlayEvent>), StepError> {
    let (mut run, mut events) = Playthrough::start(scenario, rulebook, seed);
    for (index, step) in steps.iter().enumerate() {
        let step = step.as_ref().trim();
        let fail = |message: String| StepError { index, message };
        if run.is_finished() {
            return Err(fail(format!(
                "`{step}`: the scenario already ended at `{}`",
                run.state.node
            )));
        }
        if step == SILENCE_STEP {
            run_until(&mut run, &mut events, |p| {
                matches!(p, Phase::Answering { .. })
            });
            if !matches!(
                run.phase(),
                Phase::Answering {
                    silence_left_us: Some(_)
                }
            ) {
                return Err(fail(format!(
                    "`...`: nothing happens on silence at `{}` (it has no `silence`)",
                    run.state.node
                )));
            }
            let left = run.phase_left().unwrap_or_default();
            events.extend(run.tick(left));
        } else if let Some(id) = step.strip_prefix(CUT_IN_PREFIX) {
            run_until(&mut run, &mut events, |p| {
                matches!(p, Phase::Speaking { .. } | Phase::Answering { .. })
            });
            if !matches!(run.phase(), Phase::Speaking { .. }) {
                return Err(fail(format!(
                    "`{step}`: nobody is speaking at `{}` to cut in on",
                    run.state.node
                )));
            }
            events.extend(run.choose(id).map_err(|e| fail(e.to_string()))?);
        } else {
            run_until(&mut run, &mut events, |p| {
                matches!(p, Phase::Answering { .. })
            });
            events.extend(
                run.choose(step)
                    .map_err(|e| fail(format!("at `{}`: {e}", run.state.node)))?,
            );
        }
    }
    Ok((run, events))
}

/// Replays recorded decisions exactly: the same seed, each decision at the time it was made.
/// Used to resume a stored session and to "replay from this decision".
pub fn replay(
    scenario: Arc<Scenario>,
    rulebook: Arc<Rulebook>,
    seed: u64,
    decisions: &[Decision],
) -> Result<(Playthrough, Vec<PlayEvent>), StepError> {
    let (mut run, mut events) = Playthrough::start(scenario, rulebook, seed);
    for (index, d) in decisions.iter().enumerate() {
        let fail = |message: String| StepError { index, message };
        if d.at_us > run.state.clock_us {
            let before = run.state.decisions.len();
            events.extend(run.tick(Duration::from_micros(d.at_us - run.state.clock_us)));
            if run.state.decisions.len() != before && d.choice.is_some() {
                return Err(fail("a silence fired before this decision was made".into()));
            }
        }
        match &d.choice {
            Some(id) => events.extend(run.choose(id).map_err(|e| fail(e.to_string()))?),
            None if run.state.decisions.len() == index + 1 => {}
            None => return Err(fail("the recorded silence did not happen".into())),
        }
        if run.state.decisions[index].node != d.node {
            return Err(fail(format!(
                "decision {} was made at `{}`, not `{}`",
                index + 1,
                d.node,
                run.state.decisions[index].node
            )));
        }
    }
    Ok((run, events))
}

/// Lets time pass, one phase at a time, until `done` holds or the run waits on the trainee.
fn run_until(run: &mut Playthrough, events: &mut Vec<PlayEvent>, done: impl Fn(Phase) -> bool) {
    for _ in 0..MAX_TRANSITIONS_PER_CALL {
        let phase = run.phase();
        if done(phase) || phase == Phase::Ended {
            return;
        }
        match run.phase_left() {
            Some(left) if !matches!(phase, Phase::Answering { .. }) => {
                events.extend(run.tick(left))
            }
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::load::{default_rulebook, load_scenario_str};

    const SRC: &str = r#"Scenario(
        id: "t", title: "T", briefing: "B", channel: Phone, function: HandlingProblem,
        difficulty: 1, minutes: 1,
        customer: (names: ["Ann", "Bob"], details: {"order": Number(1, 9)}, mood: (10, 90)),
        start: "a", patience_out: "gone",
        nodes: [
            Step(id: "a", happens: [Wait(1)],
                lines: [(id: "l1", text: "One {order}", seconds: 2), (id: "l2", text: "Two", seconds: 3)],
                choices: [
                    (id: "good", text: "G", patience: 5, rules: [Upholds(rule: "listen", points: 2, why: "w")], goto: "b"),
                    (id: "urgent", text: "U", may_interrupt: true, goto: "b"),
                    (id: "rude", text: "R", patience: -100, goto: "b"),
                ],
                silence: (after: 4, goto: "b", rules: [Breaks(rule: "contact", points: 1, why: "s")])),
            Step(id: "b", lines: [(id: "l3", text: "Bye", seconds: 1)], next: "end"),
            Ending(id: "end", outcome: Retained, summary: "ok"),
            Ending(id: "gone", outcome: Lost, summary: "lost"),
        ])"#;

    fn scenario() -> (Arc<Scenario>, Arc<Rulebook>) {
        let book = Arc::new(default_rulebook());
        let loaded = load_scenario_str("t.ron", SRC, &book);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        (loaded.scenario.unwrap(), book)
    }

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn lines_play_after_the_wait_and_the_timer_starts_when_the_customer_finishes() {
        let (s, b) = scenario();
        let (mut run, start) = Playthrough::start(s, b, 7);
        assert!(
            start.iter().any(
                |e| matches!(e, PlayEvent::ChoicesOffered { choices, .. } if choices.len() == 3)
            )
        );
        assert!(
            !start
                .iter()
                .any(|e| matches!(e, PlayEvent::LineStarted { .. }))
        );
        let events = run.tick(ms(999));
        assert!(events.is_empty());
        let events = run.tick(ms(1));
        assert!(
            matches!(&events[..], [PlayEvent::LineStarted { at_ms: 1000, line, .. }] if line == "l1")
        );
        let events = run.tick(ms(5000));
        let kinds: Vec<_> = events
            .iter()
            .map(|e| match e {
                PlayEvent::LineFinished { line, .. } => format!("fin {line}"),
                PlayEvent::LineStarted { line, .. } => format!("start {line}"),
                PlayEvent::TimerStarted { at_ms, duration_ms } => {
                    format!("timer {at_ms} {duration_ms}")
                }
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(kinds, ["fin l1", "start l2", "fin l2", "timer 6000 4000"]);
    }

    #[test]
    fn choosing_while_the_customer_speaks_is_an_interruption() {
        let (s, b) = scenario();
        let (mut run, _) = Playthrough::start(s, b, 7);
        run.tick(ms(1500));
        let events = run.choose("good").unwrap();
        assert!(
            events
                .iter()
                .any(|e| matches!(e, PlayEvent::LineFinished { cut: true, .. }))
        );
        assert!(events.iter().any(|e| matches!(
            e,
            PlayEvent::Chose {
                interrupted: true,
                ..
            }
        )));
        let d = &run.state().decisions[0];
        assert!(d.interrupted);
        assert_eq!(d.effects[0].source, EffectSource::Interruption);
        assert_eq!(
            (d.effects[0].rule.as_str(), d.effects[0].upholds),
            ("listen", false)
        );
    }

    #[test]
    fn choosing_during_the_wait_or_after_speech_is_not_an_interruption() {
        let (s, b) = scenario();
        let (mut run, _) = Playthrough::start(Arc::clone(&s), Arc::clone(&b), 7);
        run.tick(ms(500));
        run.choose("good").unwrap();
        assert!(!run.state().decisions[0].interrupted);
        let (mut run, _) = Playthrough::start(s, b, 7);
        run.tick(ms(6000));
        run.choose("good").unwrap();
        assert!(!run.state().decisions[0].interrupted);
        assert_eq!(run.state().decisions[0].taken_ms, 6000);
    }

    #[test]
    fn a_choice_may_say_cutting_in_is_right() {
        let (s, b) = scenario();
        let (mut run, _) = Playthrough::start(s, b, 7);
        run.tick(ms(1500));
        let events = run.choose("urgent").unwrap();
        assert!(events.iter().any(|e| matches!(
            e,
            PlayEvent::Chose {
                interrupted: false,
                ..
            }
        )));
        assert!(run.state().decisions[0].effects.is_empty());
    }

    #[test]
    fn silence_fires_when_the_timer_runs_out() {
        let (s, b) = scenario();
        let (mut run, _) = Playthrough::start(s, b, 7);
        let events = run.tick(ms(6000 + 3999));
        assert!(
            !events
                .iter()
                .any(|e| matches!(e, PlayEvent::TimerExpired { .. }))
        );
        let events = run.tick(ms(1));
        assert!(matches!(
            events[0],
            PlayEvent::TimerExpired { at_ms: 10_000 }
        ));
        assert_eq!(run.state().decisions[0].choice, None);
        assert_eq!(run.state().node, "b");
        // `b` leads on by itself once its line is said.
        run.tick(ms(1000));
        let result = run.result().unwrap();
        assert_eq!(result.ending, "end");
        assert_eq!(result.score, 0.0);
    }

    #[test]
    fn patience_reaching_zero_goes_to_patience_out() {
        let (s, b) = scenario();
        let (mut run, _) = Playthrough::start(s, b, 7);
        run.tick(ms(6000));
        run.choose("rude").unwrap();
        assert_eq!(run.patience(), 0);
        assert_eq!(run.result().unwrap().ending, "gone");
    }

    #[test]
    fn bad_choices_are_refused_without_changing_anything() {
        let (s, b) = scenario();
        let (mut run, _) = Playthrough::start(s, b, 7);
        let before = run.state().clone();
        assert_eq!(
            run.choose("nope"),
            Err(ChooseError::NoSuchChoice("nope".into()))
        );
        assert_eq!(run.state(), &before);
        run.tick(ms(6000));
        run.choose("rude").unwrap();
        assert_eq!(run.choose("good"), Err(ChooseError::Finished));
    }

    #[test]
    fn same_seed_and_inputs_give_the_same_events_and_another_seed_another_customer() {
        let (s, b) = scenario();
        let play = |seed| {
            let (mut run, mut events) = Playthrough::start(Arc::clone(&s), Arc::clone(&b), seed);
            events.extend(run.tick(ms(1700)));
            events.extend(run.choose("good").unwrap());
            events.extend(run.tick(ms(5000)));
            (events, run.state().clone())
        };
        assert_eq!(play(42), play(42));
        let customers: std::collections::HashSet<_> =
            (0..20).map(|seed| play(seed).1.customer).collect();
        assert!(customers.len() > 5, "seeds should vary the customer");
    }

    #[test]
    fn a_saved_run_resumes_exactly_and_refuses_another_version() {
        let (s, b) = scenario();
        let (mut run, _) = Playthrough::start(Arc::clone(&s), Arc::clone(&b), 3);
        run.tick(ms(6500));
        let saved = ron::to_string(run.state()).unwrap();
        let state: PlayState = ron::from_str(&saved).unwrap();
        let mut resumed =
            Playthrough::resume(Arc::clone(&s), Arc::clone(&b), state.clone()).unwrap();
        assert_eq!(resumed.choose("good").unwrap(), run.choose("good").unwrap());
        assert_eq!(resumed.tick(ms(2000)), run.tick(ms(2000)));
        assert_eq!(resumed.result(), run.result());

        let edited = load_scenario_str("t.ron", &SRC.replace("\"Bye\"", "\"Goodbye\""), &b)
            .scenario
            .unwrap();
        assert_eq!(
            Playthrough::resume(edited, b, state).err(),
            Some(ResumeError::ScenarioChanged)
        );
    }

    #[test]
    fn scripted_steps_cut_in_stay_silent_and_report_bad_steps() {
        let (s, b) = scenario();
        let (run, _) = play_steps(Arc::clone(&s), Arc::clone(&b), 1, &["!good"]).unwrap();
        assert!(run.state().decisions[0].interrupted);
        let (run, _) = play_steps(Arc::clone(&s), Arc::clone(&b), 1, &["..."]).unwrap();
        assert_eq!(run.state().decisions[0].choice, None);
        let err = play_steps(Arc::clone(&s), Arc::clone(&b), 1, &["good", "good"])
            .err()
            .unwrap();
        assert_eq!(err.index, 1);
        let err = play_steps(s, b, 1, &["nope"]).err().unwrap();
        assert!(err.message.contains("not a choice"), "{}", err.message);
    }

    #[test]
    fn recorded_decisions_replay_to_the_same_state() {
        let (s, b) = scenario();
        let (mut run, _) = Playthrough::start(Arc::clone(&s), Arc::clone(&b), 9);
        run.tick(ms(1234));
        run.choose("good").unwrap(); // cuts in
        run.tick(ms(777));
        let (replayed, _) =
            replay(Arc::clone(&s), Arc::clone(&b), 9, &run.state().decisions).unwrap();
        assert_eq!(replayed.state().decisions, run.state().decisions);
        assert_eq!(replayed.state().node, "b");
        // A silence is replayed by letting its timer run out at the same moment.
        let (mut quiet, _) = Playthrough::start(Arc::clone(&s), Arc::clone(&b), 9);
        quiet.tick(ms(20_000));
        let (mut replayed, _) = replay(s, b, 9, &quiet.state().decisions).unwrap();
        assert_eq!(replayed.state().decisions, quiet.state().decisions);
        replayed.tick(ms(1000));
        assert_eq!(replayed.result(), quiet.result());
    }

    #[test]
    fn placeholders_are_filled_from_the_drawn_customer() {
        let (s, b) = scenario();
        let (run, _) = Playthrough::start(Arc::clone(&s), b, 11);
        let line = &s.nodes[0].lines()[0];
        let rendered = run.render(&line.text, "en");
        assert!(
            rendered.starts_with("One ") && !rendered.contains('{'),
            "{rendered}"
        );
        let n: u64 = rendered[4..].parse().unwrap();
        assert!((1..=9).contains(&n));
    }
}

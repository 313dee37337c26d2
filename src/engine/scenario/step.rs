//! A scenario's nodes: the steps of the conversation (what happens, what the customer says, what
//! the trainee may answer, what silence does) and the conditions and rule effects on them.

use super::Ending;
use crate::engine::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ScenarioNode {
    Step(Step),
    Ending(Ending),
}

impl ScenarioNode {
    pub fn id(&self) -> &str {
        match self {
            ScenarioNode::Step(s) => &s.id,
            ScenarioNode::Ending(e) => &e.id,
        }
    }

    pub fn lines(&self) -> &[Line] {
        match self {
            ScenarioNode::Step(s) => &s.lines,
            ScenarioNode::Ending(e) => &e.lines,
        }
    }
}

/// A moment in the conversation: what happens, what the customer says, what the trainee can do.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    #[serde(default)]
    pub happens: Vec<Happening>,
    #[serde(default)]
    pub lines: Vec<Line>,
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// The order choices are shown in: drawn per run from its seed, unless `Pinned` (where the
    /// order is meaning, such as "Pick up" before "Let it ring").
    #[serde(default)]
    pub order: ChoiceOrder,
    /// The customer expects an answer within this time after they finish speaking.
    #[serde(default)]
    pub silence: Option<Silence>,
    /// There is no answer timer here on purpose (a letter to answer by the end of the day):
    /// `check` does not ask for a `silence`.
    #[serde(default)]
    pub untimed: bool,
    /// For a step without choices: where the conversation goes once the customer has spoken.
    #[serde(default)]
    pub next: Option<String>,
}

/// The order a step's choices are shown in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChoiceOrder {
    /// Drawn per run from the seed, so the best answer is never "the second button".
    #[default]
    Shuffled,
    /// As written: the order is part of the meaning.
    Pinned,
}

/// What happens around the conversation; the app turns these into sounds and pictures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Happening {
    /// The phone rings until the trainee picks up (makes a choice).
    Ring,
    /// The customer is on hold: hold music until the trainee comes back.
    OnHold,
    /// Another customer is waiting in a second chat window.
    SecondChat(Text),
    /// Time passes before the customer speaks (seconds).
    Wait(f64),
    /// A stage direction shown as a caption ("The email arrives at 9:02").
    Note(Text),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    pub id: String,
    pub text: Text,
    /// How long the customer takes to say it; estimated from the English text when left out.
    #[serde(default)]
    pub seconds: Option<f64>,
    /// A voice clip under `assets/`, for example `voice/angry-01.ogg`.
    #[serde(default)]
    pub voice: Option<String>,
}

impl Line {
    /// Speaking time in milliseconds: as written, or about 14 characters a second of English.
    pub fn duration_ms(&self) -> u64 {
        let seconds = self
            .seconds
            .unwrap_or_else(|| (self.text.get("en").chars().count() as f64 / 14.0).max(1.0));
        (seconds * 1000.0).round() as u64
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub text: Text,
    /// Offered only when this holds.
    #[serde(default)]
    pub when: Option<Condition>,
    /// Change to the customer's patience (−100 to 100).
    #[serde(default)]
    pub patience: i32,
    /// Variables set to a value.
    #[serde(default)]
    pub set: BTreeMap<String, i64>,
    /// Variables increased (or decreased) by a value.
    #[serde(default)]
    pub add: BTreeMap<String, i64>,
    #[serde(default)]
    pub rules: Vec<RuleEffect>,
    /// Cutting in with this choice is right here (an emergency, a customer in the wrong queue):
    /// choosing it while the customer speaks is not scored as an interruption. (On channels that
    /// are not live, email and social media, no choice is ever an interruption.)
    #[serde(default)]
    pub may_interrupt: bool,
    pub goto: String,
}

/// What saying nothing leads to, once the customer has finished and waited `after` seconds.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Silence {
    pub after: f64,
    pub goto: String,
    #[serde(default)]
    pub patience: i32,
    /// How staying silent here is scored. Left out, the rulebook's `silence` entry applies (a
    /// customer left unanswered); `rules: []` says silence here is neither good nor bad.
    #[serde(default)]
    pub rules: Option<Vec<RuleEffect>>,
}

impl Silence {
    pub fn after_ms(&self) -> u64 {
        (self.after * 1000.0).round() as u64
    }
}

/// How a choice stands against one rule of the rulebook, and why (shown in the debrief).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum RuleEffect {
    Upholds {
        rule: String,
        points: u32,
        why: Text,
    },
    Breaks {
        rule: String,
        points: u32,
        why: Text,
    },
}

impl RuleEffect {
    pub fn rule(&self) -> &str {
        match self {
            RuleEffect::Upholds { rule, .. } | RuleEffect::Breaks { rule, .. } => rule,
        }
    }

    pub fn points(&self) -> u32 {
        match self {
            RuleEffect::Upholds { points, .. } | RuleEffect::Breaks { points, .. } => *points,
        }
    }

    pub fn why(&self) -> &Text {
        match self {
            RuleEffect::Upholds { why, .. } | RuleEffect::Breaks { why, .. } => why,
        }
    }

    pub fn upholds(&self) -> bool {
        matches!(self, RuleEffect::Upholds { .. })
    }
}

/// A condition on the run so far. Variables that were never set count as 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    Is(String, i64),
    AtLeast(String, i64),
    Below(String, i64),
    PatienceAtLeast(i32),
    PatienceBelow(i32),
    Not(Box<Condition>),
    All(Vec<Condition>),
    Any(Vec<Condition>),
}

impl Condition {
    pub fn holds(&self, var: &dyn Fn(&str) -> i64, patience: i32) -> bool {
        match self {
            Condition::Is(v, n) => var(v) == *n,
            Condition::AtLeast(v, n) => var(v) >= *n,
            Condition::Below(v, n) => var(v) < *n,
            Condition::PatienceAtLeast(n) => patience >= *n,
            Condition::PatienceBelow(n) => patience < *n,
            Condition::Not(c) => !c.holds(var, patience),
            Condition::All(cs) => cs.iter().all(|c| c.holds(var, patience)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(var, patience)),
        }
    }

    /// Calls `f` with every variable the condition reads.
    pub fn visit_vars<'a>(&'a self, f: &mut dyn FnMut(&'a str)) {
        match self {
            Condition::Is(v, _) | Condition::AtLeast(v, _) | Condition::Below(v, _) => f(v),
            Condition::PatienceAtLeast(_) | Condition::PatienceBelow(_) => {}
            Condition::Not(c) => c.visit_vars(f),
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.visit_vars(f)),
        }
    }

    pub fn reads_patience(&self) -> bool {
        match self {
            Condition::PatienceAtLeast(_) | Condition::PatienceBelow(_) => true,
            Condition::Not(c) => c.reads_patience(),
            Condition::All(cs) | Condition::Any(cs) => cs.iter().any(Condition::reads_patience),
            _ => false,
        }
    }
}

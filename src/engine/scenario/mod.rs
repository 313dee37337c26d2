//! The scenario model exactly as a trainer writes it in RON. `load` fills in the derived parts
//! (node index, content hash) after checking it; everything else here is plain data.

mod cast;
mod step;

pub use cast::{Customer, CustomerName, Detail, Gender};
pub use step::{
    Choice, ChoiceOrder, Condition, Happening, Line, RuleEffect, ScenarioNode, Silence, Step,
};

use super::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One customer scenario, validated and immutable once `load` returns it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub title: Text,
    pub briefing: Text,
    pub channel: Channel,
    pub function: ServiceFunction,
    /// 1 (first week) to 5 (seasoned staff).
    pub difficulty: u8,
    /// Roughly how long a run takes, for planning sessions.
    pub minutes: u32,
    #[serde(default)]
    pub tags: Vec<String>,
    pub customer: Customer,
    /// The score (0–100) a run must reach to pass: what xAPI reports as passed, what tracks
    /// count, and what a lost customer must never reach.
    #[serde(default = "default_pass_mark")]
    pub pass_mark: u8,
    /// The node a run begins at.
    pub start: String,
    /// Where the run goes the moment the customer's patience reaches 0 (they hang up, walk out…).
    #[serde(default)]
    pub patience_out: Option<String>,
    pub nodes: Vec<ScenarioNode>,
    /// The scenario's own test plan: choices in, ending and scores out. `rapport check` plays them.
    #[serde(default)]
    pub tests: Vec<TestPlan>,
    #[serde(skip)]
    pub(crate) index: HashMap<String, usize>,
    #[serde(skip)]
    pub hash: String,
    /// The `assets/` folder its voice clips are read from: the nearest beside its file (none
    /// for a scenario built into Rapport).
    #[serde(skip)]
    pub assets: Option<std::path::PathBuf>,
}

impl Scenario {
    pub fn node(&self, id: &str) -> Option<&ScenarioNode> {
        self.index.get(id).map(|&i| &self.nodes[i])
    }

    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Every variable the scenario uses: set or added to by a choice, or read by a condition.
    pub fn variables(&self) -> BTreeSet<&str> {
        let mut vars = BTreeSet::new();
        for node in &self.nodes {
            let ScenarioNode::Step(step) = node else {
                continue;
            };
            for choice in &step.choices {
                vars.extend(
                    choice
                        .set
                        .keys()
                        .chain(choice.add.keys())
                        .map(String::as_str),
                );
                if let Some(cond) = &choice.when {
                    cond.visit_vars(&mut |v| {
                        vars.insert(v);
                    });
                }
            }
        }
        vars
    }

    /// The rules this scenario trains: every rule a choice or a silence of it scores.
    pub fn rules_trained(&self) -> BTreeSet<&str> {
        self.nodes
            .iter()
            .filter_map(|node| match node {
                ScenarioNode::Step(step) => Some(step),
                ScenarioNode::Ending(_) => None,
            })
            .flat_map(|step| {
                step.choices
                    .iter()
                    .flat_map(|c| &c.rules)
                    .chain(step.silence.iter().flat_map(|s| s.rules.iter().flatten()))
            })
            .map(RuleEffect::rule)
            .collect()
    }

    /// The texts that tell about the scenario rather than speak in it: title, briefing, notes,
    /// every `why`, and the endings' summaries.
    pub fn narration(&self) -> impl Iterator<Item = &Text> {
        self.texts_of(false)
    }

    /// Every text a trainee may read in this scenario, for translation coverage checks.
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        self.texts_of(true)
    }

    /// The narration, with what is said (lines, choices, a second chat's message) if `spoken`.
    fn texts_of(&self, spoken: bool) -> impl Iterator<Item = &Text> {
        let head = [&self.title, &self.briefing].into_iter();
        let nodes =
            self.nodes
                .iter()
                .flat_map(move |node| -> Box<dyn Iterator<Item = &Text> + '_> {
                    match node {
                        ScenarioNode::Step(step) => {
                            let happens = step.happens.iter().filter_map(move |h| match h {
                                Happening::Note(t) => Some(t),
                                Happening::SecondChat(t) if spoken => Some(t),
                                _ => None,
                            });
                            let lines = step.lines.iter().filter(move |_| spoken).map(|l| &l.text);
                            let choices = step.choices.iter().flat_map(move |c| {
                                spoken
                                    .then_some(&c.text)
                                    .into_iter()
                                    .chain(c.rules.iter().map(|r| r.why()))
                            });
                            let silence = step
                                .silence
                                .iter()
                                .flat_map(|s| s.rules.iter().flatten().map(|r| r.why()));
                            Box::new(happens.chain(lines).chain(choices).chain(silence))
                        }
                        ScenarioNode::Ending(end) => Box::new(
                            std::iter::once(&end.summary)
                                .chain(end.lines.iter().filter(move |_| spoken).map(|l| &l.text)),
                        ),
                    }
                });
        head.chain(nodes)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Channel {
    Phone,
    Email,
    LiveChat,
    SocialMedia,
    InPerson,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Phone,
        Channel::Email,
        Channel::LiveChat,
        Channel::SocialMedia,
        Channel::InPerson,
    ];

    /// Whether the customer talks to the agent as it happens (a call, a chat, at the counter).
    /// On email and social media a message arrives whole: answering it is never cutting in.
    pub fn is_live(self) -> bool {
        matches!(self, Channel::Phone | Channel::LiveChat | Channel::InPerson)
    }

    /// The stable key used in reports, JSON and localisation tables.
    pub fn key(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::LiveChat => "live-chat",
            Channel::SocialMedia => "social-media",
            Channel::InPerson => "in-person",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ServiceFunction {
    HandlingProblem,
    HelpingPurchase,
    Clerical,
}

impl ServiceFunction {
    pub const ALL: [ServiceFunction; 3] = [
        ServiceFunction::HandlingProblem,
        ServiceFunction::HelpingPurchase,
        ServiceFunction::Clerical,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ServiceFunction::HandlingProblem => "handling-problem",
            ServiceFunction::HelpingPurchase => "helping-purchase",
            ServiceFunction::Clerical => "clerical",
        }
    }
}

fn default_pass_mark() -> u8 {
    80
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    pub id: String,
    pub outcome: Outcome,
    /// The trainer's summary, shown at the top of the debrief.
    pub summary: Text,
    /// The customer's last words, if any.
    #[serde(default)]
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    Delighted,
    Retained,
    Escalated,
    Lost,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Delighted,
        Outcome::Retained,
        Outcome::Escalated,
        Outcome::Lost,
    ];

    pub fn from_key(key: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.key() == key)
    }

    pub fn key(self) -> &'static str {
        match self {
            Outcome::Delighted => "delighted",
            Outcome::Retained => "retained",
            Outcome::Escalated => "escalated",
            Outcome::Lost => "lost",
        }
    }
}

/// One line of a scenario's test plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestPlan {
    pub name: String,
    #[serde(default)]
    pub seed: u64,
    /// Choice ids in order; `!id` cuts in while the customer speaks, `...` stays silent.
    pub steps: Vec<String>,
    /// The ending node the run must reach.
    pub ending: String,
    /// Expected overall score (0–100, rounded).
    #[serde(default)]
    pub score: Option<u32>,
    /// Expected score per rule (0–100, rounded).
    #[serde(default)]
    pub rules: BTreeMap<String, u32>,
}

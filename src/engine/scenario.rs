//! The scenario model exactly as a trainer writes it in RON. `load` fills in the derived parts
//! (node index, content hash) after checking it; everything else here is plain data.

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

    /// Every text a trainee may read in this scenario, for translation coverage checks.
    /// The texts that tell about the scenario rather than speak in it: title, briefing, notes,
    /// every `why`, and the endings' summaries.
    pub fn narration(&self) -> impl Iterator<Item = &Text> {
        let head = [&self.title, &self.briefing].into_iter();
        let nodes = self
            .nodes
            .iter()
            .flat_map(|node| -> Box<dyn Iterator<Item = &Text>> {
                match node {
                    ScenarioNode::Step(step) => Box::new(
                        step.happens
                            .iter()
                            .filter_map(|h| match h {
                                Happening::Note(t) => Some(t),
                                _ => None,
                            })
                            .chain(
                                step.choices
                                    .iter()
                                    .flat_map(|c| c.rules.iter().map(|r| r.why())),
                            )
                            .chain(
                                step.silence
                                    .iter()
                                    .flat_map(|s| s.rules.iter().flatten().map(|r| r.why())),
                            ),
                    ),
                    ScenarioNode::Ending(end) => Box::new(std::iter::once(&end.summary)),
                }
            });
        head.chain(nodes)
    }

    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        let head = [&self.title, &self.briefing].into_iter();
        let nodes = self
            .nodes
            .iter()
            .flat_map(|node| -> Box<dyn Iterator<Item = &Text>> {
                match node {
                    ScenarioNode::Step(step) => Box::new(
                        step.happens
                            .iter()
                            .filter_map(|h| match h {
                                Happening::Note(t) | Happening::SecondChat(t) => Some(t),
                                _ => None,
                            })
                            .chain(step.lines.iter().map(|l| &l.text))
                            .chain(step.choices.iter().flat_map(|c| {
                                std::iter::once(&c.text).chain(c.rules.iter().map(|r| r.why()))
                            }))
                            .chain(
                                step.silence
                                    .iter()
                                    .flat_map(|s| s.rules.iter().flatten().map(|r| r.why())),
                            ),
                    ),
                    ScenarioNode::Ending(end) => Box::new(
                        std::iter::once(&end.summary).chain(end.lines.iter().map(|l| &l.text)),
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

/// Who the trainee is serving. Names and details are drawn per run from the seed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// One is picked per run; write names in each language's script, with the customer's
    /// gender (texts can agree with it) and how the agent addresses them.
    pub names: Vec<CustomerName>,
    /// Extra facts usable as `{key}` in any text: order numbers, products…
    #[serde(default)]
    pub details: BTreeMap<String, Detail>,
    /// Starting patience, drawn between the two bounds (0–100).
    #[serde(default = "default_mood")]
    pub mood: (u8, u8),
}

fn default_mood() -> (u8, u8) {
    (50, 50)
}

/// Grammatical gender, of the customer (drawn with their name) or of the agent (the trainee's
/// profile says how they want to be addressed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Gender {
    Female,
    Male,
}

impl Gender {
    pub const ALL: [Gender; 2] = [Gender::Female, Gender::Male];

    /// The key a text's gender forms use: `female=…`, `male=…`.
    pub fn key(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }

    pub fn from_key(key: &str) -> Option<Gender> {
        Gender::ALL.into_iter().find(|g| g.key() == key)
    }
}

/// One of the customers a run may draw: `(name: "…", gender: Female, address: "…")`, or just a
/// name (`"…"` or `{"en": …}`) when gender does not matter to any text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerName {
    pub name: Text,
    pub gender: Option<Gender>,
    /// How the agent addresses them, ready to follow a vocative ("Ms Haddad", "أستاذة ليلى",
    /// "خانم حدادی"): the `{address}` placeholder. Their name when left out.
    pub address: Option<Text>,
}

impl<'de> Deserialize<'de> for CustomerName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, Visitor};
        struct NameVisitor;
        impl<'de> Visitor<'de> for NameVisitor {
            type Value = CustomerName;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(r#"a customer: (name: "…", gender: Female or Male, address: "…"), or just a name"#)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CustomerName, E> {
                Ok(CustomerName {
                    name: Text::One(v.to_owned()),
                    gender: None,
                    address: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CustomerName, A::Error> {
                // A struct `(name: …)` and a language map `{"en": …}` both arrive as maps; the
                // keys tell them apart.
                let mut fields = (None, None, None);
                let mut langs = std::collections::BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "name" => fields.0 = Some(map.next_value::<Text>()?),
                        "gender" => fields.1 = Some(map.next_value::<Gender>()?),
                        "address" => fields.2 = Some(map.next_value::<Text>()?),
                        lang if lang.len() <= 3 && lang.bytes().all(|b| b.is_ascii_lowercase()) => {
                            langs.insert(key.clone(), map.next_value::<String>()?);
                        }
                        other => {
                            return Err(de::Error::unknown_field(
                                other,
                                &["name", "gender", "address"],
                            ));
                        }
                    }
                }
                match fields {
                    (Some(name), gender, address) if langs.is_empty() => Ok(CustomerName {
                        name,
                        gender,
                        address,
                    }),
                    (None, None, None) if !langs.is_empty() => Ok(CustomerName {
                        name: Text::Langs(langs),
                        gender: None,
                        address: None,
                    }),
                    (None, _, _) if langs.is_empty() => Err(de::Error::missing_field("name")),
                    _ => Err(de::Error::custom(
                        "write a customer either as (name: …, gender: …) or as a map of languages, not both",
                    )),
                }
            }
        }
        d.deserialize_any(NameVisitor)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Detail {
    /// A whole number between the two bounds, inclusive.
    Number(u64, u64),
    /// One of the given texts.
    OneOf(Vec<Text>),
}

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

//! xAPI 1.0.3 statements for a company's learning record store (sending them is `lrs`).
//!
//! Trainees appear as an opaque `account` (home page + random id), never by name or e-mail, so
//! no personal data leaves. Statement ids derive from the session and the decision, so the same
//! statement always has the same id and a store that already has it is never sent it again.

use super::iso_time;
use super::store::{Result, SessionSummary, Status, Store, Trainee, TraineeId};
use crate::engine::events::{Decision, EffectSource};
use crate::engine::score::RuleScore;
use crate::engine::text::Text;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

pub mod connection;
mod lrs;
mod payload;
mod pull;

pub use lrs::{Lrs, SyncReport, sync, test_connection};
pub use payload::SessionPayload;
pub use pull::{PullOptions, PullReport, pull};

/// The score at or above which a session counts as passed when its scenario is not in the
/// library any more to say (a scenario's own `pass_mark` decides otherwise; the default is 80).
pub const PASS_SCORE: f64 = 80.0;
/// Where activity and extension IRIs live unless the company names its own.
pub const DEFAULT_IRI_BASE: &str = "https://rapport.invalid";

const VERB_ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
const VERB_PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
const VERB_FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
const VERB_ABANDONED: &str = "https://w3id.org/xapi/adl/verbs/abandoned";
const TYPE_SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";
const TYPE_INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
const TYPE_GROUP: &str = "http://id.tincanapi.com/activitytype/group";

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Statement {
    pub id: String,
    pub actor: Agent,
    pub verb: Verb,
    pub object: Activity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<XResult>,
    pub context: Context,
    pub timestamp: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Agent {
    #[serde(rename = "objectType")]
    pub object_type: &'static str,
    /// The trainee's display name: only when the trainer has turned sharing names on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub account: Account,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Account {
    #[serde(rename = "homePage")]
    pub home_page: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Verb {
    pub id: &'static str,
    pub display: BTreeMap<&'static str, &'static str>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Activity {
    #[serde(rename = "objectType")]
    pub object_type: &'static str,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<Definition>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Definition {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<BTreeMap<String, String>>,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct XResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Score>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Score {
    pub scaled: f64,
    pub raw: f64,
    pub min: f64,
    pub max: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Context {
    pub registration: String,
    pub platform: &'static str,
    #[serde(rename = "contextActivities", skip_serializing_if = "Option::is_none")]
    pub context_activities: Option<ContextActivities>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ContextActivities {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parent: Vec<Activity>,
    /// The team (cohort): what a trainer's pull asks the LRS for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub grouping: Vec<Activity>,
}

/// The IRIs statements are made of.
#[derive(Debug, Clone)]
pub struct Iris {
    base: String,
}

/// How this machine's statements are made: their IRIs, the team they belong to, and whether
/// trainees' names go with them.
#[derive(Debug, Clone)]
pub struct Shape {
    pub iris: Iris,
    pub team: Option<String>,
    pub share_names: bool,
}

impl Shape {
    /// Statements as `store`'s settings say (team, names), with IRIs under `iri_base`.
    pub fn from_settings(store: &Store, iri_base: &str) -> Result<Shape> {
        use super::store::settings::{SHARE_NAMES, TEAM};
        Ok(Shape {
            iris: Iris::new(iri_base),
            team: store.setting(TEAM)?,
            share_names: store.setting(SHARE_NAMES)?.as_deref() == Some("true"),
        })
    }
}

impl Iris {
    pub fn new(base: &str) -> Iris {
        Iris {
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    pub fn team(&self, team: &str) -> String {
        format!("{}/teams/{}", self.base, iri_segment(team))
    }

    pub fn verb_completed() -> &'static str {
        VERB_COMPLETED
    }

    pub fn verb_abandoned() -> &'static str {
        VERB_ABANDONED
    }

    pub fn scenario(&self, id: &str) -> String {
        format!("{}/scenarios/{}", self.base, iri_segment(id))
    }

    pub fn node(&self, scenario: &str, node: &str) -> String {
        format!("{}/nodes/{}", self.scenario(scenario), iri_segment(node))
    }

    pub fn extension(&self, name: &str) -> String {
        format!("{}/xapi/extensions/{name}", self.base)
    }

    pub fn home_page(&self) -> String {
        format!("{}/trainees", self.base)
    }
}

fn iri_segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One session's statements: one `answered` per decision, then `completed` with
/// `passed`/`failed` (or `abandoned` for a session left unfinished).
pub fn session_statements(
    shape: &Shape,
    trainee: &Trainee,
    session: &SessionSummary,
    rules: &[RuleScore],
    decisions: &[Decision],
    title: Option<&Text>,
    pass_mark: Option<u8>,
) -> Vec<Statement> {
    let iris = &shape.iris;
    let pass_score = pass_mark.map_or(PASS_SCORE, f64::from);
    let actor = Agent {
        object_type: "Agent",
        name: shape.share_names.then(|| trainee.name.clone()),
        account: Account {
            home_page: iris.home_page(),
            name: trainee.account.clone(),
        },
    };
    let scenario = Activity {
        object_type: "Activity",
        id: iris.scenario(&session.scenario_id),
        definition: Some(Definition {
            name: Some(match title {
                Some(Text::Langs(map)) => map.clone().into_iter().collect(),
                Some(Text::One(s)) => [("en".to_owned(), s.clone())].into(),
                None => [("en".to_owned(), session.scenario_id.clone())].into(),
            }),
            kind: TYPE_SIMULATION,
        }),
    };
    let parent_activity = Activity {
        definition: None,
        ..scenario.clone()
    };
    let grouping: Vec<Activity> = shape
        .team
        .iter()
        .map(|team| Activity {
            object_type: "Activity",
            id: iris.team(team),
            definition: Some(Definition {
                name: Some([("en".to_owned(), team.clone())].into()),
                kind: TYPE_GROUP,
            }),
        })
        .collect();
    let context = |parent: bool| {
        let parent = if parent {
            vec![parent_activity.clone()]
        } else {
            Vec::new()
        };
        let mut extensions: BTreeMap<String, Value> = [(
            iris.extension("scenario-hash"),
            Value::from(session.scenario_hash.clone()),
        )]
        .into();
        if let Some(team) = &shape.team {
            extensions.insert(iris.extension("team"), Value::from(team.clone()));
        }
        Context {
            registration: session.uuid.clone(),
            platform: "Rapport",
            context_activities: (!parent.is_empty() || !grouping.is_empty()).then(|| {
                ContextActivities {
                    parent,
                    grouping: grouping.clone(),
                }
            }),
            extensions,
        }
    };
    // The whole session, for a trainer's pull to rebuild it exactly: on the one statement that
    // ends it (`completed` or `abandoned`).
    let payload = serde_json::to_value(SessionPayload::of(session, rules, decisions))
        .expect("a session serialises");
    let statement_id = |kind: &str, index: usize| derived_uuid(&session.uuid, kind, index);
    let mut out = Vec::with_capacity(decisions.len() + 2);
    for (i, d) in decisions.iter().enumerate() {
        let effects: Vec<Value> = d
            .effects
            .iter()
            .map(|e| {
                serde_json::json!({
                    "rule": e.rule,
                    "points": e.points,
                    "upholds": e.upholds,
                    "source": match e.source {
                        EffectSource::Choice => "choice",
                        EffectSource::Interruption => "interruption",
                        EffectSource::Silence => "silence",
                    },
                })
            })
            .collect();
        out.push(Statement {
            id: statement_id("answered", i),
            actor: actor.clone(),
            verb: verb(VERB_ANSWERED, "answered"),
            object: Activity {
                object_type: "Activity",
                id: iris.node(&session.scenario_id, &d.node),
                definition: Some(Definition {
                    name: None,
                    kind: TYPE_INTERACTION,
                }),
            },
            result: Some(XResult {
                success: (!d.effects.is_empty()).then(|| d.effects.iter().all(|e| e.upholds)),
                response: Some(d.choice.clone().unwrap_or_default()),
                duration: Some(iso_duration(d.taken_ms)),
                extensions: [
                    (iris.extension("rule-effects"), Value::from(effects)),
                    (iris.extension("interrupted"), Value::from(d.interrupted)),
                    (iris.extension("silence"), Value::from(d.choice.is_none())),
                ]
                .into(),
                ..XResult::default()
            }),
            context: context(true),
            timestamp: iso_time(session.started_ms + d.at_ms as i64),
        });
    }
    let score = Score {
        scaled: (session.score / 100.0).clamp(0.0, 1.0),
        raw: (session.score * 100.0).round() / 100.0,
        min: 0.0,
        max: 100.0,
    };
    let rule_scores: BTreeMap<String, f64> =
        rules.iter().map(|r| (r.rule.clone(), r.score)).collect();
    let result = |success: Option<bool>, completion: bool, whole: bool| {
        let mut extensions: BTreeMap<String, Value> = [(
            iris.extension("rule-scores"),
            serde_json::to_value(&rule_scores).expect("plain map"),
        )]
        .into();
        if let Some(ending) = &session.ending {
            extensions.insert(iris.extension("ending"), Value::from(ending.clone()));
        }
        if let Some(outcome) = &session.outcome {
            extensions.insert(iris.extension("outcome"), Value::from(outcome.key()));
        }
        if whole {
            extensions.insert(iris.extension("session"), payload.clone());
        }
        Some(XResult {
            score: Some(score),
            success,
            completion: Some(completion),
            duration: Some(iso_duration(session.duration_ms)),
            extensions,
            ..XResult::default()
        })
    };
    let ended = iso_time(session.ended_ms);
    match session.status {
        Status::Finished => {
            let passed = session.score >= pass_score;
            out.push(Statement {
                id: statement_id("completed", 0),
                actor: actor.clone(),
                verb: verb(VERB_COMPLETED, "completed"),
                object: scenario.clone(),
                result: result(Some(passed), true, true),
                context: context(false),
                timestamp: ended.clone(),
            });
            out.push(Statement {
                id: statement_id(if passed { "passed" } else { "failed" }, 0),
                actor,
                verb: if passed {
                    verb(VERB_PASSED, "passed")
                } else {
                    verb(VERB_FAILED, "failed")
                },
                object: scenario,
                result: result(Some(passed), true, false),
                context: context(false),
                timestamp: ended,
            });
        }
        Status::Abandoned => out.push(Statement {
            id: statement_id("abandoned", 0),
            actor,
            verb: verb(VERB_ABANDONED, "abandoned"),
            object: scenario,
            result: result(None, false, true),
            context: context(false),
            timestamp: ended,
        }),
    }
    out
}

fn verb(id: &'static str, word: &'static str) -> Verb {
    Verb {
        id,
        display: [("en-US", word)].into(),
    }
}

/// A stable UUID (RFC 9562 version 8) for a statement of a session.
fn derived_uuid(session: &str, kind: &str, index: usize) -> String {
    let hash = blake3::hash(format!("rapport-statement:{session}:{kind}:{index}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&hash.as_bytes()[..16]);
    uuid::Uuid::new_v8(bytes).hyphenated().to_string()
}

/// ISO 8601 duration, e.g. `PT83.25S`.
pub fn iso_duration(ms: u64) -> String {
    let (s, frac) = (ms / 1000, ms % 1000);
    if frac == 0 {
        format!("PT{s}S")
    } else {
        let frac = format!("{frac:03}");
        format!("PT{s}.{}S", frac.trim_end_matches('0'))
    }
}

/// Statements for every session played on this machine (optionally of one trainee), oldest
/// first. Sessions pulled from an LRS are its own already and are not made again.
pub fn all_statements(
    store: &Store,
    shape: &Shape,
    trainee: Option<&Trainee>,
    titles: &BTreeMap<String, Text>,
    pass_marks: &BTreeMap<String, u8>,
) -> Result<Vec<Statement>> {
    let trainees: BTreeMap<TraineeId, Trainee> =
        store.trainees()?.into_iter().map(|t| (t.id, t)).collect();
    let mut out = Vec::new();
    for session in store.sessions_between(trainee.map(|t| t.id), i64::MIN, i64::MAX)? {
        let Some(who) = trainees.get(&session.trainee_id) else {
            continue;
        };
        if session.origin.is_some() {
            continue;
        }
        let rules = store.rule_scores(session.id)?;
        let decisions = store.decisions(session.id)?;
        out.extend(session_statements(
            shape,
            who,
            &session,
            &rules,
            &decisions,
            titles.get(&session.scenario_id),
            pass_marks.get(&session.scenario_id).copied(),
        ));
    }
    Ok(out)
}

/// What waits to be sent to an LRS, and the last error in sending, for the library's line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueueStatus {
    /// Sessions played here whose statements the LRS has not all accepted.
    pub waiting: usize,
    pub last_error: Option<String>,
}

/// The settings key of the last sending error (removed once a send goes through).
pub const LAST_ERROR: &str = "lrs.last-error";

/// How many of this machine's sessions still wait for `endpoint` (the statement that ends each
/// session is sent last, so a session whose ending statement is accepted has gone whole).
pub fn queue_status(store: &Store, endpoint: &str) -> Result<QueueStatus> {
    let sent = store.sent_statement_ids(endpoint)?;
    let waiting = store
        .sessions_between(None, i64::MIN, i64::MAX)?
        .into_iter()
        .filter(|s| s.origin.is_none())
        .filter(|s| {
            let last = match s.status {
                // Either of passed/failed: the pass mark may have changed since.
                Status::Finished => [
                    derived_uuid(&s.uuid, "passed", 0),
                    derived_uuid(&s.uuid, "failed", 0),
                ]
                .into_iter()
                .any(|id| sent.contains(&id)),
                Status::Abandoned => sent.contains(&derived_uuid(&s.uuid, "abandoned", 0)),
            };
            !last
        })
        .count();
    Ok(QueueStatus {
        waiting,
        last_error: store.setting(LAST_ERROR)?,
    })
}

/// Sends what waits, as `shape` makes statements, and notes the outcome in the store's
/// settings for the library to show: what the app's background sender and `rapport sync` do.
pub fn send_pending(
    store: &mut Store,
    lrs: &Lrs,
    shape: &Shape,
    titles: &BTreeMap<String, Text>,
    pass_marks: &BTreeMap<String, u8>,
) -> Result<SyncReport> {
    let statements = all_statements(store, shape, None, titles, pass_marks)?;
    let report = sync(store, lrs, &statements)?;
    store.set_setting(LAST_ERROR, report.error.as_deref())?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_times_are_iso_8601() {
        assert_eq!(iso_duration(83_250), "PT83.25S");
        assert_eq!(iso_duration(5_000), "PT5S");
        assert_eq!(iso_duration(7), "PT0.007S");
        assert_eq!(iso_time(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn statement_ids_are_stable_uuids_distinct_per_statement() {
        let a = derived_uuid("s1", "answered", 0);
        assert_eq!(a, derived_uuid("s1", "answered", 0));
        assert_ne!(a, derived_uuid("s1", "answered", 1));
        assert_ne!(a, derived_uuid("s2", "answered", 0));
        let parsed = uuid::Uuid::parse_str(&a).unwrap();
        assert_eq!(parsed.get_version_num(), 8);
    }

    #[test]
    fn iri_segments_escape_everything_but_unreserved() {
        assert_eq!(iri_segment("broken-lace_2"), "broken-lace_2");
        assert_eq!(iri_segment("a b/ü"), "a%20b%2F%C3%BC");
    }
}

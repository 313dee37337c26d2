//! xAPI 1.0.3 statements for a company's learning record store, and sending them.
//!
//! Trainees appear as an opaque `account` (home page + random id), never by name or e-mail, so
//! no personal data leaves. Statement ids derive from the session and the decision, so the same
//! statement always has the same id and a store that already has it is never sent it again.

use super::store::{Result, SessionSummary, Status, Store, StoreError, Trainee};
use crate::engine::playthrough::{Decision, EffectSource};
use crate::engine::score::RuleScore;
use crate::engine::text::Text;
use base64::Engine as _;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

/// The score at or above which a session counts as passed (the same bar as mastery).
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
    pub parent: Vec<Activity>,
}

/// The IRIs statements are made of.
#[derive(Debug, Clone)]
pub struct Iris {
    base: String,
}

impl Iris {
    pub fn new(base: &str) -> Iris {
        Iris {
            base: base.trim_end_matches('/').to_owned(),
        }
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
    iris: &Iris,
    trainee: &Trainee,
    session: &SessionSummary,
    rules: &[RuleScore],
    decisions: &[Decision],
    title: Option<&Text>,
) -> Vec<Statement> {
    let actor = Agent {
        object_type: "Agent",
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
    let context = |parent: bool| Context {
        registration: session.uuid.clone(),
        platform: "Rapport",
        context_activities: parent.then(|| ContextActivities {
            parent: vec![parent_activity.clone()],
        }),
        extensions: [(
            iris.extension("scenario-hash"),
            Value::from(session.scenario_hash.clone()),
        )]
        .into(),
    };
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
    let result = |success: Option<bool>, completion: bool| {
        let mut extensions: BTreeMap<String, Value> = [(
            iris.extension("rule-scores"),
            serde_json::to_value(&rule_scores).expect("plain map"),
        )]
        .into();
        if let Some(ending) = &session.ending {
            extensions.insert(iris.extension("ending"), Value::from(ending.clone()));
        }
        if let Some(outcome) = &session.outcome {
            extensions.insert(iris.extension("outcome"), Value::from(outcome.clone()));
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
            let passed = session.score >= PASS_SCORE;
            out.push(Statement {
                id: statement_id("completed", 0),
                actor: actor.clone(),
                verb: verb(VERB_COMPLETED, "completed"),
                object: scenario.clone(),
                result: result(Some(passed), true),
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
                result: result(Some(passed), true),
                context: context(false),
                timestamp: ended,
            });
        }
        Status::Abandoned => out.push(Statement {
            id: statement_id("abandoned", 0),
            actor,
            verb: verb(VERB_ABANDONED, "abandoned"),
            object: scenario,
            result: result(None, false),
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

/// ISO 8601 / RFC 3339 time in UTC.
pub fn iso_time(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

/// Statements for every stored session (optionally of one trainee), oldest first.
pub fn all_statements(
    store: &Store,
    iris: &Iris,
    trainee: Option<&Trainee>,
    titles: &BTreeMap<String, Text>,
) -> Result<Vec<Statement>> {
    let trainees: BTreeMap<i64, Trainee> =
        store.trainees()?.into_iter().map(|t| (t.id, t)).collect();
    let mut out = Vec::new();
    for session in store.sessions_between(trainee.map(|t| t.id), i64::MIN, i64::MAX)? {
        let Some(who) = trainees.get(&session.trainee_id) else {
            continue;
        };
        let rules = store.rule_scores(session.id)?;
        let decisions = store.decisions(session.id)?;
        out.extend(session_statements(
            iris,
            who,
            &session,
            &rules,
            &decisions,
            titles.get(&session.scenario_id),
        ));
    }
    Ok(out)
}

/// A learning record store to send statements to.
#[derive(Debug, Clone)]
pub struct Lrs {
    /// The xAPI endpoint, e.g. `http://127.0.0.1:8100/xAPI/`.
    pub endpoint: String,
    pub username: Option<String>,
    pub password: Option<String>,
    /// Statements per request.
    pub batch: usize,
    /// Attempts per batch when the store is down, slow or answers 5xx.
    pub attempts: u32,
    pub timeout: Duration,
    /// Pause before the second attempt; doubled for each one after.
    pub backoff: Duration,
}

impl Lrs {
    pub fn new(endpoint: &str) -> Lrs {
        Lrs {
            endpoint: format!("{}/", endpoint.trim_end_matches('/')),
            username: None,
            password: None,
            batch: 50,
            attempts: 3,
            timeout: Duration::from_secs(10),
            backoff: Duration::from_millis(500),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncReport {
    /// Accepted by the store in this run.
    pub sent: usize,
    /// Recorded as sent by an earlier run, so not sent again.
    pub already_sent: usize,
    /// Still waiting: not sent because the store refused them or could not be reached.
    pub queued: usize,
    /// Why sending stopped, when it did.
    pub error: Option<String>,
}

enum Attempt {
    Accepted,
    /// 409: the store already holds statements with some of these ids.
    Conflict,
    Refused(String),
    Unreachable(String),
}

/// Sends every statement the store has not accepted yet, batch by batch, remembering each
/// accepted batch in the progress store before the next is sent.
pub fn sync(store: &mut Store, lrs: &Lrs, statements: &[Statement]) -> Result<SyncReport> {
    let sent = store.sent_statement_ids(&lrs.endpoint)?;
    let pending: Vec<&Statement> = statements
        .iter()
        .filter(|s| !sent.contains(&s.id))
        .collect();
    let mut report = SyncReport {
        already_sent: statements.len() - pending.len(),
        queued: pending.len(),
        ..SyncReport::default()
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(lrs.timeout))
        .http_status_as_error(false)
        .build()
        .into();
    for batch in pending.chunks(lrs.batch.max(1)) {
        match post_with_retries(&agent, lrs, batch) {
            Attempt::Accepted => accept(store, lrs, batch, &mut report)?,
            Attempt::Conflict => {
                // Some of these reached the store before (a run cut off before it could note
                // them): send one by one, and take a conflict as "already there".
                for one in batch {
                    match post_with_retries(&agent, lrs, std::slice::from_ref(one)) {
                        Attempt::Accepted | Attempt::Conflict => {
                            accept(store, lrs, std::slice::from_ref(one), &mut report)?
                        }
                        Attempt::Refused(why) | Attempt::Unreachable(why) => {
                            report.error = Some(why);
                            return Ok(report);
                        }
                    }
                }
            }
            Attempt::Refused(why) | Attempt::Unreachable(why) => {
                report.error = Some(why);
                return Ok(report);
            }
        }
    }
    Ok(report)
}

fn accept(
    store: &mut Store,
    lrs: &Lrs,
    batch: &[&Statement],
    report: &mut SyncReport,
) -> Result<()> {
    store.mark_sent(&lrs.endpoint, batch.iter().map(|s| s.id.as_str()))?;
    report.sent += batch.len();
    report.queued -= batch.len();
    Ok(())
}

fn post_with_retries(agent: &ureq::Agent, lrs: &Lrs, batch: &[&Statement]) -> Attempt {
    let body = serde_json::to_string(batch).expect("statements serialise");
    let mut pause = lrs.backoff;
    let mut last = Attempt::Unreachable("no attempt made".into());
    for attempt in 0..lrs.attempts.max(1) {
        if attempt > 0 {
            std::thread::sleep(pause);
            pause *= 2;
        }
        last = post(agent, lrs, &body);
        if !matches!(last, Attempt::Unreachable(_)) {
            return last;
        }
    }
    last
}

fn post(agent: &ureq::Agent, lrs: &Lrs, body: &str) -> Attempt {
    let url = format!("{}statements", lrs.endpoint);
    let mut request = agent
        .post(&url)
        .header("X-Experience-API-Version", "1.0.3")
        .content_type("application/json");
    if let Some(user) = &lrs.username {
        let token = base64::engine::general_purpose::STANDARD.encode(format!(
            "{user}:{}",
            lrs.password.as_deref().unwrap_or_default()
        ));
        request = request.header("Authorization", format!("Basic {token}"));
    }
    match request.send(body) {
        Ok(mut response) => {
            let status = response.status().as_u16();
            match status {
                200..=299 => Attempt::Accepted,
                409 => Attempt::Conflict,
                429 | 500..=599 => Attempt::Unreachable(format!("{url} answered {status}")),
                _ => {
                    let text = response.body_mut().read_to_string().unwrap_or_default();
                    let text: String = text.chars().take(400).collect();
                    Attempt::Refused(format!("{url} refused the statements ({status}): {text}"))
                }
            }
        }
        Err(e) => Attempt::Unreachable(format!("{url}: {e}")),
    }
}

impl Store {
    pub fn sent_statement_ids(&self, endpoint: &str) -> Result<HashSet<String>> {
        self.conn()
            .prepare_cached("SELECT statement_id FROM lrs_sent WHERE endpoint = ?1")
            .and_then(|mut s| s.query_map([endpoint], |r| r.get(0))?.collect())
            .map_err(|e| self.err(e))
    }

    fn mark_sent<'a>(&mut self, endpoint: &str, ids: impl Iterator<Item = &'a str>) -> Result<()> {
        let now = super::store::now_ms();
        let result = (|| {
            let tx = self.conn().unchecked_transaction()?;
            {
                let mut insert = tx.prepare_cached(
                    "INSERT OR IGNORE INTO lrs_sent (endpoint, statement_id, sent_ms) VALUES (?1, ?2, ?3)",
                )?;
                for id in ids {
                    insert.execute(rusqlite::params![endpoint, id, now])?;
                }
            }
            tx.commit()
        })();
        result.map_err(|e: rusqlite::Error| -> StoreError { self.err(e) })
    }
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

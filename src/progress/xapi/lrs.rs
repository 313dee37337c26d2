//! Sending statements to a learning record store: in batches, with retries while it is down,
//! each statement once (the ids it has accepted are kept per endpoint in the store).

use super::Statement;
use crate::progress::store::{AtPath, Result, Store};
use base64::Engine as _;
use std::collections::HashSet;
use std::time::Duration;

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
    pub(super) fn agent(&self) -> ureq::Agent {
        ureq::Agent::config_builder()
            .timeout_global(Some(self.timeout))
            .http_status_as_error(false)
            .build()
            .into()
    }

    pub(super) fn authorization(&self) -> Option<String> {
        let user = self.username.as_ref()?;
        let token = base64::engine::general_purpose::STANDARD.encode(format!(
            "{user}:{}",
            self.password.as_deref().unwrap_or_default()
        ));
        Some(format!("Basic {token}"))
    }

    /// GETs `url` (absolute) with the xAPI headers: the status and the body, or why no answer
    /// came. Bodies over `limit` bytes are cut off there (and will not parse).
    pub(super) fn get(
        &self,
        agent: &ureq::Agent,
        url: &str,
        limit: u64,
    ) -> std::result::Result<(u16, String), String> {
        let mut request = agent.get(url).header("X-Experience-API-Version", "1.0.3");
        if let Some(auth) = self.authorization() {
            request = request.header("Authorization", auth);
        }
        let mut response = request.call().map_err(|e| format!("{url}: {e}"))?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(limit)
            .read_to_string()
            .map_err(|e| format!("{url}: {e}"))?;
        Ok((status, body))
    }

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
    let agent = lrs.agent();
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
    if let Some(auth) = lrs.authorization() {
        request = request.header("Authorization", auth);
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
            .at(self.path())
    }

    fn mark_sent<'a>(&mut self, endpoint: &str, ids: impl Iterator<Item = &'a str>) -> Result<()> {
        let now = crate::progress::now_ms();
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
        result.at(self.path())
    }
}

/// What an LRS said when asked who it is (`GET about`, no credentials needed) and whether it
/// takes these credentials (`GET statements?limit=1`), in words for the trainer.
pub fn test_connection(lrs: &Lrs) -> std::result::Result<String, String> {
    let agent = lrs.agent();
    let about = format!("{}about", lrs.endpoint);
    let (status, body) = lrs.get(&agent, &about, 64 * 1024)?;
    // xAPI's About resource names the versions; some LRSs (Ralph 5) do not serve it.
    let versions = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| {
            v["version"].as_array().map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        })
        .filter(|v| !v.is_empty() && status == 200)
        .map_or_else(
            || "xAPI (no About resource)".to_owned(),
            |v| format!("xAPI {v}"),
        );
    let probe = format!("{}statements?limit=1", lrs.endpoint);
    let (status, body) = lrs.get(&agent, &probe, 4 * 1024 * 1024)?;
    match status {
        200 if serde_json::from_str::<serde_json::Value>(&body)
            .is_ok_and(|v| v["statements"].is_array()) =>
        {
            Ok(format!("{versions}; credentials accepted"))
        }
        200 => Err(format!(
            "{probe} answered, but not with statements: {}",
            super::payload::clip(&body)
        )),
        401 | 403 => Err(format!("{versions}; credentials refused ({status})")),
        _ => Err(format!(
            "{versions}; reading statements answered {status}: {}",
            super::payload::clip(&body)
        )),
    }
}

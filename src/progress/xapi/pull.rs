//! `rapport pull`: the team's sessions back from the LRS into this store.
//!
//! Each session travels whole in the one statement that ends it (`completed` or `abandoned`,
//! see `payload`), so the pull asks for those two verbs only, page by page (`more` is followed
//! at once: an LRS may let it expire), and a page's sessions are stored in one transaction —
//! a pull cut off half-way leaves whole sessions and nothing else; the next one completes it.
//!
//! Incremental: a cursor per verb (the newest statement timestamp taken) less an overlap
//! window, since LRSs such as Ralph filter `since` by the statement's own timestamp and a
//! laptop that syncs a week late sends week-old timestamps; statement ids already read are
//! skipped. The cursor moves only when a verb's pass has finished.

use super::lrs::Lrs;
use super::payload::{SessionPayload, clip};
use super::{Iris, iri_segment};
use crate::progress::store::{AtPath, Pulled, Result, SessionRecord, Store};
use serde_json::Value;
use std::collections::HashSet;

/// A statement larger than this is refused unread: no session is that big.
const MAX_STATEMENT: usize = 4 * 1024 * 1024;
/// A page larger than this is not read: an LRS caps pages (Ralph at 100 statements).
const MAX_PAGE: u64 = 256 * 1024 * 1024;
const DAY_MS: i64 = 86_400_000;

#[derive(Debug, Clone)]
pub struct PullOptions {
    /// Only this team's statements (`None`: every Rapport statement the user may read).
    pub team: Option<String>,
    /// How far before the cursor each pull looks again, for statements that arrive late.
    pub overlap_days: u32,
    /// Ignore the cursor: read everything again (still never storing a session twice).
    pub full: bool,
    /// Statements per page asked for (an LRS may send fewer: Ralph at most 100).
    pub page: usize,
}

impl Default for PullOptions {
    fn default() -> Self {
        PullOptions {
            team: None,
            overlap_days: 30,
            full: false,
            page: 100,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PullReport {
    /// Statements the LRS sent in this pull.
    pub read: usize,
    /// Sessions stored by this pull.
    pub sessions: usize,
    /// Statements read before (by id), or sessions already here (played on this machine).
    pub known: usize,
    /// Statements of other tools, or Rapport statements without a session (sent by an older
    /// Rapport): not ours to rebuild, and not errors.
    pub foreign: usize,
    /// Rapport statements refused, with why (statement id, reason).
    pub skipped: Vec<(String, String)>,
    /// Why the pull stopped early, when it did (what was stored stays, whole).
    pub error: Option<String>,
}

/// Pulls the team's sessions from `lrs` into `store`.
pub fn pull(
    store: &mut Store,
    lrs: &Lrs,
    iris: &Iris,
    options: &PullOptions,
) -> Result<PullReport> {
    let mut report = PullReport::default();
    let agent = lrs.agent();
    for verb in [Iris::verb_completed(), Iris::verb_abandoned()] {
        if let Err(why) = pull_verb(store, lrs, &agent, iris, options, verb, &mut report)? {
            report.error = Some(why);
            break;
        }
    }
    Ok(report)
}

/// One verb's pass. The outer `Result` is the store's; the inner says why the LRS stopped us.
fn pull_verb(
    store: &mut Store,
    lrs: &Lrs,
    agent: &ureq::Agent,
    iris: &Iris,
    options: &PullOptions,
    verb: &str,
    report: &mut PullReport,
) -> Result<std::result::Result<(), String>> {
    let cursor = if options.full {
        None
    } else {
        store.pull_cursor(&lrs.endpoint, verb)?
    };
    let mut query = vec![
        ("verb", verb.to_owned()),
        ("limit", options.page.max(1).to_string()),
        ("ascending", "true".to_owned()),
    ];
    if let Some(newest) = cursor {
        let since = newest - i64::from(options.overlap_days) * DAY_MS;
        query.push(("since", crate::progress::iso_time(since)));
    }
    if let Some(team) = &options.team {
        query.push(("activity", iris.team(team)));
        query.push(("related_activities", "true".to_owned()));
    }
    let first = format!("{}statements?{}", lrs.endpoint, encode(&query));
    let mut url = first.clone();
    let mut newest = cursor;
    let mut restarts = 0;
    loop {
        let (status, body) = match lrs.get(agent, &url, MAX_PAGE) {
            Ok(answer) => answer,
            Err(why) => return Ok(Err(why)),
        };
        if status != 200 {
            // A `more` link may expire (Ralph's after a minute): start the pass again; what
            // was read is known by id and not stored twice.
            if url != first
                && (400..500).contains(&status)
                && status != 401
                && status != 403
                && restarts < 3
            {
                restarts += 1;
                url = first.clone();
                continue;
            }
            return Ok(Err(format!("{url} answered {status}: {}", clip(&body))));
        }
        let page: Value = match serde_json::from_str(&body) {
            Ok(v) => v,
            Err(e) => return Ok(Err(format!("{url}: not a statement result: {e}"))),
        };
        let Some(statements) = page["statements"].as_array() else {
            return Ok(Err(format!(
                "{url}: not a statement result (no `statements`)"
            )));
        };
        report.read += statements.len();
        let taken = take_page(store, &lrs.endpoint, iris, options, statements, report)?;
        newest = newest.max(taken);
        match page["more"].as_str().filter(|m| !m.is_empty()) {
            Some(more) => url = resolve(&lrs.endpoint, more),
            None => break,
        }
    }
    if let Some(newest) = newest {
        store.set_pull_cursor(&lrs.endpoint, verb, newest)?;
    }
    Ok(Ok(()))
}

/// Reads one page: each statement is taken (a whole session), known, foreign or skipped with a
/// reason, and all of it is stored in one transaction. Returns the newest timestamp read.
fn take_page(
    store: &mut Store,
    endpoint: &str,
    iris: &Iris,
    options: &PullOptions,
    statements: &[Value],
    report: &mut PullReport,
) -> Result<Option<i64>> {
    let ids: Vec<&str> = statements.iter().filter_map(|s| s["id"].as_str()).collect();
    let known = store.pulled_ids(endpoint, &ids)?;
    let mut newest = None;
    let mut page = Vec::new();
    for statement in statements {
        let Some(id) = statement["id"].as_str().filter(|id| id.len() <= 64) else {
            report
                .skipped
                .push(("?".into(), "a statement without an id".into()));
            continue;
        };
        if let Some(ms) = statement["timestamp"].as_str().and_then(parse_time) {
            newest = newest.max(Some(ms));
        }
        if known.contains(id) {
            report.known += 1;
            continue;
        }
        let read = match read_statement(iris, statement, options.team.as_deref()) {
            Read::Session(account, name, record) => Ok((account, name, record)),
            Read::Foreign => {
                report.foreign += 1;
                Err(None)
            }
            Read::Refused(why) => {
                report.skipped.push((id.to_owned(), why.clone()));
                Err(Some(why))
            }
        };
        page.push((id.to_owned(), read));
    }
    let outcome = store.take_pulled(endpoint, page)?;
    report.sessions += outcome.stored;
    report.known += outcome.already_here;
    Ok(newest)
}

enum Read {
    /// Account, display name (if it travelled), the session.
    Session(String, Option<String>, SessionRecord),
    Foreign,
    Refused(String),
}

/// What one statement is. Checked here whatever the LRS was asked for (platform, verb, team),
/// since an LRS may not filter as asked.
fn read_statement(iris: &Iris, s: &Value, team: Option<&str>) -> Read {
    if s["context"]["platform"].as_str() != Some("Rapport") {
        return Read::Foreign;
    }
    let verb = s["verb"]["id"].as_str();
    if verb != Some(Iris::verb_completed()) && verb != Some(Iris::verb_abandoned()) {
        return Read::Foreign;
    }
    if let Some(team) = team {
        let wanted = iris.team(team);
        let grouping = s["context"]["contextActivities"]["grouping"].as_array();
        if !grouping.is_some_and(|g| g.iter().any(|a| a["id"].as_str() == Some(&wanted))) {
            return Read::Foreign;
        }
    }
    let Some(payload) = s["result"]["extensions"].get(iris.extension("session")) else {
        return Read::Foreign;
    };
    if payload.to_string().len() > MAX_STATEMENT {
        return Read::Refused("larger than any session".into());
    }
    let Some(account) = s["actor"]["account"]["name"].as_str() else {
        return Read::Refused("no account".into());
    };
    if account.is_empty()
        || account.len() > 64
        || !account
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Read::Refused(format!("account `{}` is not one of ours", clip(account)));
    }
    let name = s["actor"]["name"]
        .as_str()
        .map(|n| {
            n.chars()
                .filter(|c| !c.is_control())
                .take(80)
                .collect::<String>()
        })
        .filter(|n| !n.trim().is_empty());
    let Some(registration) = s["context"]["registration"].as_str() else {
        return Read::Refused("no registration".into());
    };
    let payload: SessionPayload = match serde_json::from_value(payload.clone()) {
        Ok(p) => p,
        Err(e) => return Read::Refused(format!("session: {}", clip(&e.to_string()))),
    };
    match payload.into_record(registration) {
        Ok(record) => Read::Session(account.to_owned(), name, record),
        Err(why) => Read::Refused(why),
    }
}

fn parse_time(s: &str) -> Option<i64> {
    s.parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_millisecond())
}

fn encode(query: &[(&str, String)]) -> String {
    query
        .iter()
        .map(|(k, v)| format!("{k}={}", iri_segment(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A `more` link is relative to the LRS's host (xAPI 1.0.3, 2.1.3): `/xAPI/statements?…`.
fn resolve(endpoint: &str, more: &str) -> String {
    if more.starts_with("http://") || more.starts_with("https://") {
        return more.to_owned();
    }
    let host_end = endpoint
        .find("://")
        .map(|i| i + 3)
        .and_then(|start| endpoint[start..].find('/').map(|j| start + j))
        .unwrap_or(endpoint.len());
    format!("{}{more}", &endpoint[..host_end])
}

/// What a page's transaction did.
pub(crate) struct Taken {
    pub stored: usize,
    pub already_here: usize,
}

/// A statement of a page: its id, and the session it holds (account, name, record) or, when it
/// holds none, why (`None` for a foreign statement).
type PageItem = (
    String,
    std::result::Result<(String, Option<String>, SessionRecord), Option<String>>,
);

impl Store {
    fn pull_cursor(&self, endpoint: &str, verb: &str) -> Result<Option<i64>> {
        use rusqlite::OptionalExtension;
        self.conn()
            .query_row(
                "SELECT newest_ms FROM lrs_cursor WHERE endpoint = ?1 AND verb = ?2",
                [endpoint, verb],
                |r| r.get(0),
            )
            .optional()
            .at(self.path())
    }

    fn set_pull_cursor(&mut self, endpoint: &str, verb: &str, newest_ms: i64) -> Result<()> {
        self.conn()
            .execute(
                "INSERT INTO lrs_cursor (endpoint, verb, newest_ms) VALUES (?1, ?2, ?3)
                 ON CONFLICT (endpoint, verb) DO UPDATE SET newest_ms = max(newest_ms, excluded.newest_ms)",
                rusqlite::params![endpoint, verb, newest_ms],
            )
            .at(self.path())?;
        Ok(())
    }

    fn pulled_ids(&self, endpoint: &str, ids: &[&str]) -> Result<HashSet<String>> {
        let mut known = HashSet::new();
        let mut query = self
            .conn()
            .prepare_cached("SELECT 1 FROM lrs_pulled WHERE endpoint = ?1 AND statement_id = ?2")
            .at(self.path())?;
        for id in ids {
            if query.exists([endpoint, id]).at(self.path())? {
                known.insert((*id).to_owned());
            }
        }
        Ok(known)
    }

    /// Stores a page in one transaction: each session (its trainee created if new), and every
    /// statement id as read, with the reason when it was skipped.
    fn take_pulled(&mut self, endpoint: &str, page: Vec<PageItem>) -> Result<Taken> {
        let mut taken = Taken {
            stored: 0,
            already_here: 0,
        };
        if page.is_empty() {
            return Ok(taken);
        }
        let now = crate::progress::now_ms();
        let path = self.path().to_path_buf();
        self.conn().execute_batch("BEGIN IMMEDIATE").at(&path)?;
        let mut refold = std::collections::BTreeSet::new();
        let result = (|| {
            for (id, read) in page {
                let skipped = match read {
                    Ok((account, name, record)) => {
                        let trainee = self.ensure_pulled_trainee(&account, name.as_deref())?;
                        match self.insert_pulled(trainee.id, &record, endpoint)? {
                            Pulled::Stored => taken.stored += 1,
                            Pulled::OutOfOrder => {
                                taken.stored += 1;
                                refold.insert(trainee.id);
                            }
                            Pulled::AlreadyHere => taken.already_here += 1,
                        }
                        None
                    }
                    Err(why) => Some(why.unwrap_or_else(|| "not a Rapport session".into())),
                };
                self.conn()
                    .execute(
                        "INSERT OR IGNORE INTO lrs_pulled (endpoint, statement_id, skipped, pulled_ms)
                         VALUES (?1, ?2, ?3, ?4)",
                        rusqlite::params![endpoint, id, skipped, now],
                    )
                    .at(&path)?;
            }
            for trainee in &refold {
                self.refold(*trainee)?;
            }
            Ok(())
        })();
        match result {
            Ok(()) => {
                self.conn().execute_batch("COMMIT").at(&path)?;
                Ok(taken)
            }
            Err(e) => {
                let _ = self.conn().execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_links_resolve_against_the_lrs_host() {
        assert_eq!(
            resolve(
                "http://127.0.0.1:8100/xAPI/",
                "/xAPI/statements?pit_id=&search_after=x"
            ),
            "http://127.0.0.1:8100/xAPI/statements?pit_id=&search_after=x"
        );
        assert_eq!(
            resolve("https://lrs.example/xAPI/", "https://other/x"),
            "https://other/x"
        );
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            encode(&[("verb", "http://a/b c".into())]),
            "verb=http%3A%2F%2Fa%2Fb%20c"
        );
    }
}

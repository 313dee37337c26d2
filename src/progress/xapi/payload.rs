//! The session extension: everything a trainer's pull needs to rebuild a session exactly (so a
//! pulled session replays to the same score), carried by the one statement that ends it.
//!
//! What comes back from an LRS is read as untrusted: anything out of shape, out of range or
//! oversized is refused with a reason, and nothing of it is stored.

use crate::engine::events::Decision;
use crate::engine::scenario::Outcome;
use crate::engine::score::RuleScore;
use crate::progress::store::{SessionRecord, SessionSummary, Status};
use serde::{Deserialize, Serialize};

/// The version of this extension's shape; a pull refuses others.
pub const VERSION: u32 = 1;
/// More decisions than any run can make: a statement claiming more is refused.
const MAX_DECISIONS: usize = 2_000;
const MAX_RULES: usize = 200;
const MAX_ID: usize = 128;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionPayload {
    pub version: u32,
    pub scenario: String,
    pub scenario_hash: String,
    /// As a string: some stores keep JSON numbers as doubles, which cannot hold every u64.
    pub seed: String,
    pub started_ms: i64,
    pub ended_ms: i64,
    pub status: String,
    pub ending: Option<String>,
    pub outcome: Option<String>,
    pub score: f64,
    pub duration_ms: u64,
    pub rules: Vec<RuleScore>,
    pub decisions: Vec<Decision>,
}

impl SessionPayload {
    pub fn of(session: &SessionSummary, rules: &[RuleScore], decisions: &[Decision]) -> Self {
        SessionPayload {
            version: VERSION,
            scenario: session.scenario_id.clone(),
            scenario_hash: session.scenario_hash.clone(),
            seed: session.seed.to_string(),
            started_ms: session.started_ms,
            ended_ms: session.ended_ms,
            status: session.status.key().to_owned(),
            ending: session.ending.clone(),
            outcome: session.outcome.map(|o| o.key().to_owned()),
            score: session.score,
            duration_ms: session.duration_ms,
            rules: rules.to_vec(),
            decisions: decisions.to_vec(),
        }
    }

    /// The session this payload describes, as the store records it, or why it cannot be one.
    pub fn into_record(self, uuid: &str) -> Result<SessionRecord, String> {
        if self.version != VERSION {
            return Err(format!(
                "session shape version {} (this Rapport reads {VERSION})",
                self.version
            ));
        }
        check_id("session", uuid)?;
        check_id("scenario", &self.scenario)?;
        if self.scenario_hash.len() > MAX_ID
            || !self.scenario_hash.chars().all(|c| c.is_ascii_hexdigit())
        {
            return Err("scenario_hash is not a hash".into());
        }
        let seed: u64 = self
            .seed
            .parse()
            .map_err(|_| format!("seed `{}` is not a number", clip(&self.seed)))?;
        let status = Status::from_key(&self.status)
            .ok_or_else(|| format!("status `{}`", clip(&self.status)))?;
        let outcome = match &self.outcome {
            Some(o) => Some(Outcome::from_key(o).ok_or_else(|| format!("outcome `{}`", clip(o)))?),
            None => None,
        };
        if let Some(ending) = &self.ending {
            check_id("ending", ending)?;
        }
        if (status == Status::Finished) != (self.ending.is_some() && outcome.is_some()) {
            return Err(
                "a finished session needs an ending and an outcome, an abandoned one neither"
                    .into(),
            );
        }
        check_score("score", self.score)?;
        // 2000-01-01 to 2200-01-01: a time outside is not a session's.
        let plausible = 946_684_800_000..7_258_118_400_000;
        if !plausible.contains(&self.started_ms)
            || !plausible.contains(&self.ended_ms)
            || self.ended_ms < self.started_ms
        {
            return Err("started/ended times out of range".into());
        }
        if self.duration_ms > 30 * 86_400_000 {
            return Err("duration over 30 days".into());
        }
        if self.rules.len() > MAX_RULES {
            return Err(format!("{} rule scores", self.rules.len()));
        }
        for r in &self.rules {
            check_id("rule", &r.rule)?;
            check_score("rule score", r.score)?;
        }
        if self.decisions.len() > MAX_DECISIONS {
            return Err(format!("{} decisions", self.decisions.len()));
        }
        for d in &self.decisions {
            check_id("node", &d.node)?;
            if let Some(c) = &d.choice {
                check_id("choice", c)?;
            }
            for e in &d.effects {
                check_id("rule", &e.rule)?;
            }
            if d.shown.len() > 64 {
                return Err("a decision showing over 64 choices".into());
            }
        }
        Ok(SessionRecord {
            uuid: uuid.to_owned(),
            scenario_id: self.scenario,
            scenario_hash: self.scenario_hash,
            seed,
            started_ms: self.started_ms,
            ended_ms: self.ended_ms,
            status,
            ending: self.ending,
            outcome,
            score: self.score,
            rules: self.rules,
            decisions: self.decisions,
            duration_ms: self.duration_ms,
        })
    }
}

/// Ids as scenarios and sessions have them: letters, digits, `-`, `_`, `.` (never `..` or a
/// path), at most 128 bytes.
fn check_id(what: &str, id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= MAX_ID
        && !id.contains("..")
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(format!("{what} id `{}` is not an id", clip(id)))
    }
}

fn check_score(what: &str, v: f64) -> Result<(), String> {
    if v.is_finite() && (0.0..=100.0).contains(&v) {
        Ok(())
    } else {
        Err(format!("{what} {v} is outside 0–100"))
    }
}

/// At most 40 characters of something untrusted, for a reason.
pub(super) fn clip(s: &str) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload() -> SessionPayload {
        SessionPayload {
            version: VERSION,
            scenario: "broken-lace".into(),
            scenario_hash: "ab12".into(),
            seed: u64::MAX.to_string(),
            started_ms: 1_760_000_000_000,
            ended_ms: 1_760_000_090_000,
            status: "finished".into(),
            ending: Some("resolved".into()),
            outcome: Some("retained".into()),
            score: 87.5,
            duration_ms: 90_000,
            rules: vec![],
            decisions: vec![],
        }
    }

    #[test]
    fn a_sound_payload_becomes_the_same_record_and_a_bent_one_is_refused() {
        let record = payload().into_record("5a0e").unwrap();
        assert_eq!(record.seed, u64::MAX);
        assert_eq!(record.status, Status::Finished);
        let bent: Vec<(SessionPayload, &str)> = vec![
            (
                SessionPayload {
                    scenario: "../etc/passwd".into(),
                    ..payload()
                },
                "scenario id",
            ),
            (
                SessionPayload {
                    score: 1e308,
                    ..payload()
                },
                "outside 0–100",
            ),
            (
                SessionPayload {
                    score: f64::NAN,
                    ..payload()
                },
                "outside 0–100",
            ),
            (
                SessionPayload {
                    seed: "-1".into(),
                    ..payload()
                },
                "seed",
            ),
            (
                SessionPayload {
                    status: "won".into(),
                    ..payload()
                },
                "status",
            ),
            (
                SessionPayload {
                    ending: None,
                    ..payload()
                },
                "finished session",
            ),
            (
                SessionPayload {
                    ended_ms: 0,
                    ..payload()
                },
                "out of range",
            ),
            (
                SessionPayload {
                    version: 2,
                    ..payload()
                },
                "version",
            ),
        ];
        for (p, why) in bent {
            let err = p.into_record("5a0e").unwrap_err();
            assert!(err.contains(why), "{err} (wanted {why})");
        }
        assert!(
            payload()
                .into_record("a/b")
                .unwrap_err()
                .contains("session id")
        );
    }
}

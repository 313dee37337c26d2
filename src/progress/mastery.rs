//! Mastery: how well a trainee upholds each rule, weighted toward their recent sessions.
//!
//! Each finished session that touches a rule moves the trainee's mastery of it toward that
//! session's rule score: by 1/n for the first few sessions (a plain average), then by a fixed
//! share, so old sessions fade and a refresher that goes badly shows at once.

use super::DAY_MS;
use super::store::{SessionRecord, TraineeId};
use rusqlite::{Connection, OptionalExtension, params};

/// Mastery (0–1) at or above which a rule counts as mastered…
pub const MASTERED_AT: f64 = 0.8;
/// …once at least this many sessions have tested it.
pub const MIN_SESSIONS: u32 = 3;
/// The weight of the newest session once there are enough of them (an exponential average
/// with a memory of about seven sessions).
pub const RECENT_WEIGHT: f64 = 0.25;
const MS_PER_WEEK: i64 = 7 * DAY_MS;

#[derive(Debug, Clone, PartialEq)]
pub struct Mastery {
    pub rule: String,
    /// 0–1.
    pub value: f64,
    pub sessions: u32,
    pub updated_ms: i64,
}

impl Mastery {
    pub fn mastered(&self) -> bool {
        is_mastered(self.value, self.sessions)
    }
}

/// Whether a rule counts as mastered: at the bar, over enough sessions to trust it.
pub fn is_mastered(value: f64, sessions: u32) -> bool {
    value >= MASTERED_AT && sessions >= MIN_SESSIONS
}

/// The next mastery after a session scoring `score` (0–100), given the current one.
pub fn step(current: Option<(f64, u32)>, score: f64) -> (f64, u32) {
    let observed = (score / 100.0).clamp(0.0, 1.0);
    match current {
        None => (observed, 1),
        Some((value, n)) => {
            let n = n + 1;
            let weight = (1.0 / n as f64).max(RECENT_WEIGHT);
            (value + weight * (observed - value), n)
        }
    }
}

/// Weeks are numbered from the Monday before the Unix epoch, so week boundaries fall on Mondays.
pub fn week_of(ms: i64) -> i64 {
    // 1970-01-01 was a Thursday: shift by three days so weeks start on Monday.
    (ms + 3 * DAY_MS).div_euclid(MS_PER_WEEK)
}

/// The first millisecond of a week.
pub fn week_start_ms(week: i64) -> i64 {
    week * MS_PER_WEEK - 3 * DAY_MS
}

/// Folds a finished session into the trainee's mastery and weekly sums (inside the caller's
/// transaction).
pub(super) fn update(
    conn: &Connection,
    trainee_id: TraineeId,
    session: &SessionRecord,
) -> rusqlite::Result<()> {
    let week = week_of(session.ended_ms);
    let mut sums = WeekSums::decode(
        &conn
            .prepare_cached("SELECT sums FROM trainee_week WHERE week = ?1 AND trainee_id = ?2")?
            .query_row(params![week, trainee_id], |r| r.get::<_, Vec<u8>>(0))
            .optional()?
            .unwrap_or_default(),
    );
    for r in &session.rules {
        sums.add(rule_id(conn, &r.rule)?, r.score);
    }
    fold(conn, trainee_id, &session.rules, session.ended_ms)?;
    conn.prepare_cached(
        "INSERT INTO trainee_week (week, trainee_id, sums) VALUES (?1, ?2, ?3)
         ON CONFLICT (week, trainee_id) DO UPDATE SET sums = excluded.sums",
    )?
    .execute(params![week, trainee_id, sums.encode()])?;
    Ok(())
}

/// Folds one session's rule scores into the trainee's mastery (order matters: sessions must
/// be folded oldest first; see `Store::refold`).
pub(super) fn fold(
    conn: &Connection,
    trainee_id: TraineeId,
    rules: &[crate::engine::score::RuleScore],
    ended_ms: i64,
) -> rusqlite::Result<()> {
    for r in rules {
        let current: Option<(f64, u32)> = conn
            .prepare_cached(
                "SELECT value, sessions FROM mastery WHERE trainee_id = ?1 AND rule = ?2",
            )?
            .query_row(params![trainee_id, r.rule], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        let (value, n) = step(current, r.score);
        conn.prepare_cached(
            "INSERT INTO mastery (trainee_id, rule, value, sessions, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (trainee_id, rule) DO UPDATE SET
               value = excluded.value, sessions = excluded.sessions, updated_ms = excluded.updated_ms",
        )?
        .execute(params![trainee_id, r.rule, value, n, ended_ms])?;
    }
    Ok(())
}

/// The small number standing for a rule in the weekly sums.
pub(super) fn rule_id(conn: &Connection, rule: &str) -> rusqlite::Result<u32> {
    if let Some(id) = conn
        .prepare_cached("SELECT id FROM rule_name WHERE name = ?1")?
        .query_row([rule], |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    conn.prepare_cached("INSERT INTO rule_name (name) VALUES (?1)")?
        .execute([rule])?;
    Ok(conn.last_insert_rowid() as u32)
}

/// One trainee's week: per rule id, the sessions that tested it and their scores' total.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WeekSums(pub Vec<(u32, u32, f64)>);

impl WeekSums {
    const ENTRY: usize = 16;

    pub fn decode(bytes: &[u8]) -> WeekSums {
        WeekSums(
            bytes
                .chunks_exact(Self::ENTRY)
                .map(|e| {
                    let u = |i: usize| u32::from_le_bytes(e[i..i + 4].try_into().unwrap());
                    (u(0), u(4), f64::from_le_bytes(e[8..16].try_into().unwrap()))
                })
                .collect(),
        )
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.0.len() * Self::ENTRY);
        for (rule, sessions, total) in &self.0 {
            out.extend_from_slice(&rule.to_le_bytes());
            out.extend_from_slice(&sessions.to_le_bytes());
            out.extend_from_slice(&total.to_le_bytes());
        }
        out
    }

    pub fn add(&mut self, rule: u32, score: f64) {
        match self.0.iter_mut().find(|e| e.0 == rule) {
            Some(e) => {
                e.1 += 1;
                e.2 += score;
            }
            None => self.0.push((rule, 1, score)),
        }
    }
}

/// A trainee's mastery of every rule they have been tested on.
pub fn of_trainee(conn: &Connection, trainee_id: TraineeId) -> rusqlite::Result<Vec<Mastery>> {
    conn.prepare_cached(
        "SELECT rule, value, sessions, updated_ms FROM mastery WHERE trainee_id = ?1 ORDER BY rule",
    )?
    .query_map([trainee_id], |r| {
        Ok(Mastery {
            rule: r.get(0)?,
            value: r.get(1)?,
            sessions: r.get(2)?,
            updated_ms: r.get(3)?,
        })
    })?
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sessions_average_then_recent_ones_weigh_more() {
        let (v, n) = step(None, 40.0);
        assert_eq!((v, n), (0.4, 1));
        let (v, _) = step(Some((v, n)), 80.0);
        assert!((v - 0.6).abs() < 1e-9, "two sessions average: {v}");
        // Far along, one bad session pulls mastery down by a quarter of the gap, not 1/n.
        let (v, _) = step(Some((0.9, 40)), 10.0);
        assert!((v - 0.7).abs() < 1e-9, "{v}");
    }

    #[test]
    fn mastered_needs_both_the_bar_and_enough_sessions() {
        let m = |value, sessions| Mastery {
            rule: "listen".into(),
            value,
            sessions,
            updated_ms: 0,
        };
        assert!(m(0.85, 3).mastered());
        assert!(!m(0.85, 2).mastered());
        assert!(!m(0.79, 10).mastered());
    }

    #[test]
    fn week_sums_survive_encoding_and_add_up() {
        let mut sums = WeekSums::default();
        sums.add(3, 50.0);
        sums.add(1, 100.0);
        sums.add(3, 25.5);
        let back = WeekSums::decode(&sums.encode());
        assert_eq!(back, sums);
        assert_eq!(back.0, [(3, 2, 75.5), (1, 1, 100.0)]);
    }

    #[test]
    fn weeks_start_on_monday() {
        // 2026-11-23 is a Monday; 2026-11-22 a Sunday.
        let monday: jiff::Timestamp = "2026-11-23T00:00:00Z".parse().unwrap();
        let monday_ms = monday.as_millisecond();
        assert_eq!(week_start_ms(week_of(monday_ms)), monday_ms);
        assert_eq!(week_of(monday_ms - 1) + 1, week_of(monday_ms));
        assert_eq!(
            week_of(monday_ms + 6 * 24 * 3600 * 1000 + 1),
            week_of(monday_ms)
        );
    }
}

//! Spaced refreshers: each (trainee, scenario) pair is rescheduled with SM-2 after every finished
//! session, graded from its score, so scenarios a trainee handles well come back rarely and the
//! ones they struggle with come back soon.

use super::DAY_MS;
use super::store::{SessionRecord, TraineeId};
use rusqlite::{Connection, OptionalExtension, params};

/// SM-2's starting and lowest easiness factor.
const START_EASE: f64 = 2.5;
const MIN_EASE: f64 = 1.3;
/// However well a scenario goes, it comes back within a year: service skills fade.
pub const MAX_INTERVAL_DAYS: f64 = 365.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Refresher {
    pub trainee_id: TraineeId,
    pub scenario_id: String,
    pub repetitions: u32,
    pub ease: f64,
    pub interval_days: f64,
    pub due_ms: i64,
    pub last_ms: i64,
    pub last_score: f64,
    pub best_score: f64,
}

impl Refresher {
    pub fn is_due(&self, now_ms: i64) -> bool {
        self.due_ms <= now_ms
    }
}

/// SM-2's 0–5 answer quality for a session score (0–100): 3 and up is a pass.
pub fn grade(score: f64) -> u8 {
    match score {
        s if s >= 90.0 => 5,
        s if s >= 80.0 => 4,
        s if s >= 65.0 => 3,
        s if s >= 50.0 => 2,
        s if s >= 30.0 => 1,
        _ => 0,
    }
}

/// The SM-2 state after one review of quality `q`: (repetitions, ease, interval in days).
pub fn sm2(repetitions: u32, ease: f64, interval_days: f64, q: u8) -> (u32, f64, f64) {
    let q = f64::from(q.min(5));
    let ease = (ease + 0.1 - (5.0 - q) * (0.08 + (5.0 - q) * 0.02)).max(MIN_EASE);
    if q < 3.0 {
        return (0, ease, 1.0);
    }
    let interval = match repetitions {
        0 => 1.0,
        1 => 6.0,
        _ => (interval_days * ease).round(),
    };
    let interval = interval.min(MAX_INTERVAL_DAYS);
    (repetitions + 1, ease, interval)
}

pub(super) fn update(
    conn: &Connection,
    trainee_id: TraineeId,
    session: &SessionRecord,
) -> rusqlite::Result<()> {
    let current: Option<(u32, f64, f64, f64)> = conn
        .prepare_cached(
            "SELECT repetitions, ease, interval_days, best_score FROM refresher
             WHERE trainee_id = ?1 AND scenario_id = ?2",
        )?
        .query_row(params![trainee_id, session.scenario_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let (reps, ease, interval, best) = current.unwrap_or((0, START_EASE, 0.0, 0.0));
    let (reps, ease, interval) = sm2(reps, ease, interval, grade(session.score));
    let due_ms = session
        .ended_ms
        .saturating_add((interval * DAY_MS as f64) as i64);
    conn.prepare_cached(
        "INSERT INTO refresher (trainee_id, scenario_id, repetitions, ease, interval_days, due_ms,
           last_ms, last_score, best_score)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (trainee_id, scenario_id) DO UPDATE SET
           repetitions = excluded.repetitions, ease = excluded.ease,
           interval_days = excluded.interval_days, due_ms = excluded.due_ms,
           last_ms = excluded.last_ms, last_score = excluded.last_score,
           best_score = excluded.best_score",
    )?
    .execute(params![
        trainee_id,
        session.scenario_id,
        reps,
        ease,
        interval,
        due_ms,
        session.ended_ms,
        session.score,
        best.max(session.score)
    ])?;
    Ok(())
}

pub(super) fn list(
    conn: &Connection,
    trainee_id: Option<TraineeId>,
) -> rusqlite::Result<Vec<Refresher>> {
    conn.prepare_cached(
        "SELECT trainee_id, scenario_id, repetitions, ease, interval_days, due_ms, last_ms,
           last_score, best_score
         FROM refresher WHERE ?1 IS NULL OR trainee_id = ?1 ORDER BY due_ms, scenario_id",
    )?
    .query_map([trainee_id], |r| {
        Ok(Refresher {
            trainee_id: r.get(0)?,
            scenario_id: r.get(1)?,
            repetitions: r.get(2)?,
            ease: r.get(3)?,
            interval_days: r.get(4)?,
            due_ms: r.get(5)?,
            last_ms: r.get(6)?,
            last_score: r.get(7)?,
            best_score: r.get(8)?,
        })
    })?
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passing_reviews_space_out_one_six_then_by_ease() {
        let (r, e, i) = sm2(0, START_EASE, 0.0, 5);
        assert_eq!((r, i), (1, 1.0));
        let (r, e, i) = sm2(r, e, i, 5);
        assert_eq!((r, i), (2, 6.0));
        let (r, e2, i) = sm2(r, e, i, 4);
        assert_eq!(r, 3);
        assert_eq!(i, (6.0 * e2).round());
        assert!(e2 > START_EASE, "two perfect answers raise the ease: {e2}");
    }

    #[test]
    fn a_failed_review_starts_over_tomorrow_and_lowers_ease() {
        let (r, e, i) = sm2(4, 2.5, 40.0, 1);
        assert_eq!((r, i), (0, 1.0));
        assert!(e < 2.5);
        // Ease never falls under SM-2's floor however often one fails.
        let mut ease = 2.5;
        for _ in 0..50 {
            ease = sm2(0, ease, 1.0, 0).1;
        }
        assert_eq!(ease, MIN_EASE);
    }

    #[test]
    fn intervals_stop_growing_at_a_year() {
        let (mut r, mut e, mut i) = (0, START_EASE, 0.0);
        for _ in 0..100 {
            (r, e, i) = sm2(r, e, i, 5);
        }
        assert_eq!(i, MAX_INTERVAL_DAYS);
    }

    #[test]
    fn grades_follow_the_score_bands() {
        assert_eq!(grade(100.0), 5);
        assert_eq!(grade(85.0), 4);
        assert_eq!(grade(65.0), 3);
        assert_eq!(grade(64.9), 2);
        assert_eq!(grade(0.0), 0);
    }
}

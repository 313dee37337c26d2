//! What the Progress screen, the Team view and `rapport progress` read: each a handful of
//! indexed queries, so they stay fast with a million sessions in the store.

use super::mastery::{self, Mastery, WeekSums, week_of};
use super::schedule::Refresher;
use super::store::{AtPath, Result, SessionId, SessionSummary, Store, Trainee, TraineeId};
use rusqlite::params;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One rule's score in one session, for plotting a trend.
#[derive(Debug, Clone, PartialEq)]
pub struct RulePoint {
    pub ended_ms: i64,
    pub session_id: SessionId,
    pub rule: String,
    pub score: f64,
}

/// Everything the Progress screen shows for one trainee.
#[derive(Debug, Clone)]
pub struct TraineeProgress {
    pub trainee: Trainee,
    pub mastery: Vec<Mastery>,
    /// Every finished session's rule scores, oldest first.
    pub history: Vec<RulePoint>,
    /// The most recent sessions, newest first.
    pub recent: Vec<SessionSummary>,
    pub refreshers: Vec<Refresher>,
    /// Best score per scenario, for track progress.
    pub best: BTreeMap<String, f64>,
    pub sessions_total: u64,
}

/// How many sessions the sessions list shows.
pub const RECENT_SESSIONS: usize = 200;

impl Store {
    pub fn progress(&self, trainee: &Trainee) -> Result<TraineeProgress> {
        let conn = self.conn();
        let path = self.path();
        let history = conn
            .prepare_cached(
                "SELECT s.ended_ms, s.id, r.rule, r.score
                 FROM session s JOIN rule_score r ON r.session_id = s.id
                 WHERE s.trainee_id = ?1
                 ORDER BY s.ended_ms, s.id, r.rule",
            )
            .and_then(|mut s| {
                s.query_map([trainee.id], |r| {
                    Ok(RulePoint {
                        ended_ms: r.get(0)?,
                        session_id: r.get(1)?,
                        rule: r.get(2)?,
                        score: r.get(3)?,
                    })
                })?
                .collect()
            })
            .at(path)?;
        let refreshers = self.refreshers(Some(trainee.id))?;
        let best = refreshers
            .iter()
            .map(|r| (r.scenario_id.clone(), r.best_score))
            .collect();
        let sessions_total = conn
            .query_row(
                "SELECT count(*) FROM session WHERE trainee_id = ?1",
                [trainee.id],
                |r| r.get::<_, i64>(0),
            )
            .at(path)? as u64;
        Ok(TraineeProgress {
            trainee: trainee.clone(),
            mastery: mastery::of_trainee(conn, trainee.id).at(path)?,
            history,
            recent: self.sessions(trainee.id, RECENT_SESSIONS)?,
            refreshers,
            best,
            sessions_total,
        })
    }
}

/// Which sessions a team report looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Everything: cells show mastery, which already favours recent sessions.
    AllTime,
    /// Sessions ending in the weeks from the one holding `from_ms` to the one holding `to_ms`:
    /// cells show the average rule score over them.
    Weeks { from_ms: i64, to_ms: i64 },
}

impl Period {
    /// The last `weeks` weeks up to `now_ms`, this week included.
    pub fn last_weeks(weeks: u32, now_ms: i64) -> Period {
        let to = week_of(now_ms);
        Period::Weeks {
            from_ms: mastery::week_start_ms(to - i64::from(weeks.max(1)) + 1),
            to_ms: now_ms,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// 0–1.
    pub value: f64,
    pub sessions: u32,
}

impl Cell {
    pub fn mastered(&self) -> bool {
        mastery::is_mastered(self.value, self.sessions)
    }
}

#[derive(Debug, Clone)]
pub struct TeamRow {
    pub trainee: Trainee,
    pub cells: BTreeMap<String, Cell>,
    pub overdue: u32,
    /// The earliest due date among overdue refreshers.
    pub oldest_due_ms: Option<i64>,
    /// Best score per scenario (for track progress).
    pub best: BTreeMap<String, f64>,
}

#[derive(Debug, Clone)]
pub struct TeamReport {
    pub rows: Vec<TeamRow>,
    /// Every rule with a cell, sorted.
    pub rules: Vec<String>,
    /// (rule, team average 0–1, trainees tested), weakest first.
    pub weakest: Vec<(String, f64, u32)>,
}

impl Store {
    /// Every trainee × rule, the team's weakest rules, and who has refreshers overdue.
    /// `scenarios`, when given (a track), limits track progress and overdue refreshers to them.
    pub fn team(
        &self,
        period: Period,
        scenarios: Option<&BTreeSet<String>>,
        now_ms: i64,
    ) -> Result<TeamReport> {
        let conn = self.conn();
        let path = self.path();
        let mut rows: BTreeMap<TraineeId, TeamRow> = self
            .trainees()?
            .into_iter()
            .map(|t| {
                (
                    t.id,
                    TeamRow {
                        trainee: t,
                        cells: BTreeMap::new(),
                        overdue: 0,
                        oldest_due_ms: None,
                        best: BTreeMap::new(),
                    },
                )
            })
            .collect();
        let mut put = |trainee: TraineeId, rule: String, value: f64, sessions: u32| {
            if let Some(row) = rows.get_mut(&trainee) {
                row.cells.insert(rule, Cell { value, sessions });
            }
        };
        match period {
            Period::AllTime => {
                let mut stmt = conn
                    .prepare_cached("SELECT trainee_id, rule, value, sessions FROM mastery")
                    .at(path)?;
                let mut q = stmt.query([]).at(path)?;
                while let Some(r) = q.next().at(path)? {
                    put(
                        r.get(0).at(path)?,
                        r.get(1).at(path)?,
                        r.get(2).at(path)?,
                        r.get(3).at(path)?,
                    );
                }
            }
            Period::Weeks { from_ms, to_ms } => {
                let names: HashMap<u32, String> = conn
                    .prepare_cached("SELECT id, name FROM rule_name")
                    .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
                    .at(path)?;
                let mut sums: HashMap<(TraineeId, u32), (u32, f64)> = HashMap::new();
                let mut stmt = conn
                    .prepare_cached(
                        "SELECT trainee_id, sums FROM trainee_week WHERE week BETWEEN ?1 AND ?2",
                    )
                    .at(path)?;
                let mut q = stmt
                    .query(params![week_of(from_ms), week_of(to_ms)])
                    .at(path)?;
                while let Some(r) = q.next().at(path)? {
                    let trainee: TraineeId = r.get(0).at(path)?;
                    let bytes = r.get_ref(1).at(path)?.as_blob().unwrap_or_default();
                    for (rule, n, total) in WeekSums::decode(bytes).0 {
                        let e = sums.entry((trainee, rule)).or_default();
                        e.0 += n;
                        e.1 += total;
                    }
                }
                for ((trainee, rule), (n, total)) in sums {
                    if let Some(name) = names.get(&rule) {
                        put(trainee, name.clone(), total / f64::from(n) / 100.0, n);
                    }
                }
            }
        }
        {
            let mut stmt = conn
                .prepare_cached("SELECT trainee_id, scenario_id, due_ms, best_score FROM refresher")
                .at(path)?;
            let mut q = stmt.query([]).at(path)?;
            while let Some(r) = q.next().at(path)? {
                let trainee: TraineeId = r.get(0).at(path)?;
                let scenario: String = r.get(1).at(path)?;
                if scenarios.is_some_and(|s| !s.contains(&scenario)) {
                    continue;
                }
                let due: i64 = r.get(2).at(path)?;
                if let Some(row) = rows.get_mut(&trainee) {
                    if due <= now_ms {
                        row.overdue += 1;
                        row.oldest_due_ms = Some(row.oldest_due_ms.map_or(due, |d| d.min(due)));
                    }
                    row.best.insert(scenario, r.get(3).at(path)?);
                }
            }
        }
        let rows: Vec<TeamRow> = rows.into_values().collect();
        let mut totals: BTreeMap<&str, (f64, u32)> = BTreeMap::new();
        for row in &rows {
            for (rule, cell) in &row.cells {
                let t = totals.entry(rule).or_default();
                t.0 += cell.value;
                t.1 += 1;
            }
        }
        let rules = totals.keys().map(|r| r.to_string()).collect();
        let mut weakest: Vec<(String, f64, u32)> = totals
            .into_iter()
            .map(|(rule, (sum, n))| (rule.to_owned(), sum / f64::from(n), n))
            .collect();
        weakest.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        Ok(TeamReport {
            rows,
            rules,
            weakest,
        })
    }
}

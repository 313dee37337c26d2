//! The tour's data: a team with twelve weeks of history, each session a real run of a shipped
//! scenario's test plan, and one trainee whose rules were tested exactly 11, 3, 2 and 1 times,
//! so the screenshots show every plural form the tables have.

use crate::app::catalog::Catalog;
use crate::app::store::ProgressStore;
use crate::engine::play_steps;
use crate::engine::scenario::Outcome;
use crate::engine::score::RuleScore;
use crate::locale::Lang;
use crate::progress::{DAY_MS, SessionRecord, Status, now_ms};
use std::sync::Arc;

/// A team of many places, its names in their own scripts.
const TEAM: [&str; 6] = [
    "Aisha Rahman",
    "يوسف العلي",
    "رضا کریمی",
    "Mina Park",
    "عمر حداد",
    "سارا نوری",
];

/// Whose screens the tour shows in each language.
pub(super) fn trainee_for(lang: Lang) -> &'static str {
    match lang {
        Lang::En => TEAM[0],
        Lang::Ar => TEAM[1],
        Lang::Fa => TEAM[2],
    }
}

/// The trainee whose My progress shows 11, 3, 2 and 1 sessions per rule.
pub(super) const COUNTED: &str = "Lina Haddad";

/// Twelve weeks of sessions for every member of the team.
pub(super) fn team(store: &ProgressStore, catalog: &Catalog) {
    let runs: Vec<_> = catalog
        .entries
        .iter()
        .filter_map(|e| e.scenario.as_ref())
        .flat_map(|s| {
            s.tests.iter().filter_map(|plan| {
                let (run, _) = play_steps(
                    Arc::clone(s),
                    Arc::clone(&catalog.rulebook),
                    plan.seed,
                    &plan.steps,
                )
                .ok()?;
                run.result()
            })
        })
        .collect();
    if runs.is_empty() {
        return;
    }
    let now = now_ms();
    store.with(|store| {
        let mut records = Vec::new();
        for (i, name) in TEAM.iter().enumerate() {
            let t = store.ensure_trainee(name)?;
            for n in 0..(18 + i * 3) {
                // Later sessions lean toward the better runs: the team improves.
                let pick = (n * 7 + i * 5 + n * n) % runs.len();
                let better = runs
                    .iter()
                    .skip(pick)
                    .chain(runs.iter())
                    .take(4)
                    .max_by(|a, b| a.score.total_cmp(&b.score))
                    .unwrap_or(&runs[pick]);
                let run = if n % 3 == 0 || n > 12 {
                    better
                } else {
                    &runs[pick]
                };
                let ended = now - (84 - (n as i64 * 84 / (18 + i as i64 * 3))) * DAY_MS
                    + (i as i64) * 3_600_000;
                records.push((
                    t.id,
                    SessionRecord::finished(
                        format!("tour-{name}-{n}"),
                        run,
                        ended - run.duration_ms as i64,
                        ended,
                    ),
                ));
            }
        }
        store.record_many(&records)
    });
}

/// Sessions that tested `listen` 11 times, `contact` 3, `honest-promises` 2 and `remember` once.
pub(super) fn counted(store: &ProgressStore) {
    let plan = [
        ("listen", 11),
        ("contact", 3),
        ("honest-promises", 2),
        ("remember", 1),
    ];
    let now = now_ms();
    store.with(|store| {
        let t = store.ensure_trainee(COUNTED)?;
        let mut n = 0;
        for (rule, times) in plan {
            for _ in 0..times {
                n += 1;
                let ended = now - (40 - n) * DAY_MS;
                let score = 60.0 + (n * 7 % 40) as f64;
                let session = SessionRecord {
                    uuid: format!("tour-counted-{n}"),
                    scenario_id: "interrupted-caller".into(),
                    scenario_hash: String::new(),
                    seed: n as u64,
                    started_ms: ended - 240_000,
                    ended_ms: ended,
                    status: Status::Finished,
                    ending: Some("thanks".into()),
                    outcome: Some(Outcome::Retained),
                    score,
                    rules: vec![RuleScore {
                        rule: rule.into(),
                        upheld: 1,
                        broken: 0,
                        score,
                    }],
                    decisions: Vec::new(),
                    duration_ms: 240_000,
                };
                store.record(t.id, &session)?;
            }
        }
        Ok(())
    });
}

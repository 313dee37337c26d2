//! The progress store: what goes in comes back exactly (replayable sessions), derived numbers
//! (mastery, weekly sums, refreshers) agree with a recomputation from the raw sessions, and
//! files that are not ours are refused and left byte for byte.
#![cfg(feature = "store")]

use proptest::prelude::*;
use rapport::engine::Library;
use rapport::engine::scenario::Outcome;
use rapport::engine::score::RuleScore;
use rapport::engine::script::play_steps;
use rapport::engine::tracks;
use rapport::progress::mastery::{self, week_of};
use rapport::progress::schedule::{grade, sm2};
use rapport::progress::session::replay_stored;
use rapport::progress::{
    InProgress, Period, Recorder, SessionRecord, Status, Store, StoreError, TraineeId,
};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

const DAY: i64 = 24 * 3600 * 1000;

fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| rapport::library::load(None, None))
}

fn scenarios_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("progress.sqlite3")).unwrap();
    (dir, store)
}

#[test]
fn every_shipped_test_plan_recorded_replays_to_the_stored_score() {
    let (_dir, mut store) = temp_store();
    let trainee = store.ensure_trainee("Amal").unwrap();
    let lib = library();
    let mut recorded = 0;
    for scenario in lib.scenarios() {
        for plan in &scenario.tests {
            let (run, _) = play_steps(
                Arc::clone(scenario),
                Arc::clone(&lib.rulebook),
                plan.seed,
                &plan.steps,
            )
            .unwrap();
            let id = Recorder::new(trainee.id)
                .finish(&mut store, &run)
                .unwrap()
                .expect("test plans reach an ending");
            let decisions = store.decisions(id).unwrap();
            let (stored, again) =
                replay_stored(&store, id, Arc::clone(scenario), Arc::clone(&lib.rulebook)).unwrap();
            let result = again.result().expect("the replay ends too");
            assert_eq!(
                Some(&result.ending),
                stored.ending.as_ref(),
                "{}",
                plan.name
            );
            assert_eq!(
                result.score, stored.score,
                "{} / {}",
                scenario.id, plan.name
            );
            assert_eq!(result.decisions, decisions);
            assert_eq!(result.rules, store.rule_scores(id).unwrap());
            assert_eq!(stored.scenario_hash, scenario.hash);
            recorded += 1;
        }
    }
    assert!(recorded >= 24, "only {recorded} plans recorded");
}

#[test]
fn recording_the_same_session_twice_keeps_one() {
    let (_dir, mut store) = temp_store();
    let t = store.ensure_trainee("Sam").unwrap();
    let record = session("s-1", "broken-lace", 10 * DAY, &[("listen", 50.0)]);
    let a = store.record(t.id, &record).unwrap();
    let b = store.record(t.id, &record).unwrap();
    assert_eq!(a, b);
    assert_eq!(store.sessions(t.id, 10).unwrap().len(), 1);
    let m = store.progress(&t).unwrap().mastery;
    assert_eq!(m[0].sessions, 1, "mastery counted the session once");
}

#[test]
fn a_checkpointed_run_resumes_and_its_checkpoint_goes_when_it_is_recorded() {
    let (_dir, mut store) = temp_store();
    let t = store.ensure_trainee("Sam").unwrap();
    let lib = library();
    let scenario = lib.find("angry-complainant").unwrap();
    let plan = &scenario.tests[0];
    assert!(plan.steps.len() >= 2);
    let rec = Recorder::new(t.id);
    let (run, _) = play_steps(
        Arc::clone(scenario),
        Arc::clone(&lib.rulebook),
        plan.seed,
        &plan.steps[..1],
    )
    .unwrap();
    rec.checkpoint(&mut store, &run).unwrap();
    let saved = store
        .in_progress(t.id, &scenario.id)
        .unwrap()
        .expect("checkpoint");
    assert_eq!(saved.state, *run.state());
    assert_eq!(
        store.in_progress_ids(t.id).unwrap(),
        std::slice::from_ref(&scenario.id)
    );
    // Resume from the store, as after a crash, and finish the plan.
    let mut resumed = rapport::engine::Playthrough::resume(
        Arc::clone(scenario),
        Arc::clone(&lib.rulebook),
        saved.state.clone(),
    )
    .unwrap();
    let (full, _) = play_steps(
        Arc::clone(scenario),
        Arc::clone(&lib.rulebook),
        plan.seed,
        &plan.steps,
    )
    .unwrap();
    for d in &full.state().decisions[1..] {
        let now = resumed.state().clock_us;
        resumed.tick(std::time::Duration::from_micros(d.at_us - now));
        resumed.choose(d.choice.as_deref().unwrap()).unwrap();
    }
    let again = Recorder::resumed(t.id, &saved);
    assert_eq!(again.uuid, rec.uuid);
    let id = again.finish(&mut store, &resumed).unwrap().unwrap();
    assert_eq!(
        store.session(id).unwrap().unwrap().score,
        full.result().unwrap().score
    );
    assert!(store.in_progress(t.id, &scenario.id).unwrap().is_none());
}

#[test]
fn a_run_given_up_is_scored_with_the_silence_penalty_and_counts() {
    let (_dir, mut store) = temp_store();
    let t = store.ensure_trainee("Sam").unwrap();
    let lib = library();
    let scenario = lib.find("angry-complainant").unwrap();
    let plan = &scenario.tests[0];
    let (run, _) = play_steps(
        Arc::clone(scenario),
        Arc::clone(&lib.rulebook),
        plan.seed,
        &plan.steps[..1],
    )
    .unwrap();
    let rec = Recorder::new(t.id);
    rec.checkpoint(&mut store, &run).unwrap();
    let id = rec.abandon(&mut store, &run).unwrap().unwrap();
    let s = store.session(id).unwrap().unwrap();
    assert_eq!(s.status, Status::Abandoned);
    assert_eq!(s.decisions, 1);
    assert_eq!(store.decisions(id).unwrap(), run.state().decisions);
    // What was decided, and the customer left without an answer: one silence penalty more.
    let book = &lib.rulebook;
    let mut expected = run.state().tally.clone();
    expected.add(&book.silence.rule, book.silence.points, false);
    assert!((s.score - expected.overall(book)).abs() < 1e-9);
    assert!(s.score < run.state().tally.overall(book) || run.state().tally.overall(book) == 0.0);
    let contact = store
        .rule_scores(id)
        .unwrap()
        .into_iter()
        .find(|r| r.rule == book.silence.rule)
        .expect("the penalty's rule is scored");
    assert!(contact.broken >= book.silence.points);
    // It counts like any run: giving up never keeps a bad run off the record.
    let p = store.progress(&t).unwrap();
    assert!(p.mastery.iter().any(|m| m.rule == book.silence.rule));
    assert_eq!(p.refreshers.len(), 1);
    assert!(store.in_progress(t.id, &scenario.id).unwrap().is_none());
}

/// The session rules the app and `rapport play --trainee` share, without either of them: a
/// saved run resumes when asked; otherwise, or when the scenario changed under it, it is
/// recorded as abandoned and a new run begins.
#[test]
fn a_saved_run_resumes_when_asked_and_is_recorded_as_abandoned_otherwise() {
    use rapport::progress::session::begin;
    let (_dir, mut store) = temp_store();
    let t = store.ensure_trainee("Sam").unwrap();
    let lib = library();
    let scenario = lib.find("angry-complainant").unwrap();
    let book = &lib.rulebook;
    let plan = &scenario.tests[0];
    let save_one_decision = |store: &mut Store| {
        let mut begun = begin(
            store,
            t.id,
            Arc::clone(scenario),
            Arc::clone(book),
            false,
            5,
        )
        .unwrap();
        assert!(!begun.resumed && !begun.events.is_empty());
        let (run, _) =
            play_steps(Arc::clone(scenario), Arc::clone(book), 5, &plan.steps[..1]).unwrap();
        begun.recorder.observe(store, &run).unwrap();
        run
    };
    // Asked to resume: the same run, where it was left; nothing recorded yet.
    let run = save_one_decision(&mut store);
    let begun = begin(
        &mut store,
        t.id,
        Arc::clone(scenario),
        Arc::clone(book),
        true,
        6,
    )
    .unwrap();
    assert!(begun.resumed && !begun.saved_run_changed);
    assert_eq!(begun.run.state(), run.state());
    assert!(store.sessions(t.id, 10).unwrap().is_empty());
    // Starting afresh: the saved run is kept as abandoned and a new one begins.
    let begun = begin(
        &mut store,
        t.id,
        Arc::clone(scenario),
        Arc::clone(book),
        false,
        6,
    )
    .unwrap();
    assert!(!begun.resumed && begun.run.state().decisions.is_empty());
    let kept = store.sessions(t.id, 10).unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!((kept[0].status, kept[0].decisions), (Status::Abandoned, 1));
    assert!(store.in_progress(t.id, &scenario.id).unwrap().is_none());
    // A scenario changed under a saved run cannot resume it: abandoned, and said so.
    save_one_decision(&mut store);
    let src = std::fs::read_to_string(scenarios_dir().join("angry-complainant.ron")).unwrap();
    let edited = rapport::engine::load_scenario_str("a.ron", &format!("{src}\n// edited"), book)
        .scenario
        .unwrap();
    let begun = begin(&mut store, t.id, edited, Arc::clone(book), true, 7).unwrap();
    assert!(!begun.resumed && begun.saved_run_changed);
    assert_eq!(store.sessions(t.id, 10).unwrap().len(), 2);
}

fn session(uuid: &str, scenario: &str, ended_ms: i64, rules: &[(&str, f64)]) -> SessionRecord {
    let rules: Vec<RuleScore> = rules
        .iter()
        .map(|(r, s)| RuleScore {
            rule: r.to_string(),
            upheld: *s as u32,
            broken: 100 - *s as u32,
            score: *s,
        })
        .collect();
    let score = if rules.is_empty() {
        100.0
    } else {
        rules.iter().map(|r| r.score).sum::<f64>() / rules.len() as f64
    };
    SessionRecord {
        uuid: uuid.into(),
        scenario_id: scenario.into(),
        scenario_hash: "h".into(),
        seed: 7,
        started_ms: ended_ms - 60_000,
        ended_ms,
        status: Status::Finished,
        ending: Some("end".into()),
        outcome: Some(Outcome::Retained),
        score,
        rules,
        decisions: Vec::new(),
        duration_ms: 60_000,
    }
}

const RULES: [&str; 4] = ["listen", "contact", "honest-promises", "remember"];
const SCENARIOS: [&str; 3] = ["a", "b", "c"];

/// (trainee index, day, scenario index, per-rule scores) in time order.
fn sessions_strategy() -> impl Strategy<Value = Vec<(usize, i64, usize, Vec<Option<u8>>)>> {
    prop::collection::vec(
        (
            0..4usize,
            0..120i64,
            0..3usize,
            prop::collection::vec(prop::option::of(0..=100u8), RULES.len()),
        ),
        1..80,
    )
    .prop_map(|mut v| {
        v.sort_by_key(|s| s.1);
        v
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The team report and mastery, read from the store's running aggregates, equal what a
    /// person would compute from the list of sessions.
    #[test]
    fn team_report_and_mastery_agree_with_the_raw_sessions(list in sessions_strategy(), from in 0..120i64, len in 1..120i64) {
        let mut store = Store::open_in_memory().unwrap();
        let ids: Vec<TraineeId> = (0..4).map(|i| store.ensure_trainee(&format!("t{i}")).unwrap().id).collect();
        let base = 1_700_000_000_000i64;
        let records: Vec<(TraineeId, SessionRecord)> = list.iter().enumerate().map(|(n, (t, day, sc, scores))| {
            let rules: Vec<(&str, f64)> = RULES.iter().zip(scores).filter_map(|(r, s)| s.map(|s| (*r, f64::from(s)))).collect();
            (ids[*t], session(&format!("u{n}"), SCENARIOS[*sc], base + day * DAY + n as i64, &rules))
        }).collect();
        store.record_many(&records).unwrap();
        let now = base + 200 * DAY;

        // Mastery: the exponential average folded over each trainee's sessions, in order.
        let all = store.team(Period::AllTime, None, now).unwrap();
        for row in &all.rows {
            for rule in RULES {
                let mut m = None;
                for (t, s) in &records {
                    if *t == row.trainee.id && let Some(r) = s.rules.iter().find(|r| r.rule == rule) {
                        m = Some(mastery::step(m, r.score));
                    }
                }
                let cell = row.cells.get(rule);
                prop_assert_eq!(cell.map(|c| c.sessions), m.map(|m| m.1));
                if let (Some(c), Some((v, _))) = (cell, m) {
                    prop_assert!((c.value - v).abs() < 1e-9, "{} {}: {} vs {}", row.trainee.name, rule, c.value, v);
                }
            }
        }

        // A window of whole weeks: plain averages of the rule scores of sessions inside it.
        let (from_ms, to_ms) = (base + from * DAY, base + (from + len) * DAY);
        let report = store.team(Period::Weeks { from_ms, to_ms }, None, now).unwrap();
        let (w0, w1) = (week_of(from_ms), week_of(to_ms));
        for row in &report.rows {
            for rule in RULES {
                let scores: Vec<f64> = records.iter()
                    .filter(|(t, s)| *t == row.trainee.id && (w0..=w1).contains(&week_of(s.ended_ms)))
                    .filter_map(|(_, s)| s.rules.iter().find(|r| r.rule == rule).map(|r| r.score))
                    .collect();
                let cell = row.cells.get(rule);
                prop_assert_eq!(cell.map(|c| c.sessions as usize), (!scores.is_empty()).then_some(scores.len()));
                if let Some(c) = cell {
                    let avg = scores.iter().sum::<f64>() / scores.len() as f64 / 100.0;
                    prop_assert!((c.value - avg).abs() < 1e-9);
                }
            }
        }
        // Weakest rules: team averages of the cells, lowest first.
        for pair in report.weakest.windows(2) {
            prop_assert!(pair[0].1 <= pair[1].1);
        }

        // Refreshers: SM-2 folded over each (trainee, scenario)'s scores; overdue counted at `now`.
        for row in &all.rows {
            let mut overdue = 0;
            for sc in SCENARIOS {
                let mut state: Option<(u32, f64, f64, i64)> = None;
                for (t, s) in &records {
                    if *t == row.trainee.id && s.scenario_id == sc {
                        let (r, e, i) = state.map_or((0, 2.5, 0.0), |(r, e, i, _)| (r, e, i));
                        let (r, e, i) = sm2(r, e, i, grade(s.score));
                        state = Some((r, e, i, s.ended_ms + (i * DAY as f64) as i64));
                    }
                }
                if state.is_some_and(|s| s.3 <= now) {
                    overdue += 1;
                }
            }
            prop_assert_eq!(row.overdue, overdue);
        }
    }
}

#[test]
fn refreshers_come_due_on_sm2_dates_and_due_lists_them() {
    let (_dir, mut store) = temp_store();
    let t = store.ensure_trainee("Sam").unwrap();
    let day0 = 1_800_000_000_000;
    store
        .record(t.id, &session("1", "a", day0, &[("listen", 100.0)]))
        .unwrap();
    store
        .record(t.id, &session("2", "a", day0 + DAY, &[("listen", 100.0)]))
        .unwrap();
    let r = &store.refreshers(Some(t.id)).unwrap()[0];
    assert_eq!((r.repetitions, r.interval_days), (2, 6.0));
    assert_eq!(r.due_ms, day0 + 7 * DAY);
    assert!(!r.is_due(day0 + 7 * DAY - 1) && r.is_due(day0 + 7 * DAY));
    // A poor session brings it back the next day.
    store
        .record(
            t.id,
            &session("3", "a", day0 + 2 * DAY, &[("listen", 20.0)]),
        )
        .unwrap();
    let r = &store.refreshers(Some(t.id)).unwrap()[0];
    assert_eq!((r.repetitions, r.due_ms), (0, day0 + 3 * DAY));
    assert_eq!(r.best_score, 100.0);
}

#[test]
fn forgetting_a_trainee_removes_every_row_and_scrubs_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let gone = store.ensure_trainee("Zebulon-Quartermaine").unwrap();
    let kept = store.ensure_trainee("Amal").unwrap();
    for i in 0..5 {
        store
            .record(
                gone.id,
                &session(&format!("g{i}"), "a", 1_000 + i, &[("listen", 50.0)]),
            )
            .unwrap();
        store
            .record(
                kept.id,
                &session(&format!("k{i}"), "a", 1_000 + i, &[("listen", 70.0)]),
            )
            .unwrap();
    }
    store
        .checkpoint(
            gone.id,
            &InProgress {
                uuid: "x".into(),
                started_ms: 0,
                updated_ms: 0,
                state: some_state(),
            },
        )
        .unwrap();
    assert_eq!(store.forget("Zebulon-Quartermaine").unwrap(), 5);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    for table in [
        "session",
        "mastery",
        "trainee_week",
        "refresher",
        "in_progress",
    ] {
        let n: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM {table} WHERE trainee_id = ?1"),
                [gone.id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0, "{table}");
    }
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM rule_score WHERE session_id NOT IN (SELECT id FROM session)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
    drop(conn);
    for file in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        assert!(
            !bytes.windows(20).any(|w| w == b"Zebulon-Quartermaine"),
            "the name is still in the file's bytes"
        );
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.sessions(kept.id, 100).unwrap().len(),
        5,
        "others are untouched"
    );
}

fn some_state() -> rapport::engine::PlayState {
    let lib = library();
    let scenario = lib.find("angry-complainant").unwrap();
    let (run, _) =
        rapport::engine::Playthrough::start(Arc::clone(scenario), Arc::clone(&lib.rulebook), 1);
    run.state().clone()
}

fn refuses_and_leaves_untouched(path: &Path) -> StoreError {
    let before = std::fs::read(path).unwrap();
    let err = match Store::open(path) {
        Err(e) => e,
        Ok(_) => panic!("{} was opened as a progress store", path.display()),
    };
    assert_eq!(std::fs::read(path).unwrap(), before, "the file was changed");
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    err
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    std::fs::write(&path, "these are my notes, not a database\n".repeat(200)).unwrap();
    let err = refuses_and_leaves_untouched(&path);
    assert!(matches!(err, StoreError::NotADatabase(_)), "{err:?}");
}

#[test]
fn another_programs_sqlite_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);")
        .unwrap();
    drop(conn);
    let err = refuses_and_leaves_untouched(&path);
    match err {
        StoreError::Foreign { tables, .. } => assert_eq!(tables, ["invoices"]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_damaged_store_is_reported_not_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    {
        let mut store = Store::open(&path).unwrap();
        let t = store.ensure_trainee("Sam").unwrap();
        let many: Vec<_> = (0..400)
            .map(|i| (t.id, session(&format!("s{i}"), "a", i, &[("listen", 50.0)])))
            .collect();
        store.record_many(&many).unwrap();
        store
            .conn_for_tests()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    // Scribble over the middle of the file, where the sessions' pages are.
    let mut bytes = std::fs::read(&path).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid..mid + 8192].fill(0xA5);
    std::fs::write(&path, &bytes).unwrap();
    let outcome = Store::open(&path).and_then(|s| s.verify());
    match outcome {
        Err(StoreError::Corrupt { .. }) => {}
        other => panic!("damage went unnoticed: {other:?}"),
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the damaged file was changed"
    );
}

#[test]
fn a_store_from_a_newer_rapport_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(conn);
    let err = refuses_and_leaves_untouched(&path);
    assert!(
        matches!(err, StoreError::TooNew { version: 99, .. }),
        "{err:?}"
    );
}

#[test]
fn migrations_are_recorded_and_reopening_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    let v = Store::open(&path).unwrap().schema_version().unwrap();
    assert!(v >= 1);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), v);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let versions: Vec<i64> = conn
        .prepare("SELECT version FROM schema_migration ORDER BY version")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(versions, (1..=v).collect::<Vec<_>>());
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn the_shipped_tracks_name_only_shipped_scenarios() {
    let known: HashSet<String> = library().scenarios().map(|s| s.id.clone()).collect();
    let (tracks, diagnostics) = tracks::load(&scenarios_dir().join("tracks.ron"), &known);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert!(
        tracks
            .iter()
            .any(|t| t.kind == tracks::TrackKind::Onboarding)
    );
    assert!(
        tracks
            .iter()
            .any(|t| t.kind == tracks::TrackKind::Refresher)
    );
    let best: BTreeMap<String, f64> = BTreeMap::new();
    assert!(
        tracks
            .iter()
            .all(|t| t.progress(&best).next.as_ref() == t.scenarios.first())
    );
}

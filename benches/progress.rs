//! Speed targets of the progress store (figures in docs/benchmarks.md), on a store holding
//! 1,000,000 sessions (500 trainees × 2,000, over two years, each with its real decisions):
//! - the Team view's report (all time, last 13 weeks, last 52 weeks) under 50 ms;
//! - a trainee's Progress screen under 50 ms;
//! - recording a session (one transaction, fsync'd) under 5 ms.
//!
//! The store is built once (a few minutes) and kept in `target/bench-progress-1m.sqlite3`.

use criterion::{Criterion, criterion_group, criterion_main};
use rapport::engine::load_library;
use rapport::engine::script::play_steps;
use rapport::progress::{Period, SessionRecord, Store};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

const TRAINEES: usize = 500;
const SESSIONS_EACH: usize = 2_000;
const SPAN_MS: i64 = 2 * 365 * 24 * 3600 * 1000;
const NOW: i64 = 1_790_000_000_000; // 2026-09-21
const DAY: i64 = 24 * 3600 * 1000;

/// Real finished runs: every shipped scenario's test plans.
fn runs() -> Vec<rapport::engine::PlayResult> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let lib = load_library(&[dir], None);
    lib.scenarios()
        .flat_map(|s| {
            let rulebook = Arc::clone(&lib.rulebook);
            s.tests.iter().filter_map(move |plan| {
                let (run, _) =
                    play_steps(Arc::clone(s), Arc::clone(&rulebook), plan.seed, &plan.steps)
                        .ok()?;
                run.result()
            })
        })
        .collect()
}

fn store_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-progress-1m.sqlite3")
}

fn build(path: &Path) {
    let runs = runs();
    let tmp = path.with_extension("building");
    let _ = std::fs::remove_file(&tmp);
    let mut store = Store::open(&tmp).unwrap();
    let start = Instant::now();
    let ids: Vec<_> = (0..TRAINEES)
        .map(|i| store.ensure_trainee(&format!("trainee-{i:03}")).unwrap().id)
        .collect();
    // Sessions arrive in time order across the team, as they would.
    let step = SPAN_MS / SESSIONS_EACH as i64;
    for chunk in 0..SESSIONS_EACH / 10 {
        let mut batch = Vec::with_capacity(TRAINEES * 10);
        for k in 0..10 {
            let n = chunk * 10 + k;
            for (t, id) in ids.iter().enumerate() {
                let run = &runs[(n * 7 + t * 13) % runs.len()];
                let ended = NOW - SPAN_MS + n as i64 * step + (t as i64 * 7919) % step;
                let uuid = format!("bench-{t}-{n}");
                batch.push((
                    *id,
                    SessionRecord::finished(uuid, run, ended - run.duration_ms as i64, ended),
                ));
            }
        }
        store.record_many(&batch).unwrap();
        if chunk % 20 == 0 {
            eprintln!(
                "building the benchmark store: {} sessions, {:.0?}",
                (chunk + 1) * 10 * TRAINEES,
                start.elapsed()
            );
        }
    }
    drop(store);
    std::fs::rename(&tmp, path).unwrap();
    for ext in ["building-wal", "building-shm"] {
        let _ = std::fs::remove_file(path.with_extension(ext));
    }
}

fn open() -> Store {
    let path = store_path();
    if !path.exists() {
        build(&path);
    }
    let store = Store::open(&path).unwrap();
    let n: i64 = store
        .conn_for_tests()
        .query_row("SELECT count(*) FROM session", [], |r| r.get(0))
        .unwrap();
    assert!(n >= (TRAINEES * SESSIONS_EACH) as i64, "{n} sessions");
    eprintln!(
        "benchmark store: {n} sessions, {:.0} MB",
        std::fs::metadata(&path).unwrap().len() as f64 / 1e6
    );
    store
}

fn team_and_progress(c: &mut Criterion) {
    let store = open();
    let mut g = c.benchmark_group("store-1m");
    g.sample_size(20).measurement_time(Duration::from_secs(8));
    g.bench_function("team-all-time", |b| {
        b.iter(|| black_box(store.team(Period::AllTime, None, NOW).unwrap()))
    });
    g.bench_function("team-last-13-weeks", |b| {
        b.iter(|| black_box(store.team(Period::last_weeks(13, NOW), None, NOW).unwrap()))
    });
    g.bench_function("team-last-52-weeks", |b| {
        b.iter(|| black_box(store.team(Period::last_weeks(52, NOW), None, NOW).unwrap()))
    });
    let trainee = store.trainee("trainee-250").unwrap().unwrap();
    g.bench_function("trainee-progress", |b| {
        b.iter(|| black_box(store.progress(&trainee).unwrap()))
    });
    g.finish();
}

fn save(c: &mut Criterion) {
    let mut store = open();
    let runs = runs();
    let trainee = store.ensure_trainee("trainee-bench-save").unwrap();
    let run = runs
        .iter()
        .max_by_key(|r| r.decisions.len())
        .unwrap()
        .clone();
    let mut n = 0u64;
    let mut g = c.benchmark_group("store-1m");
    g.sample_size(50).measurement_time(Duration::from_secs(5));
    g.bench_function("record-session", |b| {
        b.iter(|| {
            n += 1;
            let ended = NOW + n as i64;
            let record = SessionRecord::finished(
                format!("save-{}-{n}", std::process::id()),
                &run,
                ended - DAY,
                ended,
            );
            black_box(store.record(trainee.id, &record).unwrap())
        })
    });
    g.finish();
    // Leave the benchmark store as it was built.
    store
        .conn_for_tests()
        .execute("DELETE FROM trainee WHERE name = 'trainee-bench-save'", [])
        .unwrap();
}

criterion_group!(benches, team_and_progress, save);
criterion_main!(benches);

//! A team across machines, against a real Ralph LRS: trainee machines sync with `rapport sync`,
//! a trainer's machine pulls with `rapport pull`, and the trainer's Team report must equal the
//! one computed from the trainees' stores merged. Also: one trainee on two machines, a laptop
//! syncing week-old sessions after the trainer pulled, the LRS going down mid-pull, statements
//! of another tool, and malformed or malicious statements.
#![cfg(feature = "store")]

#[path = "support/ralph.rs"]
mod ralph;

use ralph::{PASSWORD, Proxy, Ralph, USER, ralph_python};
use rapport::engine::Library;
use rapport::engine::script::play_steps;
use rapport::progress::session::replay_stored;
use rapport::progress::{Period, SessionRecord, Store, TeamReport, now_ms};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

const DAY: i64 = 86_400_000;

fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| rapport::library::load(None, None))
}

/// One machine: its own data folder and store.
struct Machine {
    dir: tempfile::TempDir,
}

impl Machine {
    fn new() -> Machine {
        Machine {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn store_path(&self) -> PathBuf {
        self.dir.path().join("progress.sqlite3")
    }

    fn store(&self) -> Store {
        Store::open(&self.store_path()).unwrap()
    }

    fn rapport(&self, args: &[&str]) -> Output {
        let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("RAPPORT_SCENARIOS")
            .env("RAPPORT_DATA_DIR", self.dir.path())
            .env("RAPPORT_STORE", self.store_path())
            .env("RAPPORT_LRS_PASSWORD", PASSWORD)
            .args(["--lang", "en"])
            .args(args)
            .output()
            .unwrap();
        out
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.rapport(args);
        assert!(
            out.status.success(),
            "rapport {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn connect(&self, endpoint: &str, team: &str, extra: &[&str]) {
        let mut args = vec!["lrs", "set", endpoint, "--user", USER, "--team", team];
        args.extend_from_slice(extra);
        self.ok(&args);
    }

    /// Plays the `nth` test plan of the shipped library as `trainee`, ending `ago_ms` before
    /// now (0: now), and records it as the app would.
    fn play(&self, trainee: &str, nth: usize, ago_ms: i64) {
        let lib = library();
        let plans: Vec<_> = lib
            .scenarios()
            .flat_map(|s| s.tests.iter().map(move |p| (s, p)))
            .collect();
        let (scenario, plan) = plans[nth % plans.len()];
        let (run, _) = play_steps(
            Arc::clone(scenario),
            Arc::clone(&lib.rulebook),
            plan.seed + nth as u64,
            &plan.steps,
        )
        .unwrap();
        let result = run.result().expect("test plans reach an ending");
        let mut store = self.store();
        let t = store.ensure_trainee(trainee).unwrap();
        let ended = now_ms() - ago_ms;
        let uuid = uuid::Uuid::new_v4().hyphenated().to_string();
        let record =
            SessionRecord::finished(uuid, &result, ended - result.duration_ms as i64, ended);
        store.record(t.id, &record).unwrap();
    }
}

/// Every session of `machines`, recorded oldest first into one store: what one machine would
/// hold had every session been played on it.
fn merged(machines: &[&Machine]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut reference = Store::open(&dir.path().join("merged.sqlite3")).unwrap();
    let mut all = Vec::new();
    for m in machines {
        let store = m.store();
        for t in store.trainees().unwrap() {
            for s in store
                .sessions_between(Some(t.id), i64::MIN, i64::MAX)
                .unwrap()
            {
                let record = SessionRecord {
                    uuid: s.uuid.clone(),
                    scenario_id: s.scenario_id.clone(),
                    scenario_hash: s.scenario_hash.clone(),
                    seed: s.seed,
                    started_ms: s.started_ms,
                    ended_ms: s.ended_ms,
                    status: s.status,
                    ending: s.ending.clone(),
                    outcome: s.outcome,
                    score: s.score,
                    rules: store.rule_scores(s.id).unwrap(),
                    decisions: store.decisions(s.id).unwrap(),
                    duration_ms: s.duration_ms,
                };
                all.push((t.account.clone(), record));
            }
        }
    }
    all.sort_by_key(|(_, r)| r.ended_ms);
    for (account, record) in all {
        let t = reference.ensure_pulled_trainee(&account, None).unwrap();
        reference.record(t.id, &record).unwrap();
    }
    (dir, reference)
}

/// A Team report keyed by account, in figures that can be compared.
fn by_account(report: &TeamReport) -> BTreeMap<String, Value> {
    report
        .rows
        .iter()
        .map(|row| {
            let cells: BTreeMap<&String, (String, u32)> = row
                .cells
                .iter()
                .map(|(rule, c)| (rule, (format!("{:.9}", c.value), c.sessions)))
                .collect();
            let best: BTreeMap<&String, String> = row
                .best
                .iter()
                .map(|(s, v)| (s, format!("{v:.6}")))
                .collect();
            (
                row.trainee.account.clone(),
                json!({"cells": cells, "overdue": row.overdue, "best": best}),
            )
        })
        .collect()
}

fn team_equal(trainer: &Store, reference: &Store) {
    let now = now_ms();
    for period in [Period::AllTime, Period::last_weeks(13, now)] {
        let got = by_account(&trainer.team(period, None, now).unwrap());
        let want = by_account(&reference.team(period, None, now).unwrap());
        assert_eq!(
            got, want,
            "the trainer's Team report is the merged stores' one"
        );
    }
}

fn pull_report(out: &str) -> BTreeMap<String, u64> {
    // "…: read 12 statements, 6 new sessions, 0 known, 1 of other tools, 0 skipped"
    let words: Vec<&str> = out
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut m = BTreeMap::new();
    for (i, w) in words.iter().enumerate() {
        if let Ok(n) = w.parse::<u64>() {
            let key = match (words.get(i.wrapping_sub(1)), words.get(i + 1)) {
                (Some(&"read"), _) => "read",
                (_, Some(&"new")) => "sessions",
                (_, Some(&"known")) => "known",
                (_, Some(&"of")) => "foreign",
                (_, Some(&"skipped")) => "skipped",
                _ => continue,
            };
            m.insert(key.to_owned(), n);
        }
    }
    m
}

#[test]
fn three_trainee_machines_and_a_trainer_make_one_team() {
    let Some(python) = ralph_python() else { return };
    let ralph = Ralph::start(&python);
    let lrs = ralph.endpoint();
    let (a, b, c, south, trainer) = (
        Machine::new(),
        Machine::new(),
        Machine::new(),
        Machine::new(),
        Machine::new(),
    );
    a.connect(&lrs, "north", &["--share-names"]);
    b.connect(&lrs, "north", &[]);
    c.connect(&lrs, "north", &[]);
    south.connect(&lrs, "south", &[]);
    for (i, (m, who)) in [
        (&a, "Amal Haddad"),
        (&b, "Reza Karimi"),
        (&c, "Sara Nouri"),
        (&south, "Omar"),
    ]
    .into_iter()
    .enumerate()
    {
        for k in 0..4 {
            m.play(who, i * 7 + k * 3, (4 - k as i64) * DAY);
        }
        let out = m.ok(&["sync"]);
        assert!(out.contains("still queued 0"), "{out}");
    }
    // Another tool's statement in the same LRS.
    assert_eq!(
        ralph.post(&json!({
            "actor": {"mbox": "mailto:someone@example.com"},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
            "object": {"id": "https://lms.example.com/course/42"}
        })),
        200
    );

    trainer.connect(&lrs, "north", &[]);
    let said = trainer.ok(&["lrs", "test"]);
    assert!(said.contains("credentials accepted"), "{said}");
    let refused = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .env("RAPPORT_STORE", trainer.store_path())
        .env("RAPPORT_LRS_PASSWORD", "not-the-secret")
        .args(["--lang", "en", "lrs", "test"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("credentials refused (401)"));
    let out = trainer.ok(&["pull"]);
    let report = pull_report(&out);
    assert_eq!(report["sessions"], 12, "{out}");
    assert_eq!(report["skipped"], 0, "{out}");
    let (_keep, reference) = merged(&[&a, &b, &c]);
    let store = trainer.store();
    team_equal(&store, &reference);
    let names: Vec<String> = store
        .trainees()
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert!(
        names.contains(&"Amal Haddad".to_owned()),
        "a shared name travels: {names:?}"
    );
    assert!(
        !names
            .iter()
            .any(|n| n.contains("Reza") || n.contains("Omar")),
        "{names:?}"
    );

    // A pulled session replays to its score, decision for decision.
    for s in store.sessions_between(None, i64::MIN, i64::MAX).unwrap() {
        assert!(s.origin.is_some());
        let scenario = library().find(&s.scenario_id).unwrap();
        let (stored, again) = replay_stored(
            &store,
            s.id,
            Arc::clone(scenario),
            Arc::clone(&library().rulebook),
        )
        .unwrap();
        assert_eq!(again.result().unwrap().score, stored.score);
    }

    // Again: nothing new, nothing twice.
    let again = pull_report(&trainer.ok(&["pull"]));
    assert_eq!(again["sessions"], 0);
    assert_eq!(
        store
            .sessions_between(None, i64::MIN, i64::MAX)
            .unwrap()
            .len(),
        12
    );
    // The trainer's own `sync` sends nothing of what it pulled.
    assert!(trainer.ok(&["sync"]).contains("sent 0,"));
}

#[test]
fn one_trainee_on_two_machines_and_a_laptop_syncing_a_week_late_merge_into_one_history() {
    let Some(python) = ralph_python() else { return };
    let ralph = Ralph::start(&python);
    let lrs = ralph.endpoint();
    let (office, laptop, trainer) = (Machine::new(), Machine::new(), Machine::new());
    for m in [&office, &laptop, &trainer] {
        m.connect(&lrs, "east", &[]);
    }
    // The laptop plays a week ago and stays offline.
    laptop.play("Layla Ahmadi", 2, 8 * DAY);
    laptop.play("Layla Ahmadi", 5, 7 * DAY);
    // The office machine plays and syncs now; the trainer pulls.
    office.play("Layla Ahmadi", 9, DAY);
    office.play("Layla Ahmadi", 11, 0);
    office.ok(&["sync"]);
    assert_eq!(pull_report(&trainer.ok(&["pull"]))["sessions"], 2);
    // The laptop comes online a week late, after the trainer pulled.
    laptop.ok(&["sync"]);
    let out = trainer.ok(&["pull"]);
    assert_eq!(
        pull_report(&out)["sessions"],
        2,
        "the week-old sessions come: {out}"
    );
    let store = trainer.store();
    let trainees = store.trainees().unwrap();
    assert_eq!(trainees.len(), 1, "one trainee, not two: {trainees:?}");
    assert_eq!(store.sessions(trainees[0].id, 100).unwrap().len(), 4);
    let (_keep, reference) = merged(&[&office, &laptop]);
    team_equal(&store, &reference);
    let progress = store.progress(&trainees[0]).unwrap();
    let want = reference
        .progress(&reference.trainees().unwrap()[0])
        .unwrap();
    assert_eq!(
        format!("{:?}", progress.mastery),
        format!("{:?}", want.mastery)
    );
}

#[test]
fn the_lrs_going_down_mid_pull_leaves_whole_sessions_and_the_next_pull_completes_them() {
    let Some(python) = ralph_python() else { return };
    let ralph = Ralph::start(&python);
    let trainee = Machine::new();
    trainee.connect(&ralph.endpoint(), "west", &[]);
    for k in 0..7 {
        trainee.play("Hoda", k * 2, (7 - k as i64) * DAY);
    }
    trainee.ok(&["sync"]);

    // The proxy lets two pages through, then the LRS is down.
    let gets = Arc::new(AtomicUsize::new(0));
    let down = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let (g, d) = (Arc::clone(&gets), Arc::clone(&down));
    let proxy = Proxy::start(ralph.port, move |line| {
        if line.starts_with("GET ") && line.contains("/statements") {
            let n = g.fetch_add(1, Ordering::SeqCst);
            if n >= 2 && d.load(Ordering::SeqCst) {
                return Some(503);
            }
        }
        None
    });
    let trainer = Machine::new();
    trainer.connect(&proxy.endpoint(), "west", &[]);
    let out = trainer.rapport(&["pull", "--page-size", "2"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("503") && err.contains("next pull"), "{err}");
    let store = trainer.store();
    let partial = store.sessions_between(None, i64::MIN, i64::MAX).unwrap();
    assert_eq!(partial.len(), 4, "two whole pages of two sessions");
    for s in &partial {
        assert_eq!(
            store.decisions(s.id).unwrap().len(),
            s.decisions as usize,
            "no half session"
        );
    }

    // Back up, and a `more` link that expired on the way: the next pull completes it.
    down.store(false, Ordering::SeqCst);
    let expired = Arc::new(AtomicUsize::new(0));
    let e = Arc::clone(&expired);
    let proxy2 = Proxy::start(ralph.port, move |line| {
        (line.contains("search_after") && e.fetch_add(1, Ordering::SeqCst) == 0).then_some(400)
    });
    trainer.connect(&proxy2.endpoint(), "west", &[]);
    let out = trainer.ok(&["pull", "--page-size", "2"]);
    assert_eq!(
        expired.load(Ordering::SeqCst) > 0,
        true,
        "a `more` link was refused once"
    );
    assert_eq!(pull_report(&out)["sessions"], 3, "{out}");
    assert_eq!(
        store
            .sessions_between(None, i64::MIN, i64::MAX)
            .unwrap()
            .len(),
        7
    );
}

#[test]
fn malformed_and_malicious_statements_are_skipped_with_a_reason_and_never_stored() {
    let Some(python) = ralph_python() else { return };
    let ralph = Ralph::start(&python);
    let trainee = Machine::new();
    trainee.connect(&ralph.endpoint(), "south", &[]);
    trainee.play("Nadia", 1, 0);
    let exported: Vec<Value> =
        serde_json::from_str(&trainee.ok(&["export", "--format", "xapi"])).unwrap();
    let completed = exported
        .iter()
        .find(|s| s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed")
        .unwrap()
        .clone();
    let ext = "https://rapport.invalid/xapi/extensions/session";
    let bent = |f: &dyn Fn(&mut Value)| {
        let mut s = completed.clone();
        s["id"] = json!(uuid_v4());
        s["context"]["registration"] = json!(uuid_v4());
        f(&mut s);
        s
    };
    let huge = "x".repeat(5 * 1024 * 1024);
    let statements = json!([
        bent(&|s| s["result"]["extensions"][ext]["score"] = json!(1e308)),
        bent(&|s| s["result"]["extensions"][ext]["scenario"] = json!("../../etc/passwd")),
        bent(&|s| s["result"]["extensions"][ext]["decisions"] = json!("not a list")),
        bent(&|s| s["result"]["extensions"][ext]["seed"] = json!([1, 2])),
        bent(&|s| s["actor"]["account"]["name"] = json!("../../root")),
        bent(&|s| s["result"]["extensions"][ext]["ending"] = json!(huge.clone())),
    ]);
    assert_eq!(
        ralph.post(&statements),
        200,
        "Ralph takes them: extensions are free-form"
    );
    trainee.ok(&["sync"]);

    let trainer = Machine::new();
    trainer.connect(&ralph.endpoint(), "south", &[]);
    let out = trainer.rapport(&["pull"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = pull_report(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(report["sessions"], 1, "only the sound one");
    assert_eq!(report["skipped"], 6);
    let err = String::from_utf8_lossy(&out.stderr);
    for why in [
        "outside 0–100",
        "scenario id",
        "session:",
        "account",
        "larger than any session",
    ] {
        assert!(err.contains(why), "no reason `{why}` in {err}");
    }
    let store = trainer.store();
    assert_eq!(
        store
            .sessions_between(None, i64::MIN, i64::MAX)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store.trainees().unwrap().len(),
        1,
        "no trainee made of a bad statement"
    );
}

fn uuid_v4() -> String {
    uuid::Uuid::new_v4().hyphenated().to_string()
}

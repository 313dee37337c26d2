//! The progress commands, black-box: `play --trainee` records, `progress` and `export` show it,
//! `forget` deletes it, and a store that is not ours is left alone.
#![cfg(feature = "store")]

#[path = "support/route.rs"]
mod route;

use assert_cmd::Command;
use serde_json::Value;

/// `rapport` with no own scenarios folder: the shipped library alone, whatever the machine has.
fn rapport() -> Command {
    let mut cmd = Command::cargo_bin("rapport").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env(
            "RAPPORT_DATA_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/no-data"),
        )
        .env_remove("RAPPORT_SCENARIOS");
    cmd
}

fn json(cmd: &mut Command) -> Value {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The analysis' best or worst route through a shipped scenario: (seed, `--choices`).
fn route(scenario: &str, best: bool) -> (String, String) {
    let r = route::of(
        &json(rapport().args(["analyze", scenario, "--format", "json"])),
        best,
    );
    (r.seed, r.choices)
}

/// A store with sessions recorded the way a trainee's terminal play records them: Amal plays
/// broken-lace's best route (100, every rule upheld) and then its worst (0), رضا its best.
fn store_with_sessions(dir: &std::path::Path) -> std::path::PathBuf {
    let store = dir.join("progress.sqlite3");
    let best = route("broken-lace", true);
    let worst = route("broken-lace", false);
    for ((seed, choices), trainee) in [(&best, "Amal"), (&worst, "Amal"), (&best, "رضا")] {
        rapport()
            .args(["play", "broken-lace", "--seed", seed, "--choices", choices])
            .args(["--trainee", trainee])
            .arg("--store")
            .arg(&store)
            .assert()
            .success();
    }
    store
}

#[test]
fn play_with_a_trainee_records_sessions_that_progress_and_export_show() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_sessions(dir.path());
    let p = json(
        rapport()
            .args(["progress", "--trainee", "Amal", "--format", "json"])
            .arg("--store")
            .arg(&store),
    );
    assert_eq!(p["sessions"], 2);
    let mastery = p["mastery"].as_array().unwrap();
    let customer_first = mastery
        .iter()
        .find(|m| m["rule"] == "customer-first")
        .unwrap();
    // 100 then 0: the plain average of the first two sessions.
    assert_eq!(customer_first["value"], 0.5);
    assert_eq!(customer_first["sessions"], 2);
    let track = p["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["track"] == "first-week")
        .unwrap();
    assert_eq!(track["next"], "interrupted-caller");

    let out = rapport()
        .args(["export", "--format", "csv"])
        .arg("--store")
        .arg(&store)
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let scores: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                &r[col("trainee")],
                &r[col("score")],
                &r[col("rule:customer-first")],
            )
        })
        .collect();
    assert_eq!(
        scores,
        [
            ("Amal", "100.00", "100.00"),
            ("Amal", "0.00", "0.00"),
            ("رضا", "100.00", "100.00")
        ]
    );
}

#[test]
fn forget_deletes_a_trainee_and_needs_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_sessions(dir.path());
    // Without a terminal to ask on, it refuses unless told --yes.
    rapport()
        .args(["forget", "--trainee", "Amal"])
        .arg("--store")
        .arg(&store)
        .assert()
        .failure();
    rapport()
        .args(["forget", "--trainee", "Amal", "--yes"])
        .arg("--store")
        .arg(&store)
        .assert()
        .success();
    let everyone = json(
        rapport()
            .args(["progress", "--format", "json"])
            .arg("--store")
            .arg(&store),
    );
    let names: Vec<&str> = everyone
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["trainee"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["رضا"]);
    let out = rapport()
        .args(["progress", "--trainee", "Amal"])
        .arg("--store")
        .arg(&store)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no trainee `Amal`"));
}

#[test]
fn a_foreign_store_file_is_reported_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite3");
    std::fs::write(&path, "not a database").unwrap();
    let out = rapport()
        .args(["progress"])
        .arg("--store")
        .arg(&path)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("notes.sqlite3") && err.contains("left untouched"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "not a database");
}

/// A session of `scenario` scoring `score`, ended `ended_ms`.
fn scored(
    uuid: &str,
    scenario: &str,
    score: f64,
    ended_ms: i64,
) -> rapport::progress::SessionRecord {
    rapport::progress::SessionRecord {
        uuid: uuid.into(),
        scenario_id: scenario.into(),
        scenario_hash: "00".into(),
        seed: 1,
        started_ms: ended_ms - 60_000,
        ended_ms,
        status: rapport::progress::Status::Finished,
        ending: Some("end".into()),
        outcome: Some(rapport::engine::scenario::Outcome::Retained),
        score,
        rules: vec![],
        decisions: vec![],
        duration_ms: 60_000,
    }
}

#[test]
fn the_lms_gradebook_has_a_row_per_matched_trainee_and_their_best_score_per_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    {
        let mut store = rapport::progress::Store::open(&path).unwrap();
        let amal = store.ensure_trainee("Amal Haddad").unwrap();
        let reza = store.ensure_trainee("Reza Karimi").unwrap();
        store.ensure_trainee("Nobody Matched").unwrap();
        let now = rapport::progress::now_ms();
        store
            .record(amal.id, &scored("a1", "broken-lace", 55.0, now - 3000))
            .unwrap();
        store
            .record(amal.id, &scored("a2", "broken-lace", 91.5, now - 2000))
            .unwrap();
        store
            .record(amal.id, &scored("a3", "broken-lace", 70.0, now - 1000))
            .unwrap();
        store
            .record(reza.id, &scored("r1", "angry-complainant", 64.0, now))
            .unwrap();
    }
    for (name, flag, value) in [
        ("Amal Haddad", "--email", "amal@example.com"),
        ("Reza Karimi", "--lms-id", "4711"),
    ] {
        rapport()
            .env("RAPPORT_STORE", &path)
            .args(["trainee", name, flag, value])
            .assert()
            .success();
    }
    let out = rapport()
        .env("RAPPORT_STORE", &path)
        .args(["export", "--format", "lms-csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "Email address",
            "ID number",
            "Rapport: angry-complainant",
            "Rapport: broken-lace"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["amal@example.com", "", "", "91.50"],
            ["", "4711", "64.00", ""],
        ]
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("Nobody Matched"));
}

#[test]
fn a_run_started_from_the_middle_is_never_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("progress.sqlite3");
    let out = rapport()
        .env("RAPPORT_STORE", &store)
        .args([
            "play",
            "cannot-please",
            "--from",
            "pushback",
            "--patience",
            "50",
        ])
        .args(["--choices", "steady", "--trainee", "Amal"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not recorded"));
    assert!(!store.exists(), "nothing was written");
}

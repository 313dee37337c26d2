//! `rapport sync` against a real Learning Record Store: Ralph, started on loopback by this test
//! (tests/support/ralph_lrs.py), which validates every statement strictly and serves them back.
//! Also an LRS that is down, one that refuses the credentials, and one that answers 503.
//!
//! Ralph comes from a Python virtualenv that `./test.sh` prepares and names in
//! `RAPPORT_RALPH_PYTHON`. Without it these tests say so and pass, unless `RAPPORT_REQUIRE_LRS`
//! is set (as `./test.sh` and CI set it), in which case they fail.
#![cfg(feature = "store")]

#[path = "support/ralph.rs"]
mod ralph;

use ralph::{PASSWORD, Ralph, USER, free_port, ralph_python};
use serde_json::Value;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

fn rapport(store: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rapport"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("RAPPORT_LRS_PASSWORD")
        .env_remove("RAPPORT_LRS_USER")
        .env_remove("RAPPORT_SCENARIOS")
        .env(
            "RAPPORT_DATA_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/no-data"),
        )
        .env("RAPPORT_STORE", store);
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap()
}

/// A store with a few sessions of two trainees, one of them abandoned.
fn seeded_store(dir: &Path) -> PathBuf {
    let store = dir.join("progress.sqlite3");
    for (scenario, trainee, count) in [
        ("angry-complainant", "Amal Haddad", "3"),
        ("broken-lace", "Reza Karimi", "2"),
    ] {
        let out = run(rapport(&store).args([
            "store-stress",
            scenario,
            "--trainee",
            trainee,
            "--count",
            count,
        ]));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    store
}

fn exported(store: &Path) -> Vec<Value> {
    let out = run(rapport(store).args(["export", "--format", "xapi"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn ids(statements: &[Value]) -> std::collections::BTreeSet<String> {
    statements
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

fn sync(store: &Path, endpoint: &str, password: &str, extra: &[&str]) -> Output {
    run(rapport(store)
        .args(["sync", "--lrs", endpoint, "--user", USER])
        .env("RAPPORT_LRS_PASSWORD", password)
        .args(extra))
}

#[test]
fn sync_lands_every_statement_in_ralph_once() {
    let Some(python) = ralph_python() else { return };
    let ralph = Ralph::start(&python);
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let statements = exported(&store);
    assert!(statements.len() >= 10);

    // Wrong credentials first: refused, reported, nothing marked as sent.
    let refused = sync(&store, &ralph.endpoint(), "wrong", &[]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("401") && err.contains("queued"), "{err}");
    assert_eq!(ralph.get_statements().unwrap().len(), 0);

    // Small batches, so several requests are made.
    let out = sync(&store, &ralph.endpoint(), PASSWORD, &["--batch", "4"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains(&format!("sent {}", statements.len())),
        "{text}"
    );
    let held = ralph.get_statements().unwrap();
    assert_eq!(
        ids(&held),
        ids(&statements),
        "Ralph holds exactly the exported statements"
    );
    for s in &held {
        let actor = &s["actor"];
        assert!(
            actor["account"]["name"].is_string() && actor["mbox"].is_null(),
            "{actor}"
        );
        let raw = s.to_string();
        assert!(
            !raw.contains("Amal") && !raw.contains("Reza"),
            "a name left the building: {raw}"
        );
    }
    let completed: Vec<&Value> = held
        .iter()
        .filter(|s| s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed")
        .collect();
    assert_eq!(completed.len(), 5);
    for c in completed {
        let scaled = c["result"]["score"]["scaled"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&scaled));
        assert!(c["result"]["duration"].as_str().unwrap().starts_with("PT"));
    }

    // Again: nothing new to send, and Ralph holds no duplicates.
    let again = sync(&store, &ralph.endpoint(), PASSWORD, &[]);
    let text = String::from_utf8_lossy(&again.stdout);
    assert!(again.status.success());
    assert!(
        text.contains("sent 0,")
            && text.contains(&format!("already sent before {}", statements.len())),
        "{text}"
    );
    assert_eq!(ralph.get_statements().unwrap().len(), statements.len());

    // A new session: only its statements go.
    let out = run(rapport(&store).args([
        "store-stress",
        "broken-lace",
        "--trainee",
        "Reza Karimi",
        "--count",
        "1",
    ]));
    assert!(out.status.success());
    let more = exported(&store).len() - statements.len();
    let third = sync(&store, &ralph.endpoint(), PASSWORD, &[]);
    assert!(String::from_utf8_lossy(&third.stdout).contains(&format!("sent {more},")));
    assert_eq!(
        ralph.get_statements().unwrap().len(),
        statements.len() + more
    );
}

#[test]
fn an_lrs_that_is_down_leaves_everything_queued_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let total = exported(&store).len();
    let endpoint = format!("http://127.0.0.1:{}/xAPI/", free_port());
    let out = sync(&store, &endpoint, PASSWORD, &["--attempts", "2"]);
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("still queued {total}")),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("stay queued"));
}

#[test]
fn an_lrs_answering_503_is_retried_then_left_queued() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&hits);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            counter.fetch_add(1, Ordering::SeqCst);
            answer_503(&mut stream);
        }
    });
    let endpoint = format!("http://127.0.0.1:{port}/xAPI/");
    let out = sync(&store, &endpoint, PASSWORD, &["--attempts", "3"]);
    assert!(!out.status.success());
    assert_eq!(
        hits.load(Ordering::SeqCst),
        3,
        "one request, tried three times"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("503"));
}

fn answer_503(stream: &mut TcpStream) {
    // Read the whole request (headers and body) before answering.
    if ralph::read_request(stream).is_some() {
        let _ = stream.write_all(
            b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    }
}

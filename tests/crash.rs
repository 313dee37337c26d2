//! The store under abuse: a writer killed with SIGKILL mid-write, again and again, and two
//! processes writing at once. Afterwards the file must pass SQLite's integrity check and every
//! session a writer reported as recorded must be there, whole, and replay to its score.
#![cfg(all(feature = "store", feature = "dev"))]

use rapport::progress::Store;
use rapport::progress::session::replay_stored;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn stress(store: &Path, trainee: &str, count: u64) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rapport"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env(
            "RAPPORT_DATA_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/no-data"),
        )
        .env_remove("RAPPORT_SCENARIOS")
        .args(["store-stress", "angry-complainant", "--trainee", trainee])
        .args(["--count", &count.to_string()])
        .arg("--store")
        .arg(store)
        .env_remove("RAPPORT_STORE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Reads "recorded UUID ID" lines as the child prints them.
fn collect(child: &mut Child) -> Arc<Mutex<Vec<String>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let out = child.stdout.take().unwrap();
    let sink = Arc::clone(&seen);
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            if let Some(uuid) = line.split_whitespace().nth(1) {
                sink.lock().unwrap().push(uuid.to_owned());
            }
        }
    });
    seen
}

/// What the checks have already verified, so a long soak does not replay every session again
/// after each kill.
#[derive(Default)]
struct Verified {
    sessions: std::collections::HashSet<rapport::progress::SessionId>,
}

/// Every session in the store is whole: its decisions and rule scores are there, and replaying
/// its decisions reproduces its stored ending and score (sessions not yet verified only).
fn assert_intact(path: &Path, acknowledged: &[String], verified: &mut Verified) {
    let store = Store::open(path).expect("the store opens after the crash");
    store.verify().expect("integrity check");
    let lib = rapport::library::load(None, None);
    let scenario = lib.find("angry-complainant").unwrap();
    let Some(t) = store.trainee("stress").unwrap() else {
        assert!(acknowledged.is_empty(), "sessions recorded, trainee gone");
        return;
    };
    let sessions = store.sessions(t.id, usize::MAX).unwrap();
    let stored: std::collections::HashSet<&str> =
        sessions.iter().map(|s| s.uuid.as_str()).collect();
    for uuid in acknowledged {
        assert!(
            stored.contains(uuid.as_str()),
            "recorded session {uuid} is missing"
        );
    }
    let unverified: Vec<_> = sessions
        .iter()
        .filter(|s| !verified.sessions.contains(&s.id))
        .collect();
    for s in unverified {
        let decisions = store.decisions(s.id).unwrap();
        assert_eq!(decisions.len() as u32, s.decisions, "session {}", s.id);
        assert!(!store.rule_scores(s.id).unwrap().is_empty());
        let (_, run) = replay_stored(
            &store,
            s.id,
            Arc::clone(scenario),
            Arc::clone(&lib.rulebook),
        )
        .unwrap();
        let result = run.result().unwrap();
        assert_eq!(result.score, s.score);
        assert_eq!(Some(result.ending), s.ending);
        verified.sessions.insert(s.id);
    }
    let mastery = store.progress(&t).unwrap().mastery;
    if !sessions.is_empty() {
        assert!(
            mastery
                .iter()
                .all(|m| m.sessions as usize == sessions.len()),
            "mastery counted exactly the stored sessions: {mastery:?} vs {}",
            sessions.len()
        );
    }
}

/// A small xorshift: varying, repeatable kill moments.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

/// SIGKILL to a writer, over and over: 12 times here, as many as `RAPPORT_CRASH_KILLS` says in
/// the soak (`scripts/soak-crash.sh`). Most kills come once the writer is recording (at a
/// moment up to 120 ms later); one in ten comes any time from its start (opening the store,
/// migrating, the first write), and one in fifty on a store that does not exist yet.
#[test]
fn killing_the_writer_mid_write_never_loses_a_recorded_session() {
    let kills: u32 = std::env::var("RAPPORT_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let mut acknowledged = Vec::new();
    let mut verified = Verified::default();
    let mut seed = 0x9e37_79b9_u64;
    let mut recorded_rounds = 0;
    for round in 0..kills {
        if round % 50 == 49 {
            kill_while_creating(dir.path(), round, next(&mut seed));
            continue;
        }
        let early = round % 10 == 9;
        let mut child = stress(&path, "stress", 0).spawn().unwrap();
        let seen = collect(&mut child);
        if early {
            std::thread::sleep(Duration::from_millis(next(&mut seed) % 80));
        } else {
            // Let it get going (its first session recorded), then kill it at a varying moment.
            let start = Instant::now();
            while seen.lock().unwrap().is_empty() && start.elapsed() < Duration::from_secs(20) {
                std::thread::sleep(Duration::from_millis(2));
            }
            std::thread::sleep(Duration::from_millis(next(&mut seed) % 120));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        std::thread::sleep(Duration::from_millis(20));
        let got = seen.lock().unwrap().clone();
        if !early {
            assert!(
                !got.is_empty(),
                "round {round}: the writer recorded nothing"
            );
            recorded_rounds += 1;
        }
        acknowledged.extend(got);
        assert_intact(&path, &acknowledged, &mut verified);
    }
    eprintln!(
        "{kills} kills; {} sessions recorded and verified intact; {recorded_rounds} kills while recording",
        acknowledged.len()
    );
    assert!(acknowledged.len() >= recorded_rounds);
}

/// A writer killed while it creates a new store: the next process opens the file as a Rapport
/// store (never "not a Rapport progress store") and records into it.
fn kill_while_creating(dir: &Path, round: u32, seed: u64) {
    let path = dir.join(format!("new-{round}.sqlite3"));
    let mut child = stress(&path, "stress", 0).spawn().unwrap();
    let _ = collect(&mut child);
    std::thread::sleep(Duration::from_millis(seed % 40));
    child.kill().unwrap();
    child.wait().unwrap();
    let out = stress(&path, "after", 1).output().unwrap();
    assert!(
        out.status.success(),
        "round {round}: the store a killed writer was creating does not open: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn two_processes_writing_at_once_both_land_everything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let mut a = stress(&path, "stress", 40).spawn().unwrap();
    let mut b = stress(&path, "second", 40).spawn().unwrap();
    let seen_a = collect(&mut a);
    let seen_b = collect(&mut b);
    for child in [&mut a, &mut b] {
        let out = child.wait().unwrap();
        let mut err = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
        assert!(out.success(), "{err}");
    }
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(seen_a.lock().unwrap().len(), 40);
    assert_eq!(seen_b.lock().unwrap().len(), 40);
    assert_intact(&path, &seen_a.lock().unwrap(), &mut Verified::default());
    let store = Store::open(&path).unwrap();
    let second = store.trainee("second").unwrap().unwrap();
    assert_eq!(store.sessions(second.id, usize::MAX).unwrap().len(), 40);
}

/// Eight writers and two readers open a store that does not exist yet, all at once: none is
/// refused, none is told the file is locked or foreign, and every session lands.
#[test]
fn eight_writers_and_two_readers_opening_a_new_store_at_once_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.sqlite3");
    let writers: Vec<(String, Child)> = (0..8)
        .map(|i| {
            let name = format!("writer-{i}");
            let child = stress(&path, &name, 5).spawn().unwrap();
            (name, child)
        })
        .collect();
    let readers: Vec<Child> = (0..2)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_rapport"))
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .args(["due", "--format", "json", "--store"])
                .arg(&path)
                .env_remove("RAPPORT_STORE")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in readers {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut names = Vec::new();
    for (name, child) in writers {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).lines().count(),
            5,
            "{name}"
        );
        names.push(name);
    }
    let store = Store::open(&path).unwrap();
    store.verify().unwrap();
    for name in names {
        let t = store
            .trainee(&name)
            .unwrap()
            .expect("every writer's trainee");
        assert_eq!(store.sessions(t.id, usize::MAX).unwrap().len(), 5, "{name}");
    }
}

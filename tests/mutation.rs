//! Bad scenarios, by the thousand: the shipped scenarios and tracks mutated (byte flips,
//! deletions, duplications, token swaps, huge numbers, deep nesting) and put through what a
//! trainer's file meets — check, analyze, graph and a scripted play, in process, with a sample
//! through the real `rapport` binary. Not one may panic, hang or die by a signal, and every
//! problem reported must sit on a line of the file.
//!
//! CI runs 10,000 seeded inputs; `scripts/soak-mutation.sh` runs a million
//! (`RAPPORT_MUTATIONS`, `RAPPORT_MUTATION_SEED`). An input that fails is saved under
//! `target/tmp/mutation-failures/`; copied into `tests/regressions/` it is replayed by
//! `saved_regressions_are_handled` for good. They run in the engine-alone pass of `test.sh`
//! (`--no-default-features`) only: the same inputs three times over would add nothing.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapport::engine::analysis::analyze;
use rapport::engine::load::{default_rulebook, load_scenario_file, load_scenario_str};
use rapport::engine::script::play_steps;
use rapport::engine::{Diagnostic, Playthrough, Rulebook};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// An input that takes longer than this is a hang.
const HANG: Duration = Duration::from_secs(60);

fn rulebook() -> &'static Arc<Rulebook> {
    static RB: OnceLock<Arc<Rulebook>> = OnceLock::new();
    RB.get_or_init(|| Arc::new(default_rulebook()))
}

/// What gets mutated: each shipped scenario, and the tracks.
fn corpus() -> Vec<(&'static str, &'static str)> {
    let mut all: Vec<(&str, &str)> = rapport::library::SCENARIOS.to_vec();
    all.push(("tracks.ron", rapport::library::TRACKS));
    all
}

fn failures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("mutation-failures")
}

#[derive(Clone, Copy, Debug)]
enum Mutation {
    FlipByte,
    Delete,
    Duplicate,
    SwapTokens,
    HugeNumber,
    DeepNesting,
    /// A quoted string replaced by another from the file (ids, gotos, texts): still RON, so it
    /// reaches the checks past the parser.
    ReuseString,
}

/// Weighted: the mutations that keep the file RON come up as often as those that break it.
const MUTATIONS: [Mutation; 10] = [
    Mutation::FlipByte,
    Mutation::Delete,
    Mutation::Duplicate,
    Mutation::SwapTokens,
    Mutation::HugeNumber,
    Mutation::DeepNesting,
    Mutation::ReuseString,
    Mutation::ReuseString,
    Mutation::ReuseString,
    Mutation::HugeNumber,
];

/// Spans of `src` that are tokens: identifiers, numbers, quoted strings, single punctuation.
fn tokens(src: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < src.len() {
        let c = src[i];
        let start = i;
        if c == b'"' {
            i += 1;
            while i < src.len() && src[i] != b'"' {
                i += if src[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(src.len());
        } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'.' {
            while i < src.len() && (src[i].is_ascii_alphanumeric() || b"_-.".contains(&src[i])) {
                i += 1;
            }
        } else if c.is_ascii_whitespace() {
            i += 1;
            continue;
        } else {
            i += 1;
        }
        out.push((start, i));
    }
    out
}

fn mutate(src: &[u8], rng: &mut ChaCha8Rng) -> Vec<u8> {
    let mut out = src.to_vec();
    for _ in 0..rng.random_range(1..=3) {
        if out.is_empty() {
            break;
        }
        let m = MUTATIONS[rng.random_range(0..MUTATIONS.len())];
        let at = rng.random_range(0..out.len());
        match m {
            Mutation::FlipByte => out[at] ^= 1 << rng.random_range(0..8),
            Mutation::Delete => {
                let len = rng.random_range(1..=64).min(out.len() - at);
                out.drain(at..at + len);
            }
            Mutation::Duplicate => {
                let len = rng.random_range(1..=400).min(out.len() - at);
                let span = out[at..at + len].to_vec();
                let to = rng.random_range(0..=out.len());
                out.splice(to..to, span);
            }
            Mutation::SwapTokens => {
                let toks = tokens(&out);
                if toks.len() < 2 {
                    continue;
                }
                let a = toks[rng.random_range(0..toks.len())];
                let b = toks[rng.random_range(0..toks.len())];
                let (first, second) = if a.0 <= b.0 { (a, b) } else { (b, a) };
                if first.1 > second.0 {
                    continue;
                }
                let mut next = out[..first.0].to_vec();
                next.extend_from_slice(&out[second.0..second.1]);
                next.extend_from_slice(&out[first.1..second.0]);
                next.extend_from_slice(&out[first.0..first.1]);
                next.extend_from_slice(&out[second.1..]);
                out = next;
            }
            Mutation::HugeNumber => {
                let numbers: Vec<(usize, usize)> = tokens(&out)
                    .into_iter()
                    .filter(|&(s, e)| out[s..e].iter().all(|c| c.is_ascii_digit()))
                    .collect();
                const HUGE: [&str; 9] = [
                    "18446744073709551616",
                    "4294967296",
                    "-1",
                    "1e308",
                    "-9223372036854775809",
                    "255",
                    "65536",
                    "0",
                    "99999999999999999999999999999",
                ];
                let with = HUGE[rng.random_range(0..HUGE.len())].as_bytes();
                match numbers.get(rng.random_range(0..numbers.len().max(1))) {
                    Some(&(s, e)) => {
                        out.splice(s..e, with.iter().copied());
                    }
                    None => out.splice(at..at, with.iter().copied()).for_each(drop),
                }
            }
            Mutation::ReuseString => {
                let strings: Vec<(usize, usize)> = tokens(&out)
                    .into_iter()
                    .filter(|&(s, e)| e - s >= 2 && out[s] == b'"' && out[e - 1] == b'"')
                    .collect();
                if strings.len() < 2 {
                    continue;
                }
                let from = strings[rng.random_range(0..strings.len())];
                let to = strings[rng.random_range(0..strings.len())];
                let with = out[from.0..from.1].to_vec();
                out.splice(to.0..to.1, with);
            }
            Mutation::DeepNesting => {
                let depth = rng.random_range(1..=5000);
                let (open, close) = match rng.random_range(0..3) {
                    0 => (b'(', b')'),
                    1 => (b'[', b']'),
                    _ => (b'{', b'}'),
                };
                let balanced = rng.random_bool(0.5);
                let mut wrap = vec![open; depth];
                if balanced {
                    wrap.extend(std::iter::repeat_n(close, depth));
                }
                out.splice(at..at, wrap);
            }
        }
    }
    out
}

/// Every diagnostic sits on a line of the file it names.
fn assert_placed(diagnostics: &[Diagnostic], src: &[u8]) {
    let lines = src.split(|&c| c == b'\n').count().max(1);
    for d in diagnostics {
        assert!(
            d.line >= 1 && d.line <= lines + 1,
            "line {} of {lines}: {d}",
            d.line
        );
        assert!(d.column >= 1, "{d}");
    }
}

/// How far mutants got: parsed, fit to play, analysed (for the soak's report).
static PARSED: AtomicU64 = AtomicU64::new(0);
static PLAYABLE: AtomicU64 = AtomicU64::new(0);
static ANALYSED: AtomicU64 = AtomicU64::new(0);

/// What a trainer's file meets: check (load: parse, structure, test plans, tells), graph,
/// analyze, the best route replayed, and a run with random answers and silences.
fn exercise(name: &str, bytes: &[u8], seed: u64) {
    if name == "tracks.ron" {
        let text = String::from_utf8_lossy(bytes);
        let known: HashSet<String> = ["broken-lace", "interrupted-caller"]
            .map(str::to_owned)
            .into();
        let (_, diagnostics) = rapport::engine::tracks::parse("tracks.ron", &text, &known);
        assert_placed(&diagnostics, bytes);
        return;
    }
    let rb = rulebook();
    let loaded = match std::str::from_utf8(bytes) {
        Ok(src) => load_scenario_str("mutant.ron", src, rb),
        Err(_) => {
            // Not UTF-8: through the file loader, which must say so at the place.
            let path =
                std::env::temp_dir().join(format!("rapport-mutant-{}.ron", std::process::id()));
            std::fs::write(&path, bytes).unwrap();
            let loaded = load_scenario_file(&path, rb);
            let _ = std::fs::remove_file(&path);
            assert!(loaded.has_errors(), "bytes that are not UTF-8 loaded");
            loaded
        }
    };
    assert_placed(&loaded.diagnostics, bytes);
    if loaded.id.is_some() {
        PARSED.fetch_add(1, Ordering::Relaxed);
    }
    let Some(scenario) = loaded.scenario else {
        return;
    };
    PLAYABLE.fetch_add(1, Ordering::Relaxed);
    for lang in ["en", "ar", "fa"] {
        let _ = rapport::engine::dot::to_dot(&scenario, lang);
    }
    let analysis = analyze(&scenario, rb);
    if analysis.is_ok() {
        ANALYSED.fetch_add(1, Ordering::Relaxed);
    }
    if let Ok(a) = analysis
        && let Some(best) = &a.best
        && let Ok((run, _)) = play_steps(
            Arc::clone(&scenario),
            Arc::clone(rb),
            best.seed,
            &best.steps,
        )
        && let Some(result) = run.result()
    {
        assert!(
            (result.score - best.score).abs() < 1e-6,
            "the analysis' best route scores {} when played, not {}",
            result.score,
            best.score
        );
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let (mut run, _) = Playthrough::start(Arc::clone(&scenario), Arc::clone(rb), seed);
    for _ in 0..300 {
        if run.is_finished() {
            break;
        }
        let ids: Vec<String> = run.choices().iter().map(|c| c.id.clone()).collect();
        if ids.is_empty() || rng.random_bool(0.2) {
            run.tick(Duration::from_millis(rng.random_range(1..60_000)));
        } else {
            let _ = run.choose(&ids[rng.random_range(0..ids.len())]);
        }
    }
}

/// Runs `count` mutants from `first_seed`, with a watchdog for hangs; returns the failures'
/// seeds. The seed being worked on is written down first, so a death by signal names it.
fn soak(first_seed: u64, count: u64) -> Vec<u64> {
    let started = Arc::new(AtomicU64::new(u64::MAX));
    let current = Arc::new(AtomicU64::new(0));
    let epoch = Instant::now();
    {
        let (started, current) = (Arc::clone(&started), Arc::clone(&current));
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_secs(1));
                let at = started.load(Ordering::SeqCst);
                if at != u64::MAX
                    && epoch.elapsed().as_millis() as u64 - at > HANG.as_millis() as u64
                {
                    let seed = current.load(Ordering::SeqCst);
                    save(seed, &corpus_input(seed).1, "hang");
                    eprintln!("mutant {seed} hangs (over {HANG:?}): saved");
                    std::process::abort();
                }
            }
        });
    }
    let marker = failures_dir().join(format!("current-seed-{first_seed}"));
    std::fs::create_dir_all(failures_dir()).unwrap();
    // Set by the soak script when it re-runs one seed to catch what killed a process.
    let save_first = std::env::var_os("RAPPORT_MUTATION_SAVE").is_some();
    let failed = Mutex::new(Vec::new());
    for seed in first_seed..first_seed + count {
        let (name, input) = corpus_input(seed);
        if seed % 16 == 0 {
            std::fs::write(&marker, seed.to_string()).unwrap();
        }
        if save_first {
            save(seed, &input, "signal");
        }
        current.store(seed, Ordering::SeqCst);
        started.store(epoch.elapsed().as_millis() as u64, Ordering::SeqCst);
        let outcome = std::panic::catch_unwind(|| exercise(name, &input, seed));
        started.store(u64::MAX, Ordering::SeqCst);
        if outcome.is_err() {
            save(seed, &input, "panic");
            failed.lock().unwrap().push(seed);
        }
    }
    let _ = std::fs::remove_file(&marker);
    failed.into_inner().unwrap()
}

/// The mutant a seed stands for: which corpus file, mutated how.
fn corpus_input(seed: u64) -> (&'static str, Vec<u8>) {
    let corpus = corpus();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (name, src) = corpus[rng.random_range(0..corpus.len())];
    (name, mutate(src.as_bytes(), &mut rng))
}

fn save(seed: u64, input: &[u8], why: &str) {
    let (name, _) = corpus_input(seed);
    let ext = if name == "tracks.ron" {
        "tracks.ron"
    } else {
        "ron"
    };
    let path = failures_dir().join(format!("{why}-{seed}.{ext}"));
    let _ = std::fs::create_dir_all(failures_dir());
    let _ = std::fs::write(&path, input);
    eprintln!("mutant {seed} ({name}): {why}; saved to {}", path.display());
}

#[test]
#[cfg_attr(
    feature = "store",
    ignore = "runs in test.sh's engine-alone pass (--no-default-features)"
)]
fn mutated_scenarios_and_tracks_never_panic_hang_or_crash() {
    let count: u64 = std::env::var("RAPPORT_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let first: u64 = std::env::var("RAPPORT_MUTATION_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let start = Instant::now();
    let failed = soak(first, count);
    eprintln!(
        "{count} mutants from seed {first} in {:.1} s: {} parsed, {} fit to play, {} analysed; {} failed",
        start.elapsed().as_secs_f64(),
        PARSED.load(Ordering::Relaxed),
        PLAYABLE.load(Ordering::Relaxed),
        ANALYSED.load(Ordering::Relaxed),
        failed.len()
    );
    assert!(
        failed.is_empty(),
        "failing seeds: {failed:?} (inputs in {})",
        failures_dir().display()
    );
}

/// A sample of mutants through the real binary: `check`, `analyze`, `graph` and a scripted
/// `play` each end with 0 or 1, never a signal.
#[test]
fn the_rapport_binary_handles_mutants_without_dying() {
    let dir = tempfile::tempdir().unwrap();
    for seed in (0..40u64).map(|i| i * 7919) {
        let (name, input) = corpus_input(seed);
        if name == "tracks.ron" {
            continue;
        }
        let path = dir.path().join(format!("mutant-{seed}.ron"));
        std::fs::write(&path, &input).unwrap();
        let file = path.display().to_string();
        for args in [
            vec!["check", &file],
            vec!["analyze", &file],
            vec!["graph", &file],
            vec!["play", &file, "--choices", "...,...,..."],
        ] {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
                .args(&args)
                .env("RAPPORT_DATA_DIR", dir.path())
                .env_remove("RAPPORT_SCENARIOS")
                .output()
                .unwrap();
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "rapport {args:?} on mutant {seed}: {:?}\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

/// Inputs that once failed, kept as files: each is handled now.
#[test]
fn saved_regressions_are_handled() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let name = if path.to_string_lossy().ends_with(".tracks.ron") {
            "tracks.ron"
        } else {
            "mutant.ron"
        };
        let bytes = std::fs::read(&path).unwrap();
        exercise(name, &bytes, 0);
    }
}

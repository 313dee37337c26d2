//! The `rapport` binary, black-box: the commands the README shows, as a trainer runs them.

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

#[test]
fn check_passes_on_the_shipped_scenarios_and_reports_coverage() {
    rapport().arg("check").assert().success();
    let report = json(rapport().args(["check", "--format", "json"]));
    assert_eq!(report["errors"], 0);
    assert!(report["scenarios_ok"].as_u64().unwrap() >= 12);
    assert_eq!(report["rules"].as_array().unwrap().len(), 8);
    let sorted = |v: &Value| {
        let mut ids: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(sorted(&report["rules_covered"]), sorted(&report["rules"]));
    assert_eq!(report["channels_covered"].as_array().unwrap().len(), 5);
    let langs: Vec<&str> = report["languages_covered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(langs, ["ar", "en", "fa"]);
    assert!(report["scenarios"][0]["hash"].as_str().unwrap().len() == 64);
}

#[test]
fn check_prints_editor_style_diagnostics_and_fails_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/warm-transfer.ron"
    ))
    .unwrap();
    std::fs::write(dir.path().join("fine.ron"), &good).unwrap();
    let broken = good
        .replacen("goto: \"put-through\"", "goto: \"put-thru\"", 1)
        .replace("warm-transfer", "broken-transfer");
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, &broken).unwrap();
    let line = broken.lines().position(|l| l.contains("put-thru")).unwrap() + 1;

    let out = rapport().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let expected = format!("{}:{line}:", path.display());
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(
        stderr.contains("goes to `put-thru`, which is not a node (did you mean `put-through`?)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("goto: \"put-thru\""),
        "the source line is shown: {stderr}"
    );
    assert!(stderr.contains("1 ready, 1 error(s)"), "{stderr}");

    let out = rapport()
        .arg("check")
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"], 1);
    let error = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["severity"] == "error")
        .expect("the error is listed");
    assert_eq!(error["line"], line);
}

/// The analysis' best or worst route through a shipped scenario.
fn route(scenario: &str, best: bool) -> route::Route {
    route::of(
        &json(rapport().args(["analyze", scenario, "--format", "json"])),
        best,
    )
}

/// The worst route cuts in and stays silent: replayed twice it is the same run, scored as the
/// analysis says, and the debrief and transcript say where the trainee cut in.
#[test]
fn play_with_choices_is_deterministic_and_scores_like_the_engine() {
    let route::Route {
        seed,
        choices: steps,
        score,
        ending,
    } = route("interrupted-caller", false);
    assert!(steps.contains('!'), "the worst route cuts in: {steps}");
    let args = [
        "play",
        "interrupted-caller",
        "--seed",
        &seed,
        "--choices",
        &steps,
        "--format",
        "json",
    ];
    let first = rapport().args(args).output().unwrap();
    let second = rapport().args(args).output().unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(first.stdout, second.stdout);
    let v: Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(v["result"]["ending"], ending.as_str());
    assert!((v["result"]["score"].as_f64().unwrap() - score).abs() < 1e-9);
    let debrief = v["debrief"].as_array().unwrap();
    let cut = debrief
        .iter()
        .find(|d| d["interrupted"] == true)
        .expect("a decision made by cutting in");
    assert!(cut["better"]["choice"].is_string(), "{cut}");
    let said: Vec<&str> = v["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["text"].as_str())
        .collect();
    assert!(said.iter().any(|t| t.contains("You cut in")), "{said:?}");
}

#[test]
fn play_speaks_arabic_when_asked() {
    let route::Route {
        seed,
        choices: steps,
        ..
    } = route("broken-lace", true);
    let out = rapport()
        .args([
            "play",
            "broken-lace",
            "--seed",
            &seed,
            "--choices",
            &steps,
            "--lang",
            "ar",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lib = rapport::library::load(None, None);
    let title = lib.find("broken-lace").unwrap().title.get("ar").to_owned();
    assert!(text.contains(&title), "{text}");
    assert!(
        text.contains("أسعدنا العميل"),
        "the best route delights, in Arabic: {text}"
    );
}

#[test]
fn play_reports_a_bad_step_and_an_unknown_scenario() {
    let out = rapport()
        .args(["play", "broken-lace", "--choices", "no-such-choice"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lib = rapport::library::load(None, None);
    let start = &lib.find("broken-lace").unwrap().start;
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!(
            "step 1 at `{start}`: `no-such-choice` is not a choice"
        )),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = rapport()
        .args(["play", "no-such-scenario"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no scenario `no-such-scenario`") && stderr.contains("broken-lace"),
        "{stderr}"
    );
}

#[test]
fn analyze_gives_replayable_best_and_worst_routes() {
    let a = json(rapport().args(["analyze", "scenarios/on-hold.ron", "--format", "json"]));
    let best = &a["best"];
    assert_eq!(best["score"], 100.0);
    let steps: Vec<&str> = best["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let seed = best["seed"].to_string();
    let played = json(rapport().args([
        "play",
        "on-hold",
        "--seed",
        &seed,
        "--choices",
        &steps.join(","),
        "--format",
        "json",
    ]));
    assert_eq!(played["result"]["score"], best["score"]);
    assert_eq!(played["result"]["ending"], best["ending"]);
    let text = String::from_utf8(
        rapport()
            .args(["analyze", "on-hold"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        text.contains("Best: 100/100") && text.contains("rapport play on-hold --seed"),
        "{text}"
    );
}

#[test]
fn graph_prints_dot() {
    let out = rapport()
        .args(["graph", "angry-complainant"])
        .output()
        .unwrap();
    let dot = String::from_utf8(out.stdout).unwrap();
    assert!(dot.starts_with("digraph \"angry-complainant\" {"), "{dot}");
    // An edge for the first choice at the start.
    let lib = rapport::library::load(None, None);
    let s = lib.find("angry-complainant").unwrap();
    let Some(rapport::engine::scenario::ScenarioNode::Step(first)) = s.node(&s.start) else {
        panic!("the scenario starts at a step");
    };
    let edge = format!("\"{}\" -> \"{}\"", first.id, first.choices[0].goto);
    assert!(dot.contains(&edge), "{edge} in {dot}");
    assert!(dot.trim_end().ends_with('}'));
}

#[test]
fn check_reports_a_track_naming_an_unknown_scenario_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/broken-lace.ron"),
        dir.path().join("broken-lace.ron"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tracks.ron"),
        "[\n  Track(id: \"x\", title: \"X\", kind: Onboarding,\n    scenarios: [\"broken-lace\", \"brokn-lace\"]),\n]\n",
    )
    .unwrap();
    let out = rapport().arg("check").arg(dir.path()).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("tracks.ron:3:32: error: track `x` names no scenario `brokn-lace` (did you mean `broken-lace`?)"),
        "{err}"
    );
}

/// `rapport play --from NODE --set VAR=N --patience P`: a run from a moment of the scenario with
/// the state a trainer chose, ending as the engine's own run from there does.
#[test]
fn play_from_a_node_with_a_chosen_state_is_the_engines_run_from_there() {
    use rapport::engine::{Playthrough, StartAt, continue_steps};
    use std::sync::Arc;
    let lib = rapport::library::load(None, None);
    let scenario = Arc::clone(lib.find("cannot-please").unwrap());
    for (patience, set, steps) in [
        (50, None, "steady"),
        (10, Some(("defensive", 1)), "own-tone"),
        (10, None, "steady-too-late"),
    ] {
        let mut args: Vec<String> = ["play", "cannot-please", "--from", "pushback", "--seed", "3"]
            .map(String::from)
            .to_vec();
        args.extend(["--patience".into(), patience.to_string()]);
        if let Some((var, n)) = set {
            args.extend(["--set".into(), format!("{var}={n}")]);
        }
        args.extend([
            "--choices".into(),
            steps.into(),
            "--format".into(),
            "json".into(),
        ]);
        let cli = json(rapport().args(&args));
        let at = StartAt {
            node: "pushback".into(),
            patience: Some(patience),
            vars: set.map(|(v, n)| (v.to_owned(), n)).into_iter().collect(),
        };
        let (run, events) =
            Playthrough::start_from(Arc::clone(&scenario), Arc::clone(&lib.rulebook), 3, &at)
                .unwrap();
        let (run, _) = continue_steps(run, events, &[steps]).unwrap();
        assert_eq!(cli["finished"], run.is_finished(), "{args:?}");
        match run.result() {
            Some(r) => {
                assert_eq!(cli["result"]["ending"], r.ending.as_str(), "{args:?}");
                assert_eq!(cli["result"]["score"].as_f64(), Some(r.score), "{args:?}");
            }
            None => assert_eq!(
                cli["on_offer"],
                serde_json::json!(run.choices().iter().map(|c| &c.id).collect::<Vec<_>>())
            ),
        }
    }
    // The state is the one asked for: a choice that needs patience 30 is not on offer at 10,
    // nor one that needs `defensive` without it.
    for (patience, choice) in [("10", "steady"), ("50", "own-tone")] {
        let out = rapport()
            .args([
                "play",
                "cannot-please",
                "--from",
                "pushback",
                "--patience",
                patience,
                "--choices",
                choice,
            ])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{choice} at patience {patience}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("not on offer"));
    }
}

#[test]
fn play_from_a_node_or_variable_that_is_not_there_says_what_there_is() {
    let err = |args: &[&str]| {
        let out = rapport().args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let e = err(&[
        "play",
        "cannot-please",
        "--from",
        "pushbak",
        "--choices",
        "steady",
    ]);
    assert!(
        e.contains("`pushbak` is not a node") && e.contains("pushback"),
        "{e}"
    );
    let e = err(&[
        "play",
        "cannot-please",
        "--from",
        "pushback",
        "--set",
        "defensiv=1",
        "--choices",
        "steady",
    ]);
    assert!(
        e.contains("`defensiv` is not a variable") && e.contains("defensive"),
        "{e}"
    );
    let e = err(&[
        "play",
        "cannot-please",
        "--from",
        "pushback",
        "--patience",
        "130",
        "--choices",
        "steady",
    ]);
    assert!(e.contains("patience 130"), "{e}");
    let e = err(&["play", "cannot-please", "--set", "defensive=yes"]);
    assert!(e.contains("not a whole number"), "{e}");
}

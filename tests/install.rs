//! Rapport installed without a source checkout: the binary alone, in a prefix of its own, run
//! from another folder with the source tree out of reach, finds its scenarios, rulebook and
//! tracks; the trainer's own scenarios sit beside the shipped ones; a missing folder says which.
#![cfg(target_os = "linux")]

#[path = "support/installed.rs"]
mod installed;

use installed::Installed;
use serde_json::Value;
use std::process::Output;

fn ok_json(out: Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_installed_binary_checks_analyses_and_plays_with_the_source_out_of_reach() {
    let installed = Installed::new();
    if !Installed::source_hidden() {
        eprintln!("no private mount namespace here: running from another folder only");
    }
    let check = installed.run(&["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stderr(&check).contains(" 0 error(s), 0 warning(s)"),
        "{}",
        stderr(&check)
    );
    let report = ok_json(installed.run(&["check", "--format", "json"]));
    assert!(report["scenarios_ok"].as_u64().unwrap() >= 12, "{report}");

    let analysis = ok_json(installed.run(&["analyze", "interrupted-caller", "--format", "json"]));
    let best = &analysis["best"];
    let steps: Vec<&str> = best["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let seed = best["seed"].to_string();
    let played = ok_json(installed.run(&[
        "play",
        "interrupted-caller",
        "--seed",
        &seed,
        "--choices",
        &steps.join(","),
        "--format",
        "json",
    ]));
    assert_eq!(played["result"]["score"], best["score"]);
    assert_eq!(played["result"]["ending"], best["ending"]);
}

#[test]
fn own_scenarios_sit_beside_the_shipped_ones_and_one_with_a_shipped_id_replaces_it() {
    let installed = Installed::new();
    let own = tempfile::tempdir().unwrap();
    let shipped = rapport::library::SCENARIOS
        .iter()
        .find(|(name, _)| *name == "broken-lace.ron")
        .unwrap()
        .1;
    // The trainer's version of a shipped scenario, and a scenario of their own.
    std::fs::write(
        own.path().join("broken-lace.ron"),
        shipped.replacen("minutes:", "// Our shop's version.\n    minutes:", 1),
    )
    .unwrap();
    std::fs::write(
        own.path().join("lace-again.ron"),
        shipped.replacen("id: \"broken-lace\"", "id: \"lace-again\"", 1),
    )
    .unwrap();
    let own_dir = own.path().display().to_string();
    let out = installed.run(&["check", "--scenarios", &own_dir]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("note: replaces the shipped scenario `broken-lace`"),
        "{}",
        stderr(&out)
    );
    let report = ok_json(installed.run(&["check", "--scenarios", &own_dir, "--format", "json"]));
    let paths: Vec<&str> = report["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with("/lace-again.ron") && p.starts_with(&own_dir))
    );
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with("/broken-lace.ron") && p.starts_with(&own_dir))
    );
    assert!(
        !paths.contains(&"<shipped>/broken-lace.ron"),
        "the trainer's file replaces the shipped one: {paths:?}"
    );
    assert_eq!(
        paths.len(),
        rapport::library::SCENARIOS.len() + 1,
        "{paths:?}"
    );
    // The same folder through the environment, as the app and every command see it.
    let out = installed
        .command(None, &["analyze", "lace-again", "--format", "json"])
        .env("RAPPORT_SCENARIOS", own.path())
        .output()
        .unwrap();
    assert_eq!(ok_json(out)["scenario"], "lace-again");
}

#[test]
fn a_missing_scenarios_folder_says_which_folder_and_how_to_set_it() {
    let installed = Installed::new();
    let missing = installed.data.join("no-such-folder");
    let missing_str = missing.display().to_string();
    let out = installed.run(&["analyze", "--scenarios", &missing_str]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&missing_str), "{err}");
    assert!(err.contains("set by --scenarios"), "{err}");
    assert!(err.contains("RAPPORT_SCENARIOS"), "{err}");

    let out = installed
        .command(None, &["check"])
        .env("RAPPORT_SCENARIOS", &missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("set by RAPPORT_SCENARIOS"),
        "{}",
        stderr(&out)
    );

    // The default folder not made yet is no mistake: the shipped library alone.
    let out = installed.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

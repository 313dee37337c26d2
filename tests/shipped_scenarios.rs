//! Every shipped scenario, checked as CI sees it: it loads cleanly, its own test plans pass, and
//! its best and worst routes, as the analysis predicts them, score exactly that when played.

use proptest::prelude::*;
use rapport::engine::analysis::analyze;
use rapport::engine::events::Phase;
use rapport::engine::scenario::{Channel, ScenarioNode, ServiceFunction};
use rapport::engine::script::play_steps;
use rapport::engine::{Library, load_library};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// The library built into the binary, with no own folder.
fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| rapport::library::load(None, None))
}

#[test]
fn the_built_in_library_is_every_file_in_the_scenarios_folder() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ron") && n != "tracks.ron")
        .collect();
    let built_in: BTreeSet<String> = rapport::library::SCENARIOS
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    assert_eq!(
        built_in, on_disk,
        "src/library.rs lists the shipped scenarios: add or remove the file there too"
    );
    // The same library read from the folder: nothing is lost in the embedding.
    let from_disk = load_library(&[dir], None);
    let ids = |lib: &Library| -> BTreeSet<String> { lib.scenarios().map(|s| s.id.clone()).collect() };
    assert_eq!(ids(library()), ids(&from_disk));
}

#[test]
fn the_built_in_tracks_name_only_shipped_scenarios() {
    let known = library().scenarios().map(|s| s.id.clone()).collect();
    let (tracks, problems) = rapport::library::load_tracks(None, &known);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(tracks.len() >= 2, "onboarding and a refresher track ship");
}

#[test]
fn every_shipped_scenario_loads_without_errors_or_warnings() {
    let lib = library();
    let problems: Vec<String> = lib.diagnostics().map(|d| d.to_string()).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    assert!(lib.scenarios().count() >= 12, "at least 12 scenarios ship");
}

#[test]
fn the_shipped_set_covers_every_rule_channel_and_service_function() {
    let lib = library();
    let channels: BTreeSet<Channel> = lib.scenarios().map(|s| s.channel).collect();
    let functions: BTreeSet<ServiceFunction> = lib.scenarios().map(|s| s.function).collect();
    assert_eq!(channels, Channel::ALL.into_iter().collect());
    assert_eq!(functions, ServiceFunction::ALL.into_iter().collect());
    let mut rules = BTreeSet::new();
    for s in lib.scenarios() {
        for node in &s.nodes {
            if let ScenarioNode::Step(step) = node {
                rules.extend(
                    step.choices
                        .iter()
                        .flat_map(|c| &c.rules)
                        .map(|e| e.rule().to_owned()),
                );
            }
        }
    }
    let all: BTreeSet<String> = lib.rulebook.ids().map(str::to_owned).collect();
    assert_eq!(rules, all);
}

#[test]
fn every_scenario_is_in_english_and_arabic_and_four_are_in_persian() {
    let lib = library();
    let complete = |s: &rapport::engine::Scenario, lang: &str| s.texts().all(|t| t.has(lang));
    for s in lib.scenarios() {
        assert!(
            complete(s, "en") && complete(s, "ar"),
            "{} lacks English or Arabic text",
            s.id
        );
        assert!(!s.tests.is_empty(), "{} has no test plan", s.id);
    }
    assert!(lib.scenarios().filter(|s| complete(s, "fa")).count() >= 4);
}

#[test]
fn best_and_worst_routes_score_what_the_analysis_predicts() {
    let lib = library();
    for s in lib.scenarios() {
        let a = analyze(s, &lib.rulebook).unwrap();
        assert!(
            a.dead_ends.is_empty() && a.unreachable_nodes.is_empty() && a.endless_loop.is_none(),
            "{}: {a:?}",
            s.id
        );
        assert!(
            a.endings.iter().all(|e| e.reachable),
            "{}: an ending is unreachable",
            s.id
        );
        for route in [a.best.as_ref().unwrap(), a.worst.as_ref().unwrap()] {
            let (run, _) = play_steps(
                Arc::clone(s),
                Arc::clone(&lib.rulebook),
                route.seed,
                &route.steps,
            )
            .unwrap_or_else(|e| {
                panic!(
                    "{}: route {:?} fails at step {}: {}",
                    s.id, route.steps, e.index, e.message
                )
            });
            let result = run
                .result()
                .unwrap_or_else(|| panic!("{}: route {:?} does not finish", s.id, route.steps));
            assert_eq!(result.ending, route.ending, "{}", s.id);
            assert!(
                (result.score - route.score).abs() < 1e-9,
                "{}: played {} vs predicted {}",
                s.id,
                result.score,
                route.score
            );
        }
        let (best, worst) = (a.best.unwrap().score, a.worst.unwrap().score);
        assert!(
            best > worst,
            "{}: best {best} should beat worst {worst}",
            s.id
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Any route a trainee can take scores between the analysis' worst and best.
    #[test]
    fn random_routes_score_between_worst_and_best(scenario in 0usize..64, seed in 0u64..1000, picks in prop::collection::vec(0usize..16, 1..12)) {
        let lib = library();
        let all: Vec<_> = lib.scenarios().collect();
        let s = all[scenario % all.len()];
        let a = analyze(s, &lib.rulebook).unwrap();
        let mut steps: Vec<String> = Vec::new();
        for pick in picks {
            let (run, _) = play_steps(Arc::clone(s), Arc::clone(&lib.rulebook), seed, &steps).unwrap();
            if run.is_finished() { break; }
            let ScenarioNode::Step(step) = run.node() else { break };
            let mut options: Vec<String> = run.choices().iter().map(|c| c.id.clone()).collect();
            if !step.lines.is_empty() {
                options.extend(run.choices().iter().map(|c| format!("!{}", c.id)));
            }
            if step.silence.is_some() && !(step.choices.is_empty() && step.next.is_some()) {
                options.push("...".into());
            }
            prop_assume!(!options.is_empty() || matches!(run.phase(), Phase::Ended));
            steps.push(options[pick % options.len()].clone());
        }
        let (run, _) = play_steps(Arc::clone(s), Arc::clone(&lib.rulebook), seed, &steps).unwrap();
        if let Some(result) = run.result() {
            let (best, worst) = (a.best.unwrap().score, a.worst.unwrap().score);
            prop_assert!(result.score <= best + 1e-9 && result.score >= worst - 1e-9,
                "{}: {:?} scored {} outside [{worst}, {best}]", s.id, steps, result.score);
        }
    }
}

//! Every shipped scenario, checked as CI sees it: it loads cleanly, its own test plans pass, its
//! best and worst routes, as the analysis predicts them, score exactly that when played, and the
//! library as a whole meets the curriculum's bar.

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
    let ids =
        |lib: &Library| -> BTreeSet<String> { lib.scenarios().map(|s| s.id.clone()).collect() };
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
fn every_scenario_is_in_english_arabic_and_persian_with_a_test_plan() {
    let lib = library();
    for s in lib.scenarios() {
        for lang in ["en", "ar", "fa"] {
            assert!(s.texts().all(|t| t.has(lang)), "{} lacks {lang} text", s.id);
        }
        assert!(!s.tests.is_empty(), "{} has no test plan", s.id);
    }
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

/// The bar the curriculum is written to (docs/authoring.md, "Writing a good scenario"): enough
/// scenarios per rule, channel and service function, every difficulty, hard ones with real
/// decisions, a test plan for the best route, the worst route and each
/// ending, and a best choice that is seldom the longest. Prints the figures it checks.
#[test]
fn the_curriculum_meets_its_bar() {
    use rapport::engine::analysis::Tells;
    use std::collections::BTreeMap;
    let lib = library();
    let scenarios: Vec<_> = lib.scenarios().collect();
    assert!(scenarios.len() >= 30, "{} scenarios ship", scenarios.len());

    let count = |keys: Vec<String>| -> BTreeMap<String, usize> {
        keys.into_iter().fold(BTreeMap::new(), |mut m, k| {
            *m.entry(k).or_default() += 1;
            m
        })
    };
    let per_rule = count(
        scenarios
            .iter()
            .flat_map(|s| s.rules_trained().into_iter().map(str::to_owned))
            .collect(),
    );
    let per_channel = count(
        scenarios
            .iter()
            .map(|s| s.channel.key().to_owned())
            .collect(),
    );
    let per_function = count(
        scenarios
            .iter()
            .map(|s| s.function.key().to_owned())
            .collect(),
    );
    let per_difficulty = count(scenarios.iter().map(|s| s.difficulty.to_string()).collect());
    println!("scenarios per rule: {per_rule:?}");
    println!("scenarios per channel: {per_channel:?}");
    println!("scenarios per service function: {per_function:?}");
    println!("scenarios per difficulty: {per_difficulty:?}");
    for rule in lib.rulebook.ids() {
        let n = per_rule.get(rule).copied().unwrap_or(0);
        assert!(
            n >= 5,
            "rule {rule} is trained by {n} scenarios, fewer than 5"
        );
    }
    for channel in Channel::ALL {
        let n = per_channel.get(channel.key()).copied().unwrap_or(0);
        assert!(
            n >= 4,
            "channel {} has {n} scenarios, fewer than 4",
            channel.key()
        );
    }
    for function in ServiceFunction::ALL {
        let n = per_function.get(function.key()).copied().unwrap_or(0);
        assert!(
            n >= 6,
            "function {} has {n} scenarios, fewer than 6",
            function.key()
        );
    }
    for d in 1..=5u8 {
        assert!(
            per_difficulty.contains_key(&d.to_string()),
            "no scenario of difficulty {d}"
        );
    }

    let mut library_tells = Tells::default();
    let mut problems = Vec::new();
    for s in &scenarios {
        let a = analyze(s, &lib.rulebook).unwrap();
        if s.difficulty >= 4 && a.tells.decision_steps < 4 {
            problems.push(format!(
                "{} (difficulty {}) has {} decision steps, fewer than 4",
                s.id, s.difficulty, a.tells.decision_steps
            ));
        }
        // A plan for a best (or worst) route scores what the route scores, rounded either way at
        // x.5; several routes may tie, ending differently.
        let covers = |route: &rapport::engine::analysis::Route| {
            s.tests.iter().any(|t| {
                t.score.is_some_and(|p| {
                    let p = f64::from(p);
                    p == route.score.floor() || p == route.score.ceil()
                })
            })
        };
        let (best, worst) = (a.best.as_ref().unwrap(), a.worst.as_ref().unwrap());
        if !covers(best) {
            problems.push(format!(
                "{}: no test plan for the best route ({:.1}, {})",
                s.id, best.score, best.ending
            ));
        }
        if !covers(worst) {
            problems.push(format!(
                "{}: no test plan for the worst route ({:.1}, {})",
                s.id, worst.score, worst.ending
            ));
        }
        for ending in &a.endings {
            if !s.tests.iter().any(|t| t.ending == ending.id) {
                problems.push(format!(
                    "{}: no test plan reaches ending {}",
                    s.id, ending.id
                ));
            }
        }
        library_tells.add(&a.tells);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for lang in ["en", "ar", "fa"] {
        let share = library_tells.longest_share(lang);
        println!(
            "best choice is the longest {lang} text in {:.0}% of {} decision steps",
            share * 100.0,
            library_tells.decision_steps
        );
        assert!(
            share <= 1.0 / 3.0,
            "best choice is the longest {lang} text in {:.0}% of decision steps",
            share * 100.0
        );
    }
}

/// A trainee who says nothing at all, whoever the customer is, never passes: silence is scored.
#[test]
fn a_silent_run_of_every_scenario_scores_below_its_pass_mark() {
    let lib = library();
    for s in lib.scenarios() {
        for seed in 0..8 {
            let mut steps = vec!["..."];
            let result = loop {
                let (run, _) = play_steps(Arc::clone(s), Arc::clone(&lib.rulebook), seed, &steps)
                    .unwrap_or_else(|e| panic!("{} (seed {seed}): {}", s.id, e.message));
                match run.result() {
                    Some(result) => break result,
                    None if steps.len() < 100 => steps.push("..."),
                    None => panic!("{} (seed {seed}): silence never ends the run", s.id),
                }
            };
            assert!(
                result.score < f64::from(s.pass_mark),
                "{} (seed {seed}): a silent run scores {:.1}, pass mark {}",
                s.id,
                result.score,
                s.pass_mark
            );
        }
    }
}

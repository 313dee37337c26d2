//! The analysis is exact: on random small scenarios it agrees with playing every route by brute
//! force through the runtime, and it handles a billion routes without enumerating them.

use proptest::prelude::*;
use rapport::engine::analysis::{Action, StateGraph, analyze, tells};
use rapport::engine::load::{default_rulebook, load_scenario_str};
use rapport::engine::scenario::ScenarioNode;
use rapport::engine::script::play_steps;
use rapport::engine::synth::layered;
use rapport::engine::{Rulebook, Scenario};
use std::sync::Arc;

/// Rule effects: (rule, points, upholds).
type Effects = Vec<(usize, u32, bool)>;

#[derive(Debug, Clone)]
struct ChoiceSpec {
    effects: Effects,
    patience: i32,
    goto: usize,
    sets_flag: bool,
    needs_flag: bool,
}

#[derive(Debug, Clone)]
struct StepSpec {
    speaks: bool,
    choices: Vec<ChoiceSpec>,
    silence: Option<(usize, Effects)>,
}

const RULES: [&str; 3] = ["listen", "honest-promises", "contact"];

fn effects() -> impl Strategy<Value = Effects> {
    prop::collection::vec((0usize..3, 1u32..4, any::<bool>()), 0..3)
}

fn step_spec(choices: std::ops::Range<usize>) -> impl Strategy<Value = StepSpec> {
    let choice = (
        effects(),
        -30i32..20,
        0usize..8,
        any::<bool>(),
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |(effects, patience, goto, sets_flag, needs_flag)| ChoiceSpec {
                effects,
                patience,
                goto,
                sets_flag,
                needs_flag,
            },
        );
    (
        any::<bool>(),
        prop::collection::vec(choice, choices),
        prop::option::of((0usize..8, effects())),
    )
        .prop_map(|(speaks, choices, silence)| StepSpec {
            speaks,
            choices,
            silence,
        })
}

/// Steps `s0..sN` each lead only forward (to a later step or one of two endings).
fn render(steps: &[StepSpec], patience_out: bool) -> String {
    let n = steps.len();
    let target = |from: usize, pick: usize| {
        let later = n - from - 1 + 2;
        let k = pick % later;
        if k < 2 {
            ["win", "lose"][k].to_owned()
        } else {
            format!("s{}", from + 1 + (k - 2))
        }
    };
    let fx = |e: &[(usize, u32, bool)]| {
        e.iter()
            .map(|(r, p, up)| {
                format!(
                    "{}(rule: \"{}\", points: {p}, why: \"w\")",
                    if *up { "Upholds" } else { "Breaks" },
                    RULES[*r]
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut src = format!(
        "Scenario(id: \"random\", title: \"R\", briefing: \"B\", channel: Phone, function: Clerical, difficulty: 1, minutes: 1,\n customer: (names: [\"A\"], mood: (20, 30)), start: \"s0\", {}\n nodes: [\n",
        if patience_out {
            "patience_out: \"lose\","
        } else {
            ""
        }
    );
    for (i, st) in steps.iter().enumerate() {
        src += &format!("  Step(id: \"s{i}\", ");
        if st.speaks {
            src += &format!("lines: [(id: \"l{i}\", text: \"hi\", seconds: 1)], ");
        }
        src += "choices: [";
        for (ci, c) in st.choices.iter().enumerate() {
            src += &format!(
                "(id: \"c{ci}\", text: \"c\", patience: {}, {} {} rules: [{}], goto: \"{}\"), ",
                c.patience,
                if c.sets_flag {
                    "set: {\"flag\": 1},"
                } else {
                    ""
                },
                if c.needs_flag {
                    "when: Is(\"flag\", 1),"
                } else {
                    ""
                },
                fx(&c.effects),
                target(i, c.goto)
            );
        }
        src += "]";
        if let Some((goto, e)) = &st.silence {
            src += &format!(
                ", silence: (after: 5, goto: \"{}\", rules: [{}])",
                target(i, *goto),
                fx(e)
            );
        }
        src += "),\n";
    }
    src + "  Ending(id: \"win\", outcome: Retained, summary: \"w\"),\n  Ending(id: \"lose\", outcome: Lost, summary: \"l\"),\n ])"
}

/// Every score any route reaches, found by playing each route through the runtime.
fn brute_force(
    s: &Arc<Scenario>,
    book: &Arc<Rulebook>,
    seed: u64,
    prefix: &mut Vec<String>,
    out: &mut Vec<f64>,
) {
    let (run, _) = play_steps(Arc::clone(s), Arc::clone(book), seed, prefix).unwrap();
    if let Some(result) = run.result() {
        out.push(result.score);
        return;
    }
    let ScenarioNode::Step(step) = run.node() else {
        return;
    };
    let mut options: Vec<String> = run.choices().iter().map(|c| c.id.clone()).collect();
    if !step.lines.is_empty() {
        options.extend(run.choices().iter().map(|c| format!("!{}", c.id)));
    }
    if step.silence.is_some() {
        options.push("...".into());
    }
    for option in options {
        prefix.push(option);
        brute_force(s, book, seed, prefix, out);
        prefix.pop();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn best_and_worst_match_brute_force(steps in prop::collection::vec(step_spec(1..3), 1..5), patience_out in any::<bool>()) {
        let book = Arc::new(default_rulebook());
        let src = render(&steps, patience_out);
        let loaded = load_scenario_str("random.ron", &src, &book);
        // Random scenarios may strand a run (all choices conditioned away); skip those.
        prop_assume!(!loaded.has_errors());
        let s = loaded.scenario.unwrap();
        let a = analyze(&s, &book).unwrap();
        prop_assume!(a.dead_ends.is_empty());
        // Patience only matters through patience_out; try every starting mood's seed.
        let mut scores = Vec::new();
        let moods: std::collections::BTreeSet<i32> = (0..400).map(|seed| rapport::engine::customer::CustomerDraw::draw(&s, seed).mood).collect();
        for mood in moods {
            let seed = (0..400).find(|&seed| rapport::engine::customer::CustomerDraw::draw(&s, seed).mood == mood).unwrap();
            brute_force(&s, &book, seed, &mut Vec::new(), &mut scores);
        }
        let max = scores.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let min = scores.iter().cloned().fold(f64::INFINITY, f64::min);
        let (best, worst) = (a.best.unwrap(), a.worst.unwrap());
        prop_assert!((best.score - max).abs() < 1e-9, "best {} vs brute force {max}\n{src}", best.score);
        prop_assert!((worst.score - min).abs() < 1e-9, "worst {} vs brute force {min}\n{src}", worst.score);
    }
}

/// Each decision step's best choices found as the analysis did before it searched a step's
/// choices together: one ratio search per choice, from where the step is first reached.
fn best_choices_one_by_one(s: &Scenario, graph: &StateGraph) -> Vec<(String, Vec<String>)> {
    let mut first = vec![None; s.nodes.len()];
    for state in 0..graph.state_count() as u32 {
        first[graph.node_of(state)].get_or_insert(state);
    }
    let mut out = Vec::new();
    for (i, node) in s.nodes.iter().enumerate() {
        let (ScenarioNode::Step(step), Some(state)) = (node, first[i]) else {
            continue;
        };
        if step.choices.len() < 2 {
            continue;
        }
        let reach: Vec<(usize, f64)> = graph
            .edges(state)
            .iter()
            .filter_map(|e| match e.action {
                Action::Answer(ci) => graph
                    .optimize(&[e.to], e.earned, e.at_stake, true)
                    .map(|o| (ci, o.ratio)),
                _ => None,
            })
            .collect();
        let top = reach.iter().map(|r| r.1).fold(f64::NEG_INFINITY, f64::max);
        let best: Vec<String> = reach
            .iter()
            .filter(|r| r.1 >= top - 1e-9)
            .map(|r| step.choices[r.0].id.clone())
            .collect();
        if !best.is_empty() && best.len() < step.choices.len() {
            out.push((step.id.clone(), best));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// The tells search all of a step's choices at once (and share one pass at a perfect score
    /// between the steps); they find the best choices one search per choice finds.
    #[test]
    fn tells_find_the_best_choices_a_search_per_choice_finds(mut steps in prop::collection::vec(step_spec(2..5), 1..7), patience_out in any::<bool>(), all_scored in any::<bool>()) {
        // Choices with no rules score 100 when nothing after them is at stake either; half the
        // cases give every choice a rule, so that the best score is mostly below 100.
        if all_scored {
            for (i, c) in steps.iter_mut().flat_map(|st| st.choices.iter_mut()).enumerate() {
                if c.effects.is_empty() {
                    c.effects.push((i % RULES.len(), 1, i % 2 == 0));
                }
            }
        }
        let book = Arc::new(default_rulebook());
        let src = render(&steps, patience_out);
        let loaded = load_scenario_str("random.ron", &src, &book);
        prop_assume!(loaded.scenario.is_some());
        let s = loaded.scenario.unwrap();
        let graph = StateGraph::build(&s, &book).unwrap();
        let told: Vec<(String, Vec<String>)> = tells(&s, &graph)
            .steps
            .into_iter()
            .map(|t| (t.node, t.best))
            .collect();
        prop_assert_eq!(told, best_choices_one_by_one(&s, &graph), "{}", src);
    }
}

/// Two choices whose best scores differ by less than the 1e-9 the analysis counts as a tie are
/// both best. One search over all the step's choices cannot tell that from a real gap, so
/// there the step is searched choice by choice.
#[test]
fn choices_within_a_billionth_of_the_best_score_are_both_best() {
    let dir = tempfile::tempdir().unwrap();
    let company = dir.path().join("rulebook.ron");
    std::fs::write(
        &company,
        r#"(reweight: {"listen": 1.0, "honest-promises": 2.0, "contact": 2.000000006})"#,
    )
    .unwrap();
    let (book, problems) = rapport::engine::load_rulebook(Some(&company));
    assert!(problems.is_empty(), "{problems:?}");
    let book = Arc::new(book);
    // exact: 1 / (1 + 2) = 1/3; near: 1 / (1 + 2.000000006), 6.7e-10 below it; poor: 0.
    let src = r#"Scenario(id: "t", title: "T", briefing: "B", channel: Email, function: Clerical,
        difficulty: 1, minutes: 1, customer: (names: ["Ann"]), start: "a",
        nodes: [
            Step(id: "a", untimed: true, choices: [
                (id: "exact", text: "a", rules: [Upholds(rule: "listen", points: 1, why: "w"), Breaks(rule: "honest-promises", points: 1, why: "w")], goto: "end"),
                (id: "near", text: "b", rules: [Upholds(rule: "listen", points: 1, why: "w"), Breaks(rule: "contact", points: 1, why: "w")], goto: "end"),
                (id: "poor", text: "c", rules: [Breaks(rule: "listen", points: 1, why: "w")], goto: "end"),
            ]),
            Ending(id: "end", outcome: Retained, summary: "done"),
        ])"#;
    let loaded = load_scenario_str("t.ron", src, &book);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let s = loaded.scenario.unwrap();
    let graph = StateGraph::build(&s, &book).unwrap();
    let t = tells(&s, &graph);
    assert_eq!(t.steps[0].best, ["exact", "near"]);
    let one_by_one = best_choices_one_by_one(&s, &graph);
    assert_eq!(one_by_one, [("a".to_owned(), t.steps[0].best.clone())]);
}

#[test]
fn a_billion_routes_are_analysed_exactly_without_enumerating_them() {
    let book = Arc::new(default_rulebook());
    // 30 steps × 2 choices, each of which can also cut in: 4^30 ≈ 1.2e18 routes.
    let loaded = load_scenario_str("layered.ron", &layered(30, 2), &book);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let s = loaded.scenario.unwrap();
    let a = analyze(&s, &book).unwrap();
    assert_eq!(a.paths, 4u128.pow(30));
    assert!(a.paths >= 1_000_000_000);
    let best = a.best.unwrap();
    assert_eq!(best.score, 100.0);
    assert!(best.steps.iter().all(|st| st == "c1"), "{:?}", best.steps);
    let worst = a.worst.unwrap();
    assert_eq!(worst.score, 0.0);
    assert!(
        worst.steps.iter().all(|st| st == "!c0"),
        "{:?}",
        worst.steps
    );
}

#[test]
fn the_best_route_is_a_ratio_optimum_not_the_most_points() {
    // Route A: upholds 1 point, nothing broken (100). Route B: upholds 10 and breaks 1 (~91).
    // Summing points would pick B; the score a trainee sees picks A.
    let src = r#"Scenario(id: "ratio", title: "R", briefing: "B", channel: Email, function: Clerical, difficulty: 1, minutes: 1,
        customer: (names: ["A"]), start: "s",
        nodes: [
          Step(id: "s", choices: [
            (id: "small", text: "a", rules: [Upholds(rule: "contact", points: 1, why: "w")], goto: "end"),
            (id: "big", text: "b", rules: [Upholds(rule: "contact", points: 10, why: "w"), Breaks(rule: "contact", points: 1, why: "w")], goto: "end"),
          ]),
          Ending(id: "end", outcome: Retained, summary: "s"),
        ])"#;
    let book = Arc::new(default_rulebook());
    let s = load_scenario_str("ratio.ron", src, &book).scenario.unwrap();
    let a = analyze(&s, &book).unwrap();
    assert_eq!(a.best.unwrap().steps, ["small"]);
    let worst = a.worst.unwrap();
    assert_eq!(worst.steps, ["big"]);
    assert!((worst.score - 100.0 * 10.0 / 11.0).abs() < 1e-9);
}

fn load(src: &str) -> (Arc<Scenario>, Arc<Rulebook>) {
    let book = Arc::new(default_rulebook());
    let loaded = load_scenario_str("t.ron", src, &book);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    (loaded.scenario.unwrap(), book)
}

/// A customer lost with a passing score is flagged; so is the best answer being the longest,
/// the only polite one, or always at the same pinned place — per language.
#[test]
fn the_analysis_flags_a_passing_loss_and_answers_that_give_themselves_away() {
    let (s, b) = load(
        r#"Scenario(id: "t", title: "T", briefing: "B", channel: Phone, function: HandlingProblem,
        difficulty: 1, minutes: 1, customer: (names: [(name: "Ann", gender: Female)]), start: "a",
        nodes: [
            Step(id: "a", order: Pinned, choices: [
                (id: "long", text: {"en": "I am so sorry, let me fix this for you right now.", "ar": "آسف جداً، دعني أصلح هذا الآن."},
                 rules: [Upholds(rule: "listen", points: 2, why: "w")], goto: "b"),
                (id: "short", text: {"en": "Next.", "ar": "التالي."},
                 rules: [Breaks(rule: "listen", points: 2, why: "w")], goto: "b"),
            ], silence: (after: 5, goto: "b", rules: [])),
            Step(id: "b", order: Pinned, choices: [
                (id: "walk", text: {"en": "Goodbye then, thanks.", "ar": "مع السلامة، شكراً."},
                 rules: [Upholds(rule: "contact", points: 1, why: "w")], goto: "gone"),
                (id: "stay", text: {"en": "Stay.", "ar": "ابقَ."},
                 rules: [Breaks(rule: "contact", points: 1, why: "w")], goto: "kept"),
            ], silence: (after: 5, goto: "kept", rules: [])),
            Ending(id: "gone", outcome: Lost, summary: "lost"),
            Ending(id: "kept", outcome: Retained, summary: "kept"),
        ])"#,
    );
    let a = analyze(&s, &b).unwrap();
    let lost = a.losing_endings.iter().find(|l| l.id == "gone").unwrap();
    assert_eq!(lost.best_score.round(), 100.0);
    assert!(lost.above_pass_mark);
    assert!(
        a.warnings.iter().any(|w| w.contains("`gone`")),
        "{:?}",
        a.warnings
    );
    let t = &a.tells;
    assert_eq!(t.decision_steps, 2);
    let first = &t.steps[0];
    assert_eq!(first.best, ["long"]);
    assert_eq!(first.longest_in, ["ar", "en"]);
    assert_eq!(first.only_polite_in, ["ar", "en"]);
    assert_eq!(first.pinned_position, Some(1));
    assert_eq!(t.same_pinned_position, Some(1));
    assert_eq!(t.best_is_longest["en"], 2);
    assert!(
        a.warnings.iter().any(|w| w.contains("longest `en`")),
        "{:?}",
        a.warnings
    );
    assert!(
        a.warnings.iter().any(|w| w.contains("pinned")),
        "{:?}",
        a.warnings
    );
}

/// Silence is scored by the rulebook wherever a step does not say otherwise, so saying nothing
/// until the customer gives up never scores full marks.
#[test]
fn a_silent_run_is_scored_by_the_rulebook() {
    let (s, b) = load(
        r#"Scenario(id: "t", title: "T", briefing: "B", channel: Phone, function: HandlingProblem,
        difficulty: 1, minutes: 1, customer: (names: [(name: "Ann", gender: Female)]), start: "a",
        patience_out: "gone",
        nodes: [
            Step(id: "a", choices: [(id: "hi", text: "Hi", goto: "kept")], silence: (after: 5, goto: "a2")),
            Step(id: "a2", choices: [(id: "hi", text: "Hi", goto: "kept")], silence: (after: 5, goto: "gone")),
            Ending(id: "gone", outcome: Lost, summary: "lost"),
            Ending(id: "kept", outcome: Retained, summary: "kept"),
        ])"#,
    );
    let (run, _) = play_steps(Arc::clone(&s), Arc::clone(&b), 0, &["...", "..."]).unwrap();
    let r = run.result().unwrap();
    assert_eq!(r.ending, "gone");
    assert_eq!(r.score, 0.0);
    let contact = r.rules.iter().find(|x| x.rule == b.silence.rule).unwrap();
    assert_eq!(contact.broken, 2 * b.silence.points);
    assert_eq!(analyze(&s, &b).unwrap().worst.unwrap().score, 0.0);
}

/// Length is judged on the text as shown: gender-form markup does not pad a choice, twin
/// choices (one text, two routes by the customer's mood) are one text on screen, and every
/// step records the best choice's place by length.
#[test]
fn length_tells_see_the_text_as_shown() {
    let (s, b) = load(
        r#"Scenario(id: "t", title: "T", briefing: "B", channel: Phone, function: HandlingProblem,
        difficulty: 1, minutes: 1, customer: (names: [(name: "Ann", gender: Female)]), start: "a",
        nodes: [
            Step(id: "a", choices: [
                (id: "best", text: {"en": "Let me check that for you now.", "ar": "دعني أتحقق من ذلك الآن."},
                 rules: [Upholds(rule: "listen", points: 2, why: "w")], goto: "end"),
                (id: "padded", text: {"en": "{customer: male=Sir | female=Madam}, no.", "ar": "{customer: male=لا يا سيدي | female=لا يا سيدتي}."},
                 rules: [Breaks(rule: "listen", points: 2, why: "w")], goto: "end"),
            ], silence: (after: 5, goto: "end", rules: [])),
            Step(id: "b", choices: [
                (id: "calm", text: "I hear you, and I will sort it today.",
                 rules: [Upholds(rule: "listen", points: 2, why: "w")], goto: "end"),
                (id: "calm-cross", when: PatienceBelow(30), text: "I hear you, and I will sort it today.",
                 rules: [Upholds(rule: "listen", points: 2, why: "w")], goto: "end"),
                (id: "curt", text: "Fine.",
                 rules: [Breaks(rule: "listen", points: 2, why: "w")], goto: "end"),
            ], silence: (after: 5, goto: "end", rules: [])),
            Ending(id: "end", outcome: Retained, summary: "done"),
        ])"#,
    );
    let t = analyze(&s, &b).unwrap().tells;
    let a = t.steps.iter().find(|s| s.node == "a").unwrap();
    // Raw, the padded choice's markup makes it longer than the best; on screen it is shorter.
    assert_eq!(a.longest_in, ["ar", "en"]);
    assert_eq!(a.length_place["en"], 1);
    assert_eq!(t.best_length_rank["en"][&1], 1);
    // Step b is never reached (nothing goes there), so it is not a decision step.
    assert_eq!(t.decision_steps, 1);
}

/// Twins: the best answer written twice is one text on screen, so it can still be the longest.
#[test]
fn twin_best_choices_count_as_one_text() {
    let (s, b) = load(
        r#"Scenario(id: "t", title: "T", briefing: "B", channel: Phone, function: HandlingProblem,
        difficulty: 1, minutes: 1, customer: (names: [(name: "Ann", gender: Female)]), start: "b",
        nodes: [
            Step(id: "b", choices: [
                (id: "calm", when: PatienceAtLeast(0), text: "I hear you, and I will sort it today.",
                 rules: [Upholds(rule: "listen", points: 2, why: "w")], goto: "end"),
                (id: "calm-cross", when: PatienceBelow(0), text: "I hear you, and I will sort it today.",
                 rules: [Upholds(rule: "listen", points: 2, why: "w")], goto: "end"),
                (id: "curt", text: "Fine.",
                 rules: [Breaks(rule: "listen", points: 2, why: "w")], goto: "end"),
            ], silence: (after: 5, goto: "end", rules: [])),
            Ending(id: "end", outcome: Retained, summary: "done"),
        ])"#,
    );
    let t = analyze(&s, &b).unwrap().tells;
    assert_eq!(t.steps[0].longest_in, ["en"], "{:?}", t.steps);
    assert_eq!(t.steps[0].length_place["en"], 1);
}

/// Over ten or more steps, one place by length taking most of them is reported.
#[test]
fn a_library_that_always_puts_the_best_second_by_length_is_told_so() {
    let mut t = rapport::engine::analysis::Tells::default();
    t.best_length_rank
        .entry("en".into())
        .or_default()
        .extend([(1, 1), (2, 8), (3, 1)]);
    assert_eq!(t.dominant_rank("en").map(|(r, _)| r), Some(2));
    let mut fair = rapport::engine::analysis::Tells::default();
    fair.best_length_rank
        .entry("en".into())
        .or_default()
        .extend([(1, 3), (2, 4), (3, 3)]);
    assert_eq!(fair.dominant_rank("en"), None);
}

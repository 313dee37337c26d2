//! Exact analysis of a scenario over its state graph: every situation a run can be in
//! (node, and the patience and variables that some rule of the scenario actually reads), with
//! every action a trainee can take. Works over states, never over paths, so a scenario with
//! billions of paths is analysed in milliseconds.
//!
//! Best and worst scores are ratios (points upheld over points at stake), so they are found by
//! Dinkelbach's method: a few longest-path passes over the acyclic state graph, each exact.

mod state_graph;
mod tells;

pub use state_graph::{Action, AnalysisError, Edge, MAX_STATES, Optimum, StateGraph};
pub use tells::{LONGEST_SHARE_LIMIT, RANK_SHARE_LIMIT, StepTells, Tells, tells};

use crate::engine::customer::CustomerDraw;
use crate::engine::rulebook::Rulebook;
use crate::engine::scenario::{Outcome, Scenario, ScenarioNode};
use crate::engine::script::{CUT_IN_PREFIX, SILENCE_STEP};
use serde::Serialize;
use std::collections::BTreeSet;

/// A route through a scenario, written as a trainer would replay it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    pub score: f64,
    pub ending: String,
    pub outcome: Outcome,
    pub starting_patience: Option<i32>,
    /// A seed that draws that starting patience, for `rapport play --seed`.
    pub seed: u64,
    /// Steps in `--choices` form: `id`, `!id` (cut in) or `...` (silence).
    pub steps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndingReach {
    pub id: String,
    pub outcome: Outcome,
    pub reachable: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceRef {
    pub node: String,
    pub choice: String,
}

/// Everything `rapport analyze` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub scenario: String,
    pub states: usize,
    /// Distinct routes from start to an ending; saturates at 2^128 − 1. In JSON a whole number
    /// up to 2^64 − 1, beyond it the nearest double (JSON has no wider integers).
    #[serde(serialize_with = "paths_json")]
    pub paths: u128,
    pub endings: Vec<EndingReach>,
    pub unreachable_nodes: Vec<String>,
    /// Nodes where a run can get stuck: no choice on offer, no silence, no ending.
    pub dead_ends: Vec<String>,
    pub choices_without_rules: Vec<ChoiceRef>,
    /// A loop a trainee can go round forever with nothing changing, if any.
    pub endless_loop: Option<Vec<String>>,
    pub best: Option<Route>,
    pub worst: Option<Route>,
    /// The best score with which each losing ending (`Lost`, `Escalated`) can be reached.
    pub losing_endings: Vec<LosingEnding>,
    /// Answers that give themselves away.
    pub tells: Tells,
    /// What the trainer should look at: tells above the limit, a customer lost with a passing
    /// score.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LosingEnding {
    pub id: String,
    pub outcome: Outcome,
    /// 0–100.
    pub best_score: f64,
    pub above_pass_mark: bool,
}

fn paths_json<S: serde::Serializer>(paths: &u128, out: S) -> Result<S::Ok, S::Error> {
    match u64::try_from(*paths) {
        Ok(n) => out.serialize_u64(n),
        Err(_) => out.serialize_f64(*paths as f64),
    }
}

pub fn analyze(s: &Scenario, rulebook: &Rulebook) -> Result<Analysis, AnalysisError> {
    let graph = StateGraph::build(s, rulebook)?;
    let mut node_seen = vec![false; s.nodes.len()];
    let mut stuck = BTreeSet::new();
    for state in 0..graph.state_count() as u32 {
        let node = graph.node_of(state);
        node_seen[node] = true;
        if !graph.ending[state as usize] && graph.out(state).is_empty() {
            stuck.insert(node);
        }
    }
    let endings = s
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| match n {
            ScenarioNode::Ending(e) => Some(EndingReach {
                id: e.id.clone(),
                outcome: e.outcome,
                reachable: node_seen[i],
            }),
            ScenarioNode::Step(_) => None,
        })
        .collect();
    let choices_without_rules = s
        .nodes
        .iter()
        .filter_map(|n| match n {
            ScenarioNode::Step(st) => Some(st),
            ScenarioNode::Ending(_) => None,
        })
        .flat_map(|st| {
            st.choices
                .iter()
                .filter(|c| c.rules.is_empty())
                .map(|c| ChoiceRef {
                    node: st.id.clone(),
                    choice: c.id.clone(),
                })
        })
        .collect();
    let route = |opt: Option<Optimum>| opt.map(|o| describe(s, &graph, &o));
    let endless_loop = graph
        .find_cycle()
        .map(|c| c.iter().map(|&n| s.nodes[n].id().to_owned()).collect());
    let losing_endings: Vec<LosingEnding> = s
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| match n {
            ScenarioNode::Ending(e) if matches!(e.outcome, Outcome::Lost | Outcome::Escalated) => {
                let into = |st: u32| graph.node_of(st) == i;
                let best = graph.optimize_into(graph.starts(), 0.0, 0.0, true, &into)?;
                let best_score = best.ratio * 100.0;
                Some(LosingEnding {
                    id: e.id.clone(),
                    outcome: e.outcome,
                    best_score,
                    above_pass_mark: best_score.round() > f64::from(s.pass_mark),
                })
            }
            _ => None,
        })
        .collect();
    let tells = tells::tells(s, &graph);
    let mut warnings = Vec::new();
    for l in losing_endings.iter().filter(|l| l.above_pass_mark) {
        warnings.push(format!(
            "ending `{}` ({}) can be reached scoring {:.0}, above the pass mark of {}: a customer lost should not pass",
            l.id,
            l.outcome.key(),
            l.best_score,
            s.pass_mark
        ));
    }
    for (lang, n) in &tells.best_is_longest {
        let share = tells.longest_share(lang);
        if share > LONGEST_SHARE_LIMIT {
            warnings.push(format!(
                "the best choice is the longest `{lang}` text in {n} of {} decision steps ({:.0}%, above {:.0}%): make wrong answers as full as right ones",
                tells.decision_steps_in[lang],
                share * 100.0,
                LONGEST_SHARE_LIMIT * 100.0
            ));
        }
    }
    if let Some(p) = tells.same_pinned_position {
        warnings.push(format!(
            "in every step with a pinned order the best choice is number {p}: vary where it stands, or let the order be shuffled"
        ));
    }
    Ok(Analysis {
        scenario: s.id.clone(),
        states: graph.state_count(),
        paths: graph.count_paths(),
        endings,
        unreachable_nodes: s
            .nodes
            .iter()
            .enumerate()
            .filter(|(i, _)| !node_seen[*i])
            .map(|(_, n)| n.id().to_owned())
            .collect(),
        dead_ends: stuck
            .into_iter()
            .map(|i| s.nodes[i].id().to_owned())
            .collect(),
        choices_without_rules,
        endless_loop,
        best: route(graph.optimize(graph.starts(), 0.0, 0.0, true)),
        worst: route(graph.optimize(graph.starts(), 0.0, 0.0, false)),
        losing_endings,
        tells,
        warnings,
    })
}

/// Writes an optimum as replayable steps.
pub fn describe(s: &Scenario, graph: &StateGraph, o: &Optimum) -> Route {
    let mut steps = Vec::new();
    let mut last = o.start;
    for &(state, i) in &o.edges {
        let edge = graph.out(state)[i];
        let node = &s.nodes[graph.node_of(state)];
        let choice_id = |ci: usize| match node {
            ScenarioNode::Step(st) => st.choices[ci].id.clone(),
            ScenarioNode::Ending(_) => unreachable!("endings have no edges"),
        };
        match edge.action {
            Action::Answer(ci) => steps.push(choice_id(ci)),
            Action::CutIn(ci) => steps.push(format!("{CUT_IN_PREFIX}{}", choice_id(ci))),
            Action::Silence => steps.push(SILENCE_STEP.to_owned()),
            Action::Next => {}
        }
        last = edge.to;
    }
    let ending = &s.nodes[graph.node_of(last)];
    let outcome = match ending {
        ScenarioNode::Ending(e) => e.outcome,
        ScenarioNode::Step(_) => unreachable!("optimal routes end at an ending"),
    };
    let starting_patience = graph.patience_matters.then(|| graph.patience_of(o.start));
    let seed = starting_patience
        .and_then(|mood| (0..100_000u64).find(|&seed| CustomerDraw::draw(s, seed).mood == mood))
        .unwrap_or(0);
    Route {
        score: o.ratio * 100.0,
        ending: ending.id().to_owned(),
        outcome,
        starting_patience,
        seed,
        steps,
    }
}

#[cfg(test)]
mod json_tests {
    use super::*;

    #[test]
    fn more_routes_than_64_bits_hold_still_make_json() {
        let rulebook = std::sync::Arc::new(crate::engine::load::default_rulebook());
        let text = crate::engine::synth::library_scenario(0, 50);
        let scenario = crate::engine::load_scenario_str("gen.ron", &text, &rulebook)
            .scenario
            .expect("the generated scenario loads");
        let a = analyze(&scenario, &rulebook).unwrap();
        assert!(
            a.paths > u128::from(u64::MAX),
            "{} routes: pick a bigger scenario",
            a.paths
        );
        let json = serde_json::to_value(&a).unwrap();
        let shown = json["paths"].as_f64().unwrap();
        assert!((shown / a.paths as f64 - 1.0).abs() < 1e-9);
        let small = Analysis { paths: 12, ..a };
        assert_eq!(serde_json::to_value(&small).unwrap()["paths"], 12);
    }
}

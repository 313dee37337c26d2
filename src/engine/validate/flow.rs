//! Checks on where a scenario can go: reachable nodes and endings, loops with no choice or no
//! progress, and the scenario's own test plans played through the runtime.

use super::{Findings, id, quoted};
use crate::engine::analysis::{AnalysisError, StateGraph};
use crate::engine::graph::{cycles, node_successors};
use crate::engine::locate::{Finding, Needle};
use crate::engine::rulebook::Rulebook;
use crate::engine::scenario::{Scenario, ScenarioNode};
use crate::engine::script::play_steps;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Node-level graph checks: unreachable nodes, no reachable ending, loops with no choice.
pub(super) fn check_graph(s: &Scenario, f: &mut Findings) {
    let n = s.nodes.len();
    let succ = node_successors(s, &s.index);
    let mut seen = vec![false; n];
    let mut stack = vec![s.index[&s.start]];
    if let Some(out) = &s.patience_out {
        stack.push(s.index[out]);
    }
    while let Some(i) = stack.pop() {
        if !std::mem::replace(&mut seen[i], true) {
            stack.extend(succ[i].iter().copied());
        }
    }
    for (i, node) in s.nodes.iter().enumerate() {
        if !seen[i] {
            f.warning(
                format!("`{}` cannot be reached from `{}`", node.id(), s.start),
                vec![id(node.id())],
            );
        }
    }
    let ending_reached = s
        .nodes
        .iter()
        .enumerate()
        .any(|(i, nd)| seen[i] && matches!(nd, ScenarioNode::Ending(_)));
    if !ending_reached {
        f.error(
            "no ending can be reached from `start`",
            vec![Needle::Field("start")],
        );
    }
    // Steps the trainee cannot act in lead on by themselves; a loop of those never ends.
    let passive: Vec<bool> = s
        .nodes
        .iter()
        .map(|nd| matches!(nd, ScenarioNode::Step(st) if st.choices.is_empty()))
        .collect();
    let passive_succ: Vec<Vec<usize>> = (0..n)
        .map(|i| {
            if passive[i] {
                succ[i].iter().copied().filter(|&j| passive[j]).collect()
            } else {
                Vec::new()
            }
        })
        .collect();
    for cycle in cycles(&passive_succ) {
        let names: Vec<&str> = cycle.iter().map(|&i| s.nodes[i].id()).collect();
        f.error(
            format!(
                "these steps lead to each other with no choice for the trainee, forever: {} → {}",
                names.join(" → "),
                names[0]
            ),
            vec![id(names[0])],
        );
    }
}

/// Behaviour: loops that make no progress, and the scenario's own test plans.
pub fn check_behaviour(s: &Arc<Scenario>, rulebook: &Arc<Rulebook>) -> Vec<Finding> {
    check_behaviour_keeping_graph(s, rulebook).0
}

/// `check_behaviour`, handing back the state graph it built to look for loops, if it built one
/// (only a scenario whose nodes form a loop needs it), so a caller that needs the graph too
/// does not build it again.
pub fn check_behaviour_keeping_graph(
    s: &Arc<Scenario>,
    rulebook: &Arc<Rulebook>,
) -> (Vec<Finding>, Option<Result<StateGraph, AnalysisError>>) {
    let mut f = Findings(Vec::new());
    let mut built = None;
    if !cycles(&node_successors(s, &s.index)).is_empty() {
        let graph = StateGraph::build(s, rulebook);
        match &graph {
            Ok(graph) => {
                if let Some(cycle) = graph.find_cycle() {
                    let names: Vec<&str> = cycle.iter().map(|&n| s.nodes[n].id()).collect();
                    f.error(
                        format!(
                            "a trainee can go round {} → {} forever with nothing changing; make each round change something (a variable, patience) and end the loop on it",
                            names.join(" → "),
                            names[0]
                        ),
                        vec![id(names[0])],
                    );
                }
            }
            Err(e) => f.error(e.to_string(), vec![Needle::Field("nodes")]),
        }
        built = Some(graph);
    }
    check_plans(s, rulebook, &mut f);
    (f.0, built)
}

fn check_plans(s: &Arc<Scenario>, rulebook: &Arc<Rulebook>, f: &mut Findings) {
    for plan in &s.tests {
        let at = || vec![Needle::Field("tests"), quoted(&plan.name)];
        let name = &plan.name;
        if s.node(&plan.ending).is_none() {
            f.error(
                format!(
                    "test `{name}` expects ending `{}`, which is not a node",
                    plan.ending
                ),
                at(),
            );
            continue;
        }
        for rule in plan.rules.keys() {
            if rulebook.rule(rule).is_none() {
                f.error(
                    format!("test `{name}` expects a score for `{rule}`, which is not a rule"),
                    at(),
                );
            }
        }
        let (run, _) = match play_steps(Arc::clone(s), Arc::clone(rulebook), plan.seed, &plan.steps)
        {
            Ok(done) => done,
            Err(e) => {
                let mut here = at();
                here.extend([Needle::Field("steps"), quoted(&plan.steps[e.index])]);
                f.error(
                    format!("test `{name}`, step {}: {}", e.index + 1, e.message),
                    here,
                );
                continue;
            }
        };
        let Some(result) = run.result() else {
            f.error(
                format!(
                    "test `{name}` stops at `{}` before any ending: add the remaining steps",
                    run.state().node
                ),
                at(),
            );
            continue;
        };
        let mut problems = Vec::new();
        if result.ending != plan.ending {
            problems.push(format!(
                "ends at `{}`, not `{}`",
                result.ending, plan.ending
            ));
        }
        // A score of exactly x.5 may be written either way: people round it differently.
        if let Some(expected) = plan.score
            && (result.score - f64::from(expected)).abs() > 0.5 + 1e-6
        {
            let rounded = result.score.round();
            problems.push(if rounded == result.score {
                format!("scores {rounded}, not {expected}")
            } else {
                // 79.5 shows as 80: say so, or a plan expecting 79 looks wrong.
                format!(
                    "scores {rounded} ({:.2}, rounded half up), not {expected}",
                    result.score
                )
            });
        }
        let actual: BTreeMap<&str, f64> = result
            .rules
            .iter()
            .map(|r| (r.rule.as_str(), r.score))
            .collect();
        for (rule, expected) in &plan.rules {
            match actual.get(rule.as_str()) {
                Some(got) if (got - f64::from(*expected)).abs() <= 0.5 + 1e-6 => {}
                Some(got) => problems.push(format!(
                    "scores {} on `{rule}`, not {expected}",
                    got.round()
                )),
                None => problems.push(format!("never touches `{rule}`")),
            }
        }
        if !problems.is_empty() {
            f.error(
                format!("test `{name}` fails: it {}", problems.join(", ")),
                at(),
            );
        }
    }
}

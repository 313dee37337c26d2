//! The debrief: every decision of a finished run with the rules it upheld or broke, the
//! author's reasons, and the better choice when there was one — better meaning the choice from
//! which the best final score was still reachable, computed exactly over the state graph.

use super::analysis::{Action, StateGraph};
use super::events::{AppliedEffect, PlayResult};
use super::playthrough::cuts_in;
use super::rulebook::Rulebook;
use super::scenario::{Scenario, ScenarioNode};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Better {
    pub choice: String,
    /// The best final score still reachable after it (0–100).
    pub reachable_score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DebriefEntry {
    pub node: String,
    /// What the customer said at this moment (line ids).
    pub customer_lines: Vec<String>,
    /// `None` when the trainee stayed silent.
    pub choice: Option<String>,
    pub interrupted: bool,
    pub at_ms: u64,
    pub taken_ms: u64,
    pub effects: Vec<AppliedEffect>,
    /// The best final score still reachable after what the trainee did (0–100).
    pub reachable_score: Option<f64>,
    pub better: Option<Better>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Debrief {
    pub result: PlayResult,
    pub entries: Vec<DebriefEntry>,
}

impl Debrief {
    pub fn new(scenario: &Scenario, rulebook: &Rulebook, result: &PlayResult) -> Self {
        let graph = StateGraph::build(scenario, rulebook).ok();
        let mut earned = 0.0;
        let mut at_stake = 0.0;
        let mut entries = Vec::with_capacity(result.decisions.len());
        for d in &result.decisions {
            let node = scenario.node(&d.node);
            let step = match node {
                Some(ScenarioNode::Step(step)) => Some(step),
                _ => None,
            };
            let own_action = match (&d.choice, step) {
                (None, _) => Some(Action::Silence),
                (Some(id), Some(step)) => step.choices.iter().position(|c| &c.id == id).map(|ci| {
                    let cut_in = d.interrupted && cuts_in(scenario, &step.choices[ci]);
                    if cut_in {
                        Action::CutIn(ci)
                    } else {
                        Action::Answer(ci)
                    }
                }),
                _ => None,
            };
            let mut reachable_score = None;
            let mut better = None;
            if let (Some(graph), Some(step)) = (&graph, step)
                && let Some(state) =
                    graph.state_of(scenario, &d.node, d.patience_before, &d.vars_before)
            {
                let reach = |action: Action| {
                    let e = graph.edges(state).iter().find(|e| e.action == action)?;
                    let o =
                        graph.optimize(&[e.to], earned + e.earned, at_stake + e.at_stake, true)?;
                    Some(o.ratio * 100.0)
                };
                reachable_score = own_action.and_then(reach);
                let best = step
                    .choices
                    .iter()
                    .enumerate()
                    .filter_map(|(ci, c)| reach(Action::Answer(ci)).map(|score| (c, score)))
                    .fold(
                        None::<(&super::scenario::Choice, f64)>,
                        |best, (c, score)| match best {
                            Some((_, b)) if b + 1e-9 >= score => best,
                            _ => Some((c, score)),
                        },
                    );
                if let Some((choice, score)) = best {
                    let own = reachable_score.unwrap_or(f64::NEG_INFINITY);
                    if score > own + 1e-9 {
                        better = Some(Better {
                            choice: choice.id.clone(),
                            reachable_score: score,
                        });
                    }
                }
            }
            for e in &d.effects {
                let w = rulebook.weight(&e.rule) * e.points as f64;
                at_stake += w;
                if e.upholds {
                    earned += w;
                }
            }
            entries.push(DebriefEntry {
                node: d.node.clone(),
                customer_lines: node
                    .map(|n| n.lines().iter().map(|l| l.id.clone()).collect())
                    .unwrap_or_default(),
                choice: d.choice.clone(),
                interrupted: d.interrupted,
                at_ms: d.at_ms,
                taken_ms: d.taken_ms,
                effects: d.effects.clone(),
                reachable_score,
                better,
            });
        }
        Debrief {
            result: result.clone(),
            entries,
        }
    }
}

//! The best choices at many decision steps of one scenario, each found with one ratio search
//! (Dinkelbach's method over all the step's choices at once) instead of one per choice.
//!
//! A choice's best final score is the best ratio (points upheld over points at stake) of the
//! routes that begin with it. For the step's best ratio λ*, one longest-path pass at λ* gives,
//! per choice, the most `earned − λ*·at_stake` any of its routes reaches: about 0 for the best
//! choices, below 0 for the others. Every step starts at λ = 1, the highest score there is, and
//! the pass at λ = 1 does not depend on the step, so it is made once for the whole graph: where
//! a step can still be played perfectly, that one pass settles it.

use super::{Action, Edge, StateGraph};
use crate::engine::score::ratio_score;

/// A pass at one λ: from each state, the most `earned − λ·at_stake` on the way to an ending
/// (−∞ where none is reachable), and the points of the route that reaches it.
struct Pass {
    value: Vec<f64>,
    earned: Vec<f64>,
    at_stake: Vec<f64>,
}

impl Pass {
    fn new(n: usize) -> Self {
        Pass {
            value: vec![f64::NEG_INFINITY; n],
            earned: vec![0.0; n],
            at_stake: vec![0.0; n],
        }
    }
}

/// The search over one graph: what every step shares, made once.
pub(in crate::engine::analysis) struct ChoiceSearch<'g> {
    graph: &'g StateGraph,
    topo: &'g [u32],
    /// Each state's place in `topo`.
    place: Vec<usize>,
    /// The least and the most points at stake on any route from each state to an ending
    /// (+∞ and −∞ where no ending is reachable).
    least_at_stake: Vec<f64>,
    most_at_stake: Vec<f64>,
    /// The pass at λ = 1 over the whole graph.
    perfect: Pass,
    /// Room for a step's own passes, made when first needed.
    scratch: Option<Pass>,
}

/// How one choice stands after a pass.
struct Standing {
    choice: usize,
    edge: Edge,
    /// Nothing at stake on it and on some route after it: it scores 100 (as `optimize` has it).
    nothing_at_stake: bool,
    /// The most `earned − λ·at_stake` of the routes that begin with it, and the ratio of the
    /// route that reaches that.
    value: f64,
    ratio: f64,
    /// The most points at stake on any route that begins with it.
    most_at_stake: f64,
}

/// The answer to "is this choice best?" is only taken from the pass when it is clear by more
/// than this; otherwise the step is searched choice by choice, as `optimize` does it.
const CLEAR: f64 = 1e-9;

impl StateGraph {
    /// The shared part of the best-choice search, or `None` when the graph has a cycle (then no
    /// score is defined and no choice is best).
    pub(in crate::engine::analysis) fn choice_search(&self) -> Option<ChoiceSearch<'_>> {
        let topo = self.topo.as_deref()?;
        let n = self.state_count();
        let mut place = vec![0; n];
        for (i, &v) in topo.iter().enumerate() {
            place[v as usize] = i;
        }
        // One walk back over the graph for the points at stake and the pass at λ = 1.
        let mut least_at_stake = vec![f64::INFINITY; n];
        let mut most_at_stake = vec![f64::NEG_INFINITY; n];
        let mut perfect = Pass::new(n);
        for &v in topo.iter().rev() {
            let vi = v as usize;
            if self.ending[vi] {
                least_at_stake[vi] = 0.0;
                most_at_stake[vi] = 0.0;
                perfect.reach_ending(vi);
                continue;
            }
            let (mut least, mut most) = (f64::INFINITY, f64::NEG_INFINITY);
            for e in self.out(v) {
                let to = e.to as usize;
                if least_at_stake[to] < f64::INFINITY {
                    least = least.min(e.at_stake + least_at_stake[to]);
                    most = most.max(e.at_stake + most_at_stake[to]);
                }
            }
            (least_at_stake[vi], most_at_stake[vi]) = (least, most);
            perfect.step(self, v, 1.0);
        }
        Some(ChoiceSearch {
            graph: self,
            topo,
            place,
            least_at_stake,
            most_at_stake,
            perfect,
            scratch: None,
        })
    }
}

/// One longest-path pass at `lambda` over `states`, a tail of the topological order.
fn pass(g: &StateGraph, states: &[u32], pass: &mut Pass, lambda: f64) {
    for &v in states.iter().rev() {
        if g.ending[v as usize] {
            pass.reach_ending(v as usize);
        } else {
            pass.step(g, v, lambda);
        }
    }
}

impl Pass {
    fn reach_ending(&mut self, v: usize) {
        self.value[v] = 0.0;
        self.earned[v] = 0.0;
        self.at_stake[v] = 0.0;
    }

    /// The most `earned − λ·at_stake` from state `v`, whose successors are done.
    fn step(&mut self, g: &StateGraph, v: u32, lambda: f64) {
        let mut best = f64::NEG_INFINITY;
        let mut pick = None;
        for e in g.out(v) {
            let candidate = e.earned - lambda * e.at_stake + self.value[e.to as usize];
            if candidate > best + 1e-12 {
                best = candidate;
                pick = Some(e);
            }
        }
        let vi = v as usize;
        self.value[vi] = best;
        if let Some(e) = pick {
            self.earned[vi] = e.earned + self.earned[e.to as usize];
            self.at_stake[vi] = e.at_stake + self.at_stake[e.to as usize];
        }
    }
}

impl ChoiceSearch<'_> {
    /// The choices at `state` from which the best final score is still reachable, each judged
    /// as `optimize` judges it (the score from here on, the choice itself included), ties
    /// within 1e-9 all best. `None` when no choice leads to an ending; `Some(None)` when some
    /// choice is too close to call from the passes, and the caller must search choice by choice.
    pub(in crate::engine::analysis) fn best(&mut self, state: u32) -> Option<Option<Vec<usize>>> {
        let mut standings: Vec<Standing> = self
            .graph
            .out(state)
            .iter()
            .filter_map(|&edge| {
                let Action::Answer(choice) = edge.action else {
                    return None;
                };
                let to = edge.to as usize;
                self.least_at_stake[to].is_finite().then(|| Standing {
                    choice,
                    edge,
                    nothing_at_stake: edge.at_stake == 0.0 && self.least_at_stake[to] == 0.0,
                    value: f64::NEG_INFINITY,
                    ratio: 0.0,
                    most_at_stake: edge.at_stake + self.most_at_stake[to],
                })
            })
            .collect();
        if standings.is_empty() {
            return None;
        }
        // Dinkelbach from λ = 1: the best route of each pass either proves λ the best ratio or
        // gives the next λ.
        let mut lambda = 1.0;
        let mut found = stand(&mut standings, &self.perfect, lambda);
        let mut top = found;
        if standings.iter().any(|s| s.nothing_at_stake) {
            top = 1.0;
        } else if found < lambda - 1e-12 {
            let from = self.place[state as usize];
            let mut scratch = self
                .scratch
                .take()
                .unwrap_or_else(|| Pass::new(self.graph.state_count()));
            let mut settled = false;
            for _ in 0..100 {
                lambda = found;
                pass(self.graph, &self.topo[from..], &mut scratch, lambda);
                found = stand(&mut standings, &scratch, lambda);
                top = lambda.max(found);
                if found <= lambda + 1e-12 {
                    settled = true;
                    break;
                }
            }
            self.scratch = Some(scratch);
            if !settled {
                return Some(None);
            }
        }
        let mut best = Vec::new();
        for s in &standings {
            // A route from the choice scores `ratio`; none scores above λ + value / (its
            // points at stake), so none above λ + value / most_at_stake when value ≤ 0.
            if s.nothing_at_stake || s.ratio >= top - CLEAR / 2.0 {
                best.push(s.choice);
            } else if !(s.value <= 0.0 && lambda + s.value / s.most_at_stake < top - 2.0 * CLEAR) {
                return Some(None);
            }
        }
        Some(Some(best))
    }
}

/// Each choice's standing after `pass` at `lambda`; returns the best ratio among the routes
/// found for choices with something at stake.
fn stand(standings: &mut [Standing], pass: &Pass, lambda: f64) -> f64 {
    let mut found = f64::NEG_INFINITY;
    for s in standings.iter_mut() {
        let (e, to) = (&s.edge, s.edge.to as usize);
        s.value = e.earned - lambda * e.at_stake + pass.value[to];
        s.ratio = ratio_score(e.earned + pass.earned[to], e.at_stake + pass.at_stake[to]) / 100.0;
        if !s.nothing_at_stake {
            found = found.max(s.ratio);
        }
    }
    found
}

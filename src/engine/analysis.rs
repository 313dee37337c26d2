//! Exact analysis of a scenario over its state graph: every situation a run can be in
//! (node, and the patience and variables that some rule of the scenario actually reads), with
//! every action a trainee can take. Works over states, never over paths, so a scenario with
//! billions of paths is analysed in milliseconds.
//!
//! Best and worst scores are ratios (points upheld over points at stake), so they are found by
//! Dinkelbach's method: a few longest-path passes over the acyclic state graph, each exact.

use super::playthrough::{CUT_IN_PREFIX, CustomerDraw, SILENCE_STEP};
use super::rulebook::Rulebook;
use super::scenario::{Choice, Node, Outcome, RuleEffect, Scenario};
use super::score::ratio_score;
use super::validate::cycles;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

/// Beyond this many distinct situations a scenario is refused as too tangled to analyse.
pub const MAX_STATES: usize = 2_000_000;

/// What a trainee does at a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Picks a choice once the customer has finished speaking.
    Answer(usize),
    /// Picks a choice while the customer is still speaking.
    CutIn(usize),
    /// Says nothing until the silence timer runs out.
    Silence,
    /// Nothing to do: the step leads on by itself.
    Next,
}

#[derive(Debug, Clone, Copy)]
pub struct Edge {
    pub action: Action,
    pub to: u32,
    /// Weighted points upheld, and weighted points at stake.
    pub earned: f64,
    pub at_stake: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    node: u32,
    patience: i32,
    vars: Box<[i64]>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnalysisError {
    TooManyStates,
}

impl fmt::Display for AnalysisError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            AnalysisError::TooManyStates => write!(
                f,
                "the scenario has more than {MAX_STATES} distinct situations (node, patience, variables): \
                 a variable probably grows without bound in a loop"
            ),
        }
    }
}

impl std::error::Error for AnalysisError {}

/// Every reachable situation of a scenario and the actions between them.
pub struct StateGraph {
    keys: Vec<Key>,
    lookup: HashMap<Key, u32>,
    /// Edges of state `i` are `edges[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<usize>,
    edges: Vec<Edge>,
    /// States a run can begin in (one per starting mood that matters).
    starts: Vec<u32>,
    /// Variables some condition reads, in a fixed order.
    vars: Vec<String>,
    patience_matters: bool,
    /// States in an order where every edge goes forward; `None` when the graph has a cycle.
    topo: Option<Vec<u32>>,
    ending: Vec<bool>,
}

impl StateGraph {
    pub fn build(s: &Scenario, rulebook: &Rulebook) -> Result<Self, AnalysisError> {
        let mut read_vars = BTreeSet::new();
        let mut patience_matters = s.patience_out.is_some();
        for node in &s.nodes {
            if let Node::Step(step) = node {
                for cond in step.choices.iter().filter_map(|c| c.when.as_ref()) {
                    cond.visit_vars(&mut |v| {
                        read_vars.insert(v.to_owned());
                    });
                    patience_matters |= cond.reads_patience();
                }
            }
        }
        let vars: Vec<String> = read_vars.into_iter().collect();
        let var_names = vars.clone();
        let var_slot: HashMap<&str, usize> = var_names
            .iter()
            .enumerate()
            .map(|(i, v)| (v.as_str(), i))
            .collect();
        let weigh = |effects: &[RuleEffect]| {
            effects.iter().fold((0.0, 0.0), |(n, d), e| {
                let w = rulebook.weight(e.rule()) * e.points() as f64;
                (if e.upholds() { n + w } else { n }, d + w)
            })
        };
        let interruption_weight =
            rulebook.weight(&rulebook.interruption.rule) * rulebook.interruption.points as f64;

        let mut graph = StateGraph {
            keys: Vec::new(),
            lookup: HashMap::new(),
            offsets: vec![0],
            edges: Vec::new(),
            starts: Vec::new(),
            vars,
            patience_matters,
            topo: None,
            ending: Vec::new(),
        };
        let start = s.index[&s.start] as u32;
        let (lo, hi) = s.customer.mood;
        let moods: Vec<i32> = if patience_matters {
            (i32::from(lo)..=i32::from(hi.max(lo))).collect()
        } else {
            vec![0]
        };
        for mood in moods {
            let key = Key {
                node: start,
                patience: mood,
                vars: vec![0; graph.vars.len()].into(),
            };
            let id = graph.intern(key)?;
            if !graph.starts.contains(&id) {
                graph.starts.push(id);
            }
        }
        // States are interned in discovery order, so walking `keys` by index is a BFS.
        let mut next = 0;
        while next < graph.keys.len() {
            let key = graph.keys[next].clone();
            let node = &s.nodes[key.node as usize];
            graph.ending.push(matches!(node, Node::Ending(_)));
            if let Node::Step(step) = node {
                let var = |v: &str| var_slot.get(v).map_or(0, |&i| key.vars[i]);
                let speaks = !step.lines.is_empty();
                if step.choices.is_empty() {
                    if let Some(next_node) = &step.next {
                        let to = graph.follow(s, &key, 0, &[], &var_slot, next_node)?;
                        graph.edges.push(Edge {
                            action: Action::Next,
                            to,
                            earned: 0.0,
                            at_stake: 0.0,
                        });
                    }
                }
                for (ci, choice) in step.choices.iter().enumerate() {
                    if !choice
                        .when
                        .as_ref()
                        .is_none_or(|c| c.holds(&var, key.patience))
                    {
                        continue;
                    }
                    let (earned, at_stake) = weigh(&choice.rules);
                    let to = graph.follow(
                        s,
                        &key,
                        choice.patience,
                        &changes(choice),
                        &var_slot,
                        &choice.goto,
                    )?;
                    graph.edges.push(Edge {
                        action: Action::Answer(ci),
                        to,
                        earned,
                        at_stake,
                    });
                    if speaks && !choice.may_interrupt {
                        let patience = choice.patience + rulebook.interruption.patience;
                        let to = graph.follow(
                            s,
                            &key,
                            patience,
                            &changes(choice),
                            &var_slot,
                            &choice.goto,
                        )?;
                        graph.edges.push(Edge {
                            action: Action::CutIn(ci),
                            to,
                            earned,
                            at_stake: at_stake + interruption_weight,
                        });
                    }
                }
                let leads_on = step.choices.is_empty() && step.next.is_some();
                if let Some(silence) = step.silence.as_ref().filter(|_| !leads_on) {
                    let (earned, at_stake) = weigh(&silence.rules);
                    let to =
                        graph.follow(s, &key, silence.patience, &[], &var_slot, &silence.goto)?;
                    graph.edges.push(Edge {
                        action: Action::Silence,
                        to,
                        earned,
                        at_stake,
                    });
                }
            }
            graph.offsets.push(graph.edges.len());
            next += 1;
        }
        graph.topo = graph.topological_order();
        Ok(graph)
    }

    fn intern(&mut self, key: Key) -> Result<u32, AnalysisError> {
        if let Some(&id) = self.lookup.get(&key) {
            return Ok(id);
        }
        if self.keys.len() >= MAX_STATES {
            return Err(AnalysisError::TooManyStates);
        }
        let id = self.keys.len() as u32;
        self.lookup.insert(key.clone(), id);
        self.keys.push(key);
        Ok(id)
    }

    /// The state an action leads to, the way the runtime computes it.
    fn follow(
        &mut self,
        s: &Scenario,
        from: &Key,
        patience_change: i32,
        changes: &[(&str, VarChange)],
        slots: &HashMap<&str, usize>,
        goto: &str,
    ) -> Result<u32, AnalysisError> {
        let patience = (from.patience + patience_change).clamp(0, 100);
        let mut vars = from.vars.clone();
        for (var, change) in changes {
            if let Some(&i) = slots.get(var) {
                vars[i] = match change {
                    VarChange::Set(v) => *v,
                    VarChange::Add(d) => vars[i] + d,
                };
            }
        }
        let target = match &s.patience_out {
            Some(out) if patience == 0 => out.as_str(),
            _ => goto,
        };
        let key = Key {
            node: s.index[target] as u32,
            patience: if self.patience_matters { patience } else { 0 },
            vars,
        };
        self.intern(key)
    }

    fn out(&self, state: u32) -> &[Edge] {
        let i = state as usize;
        &self.edges[self.offsets[i]..self.offsets[i + 1]]
    }

    pub fn state_count(&self) -> usize {
        self.keys.len()
    }

    fn topological_order(&self) -> Option<Vec<u32>> {
        let n = self.keys.len();
        let mut indegree = vec![0u32; n];
        for e in &self.edges {
            indegree[e.to as usize] += 1;
        }
        let mut order: Vec<u32> = (0..n as u32)
            .filter(|&v| indegree[v as usize] == 0)
            .collect();
        let mut head = 0;
        while head < order.len() {
            let v = order[head];
            head += 1;
            for e in self.out(v) {
                indegree[e.to as usize] -= 1;
                if indegree[e.to as usize] == 0 {
                    order.push(e.to);
                }
            }
        }
        (order.len() == n).then_some(order)
    }

    /// A loop a trainee can go round with nothing changing, as node indices, if there is one.
    pub fn find_cycle(&self) -> Option<Vec<usize>> {
        if self.topo.is_some() {
            return None;
        }
        let succ: Vec<Vec<usize>> = (0..self.keys.len() as u32)
            .map(|v| self.out(v).iter().map(|e| e.to as usize).collect())
            .collect();
        let cycle = cycles(&succ).into_iter().next()?;
        let mut nodes: Vec<usize> = cycle
            .iter()
            .map(|&st| self.keys[st].node as usize)
            .collect();
        nodes.dedup();
        Some(nodes)
    }

    /// The state a run stands in, given the node and the patience and variables it had.
    pub fn state_of(
        &self,
        s: &Scenario,
        node: &str,
        patience: i32,
        vars: &BTreeMap<String, i64>,
    ) -> Option<u32> {
        let key = Key {
            node: s.node_index(node)? as u32,
            patience: if self.patience_matters { patience } else { 0 },
            vars: self
                .vars
                .iter()
                .map(|v| vars.get(v).copied().unwrap_or(0))
                .collect(),
        };
        self.lookup.get(&key).copied()
    }

    /// Edges out of a state, for the debrief's look at the alternatives.
    pub fn edges(&self, state: u32) -> &[Edge] {
        self.out(state)
    }

    /// The best (or worst) final score reachable from any of `from`, given `earned` and
    /// `at_stake` points already, with the route that achieves it. `None` when no ending can be
    /// reached or the graph has a cycle.
    pub fn optimize(
        &self,
        from: &[u32],
        earned: f64,
        at_stake: f64,
        maximize: bool,
    ) -> Option<Optimum> {
        let topo = self.topo.as_ref()?;
        let sign = if maximize { 1.0 } else { -1.0 };
        let mut lambda = if maximize { 0.0 } else { 1.0 };
        let mut best: Option<Optimum> = None;
        for _ in 0..100 {
            let (_, route) = self.longest(
                topo,
                from,
                |e| sign * (e.earned - lambda * e.at_stake),
                sign * (earned - lambda * at_stake),
            )?;
            let (n, d) = self.totals(&route.1, earned, at_stake);
            let candidate = Optimum {
                ratio: ratio_score(n, d) / 100.0,
                start: route.0,
                edges: route.1,
            };
            // Dinkelbach: the route that is best against the current ratio either beats that
            // ratio, and becomes the new one, or proves it optimal.
            if best
                .as_ref()
                .is_some_and(|b| sign * (candidate.ratio - b.ratio) <= 1e-12)
            {
                break;
            }
            lambda = candidate.ratio;
            best = Some(candidate);
        }
        let mut best = best?;
        // A route with nothing at stake scores 100; Dinkelbach's passes give it no weight.
        if maximize && best.ratio < 1.0 && at_stake == 0.0 {
            let (_, route) = self.longest(topo, from, |e| -e.at_stake, 0.0)?;
            let (n, d) = self.totals(&route.1, earned, at_stake);
            if d == 0.0 && n == 0.0 {
                best = Optimum {
                    ratio: 1.0,
                    start: route.0,
                    edges: route.1,
                };
            }
        }
        Some(best)
    }

    fn totals(&self, edges: &[(u32, usize)], earned: f64, at_stake: f64) -> (f64, f64) {
        edges
            .iter()
            .fold((earned, at_stake), |(n, d), &(state, i)| {
                let e = &self.out(state)[i];
                (n + e.earned, d + e.at_stake)
            })
    }

    /// Longest path to an ending under `weight`, from the best of `from`.
    /// Returns the value and (start state, [(state, edge index)]).
    #[allow(clippy::type_complexity)]
    fn longest(
        &self,
        topo: &[u32],
        from: &[u32],
        weight: impl Fn(&Edge) -> f64,
        offset: f64,
    ) -> Option<(f64, (u32, Vec<(u32, usize)>))> {
        let n = self.keys.len();
        let mut value = vec![f64::NEG_INFINITY; n];
        let mut pick = vec![usize::MAX; n];
        for &v in topo.iter().rev() {
            let vi = v as usize;
            if self.ending[vi] {
                value[vi] = 0.0;
                continue;
            }
            for (i, e) in self.out(v).iter().enumerate() {
                let candidate = weight(e) + value[e.to as usize];
                if candidate > value[vi] + 1e-12 {
                    value[vi] = candidate;
                    pick[vi] = i;
                }
            }
        }
        let start = from
            .iter()
            .copied()
            .filter(|&s| value[s as usize].is_finite())
            .fold(None::<u32>, |best, s| match best {
                Some(b) if value[b as usize] + 1e-12 >= value[s as usize] => Some(b),
                _ => Some(s),
            })?;
        let mut route = Vec::new();
        let mut v = start;
        while !self.ending[v as usize] {
            let i = pick[v as usize];
            route.push((v, i));
            v = self.out(v)[i].to;
        }
        Some((value[start as usize] + offset, (start, route)))
    }

    /// How many distinct routes lead from the start to an ending (saturating), for the
    /// customer's most patient start.
    pub fn count_paths(&self) -> u128 {
        let Some(topo) = &self.topo else { return 0 };
        let mut count = vec![0u128; self.keys.len()];
        for &v in topo.iter().rev() {
            let vi = v as usize;
            count[vi] = if self.ending[vi] {
                1
            } else {
                self.out(v)
                    .iter()
                    .fold(0u128, |acc, e| acc.saturating_add(count[e.to as usize]))
            };
        }
        self.starts
            .iter()
            .map(|&s| count[s as usize])
            .max()
            .unwrap_or(0)
    }

    pub fn starts(&self) -> &[u32] {
        &self.starts
    }
}

enum VarChange {
    Set(i64),
    Add(i64),
}

fn changes(choice: &Choice) -> Vec<(&str, VarChange)> {
    choice
        .set
        .iter()
        .map(|(k, v)| (k.as_str(), VarChange::Set(*v)))
        .chain(
            choice
                .add
                .iter()
                .map(|(k, v)| (k.as_str(), VarChange::Add(*v))),
        )
        .collect()
}

/// An optimal route: its final ratio (0–1), where it starts, and each (state, edge) taken.
#[derive(Debug, Clone)]
pub struct Optimum {
    pub ratio: f64,
    pub start: u32,
    pub edges: Vec<(u32, usize)>,
}

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
    /// Distinct routes from start to an ending; saturates at 2^128 − 1.
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
}

pub fn analyze(s: &Scenario, rulebook: &Rulebook) -> Result<Analysis, AnalysisError> {
    let graph = StateGraph::build(s, rulebook)?;
    let mut node_seen = vec![false; s.nodes.len()];
    let mut stuck = BTreeSet::new();
    for (i, key) in graph.keys.iter().enumerate() {
        node_seen[key.node as usize] = true;
        if !graph.ending[i] && graph.out(i as u32).is_empty() {
            stuck.insert(key.node as usize);
        }
    }
    let endings = s
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| match n {
            Node::Ending(e) => Some(EndingReach {
                id: e.id.clone(),
                outcome: e.outcome,
                reachable: node_seen[i],
            }),
            Node::Step(_) => None,
        })
        .collect();
    let choices_without_rules = s
        .nodes
        .iter()
        .filter_map(|n| match n {
            Node::Step(st) => Some(st),
            Node::Ending(_) => None,
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
    })
}

/// Writes an optimum as replayable steps.
pub fn describe(s: &Scenario, graph: &StateGraph, o: &Optimum) -> Route {
    let mut steps = Vec::new();
    let mut last = o.start;
    for &(state, i) in &o.edges {
        let edge = graph.out(state)[i];
        let node = &s.nodes[graph.keys[state as usize].node as usize];
        let choice_id = |ci: usize| match node {
            Node::Step(st) => st.choices[ci].id.clone(),
            Node::Ending(_) => unreachable!("endings have no edges"),
        };
        match edge.action {
            Action::Answer(ci) => steps.push(choice_id(ci)),
            Action::CutIn(ci) => steps.push(format!("{CUT_IN_PREFIX}{}", choice_id(ci))),
            Action::Silence => steps.push(SILENCE_STEP.to_owned()),
            Action::Next => {}
        }
        last = edge.to;
    }
    let ending = &s.nodes[graph.keys[last as usize].node as usize];
    let outcome = match ending {
        Node::Ending(e) => e.outcome,
        Node::Step(_) => unreachable!("optimal routes end at an ending"),
    };
    let starting_patience = graph
        .patience_matters
        .then(|| graph.keys[o.start as usize].patience);
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

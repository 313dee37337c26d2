//! The state graph: every situation a run can be in (node, and the patience and variables
//! that some rule of the scenario actually reads) with every action a trainee can take, and the
//! exact best and worst scores over it (Dinkelbach's method: a few longest-path passes over the
//! acyclic graph, each exact).

use crate::engine::graph::cycles;
use crate::engine::playthrough::cuts_in;
use crate::engine::rulebook::{EffectRef, Rulebook};
use crate::engine::scenario::{Choice, Condition, Scenario, ScenarioNode};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

mod best_choices;
mod optimize;

pub(super) use best_choices::ChoiceSearch;

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
    /// Each state's node, patience (0 when no rule reads it) and variables (`vars.len()` values
    /// per state, in the order of `vars`), in the order the states were found.
    nodes: Vec<u32>,
    patience: Vec<i32>,
    var_values: Vec<i64>,
    /// `vars.len()`: how many values each state has.
    width: usize,
    lookup: StateTable,
    /// Edges of state `i` are `edges[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<usize>,
    edges: Vec<Edge>,
    /// States a run can begin in (one per starting mood that matters).
    starts: Vec<u32>,
    /// Variables some condition reads, in a fixed order.
    vars: Vec<String>,
    pub(super) patience_matters: bool,
    /// States in an order where every edge goes forward; `None` when the graph has a cycle.
    topo: Option<Vec<u32>>,
    pub(super) ending: Vec<bool>,
}

/// One thing a trainee can do at a step, worked out once per step rather than once per state.
struct Move<'s> {
    action: Action,
    when: Option<&'s Condition>,
    patience: i32,
    /// Changes to the variables some condition reads: (slot, change), sets before adds.
    changes: Vec<(usize, VarChange)>,
    goto: u32,
    earned: f64,
    at_stake: f64,
}

impl StateGraph {
    pub fn build(s: &Scenario, rulebook: &Rulebook) -> Result<Self, AnalysisError> {
        let mut read_vars = BTreeSet::new();
        let mut patience_matters = s.patience_out.is_some();
        for node in &s.nodes {
            if let ScenarioNode::Step(step) = node {
                for cond in step.choices.iter().filter_map(|c| c.when.as_ref()) {
                    cond.visit_vars(&mut |v| {
                        read_vars.insert(v.to_owned());
                    });
                    patience_matters |= cond.reads_patience();
                }
            }
        }
        let vars: Vec<String> = read_vars.into_iter().collect();
        // Worked out for each node when a state there is first met.
        let mut moves: Vec<Option<Vec<Move>>> = s.nodes.iter().map(|_| None).collect();
        let patience_out = s.patience_out.as_ref().map(|out| s.index[out] as u32);

        let mut graph = StateGraph {
            nodes: Vec::new(),
            patience: Vec::new(),
            var_values: Vec::new(),
            width: vars.len(),
            lookup: StateTable::new(),
            offsets: vec![0],
            edges: Vec::new(),
            starts: Vec::new(),
            vars: Vec::new(),
            patience_matters,
            topo: None,
            ending: Vec::new(),
        };
        let width = vars.len();
        let start = s.index[&s.start] as u32;
        let (lo, hi) = s.customer.mood;
        let moods: Vec<i32> = if patience_matters {
            (i32::from(lo)..=i32::from(hi.max(lo))).collect()
        } else {
            vec![0]
        };
        let zeros = vec![0; width];
        for mood in moods {
            let id = graph.intern(start, mood, &zeros)?;
            if !graph.starts.contains(&id) {
                graph.starts.push(id);
            }
        }
        // States are interned in discovery order, so walking them by index is a BFS.
        let mut here = vec![0i64; width];
        let mut there = vec![0i64; width];
        let mut next = 0;
        while next < graph.nodes.len() {
            let node = graph.nodes[next] as usize;
            let patience = graph.patience[next];
            here.copy_from_slice(&graph.var_values[next * width..(next + 1) * width]);
            graph
                .ending
                .push(matches!(s.nodes[node], ScenarioNode::Ending(_)));
            let var = |v: &str| {
                vars.iter()
                    .position(|name| name == v)
                    .map_or(0, |i| here[i])
            };
            // Whether each choice is offered here, asked once for its answer and its cut-in.
            let mut offered = (usize::MAX, false);
            let moves =
                moves[node].get_or_insert_with(|| node_moves(s, &s.nodes[node], rulebook, &vars));
            for m in moves.iter() {
                let ci = match m.action {
                    Action::Answer(ci) | Action::CutIn(ci) => ci,
                    Action::Silence | Action::Next => usize::MAX,
                };
                if ci != usize::MAX {
                    if offered.0 != ci {
                        offered = (ci, m.when.is_none_or(|c| c.holds(&var, patience)));
                    }
                    if !offered.1 {
                        continue;
                    }
                }
                // The state the action leads to, the way the runtime computes it.
                let after = (patience + m.patience).clamp(0, 100);
                there.copy_from_slice(&here);
                for &(i, change) in &m.changes {
                    there[i] = match change {
                        VarChange::Set(v) => v,
                        VarChange::Add(d) => there[i] + d,
                    };
                }
                let target = match patience_out {
                    Some(out) if after == 0 => out,
                    _ => m.goto,
                };
                let after = if graph.patience_matters { after } else { 0 };
                let to = graph.intern(target, after, &there)?;
                graph.edges.push(Edge {
                    action: m.action,
                    to,
                    earned: m.earned,
                    at_stake: m.at_stake,
                });
            }
            graph.offsets.push(graph.edges.len());
            next += 1;
        }
        graph.vars = vars;
        graph.topo = graph.topological_order();
        Ok(graph)
    }

    fn intern(&mut self, node: u32, patience: i32, vars: &[i64]) -> Result<u32, AnalysisError> {
        let hash = state_hash(node, patience, vars);
        if let Some(id) = self.find(hash, node, patience, vars) {
            return Ok(id);
        }
        if self.nodes.len() >= MAX_STATES {
            return Err(AnalysisError::TooManyStates);
        }
        let id = self.nodes.len() as u32;
        self.nodes.push(node);
        self.patience.push(patience);
        self.var_values.extend_from_slice(vars);
        if self.nodes.len() * 2 > self.lookup.slots.len() {
            let width = self.width;
            let table = &mut self.lookup;
            table.grow();
            for state in 0..id {
                let (n, p) = (self.nodes[state as usize], self.patience[state as usize]);
                let v = &self.var_values[state as usize * width..(state as usize + 1) * width];
                table.insert(state_hash(n, p, v), state);
            }
        }
        self.lookup.insert(hash, id);
        Ok(id)
    }

    fn find(&self, hash: u64, node: u32, patience: i32, vars: &[i64]) -> Option<u32> {
        let width = self.width;
        let slots = &self.lookup.slots;
        let mask = slots.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            let id = slots[slot];
            if id == StateTable::EMPTY {
                return None;
            }
            let i = id as usize;
            if self.nodes[i] == node
                && self.patience[i] == patience
                && self.var_values[i * width..(i + 1) * width]
                    .iter()
                    .zip(vars)
                    .all(|(a, b)| a == b)
            {
                return Some(id);
            }
            slot = (slot + 1) & mask;
        }
    }

    pub(super) fn out(&self, state: u32) -> &[Edge] {
        let i = state as usize;
        &self.edges[self.offsets[i]..self.offsets[i + 1]]
    }

    pub fn state_count(&self) -> usize {
        self.nodes.len()
    }

    /// The node (its index in the scenario) a state stands at.
    pub fn node_of(&self, state: u32) -> usize {
        self.nodes[state as usize] as usize
    }

    /// The customer's patience in a state (0 when no rule of the scenario reads it).
    pub(super) fn patience_of(&self, state: u32) -> i32 {
        self.patience[state as usize]
    }

    fn topological_order(&self) -> Option<Vec<u32>> {
        let n = self.nodes.len();
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
        let succ: Vec<Vec<usize>> = (0..self.nodes.len() as u32)
            .map(|v| self.out(v).iter().map(|e| e.to as usize).collect())
            .collect();
        let cycle = cycles(&succ).into_iter().next()?;
        let mut nodes: Vec<usize> = cycle.iter().map(|&st| self.node_of(st as u32)).collect();
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
        let node = s.node_index(node)? as u32;
        let patience = if self.patience_matters { patience } else { 0 };
        let vars: Vec<i64> = self
            .vars
            .iter()
            .map(|v| vars.get(v).copied().unwrap_or(0))
            .collect();
        self.find(state_hash(node, patience, &vars), node, patience, &vars)
    }

    /// Edges out of a state, for the debrief's look at the alternatives.
    pub fn edges(&self, state: u32) -> &[Edge] {
        self.out(state)
    }

    pub fn starts(&self) -> &[u32] {
        &self.starts
    }
}

/// A node's moves, in the order a state's edges are listed: a step that leads on by itself,
/// then each choice answered and (where it would interrupt) cut in with, then silence.
fn node_moves<'s>(
    s: &'s Scenario,
    node: &'s ScenarioNode,
    rulebook: &Rulebook,
    vars: &[String],
) -> Vec<Move<'s>> {
    let weigh = |effects: &mut dyn Iterator<Item = EffectRef>| {
        effects.fold((0.0, 0.0), |(n, d), e| {
            let w = rulebook.weight(e.rule) * e.points as f64;
            (if e.upholds { n + w } else { n }, d + w)
        })
    };
    let interruption_weight =
        rulebook.weight(&rulebook.interruption.rule) * rulebook.interruption.points as f64;
    let slot = |v: &str| vars.iter().position(|name| name == v);
    let mut out = Vec::new();
    let ScenarioNode::Step(step) = node else {
        return out;
    };
    let speaks = !step.lines.is_empty();
    if step.choices.is_empty()
        && let Some(next_node) = &step.next
    {
        out.push(Move {
            action: Action::Next,
            when: None,
            patience: 0,
            changes: Vec::new(),
            goto: s.index[next_node] as u32,
            earned: 0.0,
            at_stake: 0.0,
        });
    }
    for (ci, choice) in step.choices.iter().enumerate() {
        let (earned, at_stake) = weigh(&mut choice.rules.iter().map(EffectRef::from));
        let changes = changes(choice, &slot);
        let goto = s.index[&choice.goto] as u32;
        out.push(Move {
            action: Action::Answer(ci),
            when: choice.when.as_ref(),
            patience: choice.patience,
            changes: changes.clone(),
            goto,
            earned,
            at_stake,
        });
        if speaks && cuts_in(s, choice) {
            out.push(Move {
                action: Action::CutIn(ci),
                when: choice.when.as_ref(),
                patience: choice.patience + rulebook.interruption.patience,
                changes,
                goto,
                earned,
                at_stake: at_stake + interruption_weight,
            });
        }
    }
    let leads_on = step.choices.is_empty() && step.next.is_some();
    if let Some(silence) = step.silence.as_ref().filter(|_| !leads_on) {
        let (effects, penalty) = rulebook.silence_effects(silence);
        let (earned, at_stake) = weigh(&mut effects.into_iter());
        out.push(Move {
            action: Action::Silence,
            when: None,
            patience: silence.patience + penalty,
            changes: Vec::new(),
            goto: s.index[&silence.goto] as u32,
            earned,
            at_stake,
        });
    }
    out
}

#[derive(Clone, Copy)]
enum VarChange {
    Set(i64),
    Add(i64),
}

/// A choice's changes to the variables that matter (`slot` finds them), sets before adds.
fn changes(choice: &Choice, slot: &dyn Fn(&str) -> Option<usize>) -> Vec<(usize, VarChange)> {
    choice
        .set
        .iter()
        .filter_map(|(k, v)| Some((slot(k)?, VarChange::Set(*v))))
        .chain(
            choice
                .add
                .iter()
                .filter_map(|(k, v)| Some((slot(k)?, VarChange::Add(*v)))),
        )
        .collect()
}

fn state_hash(node: u32, patience: i32, vars: &[i64]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = (u64::from(node) << 32 | u64::from(patience as u32)).wrapping_mul(K);
    for &v in vars {
        h = (h.rotate_left(26) ^ v as u64).wrapping_mul(K);
    }
    // MurmurHash3's finaliser: every bit of the input reaches the low bits the table uses.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Open addressing over state ids, hashed by (node, patience, variables); the states
/// themselves live in the graph's columns, so looking one up allocates nothing.
struct StateTable {
    /// State ids, `u32::MAX` where empty; the length is a power of two.
    slots: Vec<u32>,
}

impl StateTable {
    const EMPTY: u32 = u32::MAX;

    fn new() -> Self {
        StateTable {
            slots: vec![Self::EMPTY; 64],
        }
    }

    fn grow(&mut self) {
        self.slots = vec![Self::EMPTY; self.slots.len() * 2];
    }

    fn insert(&mut self, hash: u64, id: u32) {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        while self.slots[i] != Self::EMPTY {
            i = (i + 1) & mask;
        }
        self.slots[i] = id;
    }
}

/// An optimal route: its final ratio (0–1), where it starts, and each (state, edge) taken.
#[derive(Debug, Clone)]
pub struct Optimum {
    pub ratio: f64,
    pub start: u32,
    pub edges: Vec<(u32, usize)>,
}

//! The state graph: every situation a run can be in (node, and the patience and variables
//! that some rule of the scenario actually reads) with every action a trainee can take, and the
//! exact best and worst scores over it (Dinkelbach's method: a few longest-path passes over the
//! acyclic graph, each exact).

use crate::engine::graph::cycles;
use crate::engine::playthrough::cuts_in;
use crate::engine::rulebook::{EffectRef, Rulebook};
use crate::engine::scenario::{Choice, Scenario, ScenarioNode};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

mod optimize;

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
pub(super) struct Key {
    pub(super) node: u32,
    pub(super) patience: i32,
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
    pub(super) keys: Vec<Key>,
    lookup: HashMap<Key, u32>,
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
        let var_names = vars.clone();
        let var_slot: HashMap<&str, usize> = var_names
            .iter()
            .enumerate()
            .map(|(i, v)| (v.as_str(), i))
            .collect();
        let weigh = |effects: &mut dyn Iterator<Item = EffectRef>| {
            effects.fold((0.0, 0.0), |(n, d), e| {
                let w = rulebook.weight(e.rule) * e.points as f64;
                (if e.upholds { n + w } else { n }, d + w)
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
            graph.ending.push(matches!(node, ScenarioNode::Ending(_)));
            if let ScenarioNode::Step(step) = node {
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
                    let (earned, at_stake) = weigh(&mut choice.rules.iter().map(EffectRef::from));
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
                    if speaks && cuts_in(s, choice) {
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
                    let (effects, penalty) = rulebook.silence_effects(silence);
                    let (earned, at_stake) = weigh(&mut effects.into_iter());
                    let patience = silence.patience + penalty;
                    let to = graph.follow(s, &key, patience, &[], &var_slot, &silence.goto)?;
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

    pub(super) fn out(&self, state: u32) -> &[Edge] {
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

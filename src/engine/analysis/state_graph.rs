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
    /// Each state's place (its node and variables) and patience (0 when no rule reads it), in
    /// the order the states were found.
    place: Vec<u32>,
    patience: Vec<i32>,
    /// Each place's node and variables (`vars.len()` values each, in the order of `vars`).
    place_node: Vec<u32>,
    place_vars: Vec<i64>,
    /// (node, variables) → place, and (place, patience) → state.
    places: PlaceTable,
    states: StateTable,
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

        let width = vars.len();
        let mut graph = StateGraph {
            place: Vec::new(),
            patience: Vec::new(),
            place_node: Vec::new(),
            place_vars: Vec::new(),
            places: PlaceTable::new(width),
            states: StateTable::new(if patience_matters { 101 } else { 1 }),
            offsets: vec![0],
            edges: Vec::new(),
            starts: Vec::new(),
            vars: Vec::new(),
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
        let start_place = graph.intern_place(start, &vec![0; width]);
        for mood in moods {
            let id = graph.intern(start_place, mood)?;
            if !graph.starts.contains(&id) {
                graph.starts.push(id);
            }
        }
        // Per place and move, the place the move leads to: as written, and when it leaves the
        // customer with no patience (then it goes to `patience_out`). Found once per place.
        const UNKNOWN: u32 = u32::MAX;
        let mut leads_to: Vec<Vec<[u32; 2]>> = Vec::new();
        // States are interned in discovery order, so walking them by index is a BFS.
        let mut here = vec![0i64; width];
        let mut there = vec![0i64; width];
        let mut next = 0;
        while next < graph.place.len() {
            let place = graph.place[next] as usize;
            let node = graph.place_node[place] as usize;
            let patience = graph.patience[next];
            here.copy_from_slice(&graph.place_vars[place * width..(place + 1) * width]);
            graph
                .ending
                .push(matches!(s.nodes[node], ScenarioNode::Ending(_)));
            let var = |v: &str| {
                vars.iter()
                    .position(|name| name == v)
                    .map_or(0, |i| here[i])
            };
            let moves =
                moves[node].get_or_insert_with(|| node_moves(s, &s.nodes[node], rulebook, &vars));
            if leads_to.len() <= place {
                leads_to.resize_with(place + 1, Vec::new);
            }
            if leads_to[place].len() < moves.len() {
                leads_to[place] = vec![[UNKNOWN; 2]; moves.len()];
            }
            // Whether each choice is offered here, asked once for its answer and its cut-in.
            let mut offered = (usize::MAX, false);
            for (k, m) in moves.iter().enumerate() {
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
                let out = patience_out.filter(|_| after == 0);
                let to_place = &mut leads_to[place][k][usize::from(out.is_some())];
                if *to_place == UNKNOWN {
                    there.copy_from_slice(&here);
                    for &(i, change) in &m.changes {
                        there[i] = match change {
                            VarChange::Set(v) => v,
                            VarChange::Add(d) => there[i] + d,
                        };
                    }
                    *to_place = graph.intern_place(out.unwrap_or(m.goto), &there);
                }
                let after = if graph.patience_matters { after } else { 0 };
                let to = graph.intern(*to_place, after)?;
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

    /// The place of (node, variables), a new one if it is not known yet.
    fn intern_place(&mut self, node: u32, vars: &[i64]) -> u32 {
        let hash = place_hash(node, vars);
        if let Some(place) = self.find_place(hash, node, vars) {
            return place;
        }
        let place = self.place_node.len() as u32;
        self.place_node.push(node);
        self.place_vars.extend_from_slice(vars);
        self.places
            .insert(hash, place, &self.place_node, &self.place_vars);
        place
    }

    fn find_place(&self, hash: u64, node: u32, vars: &[i64]) -> Option<u32> {
        let width = self.places.width;
        let slots = &self.places.slots;
        let mask = slots.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            let place = slots[slot];
            if place == PlaceTable::EMPTY {
                return None;
            }
            let i = place as usize;
            if self.place_node[i] == node && self.place_vars[i * width..(i + 1) * width] == *vars {
                return Some(place);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The state of (place, patience), a new one if it is not known yet.
    fn intern(&mut self, place: u32, patience: i32) -> Result<u32, AnalysisError> {
        if let Some(id) = self.states.find(place, patience) {
            return Ok(id);
        }
        if self.place.len() >= MAX_STATES {
            return Err(AnalysisError::TooManyStates);
        }
        let id = self.place.len() as u32;
        self.place.push(place);
        self.patience.push(patience);
        self.states.insert(place, patience, id);
        Ok(id)
    }

    pub(super) fn out(&self, state: u32) -> &[Edge] {
        let i = state as usize;
        &self.edges[self.offsets[i]..self.offsets[i + 1]]
    }

    pub fn state_count(&self) -> usize {
        self.place.len()
    }

    /// The node (its index in the scenario) a state stands at.
    pub fn node_of(&self, state: u32) -> usize {
        self.place_node[self.place[state as usize] as usize] as usize
    }

    /// The customer's patience in a state (0 when no rule of the scenario reads it).
    pub(super) fn patience_of(&self, state: u32) -> i32 {
        self.patience[state as usize]
    }

    fn topological_order(&self) -> Option<Vec<u32>> {
        let n = self.state_count();
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
        let succ: Vec<Vec<usize>> = (0..self.state_count() as u32)
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
        let place = self.find_place(place_hash(node, &vars), node, &vars)?;
        self.states.find(place, patience)
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

/// MurmurHash3's finaliser: every bit of the input reaches the low bits the tables use.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

fn place_hash(node: u32, vars: &[i64]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = u64::from(node).wrapping_mul(K);
    for &v in vars {
        h = (h.rotate_left(26) ^ v as u64).wrapping_mul(K);
    }
    mix(h)
}

/// Open addressing over places, hashed by (node, variables); the places themselves live in
/// the graph's columns, so looking one up allocates nothing.
struct PlaceTable {
    /// Place ids, `EMPTY` where empty; the length is a power of two.
    slots: Vec<u32>,
    /// Variables per place.
    width: usize,
}

impl PlaceTable {
    const EMPTY: u32 = u32::MAX;

    fn new(width: usize) -> Self {
        PlaceTable {
            slots: vec![Self::EMPTY; 16],
            width,
        }
    }

    /// Adds `place`, the last of `nodes`; grows the table (rehashing every place) past half full.
    fn insert(&mut self, hash: u64, place: u32, nodes: &[u32], vars: &[i64]) {
        if nodes.len() * 2 > self.slots.len() {
            self.slots = vec![Self::EMPTY; self.slots.len() * 2];
            let w = self.width;
            for (p, &node) in nodes.iter().enumerate().take(place as usize) {
                self.put(place_hash(node, &vars[p * w..(p + 1) * w]), p as u32);
            }
        }
        self.put(hash, place);
    }

    fn put(&mut self, hash: u64, place: u32) {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        while self.slots[i] != Self::EMPTY {
            i = (i + 1) & mask;
        }
        self.slots[i] = place;
    }
}

/// (place, patience) → state. A place's states are mostly found in a row of cells, one per
/// patience (0–100, or just 0 when patience does not matter), so most lookups read one cell.
/// Rows are given to places only while the cells stay under `CELLS_PER_STATE` per state found
/// (a scenario whose places each hold a few states would otherwise fill memory with empty
/// cells); the other places' states go in a hash table.
struct StateTable {
    row_len: usize,
    /// Per place: `UNSEEN` (no state yet), `HASHED`, or where its row starts in `cells`.
    rows: Vec<u32>,
    /// State ids, `NONE` where there is none.
    cells: Vec<u32>,
    /// Open addressing over (place, patience) packed in one key, with the state id.
    hashed: Vec<(u64, u32)>,
    hashed_len: usize,
    states: usize,
}

impl StateTable {
    const NONE: u32 = u32::MAX;
    const UNSEEN: u32 = u32::MAX;
    const HASHED: u32 = u32::MAX - 1;
    const EMPTY_KEY: u64 = u64::MAX;
    const CELLS_PER_STATE: usize = 8;

    fn new(row_len: usize) -> Self {
        StateTable {
            row_len,
            rows: Vec::new(),
            cells: Vec::new(),
            hashed: vec![(Self::EMPTY_KEY, 0); 16],
            hashed_len: 0,
            states: 0,
        }
    }

    /// The cell of (place, patience), if the place has a row that holds that patience.
    fn cell(&self, row: u32, patience: i32) -> Option<usize> {
        let p = usize::try_from(patience)
            .ok()
            .filter(|&p| p < self.row_len)?;
        (row != Self::HASHED).then(|| row as usize + p)
    }

    fn key(place: u32, patience: i32) -> u64 {
        u64::from(place) << 32 | u64::from(patience as u32)
    }

    fn find(&self, place: u32, patience: i32) -> Option<u32> {
        let row = self
            .rows
            .get(place as usize)
            .copied()
            .unwrap_or(Self::UNSEEN);
        if row == Self::UNSEEN {
            return None;
        }
        if let Some(cell) = self.cell(row, patience) {
            let id = self.cells[cell];
            return (id != Self::NONE).then_some(id);
        }
        let key = Self::key(place, patience);
        let mask = self.hashed.len() - 1;
        let mut i = mix(key) as usize & mask;
        loop {
            let (k, id) = self.hashed[i];
            if k == key {
                return Some(id);
            }
            if k == Self::EMPTY_KEY {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds a state not in the table.
    fn insert(&mut self, place: u32, patience: i32, id: u32) {
        self.states += 1;
        let place = place as usize;
        if self.rows.len() <= place {
            self.rows.resize(place + 1, Self::UNSEEN);
        }
        if self.rows[place] == Self::UNSEEN {
            let budget = Self::CELLS_PER_STATE * self.states + 1024;
            self.rows[place] = if self.cells.len() + self.row_len <= budget {
                let row = self.cells.len() as u32;
                self.cells
                    .resize(self.cells.len() + self.row_len, Self::NONE);
                row
            } else {
                Self::HASHED
            };
        }
        if let Some(cell) = self.cell(self.rows[place], patience) {
            self.cells[cell] = id;
            return;
        }
        self.hashed_len += 1;
        if self.hashed_len * 2 > self.hashed.len() {
            let bigger = vec![(Self::EMPTY_KEY, 0); self.hashed.len() * 2];
            let old = std::mem::replace(&mut self.hashed, bigger);
            for (k, v) in old.into_iter().filter(|&(k, _)| k != Self::EMPTY_KEY) {
                self.put(k, v);
            }
        }
        self.put(Self::key(place as u32, patience), id);
    }

    fn put(&mut self, key: u64, id: u32) {
        let mask = self.hashed.len() - 1;
        let mut i = mix(key) as usize & mask;
        while self.hashed[i].0 != Self::EMPTY_KEY {
            i = (i + 1) & mask;
        }
        self.hashed[i] = (key, id);
    }
}

/// An optimal route: its final ratio (0–1), where it starts, and each (state, edge) taken.
#[derive(Debug, Clone)]
pub struct Optimum {
    pub ratio: f64,
    pub start: u32,
    pub edges: Vec<(u32, usize)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Many places with a few states each use up the rows' budget, so later places' states are
    /// hashed, as is any patience outside 0–100; every state is found where it was put.
    #[test]
    fn the_state_table_finds_each_state_in_rows_and_in_the_hash() {
        let mut table = StateTable::new(101);
        let mut known = HashMap::new();
        for place in 0..5000u32 {
            for patience in [0, 50, 100, 101, -1, (place % 97) as i32] {
                if known.contains_key(&(place, patience)) {
                    continue;
                }
                assert_eq!(table.find(place, patience), None);
                let id = known.len() as u32;
                table.insert(place, patience, id);
                known.insert((place, patience), id);
            }
        }
        assert!(table.rows.contains(&StateTable::HASHED));
        assert!(table.rows.iter().any(|&r| r < StateTable::HASHED));
        for (&(place, patience), &id) in &known {
            assert_eq!(table.find(place, patience), Some(id));
        }
        assert_eq!(table.find(5000, 0), None);
        assert_eq!(table.find(0, 7), None);
        assert_eq!(table.find(4999, 7), None);
    }
}

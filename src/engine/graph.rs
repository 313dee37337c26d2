//! The scenario as a graph of nodes: who leads to whom, and the loops in it. Shared by the
//! checker (loops with no choice) and the analysis (loops that make no progress).

use super::scenario::{Scenario, ScenarioNode};
use std::collections::HashMap;

/// For each node, the nodes it can lead to directly.
pub fn node_successors(s: &Scenario, index: &HashMap<String, usize>) -> Vec<Vec<usize>> {
    s.nodes
        .iter()
        .map(|node| match node {
            ScenarioNode::Ending(_) => Vec::new(),
            ScenarioNode::Step(st) => st
                .choices
                .iter()
                .map(|c| c.goto.as_str())
                .chain(st.silence.iter().map(|x| x.goto.as_str()))
                .chain(st.next.iter().map(String::as_str))
                .filter_map(|t| index.get(t).copied())
                .collect(),
        })
        .collect()
}

/// One representative cycle per strongly connected component that has one (Tarjan).
pub fn cycles(succ: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = succ.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // Iterative Tarjan: (node, next edge to look at).
        let mut work = vec![(root, 0usize)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut ei)) = work.last_mut() {
            if let Some(&w) = succ[v].get(*ei) {
                *ei += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut comp = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp.push(w);
                        if w == v {
                            break;
                        }
                    }
                    let self_loop = succ[v].contains(&v);
                    if comp.len() > 1 || self_loop {
                        comp.reverse();
                        out.push(comp);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cycles_including_self_loops() {
        let succ = vec![vec![1], vec![2], vec![0], vec![3], vec![]];
        let found = cycles(&succ);
        assert_eq!(found.len(), 2);
        assert_eq!(found.iter().map(Vec::len).collect::<Vec<_>>(), [3, 1]);
        assert!(cycles(&[vec![1], vec![]]).is_empty());
    }
}

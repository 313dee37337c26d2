//! Best and worst final scores over the state graph, and route counts. Scores are ratios
//! (points upheld over points at stake), so the optimum is found with Dinkelbach's method: each
//! pass is a longest path over the acyclic graph, exact; a few passes settle the ratio.

use super::{Edge, Optimum, StateGraph};
use crate::engine::score::ratio_score;

impl StateGraph {
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
        self.optimize_into(from, earned, at_stake, maximize, &|_| true)
    }

    /// `optimize`, over the routes that end in an ending state `into` accepts (the best score
    /// with which a customer can still be lost, say).
    pub fn optimize_into(
        &self,
        from: &[u32],
        earned: f64,
        at_stake: f64,
        maximize: bool,
        into: &dyn Fn(u32) -> bool,
    ) -> Option<Optimum> {
        let topo = self.topo.as_ref()?;
        let sign = if maximize { 1.0 } else { -1.0 };
        let mut lambda = if maximize { 0.0 } else { 1.0 };
        let mut best: Option<Optimum> = None;
        for _ in 0..100 {
            let (_, route) = self.longest(
                topo,
                from,
                into,
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
            let (_, route) = self.longest(topo, from, into, |e| -e.at_stake, 0.0)?;
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
        into: &dyn Fn(u32) -> bool,
        weight: impl Fn(&Edge) -> f64,
        offset: f64,
    ) -> Option<(f64, (u32, Vec<(u32, usize)>))> {
        let n = self.state_count();
        let mut value = vec![f64::NEG_INFINITY; n];
        let mut pick = vec![usize::MAX; n];
        // Only what follows the earliest of `from` in topological order can be reached from it.
        let first = topo.iter().position(|s| from.contains(s))?;
        for &v in topo[first..].iter().rev() {
            let vi = v as usize;
            if self.ending[vi] {
                if into(v) {
                    value[vi] = 0.0;
                }
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
        let mut count = vec![0u128; self.state_count()];
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
}

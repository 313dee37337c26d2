//! Answers that give themselves away. A trainee should find the best choice by the service
//! rules, not by its surface: here, per decision step, whether the best choice is the strictly
//! longest text, the only one that apologises or thanks, or (where the order is pinned) always
//! in the same place.

use super::state_graph::{Action, ChoiceSearch, StateGraph};
use crate::engine::scenario::{ChoiceOrder, Gender, Scenario, ScenarioNode, Step};
use crate::engine::text::{Forms, render};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// Above this share of decision steps where the best choice is the longest, a library (or a
/// scenario) teaches "pick the long one".
pub const LONGEST_SHARE_LIMIT: f64 = 0.4;

/// Above this share of a library's decision steps (ten or more) where the best choice has the
/// same place by length (the longest, the second longest…), a trainee can pick by length.
pub const RANK_SHARE_LIMIT: f64 = 0.6;

/// Words that apologise or thank, per language (matched in lower case, anywhere in the text).
const POLITE: [(&str, &[&str]); 3] = [
    ("en", &["sorry", "apolog", "thank"]),
    (
        "ar",
        &[
            "آسف",
            "أعتذر",
            "اعتذار",
            "نعتذر",
            "عذراً",
            "عذرا",
            "متأسف",
            "شكراً",
            "شكرا",
            "أشكر",
            "نشكر",
            "ممتن",
        ],
    ),
    (
        "fa",
        &[
            "متأسف",
            "متاسف",
            "ببخشید",
            "عذر",
            "پوزش",
            "ممنون",
            "متشکر",
            "سپاس",
            "مرسی",
            "تشکر",
        ],
    ),
];

/// What one decision step gives away.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepTells {
    pub node: String,
    /// The choices from which the best final score is still reachable (several when tied).
    pub best: Vec<String>,
    /// Languages in which a best choice is the strictly longest text.
    pub longest_in: Vec<String>,
    /// Per language, the best choice's place by length among the texts shown (1: longest).
    pub length_place: BTreeMap<String, usize>,
    /// Languages in which a best choice is the only one that apologises or thanks.
    pub only_polite_in: Vec<String>,
    /// Where the best choice stands (1-based) when the step's order is pinned.
    pub pinned_position: Option<usize>,
}

/// A scenario's tells, step by step, with the figures `check` adds up for a library.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Tells {
    pub steps: Vec<StepTells>,
    /// Decision steps (two or more choices, not all equally good) analysed.
    pub decision_steps: usize,
    /// Per language: decision steps written in it.
    pub decision_steps_in: BTreeMap<String, usize>,
    /// Per language: decision steps where a best choice is the strictly longest.
    pub best_is_longest: BTreeMap<String, usize>,
    /// Per language: decision steps where a best choice is the only polite one.
    pub best_is_only_polite: BTreeMap<String, usize>,
    /// Per language: how many decision steps have the best choice at each place by length
    /// (1: the longest text shown, 2: the second longest…).
    pub best_length_rank: BTreeMap<String, BTreeMap<usize, usize>>,
    /// Set when two or more pinned steps all put the best choice at this position.
    pub same_pinned_position: Option<usize>,
}

impl Tells {
    /// The share (0–1) of decision steps where the best choice is the longest, in `lang`.
    pub fn longest_share(&self, lang: &str) -> f64 {
        share(
            self.best_is_longest.get(lang),
            self.decision_steps_in.get(lang).copied().unwrap_or(0),
        )
    }

    /// The worst language's share, and that language.
    pub fn worst_longest_share(&self) -> Option<(&str, f64)> {
        self.best_is_longest
            .keys()
            .map(|l| (l.as_str(), self.longest_share(l)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// Adds another scenario's figures (for a library's totals).
    pub fn add(&mut self, other: &Tells) {
        self.decision_steps += other.decision_steps;
        for (l, n) in &other.decision_steps_in {
            *self.decision_steps_in.entry(l.clone()).or_default() += n;
        }
        for (l, n) in &other.best_is_longest {
            *self.best_is_longest.entry(l.clone()).or_default() += n;
        }
        for (l, n) in &other.best_is_only_polite {
            *self.best_is_only_polite.entry(l.clone()).or_default() += n;
        }
        for (l, ranks) in &other.best_length_rank {
            let mine = self.best_length_rank.entry(l.clone()).or_default();
            for (rank, n) in ranks {
                *mine.entry(*rank).or_default() += n;
            }
        }
    }

    /// The place by length the best choice holds most often in `lang`, and its share, when
    /// that share is above `RANK_SHARE_LIMIT` over ten or more decision steps.
    pub fn dominant_rank(&self, lang: &str) -> Option<(usize, f64)> {
        let ranks = self.best_length_rank.get(lang)?;
        let steps: usize = ranks.values().sum();
        let (rank, n) = ranks.iter().max_by_key(|(_, n)| **n)?;
        let share = *n as f64 / steps as f64;
        (steps >= 10 && share > RANK_SHARE_LIMIT).then_some((*rank, share))
    }
}

fn share(n: Option<&usize>, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        *n.unwrap_or(&0) as f64 / of as f64
    }
}

/// Every decision step's tells. The best choice is judged where the step is first reached (the
/// run's most common way in), by the best final score still reachable after each choice.
pub fn tells(s: &Scenario, graph: &StateGraph) -> Tells {
    let langs = languages(s);
    let mut out = Tells::default();
    let mut pinned_positions = Vec::new();
    // The first state (in the order the graph found them) at each node.
    let mut first_state = vec![None; s.nodes.len()];
    for st in 0..graph.state_count() as u32 {
        first_state[graph.node_of(st)].get_or_insert(st);
    }
    let mut search = graph.choice_search();
    for (ni, node) in s.nodes.iter().enumerate() {
        let ScenarioNode::Step(step) = node else {
            continue;
        };
        if step.choices.len() < 2 {
            continue;
        }
        let Some(best) =
            first_state[ni].and_then(|state| best_choices(graph, search.as_mut(), state, step))
        else {
            continue;
        };
        out.decision_steps += 1;
        let mut tell = StepTells {
            node: step.id.clone(),
            best: best.iter().map(|&i| step.choices[i].id.clone()).collect(),
            longest_in: Vec::new(),
            length_place: BTreeMap::new(),
            only_polite_in: Vec::new(),
            pinned_position: None,
        };
        for lang in &langs {
            *out.decision_steps_in.entry(lang.clone()).or_default() += 1;
            out.best_is_longest.entry(lang.clone()).or_default();
            out.best_is_only_polite.entry(lang.clone()).or_default();
            let shown = shown_texts(step, &best, lang);
            if let Some(rank) = best_length_rank(&shown) {
                tell.length_place.insert(lang.clone(), rank);
                *out.best_length_rank
                    .entry(lang.clone())
                    .or_default()
                    .entry(rank)
                    .or_default() += 1;
            }
            if best_is_longest(&shown) {
                tell.longest_in.push(lang.clone());
                *out.best_is_longest.entry(lang.clone()).or_default() += 1;
            }
            let polite: Vec<&Shown> = shown.iter().filter(|c| c.polite).collect();
            if polite.len() == 1 && polite[0].best {
                tell.only_polite_in.push(lang.clone());
                *out.best_is_only_polite.entry(lang.clone()).or_default() += 1;
            }
        }
        if step.order == ChoiceOrder::Pinned && best.len() == 1 {
            tell.pinned_position = Some(best[0] + 1);
            pinned_positions.push(best[0] + 1);
        }
        out.steps.push(tell);
    }
    if pinned_positions.len() >= 2 && pinned_positions.iter().all(|&p| p == pinned_positions[0]) {
        out.same_pinned_position = Some(pinned_positions[0]);
    }
    out
}

/// One text a trainee can see at a step: choices written alike (offered under different
/// conditions, so the customer's mood decides where they lead) are one text on screen.
struct Shown {
    /// The text's length as the trainee reads it, in characters, once per combination of
    /// gender forms.
    lengths: Vec<usize>,
    /// Whether it apologises or thanks (in some combination of gender forms).
    polite: bool,
    /// Whether any choice with this text is a best one.
    best: bool,
}

/// The step's choice texts in `lang`, alike ones merged, as shown to a trainee.
fn shown_texts(step: &Step, best: &[usize], lang: &str) -> Vec<Shown> {
    let mut shown: Vec<(&str, Shown)> = Vec::new();
    for (i, choice) in step.choices.iter().enumerate() {
        let raw = choice.text.get(lang);
        let is_best = best.contains(&i);
        match shown.iter_mut().find(|(t, _)| *t == raw) {
            Some((_, s)) => s.best |= is_best,
            None => {
                let renderings = renderings(raw);
                let mut distinct: Vec<&str> = renderings.iter().map(|r| r.as_ref()).collect();
                distinct.dedup();
                shown.push((
                    raw,
                    Shown {
                        lengths: renderings.iter().map(|r| r.chars().count()).collect(),
                        polite: distinct.iter().any(|r| is_polite(r, lang)),
                        best: is_best,
                    },
                ))
            }
        }
    }
    shown.into_iter().map(|(_, s)| s).collect()
}

/// `raw` with its gender forms chosen every way a trainee may meet it (the `{…}` markup is not
/// on screen, so it must not count towards a text's length). A text with no markup reads the
/// same every way, so it is given once for each way without rendering it.
fn renderings(raw: &str) -> Vec<Cow<'_, str>> {
    let forms = [Gender::Female, Gender::Male].iter().flat_map(|&customer| {
        [Gender::Female, Gender::Male].map(|agent| Forms {
            customer: Some(customer),
            agent: Some(agent),
        })
    });
    if !raw.contains('{') {
        return forms.map(|_| Cow::Borrowed(raw)).collect();
    }
    let no_values = BTreeMap::new();
    forms
        .map(|forms| Cow::Owned(render(raw, &no_values, forms)))
        .collect()
}

/// The best text's place by length among those shown (1: the longest), by the mean length of
/// its renderings; the best-placed of tied best texts.
fn best_length_rank(shown: &[Shown]) -> Option<usize> {
    let mean = |s: &Shown| s.lengths.iter().sum::<usize>() as f64 / s.lengths.len().max(1) as f64;
    shown
        .iter()
        .filter(|s| s.best)
        .map(|b| 1 + shown.iter().filter(|o| mean(o) > mean(b)).count())
        .min()
}

/// Whether, in some rendering, a best text is strictly longer than every other text shown.
fn best_is_longest(shown: &[Shown]) -> bool {
    let renderings = shown.first().map_or(0, |s| s.lengths.len());
    (0..renderings).any(|r| {
        let len = |s: &Shown| s.lengths[r];
        let Some(longest) = shown.iter().max_by_key(|s| len(s)) else {
            return false;
        };
        longest.best && shown.iter().filter(|s| len(s) == len(longest)).count() == 1
    })
}

/// The choices (indices) that keep the best final score reachable, where the step is first
/// reached; `None` if the step is never reached, or no choice there is better than another.
/// `search` is `None` when the graph has a cycle: then no route has a score.
fn best_choices(
    graph: &StateGraph,
    search: Option<&mut ChoiceSearch>,
    state: u32,
    step: &Step,
) -> Option<Vec<usize>> {
    let best = match search?.best(state)? {
        Some(best) => best,
        None => best_choices_one_by_one(graph, state),
    };
    (!best.is_empty() && best.len() < step.choices.len()).then_some(best)
}

/// The same, with one ratio search per choice: for a step too close to call from one search.
fn best_choices_one_by_one(graph: &StateGraph, state: u32) -> Vec<usize> {
    let reach: Vec<(usize, f64)> = graph
        .edges(state)
        .iter()
        .filter_map(|e| match e.action {
            Action::Answer(ci) => graph
                .optimize(&[e.to], e.earned, e.at_stake, true)
                .map(|o| (ci, o.ratio)),
            _ => None,
        })
        .collect();
    let top = reach.iter().map(|r| r.1).fold(f64::NEG_INFINITY, f64::max);
    reach
        .iter()
        .filter(|r| r.1 >= top - 1e-9)
        .map(|r| r.0)
        .collect()
}

fn is_polite(text: &str, lang: &str) -> bool {
    let lower = text.to_lowercase();
    POLITE
        .iter()
        .find(|(l, _)| *l == lang)
        .is_some_and(|(_, words)| words.iter().any(|w| lower.contains(w)))
}

/// The languages the scenario's choices are written in (English if they are single strings).
fn languages(s: &Scenario) -> BTreeSet<String> {
    let langs: BTreeSet<&str> = s
        .nodes
        .iter()
        .filter_map(|n| match n {
            ScenarioNode::Step(st) => Some(st),
            ScenarioNode::Ending(_) => None,
        })
        .flat_map(|st| &st.choices)
        .filter_map(|c| c.text.langs())
        .flatten()
        .collect();
    let mut langs: BTreeSet<String> = langs.into_iter().map(str::to_owned).collect();
    if langs.is_empty() {
        langs.insert("en".to_owned());
    }
    langs
}

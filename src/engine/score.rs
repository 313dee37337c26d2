//! How points become scores. One definition shared by the runtime and the analysis, so the
//! score a trainee sees is the score the analysis predicts.
//!
//! A rule's score is the share of its points that were upheld. The overall score is the share of
//! all points upheld, each rule's points weighted by the rulebook. A run that touched no rule has
//! nothing held against it and scores 100.

use super::rulebook::Rulebook;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Score (0–100) for `earned` out of `at_stake` weighted points.
pub fn ratio_score(earned: f64, at_stake: f64) -> f64 {
    if at_stake <= 0.0 {
        100.0
    } else {
        (100.0 * earned / at_stake).clamp(0.0, 100.0)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulePoints {
    pub upheld: u32,
    pub broken: u32,
}

/// Points per rule accumulated over a run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub rules: BTreeMap<String, RulePoints>,
}

impl Tally {
    pub fn add(&mut self, rule: &str, points: u32, upholds: bool) {
        let entry = self.rules.entry(rule.to_owned()).or_default();
        if upholds {
            entry.upheld += points;
        } else {
            entry.broken += points;
        }
    }

    /// Weighted (earned, at stake) points.
    pub fn weighted(&self, rulebook: &Rulebook) -> (f64, f64) {
        self.rules.iter().fold((0.0, 0.0), |(n, d), (id, p)| {
            let w = rulebook.weight(id);
            (
                n + w * p.upheld as f64,
                d + w * (p.upheld + p.broken) as f64,
            )
        })
    }

    pub fn overall(&self, rulebook: &Rulebook) -> f64 {
        let (n, d) = self.weighted(rulebook);
        ratio_score(n, d)
    }

    /// The tally of a run left before its ending: as the customer was left, without an answer,
    /// so the rulebook's silence penalty counts once more. Giving up never keeps a score.
    pub fn given_up(&self, rulebook: &Rulebook) -> Tally {
        let mut tally = self.clone();
        let p = &rulebook.silence;
        tally.add(&p.rule, p.points, false);
        tally
    }

    pub fn rule_scores(&self) -> Vec<RuleScore> {
        self.rules
            .iter()
            .map(|(id, p)| RuleScore {
                rule: id.clone(),
                upheld: p.upheld,
                broken: p.broken,
                score: ratio_score(p.upheld as f64, (p.upheld + p.broken) as f64),
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleScore {
    pub rule: String,
    pub upheld: u32,
    pub broken: u32,
    pub score: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::load::default_rulebook;

    #[test]
    fn scores_are_weighted_shares_of_points() {
        let book = default_rulebook();
        let mut tally = Tally::default();
        tally.add("listen", 3, true);
        tally.add("listen", 1, false);
        // honest-promises weighs 1.5 in the default rulebook
        tally.add("honest-promises", 2, false);
        let scores = tally.rule_scores();
        assert_eq!(scores[0].rule, "honest-promises");
        assert_eq!(scores[0].score, 0.0);
        assert_eq!(scores[1].score, 75.0);
        let expected = 100.0 * 3.0 / (4.0 + 1.5 * 2.0);
        assert!((tally.overall(&book) - expected).abs() < 1e-9);
    }

    #[test]
    fn nothing_at_stake_scores_full_marks() {
        assert_eq!(Tally::default().overall(&default_rulebook()), 100.0);
        assert_eq!(ratio_score(0.0, 0.0), 100.0);
    }
}

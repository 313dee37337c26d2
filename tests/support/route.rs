#![allow(dead_code)]
//! A best or worst route as `rapport analyze --format json` reports it, ready to replay with
//! `rapport play --seed … --choices …`.

use serde_json::Value;

pub struct Route {
    pub seed: String,
    /// The steps joined for `--choices`.
    pub choices: String,
    pub score: f64,
    pub ending: String,
}

/// The `best` (or worst) route of an analysis report.
pub fn of(analysis: &Value, best: bool) -> Route {
    let r = &analysis[if best { "best" } else { "worst" }];
    let steps: Vec<&str> = r["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    Route {
        seed: r["seed"].to_string(),
        choices: steps.join(","),
        score: r["score"].as_f64().unwrap(),
        ending: r["ending"].as_str().unwrap().to_owned(),
    }
}

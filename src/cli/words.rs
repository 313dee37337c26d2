//! How the progress commands say things: bars, "due in 3 days", scenario titles and tracks read
//! from the scenarios folder. One place, so `progress`, `due` and `export` word them alike.

use crate::engine::load::{TRACKS_NAME, load_library};
use crate::engine::text::Text;
use crate::engine::tracks::{self, Track};
use crate::progress::DAY_MS;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Scenario titles and tracks from the scenarios folder, reporting a broken tracks file.
pub fn titles_and_tracks(scenarios: &Path) -> (BTreeMap<String, Text>, Vec<Track>) {
    let library = load_library(&[scenarios.to_path_buf()], None);
    let titles: BTreeMap<String, Text> = library
        .scenarios()
        .map(|s| (s.id.clone(), s.title.clone()))
        .collect();
    let known: HashSet<String> = titles.keys().cloned().collect();
    let (tracks, diagnostics) = tracks::load(&scenarios.join(TRACKS_NAME), &known);
    diagnostics.iter().for_each(|d| eprintln!("{d}"));
    (titles, tracks)
}

pub fn relative_days(due_ms: i64, now: i64) -> String {
    let days = (due_ms - now) as f64 / DAY_MS as f64;
    if days <= -1.0 {
        format!("overdue by {}", plural((-days).floor() as i64, "day"))
    } else if days <= 0.0 {
        "due now".to_owned()
    } else {
        format!("due in {}", plural(days.ceil() as i64, "day"))
    }
}

/// "1 day", "3 days".
pub fn plural(n: i64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

pub fn bar(value: f64) -> String {
    let filled = (value.clamp(0.0, 1.0) * 10.0).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}

//! Tracks: ordered lists of scenarios a trainer sets for onboarding or a refresher round, each
//! with the score a trainee must reach on every scenario to pass it. Written in RON beside the
//! scenarios (`tracks.ron`), checked like them, with every problem placed at a line and column.

use crate::engine::diagnostic::Diagnostic;
use crate::engine::load::{MAX_FILE_BYTES, read_source, ron_diagnostic, ron_options};
use crate::engine::locate::{Needle, locate};
use crate::engine::text::Text;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum TrackKind {
    /// Taken once, in order, by new staff.
    Onboarding,
    /// Taken again and again: its scenarios come back as refreshers fall due.
    Refresher,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Track {
    pub id: String,
    pub title: Text,
    pub kind: TrackKind,
    /// Scenario ids, in the order they are meant to be taken.
    pub scenarios: Vec<String>,
    /// The score (0–100) to reach on each scenario for the track to be passed.
    #[serde(default = "default_pass_at")]
    pub pass_at: f64,
}

fn default_pass_at() -> f64 {
    80.0
}

/// Where a trainee stands on a track, from their best score on each of its scenarios.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackProgress {
    pub passed: usize,
    pub total: usize,
    /// The first scenario, in track order, not yet passed.
    pub next: Option<String>,
}

impl TrackProgress {
    pub fn is_passed(&self) -> bool {
        self.total > 0 && self.passed == self.total
    }
}

impl Track {
    pub fn progress(&self, best: &BTreeMap<String, f64>) -> TrackProgress {
        let passed = |id: &String| best.get(id).is_some_and(|s| *s >= self.pass_at);
        TrackProgress {
            passed: self.scenarios.iter().filter(|id| passed(id)).count(),
            total: self.scenarios.len(),
            next: self.scenarios.iter().find(|id| !passed(id)).cloned(),
        }
    }
}

/// Reads `tracks.ron`. A missing file is no tracks; a broken one is no tracks plus diagnostics.
/// Tracks naming unknown scenarios keep the rest and are reported (`known` = the library's ids).
pub fn load(path: &Path, known: &HashSet<String>) -> (Vec<Track>, Vec<Diagnostic>) {
    if !path.exists() {
        return (Vec::new(), Vec::new());
    }
    let name = path.display().to_string();
    if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_FILE_BYTES) {
        let msg = format!(
            "larger than {} MB: not read",
            MAX_FILE_BYTES / (1024 * 1024)
        );
        return (Vec::new(), vec![Diagnostic::error(&name, msg)]);
    }
    match read_source(path) {
        Ok(src) => parse(&name, &src, known),
        Err(d) => (Vec::new(), vec![d]),
    }
}

pub fn parse(path: &str, src: &str, known: &HashSet<String>) -> (Vec<Track>, Vec<Diagnostic>) {
    let mut tracks: Vec<Track> = match ron_options().from_str(src) {
        Ok(t) => t,
        Err(e) => return (Vec::new(), vec![ron_diagnostic(path, src, &e)]),
    };
    let mut diagnostics = Vec::new();
    let mut seen = HashSet::new();
    let at = |needles: &[Needle]| locate(src, needles);
    tracks.retain_mut(|track| {
        let here = Needle::Id(track.id.clone());
        if !seen.insert(track.id.clone()) {
            diagnostics.push(
                Diagnostic::error(
                    path,
                    format!("a second track with id `{}`: ignored", track.id),
                )
                .at_offset(src, at(&[here, Needle::Field("id")])),
            );
            return false;
        }
        if !(0.0..=100.0).contains(&track.pass_at) {
            diagnostics.push(
                Diagnostic::error(
                    path,
                    format!("`pass_at` is a score from 0 to 100, not {}", track.pass_at),
                )
                .at_offset(src, at(&[here.clone(), Needle::Field("pass_at")])),
            );
            track.pass_at = default_pass_at();
        }
        track.scenarios.retain(|id| {
            let ok = known.is_empty() || known.contains(id);
            if !ok {
                let hint = crate::engine::suggest::suggest(id, known.iter());
                diagnostics.push(
                    Diagnostic::error(
                        path,
                        format!("track `{}` names no scenario `{id}`{hint}", track.id),
                    )
                    .at_offset(src, at(&[here.clone(), Needle::Quoted(id.clone())])),
                );
            }
            ok
        });
        if track.scenarios.is_empty() {
            diagnostics.push(
                Diagnostic::warning(path, format!("track `{}` has no scenarios", track.id))
                    .at_offset(src, at(std::slice::from_ref(&here))),
            );
        }
        true
    });
    (tracks, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> HashSet<String> {
        ["a", "b", "c"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn progress_counts_scenarios_at_the_bar_and_names_the_next() {
        let src = r#"[Track(id: "on", title: "On", kind: Onboarding, scenarios: ["a", "b", "c"], pass_at: 75)]"#;
        let (tracks, d) = parse("t.ron", src, &known());
        assert!(d.is_empty(), "{d:?}");
        let best = [("a".to_owned(), 80.0), ("b".to_owned(), 74.9)].into();
        let p = tracks[0].progress(&best);
        assert_eq!((p.passed, p.total, p.next.as_deref()), (1, 3, Some("b")));
        assert!(!p.is_passed());
    }

    #[test]
    fn an_unknown_scenario_is_placed_at_its_line_and_the_rest_kept() {
        let src = "[\n  Track(\n    id: \"on\", title: \"On\", kind: Refresher,\n    scenarios: [\"a\", \"zz\"],\n  ),\n]\n";
        let (tracks, d) = parse("t.ron", src, &known());
        assert_eq!(tracks[0].scenarios, ["a"]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].column), (4, 22), "{}", d[0]);
        assert!(d[0].message.contains("`zz`"), "{}", d[0]);
    }

    #[test]
    fn malformed_ron_names_line_and_column() {
        let src = "[\n  Track(id: \"on\", title: \"On\", kind: Sometimes, scenarios: []),\n]";
        let (tracks, d) = parse("t.ron", src, &known());
        assert!(tracks.is_empty());
        assert_eq!(d[0].line, 2, "{}", d[0]);
        assert!(d[0].to_string().starts_with("t.ron:2:"), "{}", d[0]);
    }
}

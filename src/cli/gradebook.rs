//! `rapport export --format lms-csv`: a gradebook an LMS imports, shaped for Moodle's CSV grade
//! import (Grades → Import → CSV file): one row per trainee, matched by "Email address" or
//! "ID number", and a column per scenario holding the trainee's best score (0–100), empty when
//! they have not played it. Trainees with neither are left out and named on stderr.

use crate::progress::{Store, Trainee};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

pub fn write(store: &Store, only: Option<&Trainee>, out: &mut dyn Write) -> Result<(), String> {
    let trainees: Vec<Trainee> = match only {
        Some(t) => vec![t.clone()],
        None => store.trainees().map_err(|e| e.to_string())?,
    };
    let mut best: BTreeMap<(i64, String), f64> = BTreeMap::new();
    let mut scenarios = BTreeSet::new();
    for s in store
        .sessions_between(only.map(|t| t.id), i64::MIN, i64::MAX)
        .map_err(|e| e.to_string())?
    {
        scenarios.insert(s.scenario_id.clone());
        let score = best
            .entry((s.trainee_id.0, s.scenario_id))
            .or_insert(s.score);
        *score = score.max(s.score);
    }
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec!["Email address".to_owned(), "ID number".to_owned()];
    header.extend(scenarios.iter().map(|s| format!("Rapport: {s}")));
    w.write_record(&header).map_err(|e| e.to_string())?;
    let mut unmatched = Vec::new();
    for t in &trainees {
        if t.email.is_none() && t.lms_id.is_none() {
            unmatched.push(t.name.clone());
            continue;
        }
        let mut row = vec![
            t.email.clone().unwrap_or_default(),
            t.lms_id.clone().unwrap_or_default(),
        ];
        row.extend(scenarios.iter().map(|s| {
            best.get(&(t.id.0, s.clone()))
                .map(|v| format!("{:.2}", v))
                .unwrap_or_default()
        }));
        w.write_record(&row).map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())?;
    if !unmatched.is_empty() {
        eprintln!(
            "rapport: left out (no e-mail or LMS id; set one with `rapport trainee NAME --email …`): {}",
            unmatched.join(", ")
        );
    }
    Ok(())
}

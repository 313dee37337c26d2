//! `rapport progress`: one trainee's mastery, tracks, refreshers and sessions, or a line per
//! trainee for the whole store.

use super::store_arg::StoreAndTrainee;
use super::{CliResult, DEFAULT_SCENARIOS, Format, words};
use crate::present;
use crate::progress::mastery::{MASTERED_AT, MIN_SESSIONS};
use crate::progress::{self, Status, Store, iso_time, now_ms};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// With `--trainee`: their mastery, tracks, refreshers and sessions; else a line per trainee.
    #[command(flatten)]
    from: StoreAndTrainee,
    /// Where the scenarios and tracks.ron are.
    #[arg(long, default_value = DEFAULT_SCENARIOS)]
    scenarios: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(args: Args) -> CliResult {
    let (store, trainee) = args.from.open()?;
    let now = now_ms();
    let Some(trainee) = trainee else {
        return team_summary(&store, args.format, now);
    };
    let p = store.progress(&trainee)?;
    let (titles, tracks) = words::titles_and_tracks(&args.scenarios);
    let title = |id: &str| {
        titles
            .get(id)
            .map(|t| t.get("en").to_owned())
            .unwrap_or_else(|| id.to_owned())
    };
    let finished = p
        .recent
        .iter()
        .filter(|s| s.status == Status::Finished)
        .count();
    if args.format == Format::Json {
        super::print_json(&json!({
            "trainee": trainee.name,
            "sessions": p.sessions_total,
            "mastery": p.mastery.iter().map(|m| json!({
                "rule": m.rule, "value": m.value, "sessions": m.sessions, "mastered": m.mastered(),
            })).collect::<Vec<_>>(),
            "tracks": tracks.iter().map(|t| {
                let tp = t.progress(&p.best);
                json!({"track": t.id, "passed": tp.passed, "total": tp.total, "next": tp.next})
            }).collect::<Vec<_>>(),
            "refreshers": p.refreshers.iter().map(|r| json!({
                "scenario": r.scenario_id, "due": iso_time(r.due_ms), "due_now": r.is_due(now),
                "last_score": r.last_score, "best_score": r.best_score,
            })).collect::<Vec<_>>(),
            "recent": p.recent.iter().take(20).map(|s| json!({
                "id": s.id, "scenario": s.scenario_id, "ended": iso_time(s.ended_ms),
                "status": s.status.key(), "outcome": s.outcome, "score": s.score,
            })).collect::<Vec<_>>(),
        }));
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} — {} ({} of the latest {} finished)\n",
        trainee.name,
        words::plural(p.sessions_total as i64, "session"),
        finished,
        p.recent.len()
    );
    println!(
        "Mastery (mastered at {:.0}% over {MIN_SESSIONS}+ sessions; recent sessions count more)",
        MASTERED_AT * 100.0
    );
    if p.mastery.is_empty() {
        println!("  no finished sessions yet");
    }
    for m in &p.mastery {
        println!(
            "  {:<18} {}  {:>3.0}%  ({}){}",
            m.rule,
            words::bar(m.value),
            m.value * 100.0,
            words::plural(i64::from(m.sessions), "session"),
            if m.mastered() { "  mastered" } else { "" }
        );
    }
    if !tracks.is_empty() {
        println!("\nTracks");
        for t in &tracks {
            let tp = t.progress(&p.best);
            let status = match &tp.next {
                None if tp.is_passed() => "passed".to_owned(),
                None => String::new(),
                Some(next) => format!("next: {}", title(next)),
            };
            println!(
                "  {:<28} {}/{} at {:.0}%+  {status}",
                t.title.get("en"),
                tp.passed,
                tp.total,
                t.pass_at
            );
        }
    }
    println!("\nRefreshers");
    if p.refreshers.is_empty() {
        println!("  none scheduled yet");
    }
    for r in &p.refreshers {
        println!(
            "  {:<36} {:<18} last {:>3.0}%  best {:>3.0}%",
            title(&r.scenario_id),
            words::relative_days(r.due_ms, now),
            r.last_score,
            r.best_score
        );
    }
    println!("\nRecent sessions");
    for s in p.recent.iter().take(10) {
        println!(
            "  #{:<6} {}  {:<36} {:<10} {:<10} {:>3.0}%",
            s.id,
            present::date_time(s.ended_ms),
            title(&s.scenario_id),
            s.status.key(),
            s.outcome.map_or("-", |o| o.key()),
            s.score
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn team_summary(store: &Store, format: Format, now: i64) -> CliResult {
    let report = store.team(progress::Period::AllTime, None, now)?;
    let counts = store.session_counts()?;
    if format == Format::Json {
        super::print_json(&json!(
            report
                .rows
                .iter()
                .map(|row| json!({
                    "trainee": row.trainee.name,
                    "sessions": counts.get(&row.trainee.id).map_or(0, |c| c.0),
                    "last": counts.get(&row.trainee.id).map(|c| iso_time(c.1)),
                    "rules_mastered": row.cells.values().filter(|c| c.mastered()).count(),
                    "rules_tested": row.cells.len(),
                    "overdue": row.overdue,
                }))
                .collect::<Vec<_>>()
        ));
        return Ok(ExitCode::SUCCESS);
    }
    if report.rows.is_empty() {
        println!("No trainees yet in {}.", store.path().display());
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<24} {:>8}  {:<16}  {:>8}  {:>7}",
        "TRAINEE", "SESSIONS", "LAST", "MASTERED", "OVERDUE"
    );
    for row in &report.rows {
        let (n, last) = counts.get(&row.trainee.id).copied().unwrap_or((0, 0));
        let mastered = row.cells.values().filter(|c| c.mastered()).count();
        println!(
            "{:<24} {:>8}  {:<16}  {:>8}  {:>7}",
            row.trainee.name,
            n,
            if n > 0 {
                present::date_time(last)
            } else {
                "-".into()
            },
            format!("{mastered}/{}", row.cells.len()),
            row.overdue
        );
    }
    if let Some((rule, avg, _)) = report.weakest.first() {
        println!(
            "\nWeakest rule across the team: {rule} ({:.0}%)",
            avg * 100.0
        );
    }
    Ok(ExitCode::SUCCESS)
}

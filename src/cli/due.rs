//! `rapport due`: the refreshers that are due (or fall due within a few days).

use super::store_arg::StoreAndTrainee;
use super::{CliResult, Format, words};
use crate::progress::{DAY_MS, TraineeId, iso_time, now_ms};
use serde_json::json;
use std::collections::BTreeMap;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    from: StoreAndTrainee,
    /// Also list refreshers falling due within this many days.
    #[arg(long, default_value_t = 0)]
    within: u32,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(args: Args) -> CliResult {
    let (store, trainee) = args.from.open()?;
    let now = now_ms();
    let names: BTreeMap<TraineeId, String> = store
        .trainees()?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let horizon = now + i64::from(args.within) * DAY_MS;
    let due: Vec<_> = store
        .refreshers(trainee.as_ref().map(|t| t.id))?
        .into_iter()
        .filter(|r| r.due_ms <= horizon)
        .collect();
    if args.format == Format::Json {
        super::print_json(&json!(
            due.iter()
                .map(|r| json!({
                    "trainee": names.get(&r.trainee_id),
                    "scenario": r.scenario_id,
                    "due": iso_time(r.due_ms),
                    "overdue": r.is_due(now),
                    "last_score": r.last_score,
                    "interval_days": r.interval_days,
                }))
                .collect::<Vec<_>>()
        ));
        return Ok(ExitCode::SUCCESS);
    }
    if due.is_empty() {
        println!("Nothing due.");
    }
    for r in &due {
        println!(
            "{:<24} {:<32} {:<20} last {:>3.0}%",
            names.get(&r.trainee_id).map_or("?", String::as_str),
            r.scenario_id,
            words::relative_days(r.due_ms, now),
            r.last_score
        );
    }
    Ok(ExitCode::SUCCESS)
}

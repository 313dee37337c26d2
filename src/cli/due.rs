//! `rapport due`: the refreshers that are due (or fall due within a few days).

use super::names::{Names, relative_days};
use super::store_arg::StoreAndTrainee;
use super::{CliResult, Format, LibraryArg};
use crate::locale::{Lang, tr, tr_with};
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
    #[command(flatten)]
    library: LibraryArg,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(args: Args, lang: Lang) -> CliResult {
    let (store, trainee) = args.from.open(lang)?;
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
        println!("{}", tr(lang, "cli-nothing-due"));
        return Ok(ExitCode::SUCCESS);
    }
    let titles = Names::read(&args.library, lang)?;
    for r in &due {
        println!(
            "{:<24} {:<36} {:<20} {}",
            names.get(&r.trainee_id).map_or("?", String::as_str),
            titles.scenario(&r.scenario_id, lang),
            relative_days(r.due_ms, now, lang),
            tr_with(
                lang,
                "cli-last",
                &[("last", format!("{:.0}", r.last_score).into())]
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

//! `rapport store-stress` (hidden): records sessions of one scenario into a store as fast as it
//! can, checkpointing every decision on the way, and prints each session's id once its
//! transaction has committed. The crash tests kill it mid-write and check what it printed.

use super::{CliError, CliResult, ScenarioArg, StoreArg};
use crate::engine::script::play_steps;
use crate::locale::Lang;
use crate::progress::Recorder;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    scenario: ScenarioArg,
    #[command(flatten)]
    store: StoreArg,
    #[arg(long, default_value = "stress")]
    trainee: String,
    /// Sessions to record; 0 records until killed.
    #[arg(long, default_value_t = 0)]
    count: u64,
}

pub fn run(args: Args, lang: Lang) -> CliResult {
    let (scenario, rulebook) = super::open(&args.scenario, lang)?;
    let plan = scenario
        .tests
        .first()
        .ok_or_else(|| CliError::msg(format!("`{}` has no test plan to play", scenario.id)))?;
    let mut store = args.store.open(lang)?;
    let trainee = store.ensure_trainee(&args.trainee)?;
    let mut out = std::io::stdout().lock();
    let mut n = 0;
    while args.count == 0 || n < args.count {
        let recorder = Recorder::new(trainee.id);
        // Checkpoint after each step, as a trainee's run is, then record the finished run.
        for upto in 1..plan.steps.len() {
            let (run, _) = play_steps(
                Arc::clone(&scenario),
                Arc::clone(&rulebook),
                plan.seed,
                &plan.steps[..upto],
            )
            .expect("shipped test plans play");
            recorder.checkpoint(&mut store, &run)?;
        }
        let (run, _) = play_steps(
            Arc::clone(&scenario),
            Arc::clone(&rulebook),
            plan.seed,
            &plan.steps,
        )
        .expect("shipped test plans play");
        let id = recorder.finish(&mut store, &run)?.ok_or_else(|| {
            CliError::msg(format!("the test plan of `{}` does not end", scenario.id))
        })?;
        let _ = writeln!(out, "recorded {} {id}", recorder.uuid);
        let _ = out.flush();
        n += 1;
    }
    Ok(ExitCode::SUCCESS)
}

//! `rapport store-stress` (hidden): records sessions of one scenario into a store as fast as it
//! can, checkpointing every decision on the way, and prints each session's id once its
//! transaction has committed. The crash tests kill it mid-write and check what it printed.

use super::{ScenarioArg, StoreArg};
use crate::engine::playthrough::play_steps;
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

pub fn run(args: Args) -> ExitCode {
    let (scenario, rulebook) = match super::open(&args.scenario) {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let Some(plan) = scenario.tests.first() else {
        eprintln!("rapport: `{}` has no test plan to play", scenario.id);
        return ExitCode::FAILURE;
    };
    let mut store = match args.store.open() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let trainee = match store.ensure_trainee(&args.trainee) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("rapport: {e}");
            return ExitCode::FAILURE;
        }
    };
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
            if let Err(e) = recorder.checkpoint(&mut store, &run) {
                eprintln!("rapport: {e}");
                return ExitCode::FAILURE;
            }
        }
        let (run, _) = play_steps(
            Arc::clone(&scenario),
            Arc::clone(&rulebook),
            plan.seed,
            &plan.steps,
        )
        .expect("shipped test plans play");
        match recorder.finish(&mut store, &run) {
            Ok(Some(id)) => {
                let _ = writeln!(out, "recorded {} {id}", recorder.uuid);
                let _ = out.flush();
            }
            Ok(None) => {
                eprintln!("rapport: the test plan of `{}` does not end", scenario.id);
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("rapport: {e}");
                return ExitCode::FAILURE;
            }
        }
        n += 1;
    }
    ExitCode::SUCCESS
}

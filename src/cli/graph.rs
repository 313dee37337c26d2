//! `rapport graph`: the scenario as Graphviz DOT, for `dot -Tsvg`.

use super::{CliResult, ScenarioArg};
use crate::engine::dot::to_dot;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    scenario: ScenarioArg,
    /// Language of the labels.
    #[arg(long, default_value = "en")]
    lang: String,
}

pub fn run(args: Args) -> CliResult {
    let (scenario, _) = super::open(&args.scenario)?;
    print!("{}", to_dot(&scenario, &args.lang));
    Ok(ExitCode::SUCCESS)
}

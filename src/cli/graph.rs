//! `rapport graph`: the scenario as Graphviz DOT, for `dot -Tsvg`.

use super::ScenarioArg;
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

pub fn run(args: Args) -> ExitCode {
    match super::open(&args.scenario) {
        Ok((scenario, _)) => {
            print!("{}", to_dot(&scenario, &args.lang));
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

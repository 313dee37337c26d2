//! `rapport graph`: the scenario as Graphviz DOT, for `dot -Tsvg`.

use super::{CliResult, ScenarioArg};
use crate::engine::dot::to_dot;
use crate::locale::Lang;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    scenario: ScenarioArg,
}

pub fn run(args: Args, lang: Lang) -> CliResult {
    let (scenario, _) = super::open(&args.scenario, lang)?;
    print!("{}", to_dot(&scenario, lang.code()));
    Ok(ExitCode::SUCCESS)
}

//! `rapport <command>`: the terminal face of the engine. Each command lives in its own file and
//! returns `CliResult`; `run` prints any error once. None of them scores or decides anything.

mod analyze;
mod check;
mod error;
mod graph;
mod open;
mod play;
mod transcript;

#[cfg(feature = "store")]
mod due;
#[cfg(feature = "store")]
mod export;
#[cfg(feature = "store")]
mod forget;
#[cfg(feature = "store")]
mod gradebook;
#[cfg(feature = "store")]
mod lrs;
#[cfg(feature = "store")]
mod names;
#[cfg(feature = "store")]
mod pull;
#[cfg(feature = "store")]
mod report;
#[cfg(feature = "store")]
mod store_arg;
#[cfg(all(feature = "store", feature = "dev"))]
mod stress;
#[cfg(feature = "store")]
mod sync;
#[cfg(feature = "store")]
mod trainee;
mod words;

pub use check::report_json as check_report_json;
pub use error::{CliError, CliResult};
pub use open::{LibraryArg, ScenarioArg, open};
#[cfg(feature = "store")]
pub use store_arg::StoreArg;

use crate::locale::Lang;
use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "rapport",
    version,
    about = "Customer-service training: play, check and analyse scenarios"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Language of what Rapport says: en, ar or fa (default: the environment's locale).
    #[arg(long, global = true, value_enum)]
    lang: Option<Lang>,
    #[cfg(feature = "app")]
    #[command(flatten)]
    app: crate::app::AppArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Check scenarios and the rulebook; exits 1 on any error.
    Check(check::Args),
    /// Play a scenario in the terminal, or replay a list of choices.
    Play(play::Args),
    /// Endings, dead ends, unreachable nodes, and the best and worst routes.
    Analyze(analyze::Args),
    /// Graphviz DOT of a scenario.
    Graph(graph::Args),
    /// Trainees' mastery, tracks, refreshers and sessions.
    #[cfg(feature = "store")]
    Progress(report::Args),
    /// Refreshers that are due.
    #[cfg(feature = "store")]
    Due(due::Args),
    /// Delete a trainee and everything recorded of them, for good.
    #[cfg(feature = "store")]
    Forget(forget::Args),
    /// Sessions and per-rule scores as CSV, or as xAPI statements.
    #[cfg(feature = "store")]
    Export(export::Args),
    /// Send xAPI statements to a Learning Record Store (each statement once).
    #[cfg(feature = "store")]
    Sync(sync::Args),
    /// Connect this machine to the company's Learning Record Store (set, test, status, remove).
    #[cfg(feature = "store")]
    Lrs(lrs::Args),
    /// Bring the team's sessions from the LRS into this machine's store.
    #[cfg(feature = "store")]
    Pull(pull::Args),
    /// A trainee's profile: how an LMS knows them (e-mail, LMS id).
    #[cfg(feature = "store")]
    Trainee(trainee::Args),
    /// Records sessions into a store as fast as it can, for crash tests.
    #[cfg(all(feature = "store", feature = "dev"))]
    #[command(hide = true)]
    StoreStress(stress::Args),
    /// Drive the app through every screen in English and Arabic and save a PNG of each in DIR.
    #[cfg(feature = "app")]
    Screenshots(crate::app::ScreenshotArgs),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Text,
    Json,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang.unwrap_or_else(Lang::from_env);
    let result = match cli.command {
        Some(Command::Check(args)) => check::run(args, lang),
        Some(Command::Play(args)) => play::run(args, lang),
        Some(Command::Analyze(args)) => analyze::run(args, lang),
        Some(Command::Graph(args)) => graph::run(args, lang),
        #[cfg(feature = "store")]
        Some(Command::Progress(args)) => report::run(args, lang),
        #[cfg(feature = "store")]
        Some(Command::Due(args)) => due::run(args, lang),
        #[cfg(feature = "store")]
        Some(Command::Forget(args)) => forget::run(args, lang),
        #[cfg(feature = "store")]
        Some(Command::Export(args)) => export::run(args, lang),
        #[cfg(feature = "store")]
        Some(Command::Sync(args)) => sync::run(args, lang),
        #[cfg(feature = "store")]
        Some(Command::Lrs(args)) => lrs::run(args, lang),
        #[cfg(feature = "store")]
        Some(Command::Pull(args)) => pull::run(args, lang),
        #[cfg(feature = "store")]
        Some(Command::Trainee(args)) => trainee::run(args, lang),
        #[cfg(all(feature = "store", feature = "dev"))]
        Some(Command::StoreStress(args)) => stress::run(args, lang),
        #[cfg(feature = "app")]
        Some(Command::Screenshots(args)) => crate::app::screenshots(args, lang),
        #[cfg(feature = "app")]
        None => crate::app::open(cli.app, lang),
        #[cfg(not(feature = "app"))]
        None => play::menu(lang),
    };
    match result {
        Ok(code) => code,
        Err(CliError::Reported) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("{}", e.render(lang));
            ExitCode::FAILURE
        }
    }
}

/// JSON for the terminal: pretty, and never failing on our own plain data.
pub fn print_json(value: &impl serde::Serialize) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("report types serialise")
    );
}

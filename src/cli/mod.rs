//! `rapport <command>`: the terminal face of the engine. Each command lives in its own file;
//! none of them scores or decides anything itself.

mod analyze;
mod check;
mod graph;
mod play;
mod progress;
mod stress;
mod transcript;

use crate::engine::{self, Diagnostic, Rulebook, Scenario};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

pub use check::report_json as check_report_json;
pub use progress::StoreArg;

/// Where scenarios live unless a path is given.
pub const DEFAULT_SCENARIOS: &str = "scenarios";

#[derive(Parser)]
#[command(
    name = "rapport",
    version,
    about = "Customer-service training: play, check and analyse scenarios"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Open the app straight on this scenario's Play screen.
    #[cfg(feature = "app")]
    #[arg(long, value_name = "SCENARIO")]
    open: Option<String>,
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
    Progress(progress::ProgressArgs),
    /// Refreshers that are due.
    Due(progress::DueArgs),
    /// Delete a trainee and everything recorded of them, for good.
    Forget(progress::ForgetArgs),
    /// Sessions and per-rule scores as CSV, or as xAPI statements.
    Export(progress::ExportArgs),
    /// Send xAPI statements to a Learning Record Store (each statement once).
    Sync(progress::SyncArgs),
    /// Records sessions into a store as fast as it can, for crash tests.
    #[command(hide = true)]
    StoreStress(stress::Args),
    /// Drive the app through every screen in English and Arabic and save a PNG of each in DIR.
    #[cfg(feature = "app")]
    Screenshots {
        dir: PathBuf,
        #[arg(long, default_value = DEFAULT_SCENARIOS)]
        scenarios: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Text,
    Json,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Play(args)) => play::run(args),
        Some(Command::Analyze(args)) => analyze::run(args),
        Some(Command::Graph(args)) => graph::run(args),
        Some(Command::Progress(args)) => progress::progress(args),
        Some(Command::Due(args)) => progress::due(args),
        Some(Command::Forget(args)) => progress::forget(args),
        Some(Command::Export(args)) => progress::export(args),
        Some(Command::Sync(args)) => progress::sync(args),
        Some(Command::StoreStress(args)) => stress::run(args),
        #[cfg(feature = "app")]
        Some(Command::Screenshots { dir, scenarios }) => screenshots(dir, scenarios),
        #[cfg(feature = "app")]
        None => crate::app::run(crate::app::AppOptions {
            scenarios: scenarios_dir(Path::new(DEFAULT_SCENARIOS)),
            data_dir: crate::progress::data_dir(),
            screenshots: None,
            open: cli.open,
        }),
        #[cfg(not(feature = "app"))]
        None => play::menu(),
    }
}

/// The scenarios folder: as given, or the shipped one when run from elsewhere.
#[cfg(feature = "app")]
fn scenarios_dir(given: &Path) -> PathBuf {
    if given.is_dir() {
        given.to_path_buf()
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_SCENARIOS)
    }
}

#[cfg(feature = "app")]
fn screenshots(dir: PathBuf, scenarios: PathBuf) -> ExitCode {
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("rapport: cannot create {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    // The tour's trainees and settings must not touch anyone's real profile.
    crate::app::run(crate::app::AppOptions {
        scenarios: scenarios_dir(&scenarios),
        data_dir: None,
        screenshots: Some(dir),
        open: None,
    })
}

/// Options shared by the commands that open one scenario.
#[derive(clap::Args, Clone)]
pub struct ScenarioArg {
    /// A scenario file, or the id of a scenario in the scenarios folder.
    pub scenario: String,
    /// A company rulebook to use instead of the one found beside the scenarios.
    #[arg(long)]
    pub rulebook: Option<PathBuf>,
    /// Where to look up scenarios given by id.
    #[arg(long, default_value = DEFAULT_SCENARIOS)]
    pub scenarios: PathBuf,
}

/// Opens one scenario by path or id, printing the checker's diagnostics if it is not fit to play.
pub fn open(arg: &ScenarioArg) -> Result<(Arc<Scenario>, Arc<Rulebook>), ExitCode> {
    let as_path = Path::new(&arg.scenario);
    let (paths, company) = if as_path.is_file() {
        let beside = as_path
            .parent()
            .map(|p| p.join(engine::load::COMPANY_RULEBOOK_NAME));
        (
            vec![as_path.to_path_buf()],
            arg.rulebook.clone().or(beside.filter(|p| p.is_file())),
        )
    } else {
        (vec![arg.scenarios.clone()], arg.rulebook.clone())
    };
    let library = engine::load_library(&paths, company.as_deref());
    let fatal: Vec<&Diagnostic> = library
        .rulebook_diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    if !fatal.is_empty() {
        fatal.iter().for_each(|d| eprintln!("{d}"));
        return Err(ExitCode::FAILURE);
    }
    let found = if as_path.is_file() {
        library.entries.first()
    } else {
        library.entries.iter().find(|e| {
            e.scenario.as_ref().is_some_and(|s| s.id == arg.scenario)
                || Path::new(&e.path)
                    .file_stem()
                    .is_some_and(|stem| stem == arg.scenario.as_str())
        })
    };
    match found {
        Some(entry) => match &entry.scenario {
            Some(s) => Ok((Arc::clone(s), Arc::clone(&library.rulebook))),
            None => {
                entry.diagnostics.iter().for_each(|d| eprintln!("{d}"));
                eprintln!("{}: the scenario has errors and cannot be used", entry.path);
                Err(ExitCode::FAILURE)
            }
        },
        None => {
            let known: Vec<&str> = library.scenarios().map(|s| s.id.as_str()).collect();
            eprintln!(
                "rapport: no scenario `{}` (not a file, and not an id in {}){}",
                arg.scenario,
                arg.scenarios.display(),
                if known.is_empty() {
                    String::new()
                } else {
                    format!("\nknown scenarios: {}", known.join(", "))
                }
            );
            Err(ExitCode::FAILURE)
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

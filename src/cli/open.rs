//! Opening one scenario by file or id, for the commands that work on one (`play`, `analyze`,
//! `graph`): the checker's diagnostics if it is not fit to play, "did you mean" if it is unknown.

use super::words::did_you_mean;
use super::{CliError, DEFAULT_SCENARIOS};
use crate::engine::{self, Diagnostic, Rulebook, Scenario};
use crate::locale::{Lang, tr, tr_with};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// Opens one scenario by path or id.
pub fn open(arg: &ScenarioArg, lang: Lang) -> Result<(Arc<Scenario>, Arc<Rulebook>), CliError> {
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
    let fatal: Vec<Diagnostic> = library
        .rulebook_diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    if !fatal.is_empty() {
        return Err(CliError::Diagnostics(fatal));
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
                let mut shown = entry.diagnostics.clone();
                shown.push(Diagnostic::error(&entry.path, tr(lang, "cli-has-errors")));
                Err(CliError::Diagnostics(shown))
            }
        },
        None => {
            let known: Vec<String> = library.scenarios().map(|s| s.id.clone()).collect();
            let mut message = tr_with(
                lang,
                "cli-no-scenario",
                &[
                    ("id", (&arg.scenario).into()),
                    ("dir", arg.scenarios.display().to_string().into()),
                    ("hint", did_you_mean(&arg.scenario, &known, lang).into()),
                ],
            );
            if !known.is_empty() {
                message.push('\n');
                message.push_str(&tr_with(
                    lang,
                    "cli-known-scenarios",
                    &[("ids", known.join(", ").into())],
                ));
            }
            Err(CliError::msg(message))
        }
    }
}

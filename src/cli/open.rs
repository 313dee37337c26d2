//! The library as the commands see it (shipped scenarios and the trainer's own folder), and
//! opening one scenario by file or id for the commands that work on one (`play`, `analyze`,
//! `graph`): the checker's diagnostics if it is not fit to play, "did you mean" if it is unknown.

use super::CliError;
use super::words::did_you_mean;
use crate::engine::{self, Diagnostic, Library, Rulebook, Scenario};
use crate::library::{self, Chosen, OwnFolder, SCENARIOS_ENV};
use crate::locale::{Lang, tr, tr_with};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the library is: the shipped scenarios, the trainer's own folder and a company rulebook.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct LibraryArg {
    /// Your own scenarios folder (default: RAPPORT_SCENARIOS, else the folder set in the app's
    /// Settings, else `scenarios` in Rapport's data folder). Shown with the shipped scenarios;
    /// one with a shipped scenario's id replaces it.
    #[arg(long, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,
    /// A company rulebook (default: a rulebook.ron in your scenarios folder).
    #[arg(long, value_name = "FILE")]
    pub rulebook: Option<PathBuf>,
}

impl LibraryArg {
    /// The own folder in force; one named on purpose that does not exist is an error that
    /// says which folder and where it was set.
    pub fn own(&self, lang: Lang) -> Result<Option<OwnFolder>, CliError> {
        match OwnFolder::resolve(self.scenarios.as_deref()) {
            Some(own) if own.is_missing_by_mistake() => Err(CliError::msg(missing(&own, lang))),
            own => Ok(own),
        }
    }

    /// The whole library: shipped scenarios and the own folder's.
    pub fn load(&self, lang: Lang) -> Result<(Library, Option<OwnFolder>), CliError> {
        let own = self.own(lang)?;
        let library = library::load(
            own.as_ref().map(|o| o.path.as_path()),
            self.rulebook.as_deref(),
        );
        Ok((library, own))
    }
}

/// "the scenarios folder X does not exist; it was set by …; create it or set another with …"
pub fn missing(own: &OwnFolder, lang: Lang) -> String {
    let by = match own.chosen {
        Chosen::Flag => "--scenarios".to_owned(),
        Chosen::Env => SCENARIOS_ENV.to_owned(),
        Chosen::Settings => tr(lang, "cli-set-in-settings"),
        Chosen::Default => String::new(),
    };
    tr_with(
        lang,
        "cli-scenarios-missing",
        &[
            ("path", own.path.display().to_string().into()),
            ("by", by.into()),
            ("env", SCENARIOS_ENV.into()),
        ],
    )
}

/// Options shared by the commands that open one scenario.
#[derive(clap::Args, Clone, Debug)]
pub struct ScenarioArg {
    /// A scenario file, or the id of a scenario in the library.
    pub scenario: String,
    #[command(flatten)]
    pub library: LibraryArg,
}

/// Opens one scenario by path or id.
pub fn open(arg: &ScenarioArg, lang: Lang) -> Result<(Arc<Scenario>, Arc<Rulebook>), CliError> {
    let as_path = Path::new(&arg.scenario);
    let library = if as_path.is_file() {
        let beside = as_path
            .parent()
            .map(|p| p.join(engine::load::COMPANY_RULEBOOK_NAME))
            .filter(|p| p.is_file());
        let company = arg.library.rulebook.clone().or(beside);
        engine::load_library(&[as_path.to_path_buf()], company.as_deref())
    } else {
        arg.library.load(lang)?.0
    };
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
            e.id.as_deref() == Some(arg.scenario.as_str())
                || e.scenario.as_ref().is_some_and(|s| s.id == arg.scenario)
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
        None => Err(CliError::msg(unknown(&arg.scenario, &library, lang))),
    }
}

/// Why `given` opened nothing: no such file, or no such id (with the nearest ids).
fn unknown(given: &str, library: &Library, lang: Lang) -> String {
    let looks_like_a_path = given.contains(['/', '\\']) || given.ends_with(".ron");
    if looks_like_a_path {
        return tr_with(lang, "cli-no-such-file", &[("path", given.into())]);
    }
    let known: Vec<String> = library
        .scenarios()
        .map(|s| s.id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut message = tr_with(
        lang,
        "cli-no-scenario",
        &[
            ("id", given.into()),
            ("hint", did_you_mean(given, &known, lang).into()),
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
    message
}

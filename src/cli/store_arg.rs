//! Which progress store a command works on, and finding a trainee in it by name.

use super::CliError;
use super::words::did_you_mean;
use crate::locale::{Lang, tr, tr_with};
use crate::progress::{self, Store, Trainee};
use std::path::PathBuf;

/// Which progress store to use.
#[derive(clap::Args, Clone)]
pub struct StoreArg {
    /// The progress store (default: progress.sqlite3 in the data folder, or `RAPPORT_DATA_DIR`).
    #[arg(long, env = "RAPPORT_STORE", value_name = "FILE")]
    pub store: Option<PathBuf>,
}

impl StoreArg {
    pub fn path(&self) -> Option<PathBuf> {
        self.store
            .clone()
            .or_else(|| progress::data_dir().map(|d| progress::store_path(&d)))
    }

    pub fn open(&self, lang: Lang) -> Result<Store, CliError> {
        let path = self
            .path()
            .ok_or_else(|| CliError::msg(tr(lang, "cli-no-data-folder")))?;
        Ok(Store::open(&path)?)
    }
}

/// The trainee called `name`, or an error naming the nearest known name.
pub fn find_trainee(store: &Store, name: &str, lang: Lang) -> Result<Trainee, CliError> {
    if let Some(t) = store.trainee(name)? {
        return Ok(t);
    }
    let known: Vec<String> = store.trainees()?.into_iter().map(|t| t.name).collect();
    Err(CliError::msg(tr_with(
        lang,
        "cli-no-trainee",
        &[
            ("name", name.into()),
            ("hint", did_you_mean(name, &known, lang).into()),
        ],
    )))
}

/// A store, and optionally one trainee in it: what `progress`, `due` and `export` work on.
#[derive(clap::Args, Clone)]
pub struct StoreAndTrainee {
    #[command(flatten)]
    pub store: StoreArg,
    /// Only this trainee (default: everyone).
    #[arg(long)]
    pub trainee: Option<String>,
}

impl StoreAndTrainee {
    /// The store, and the trainee named with `--trainee` (an error if there is none such).
    pub fn open(&self, lang: Lang) -> Result<(Store, Option<Trainee>), CliError> {
        let store = self.store.open(lang)?;
        let trainee = self
            .trainee
            .as_deref()
            .map(|n| find_trainee(&store, n, lang))
            .transpose()?;
        Ok((store, trainee))
    }
}

//! One error path for every command: a command returns `Err(CliError)`, and `cli::run` prints
//! it once, in the trainee's language, and exits with status 1. Nothing else in the CLI writes
//! "rapport: …" to stderr.

use crate::engine::Diagnostic;
use crate::locale::Lang;
#[cfg(feature = "store")]
use crate::locale::tr_with;

#[derive(Debug)]
pub enum CliError {
    /// What went wrong, already in the trainee's language.
    Message(String),
    /// Problems placed at a file, line and column, shown as they are.
    Diagnostics(Vec<Diagnostic>),
    /// The progress store refused or failed.
    #[cfg(feature = "store")]
    Store(crate::progress::StoreError),
    /// The command has said all there is to say (`check` found errors); exit 1 quietly.
    Reported,
}

impl CliError {
    pub fn msg(message: impl Into<String>) -> Self {
        CliError::Message(message.into())
    }

    /// What to print, in `lang`.
    pub fn render(&self, #[allow(unused_variables)] lang: Lang) -> String {
        match self {
            CliError::Message(m) => format!("rapport: {m}"),
            CliError::Diagnostics(ds) => ds
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
            #[cfg(feature = "store")]
            CliError::Store(e) => format!("rapport: {}", store_error(e, lang)),
            CliError::Reported => String::new(),
        }
    }
}

#[cfg(feature = "store")]
impl From<crate::progress::StoreError> for CliError {
    fn from(e: crate::progress::StoreError) -> Self {
        CliError::Store(e)
    }
}

/// A store's refusal in words the trainer reads; SQLite's and the system's own details stay as
/// they come.
#[cfg(feature = "store")]
fn store_error(e: &crate::progress::StoreError, lang: Lang) -> String {
    use crate::progress::StoreError;
    let path = |p: &std::path::Path| p.display().to_string();
    match e {
        StoreError::NotADatabase(p) => {
            tr_with(lang, "store-not-a-database", &[("path", path(p).into())])
        }
        StoreError::Foreign { path: p, tables } => tr_with(
            lang,
            "store-foreign",
            &[
                ("path", path(p).into()),
                ("tables", tables.join(", ").into()),
            ],
        ),
        StoreError::TooNew { path: p, version } => tr_with(
            lang,
            "store-too-new",
            &[
                ("path", path(p).into()),
                ("version", (*version).into()),
                ("known", crate::progress::store::schema_version().into()),
            ],
        ),
        StoreError::Corrupt { path: p, detail } => tr_with(
            lang,
            "store-damaged",
            &[("path", path(p).into()), ("detail", detail.into())],
        ),
        other => other.to_string(),
    }
}

/// What a command returns.
pub type CliResult = Result<std::process::ExitCode, CliError>;

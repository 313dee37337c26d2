//! One error path for every command: a command returns `Err(CliError)`, and `cli::run` prints
//! it once and exits with status 1. Nothing else in the CLI writes "rapport: …" to stderr.

use crate::engine::Diagnostic;
use std::fmt;

#[derive(Debug)]
pub enum CliError {
    /// What went wrong, for the person at the terminal.
    Message(String),
    /// Problems already placed at a file, line and column, shown as they are.
    Diagnostics(Vec<Diagnostic>),
    /// The command has said all there is to say (`check` found errors); exit 1 quietly.
    Reported,
}

impl CliError {
    pub fn msg(message: impl Into<String>) -> Self {
        CliError::Message(message.into())
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            CliError::Message(m) => write!(f, "rapport: {m}"),
            CliError::Diagnostics(ds) => {
                let shown: Vec<String> = ds.iter().map(|d| d.to_string()).collect();
                f.write_str(&shown.join("\n"))
            }
            CliError::Reported => Ok(()),
        }
    }
}

#[cfg(feature = "store")]
impl From<crate::progress::StoreError> for CliError {
    fn from(e: crate::progress::StoreError) -> Self {
        CliError::Message(e.to_string())
    }
}

/// What a command returns.
pub type CliResult = Result<std::process::ExitCode, CliError>;

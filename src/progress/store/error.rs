//! What can go wrong with a store, always naming the file, and the one conversion from
//! SQLite's errors to ours (`.at(path)`), which tells damaged and foreign files apart.

use super::schema::MIGRATIONS;
use rusqlite::ErrorCode;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum StoreError {
    /// The file exists but is not an SQLite database at all.
    NotADatabase(PathBuf),
    /// An SQLite database, but not one of ours: its tables are listed.
    Foreign {
        path: PathBuf,
        tables: Vec<String>,
    },
    /// Written by a newer Rapport whose schema this one does not know.
    TooNew {
        path: PathBuf,
        version: i64,
    },
    /// SQLite reports the file damaged.
    Corrupt {
        path: PathBuf,
        detail: String,
    },
    Sqlite {
        path: PathBuf,
        error: rusqlite::Error,
    },
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    NoSuchTrainee(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            StoreError::NotADatabase(p) => write!(
                f,
                "{}: not a Rapport progress store (not an SQLite database); left untouched",
                p.display()
            ),
            StoreError::Foreign { path, tables } => write!(
                f,
                "{}: an SQLite database that is not a Rapport progress store (it holds {}); left untouched",
                path.display(),
                if tables.is_empty() {
                    "other data".to_owned()
                } else {
                    format!("tables {}", tables.join(", "))
                }
            ),
            StoreError::TooNew { path, version } => write!(
                f,
                "{}: written by a newer Rapport (schema version {version}, this one knows {}); left untouched",
                path.display(),
                MIGRATIONS.len()
            ),
            StoreError::Corrupt { path, detail } => write!(
                f,
                "{}: the progress store is damaged ({detail}); left untouched — restore a backup or move it aside",
                path.display()
            ),
            StoreError::Sqlite { path, error } => write!(f, "{}: {error}", path.display()),
            StoreError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            StoreError::NoSuchTrainee(name) => write!(f, "no trainee named `{name}` in the store"),
        }
    }
}

impl std::error::Error for StoreError {}

pub type Result<T> = std::result::Result<T, StoreError>;

/// `.at(path)`: an SQLite result as a store result, naming the file.
pub trait AtPath<T> {
    fn at(self, path: &Path) -> Result<T>;
}

impl<T> AtPath<T> for rusqlite::Result<T> {
    fn at(self, path: &Path) -> Result<T> {
        self.map_err(|e| sqlite_error(path, e))
    }
}

pub fn sqlite_error(path: &Path, error: rusqlite::Error) -> StoreError {
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase(path.to_path_buf()),
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: error.to_string(),
        },
        _ => StoreError::Sqlite {
            path: path.to_path_buf(),
            error,
        },
    }
}

//! Progress: every playthrough a trainee finishes or abandons, kept in one SQLite file, and
//! what is read from it: mastery per rule, spaced refreshers, tracks, team reports, and the
//! statements handed to a company's learning record store.

pub mod mastery;
pub mod record;
pub mod reports;
pub mod schedule;
pub mod store;
pub mod tracks;
pub mod xapi;

pub use mastery::Mastery;
pub use record::Recorder;
pub use reports::{Period, TeamReport, TraineeProgress};
pub use schedule::Refresher;
pub use store::{
    InProgress, SessionRecord, SessionSummary, Status, Store, StoreError, Trainee, now_ms,
};
pub use tracks::{Track, TrackKind, TrackProgress};

use std::path::{Path, PathBuf};

/// Where the store lives: `RAPPORT_STORE` if set, else `progress.sqlite3` in the data folder.
pub fn store_path(data_dir: &Path) -> PathBuf {
    std::env::var_os("RAPPORT_STORE")
        .map(PathBuf::from)
        .unwrap_or_else(|| data_dir.join(store::FILE_NAME))
}

/// The platform's data folder for Rapport, unless `RAPPORT_DATA_DIR` names another.
pub fn data_dir() -> Option<PathBuf> {
    std::env::var_os("RAPPORT_DATA_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            directories::ProjectDirs::from("org", "Rapport", "Rapport")
                .map(|d| d.data_dir().to_path_buf())
        })
}

//! Progress: every playthrough a trainee finishes or abandons, kept in one SQLite file, and
//! what is read from it: mastery per rule, spaced refreshers, tracks, team reports, and the
//! statements handed to a company's learning record store.

pub mod mastery;
pub mod record;
pub mod reports;
pub mod schedule;
pub mod session;
pub mod store;
pub mod xapi;

pub use mastery::Mastery;
pub use record::Recorder;
pub use reports::{Period, TeamReport, TraineeProgress};
pub use schedule::Refresher;
pub use store::{
    InProgress, SessionId, SessionRecord, SessionSummary, Status, Store, StoreError, Trainee,
    TraineeId, now_ms,
};

use std::path::{Path, PathBuf};

pub use crate::present::DAY_MS;

/// A moment as ISO 8601 / RFC 3339 in UTC: how exports, JSON reports and xAPI write times.
pub fn iso_time(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

/// Where the store lives: `RAPPORT_STORE` if set, else `progress.sqlite3` in the data folder.
pub fn store_path(data_dir: &Path) -> PathBuf {
    std::env::var_os("RAPPORT_STORE")
        .map(PathBuf::from)
        .unwrap_or_else(|| data_dir.join(store::FILE_NAME))
}

pub use crate::library::data_dir;

//! The machine's settings that the app and the CLI share: the LRS connection (never its secret,
//! which lives in the OS keyring), the team this machine belongs to, and whether names travel.

use super::Store;
use super::error::{AtPath, Result};
use rusqlite::{OptionalExtension, params};

/// The LRS's xAPI endpoint.
pub const LRS_ENDPOINT: &str = "lrs.endpoint";
/// The LRS user (HTTP Basic).
pub const LRS_USER: &str = "lrs.user";
/// The team (cohort) this machine's trainees belong to: in every statement's context, what a
/// trainer pulls by, and part of each new trainee's account.
pub const TEAM: &str = "team";
/// "true" when trainees' display names travel with their statements (off by default).
pub const SHARE_NAMES: &str = "lrs.share-names";

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .at(&self.path)
    }

    /// Sets (`Some`) or removes (`None`) a setting.
    pub fn set_setting(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        match value {
            Some(v) => self.conn.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, v],
            ),
            None => self
                .conn
                .execute("DELETE FROM setting WHERE key = ?1", [key]),
        }
        .at(&self.path)?;
        Ok(())
    }
}

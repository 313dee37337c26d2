//! This machine's connection to the company's LRS, shared by the app and the CLI: the endpoint,
//! user, team and whether names travel live in the store's settings; the secret never does.
//! It comes from `RAPPORT_LRS_PASSWORD` when set, else from the OS keyring (Secret Service on
//! Linux, Keychain on macOS, Credential Manager on Windows).

use super::Lrs;
use crate::progress::store::settings::{LRS_ENDPOINT, LRS_USER, SHARE_NAMES, TEAM};
use crate::progress::store::{Result, Store};

/// The environment variable that holds the secret where no keyring is (servers, CI).
pub const SECRET_VAR: &str = "RAPPORT_LRS_PASSWORD";
const KEYRING_SERVICE: &str = "rapport-lrs";

#[derive(Debug, Clone, PartialEq)]
pub struct Connection {
    pub endpoint: String,
    pub user: Option<String>,
    pub team: Option<String>,
    pub share_names: bool,
}

/// Where the secret came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SecretFrom {
    Environment,
    Keyring,
    /// No user, so no secret is needed.
    NotNeeded,
}

impl Connection {
    /// The connection set on this machine, if one is.
    pub fn load(store: &Store) -> Result<Option<Connection>> {
        let Some(endpoint) = store.setting(LRS_ENDPOINT)? else {
            return Ok(None);
        };
        Ok(Some(Connection {
            endpoint,
            user: store.setting(LRS_USER)?,
            team: store.setting(TEAM)?,
            share_names: store.setting(SHARE_NAMES)?.as_deref() == Some("true"),
        }))
    }

    pub fn save(&self, store: &mut Store) -> Result<()> {
        store.set_setting(LRS_ENDPOINT, Some(&self.endpoint))?;
        store.set_setting(LRS_USER, self.user.as_deref())?;
        store.set_setting(TEAM, self.team.as_deref())?;
        store.set_setting(SHARE_NAMES, self.share_names.then_some("true"))
    }

    /// Forgets the connection (and the secret in the keyring); the team stays, as trainees'
    /// accounts depend on it.
    pub fn remove(store: &mut Store) -> Result<()> {
        if let Some(c) = Connection::load(store)? {
            if let Some(user) = &c.user {
                let _ = keyring_entry(&c.endpoint, user)
                    .and_then(|e| e.delete_credential().map_err(|e| e.to_string()));
            }
        }
        store.set_setting(LRS_ENDPOINT, None)?;
        store.set_setting(LRS_USER, None)?;
        store.set_setting(SHARE_NAMES, None)
    }

    /// The LRS to talk to, its secret found; or why it cannot be.
    pub fn lrs(&self) -> std::result::Result<(Lrs, SecretFrom), String> {
        let mut lrs = Lrs::new(&self.endpoint);
        lrs.username = self.user.clone();
        let from = match &self.user {
            None => SecretFrom::NotNeeded,
            Some(user) => {
                let (secret, from) = secret(&self.endpoint, user)?;
                lrs.password = Some(secret);
                from
            }
        };
        Ok((lrs, from))
    }
}

fn keyring_entry(endpoint: &str, user: &str) -> std::result::Result<keyring::Entry, String> {
    if let Err(e) = keyring::Entry::store_status() {
        return Err(format!("no OS keyring here: {e}"));
    }
    keyring::Entry::new(KEYRING_SERVICE, &format!("{user}@{endpoint}")).map_err(|e| e.to_string())
}

/// The secret for `user` at `endpoint`: `RAPPORT_LRS_PASSWORD`, else the OS keyring.
pub fn secret(endpoint: &str, user: &str) -> std::result::Result<(String, SecretFrom), String> {
    if let Some(s) = std::env::var_os(SECRET_VAR) {
        return Ok((s.to_string_lossy().into_owned(), SecretFrom::Environment));
    }
    keyring_entry(endpoint, user)
        .and_then(|e| e.get_password().map_err(|e| e.to_string()))
        .map(|s| (s, SecretFrom::Keyring))
        .map_err(|why| {
            format!(
                "no secret for {user} at {endpoint}: the OS keyring gave none ({why}); \
                 run `rapport lrs set` again, or set {SECRET_VAR}"
            )
        })
}

/// Keeps the secret in the OS keyring; `Err` says why it could not (no keyring service
/// running, say), in which case nothing was written anywhere.
pub fn keep_secret(endpoint: &str, user: &str, secret: &str) -> std::result::Result<(), String> {
    keyring_entry(endpoint, user)?
        .set_password(secret)
        .map_err(|e| e.to_string())
}

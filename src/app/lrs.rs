//! The app's side of the team's LRS. After each recorded session (on reaching its debrief) and
//! on opening the library, what waits is sent on a thread of its own; a trainer's "Refresh from
//! LRS" pulls on one too. Each thread opens its own connection to the store file (SQLite in WAL
//! lets it write beside the app), the app only reads the outcome from `LrsSync`, and the
//! network never runs on a frame. When a thread ends it wakes the event loop, so the line
//! updates at once even in the reactive desktop mode.

use super::Screen;
use super::catalog::Catalog;
use super::store::ProgressStore;
use crate::progress::Store;
use crate::progress::xapi::connection::Connection;
use crate::progress::xapi::{self, DEFAULT_IRI_BASE, Iris, PullOptions, Shape};
use bevy::prelude::*;
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Busy {
    Sending,
    Pulling,
}

/// What the library and Team screens show of the LRS.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncState {
    /// An LRS is set on this machine (`rapport lrs set`).
    pub connected: bool,
    pub busy: Option<Busy>,
    /// Sessions played here that the LRS has not all taken.
    pub waiting: usize,
    pub last_error: Option<String>,
    /// Sessions the last pull brought.
    pub pulled: Option<usize>,
    /// What the last "Test connection" found: (it answered as it should, in words).
    pub tested: Option<(bool, String)>,
    /// Bumped on every change, for screens to notice.
    pub generation: u64,
}

#[derive(Resource, Clone, Default)]
pub struct LrsSync(Arc<Mutex<SyncState>>);

impl LrsSync {
    pub fn state(&self) -> SyncState {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn update(&self, f: impl FnOnce(&mut SyncState)) {
        let mut s = self.0.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut s);
        s.generation += 1;
    }

    pub fn set_tested(&self, tested: Option<(bool, String)>) {
        self.update(|s| s.tested = tested);
    }

    /// Starts `job` on its own thread unless one is running.
    fn start(
        &self,
        busy: Busy,
        path: PathBuf,
        wake: Option<Waker>,
        job: impl FnOnce(&mut Store, &Connection, &LrsSync) -> Result<(), String> + Send + 'static,
    ) {
        {
            let mut s = self.0.lock().unwrap_or_else(|e| e.into_inner());
            if s.busy.is_some() {
                return;
            }
            s.busy = Some(busy);
            s.generation += 1;
        }
        let sync = self.clone();
        std::thread::spawn(move || {
            let outcome = Store::open(&path)
                .map_err(|e| e.to_string())
                .and_then(|mut store| {
                    let connection = Connection::load(&store).map_err(|e| e.to_string())?;
                    sync.update(|s| s.connected = connection.is_some());
                    match connection {
                        Some(c) => {
                            let done = job(&mut store, &c, &sync);
                            let queue = xapi::queue_status(&store, &c.endpoint)
                                .map_err(|e| e.to_string())?;
                            sync.update(|s| s.waiting = queue.waiting);
                            done
                        }
                        None => Ok(()),
                    }
                });
            sync.update(|s| {
                s.busy = None;
                if let Err(e) = outcome {
                    s.last_error = Some(e);
                }
            });
            if let Some(wake) = wake {
                wake();
            }
        });
    }
}

/// Wakes the app's event loop from another thread.
pub type Waker = Box<dyn Fn() + Send>;

pub fn waker(proxy: Option<Res<EventLoopProxyWrapper>>) -> Option<Waker> {
    let proxy = (**proxy?).clone();
    Some(Box::new(move || {
        let _ = proxy.send_event(WinitUserEvent::WakeUp);
    }))
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LrsSync>();
    app.add_systems(OnEnter(Screen::Library), send);
    app.add_systems(OnEnter(Screen::Debrief), send);
}

/// Sends what waits, in the background.
fn send(
    sync: Res<LrsSync>,
    progress: Res<ProgressStore>,
    catalog: Res<Catalog>,
    wake: Option<Res<EventLoopProxyWrapper>>,
) {
    let Some(path) = progress.file() else { return };
    let titles: BTreeMap<_, _> = catalog
        .entries
        .iter()
        .filter_map(|e| e.scenario.as_ref())
        .map(|s| (s.id.clone(), s.title.clone()))
        .collect();
    let pass_marks: BTreeMap<_, _> = catalog
        .entries
        .iter()
        .filter_map(|e| e.scenario.as_ref())
        .map(|s| (s.id.clone(), s.pass_mark))
        .collect();
    sync.start(Busy::Sending, path, waker(wake), move |store, c, sync| {
        let (lrs, _) = c.lrs()?;
        let shape = Shape::from_settings(store, DEFAULT_IRI_BASE).map_err(|e| e.to_string())?;
        let report = xapi::send_pending(store, &lrs, &shape, &titles, &pass_marks)
            .map_err(|e| e.to_string())?;
        sync.update(|s| s.last_error = report.error.clone());
        Ok(())
    });
}

/// Pulls the team's sessions, in the background (Team's "Refresh from LRS").
pub fn pull(sync: &LrsSync, progress: &ProgressStore, wake: Option<Waker>) {
    let Some(path) = progress.file() else { return };
    sync.start(Busy::Pulling, path, wake, move |store, c, sync| {
        let (lrs, _) = c.lrs()?;
        let options = PullOptions {
            team: c.team.clone(),
            ..PullOptions::default()
        };
        let report = xapi::pull(store, &lrs, &Iris::new(DEFAULT_IRI_BASE), &options)
            .map_err(|e| e.to_string())?;
        sync.update(|s| {
            s.pulled = Some(report.sessions);
            s.last_error = report.error.clone();
        });
        Ok(())
    });
}

/// The library's line about the LRS, in the interface language; `None` with no LRS set.
pub fn library_line(state: &SyncState, prefs: &super::Prefs) -> Option<(String, bool)> {
    if !state.connected {
        return None;
    }
    let mut line = match state.busy {
        Some(Busy::Sending) => prefs.tr("lrs-sending"),
        _ if state.waiting == 0 => prefs.tr("lrs-all-sent"),
        _ => prefs.tr_with("lrs-waiting", &[("n", state.waiting.into())]),
    };
    let bad = state.last_error.is_some();
    if let Some(e) = &state.last_error {
        line = format!(
            "{line} — {}",
            prefs.tr_with("lrs-last-error", &[("why", in_words(e, prefs).into())])
        );
    }
    Some((line, bad))
}

/// A sending error as a trainee can read it: what kind of trouble, not the HTTP client's words
/// (those stay in `rapport lrs status`). An error of no known kind is shown as it is.
pub fn in_words(error: &str, prefs: &super::Prefs) -> String {
    let e = error.to_ascii_lowercase();
    let key =
        if e.contains("refused the statements (401") || e.contains("refused the statements (403") {
            "lrs-error-credentials"
        } else if e.contains("connection refused")
            || e.contains("timed out")
            || e.contains("timeout")
            || e.contains("dns")
            || e.contains("resolve")
            || e.contains("network is unreachable")
            || e.contains("answered 5")
            || e.contains("answered 429")
        {
            "lrs-error-unreachable"
        } else if e.contains("no secret") || e.contains("keyring") {
            "lrs-error-secret"
        } else {
            return error.to_owned();
        };
    prefs.tr(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sending_errors_are_told_in_words_and_unknown_ones_as_they_are() {
        let prefs = super::super::Prefs::default();
        let unreachable = prefs.tr("lrs-error-unreachable");
        assert_eq!(
            in_words(
                "http://127.0.0.1:9/xAPI/statements: io: Connection refused (os error 111)",
                &prefs
            ),
            unreachable
        );
        assert_eq!(
            in_words("https://lrs.example/xAPI/statements answered 503", &prefs),
            unreachable
        );
        assert_eq!(
            in_words(
                "https://lrs.example/xAPI/statements refused the statements (401): no",
                &prefs
            ),
            prefs.tr("lrs-error-credentials")
        );
        assert_eq!(in_words("something new", &prefs), "something new");
        assert!(
            !unreachable.contains("lrs-error"),
            "the table has the key: {unreachable}"
        );
    }
}

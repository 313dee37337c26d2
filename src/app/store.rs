//! The progress store as the app sees it: opened at start in the data folder (kept in memory
//! when the app has none, as in tests and the screenshot tour), the tracks beside the scenarios,
//! and what the library shows of the current trainee. The store is the one list of trainees.
//!
//! A store that cannot be opened (damaged, foreign, newer) is left untouched; the app runs on
//! with an in-memory store and says so on every screen that shows progress.

use super::catalog::{Catalog, OwnScenarios};
use super::{AppOptions, Prefs};
use crate::engine::tracks::Track;
use crate::progress::{Refresher, Store, StoreError, Trainee, now_ms, store_path};
use bevy::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

#[derive(Resource)]
pub struct ProgressStore {
    store: Mutex<Store>,
    /// Why progress is not being kept on disk, when it is not.
    pub problem: Option<String>,
    pub tracks: Vec<Track>,
    /// Problems in `tracks.ron`, as the checker words them.
    pub track_problems: Vec<String>,
}

impl ProgressStore {
    pub fn new(store: Store, problem: Option<String>) -> ProgressStore {
        ProgressStore {
            store: Mutex::new(store),
            problem,
            tracks: Vec::new(),
            track_problems: Vec::new(),
        }
    }

    /// Runs `f` on the store; a failure is logged and becomes `None`.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, StoreError>) -> Option<T> {
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        match f(&mut store) {
            Ok(v) => Some(v),
            Err(e) => {
                warn!("progress store: {e}");
                None
            }
        }
    }

    /// The store's file, when progress is kept on disk (not in memory).
    pub fn file(&self) -> Option<std::path::PathBuf> {
        if self.problem.is_some() {
            return None;
        }
        let store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        let path = store.path();
        (path != std::path::Path::new(":memory:")).then(|| path.to_path_buf())
    }

    /// Every trainee, by name.
    pub fn trainees(&self) -> Vec<Trainee> {
        self.with(|s| s.trainees()).unwrap_or_default()
    }

    /// The trainee at the keyboard, if they are (still) in the store.
    pub fn trainee(&self, prefs: &Prefs) -> Option<Trainee> {
        let name = prefs.trainee()?.to_owned();
        self.with(|s| s.trainee(&name)).flatten()
    }

    /// What the library shows of the current trainee.
    pub fn standing(&self, prefs: &Prefs) -> Standing {
        let Some(t) = self.trainee(prefs) else {
            return Standing::default();
        };
        let refreshers = self
            .with(|s| s.refreshers(Some(t.id)))
            .unwrap_or_default()
            .into_iter()
            .map(|r| (r.scenario_id.clone(), r))
            .collect();
        let in_progress = self
            .with(|s| s.in_progress_ids(t.id))
            .unwrap_or_default()
            .into_iter()
            .collect();
        Standing {
            refreshers,
            in_progress,
            now_ms: now_ms(),
        }
    }
}

/// One trainee's refreshers and runs in progress, by scenario id.
#[derive(Debug, Default)]
pub struct Standing {
    pub refreshers: BTreeMap<String, Refresher>,
    pub in_progress: HashSet<String>,
    pub now_ms: i64,
}

impl Standing {
    pub fn due(&self, scenario: &str) -> bool {
        self.refreshers
            .get(scenario)
            .is_some_and(|r| r.is_due(self.now_ms))
    }

    pub fn best(&self) -> BTreeMap<String, f64> {
        self.refreshers
            .iter()
            .map(|(id, r)| (id.clone(), r.best_score))
            .collect()
    }
}

pub(super) fn plugin(app: &mut App) {
    let options = app.world().resource::<AppOptions>().clone();
    let store = open(&options);
    // Trainees earlier versions listed in prefs.ron join the store, the one list of them.
    let legacy = app
        .world_mut()
        .resource_mut::<Prefs>()
        .take_legacy_trainees();
    for name in legacy {
        store.with(|s| s.ensure_trainee(&name));
    }
    // Someone forgotten (`rapport forget`) is no longer signed in.
    let forgotten = {
        let prefs = app.world().resource::<Prefs>();
        prefs.trainee().is_some() && store.trainee(prefs).is_none()
    };
    if forgotten {
        app.world_mut().resource_mut::<Prefs>().trainee = None;
    }
    app.insert_resource(store);
    app.add_systems(
        Update,
        load_tracks.run_if(resource_exists::<Catalog>.and_then(resource_changed::<Catalog>)),
    );
}

fn open(options: &AppOptions) -> ProgressStore {
    let in_memory = || Store::open_in_memory().expect("an in-memory SQLite database opens");
    let Some(dir) = &options.data_dir else {
        return ProgressStore::new(in_memory(), None);
    };
    let path = store_path(dir);
    match Store::open(&path) {
        Ok(store) => ProgressStore::new(store, None),
        Err(e) => {
            error!("{e}");
            ProgressStore::new(in_memory(), Some(e.to_string()))
        }
    }
}

/// The shipped tracks and the own folder's `tracks.ron`, read again whenever the scenarios
/// change (a trainer editing it sees it live).
fn load_tracks(catalog: Res<Catalog>, own: Res<OwnScenarios>, mut store: ResMut<ProgressStore>) {
    let known: HashSet<String> = catalog
        .entries
        .iter()
        .filter_map(|e| e.scenario.as_ref().map(|s| s.id.clone()))
        .collect();
    let (tracks, diagnostics) = crate::library::load_tracks(own.path(), &known);
    store.tracks = tracks;
    store.track_problems = diagnostics.iter().map(|d| d.to_string()).collect();
}

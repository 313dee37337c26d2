//! The scenarios the app offers: the shipped ones and the trainer's own folder, kept live: a
//! change to a file there reloads it; a broken edit shows the checker's diagnostics in the
//! library while the last good version stays playable. Choosing another folder in Settings
//! loads and watches that one instead.

use super::{AppOptions, Prefs};
use crate::engine::{Diagnostic, Rulebook, Scenario};
use crate::library::{self, Chosen, OwnFolder, SHIPPED_PREFIX};
use crate::locale::Lang;
use bevy::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub struct Entry {
    pub path: String,
    /// Built into Rapport (read-only), rather than a file in the own folder.
    pub shipped: bool,
    /// The scenario to play: the file as it is, or its last good version when `stale`.
    pub scenario: Option<Arc<Scenario>>,
    pub diagnostics: Vec<Diagnostic>,
    /// The file on disk is broken; `scenario` is the last version that loaded.
    pub stale: bool,
}

#[derive(Resource, Debug, Clone)]
pub struct Catalog {
    pub rulebook: Arc<Rulebook>,
    pub rulebook_diagnostics: Vec<Diagnostic>,
    pub entries: Vec<Entry>,
}

impl Catalog {
    /// The shipped scenarios and those in `own`, checked against `company` (else a
    /// `rulebook.ron` in `own`, else the default rulebook).
    pub fn load(own: Option<&Path>, company: Option<&Path>, previous: Option<&Catalog>) -> Self {
        let lib = library::load(own, company);
        let last_good: HashMap<&str, &Arc<Scenario>> = previous
            .map(|p| {
                p.entries
                    .iter()
                    .filter_map(|e| Some((e.path.as_str(), e.scenario.as_ref()?)))
                    .collect()
            })
            .unwrap_or_default();
        let entries: Vec<Entry> = lib
            .entries
            .iter()
            .map(|loaded| {
                let fallback = || last_good.get(loaded.path.as_str()).map(|s| Arc::clone(s));
                let (scenario, stale) = match &loaded.scenario {
                    Some(s) => (Some(Arc::clone(s)), false),
                    None => {
                        let old = fallback();
                        let stale = old.is_some();
                        (old, stale)
                    }
                };
                Entry {
                    path: loaded.path.clone(),
                    shipped: loaded.path.starts_with(SHIPPED_PREFIX),
                    scenario,
                    diagnostics: loaded.diagnostics.clone(),
                    stale,
                }
            })
            .collect();
        // An own file that is broken now still stands in for the shipped scenario it replaced
        // (with its last good version, if any), not the shipped one.
        let own_ids: std::collections::HashSet<&str> = entries
            .iter()
            .filter(|e: &&Entry| !e.shipped)
            .filter_map(|e| e.scenario.as_ref().map(|s| s.id.as_str()))
            .collect();
        let taken: std::collections::HashSet<String> = entries
            .iter()
            .filter(|e| e.shipped)
            .filter_map(|e| e.scenario.as_ref())
            .filter(|s| own_ids.contains(s.id.as_str()))
            .map(|s| s.id.clone())
            .collect();
        let entries: Vec<Entry> = entries
            .into_iter()
            .filter(|e| !(e.shipped && e.scenario.as_ref().is_some_and(|s| taken.contains(&s.id))))
            .collect();
        Catalog {
            rulebook: Arc::clone(&lib.rulebook),
            rulebook_diagnostics: lib.rulebook_diagnostics.clone(),
            entries,
        }
    }

    pub fn find(&self, id: &str) -> Option<&Arc<Scenario>> {
        self.entries
            .iter()
            .filter_map(|e| e.scenario.as_ref())
            .find(|s| s.id == id)
    }

    /// A scenario's title in `lang`, or its id when it is not in the catalog (any more).
    pub fn title(&self, id: &str, lang: Lang) -> String {
        self.find(id)
            .map(|s| s.title.get(lang).to_owned())
            .unwrap_or_else(|| id.to_owned())
    }
}

/// The trainer's own scenarios folder in force (`None`: the shipped scenarios alone).
#[derive(Resource, Clone, Debug, PartialEq, Default)]
pub struct OwnScenarios(pub Option<OwnFolder>);

impl OwnScenarios {
    pub fn path(&self) -> Option<&Path> {
        self.0.as_ref().map(|o| o.path.as_path())
    }

    /// The own folder as the app's options and settings choose it. `RAPPORT_SCENARIOS` counts
    /// only for an app that keeps its data on disk (not for tests and the screenshot tour).
    fn resolve(options: &AppOptions, prefs: &Prefs) -> Self {
        let env = options.data_dir.as_ref().and_then(|_| library::from_env());
        let own = OwnFolder::resolve_with(
            options.scenarios.as_deref(),
            env,
            prefs.scenarios.clone(),
            options.data_dir.as_deref(),
        );
        // The default folder is made at once, so the trainer can open it and drop files in.
        if let Some(o) = &own
            && o.chosen == Chosen::Default
            && let Err(e) = std::fs::create_dir_all(&o.path)
        {
            warn!("cannot make {}: {e}", o.path.display());
        }
        OwnScenarios(own)
    }
}

/// File-change notices from the watcher thread.
#[derive(Resource)]
struct Changes(
    Mutex<Receiver<()>>,
    #[allow(dead_code)] Option<notify::RecommendedWatcher>,
);

pub(super) fn plugin(app: &mut App) {
    let options = app.world().resource::<AppOptions>().clone();
    let own = OwnScenarios::resolve(&options, app.world().resource::<Prefs>());
    app.insert_resource(Catalog::load(own.path(), options.rulebook.as_deref(), None));
    app.insert_resource(own);
    app.add_systems(Startup, watch);
    app.add_systems(
        PreUpdate,
        (follow_settings.run_if(resource_changed::<Prefs>), reload).chain(),
    );
}

/// Settings › Your scenarios changed: load and watch the new folder.
fn follow_settings(
    mut commands: Commands,
    options: Res<AppOptions>,
    prefs: Res<Prefs>,
    mut own: ResMut<OwnScenarios>,
    mut catalog: ResMut<Catalog>,
    proxy: Option<Res<bevy::winit::EventLoopProxyWrapper>>,
) {
    let now = OwnScenarios::resolve(&options, &prefs);
    if now == *own {
        return;
    }
    *own = now;
    *catalog = Catalog::load(own.path(), options.rulebook.as_deref(), Some(&catalog));
    commands.insert_resource(watcher(own.path(), proxy.map(|p| (**p).clone())));
}

fn watch(
    mut commands: Commands,
    own: Res<OwnScenarios>,
    proxy: Option<Res<bevy::winit::EventLoopProxyWrapper>>,
) {
    commands.insert_resource(watcher(own.path(), proxy.map(|p| (**p).clone())));
}

/// A watcher on `dir` (recursive) that wakes the event loop on every change.
fn watcher(
    dir: Option<&Path>,
    proxy: Option<bevy::winit::EventLoopProxy<bevy::winit::WinitUserEvent>>,
) -> Changes {
    use notify::Watcher;
    let (tx, rx) = channel();
    let Some(dir) = dir.filter(|d| d.is_dir()) else {
        return Changes(Mutex::new(rx), None);
    };
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| e.kind.is_modify() || e.kind.is_create() || e.kind.is_remove()) {
            let _ = tx.send(());
            // Wake the event loop: the app may be idle, drawing nothing until an event comes.
            if let Some(proxy) = &proxy {
                let _ = proxy.send_event(bevy::winit::WinitUserEvent::WakeUp);
            }
        }
    });
    let watcher = match watcher {
        Ok(mut w) => match w.watch(dir, notify::RecursiveMode::Recursive) {
            Ok(()) => Some(w),
            Err(e) => {
                warn!("not watching {} for changes: {e}", dir.display());
                None
            }
        },
        Err(e) => {
            warn!("no file watcher: {e}");
            None
        }
    };
    Changes(Mutex::new(rx), watcher)
}

fn reload(
    changes: Option<Res<Changes>>,
    options: Res<AppOptions>,
    own: Res<OwnScenarios>,
    mut catalog: ResMut<Catalog>,
) {
    let Some(changes) = changes else { return };
    let rx = changes
        .0
        .lock()
        .expect("only this system reads the channel");
    if rx.try_iter().count() == 0 {
        return;
    }
    // Editors write in bursts; give the file a moment to be complete.
    std::thread::sleep(std::time::Duration::from_millis(50));
    let _ = rx.try_iter().count();
    let fresh = Catalog::load(own.path(), options.rulebook.as_deref(), Some(&catalog));
    for d in fresh
        .entries
        .iter()
        .flat_map(|e| &e.diagnostics)
        .filter(|d| d.is_error())
    {
        warn!("{d}");
    }
    *catalog = fresh;
}

//! The scenarios the app offers, kept live: a change to a scenario file reloads it; a broken
//! edit shows the checker's diagnostics in the library while the last good version stays
//! playable.

use super::AppOptions;
use crate::engine::{Diagnostic, Rulebook, Scenario, load_library};
use crate::locale::Lang;
use bevy::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub struct Entry {
    pub path: String,
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
    pub fn load(dir: &PathBuf, previous: Option<&Catalog>) -> Self {
        let lib = load_library(std::slice::from_ref(dir), None);
        let last_good: HashMap<&str, &Arc<Scenario>> = previous
            .map(|p| {
                p.entries
                    .iter()
                    .filter_map(|e| Some((e.path.as_str(), e.scenario.as_ref()?)))
                    .collect()
            })
            .unwrap_or_default();
        let entries = lib
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
                    scenario,
                    diagnostics: loaded.diagnostics.clone(),
                    stale,
                }
            })
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

/// File-change notices from the watcher thread.
#[derive(Resource)]
struct Changes(
    Mutex<Receiver<()>>,
    #[allow(dead_code)] Option<notify::RecommendedWatcher>,
);

pub(super) fn plugin(app: &mut App) {
    let options = app.world().resource::<AppOptions>().clone();
    app.insert_resource(Catalog::load(&options.scenarios, None));
    app.add_systems(Startup, watch);
    app.add_systems(PreUpdate, reload);
}

fn watch(
    mut commands: Commands,
    options: Res<AppOptions>,
    proxy: Option<Res<bevy::winit::EventLoopProxyWrapper>>,
) {
    use notify::Watcher;
    let (tx, rx) = channel();
    let proxy = proxy.map(|p| (**p).clone());
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
        Ok(mut w) => match w.watch(&options.scenarios, notify::RecursiveMode::Recursive) {
            Ok(()) => Some(w),
            Err(e) => {
                warn!(
                    "not watching {} for changes: {e}",
                    options.scenarios.display()
                );
                None
            }
        },
        Err(e) => {
            warn!("no file watcher: {e}");
            None
        }
    };
    commands.insert_resource(Changes(Mutex::new(rx), watcher));
}

fn reload(changes: Option<Res<Changes>>, options: Res<AppOptions>, mut catalog: ResMut<Catalog>) {
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
    let fresh = Catalog::load(&options.scenarios, Some(&catalog));
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

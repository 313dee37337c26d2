//! The interface tables as the app sees them: built into the binary, or, for a translator at
//! work, read from the folder `RAPPORT_TABLES` names (`RAPPORT_TABLES=assets/locale rapport`)
//! when the app starts and again whenever they save, so an edit shows at once. A table with a
//! syntax error or a missing key is reported in the library at its line and column, and the
//! last good tables stay in use (at first, the built-in ones).

use super::Prefs;
use crate::locale::{self, Tables};
use bevy::prelude::*;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, channel};

/// Why the tables on disk are not the ones in use, if they are not.
#[derive(Resource, Default, Debug)]
pub struct TableProblems(pub Vec<String>);

/// The environment variable naming a folder of tables to use and watch instead of the built-in.
pub const TABLES_ENV: &str = "RAPPORT_TABLES";

#[derive(Resource)]
struct TablesDir {
    dir: PathBuf,
    changes: Mutex<Receiver<()>>,
    _watcher: Option<notify::RecommendedWatcher>,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<TableProblems>();
    let Some(dir) = std::env::var_os(TABLES_ENV).map(PathBuf::from) else {
        return;
    };
    if !dir.join("en.ftl").is_file() {
        let problem = format!("{TABLES_ENV}={}: no en.ftl there", dir.display());
        warn!("{problem}");
        app.insert_resource(TableProblems(vec![problem]));
        return;
    }
    let problems = read(&dir);
    let dir_for_reload = dir.clone();
    app.insert_resource(TableProblems(problems));
    let (tx, rx) = channel();
    let watcher = {
        use notify::Watcher;
        notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if event.is_ok_and(|e| e.kind.is_modify() || e.kind.is_create()) {
                let _ = tx.send(());
            }
        })
        .and_then(|mut w| {
            w.watch(&dir, notify::RecursiveMode::NonRecursive)
                .map(|()| w)
        })
        .map_err(|e| warn!("not watching {} for changes: {e}", dir.display()))
        .ok()
    };
    app.insert_resource(TablesDir {
        dir: dir_for_reload,
        changes: Mutex::new(rx),
        _watcher: watcher,
    });
    app.add_systems(PreUpdate, reload);
}

/// Reads the folder's tables: installs them if they are sound, else says why not.
fn read(dir: &std::path::Path) -> Vec<String> {
    match Tables::load_dir(dir) {
        Ok(tables) => {
            locale::install(tables);
            Vec::new()
        }
        Err(problems) => {
            let problems: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
            for p in &problems {
                warn!("{p}");
            }
            problems
        }
    }
}

fn reload(dir: Res<TablesDir>, mut problems: ResMut<TableProblems>, mut prefs: ResMut<Prefs>) {
    let changed = dir
        .changes
        .lock()
        .map(|rx| rx.try_iter().count() > 0)
        .unwrap_or(false);
    if !changed {
        return;
    }
    // Editors write in bursts; give the file a moment to be complete.
    std::thread::sleep(std::time::Duration::from_millis(50));
    problems.0 = read(&dir.dir);
    // Every screen is rebuilt in the new words.
    prefs.set_changed();
}

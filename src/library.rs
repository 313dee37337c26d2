//! Where scenarios come from: the library built into Rapport (read-only, the same wherever it is
//! installed) and the trainer's own folder, read and watched as they edit it. A scenario in the
//! own folder with the id of a shipped one replaces it, and `check` says so.

use crate::engine::load::{
    BuiltGraph, Library, Loaded, TRACKS_NAME, load_library_with, load_scenario_str, load_source,
    on_every_core,
};
use crate::engine::tracks::{self, Track};
use crate::engine::{Diagnostic, Rulebook, locate};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Names a trainer sees for what is built in: not a path anyone can open, so never mistaken for one.
pub const SHIPPED_PREFIX: &str = "<shipped>/";

macro_rules! shipped {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../scenarios/", $name)))),*]
    };
}

/// The shipped scenarios, as (file name, source). `tests/shipped_scenarios.rs` fails if this
/// list and the `scenarios/` folder disagree.
pub static SCENARIOS: &[(&str, &str)] = shipped![
    "angry-complainant.ron",
    "broken-lace.ron",
    "camera-for-the-trip.ron",
    "cannot-please.ron",
    "chat-outage.ron",
    "colleague-shortcut.ron",
    "condescending-tone.ron",
    "counter-return.ron",
    "email-bounced-around.ron",
    "email-quote.ron",
    "escalation-call.ron",
    "follow-up-call.ron",
    "helping-a-form.ron",
    "interrupted-caller.ron",
    "on-hold.ron",
    "out-of-hours-notice.ron",
    "pre-sale-chat.ron",
    "promise-you-cannot-keep.ron",
    "public-complaint.ron",
    "record-update.ron",
    "repeating-defect.ron",
    "returning-customer.ron",
    "second-chat-waiting.ron",
    "second-sale.ron",
    "social-product-question.ron",
    "unanswered-email-queue.ron",
    "viral-complaint.ron",
    "voicemail-callback.ron",
    "warm-transfer.ron",
    "weekend-cover.ron",
];

/// The shipped onboarding and refresher tracks.
pub static TRACKS: &str = include_str!("../scenarios/tracks.ron");

/// The environment variable that names the trainer's own scenarios folder.
pub const SCENARIOS_ENV: &str = "RAPPORT_SCENARIOS";

/// The platform's data folder for Rapport, unless `RAPPORT_DATA_DIR` names another.
pub fn data_dir() -> Option<PathBuf> {
    std::env::var_os("RAPPORT_DATA_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            directories::ProjectDirs::from("org", "Rapport", "Rapport")
                .map(|d| d.data_dir().to_path_buf())
        })
}

/// How the own folder was chosen: an error about it says where to change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chosen {
    /// `--scenarios DIR`.
    Flag,
    /// `RAPPORT_SCENARIOS`.
    Env,
    /// Settings › Your scenarios, in the app.
    Settings,
    /// `scenarios` in the data folder: made when the app first starts.
    Default,
}

/// The trainer's own scenarios folder and how it was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnFolder {
    pub path: PathBuf,
    pub chosen: Chosen,
}

impl OwnFolder {
    /// The folder in force: `--scenarios`, else `RAPPORT_SCENARIOS`, else the one set in the
    /// app's Settings, else `scenarios` in the data folder (None without a data folder).
    pub fn resolve(flag: Option<&Path>) -> Option<OwnFolder> {
        let data = data_dir();
        let settings = data.as_deref().and_then(settings_folder);
        OwnFolder::resolve_with(flag, from_env(), settings, data.as_deref())
    }

    /// `resolve` with each source given: the app passes its settings as they stand.
    pub fn resolve_with(
        flag: Option<&Path>,
        env: Option<PathBuf>,
        settings: Option<PathBuf>,
        data_dir: Option<&Path>,
    ) -> Option<OwnFolder> {
        let chosen = |path: PathBuf, chosen| Some(OwnFolder { path, chosen });
        if let Some(path) = flag {
            return chosen(path.to_path_buf(), Chosen::Flag);
        }
        if let Some(path) = env {
            return chosen(path, Chosen::Env);
        }
        if let Some(path) = settings {
            return chosen(path, Chosen::Settings);
        }
        chosen(default_folder(data_dir?), Chosen::Default)
    }

    /// A folder named on purpose that is not there is a mistake to report; the default one
    /// missing only means the trainer has written nothing yet.
    pub fn is_missing_by_mistake(&self) -> bool {
        self.chosen != Chosen::Default && !self.path.is_dir()
    }
}

/// `RAPPORT_SCENARIOS`, when set and not empty.
pub fn from_env() -> Option<PathBuf> {
    std::env::var_os(SCENARIOS_ENV)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

/// Where the trainer's own scenarios go unless they choose a folder.
pub fn default_folder(data_dir: &Path) -> PathBuf {
    data_dir.join("scenarios")
}

/// The folder chosen in the app's Settings: the `scenarios` field of `prefs.ron`, which the CLI
/// honours too so both see the same library.
pub fn settings_folder(data_dir: &Path) -> Option<PathBuf> {
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct Prefs {
        scenarios: Option<PathBuf>,
    }
    let text = std::fs::read_to_string(data_dir.join(PREFS_NAME)).ok()?;
    ron::from_str::<Prefs>(&text).ok()?.scenarios
}

/// The app's settings file in the data folder.
pub const PREFS_NAME: &str = "prefs.ron";

/// The library: shipped scenarios and those in `own` (when it is a folder), checked against the
/// rulebook in force (`company`, else a `rulebook.ron` in the own folder, else the default).
pub fn load(own: Option<&Path>, company: Option<&Path>) -> Library {
    load_with(own, company, true, &|_, _, _| ()).0
}

/// Like `load`, calling `visit` with each scenario as it is loaded (and the state graph the
/// loop check built for it, if any), on every core; what `visit` returns comes back in the
/// order of the library's entries (own files, then the shipped scenarios they do not
/// replace). With `keep` false the scenarios are dropped after the visit.
pub fn load_with<T: Send>(
    own: Option<&Path>,
    company: Option<&Path>,
    keep: bool,
    visit: &(dyn Fn(&Loaded, &Rulebook, Option<BuiltGraph>) -> T + Sync),
) -> (Library, Vec<T>) {
    let paths: Vec<PathBuf> = own
        .filter(|p| p.is_dir())
        .map(Path::to_path_buf)
        .into_iter()
        .collect();
    let (mut library, mut visits) = load_library_with(&paths, company, keep, visit);
    let replaced = note_replacements(&mut library.entries);
    let rulebook = &library.rulebook;
    let shipped = on_every_core(SCENARIOS, |(name, src)| {
        let (mut loaded, graph) = load_source(&format!("{SHIPPED_PREFIX}{name}"), src, rulebook);
        if loaded.id.as_ref().is_some_and(|id| replaced.contains(id)) {
            return None;
        }
        let visited = visit(&loaded, rulebook, graph);
        if !keep {
            loaded.scenario = None;
        }
        Some((loaded, visited))
    });
    for (loaded, visited) in shipped.into_iter().flatten() {
        library.entries.push(loaded);
        visits.push(visited);
    }
    (library, visits)
}

/// One shipped scenario, loaded like a file but named as built in.
pub fn load_shipped(name: &str, src: &str, rulebook: &Arc<Rulebook>) -> Loaded {
    load_scenario_str(&format!("{SHIPPED_PREFIX}{name}"), src, rulebook)
}

/// A shipped scenario's id and the hash of its source.
pub struct ShippedId {
    pub name: &'static str,
    pub id: String,
    hash: String,
}

/// The shipped scenarios' ids, parsed once.
pub fn shipped_ids() -> &'static [ShippedId] {
    static IDS: OnceLock<Vec<ShippedId>> = OnceLock::new();
    IDS.get_or_init(|| {
        SCENARIOS
            .iter()
            .filter_map(|(name, src)| {
                let s = crate::engine::load::parse_scenario(name, src).ok()?;
                Some(ShippedId {
                    name,
                    id: s.id,
                    hash: blake3::hash(src.as_bytes()).to_hex().to_string(),
                })
            })
            .collect()
    })
}

/// Gives each own scenario that takes a shipped scenario's id a note saying it replaces it,
/// and returns the ids replaced. A file identical to the shipped one (a copy, or Rapport's own
/// source folder) replaces it without a note.
pub fn note_replacements(entries: &mut [Loaded]) -> HashSet<String> {
    let shipped: HashMap<&str, &ShippedId> =
        shipped_ids().iter().map(|s| (s.id.as_str(), s)).collect();
    let mut replaced = HashSet::new();
    for entry in entries.iter_mut() {
        let Some(id) = entry.id.clone() else { continue };
        let Some(original) = shipped.get(id.as_str()) else {
            continue;
        };
        replaced.insert(id.clone());
        let src = std::fs::read_to_string(&entry.path).unwrap_or_default();
        if blake3::hash(src.as_bytes()).to_hex().as_str() == original.hash {
            continue;
        }
        let at = locate::locate(&src, &[locate::Needle::Field("id")]);
        entry.diagnostics.push(
            Diagnostic::note(
                &entry.path,
                format!(
                    "replaces the shipped scenario `{id}` ({SHIPPED_PREFIX}{}): trainees play this \
                     file, and their sessions stay under the same id",
                    original.name
                ),
            )
            .at_offset(&src, at),
        );
    }
    replaced
}

/// The tracks in force: the shipped ones, and those in the own folder's `tracks.ron` (a track
/// there with a shipped track's id replaces it). `known`: the library's scenario ids.
pub fn load_tracks(own: Option<&Path>, known: &HashSet<String>) -> (Vec<Track>, Vec<Diagnostic>) {
    let (mut all, mut diagnostics) =
        tracks::parse(&format!("{SHIPPED_PREFIX}{TRACKS_NAME}"), TRACKS, known);
    if let Some(dir) = own {
        let (own_tracks, own_diagnostics) = tracks::load(&dir.join(TRACKS_NAME), known);
        diagnostics.extend(own_diagnostics);
        for track in own_tracks {
            match all.iter_mut().find(|t| t.id == track.id) {
                Some(slot) => *slot = track,
                None => all.push(track),
            }
        }
    }
    (all, diagnostics)
}

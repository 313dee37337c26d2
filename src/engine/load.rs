//! The one door from disk into the engine: reads scenario and rulebook files, parses them,
//! checks them and places every problem at a line and column. A bad file never stops the
//! others from loading.

use super::analysis::{AnalysisError, StateGraph};
use super::diagnostic::{Diagnostic, Severity};
use super::locate::{Finding, Needle, locate};
use super::rulebook::{self, DEFAULT_RULEBOOK, DEFAULT_RULEBOOK_PATH, Rulebook, RulebookFile};
use super::scenario::Scenario;
use super::validate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Scenario and rulebook files above this size are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// A company rulebook found beside the scenarios is used for them.
pub const COMPANY_RULEBOOK_NAME: &str = "rulebook.ron";
/// Onboarding and refresher tracks, read by the progress store, not as a scenario.
pub const TRACKS_NAME: &str = "tracks.ron";

/// RON as trainers write it: `Some` may be left out, and node kinds wrap their fields directly.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(
        ron::extensions::Extensions::IMPLICIT_SOME
            | ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES,
    )
}

/// Parses scenario source into the model, with no checks beyond the format itself.
pub fn parse_scenario(path: &str, src: &str) -> Result<Scenario, Diagnostic> {
    ron_options()
        .from_str::<Scenario>(src)
        .map_err(|e| ron_diagnostic(path, src, &e))
}

pub(crate) fn ron_diagnostic(path: &str, src: &str, e: &ron::error::SpannedError) -> Diagnostic {
    Diagnostic::error(path, ron_message(&e.code)).at(src, e.span.start.line, e.span.start.col)
}

fn ron_message(code: &ron::Error) -> String {
    let text = code.to_string();
    // ron names the struct when a field is missing; say it the way a trainer reads it.
    text.replace("Unexpected missing field", "Missing field")
}

/// A scenario file after loading: the scenario if it is fit to play, and every problem found.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: String,
    /// The scenario's id, when the file parsed far enough to have one.
    pub id: Option<String>,
    pub scenario: Option<Arc<Scenario>>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The state graph the loop check built for a scenario whose nodes form a loop (or why it
/// could not), handed to the visitor of `load_library_with` so that it is built only once.
pub type BuiltGraph = Result<StateGraph, AnalysisError>;

/// Loads one scenario from source: parse, index, hash, check, and play its test plans.
pub fn load_scenario_str(path: &str, src: &str, rulebook: &Arc<Rulebook>) -> Loaded {
    load_source(path, src, rulebook).0
}

/// `load_scenario_str`, with the state graph the loop check built, if it built one.
pub(crate) fn load_source(
    path: &str,
    src: &str,
    rulebook: &Arc<Rulebook>,
) -> (Loaded, Option<BuiltGraph>) {
    let mut scenario = match parse_scenario(path, src) {
        Ok(s) => s,
        Err(d) => {
            let loaded = Loaded {
                path: path.to_owned(),
                id: None,
                scenario: None,
                diagnostics: vec![d],
            };
            return (loaded, None);
        }
    };
    scenario.hash = blake3::hash(src.as_bytes()).to_hex().to_string();
    let id = scenario.id.clone();
    scenario.index = validate::index_nodes(&scenario);
    let mut findings = validate::check_structure(&scenario, rulebook);
    let playable = !findings.iter().any(|f| f.severity == Severity::Error);
    // Structural errors make a scenario unplayable; a failing test plan or a loop is still an
    // error for `check`, but the scenario plays as written.
    let scenario = playable.then(|| Arc::new(scenario));
    let mut graph = None;
    if let Some(s) = &scenario {
        let (behaviour, built) = validate::check_behaviour_keeping_graph(s, rulebook);
        findings.extend(behaviour);
        graph = built;
    }
    let loaded = Loaded {
        path: path.to_owned(),
        id: Some(id),
        scenario,
        diagnostics: findings.into_iter().map(|f| place(path, src, f)).collect(),
    };
    (loaded, graph)
}

/// Loads one scenario file, refusing absurd sizes and text that is not UTF-8.
pub fn load_scenario_file(path: &Path, rulebook: &Arc<Rulebook>) -> Loaded {
    load_file(path, rulebook).0
}

/// `load_scenario_file`, with the state graph the loop check built, if it built one.
fn load_file(path: &Path, rulebook: &Arc<Rulebook>) -> (Loaded, Option<BuiltGraph>) {
    let label = path.display().to_string();
    match read_source(path) {
        Ok(src) => {
            let (mut loaded, graph) = load_source(&label, &src, rulebook);
            let assets = assets_root(path);
            if let (Some(s), Some(assets)) = (&mut loaded.scenario, assets) {
                let missing = missing_voices(s, &assets);
                loaded
                    .diagnostics
                    .extend(missing.into_iter().map(|f| place(&label, &src, f)));
                if let Some(s) = Arc::get_mut(s) {
                    s.assets = Some(assets);
                }
            }
            (loaded, graph)
        }
        Err(d) => {
            let loaded = Loaded {
                path: label,
                id: None,
                scenario: None,
                diagnostics: vec![d],
            };
            (loaded, None)
        }
    }
}

/// Reads a trainer's file, refusing absurd sizes before reading and naming the file on failure.
pub fn read_source(path: &Path) -> Result<String, Diagnostic> {
    let label = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(&label, format!("cannot read the file: {e}")))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            &label,
            format!(
                "the file is {:.1} MB; scenario and rulebook files are limited to {} MB",
                meta.len() as f64 / 1e6,
                MAX_FILE_BYTES / 1024 / 1024
            ),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(&label, format!("cannot read the file: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let src = String::from_utf8_lossy(e.as_bytes()).into_owned();
        Diagnostic::error(
            &label,
            "the file is not UTF-8 text (save it as UTF-8 in your editor)",
        )
        .at_offset(&src, valid)
    })
}

/// Every scenario found under the given files and folders, and the rulebook used to check them.
#[derive(Debug, Clone)]
pub struct Library {
    pub rulebook: Arc<Rulebook>,
    /// Problems in the rulebook files; when there are errors the default rulebook stands in.
    pub rulebook_diagnostics: Vec<Diagnostic>,
    pub entries: Vec<Loaded>,
}

impl Library {
    pub fn scenarios(&self) -> impl Iterator<Item = &Arc<Scenario>> {
        self.entries.iter().filter_map(|e| e.scenario.as_ref())
    }

    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.rulebook_diagnostics
            .iter()
            .chain(self.entries.iter().flat_map(|e| &e.diagnostics))
    }

    pub fn find(&self, id: &str) -> Option<&Arc<Scenario>> {
        self.scenarios().find(|s| s.id == id)
    }
}

/// Loads every `.ron` scenario under `paths` (folders are searched recursively, in name order).
/// A `rulebook.ron` found in a folder is that company's rulebook unless `company` names one.
pub fn load_library(paths: &[PathBuf], company: Option<&Path>) -> Library {
    load_library_with(paths, company, true, &|_, _, _| ()).0
}

/// Like `load_library`, calling `visit` with each file as it is loaded, and with the state
/// graph the loop check built for it, if any (see `BuiltGraph`). Files are loaded and visited
/// on every core; what `visit` returns comes back in the order of the library's entries. With
/// `keep` false the scenarios are dropped after the visit, so a large library is checked in
/// little memory.
pub fn load_library_with<T: Send>(
    paths: &[PathBuf],
    company: Option<&Path>,
    keep: bool,
    visit: &(dyn Fn(&Loaded, &Rulebook, Option<BuiltGraph>) -> T + Sync),
) -> (Library, Vec<T>) {
    let mut files = Vec::new();
    let mut found_rulebook = None;
    let mut walk_errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect_ron_files(path, &mut files, &mut found_rulebook, &mut walk_errors);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            walk_errors.push(Diagnostic::error(
                &path.display().to_string(),
                "no such file or folder",
            ));
        }
    }
    let company = company.map(Path::to_path_buf).or(found_rulebook);
    let (rulebook, mut rulebook_diagnostics) = load_rulebook(company.as_deref());
    rulebook_diagnostics.extend(walk_errors);
    let rulebook = Arc::new(rulebook);
    let (mut entries, visits): (Vec<Loaded>, Vec<T>) = on_every_core(&files, |f| {
        let (mut loaded, graph) = load_file(f, &rulebook);
        let visited = visit(&loaded, &rulebook, graph);
        if !keep {
            loaded.scenario = None;
        }
        (loaded, visited)
    })
    .into_iter()
    .unzip();
    reject_duplicate_ids(&mut entries);
    let library = Library {
        rulebook,
        rulebook_diagnostics,
        entries,
    };
    (library, visits)
}

/// `f` of each item, worked out on every core the process may use, in the items' order.
pub(crate) fn on_every_core<I: Sync, T: Send>(items: &[I], f: impl Fn(&I) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else {
                            return mine;
                        };
                        mine.push((i, f(item)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, t)| t).collect()
}

fn collect_ron_files(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    rulebook: &mut Option<PathBuf>,
    errors: &mut Vec<Diagnostic>,
) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            errors.push(Diagnostic::error(
                &dir.display().to_string(),
                format!("cannot read the folder: {e}"),
            ));
            return;
        }
    };
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_ron_files(&path, files, rulebook, errors);
        } else if path.file_name().is_some_and(|n| n == COMPANY_RULEBOOK_NAME) {
            rulebook.get_or_insert(path);
        } else if path.file_name().is_some_and(|n| n == TRACKS_NAME) {
            continue;
        } else if path.extension().is_some_and(|e| e == "ron") {
            files.push(path);
        }
    }
}

/// The second file that claims an id already taken loses it: sessions are stored by id.
fn reject_duplicate_ids(entries: &mut [Loaded]) {
    let mut first: HashMap<String, String> = HashMap::new();
    for entry in entries.iter_mut() {
        let Some(id) = entry.id.clone() else {
            continue;
        };
        if let Some(other) = first.get(&id) {
            let src = std::fs::read_to_string(&entry.path).unwrap_or_default();
            let at = locate(&src, &[Needle::Field("id")]);
            entry.diagnostics.push(
                Diagnostic::error(
                    &entry.path,
                    format!("scenario id `{id}` is already used by {other}"),
                )
                .at_offset(&src, at),
            );
            entry.scenario = None;
            entry.id = None;
        } else {
            first.insert(id, entry.path.clone());
        }
    }
}

/// The rulebook in force: the shipped default, with a company file applied when given.
/// On any error the problems are returned along with the default rulebook, so scenarios
/// can still be checked.
pub fn load_rulebook(company: Option<&Path>) -> (Rulebook, Vec<Diagnostic>) {
    let default_file = parse_rulebook(DEFAULT_RULEBOOK_PATH, DEFAULT_RULEBOOK)
        .expect("the built-in rulebook is checked by the test suite");
    let mut diagnostics = Vec::new();
    let company_file = company.and_then(|path| {
        let label = path.display().to_string();
        let parsed =
            read_source(path).and_then(|src| parse_rulebook(&label, &src).map(|file| (file, src)));
        match parsed {
            Ok(file) => Some((label, file)),
            Err(d) => {
                diagnostics.push(d);
                None
            }
        }
    });
    let (company_label, company_src, company_rules) = match company_file {
        Some((label, (file, src))) => (label, src, Some(file)),
        None => (String::new(), String::new(), None),
    };
    match rulebook::assemble(default_file.clone(), company_rules) {
        Ok(book) if diagnostics.is_empty() => (book, diagnostics),
        Ok(_) => (default_rulebook(), diagnostics),
        Err(problems) => {
            for (in_company, p) in problems {
                let (label, src) = if in_company {
                    (company_label.as_str(), company_src.as_str())
                } else {
                    (DEFAULT_RULEBOOK_PATH, DEFAULT_RULEBOOK)
                };
                let at = locate(
                    src,
                    &[Needle::Quoted(p.anchor.trim_matches('"').to_owned())],
                );
                diagnostics.push(Diagnostic::error(label, p.message).at_offset(src, at));
            }
            (default_rulebook(), diagnostics)
        }
    }
}

fn parse_rulebook(path: &str, src: &str) -> Result<RulebookFile, Diagnostic> {
    ron_options()
        .from_str::<RulebookFile>(src)
        .map_err(|e| ron_diagnostic(path, src, &e))
}

/// The shipped default rulebook on its own.
pub fn default_rulebook() -> Rulebook {
    let file = parse_rulebook(DEFAULT_RULEBOOK_PATH, DEFAULT_RULEBOOK)
        .expect("the built-in rulebook is checked by the test suite");
    rulebook::assemble(file, None).expect("the built-in rulebook is checked by the test suite")
}

fn place(path: &str, src: &str, finding: Finding) -> Diagnostic {
    let at = locate(src, &finding.at);
    Diagnostic {
        severity: finding.severity,
        ..Diagnostic::error(path, finding.message)
    }
    .at_offset(src, at)
}

/// The `assets/` folder beside the scenarios: the nearest ancestor of the file that has one.
fn assets_root(file: &Path) -> Option<PathBuf> {
    let absolute = std::fs::canonicalize(file).ok()?;
    absolute
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("assets"))
        .find(|a| a.is_dir())
}

/// Voice clips a scenario names that are not in the assets folder: a warning, since the app
/// then plays its speaking sound instead.
fn missing_voices(s: &Scenario, assets: &Path) -> Vec<Finding> {
    s.nodes
        .iter()
        .flat_map(|n| n.lines().iter().map(move |l| (n.id(), l)))
        .filter_map(|(node, line)| {
            let voice = line.voice.as_ref()?;
            (!assets.join(voice).is_file()).then(|| Finding {
                severity: Severity::Warning,
                message: format!(
                    "voice clip `{voice}` is not in {}; the speaking sound plays instead",
                    assets.display()
                ),
                at: vec![
                    Needle::Id(node.to_owned()),
                    Needle::Id(line.id.clone()),
                    Needle::Field("voice"),
                ],
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_on_every_core_comes_back_in_order() {
        let items: Vec<u64> = (0..1000).collect();
        // Uneven work, so that the threads finish out of order.
        let work = |&i: &u64| (0..(i % 7) * 1000).fold(i, |a, b| a.wrapping_mul(31) ^ b);
        let sequential: Vec<u64> = items.iter().map(work).collect();
        assert_eq!(on_every_core(&items, work), sequential);
        assert!(on_every_core(&[] as &[u64], work).is_empty());
    }
}

//! `rapport check`: every problem in the scenarios and the rulebook, placed at a line and
//! column, with a JSON report of what the set covers.

use super::{CliError, CliResult, Format, LibraryArg};
use crate::engine::Rulebook;
use crate::engine::analysis::{LONGEST_SHARE_LIMIT, RANK_SHARE_LIMIT, StateGraph, Tells, tells};
use crate::engine::load::{BuiltGraph, TRACKS_NAME, load_library_with};
use crate::engine::scenario::Channel;
use crate::engine::{Diagnostic, Library, Loaded, Severity};
use crate::locale::{Lang, tr_with};
use serde::Serialize;
use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario files or folders (searched recursively), and interface-table folders
    /// (default: the whole library, shipped scenarios and your own).
    paths: Vec<PathBuf>,
    /// With paths, `--rulebook` names a company rulebook (default: a rulebook.ron among them).
    #[command(flatten)]
    library: LibraryArg,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Serialize)]
struct Report<'a> {
    files: usize,
    scenarios_ok: usize,
    errors: usize,
    warnings: usize,
    /// Rules in the rulebook in force.
    rules: Vec<&'a str>,
    /// Rules at least one scenario scores.
    rules_covered: BTreeSet<&'a str>,
    channels_covered: BTreeSet<&'static str>,
    functions_covered: BTreeSet<&'static str>,
    /// Languages every text of at least one scenario is written in.
    languages_covered: BTreeSet<String>,
    /// Answers that give themselves away, added up over the library.
    tells: Tells,
    scenarios: Vec<ScenarioSummary<'a>>,
    diagnostics: Vec<&'a Diagnostic>,
}

#[derive(Serialize)]
struct ScenarioSummary<'a> {
    path: &'a str,
    id: Option<&'a str>,
    hash: Option<&'a str>,
    channel: Option<&'static str>,
    function: Option<&'static str>,
    /// Languages every text of this scenario is written in.
    languages: BTreeSet<String>,
    tests: usize,
    ok: bool,
    tells: Option<&'a Tells>,
}

pub fn run(args: Args, lang: Lang) -> CliResult {
    let company = args.library.rulebook.as_deref();
    let (library, seen_all, tracks) = if args.paths.is_empty() {
        let own = args.library.own(lang)?;
        let own = own.as_ref().map(|o| o.path.as_path());
        let (library, seen_all) = crate::library::load_with(own, company, false, &seen);
        let tracks = crate::library::load_tracks(own, &ready_ids(&library)).1;
        (library, seen_all, tracks)
    } else {
        let (mut library, seen_all) = load_library_with(&args.paths, company, false, &seen);
        crate::library::note_replacements(&mut library.entries);
        let mut tracks = check_tracks(&args.paths, &library);
        tracks.extend(check_tables(&args.paths));
        (library, seen_all, tracks)
    };
    let report = report(&library, &seen_all, &tracks);
    match args.format {
        Format::Json => super::print_json(&report),
        Format::Text => {
            for d in &report.diagnostics {
                eprintln!("{d}\n");
            }
            eprintln!(
                "{}",
                tr_with(
                    lang,
                    "cli-checked",
                    &[
                        ("files", report.files.into()),
                        ("ready", report.scenarios_ok.into()),
                        ("errors", report.errors.into()),
                        ("warnings", report.warnings.into()),
                    ],
                )
            );
            let missing_channels: Vec<&str> = Channel::ALL
                .iter()
                .map(|c| c.key())
                .filter(|c| !report.channels_covered.contains(c))
                .collect();
            let missing_rules: Vec<&str> = report
                .rules
                .iter()
                .copied()
                .filter(|r| !report.rules_covered.contains(r))
                .collect();
            if !missing_rules.is_empty() {
                eprintln!(
                    "{}",
                    tr_with(
                        lang,
                        "cli-rules-untrained",
                        &[("rules", missing_rules.join(", ").into())]
                    )
                );
            }
            for (text_lang, n) in &report.tells.best_is_longest {
                let share = report.tells.longest_share(text_lang);
                if share > LONGEST_SHARE_LIMIT {
                    eprintln!(
                        "{}",
                        tr_with(
                            lang,
                            "cli-longest-share",
                            &[
                                ("lang", text_lang.into()),
                                ("n", (*n).into()),
                                ("of", report.tells.decision_steps_in[text_lang].into()),
                                ("pct", format!("{:.0}", share * 100.0).into()),
                                (
                                    "limit",
                                    format!("{:.0}", LONGEST_SHARE_LIMIT * 100.0).into()
                                ),
                            ],
                        )
                    );
                }
            }
            for text_lang in report.tells.best_length_rank.keys() {
                if let Some((rank, share)) = report.tells.dominant_rank(text_lang) {
                    eprintln!(
                        "{}",
                        tr_with(
                            lang,
                            "cli-rank-share",
                            &[
                                ("lang", text_lang.into()),
                                ("rank", rank.into()),
                                ("n", report.tells.best_length_rank[text_lang][&rank].into()),
                                ("of", report.tells.decision_steps_in[text_lang].into()),
                                ("pct", format!("{:.0}", share * 100.0).into()),
                                ("limit", format!("{:.0}", RANK_SHARE_LIMIT * 100.0).into()),
                            ],
                        )
                    );
                }
            }
            if !missing_channels.is_empty() {
                eprintln!(
                    "{}",
                    tr_with(
                        lang,
                        "cli-channels-unused",
                        &[("channels", missing_channels.join(", ").into())]
                    )
                );
            }
        }
    }
    if report.errors > 0 {
        Err(CliError::Reported)
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

/// What the report needs of a scenario, taken while it is loaded so it can be dropped at once.
struct Seen {
    hash: String,
    channel: &'static str,
    function: &'static str,
    languages: BTreeSet<String>,
    tests: usize,
    rules: BTreeSet<String>,
    tells: Option<Tells>,
}

/// `built`: the state graph the loop check already built, if it did.
fn seen(loaded: &Loaded, rulebook: &Rulebook, built: Option<BuiltGraph>) -> Option<Seen> {
    let s = loaded.scenario.as_deref()?;
    let rules = s.rules_trained().into_iter().map(str::to_owned).collect();
    let tells = built
        .unwrap_or_else(|| StateGraph::build(s, rulebook))
        .ok()
        .map(|graph| tells(s, &graph));
    Some(Seen {
        tells,
        hash: s.hash.clone(),
        channel: s.channel.key(),
        function: s.function.key(),
        languages: complete_languages(s),
        tests: s.tests.len(),
        rules,
    })
}

/// Problems in interface tables (`*.ftl`) among the folders checked (`rapport check
/// assets/locale`): syntax errors and missing keys, each at its line and column.
fn check_tables(paths: &[PathBuf]) -> Vec<Diagnostic> {
    paths
        .iter()
        .filter(|p| p.is_dir() && p.join("en.ftl").is_file())
        .flat_map(|dir| {
            crate::locale::Tables::load_dir(dir)
                .err()
                .unwrap_or_default()
        })
        .collect()
}

/// The ids of the scenarios fit to play.
fn ready_ids(library: &Library) -> HashSet<String> {
    library
        .entries
        .iter()
        .filter(|e| !e.has_errors())
        .filter_map(|e| e.id.clone())
        .collect()
}

/// Problems in the `tracks.ron` of each folder checked. A track may name shipped scenarios.
fn check_tracks(paths: &[PathBuf], library: &Library) -> Vec<Diagnostic> {
    let mut known = ready_ids(library);
    known.extend(crate::library::shipped_ids().iter().map(|s| s.id.clone()));
    paths
        .iter()
        .filter(|p| p.is_dir())
        .flat_map(|dir| crate::engine::tracks::load(&dir.join(TRACKS_NAME), &known).1)
        .collect()
}

fn report<'a>(
    library: &'a Library,
    seen: &'a [Option<Seen>],
    tracks: &'a [Diagnostic],
) -> Report<'a> {
    let diagnostics: Vec<&Diagnostic> = library.diagnostics().chain(tracks).collect();
    let count = |sev| diagnostics.iter().filter(|d| d.severity == sev).count();
    let mut rules_covered = BTreeSet::new();
    let mut channels = BTreeSet::new();
    let mut functions = BTreeSet::new();
    let mut languages = BTreeSet::new();
    let mut tells = Tells::default();
    let scenarios = library
        .entries
        .iter()
        .zip(seen)
        .map(|(entry, seen)| {
            // A scenario whose id another file already took is not ready either.
            let s = seen.as_ref().filter(|_| entry.id.is_some());
            if let Some(s) = s {
                channels.insert(s.channel);
                functions.insert(s.function);
                languages.extend(s.languages.iter().cloned());
                if let Some(t) = &s.tells {
                    tells.add(t);
                }
                rules_covered.extend(
                    s.rules
                        .iter()
                        .filter_map(|r| library.rulebook.rule(r))
                        .map(|r| r.id.as_str()),
                );
            }
            ScenarioSummary {
                path: &entry.path,
                id: s.and(entry.id.as_deref()),
                hash: s.map(|s| s.hash.as_str()),
                channel: s.map(|s| s.channel),
                function: s.map(|s| s.function),
                languages: s.map(|s| s.languages.clone()).unwrap_or_default(),
                tests: s.map_or(0, |s| s.tests),
                ok: s.is_some(),
                tells: s.and_then(|s| s.tells.as_ref()),
            }
        })
        .collect::<Vec<_>>();
    Report {
        files: library.entries.len(),
        scenarios_ok: scenarios.iter().filter(|s| s.ok).count(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        rules: library.rulebook.ids().collect(),
        rules_covered,
        channels_covered: channels,
        functions_covered: functions,
        languages_covered: languages,
        tells,
        scenarios,
        diagnostics,
    }
}

/// Languages in which every text of the scenario is written (single strings count for all).
fn complete_languages(s: &crate::engine::Scenario) -> BTreeSet<String> {
    let mut all: BTreeSet<&str> = s.texts().filter_map(|t| t.langs()).flatten().collect();
    all.retain(|lang| s.texts().all(|t| t.has(lang)));
    all.into_iter().map(str::to_owned).collect()
}

/// The JSON report of `rapport check PATHS…`, as the command builds it (for benchmarks).
pub fn report_json(paths: &[PathBuf]) -> String {
    let (library, seen_all) = load_library_with(paths, None, false, &seen);
    let tracks = check_tracks(paths, &library);
    serde_json::to_string(&report(&library, &seen_all, &tracks)).expect("the report serialises")
}

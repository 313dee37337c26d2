//! `rapport check`: every problem in the scenarios and the rulebook, placed at a line and
//! column, with a JSON report of what the set covers.

use super::{DEFAULT_SCENARIOS, Format};
use crate::engine::scenario::Channel;
use crate::engine::{Diagnostic, Library, Severity, load_library};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario files or folders (searched recursively).
    #[arg(default_value = DEFAULT_SCENARIOS)]
    paths: Vec<PathBuf>,
    /// A company rulebook (default: a rulebook.ron found among the paths).
    #[arg(long)]
    rulebook: Option<PathBuf>,
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
}

pub fn run(args: Args) -> ExitCode {
    let library = load_library(&args.paths, args.rulebook.as_deref());
    let report = report(&library);
    match args.format {
        Format::Json => super::print_json(&report),
        Format::Text => {
            for d in &report.diagnostics {
                eprintln!("{d}\n");
            }
            eprintln!(
                "checked {} scenario file(s): {} ready, {} error(s), {} warning(s)",
                report.files, report.scenarios_ok, report.errors, report.warnings
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
                eprintln!("rules no scenario trains yet: {}", missing_rules.join(", "));
            }
            if !missing_channels.is_empty() {
                eprintln!(
                    "channels no scenario uses yet: {}",
                    missing_channels.join(", ")
                );
            }
        }
    }
    if report.errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn report(library: &Library) -> Report<'_> {
    let diagnostics: Vec<&Diagnostic> = library.diagnostics().collect();
    let count = |sev| diagnostics.iter().filter(|d| d.severity == sev).count();
    let mut rules_covered = BTreeSet::new();
    let mut channels = BTreeSet::new();
    let mut functions = BTreeSet::new();
    let mut languages = BTreeSet::new();
    let scenarios = library
        .entries
        .iter()
        .map(|entry| {
            let s = entry.scenario.as_deref();
            let langs = s.map(complete_languages).unwrap_or_default();
            if let Some(s) = s {
                channels.insert(s.channel.key());
                functions.insert(s.function.key());
                languages.extend(langs.iter().cloned());
                for node in &s.nodes {
                    if let crate::engine::scenario::Node::Step(step) = node {
                        let effects = step
                            .choices
                            .iter()
                            .flat_map(|c| &c.rules)
                            .chain(step.silence.iter().flat_map(|x| &x.rules));
                        rules_covered.extend(
                            effects
                                .filter_map(|e| library.rulebook.rule(e.rule()))
                                .map(|r| r.id.as_str()),
                        );
                    }
                }
            }
            ScenarioSummary {
                path: &entry.path,
                id: s.map(|s| s.id.as_str()),
                hash: s.map(|s| s.hash.as_str()),
                channel: s.map(|s| s.channel.key()),
                function: s.map(|s| s.function.key()),
                languages: langs,
                tests: s.map_or(0, |s| s.tests.len()),
                ok: s.is_some(),
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
        scenarios,
        diagnostics,
    }
}

/// Languages in which every text of the scenario is written (single strings count for all).
fn complete_languages(s: &crate::engine::Scenario) -> BTreeSet<String> {
    let mut all: BTreeSet<String> = s
        .texts()
        .filter_map(|t| t.langs())
        .flatten()
        .map(str::to_owned)
        .collect();
    all.retain(|lang| s.texts().all(|t| t.has(lang)));
    all
}

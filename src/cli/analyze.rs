//! `rapport analyze`: what a scenario allows, computed exactly over its state graph — endings,
//! dead ends, best and worst routes, a customer lost with a passing score, and answers that give
//! themselves away. Given a folder (or nothing: the scenarios folder), every scenario in it and
//! the library's totals.

use super::{CliError, CliResult, Format, LibraryArg, ScenarioArg};
use crate::engine::analysis::{Analysis, LONGEST_SHARE_LIMIT, RANK_SHARE_LIMIT, Route, Tells};
use crate::engine::{Library, analyze, load_library};
use crate::locale::Lang;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// A scenario file or id, or a folder of scenarios (default: the whole library).
    target: Option<String>,
    #[command(flatten)]
    library: LibraryArg,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(args: Args, lang: Lang) -> CliResult {
    match &args.target {
        None => {
            let (lib, _) = args.library.load(lang)?;
            totals(&args, &lib)
        }
        Some(t) if Path::new(t).is_dir() => {
            let lib = load_library(&[PathBuf::from(t)], args.library.rulebook.as_deref());
            totals(&args, &lib)
        }
        Some(_) => one(&args, lang),
    }
}

fn one(args: &Args, lang: Lang) -> CliResult {
    let arg = ScenarioArg {
        scenario: args.target.clone().unwrap_or_default(),
        library: args.library.clone(),
    };
    let (scenario, rulebook) = super::open(&arg, lang)?;
    let a = analyze(&scenario, &rulebook)
        .map_err(|e| CliError::msg(format!("{}: {e}", scenario.id)))?;
    match args.format {
        Format::Json => super::print_json(&a),
        Format::Text => print(&a, scenario.nodes.len()),
    }
    Ok(ExitCode::SUCCESS)
}

/// Every scenario of `lib`, and the library's totals.
fn totals(args: &Args, lib: &Library) -> CliResult {
    let mut all = Vec::new();
    let mut totals = Tells::default();
    for s in lib.scenarios() {
        let a = analyze(s, &lib.rulebook).map_err(|e| CliError::msg(format!("{}: {e}", s.id)))?;
        totals.add(&a.tells);
        all.push((a, s.nodes.len()));
    }
    let shares: serde_json::Map<String, serde_json::Value> = totals
        .best_is_longest
        .keys()
        .map(|l| (l.clone(), json!(totals.longest_share(l))))
        .collect();
    match args.format {
        Format::Json => super::print_json(&json!({
            "scenarios": all.iter().map(|(a, _)| a).collect::<Vec<_>>(),
            "library": {
                "scenarios": all.len(),
                "decision_steps": totals.decision_steps,
                "decision_steps_in": totals.decision_steps_in,
                "best_is_longest": totals.best_is_longest,
                "best_is_longest_share": shares,
                "best_is_only_polite": totals.best_is_only_polite,
                "best_length_rank": totals.best_length_rank,
                "warnings": all.iter().map(|(a, _)| a.warnings.len()).sum::<usize>(),
            },
        })),
        Format::Text => {
            for (a, nodes) in &all {
                print(a, *nodes);
                println!();
            }
            println!(
                "Library: {} scenarios, {} decision steps",
                all.len(),
                totals.decision_steps
            );
            for (lang, ranks) in &totals.best_length_rank {
                let places: Vec<String> = ranks.iter().map(|(r, n)| format!("{r}: {n}")).collect();
                println!(
                    "  best choice by place in length (1 = longest) in `{lang}`: {}{}",
                    places.join(", "),
                    match totals.dominant_rank(lang) {
                        Some((rank, share)) => format!(
                            " — place {rank} in {:.0}%, above {:.0}%",
                            share * 100.0,
                            RANK_SHARE_LIMIT * 100.0
                        ),
                        None => String::new(),
                    }
                );
            }
            for (lang, n) in &totals.best_is_longest {
                let share = totals.longest_share(lang);
                println!(
                    "  best choice is the longest `{lang}` text in {n} of {} ({:.0}%){}",
                    totals.decision_steps_in[lang],
                    share * 100.0,
                    if share > LONGEST_SHARE_LIMIT {
                        format!(" — above {:.0}%", LONGEST_SHARE_LIMIT * 100.0)
                    } else {
                        String::new()
                    }
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print(a: &Analysis, nodes: usize) {
    println!(
        "{}: {nodes} nodes, {} situations, {} distinct routes",
        a.scenario, a.states, a.paths
    );
    println!("\nEndings:");
    for e in &a.endings {
        println!(
            "  {:<24} {:<10} {}",
            e.id,
            e.outcome.key(),
            if e.reachable {
                "reachable"
            } else {
                "NOT REACHABLE"
            }
        );
    }
    let list = |items: &[String]| {
        if items.is_empty() {
            "none".to_owned()
        } else {
            items.join(", ")
        }
    };
    println!("\nUnreachable nodes: {}", list(&a.unreachable_nodes));
    println!("Dead ends: {}", list(&a.dead_ends));
    let silent: Vec<String> = a
        .choices_without_rules
        .iter()
        .map(|c| format!("{}/{}", c.node, c.choice))
        .collect();
    println!("Choices touching no rule: {}", list(&silent));
    if let Some(cycle) = &a.endless_loop {
        println!(
            "Endless loop: {} → {} (best and worst cannot be computed until it makes progress)",
            cycle.join(" → "),
            cycle[0]
        );
    }
    let show = |label: &str, route: &Option<Route>| match route {
        Some(r) => {
            let patience = r
                .starting_patience
                .map(|p| format!(", customer starting at patience {p}"))
                .unwrap_or_default();
            println!(
                "\n{label}: {:.0}/100, ending `{}` ({}){patience}",
                r.score,
                r.ending,
                r.outcome.key()
            );
            println!(
                "  rapport play {} --seed {} --choices {}",
                a.scenario,
                r.seed,
                shell_steps(&r.steps)
            );
        }
        None => println!("\n{label}: no route reaches an ending"),
    };
    show("Best", &a.best);
    show("Worst", &a.worst);
    let t = &a.tells;
    println!(
        "\nTells ({} decision steps; place by length 1 = the longest text shown):",
        t.decision_steps
    );
    for (lang, ranks) in &t.best_length_rank {
        let places: Vec<String> = ranks.iter().map(|(r, n)| format!("{r}: {n}")).collect();
        println!("  best choice by place in `{lang}`: {}", places.join(", "));
    }
    for step in &t.steps {
        let mut given = Vec::new();
        if !step.longest_in.is_empty() {
            given.push(format!("longest in {}", step.longest_in.join(", ")));
        }
        if !step.only_polite_in.is_empty() {
            given.push(format!(
                "only apology or thanks in {}",
                step.only_polite_in.join(", ")
            ));
        }
        if let Some(p) = step.pinned_position {
            given.push(format!("pinned at {p}"));
        }
        let places: Vec<String> = step
            .length_place
            .iter()
            .map(|(l, p)| format!("{l} {p}"))
            .collect();
        println!(
            "  {:<24} best: {:<28} place by length: {:<16} {}",
            step.node,
            step.best.join(" / "),
            places.join(", "),
            if given.is_empty() {
                "—".to_owned()
            } else {
                given.join("; ")
            }
        );
    }
    for w in &a.warnings {
        println!("warning: {w}");
    }
}

/// Steps as one shell word: `!` and `...` are quoted so the line can be pasted as it is.
fn shell_steps(steps: &[String]) -> String {
    let joined = steps.join(",");
    if joined.contains('!') || joined.contains("...") {
        format!("'{joined}'")
    } else {
        joined
    }
}

//! `rapport analyze`: what a scenario allows, computed exactly over its state graph.

use super::{CliError, CliResult, Format, ScenarioArg};
use crate::engine::analysis::Route;
use crate::engine::analyze;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    scenario: ScenarioArg,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(args: Args) -> CliResult {
    let (scenario, rulebook) = super::open(&args.scenario)?;
    let a = analyze(&scenario, &rulebook)
        .map_err(|e| CliError::msg(format!("{}: {e}", scenario.id)))?;
    if args.format == Format::Json {
        super::print_json(&a);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{}: {} nodes, {} situations, {} distinct routes",
        a.scenario,
        scenario.nodes.len(),
        a.states,
        a.paths
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
    Ok(ExitCode::SUCCESS)
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

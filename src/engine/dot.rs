//! Graphviz DOT for a scenario: steps, endings, choices with their rule effects.

use super::scenario::{Outcome, RuleEffect, Scenario, ScenarioNode};
use std::fmt::Write;

pub fn to_dot(s: &Scenario, lang: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", esc(&s.id));
    let _ = writeln!(
        out,
        "  label=\"{}\"; labelloc=t; rankdir=LR;",
        esc(s.title.get(lang))
    );
    let _ = writeln!(
        out,
        "  node [fontname=\"Vazirmatn,sans-serif\"]; edge [fontname=\"Vazirmatn,sans-serif\", fontsize=10];"
    );
    let _ = writeln!(
        out,
        "  \"__start\" [shape=point]; \"__start\" -> \"{}\";",
        esc(&s.start)
    );
    for node in &s.nodes {
        match node {
            ScenarioNode::Step(step) => {
                let said: Vec<&str> = step.lines.iter().map(|l| l.text.get(lang)).collect();
                let label = if said.is_empty() {
                    step.id.clone()
                } else {
                    format!("{}\\n{}", step.id, esc(&truncate(&said.join(" "), 60)))
                };
                let _ = writeln!(
                    out,
                    "  \"{}\" [shape=box, style=rounded, label=\"{}\"];",
                    esc(&step.id),
                    label
                );
                for c in &step.choices {
                    let effects: Vec<String> = c.rules.iter().map(effect_label).collect();
                    let color = edge_color(&c.rules);
                    let _ = writeln!(
                        out,
                        "  \"{}\" -> \"{}\" [label=\"{}{}{}\", color={color}];",
                        esc(&step.id),
                        esc(&c.goto),
                        esc(&c.id),
                        if effects.is_empty() {
                            String::new()
                        } else {
                            format!("\\n{}", effects.join(" "))
                        },
                        if c.when.is_some() {
                            "\\n(conditional)"
                        } else {
                            ""
                        },
                    );
                }
                if let Some(sil) = &step.silence {
                    let own = sil.rules.as_deref().unwrap_or_default();
                    let effects: Vec<String> = match &sil.rules {
                        Some(own) => own.iter().map(effect_label).collect(),
                        None => vec!["(rulebook's silence)".to_owned()],
                    };
                    let _ = writeln!(
                        out,
                        "  \"{}\" -> \"{}\" [label=\"silence {}s\\n{}\", style=dashed, color={}];",
                        esc(&step.id),
                        esc(&sil.goto),
                        sil.after,
                        effects.join(" "),
                        edge_color(own)
                    );
                }
                if let Some(next) = &step.next {
                    let _ = writeln!(
                        out,
                        "  \"{}\" -> \"{}\" [style=dotted];",
                        esc(&step.id),
                        esc(next)
                    );
                }
            }
            ScenarioNode::Ending(e) => {
                let color = match e.outcome {
                    Outcome::Delighted => "palegreen",
                    Outcome::Retained => "lightblue",
                    Outcome::Escalated => "khaki",
                    Outcome::Lost => "lightpink",
                };
                let _ = writeln!(
                    out,
                    "  \"{}\" [shape=doubleoctagon, style=filled, fillcolor={color}, label=\"{}\\n{}\"];",
                    esc(&e.id),
                    esc(&e.id),
                    e.outcome.key()
                );
            }
        }
    }
    if let Some(out_node) = &s.patience_out {
        let _ = writeln!(
            out,
            "  \"__patience\" [shape=plaintext, label=\"patience 0\"]; \"__patience\" -> \"{}\" [style=dashed];",
            esc(out_node)
        );
    }
    out.push_str("}\n");
    out
}

fn effect_label(e: &RuleEffect) -> String {
    format!(
        "{}{}{}",
        if e.upholds() { "+" } else { "−" },
        e.points(),
        e.rule()
    )
}

fn edge_color(effects: &[RuleEffect]) -> &'static str {
    let up = effects.iter().any(RuleEffect::upholds);
    let down = effects.iter().any(|e| !e.upholds());
    match (up, down) {
        (true, false) => "darkgreen",
        (false, true) => "firebrick",
        (true, true) => "darkorange",
        (false, false) => "gray40",
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

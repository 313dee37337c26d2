//! Words for what the engine reports, shared by the terminal and the app: the text of a line or
//! a choice as this run's trainee reads it, and outcome names.

use crate::engine::Playthrough;
use crate::engine::scenario::{Line, Node, Outcome};
use crate::locale::tr;

pub fn find_line<'a>(run: &'a Playthrough, id: &str) -> Option<&'a Line> {
    run.scenario()
        .nodes
        .iter()
        .flat_map(Node::lines)
        .find(|l| l.id == id)
}

pub fn line_text(run: &Playthrough, id: &str, lang: &str) -> String {
    find_line(run, id)
        .map(|l| run.render(&l.text, lang))
        .unwrap_or_default()
}

pub fn choice_text(run: &Playthrough, node: &str, choice: &str, lang: &str) -> String {
    match run.scenario().node(node) {
        Some(Node::Step(step)) => step
            .choices
            .iter()
            .find(|c| c.id == choice)
            .map(|c| run.render(&c.text, lang))
            .unwrap_or_else(|| choice.to_owned()),
        _ => choice.to_owned(),
    }
}

pub fn customer_name(run: &Playthrough, lang: &str) -> String {
    run.values(lang).remove("name").unwrap_or_default()
}

pub fn outcome(outcome: Outcome, lang: &str) -> String {
    tr(lang, &format!("outcome-{}", outcome.key()))
}

pub fn rule_title(run: &Playthrough, rule: &str, lang: &str) -> String {
    run.rulebook()
        .rule(rule)
        .map(|r| r.title.get(lang).to_owned())
        .unwrap_or_else(|| rule.to_owned())
}

//! Checks a parsed scenario against the rules of the format and the rulebook in force. Findings
//! name where they are by needles that `locate` turns into a position in the source.
//!
//! `index_nodes` comes first and returns the node index `load` keeps; `check_structure` then
//! checks ids, references, numbers, rules, texts and reachability; `check_behaviour` checks
//! loops and plays the scenario's own test plans.

mod flow;
mod texts;

pub use flow::{check_behaviour, check_behaviour_keeping_graph};

use crate::engine::diagnostic::Severity;
use crate::engine::locate::{Finding, Needle};
use crate::engine::rulebook::{Rulebook, is_rule_id};
use crate::engine::scenario::{
    ChoiceOrder, Detail, Happening, Line, RuleEffect, Scenario, ScenarioNode, Step,
};
use crate::engine::suggest::suggest;
use std::collections::{BTreeSet, HashMap, HashSet};

/// More nodes than any scenario a person writes; beyond this a file is refused.
pub const MAX_NODES: usize = 10_000;

pub(super) struct Findings(Vec<Finding>);

impl Findings {
    pub(super) fn error(&mut self, message: impl Into<String>, at: Vec<Needle>) {
        self.0.push(Finding {
            severity: Severity::Error,
            message: message.into(),
            at,
        });
    }
    pub(super) fn warning(&mut self, message: impl Into<String>, at: Vec<Needle>) {
        self.0.push(Finding {
            severity: Severity::Warning,
            message: message.into(),
            at,
        });
    }
}

pub(super) fn id(s: &str) -> Needle {
    Needle::Id(s.to_owned())
}

pub(super) fn quoted(s: &str) -> Needle {
    Needle::Quoted(s.to_owned())
}

/// The node index `load` keeps: id → position (a duplicated id names its last node; the
/// checker reports it). Empty for a scenario over `MAX_NODES`, which the checker refuses.
pub fn index_nodes(scenario: &Scenario) -> HashMap<String, usize> {
    if scenario.nodes.len() > MAX_NODES {
        return HashMap::new();
    }
    scenario
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| (node.id().to_owned(), i))
        .collect()
}

/// Structure: ids, references, numbers in range, rule ids, placeholders, reachability.
/// Needs the node index from `index_nodes` in place.
pub fn check_structure(scenario: &Scenario, rulebook: &Rulebook) -> Vec<Finding> {
    let mut f = Findings(Vec::new());
    if !is_rule_id(&scenario.id) {
        f.error(
            format!("scenario id `{}` must be lowercase words joined by hyphens, like `angry-complainant`", scenario.id),
            vec![Needle::Field("id")],
        );
    }
    if !(1..=5).contains(&scenario.difficulty) {
        f.error(
            "difficulty runs from 1 (first week) to 5 (seasoned staff)",
            vec![Needle::Field("difficulty")],
        );
    }
    check_customer(scenario, &mut f);
    if scenario.nodes.is_empty() {
        f.error(
            "a scenario needs at least one step and one ending",
            vec![Needle::Field("nodes")],
        );
        return f.0;
    }
    if scenario.nodes.len() > MAX_NODES {
        f.error(
            format!("{} nodes is more than the {MAX_NODES} a scenario may have: split it into several scenarios", scenario.nodes.len()),
            vec![Needle::Field("nodes")],
        );
        return f.0;
    }

    let mut seen = HashSet::with_capacity(scenario.nodes.len());
    for node in &scenario.nodes {
        let nid = node.id();
        if !is_rule_id(nid) {
            f.error(
                format!("node id `{nid}` must be lowercase words joined by hyphens"),
                vec![id(nid)],
            );
        }
        if !seen.insert(nid) {
            f.error(
                format!("node id `{nid}` is used twice"),
                vec![id(nid), id(nid)],
            );
        }
    }
    let s = scenario;
    let known = |target: &str| s.index.contains_key(target);
    if !known(&s.start) {
        f.error(
            format!(
                "`start` names `{}`, which is not a node{}",
                s.start,
                suggest(&s.start, s.index.keys())
            ),
            vec![Needle::Field("start")],
        );
    }
    if let Some(out) = &s.patience_out
        && !known(out)
    {
        f.error(
            format!(
                "`patience_out` names `{out}`, which is not a node{}",
                suggest(out, s.index.keys())
            ),
            vec![Needle::Field("patience_out")],
        );
    }

    let placeholder_keys: BTreeSet<&str> = ["name", "address"]
        .into_iter()
        .chain(s.customer.details.keys().map(String::as_str))
        .collect();
    let mut line_ids: HashSet<&str> = HashSet::new();
    let mut written_vars: BTreeSet<&str> = BTreeSet::new();
    let mut read_vars: Vec<(&str, &str, &str)> = Vec::new(); // (var, node, choice)

    for node in &s.nodes {
        let nid = node.id();
        for line in node.lines() {
            check_line(line, nid, &mut line_ids, &mut f);
        }
        let ScenarioNode::Step(step) = node else {
            continue;
        };
        check_step_shape(step, &known, s, &mut f);
        let mut choice_ids = HashSet::new();
        for choice in &step.choices {
            let at = |field: Option<&'static str>| {
                let mut v = vec![id(nid), id(&choice.id)];
                v.extend(field.map(Needle::Field));
                v
            };
            if !is_rule_id(&choice.id) {
                f.error(
                    format!(
                        "choice id `{}` must be lowercase words joined by hyphens",
                        choice.id
                    ),
                    at(None),
                );
            }
            if !choice_ids.insert(choice.id.as_str()) {
                f.error(
                    format!("choice id `{}` is used twice in `{nid}`", choice.id),
                    vec![id(nid), id(&choice.id), id(&choice.id)],
                );
            }
            if !known(&choice.goto) {
                f.error(
                    format!(
                        "choice `{}` goes to `{}`, which is not a node{}",
                        choice.id,
                        choice.goto,
                        suggest(&choice.goto, s.index.keys())
                    ),
                    at(Some("goto")),
                );
            }
            if !(-100..=100).contains(&choice.patience) {
                f.error(
                    "a change to patience runs from -100 to 100",
                    at(Some("patience")),
                );
            }
            check_rule_effects(&choice.rules, rulebook, at(None), &mut f);
            for var in choice.set.keys().chain(choice.add.keys()) {
                written_vars.insert(var);
            }
            if let Some(cond) = &choice.when {
                cond.visit_vars(&mut |v| read_vars.push((v, nid, &choice.id)));
            }
        }
        if let Some(silence) = &step.silence {
            let at =
                |field: &'static str| vec![id(nid), Needle::Field("silence"), Needle::Field(field)];
            if !known(&silence.goto) {
                f.error(
                    format!(
                        "silence goes to `{}`, which is not a node{}",
                        silence.goto,
                        suggest(&silence.goto, s.index.keys())
                    ),
                    at("goto"),
                );
            }
            if !(silence.after > 0.0 && silence.after <= 3600.0) {
                f.error(
                    "silence `after` is in seconds, above 0 and at most 3600",
                    at("after"),
                );
            }
            if !(-100..=100).contains(&silence.patience) {
                f.error("a change to patience runs from -100 to 100", at("patience"));
            }
            check_rule_effects(
                silence.rules.as_deref().unwrap_or_default(),
                rulebook,
                vec![id(nid), Needle::Field("silence")],
                &mut f,
            );
        }
    }

    for (var, nid, choice) in read_vars {
        if !written_vars.contains(var) {
            f.warning(
                format!("`{var}` is never set by any choice, so it is always 0 here"),
                vec![id(nid), id(choice), Needle::Field("when"), quoted(var)],
            );
        }
    }
    texts::check_placeholders(s, &placeholder_keys, &mut f);
    texts::check_forms(s, &mut f);
    texts::check_vocatives(s, &mut f);
    texts::check_address_in_narration(s, &mut f);
    texts::check_translations(s, &mut f);
    if !f.0.iter().any(|x| x.severity == Severity::Error) {
        flow::check_graph(s, &mut f);
    }
    f.0
}

fn check_customer(s: &Scenario, f: &mut Findings) {
    let c = &s.customer;
    if c.names.is_empty() {
        f.error(
            "the customer needs at least one name",
            vec![Needle::Field("names")],
        );
    }
    let (lo, hi) = c.mood;
    if lo > hi || hi > 100 {
        f.error(
            format!("mood ({lo}, {hi}) must be two numbers from 0 to 100, the smaller first"),
            vec![Needle::Field("mood")],
        );
    }
    for (key, detail) in &c.details {
        if key == "name"
            || !key
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-')
        {
            f.error(format!("detail `{key}` needs a plain name other than `name` (letters, digits, `-`, `_`)"), vec![quoted(key)]);
        }
        match detail {
            Detail::Number(a, b) if a > b => f.error(
                format!("detail `{key}`: Number({a}, {b}) has the smaller bound second"),
                vec![quoted(key)],
            ),
            Detail::OneOf(options) if options.is_empty() => f.error(
                format!("detail `{key}` needs at least one option"),
                vec![quoted(key)],
            ),
            _ => {}
        }
    }
}

fn check_line<'a>(line: &'a Line, nid: &str, ids: &mut HashSet<&'a str>, f: &mut Findings) {
    let at = |field: Option<&'static str>| {
        let mut v = vec![id(nid), id(&line.id)];
        v.extend(field.map(Needle::Field));
        v
    };
    if !is_rule_id(&line.id) {
        f.error(
            format!(
                "line id `{}` must be lowercase words joined by hyphens",
                line.id
            ),
            at(None),
        );
    }
    if !ids.insert(&line.id) {
        f.error(format!("line id `{}` is used twice; line ids name voice clips and translations, so each must be unique", line.id), at(None));
    }
    if let Some(sec) = line.seconds
        && !(sec > 0.0 && sec <= 600.0)
    {
        f.error(
            "`seconds` is how long the line takes to say: above 0 and at most 600",
            at(Some("seconds")),
        );
    }
    if let Some(voice) = &line.voice
        && let Err(why) = check_asset_path(voice)
    {
        f.error(format!("voice clip `{voice}` {why}"), at(Some("voice")));
    }
    if line.text.variants().all(|t| t.trim().is_empty()) {
        f.error(format!("line `{}` has no text", line.id), at(Some("text")));
    }
}

/// Asset paths are relative to `assets/` and may not leave it.
pub fn check_asset_path(path: &str) -> Result<(), &'static str> {
    let p = std::path::Path::new(path);
    if path.is_empty() {
        Err("is empty")
    } else if p.is_absolute()
        || path.starts_with('/')
        || path.starts_with('\\')
        || path.contains(':')
    {
        Err("must be a path inside assets/, such as `voice/greeting.ogg`, not an absolute path")
    } else if path.contains('\\') {
        Err("must use `/` between folders")
    } else if p
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        Err("leaves the assets folder (`..` is not allowed)")
    } else {
        Ok(())
    }
}

fn check_step_shape(step: &Step, known: &dyn Fn(&str) -> bool, s: &Scenario, f: &mut Findings) {
    let nid = &step.id;
    if let Some(next) = &step.next {
        if !step.choices.is_empty() {
            f.error(format!("step `{nid}` has choices and `next`; `next` is only for steps where the trainee does not choose"), vec![id(nid), Needle::Field("next")]);
        }
        if !known(next) {
            f.error(
                format!(
                    "`next` names `{next}`, which is not a node{}",
                    suggest(next, s.index.keys())
                ),
                vec![id(nid), Needle::Field("next")],
            );
        }
    } else if step.choices.is_empty() && step.silence.is_none() {
        f.error(format!("dead end: step `{nid}` has no choices, no `next` and no `silence`, so the conversation stops here without an ending"), vec![id(nid)]);
    }
    if step.untimed && step.silence.is_some() {
        f.error(
            format!("step `{nid}` says `untimed` and has a `silence`: keep one of them"),
            vec![id(nid), Needle::Field("untimed")],
        );
    } else if !step.choices.is_empty() && step.silence.is_none() && !step.untimed {
        f.warning(
            format!("step `{nid}` has choices but no `silence`: the customer would wait forever for an answer. Add a `silence`, or `untimed: true` if waiting is right here"),
            vec![id(nid)],
        );
    }
    if step.order == ChoiceOrder::Pinned && step.choices.is_empty() {
        f.error(
            format!("`order: Pinned` on step `{nid}`, which has no choices to put in order"),
            vec![id(nid), Needle::Field("order")],
        );
    }
    for h in &step.happens {
        if let Happening::Wait(sec) = h
            && !(*sec >= 0.0 && *sec <= 3600.0)
        {
            f.error(
                "Wait is in seconds, from 0 to 3600",
                vec![id(nid), Needle::Field("happens")],
            );
        }
    }
}

fn check_rule_effects(
    effects: &[RuleEffect],
    rulebook: &Rulebook,
    at: Vec<Needle>,
    f: &mut Findings,
) {
    for e in effects {
        let mut here = at.clone();
        here.push(quoted(e.rule()));
        if rulebook.rule(e.rule()).is_none() {
            f.error(
                format!(
                    "`{}` is not a rule in the rulebook{} (rules: {})",
                    e.rule(),
                    suggest(e.rule(), rulebook.ids()),
                    rulebook.ids().collect::<Vec<_>>().join(", ")
                ),
                here,
            );
        } else if !(1..=100).contains(&e.points()) {
            here.push(Needle::Field("points"));
            f.error("points run from 1 to 100", here);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_paths_stay_inside_assets() {
        assert!(check_asset_path("voice/hello.ogg").is_ok());
        for bad in [
            "../secret.ogg",
            "voice/../../x.ogg",
            "/etc/passwd",
            "C:\\x.ogg",
            "voice\\x.ogg",
            "",
        ] {
            assert!(check_asset_path(bad).is_err(), "{bad}");
        }
    }
}

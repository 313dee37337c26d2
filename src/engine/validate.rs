//! Checks a parsed scenario against the rules of the format and the rulebook in force.
//! Findings name where they are by needles (an id, a field) that `locate` turns into a
//! position in the source, since serde keeps no positions.

use super::diagnostic::Severity;
use super::playthrough::play_steps;
use super::rulebook::{Rulebook, is_rule_id};
use super::scenario::{Detail, Happening, Line, Node, RuleEffect, Scenario, Step};
use super::text::{DEFAULT_LANG, placeholders};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// More nodes than any scenario a person writes; beyond this a file is refused.
pub const MAX_NODES: usize = 10_000;

/// Something to look for in the source, in order, to place a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Needle {
    /// `id: "x"`: a node, choice or line by its id.
    Id(String),
    /// `name:` as a field.
    Field(&'static str),
    /// `"x"` anywhere.
    Quoted(String),
    /// Any text, such as a placeholder inside a longer string.
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    pub message: String,
    pub at: Vec<Needle>,
}

/// The byte offset of the last needle found, each searched after the one before it.
pub fn locate(src: &str, needles: &[Needle]) -> usize {
    let mut pos = 0;
    let mut from = 0;
    for needle in needles {
        match find(src, from, needle) {
            Some(p) => {
                pos = p;
                from = p + 1;
            }
            None => break,
        }
    }
    pos
}

fn find(src: &str, from: usize, needle: &Needle) -> Option<usize> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    match needle {
        Needle::Quoted(s) => src[from..].find(&format!("\"{s}\"")).map(|i| i + from),
        Needle::Text(s) => src[from..].find(s.as_str()).map(|i| i + from),
        Needle::Id(s) => {
            let pat = format!("\"{s}\"");
            src[from..]
                .match_indices(&pat)
                .map(|(i, _)| i + from)
                .find(|&i| {
                    let before = src[..i].trim_end();
                    before.strip_suffix(':').is_some_and(|b| {
                        let b = b.trim_end();
                        b.ends_with("id") && !b[..b.len() - 2].ends_with(is_ident)
                    })
                })
        }
        Needle::Field(name) => src[from..]
            .match_indices(name)
            .map(|(i, _)| i + from)
            .find(|&i| {
                let before_ok = !src[..i].ends_with(is_ident);
                let after = src[i + name.len()..].trim_start();
                before_ok && after.starts_with(':') && !src[i + name.len()..].starts_with(is_ident)
            }),
    }
}

struct Findings(Vec<Finding>);

impl Findings {
    fn error(&mut self, message: impl Into<String>, at: Vec<Needle>) {
        self.0.push(Finding {
            severity: Severity::Error,
            message: message.into(),
            at,
        });
    }
    fn warning(&mut self, message: impl Into<String>, at: Vec<Needle>) {
        self.0.push(Finding {
            severity: Severity::Warning,
            message: message.into(),
            at,
        });
    }
}

fn id(s: &str) -> Needle {
    Needle::Id(s.to_owned())
}

fn quoted(s: &str) -> Needle {
    Needle::Quoted(s.to_owned())
}

/// Structure: ids, references, numbers in range, rule ids, placeholders, reachability.
/// Builds the node index as it goes.
pub fn check_structure(scenario: &mut Scenario, rulebook: &Rulebook) -> Vec<Finding> {
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

    // Index nodes, rejecting duplicates.
    let mut index = HashMap::with_capacity(scenario.nodes.len());
    for (i, node) in scenario.nodes.iter().enumerate() {
        let nid = node.id();
        if !is_rule_id(nid) {
            f.error(
                format!("node id `{nid}` must be lowercase words joined by hyphens"),
                vec![id(nid)],
            );
        }
        if index.insert(nid.to_owned(), i).is_some() {
            f.error(
                format!("node id `{nid}` is used twice"),
                vec![id(nid), id(nid)],
            );
        }
    }
    scenario.index = index;
    let s = &*scenario;

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

    let placeholder_keys: BTreeSet<&str> = std::iter::once("name")
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
        let Node::Step(step) = node else { continue };
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
                &silence.rules,
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
    check_placeholders(s, &placeholder_keys, &mut f);
    check_translations(s, &mut f);
    if !f.0.iter().any(|x| x.severity == Severity::Error) {
        check_graph(s, &mut f);
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

pub(crate) fn suggest(word: &str, candidates: impl Iterator<Item = impl AsRef<str>>) -> String {
    // Typos are mostly a swapped, missing or extra letter (edit distance) or a shortened
    // word (a long shared beginning, which Jaro-Winkler rewards).
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .map(|c| {
            let c = c.as_ref();
            (
                strsim::damerau_levenshtein(word, c),
                strsim::jaro_winkler(word, c),
                c.to_owned(),
            )
        })
        .filter(|(distance, similarity, _)| *distance <= limit || *similarity >= 0.9)
        .min_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.total_cmp(&a.1))
                .then_with(|| a.2.cmp(&b.2))
        })
        .map(|(_, _, c)| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

fn check_placeholders(s: &Scenario, keys: &BTreeSet<&str>, f: &mut Findings) {
    let mut reported = HashSet::new();
    for text in s.texts() {
        for variant in text.variants() {
            for key in placeholders(variant) {
                if !keys.contains(key) && reported.insert(key.to_owned()) {
                    f.error(
                        format!(
                            "`{{{key}}}` is not a customer detail (known: {})",
                            keys.iter()
                                .map(|k| format!("{{{k}}}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        vec![Needle::Text(format!("{{{key}}}"))],
                    );
                }
            }
        }
    }
}

/// Warns, per language, about texts that lack a translation other texts of the scenario have.
fn check_translations(s: &Scenario, f: &mut Findings) {
    // One counting pass; the texts are walked again only to place a warning.
    let (mut total, mut universal) = (0usize, 0usize);
    let mut written: BTreeMap<&str, usize> = BTreeMap::new();
    for text in s.texts() {
        total += 1;
        match text.langs() {
            None => universal += 1,
            Some(langs) => langs.for_each(|l| *written.entry(l).or_default() += 1),
        }
    }
    for (lang, count) in written {
        let missing = total - universal - count;
        if missing == 0 {
            continue;
        }
        let first = s
            .texts()
            .find(|t| !t.has(lang))
            .expect("a text lacks this language");
        let shown = if lang == DEFAULT_LANG {
            "another language"
        } else {
            "English"
        };
        f.warning(
            format!("{missing} text(s) have no `{lang}` translation and will show in {shown}; the first is here"),
            vec![quoted(first.get(DEFAULT_LANG))],
        );
    }
}

/// Node-level graph checks: unreachable nodes, no reachable ending, loops with no choice.
fn check_graph(s: &Scenario, f: &mut Findings) {
    let n = s.nodes.len();
    let succ = node_successors(s);
    let mut seen = vec![false; n];
    let mut stack = vec![s.index[&s.start]];
    if let Some(out) = &s.patience_out {
        stack.push(s.index[out]);
    }
    while let Some(i) = stack.pop() {
        if !std::mem::replace(&mut seen[i], true) {
            stack.extend(succ[i].iter().copied());
        }
    }
    for (i, node) in s.nodes.iter().enumerate() {
        if !seen[i] {
            f.warning(
                format!("`{}` cannot be reached from `{}`", node.id(), s.start),
                vec![id(node.id())],
            );
        }
    }
    let ending_reached = s
        .nodes
        .iter()
        .enumerate()
        .any(|(i, nd)| seen[i] && matches!(nd, Node::Ending(_)));
    if !ending_reached {
        f.error(
            "no ending can be reached from `start`",
            vec![Needle::Field("start")],
        );
    }
    // Steps the trainee cannot act in lead on by themselves; a loop of those never ends.
    let passive: Vec<bool> = s
        .nodes
        .iter()
        .map(|nd| matches!(nd, Node::Step(st) if st.choices.is_empty()))
        .collect();
    let passive_succ: Vec<Vec<usize>> = (0..n)
        .map(|i| {
            if passive[i] {
                succ[i].iter().copied().filter(|&j| passive[j]).collect()
            } else {
                Vec::new()
            }
        })
        .collect();
    for cycle in cycles(&passive_succ) {
        let names: Vec<&str> = cycle.iter().map(|&i| s.nodes[i].id()).collect();
        f.error(
            format!(
                "these steps lead to each other with no choice for the trainee, forever: {} → {}",
                names.join(" → "),
                names[0]
            ),
            vec![id(names[0])],
        );
    }
}

/// For each node, the nodes it can lead to directly.
pub(crate) fn node_successors(s: &Scenario) -> Vec<Vec<usize>> {
    s.nodes
        .iter()
        .map(|node| match node {
            Node::Ending(_) => Vec::new(),
            Node::Step(st) => st
                .choices
                .iter()
                .map(|c| c.goto.as_str())
                .chain(st.silence.iter().map(|x| x.goto.as_str()))
                .chain(st.next.iter().map(String::as_str))
                .filter_map(|t| s.index.get(t).copied())
                .collect(),
        })
        .collect()
}

/// One representative cycle per strongly connected component that has one (Tarjan).
pub(crate) fn cycles(succ: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = succ.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // Iterative Tarjan: (node, next edge to look at).
        let mut work = vec![(root, 0usize)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut ei)) = work.last_mut() {
            if let Some(&w) = succ[v].get(*ei) {
                *ei += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut comp = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp.push(w);
                        if w == v {
                            break;
                        }
                    }
                    let self_loop = succ[v].contains(&v);
                    if comp.len() > 1 || self_loop {
                        comp.reverse();
                        out.push(comp);
                    }
                }
            }
        }
    }
    out
}

/// Behaviour: loops that make no progress, and the scenario's own test plans.
pub fn check_behaviour(s: &Arc<Scenario>, rulebook: &Arc<Rulebook>) -> Vec<Finding> {
    let mut f = Findings(Vec::new());
    if !cycles(&node_successors(s)).is_empty() {
        match super::analysis::StateGraph::build(s, rulebook) {
            Ok(graph) => {
                if let Some(cycle) = graph.find_cycle() {
                    let names: Vec<&str> = cycle.iter().map(|&n| s.nodes[n].id()).collect();
                    f.error(
                        format!(
                            "a trainee can go round {} → {} forever with nothing changing; make each round change something (a variable, patience) and end the loop on it",
                            names.join(" → "),
                            names[0]
                        ),
                        vec![id(names[0])],
                    );
                }
            }
            Err(e) => f.error(e.to_string(), vec![Needle::Field("nodes")]),
        }
    }
    check_plans(s, rulebook, &mut f);
    f.0
}

fn check_plans(s: &Arc<Scenario>, rulebook: &Arc<Rulebook>, f: &mut Findings) {
    for plan in &s.tests {
        let at = || vec![Needle::Field("tests"), quoted(&plan.name)];
        let name = &plan.name;
        if s.node(&plan.ending).is_none() {
            f.error(
                format!(
                    "test `{name}` expects ending `{}`, which is not a node",
                    plan.ending
                ),
                at(),
            );
            continue;
        }
        for rule in plan.rules.keys() {
            if rulebook.rule(rule).is_none() {
                f.error(
                    format!("test `{name}` expects a score for `{rule}`, which is not a rule"),
                    at(),
                );
            }
        }
        let (run, _) = match play_steps(Arc::clone(s), Arc::clone(rulebook), plan.seed, &plan.steps)
        {
            Ok(done) => done,
            Err(e) => {
                let mut here = at();
                here.extend([Needle::Field("steps"), quoted(&plan.steps[e.index])]);
                f.error(
                    format!("test `{name}`, step {}: {}", e.index + 1, e.message),
                    here,
                );
                continue;
            }
        };
        let Some(result) = run.result() else {
            f.error(
                format!(
                    "test `{name}` stops at `{}` before any ending: add the remaining steps",
                    run.state().node
                ),
                at(),
            );
            continue;
        };
        let mut problems = Vec::new();
        if result.ending != plan.ending {
            problems.push(format!(
                "ends at `{}`, not `{}`",
                result.ending, plan.ending
            ));
        }
        if let Some(expected) = plan.score
            && result.score.round() as u32 != expected
        {
            problems.push(format!("scores {:.0}, not {expected}", result.score));
        }
        let actual: BTreeMap<&str, u32> = result
            .rules
            .iter()
            .map(|r| (r.rule.as_str(), r.score.round() as u32))
            .collect();
        for (rule, expected) in &plan.rules {
            match actual.get(rule.as_str()) {
                Some(got) if got == expected => {}
                Some(got) => problems.push(format!("scores {got} on `{rule}`, not {expected}")),
                None => problems.push(format!("never touches `{rule}`")),
            }
        }
        if !problems.is_empty() {
            f.error(
                format!("test `{name}` fails: it {}", problems.join(", ")),
                at(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_ids_fields_and_quoted_text_in_order() {
        let src =
            "(id: \"a\", nodes: [Step(id: \"greet\", choices: [(id: \"x\", goto: \"greet\")])])";
        let goto = locate(src, &[id("greet"), id("x"), Needle::Field("goto")]);
        assert!(src[goto..].starts_with("goto"));
        // `goto: "greet"` is not an id, so the node's own id is found.
        let node = locate(src, &[id("greet")]);
        assert!(src[..node].ends_with("Step(id: "));
        // An absent needle leaves the last position found.
        assert_eq!(locate(src, &[id("greet"), quoted("nope")]), node);
    }

    #[test]
    fn fields_are_whole_words() {
        let src = "(nextstep: 1, next: 2)";
        let at = locate(src, &[Needle::Field("next")]);
        assert!(src[at..].starts_with("next: 2"));
    }

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

    #[test]
    fn finds_cycles_including_self_loops() {
        let succ = vec![vec![1], vec![2], vec![0], vec![3], vec![]];
        let found = cycles(&succ);
        assert_eq!(found.len(), 2);
        assert_eq!(found.iter().map(Vec::len).collect::<Vec<_>>(), [3, 1]);
        assert!(cycles(&[vec![1], vec![]]).is_empty());
    }
}

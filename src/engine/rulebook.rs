//! The rulebook: the service rules choices are scored against. The default one is data
//! (`rulebook/default.ron`); a company's own file adds rules or reweights them.

use super::scenario::{RuleEffect, Silence};
use super::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The default rulebook as shipped, built into the binary so every tool agrees on it.
pub const DEFAULT_RULEBOOK: &str = include_str!("../../rulebook/default.ron");
pub const DEFAULT_RULEBOOK_PATH: &str = "rulebook/default.ron";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub title: Text,
    pub explanation: Text,
    pub example: Text,
    /// How much this rule counts in the overall score, relative to the others.
    #[serde(default = "one")]
    pub weight: f64,
}

fn one() -> f64 {
    1.0
}

/// How something the trainee did without choosing is scored: cutting in while the customer
/// speaks (unless the choice says it is right there), or saying nothing until the answer timer
/// runs out (unless that silence states its own rules).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Penalty {
    pub rule: String,
    pub points: u32,
    #[serde(default)]
    pub patience: i32,
    pub why: Text,
}

/// A rulebook file as written: the default one, or a company's additions to it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulebookFile {
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// New weights for rules already in the rulebook, by id.
    #[serde(default)]
    pub reweight: BTreeMap<String, f64>,
    #[serde(default)]
    pub interruption: Option<Penalty>,
    #[serde(default)]
    pub silence: Option<Penalty>,
}

/// The rules in force: the default rulebook with any company file applied.
#[derive(Debug, Clone, Serialize)]
pub struct Rulebook {
    pub rules: Vec<Rule>,
    pub interruption: Penalty,
    pub silence: Penalty,
}

impl Rulebook {
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// A rule's title in `lang` (falling back as every text does), or its id when the rulebook
    /// has no such rule (any more): what every screen and command shows for a rule.
    pub fn title(&self, id: &str, lang: impl AsRef<str>) -> String {
        let lang = lang.as_ref();
        self.rule(id)
            .map(|r| r.title.get(lang).to_owned())
            .unwrap_or_else(|| id.to_owned())
    }

    pub fn weight(&self, id: &str) -> f64 {
        self.rule(id).map_or(1.0, |r| r.weight)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.id.as_str())
    }

    /// How a silence firing is scored — its own rules when it states them, else this rulebook's
    /// `silence` entry — and the change to patience beyond the silence's own: the one
    /// definition the runtime and the analysis share.
    pub fn silence_effects<'a>(&'a self, silence: &'a Silence) -> (Vec<EffectRef<'a>>, i32) {
        match &silence.rules {
            Some(own) => (own.iter().map(EffectRef::from).collect(), 0),
            None => (vec![EffectRef::from(&self.silence)], self.silence.patience),
        }
    }
}

/// A rule effect, whether a scenario wrote it or the rulebook's penalties did.
#[derive(Debug, Clone, Copy)]
pub struct EffectRef<'a> {
    pub rule: &'a str,
    pub points: u32,
    pub upholds: bool,
    pub why: &'a Text,
}

impl<'a> From<&'a RuleEffect> for EffectRef<'a> {
    fn from(e: &'a RuleEffect) -> Self {
        EffectRef {
            rule: e.rule(),
            points: e.points(),
            upholds: e.upholds(),
            why: e.why(),
        }
    }
}

impl<'a> From<&'a Penalty> for EffectRef<'a> {
    fn from(p: &'a Penalty) -> Self {
        EffectRef {
            rule: &p.rule,
            points: p.points,
            upholds: false,
            why: &p.why,
        }
    }
}

/// What is wrong with a rulebook, naming the rule or field.
#[derive(Debug, Clone, PartialEq)]
pub struct RulebookProblem {
    /// The text to look for in the source to place the problem (a rule id, a field name).
    pub anchor: String,
    pub message: String,
}

/// Builds the rulebook in force from the default file and an optional company file.
pub fn assemble(
    default: RulebookFile,
    company: Option<RulebookFile>,
) -> Result<Rulebook, Vec<(bool, RulebookProblem)>> {
    // (is_company_file, problem)
    let mut problems = Vec::new();
    let mut rules = Vec::new();
    let mut interruption = default.interruption;
    let mut silence = default.silence;
    for (entry, name) in [
        (interruption.is_none(), "interruption"),
        (silence.is_none(), "silence"),
    ] {
        if entry {
            problems.push((
                false,
                RulebookProblem {
                    anchor: "Rulebook".into(),
                    message: format!("the default rulebook needs a `{name}` entry"),
                },
            ));
        }
    }
    add_rules(&mut rules, default.rules, false, &mut problems);
    if let Some(company) = company {
        add_rules(&mut rules, company.rules, true, &mut problems);
        for (id, weight) in company.reweight {
            match rules.iter_mut().find(|r: &&mut Rule| r.id == id) {
                Some(rule) if weight.is_finite() && weight > 0.0 => rule.weight = weight,
                Some(_) => problems.push((
                    true,
                    RulebookProblem {
                        anchor: format!("\"{id}\""),
                        message: format!("the weight of `{id}` must be a number above 0"),
                    },
                )),
                None => problems.push((
                    true,
                    RulebookProblem {
                        anchor: format!("\"{id}\""),
                        message: format!(
                            "cannot reweight `{id}`: no such rule (known: {})",
                            rules
                                .iter()
                                .map(|r| r.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    },
                )),
            }
        }
        if company.interruption.is_some() {
            interruption = company.interruption;
        }
        if company.silence.is_some() {
            silence = company.silence;
        }
    }
    for (penalty, name, what) in [
        (&interruption, "interruption", "interruptions"),
        (&silence, "silence", "silences"),
    ] {
        if let Some(p) = penalty
            && !rules.iter().any(|r| r.id == p.rule)
        {
            problems.push((
                false,
                RulebookProblem {
                    anchor: name.into(),
                    message: format!(
                        "{what} are scored against `{}`, which is not a rule",
                        p.rule
                    ),
                },
            ));
        }
    }
    match (interruption, silence) {
        (Some(interruption), Some(silence)) if problems.is_empty() => Ok(Rulebook {
            rules,
            interruption,
            silence,
        }),
        _ => Err(problems),
    }
}

fn add_rules(
    rules: &mut Vec<Rule>,
    new: Vec<Rule>,
    company: bool,
    problems: &mut Vec<(bool, RulebookProblem)>,
) {
    for rule in new {
        let anchor = format!("\"{}\"", rule.id);
        if !is_rule_id(&rule.id) {
            problems.push((
                company,
                RulebookProblem {
                    anchor,
                    message: format!(
                        "rule id `{}` must be short lowercase words joined by hyphens, like `honest-promises`",
                        rule.id
                    ),
                },
            ));
        } else if rules.iter().any(|r| r.id == rule.id) {
            problems.push((
                company,
                RulebookProblem {
                    anchor,
                    message: format!(
                        "rule `{}` is already in the rulebook; use `reweight` to change its weight",
                        rule.id
                    ),
                },
            ));
        } else if !(rule.weight.is_finite() && rule.weight > 0.0) {
            problems.push((
                company,
                RulebookProblem {
                    anchor,
                    message: format!("the weight of `{}` must be a number above 0", rule.id),
                },
            ));
        } else {
            rules.push(rule);
        }
    }
}

/// Ids trainers type: lowercase ASCII words joined by single hyphens.
pub fn is_rule_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default rulebook's own `why`s (interruption, silence) agree with the customer in
    /// Arabic, and every gender form in them is well made.
    #[test]
    fn the_rulebooks_own_whys_agree_with_the_customer() {
        use crate::engine::scenario::Gender;
        use crate::engine::text::{Forms, render, selectors};
        let book = crate::engine::load::default_rulebook();
        for why in [&book.interruption.why, &book.silence.why] {
            for (_, variant) in why.by_lang() {
                assert!(
                    selectors(variant).iter().all(|s| s.problem.is_none()),
                    "{variant}"
                );
            }
            let ar = why.get("ar");
            let female = render(
                ar,
                &Default::default(),
                Forms {
                    customer: Some(Gender::Female),
                    agent: None,
                },
            );
            let male = render(
                ar,
                &Default::default(),
                Forms {
                    customer: Some(Gender::Male),
                    agent: None,
                },
            );
            assert!(
                female.contains("العميلة") && !female.contains('{'),
                "{female}"
            );
            assert!(male.contains("العميل ") && !male.contains('{'), "{male}");
        }
    }

    fn parse(src: &str) -> RulebookFile {
        crate::engine::load::ron_options()
            .from_str(src)
            .expect("rulebook parses")
    }

    fn default_file() -> RulebookFile {
        parse(DEFAULT_RULEBOOK)
    }

    #[test]
    fn the_default_rulebook_has_the_eight_classic_rules() {
        let book = assemble(default_file(), None).unwrap();
        let ids: Vec<_> = book.ids().collect();
        assert_eq!(
            ids,
            [
                "contact",
                "honest-promises",
                "listen",
                "complaint-chance",
                "customer-first",
                "know-procedure",
                "step-ahead",
                "remember"
            ]
        );
        for rule in &book.rules {
            for lang in ["en", "ar", "fa"] {
                assert!(rule.title.has(lang), "{} has no {lang} title", rule.id);
                assert!(
                    rule.explanation.has(lang),
                    "{} has no {lang} explanation",
                    rule.id
                );
            }
        }
        assert_eq!(book.interruption.rule, "listen");
    }

    #[test]
    fn a_company_file_adds_and_reweights() {
        let company = parse(
            r#"(rules: [(id: "refund-policy", title: "Refunds", explanation: "x", example: "y", weight: 2.0)],
                reweight: {"listen": 3.0})"#,
        );
        let book = assemble(default_file(), Some(company)).unwrap();
        assert_eq!(book.weight("listen"), 3.0);
        assert_eq!(book.weight("refund-policy"), 2.0);
        assert_eq!(book.rules.len(), 9);
    }

    #[test]
    fn a_company_file_cannot_redefine_or_reweight_unknown_rules() {
        let company = parse(
            r#"(rules: [(id: "listen", title: "x", explanation: "x", example: "y")],
                reweight: {"lisen": 3.0})"#,
        );
        let problems = assemble(default_file(), Some(company)).unwrap_err();
        let messages: Vec<_> = problems.iter().map(|(_, p)| p.message.as_str()).collect();
        assert!(
            messages[0].contains("already in the rulebook"),
            "{messages:?}"
        );
        assert!(messages[1].contains("no such rule"), "{messages:?}");
    }

    #[test]
    fn rule_ids_are_kebab_case() {
        assert!(is_rule_id("honest-promises"));
        assert!(is_rule_id("rule2"));
        for bad in [
            "",
            "Listen",
            "two--hyphens",
            "-lead",
            "under_score",
            "space d",
        ] {
            assert!(!is_rule_id(bad), "{bad}");
        }
    }
}

//! Localised text as trainers write it: one string for every language, or a map per language.
//! Placeholders such as `{name}` or `{order}` are filled in from the customer drawn for a run,
//! and gender forms such as `{agent: male=آسف | female=آسفة}` agree with the customer drawn
//! (`customer`) or with how the trainee wants to be addressed (`agent`).

use super::scenario::Gender;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// The language every scenario is written in first, and the one missing translations fall back to.
pub const DEFAULT_LANG: &str = "en";

/// Text a trainee may read. `One` stands for every language (names, numbers, brand words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    One(String),
    Langs(BTreeMap<String, String>),
}

impl Text {
    /// The text in `lang` (a code such as `"ar"`, or an interface `Lang`), else English, else
    /// whatever language is there.
    pub fn get(&self, lang: impl AsRef<str>) -> &str {
        let lang = lang.as_ref();
        match self {
            Text::One(s) => s,
            Text::Langs(map) => map
                .get(lang)
                .or_else(|| map.get(DEFAULT_LANG))
                .or_else(|| map.values().next())
                .map(String::as_str)
                .unwrap_or(""),
        }
    }

    /// Whether a translation for `lang` was written (a single string counts for every language).
    pub fn has(&self, lang: &str) -> bool {
        match self {
            Text::One(_) => true,
            Text::Langs(map) => map.contains_key(lang),
        }
    }

    /// The languages this text was written in; `None` for a single string that serves them all.
    pub fn langs(&self) -> Option<impl Iterator<Item = &str>> {
        match self {
            Text::One(_) => None,
            Text::Langs(map) => Some(map.keys().map(String::as_str)),
        }
    }

    /// Every written variant with its language (`None`: one string for every language).
    pub fn by_lang(&self) -> Box<dyn Iterator<Item = (Option<&str>, &str)> + '_> {
        match self {
            Text::One(s) => Box::new(std::iter::once((None, s.as_str()))),
            Text::Langs(map) => Box::new(map.iter().map(|(l, s)| (Some(l.as_str()), s.as_str()))),
        }
    }

    /// Every written variant, for checks that must look at all of them (placeholders, emptiness).
    pub fn variants(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        match self {
            Text::One(s) => Box::new(std::iter::once(s.as_str())),
            Text::Langs(map) => Box::new(map.values().map(String::as_str)),
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::One(s.to_owned())
    }
}

/// Who a text's gender forms agree with. `None` is not known (the trainee did not say, or the
/// scenario's names have no gender): both forms are shown, `male/female`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Forms {
    pub customer: Option<Gender>,
    pub agent: Option<Gender>,
}

/// The whole rendering of a scenario text: gender forms chosen, then placeholders filled.
pub fn render(template: &str, values: &BTreeMap<String, String>, forms: Forms) -> String {
    fill(&choose_forms(template, forms), values)
}

/// A gender selector as written in a text: `{customer: male=… | female=…}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector<'a> {
    /// The whole selector, braces included, as it stands in the text.
    pub raw: &'a str,
    /// Who it agrees with: `customer` or `agent` (anything else is the checker's to report).
    pub who: &'a str,
    /// `(form, text)` pairs in the order written, such as `("male", "آسف")`.
    pub forms: Vec<(&'a str, &'a str)>,
    /// What is malformed about it, if anything.
    pub problem: Option<&'static str>,
}

/// The selectors in a text: a `{` followed by a word and a colon, up to its matching `}`.
pub fn selectors(template: &str) -> Vec<Selector<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = template[from..].find('{').map(|i| i + from) {
        from = open + 1;
        let after = &template[open + 1..];
        let Some(colon) = after.find(':') else { break };
        let who = after[..colon].trim();
        if who.is_empty() || !who.chars().all(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        // The matching `}`: forms may hold `{placeholders}`, one level deep.
        let mut depth = 0usize;
        let mut close = None;
        for (i, c) in after.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    close = Some(i);
                    break;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        let Some(close) = close else {
            found.push(Selector {
                raw: &template[open..],
                who,
                forms: Vec::new(),
                problem: Some("has no closing `}`"),
            });
            break;
        };
        let raw = &template[open..open + close + 2];
        let body = &after[colon + 1..close];
        let mut forms = Vec::new();
        let mut problem = None;
        for part in body.split('|') {
            match part.split_once('=') {
                Some((form, text)) => forms.push((form.trim(), text.trim())),
                None => {
                    problem =
                        Some("needs its forms written as `male=…` and `female=…`, separated by `|`")
                }
            }
        }
        found.push(Selector {
            raw,
            who,
            forms,
            problem,
        });
        from = open + close + 2;
    }
    found
}

/// Replaces each well-formed selector with the form for whoever it agrees with.
fn choose_forms(template: &str, forms: Forms) -> String {
    let found = selectors(template);
    if found.is_empty() {
        return template.to_owned();
    }
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    for sel in found {
        let Some(at) = rest.find(sel.raw) else {
            continue;
        };
        out.push_str(&rest[..at]);
        rest = &rest[at + sel.raw.len()..];
        let gender = match sel.who {
            "customer" => forms.customer,
            "agent" => forms.agent,
            _ => {
                out.push_str(sel.raw);
                continue;
            }
        };
        let form = |g: Gender| sel.forms.iter().find(|(k, _)| *k == g.key()).map(|f| f.1);
        match gender {
            Some(g) if sel.problem.is_none() => out.push_str(form(g).unwrap_or_default()),
            None if sel.problem.is_none() => {
                let (m, f) = (
                    form(Gender::Male).unwrap_or_default(),
                    form(Gender::Female).unwrap_or_default(),
                );
                if m == f {
                    out.push_str(m);
                } else {
                    out.push_str(&format!("{m}/{f}"));
                }
            }
            _ => out.push_str(sel.raw),
        }
    }
    out.push_str(rest);
    out
}

/// Replace `{key}` with its value; unknown keys and lone braces are left as written
/// (the checker reports unknown keys before a scenario ever plays).
pub fn fill(template: &str, values: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if values.contains_key(&after[..close]) => {
                out.push_str(&values[&after[..close]]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholder names used in a template, in order of appearance.
pub fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template.match_indices('{').filter_map(move |(i, _)| {
        let after = &template[i + 1..];
        let close = after.find('}')?;
        let key = &after[..close];
        let simple = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        simple.then_some(key)
    })
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Text::One(text) => s.serialize_str(text),
            Text::Langs(map) => map.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(r#"a string, or a map of languages such as {"en": "…", "ar": "…"}"#)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::One(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text::One(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Text, A::Error> {
                let mut map = BTreeMap::new();
                while let Some((lang, text)) = access.next_entry::<String, String>()? {
                    if !is_lang_code(&lang) {
                        return Err(de::Error::custom(format!(
                            "`{lang}` is not a language code: use two or three lowercase letters such as \"en\", \"ar\" or \"fa\""
                        )));
                    }
                    if map.insert(lang.clone(), text).is_some() {
                        return Err(de::Error::custom(format!(
                            "language `{lang}` is given twice"
                        )));
                    }
                }
                if map.is_empty() {
                    return Err(de::Error::custom("a text map needs at least one language"));
                }
                Ok(Text::Langs(map))
            }
        }
        d.deserialize_any(TextVisitor)
    }
}

fn is_lang_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> BTreeMap<String, String> {
        [("name", "Omar"), ("order", "4821")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    #[test]
    fn falls_back_to_english_then_any_language() {
        let t: Text = ron::from_str(r#"{"en": "Hello", "ar": "مرحبا"}"#).unwrap();
        assert_eq!(t.get("ar"), "مرحبا");
        assert_eq!(t.get("fa"), "Hello");
        let only_ar: Text = ron::from_str(r#"{"ar": "مرحبا"}"#).unwrap();
        assert_eq!(only_ar.get("en"), "مرحبا");
        assert!(!only_ar.has("en"));
    }

    #[test]
    fn a_single_string_serves_every_language() {
        let t: Text = ron::from_str(r#""Omar""#).unwrap();
        assert_eq!(t.get("fa"), "Omar");
        assert!(t.has("ar"));
    }

    #[test]
    fn rejects_bad_language_codes_and_duplicates() {
        let err = ron::from_str::<Text>(r#"{"English": "Hi"}"#).unwrap_err();
        assert!(
            err.code.to_string().contains("not a language code"),
            "{err}"
        );
        let err = ron::from_str::<Text>(r#"{"en": "Hi", "en": "Hello"}"#).unwrap_err();
        assert!(err.code.to_string().contains("twice"), "{err}");
    }

    #[test]
    fn fills_known_placeholders_and_keeps_the_rest() {
        assert_eq!(
            fill("Order {order} for {name} {unknown} {", &values()),
            "Order 4821 for Omar {unknown} {"
        );
        assert_eq!(fill("طلب رقم {order}", &values()), "طلب رقم 4821");
    }

    #[test]
    fn gender_forms_agree_with_the_customer_and_the_agent() {
        let t = "لا {customer: male=تقلق | female=تقلقي}، أنا {agent: male=آسف|female=آسفة} يا {address}";
        let mut values = values();
        values.insert("address".into(), "أستاذة ليلى".into());
        let she = Forms {
            customer: Some(Gender::Female),
            agent: Some(Gender::Male),
        };
        assert_eq!(render(t, &values, she), "لا تقلقي، أنا آسف يا أستاذة ليلى");
        // Not known: both forms, so nobody is misaddressed.
        assert_eq!(
            render("{agent: male=آسف | female=آسفة}", &values, Forms::default()),
            "آسف/آسفة"
        );
        // Forms may hold placeholders; a selector nobody knows is left as written.
        assert_eq!(
            render(
                "{customer: male=Mr {name} | female=Ms {name}} {client: a=b}",
                &values,
                she
            ),
            "Ms Omar {client: a=b}"
        );
    }

    #[test]
    fn malformed_selectors_are_found_with_what_is_wrong() {
        let found = selectors("a {agent: male=x female=y} b {customer: male=x | female=y c");
        assert_eq!(found.len(), 2);
        // Without a `|` the second form runs into the first: the checker finds no `female=`.
        assert_eq!(found[0].forms, [("male", "x female=y")]);
        assert_eq!(found[1].problem, Some("has no closing `}`"));
        let ok = selectors("{order} and {customer: male=he | female=she}");
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].forms, [("male", "he"), ("female", "she")]);
    }

    #[test]
    fn lists_placeholders() {
        let found: Vec<_> = placeholders("Hi {name}, order {order}. {not a key}").collect();
        assert_eq!(found, ["name", "order"]);
    }
}

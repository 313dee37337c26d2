//! Localised text as trainers write it: one string for every language, or a map per language.
//! Placeholders such as `{name}` or `{order}` are filled in from the customer drawn for a run.

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
    fn lists_placeholders() {
        let found: Vec<_> = placeholders("Hi {name}, order {order}. {not a key}").collect();
        assert_eq!(found, ["name", "order"]);
    }
}

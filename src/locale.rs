//! Interface strings, one table per language (`assets/locale/*.ron`), shared by the CLI and
//! the app. Scenario text is the trainer's and lives in the scenarios; this is ours.

use std::collections::BTreeMap;
use std::sync::OnceLock;

pub const LANGUAGES: [(&str, &str); 3] = [("en", "English"), ("ar", "العربية"), ("fa", "فارسی")];

const TABLES: [(&str, &str); 3] = [
    ("en", include_str!("../assets/locale/en.ron")),
    ("ar", include_str!("../assets/locale/ar.ron")),
    ("fa", include_str!("../assets/locale/fa.ron")),
];

type Table = BTreeMap<String, String>;

fn tables() -> &'static BTreeMap<&'static str, Table> {
    static TABLES_PARSED: OnceLock<BTreeMap<&'static str, Table>> = OnceLock::new();
    TABLES_PARSED.get_or_init(|| {
        TABLES
            .iter()
            .map(|(lang, src)| {
                (
                    *lang,
                    ron::from_str(src).expect("locale tables are checked by the test suite"),
                )
            })
            .collect()
    })
}

/// Whether the language is written right to left.
pub fn is_rtl(lang: &str) -> bool {
    matches!(lang, "ar" | "fa" | "he" | "ur")
}

/// The string for `key` in `lang`, falling back to English, then to the key itself.
pub fn tr(lang: &str, key: &str) -> String {
    let t = tables();
    t.get(lang)
        .and_then(|table| table.get(key))
        .or_else(|| t["en"].get(key))
        .cloned()
        .unwrap_or_else(|| key.to_owned())
}

/// `tr` with `{placeholders}` filled.
pub fn tr_with(lang: &str, key: &str, values: &[(&str, &str)]) -> String {
    let map = values
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    crate::engine::text::fill(&tr(lang, key), &map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_every_key_of_the_english_one_and_no_other() {
        let t = tables();
        let english: Vec<&String> = t["en"].keys().collect();
        for (lang, table) in t {
            let keys: Vec<&String> = table.keys().collect();
            assert_eq!(keys, english, "{lang} table keys differ from English");
            assert!(
                table.values().all(|v| !v.trim().is_empty()),
                "{lang} has an empty string"
            );
        }
    }

    #[test]
    fn falls_back_to_english_then_the_key() {
        assert_eq!(tr("de", "you"), "You");
        assert_eq!(tr("ar", "you"), "أنت");
        assert_eq!(tr("en", "no-such-key"), "no-such-key");
        assert_eq!(
            tr_with("en", "better", &[("choice", "X")]),
            "Better here: X"
        );
    }
}

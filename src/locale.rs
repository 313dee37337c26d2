//! Interface strings, one table per language (`assets/locale/*.ron`), shared by the CLI and
//! the app, and the interface languages themselves. Scenario text is the trainer's and lives in
//! the scenarios; this is ours.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// A language the interface speaks. Scenario texts are keyed by its code (`"ar"`).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(try_from = "String", into = "String")]
pub enum Lang {
    #[default]
    En,
    Ar,
    Fa,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ar, Lang::Fa];

    /// The code scenario texts and interface tables are keyed by.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ar => "ar",
            Lang::Fa => "fa",
        }
    }

    /// The language's own name for itself, as the language buttons show it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ar => "العربية",
            Lang::Fa => "فارسی",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Written right to left: the whole layout mirrors.
    pub fn is_rtl(self) -> bool {
        matches!(self, Lang::Ar | Lang::Fa)
    }
}

impl AsRef<str> for Lang {
    fn as_ref(&self) -> &str {
        self.code()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl TryFrom<String> for Lang {
    type Error = String;
    fn try_from(code: String) -> Result<Lang, String> {
        Lang::from_code(&code)
            .ok_or_else(|| format!("`{code}` is not an interface language (en, ar or fa)"))
    }
}

impl From<Lang> for String {
    fn from(lang: Lang) -> String {
        lang.code().to_owned()
    }
}

const TABLES: [(Lang, &str); 3] = [
    (Lang::En, include_str!("../assets/locale/en.ron")),
    (Lang::Ar, include_str!("../assets/locale/ar.ron")),
    (Lang::Fa, include_str!("../assets/locale/fa.ron")),
];

type Table = BTreeMap<String, String>;

fn tables() -> &'static BTreeMap<Lang, Table> {
    static TABLES_PARSED: OnceLock<BTreeMap<Lang, Table>> = OnceLock::new();
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

/// The string for `key` in `lang`, falling back to English, then to the key itself.
pub fn tr(lang: Lang, key: &str) -> String {
    let t = tables();
    t.get(&lang)
        .and_then(|table| table.get(key))
        .or_else(|| t[&Lang::En].get(key))
        .cloned()
        .unwrap_or_else(|| key.to_owned())
}

/// `tr` with `{placeholders}` filled.
pub fn tr_with(lang: Lang, key: &str, values: &[(&str, &str)]) -> String {
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
        let english: Vec<&String> = t[&Lang::En].keys().collect();
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
        assert_eq!(tr(Lang::Ar, "you"), "أنت");
        assert_eq!(tr(Lang::En, "no-such-key"), "no-such-key");
        assert_eq!(
            tr_with(Lang::En, "better", &[("choice", "X")]),
            "Better here: X"
        );
    }

    #[test]
    fn languages_read_and_write_as_their_codes() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            let ron = ron::to_string(&lang).unwrap();
            assert_eq!(ron, format!("\"{}\"", lang.code()));
            assert_eq!(ron::from_str::<Lang>(&ron).unwrap(), lang);
        }
        assert!(ron::from_str::<Lang>("\"de\"").is_err());
    }
}

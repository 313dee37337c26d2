//! Interface strings, one Project Fluent table per language (`assets/locale/*.ftl`), shared by
//! the CLI and the app: Fluent gives Arabic its six plural forms and lets a line agree with the
//! customer's gender (`$gender`) and the trainee's (`$agent`). Scenario text is the trainer's and
//! lives in the scenarios; this is ours.
//!
//! The tables are built into the binary. The app can also read them from a folder and swap them
//! while it runs (a translator's edit); a table with a syntax error or a missing key is reported
//! at its line and column and the last good tables stay in use.

use crate::engine::Diagnostic;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use std::sync::{Arc, RwLock};

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

    /// The language a POSIX locale names (`ar_EG.UTF-8` → Arabic), if it is one of ours.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let code = locale.split(['_', '.', '@', '-']).next()?;
        Lang::from_code(&code.to_ascii_lowercase())
    }

    /// The environment's language (`LC_ALL`, then `LC_MESSAGES`, then `LANG`), else English.
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::from_locale(&v))
            .unwrap_or_default()
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

/// A value a line is filled with: words, or a count that chooses the plural form.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    Text(Cow<'a, str>),
    Count(i64),
    Number(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(Cow::Owned(s))
    }
}

macro_rules! count_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Count(n as i64)
            }
        }
    )*};
}
count_arg!(i32, i64, u32, u64, usize);

impl From<f64> for Arg<'_> {
    fn from(n: f64) -> Self {
        Arg::Number(n)
    }
}

/// The built-in tables, as shipped.
const SOURCES: [(Lang, &str, &str); 3] = [
    (
        Lang::En,
        "assets/locale/en.ftl",
        include_str!("../assets/locale/en.ftl"),
    ),
    (
        Lang::Ar,
        "assets/locale/ar.ftl",
        include_str!("../assets/locale/ar.ftl"),
    ),
    (
        Lang::Fa,
        "assets/locale/fa.ftl",
        include_str!("../assets/locale/fa.ftl"),
    ),
];

/// One bundle per language.
pub struct Tables {
    bundles: BTreeMap<Lang, FluentBundle<FluentResource>>,
}

impl Tables {
    /// Builds the tables from `(language, file label, source)`, or reports every problem: a
    /// syntax error at its line and column, and any key a table lacks that English has (or has
    /// that English lacks), at the table's end.
    pub fn parse(sources: &[(Lang, String, String)]) -> Result<Tables, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut bundles = BTreeMap::new();
        let mut keys: BTreeMap<Lang, (BTreeSet<String>, String, String)> = BTreeMap::new();
        for (lang, label, src) in sources {
            let resource = match FluentResource::try_new(src.clone()) {
                Ok(r) => r,
                Err((_, errors)) => {
                    problems.extend(errors.iter().map(|e| {
                        // The parser stops where it notices; a line left open is noticed at the
                        // start of the next one, so point at the end of the line that broke.
                        let at = e.pos.start;
                        let at = if at > 0 && src[..at].ends_with('\n') {
                            at - 1
                        } else {
                            at
                        };
                        Diagnostic::error(label, format!("Fluent: {}", e.kind)).at_offset(src, at)
                    }));
                    continue;
                }
            };
            let ids: BTreeSet<String> = resource
                .entries()
                .filter_map(|e| match e {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                    _ => None,
                })
                .collect();
            keys.insert(*lang, (ids, label.clone(), src.clone()));
            let id: unic_langid::LanguageIdentifier = lang
                .code()
                .parse()
                .expect("our language codes are valid identifiers");
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Plain text for the terminal and for Bevy: the layout does its own bidi.
            bundle.set_use_isolating(false);
            if let Err(errors) = bundle.add_resource(resource) {
                problems.extend(
                    errors
                        .iter()
                        .map(|e| Diagnostic::error(label, format!("Fluent: {e}"))),
                );
            }
            bundles.insert(*lang, bundle);
        }
        if let Some((english, _, _)) = keys.get(&Lang::En) {
            for (lang, (ids, label, src)) in &keys {
                let missing: Vec<&String> = english.difference(ids).collect();
                let extra: Vec<&String> = ids.difference(english).collect();
                let end = src.len();
                if !missing.is_empty() {
                    problems.push(
                        Diagnostic::error(
                            label,
                            format!(
                                "the {} table has no {} (English has them)",
                                lang.native_name(),
                                list(&missing)
                            ),
                        )
                        .at_offset(src, end),
                    );
                }
                if !extra.is_empty() {
                    problems.push(
                        Diagnostic::error(
                            label,
                            format!(
                                "{} is not in the English table: a typo, or add it there",
                                list(&extra)
                            ),
                        )
                        .at_offset(src, end),
                    );
                }
            }
        }
        if problems.is_empty() {
            Ok(Tables { bundles })
        } else {
            Err(problems)
        }
    }

    /// The tables in `dir` (`en.ftl`, `ar.ftl`, `fa.ftl`).
    pub fn load_dir(dir: &Path) -> Result<Tables, Vec<Diagnostic>> {
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        for lang in Lang::ALL {
            let path = dir.join(format!("{}.ftl", lang.code()));
            match crate::engine::load::read_source(&path) {
                Ok(src) => sources.push((lang, path.display().to_string(), src)),
                Err(d) => problems.push(d),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Tables::parse(&sources)
    }

    fn built_in() -> Tables {
        let sources: Vec<(Lang, String, String)> = SOURCES
            .iter()
            .map(|(l, label, src)| (*l, (*label).to_owned(), (*src).to_owned()))
            .collect();
        Tables::parse(&sources)
            .unwrap_or_else(|d| panic!("the built-in tables are checked by the test suite: {d:?}"))
    }

    /// The line `key` in `lang` (English if the table lacks it, else the key itself).
    pub fn format(&self, lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
        let fluent_args = (!args.is_empty()).then(|| {
            let mut a = FluentArgs::new();
            for (name, value) in args {
                let v = match value {
                    Arg::Text(s) => FluentValue::from(s.to_string()),
                    Arg::Count(n) => FluentValue::from(*n),
                    Arg::Number(n) => FluentValue::from(*n),
                };
                a.set(*name, v);
            }
            a
        });
        for l in [lang, Lang::En] {
            let Some(bundle) = self.bundles.get(&l) else {
                continue;
            };
            if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return bundle
                    .format_pattern(pattern, fluent_args.as_ref(), &mut errors)
                    .into_owned();
            }
        }
        key.to_owned()
    }
}

fn list(keys: &[&String]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

static CURRENT: RwLock<Option<Arc<Tables>>> = RwLock::new(None);

fn current() -> Arc<Tables> {
    if let Some(t) = CURRENT.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
        return Arc::clone(t);
    }
    let mut slot = CURRENT.write().unwrap_or_else(|e| e.into_inner());
    Arc::clone(slot.get_or_insert_with(|| Arc::new(Tables::built_in())))
}

/// Uses `tables` from now on (a translator's edit the app has just read and checked).
pub fn install(tables: Tables) {
    *CURRENT.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(tables));
}

/// The line for `key` in `lang`.
pub fn tr(lang: Lang, key: &str) -> String {
    current().format(lang, key, &[])
}

/// The line for `key` in `lang`, filled: `tr_with(lang, "minutes", &[("n", 3.into())])`.
pub fn tr_with(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    current().format(lang, key, args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(lang: Lang, key: &str, n: i64) -> String {
        tr_with(lang, key, &[("n", n.into())])
    }

    #[test]
    fn the_built_in_tables_have_the_same_keys_and_no_errors() {
        let tables = Tables::built_in();
        assert_eq!(tables.bundles.len(), 3);
    }

    #[test]
    fn arabic_counts_take_their_six_forms() {
        assert_eq!(count(Lang::Ar, "minutes", 1), "دقيقة واحدة");
        assert_eq!(count(Lang::Ar, "minutes", 2), "دقيقتان");
        assert_eq!(count(Lang::Ar, "minutes", 3), "3 دقائق");
        assert_eq!(count(Lang::Ar, "minutes", 11), "11 دقيقة");
        assert_eq!(count(Lang::Ar, "minutes", 100), "100 دقيقة");
        assert_eq!(count(Lang::En, "minutes", 1), "1 minute");
        assert_eq!(count(Lang::En, "minutes", 3), "3 minutes");
        // Persian counts keep the noun singular.
        assert_eq!(count(Lang::Fa, "minutes", 3), "3 دقیقه");
    }

    #[test]
    fn lines_agree_with_the_customer_and_the_trainee() {
        let line = |gender: &str, agent: &str| {
            tr_with(
                Lang::Ar,
                "cut-in",
                &[
                    ("name", "ليلى".into()),
                    ("gender", gender.into()),
                    ("agent", agent.into()),
                ],
            )
        };
        assert_eq!(line("female", "male"), "(قاطعتَ ليلى وهي ما زالت تتكلم.)");
        assert_eq!(line("male", "female"), "(قاطعتِ ليلى وهو ما زال يتكلم.)");
    }

    #[test]
    fn a_broken_table_is_reported_at_its_line_and_a_missing_key_by_name() {
        let mut sources: Vec<(Lang, String, String)> = SOURCES
            .iter()
            .map(|(l, label, src)| (*l, (*label).to_owned(), (*src).to_owned()))
            .collect();
        sources[1].2 = sources[1].2.replacen("you = أنت", "you = { $oops", 1);
        sources[2].2 = sources[2].2.replacen("you = شما\n", "", 1);
        let problems = Tables::parse(&sources).err().expect("both are reported");
        let broken = problems
            .iter()
            .find(|d| d.path.ends_with("ar.ftl"))
            .expect("the syntax error");
        let line = sources[1]
            .2
            .lines()
            .position(|l| l.contains("{ $oops"))
            .unwrap()
            + 1;
        assert_eq!(broken.line, line, "{broken}");
        assert!(
            problems
                .iter()
                .any(|d| d.path.ends_with("fa.ftl") && d.message.contains("`you`")),
            "{problems:?}"
        );
    }

    #[test]
    fn falls_back_to_english_then_the_key() {
        assert_eq!(tr(Lang::Ar, "you"), "أنت");
        assert_eq!(tr(Lang::En, "no-such-key"), "no-such-key");
        assert_eq!(
            tr_with(Lang::En, "better", &[("choice", "X".into())]),
            "Better here: X"
        );
    }

    #[test]
    fn languages_read_and_write_as_their_codes_and_come_from_the_locale() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            let ron = ron::to_string(&lang).unwrap();
            assert_eq!(ron, format!("\"{}\"", lang.code()));
            assert_eq!(ron::from_str::<Lang>(&ron).unwrap(), lang);
        }
        assert!(ron::from_str::<Lang>("\"de\"").is_err());
        assert_eq!(Lang::from_locale("ar_EG.UTF-8"), Some(Lang::Ar));
        assert_eq!(Lang::from_locale("fa_IR"), Some(Lang::Fa));
        assert_eq!(Lang::from_locale("de_DE.UTF-8"), None);
    }
}

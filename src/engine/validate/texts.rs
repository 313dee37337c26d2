//! Checks on the words of a scenario: placeholders that name a customer detail, and
//! translations that some texts have and others lack.

use super::{Findings, quoted};
use crate::engine::locate::Needle;
use crate::engine::scenario::Scenario;
use crate::engine::text::{DEFAULT_LANG, placeholders};
use std::collections::{BTreeMap, BTreeSet, HashSet};

pub(super) fn check_placeholders(s: &Scenario, keys: &BTreeSet<&str>, f: &mut Findings) {
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
pub(super) fn check_translations(s: &Scenario, f: &mut Findings) {
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

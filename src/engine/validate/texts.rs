//! Checks on the words of a scenario: placeholders that name a customer detail, gender forms
//! that are well made and agree with someone, vocatives that read right in Arabic, and
//! translations that some texts have and others lack.

use super::{Findings, quoted};
use crate::engine::locate::Needle;
use crate::engine::scenario::{Gender, Scenario};
use crate::engine::suggest::suggest;
use crate::engine::text::{DEFAULT_LANG, placeholders, selectors};
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

/// Languages whose words do not change with gender: a gender form there is one form too many.
const GENDERLESS: [(&str, &str); 1] = [("fa", "Persian")];

/// Gender forms (`{customer: male=… | female=…}`): well made, agreeing with someone the text
/// can know the gender of, and only in languages that need them. Each is reported once, at
/// the selector.
pub(super) fn check_forms(s: &Scenario, f: &mut Findings) {
    let names_gendered = s.customer.names.iter().all(|n| n.gender.is_some());
    let mut reported = HashSet::new();
    for text in s.texts() {
        for (lang, variant) in text.by_lang() {
            for sel in selectors(variant) {
                if !reported.insert((lang, sel.raw)) {
                    continue;
                }
                let at = || vec![Needle::Text(sel.raw.to_owned())];
                if let Some(problem) = sel.problem {
                    f.error(format!("gender forms `{}` {problem}", sel.raw), at());
                    continue;
                }
                if !matches!(sel.who, "customer" | "agent") {
                    f.error(
                        format!(
                            "`{{{}:` is not someone a text can agree with: write `{{customer: …}}` (the customer drawn) or `{{agent: …}}` (the trainee){}",
                            sel.who,
                            suggest(sel.who, ["customer", "agent"].iter())
                        ),
                        at(),
                    );
                    continue;
                }
                let mut seen = Vec::new();
                for (form, _) in &sel.forms {
                    match Gender::from_key(form) {
                        None => f.error(
                            format!(
                                "`{form}=` is not a gender form: write `male=` and `female=`{}",
                                suggest(form, ["male", "female"].iter())
                            ),
                            at(),
                        ),
                        Some(g) if seen.contains(&g) => {
                            f.error(format!("`{form}=` is written twice in `{}`", sel.raw), at())
                        }
                        Some(g) => seen.push(g),
                    }
                }
                let all_known = sel.forms.iter().all(|(k, _)| Gender::from_key(k).is_some());
                for g in Gender::ALL {
                    if all_known && !seen.contains(&g) {
                        f.error(format!("`{}` has no `{}=` form", sel.raw, g.key()), at());
                    }
                }
                if sel.who == "customer" && !names_gendered {
                    f.error(
                        format!("`{}` agrees with the customer, but not every customer name says their gender: write each as (name: …, gender: Female) or (…, gender: Male)", sel.raw),
                        at(),
                    );
                }
                if let Some((_, language)) = GENDERLESS.iter().find(|(l, _)| Some(*l) == lang) {
                    f.warning(
                        format!("{language} does not change its words for gender: write one form instead of `{}` (a title such as خانم or آقای belongs in each name's `address`)", sel.raw),
                        at(),
                    );
                }
            }
        }
    }
    let arabic = s.texts().any(|t| t.langs().is_some() && t.has("ar"));
    if arabic && !names_gendered {
        f.warning(
            "some customer names have no gender, so Arabic texts cannot agree with the customer: write each as (name: …, gender: Female) or (…, gender: Male)",
            vec![Needle::Field("names")],
        );
    }
}

/// Arabic's vocative «يا» does not take «ال»: «يا السيدة حداد» must be «يا سيدة حداد», «أيتها
/// السيدة», or a title without «ال» («أستاذة ليلى»). Found in texts and in the addresses that
/// `يا {address}` fills in.
pub(super) fn check_vocatives(s: &Scenario, f: &mut Findings) {
    const HINT: &str =
        "write «يا سيدة…»/«يا أستاذ…», «أيتها السيدة»/«أيها السيد», or a title without «ال»";
    let mut reported = HashSet::new();
    let mut fills_vocative = false;
    for text in s.texts() {
        for (lang, variant) in text.by_lang() {
            if lang != Some("ar") {
                continue;
            }
            for (i, _) in variant.match_indices("يا ") {
                // «يا» the word, not the end of «زوايا» or «العليا».
                let word_start = variant[..i]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphabetic());
                if !word_start {
                    continue;
                }
                let rest = variant[i + "يا ".len()..].trim_start();
                if rest.starts_with("ال") && reported.insert(variant) {
                    let word: String = rest
                        .chars()
                        .take_while(|c| {
                            !c.is_whitespace() && !c.is_ascii_punctuation() && !"،؛؟".contains(*c)
                        })
                        .collect();
                    f.warning(
                        format!("«يا {word}»: the vocative does not take «ال»; {HINT}"),
                        vec![Needle::Text(format!("يا {word}"))],
                    );
                }
                if rest.starts_with("{address}") || rest.starts_with("{name}") {
                    fills_vocative = true;
                }
            }
        }
    }
    if !fills_vocative {
        return;
    }
    for person in &s.customer.names {
        let said = person.address.as_ref().unwrap_or(&person.name);
        let ar = said.get("ar");
        if said.has("ar") && ar.starts_with("ال") {
            f.warning(
                format!(
                    "«يا {{address}}» fills in «يا {ar}»: the vocative does not take «ال»; {HINT}"
                ),
                vec![Needle::Text(ar.to_owned())],
            );
        }
    }
}

/// `{address}` is how the agent speaks to the customer («أستاذة منى»); in Arabic narration (a
/// briefing, a note, a summary, a `why`) it makes «اتصلت أستاذة منى»: write `{name}` there.
pub(super) fn check_address_in_narration(s: &Scenario, f: &mut Findings) {
    let mut reported = HashSet::new();
    for text in s.narration() {
        let ar = text.get("ar");
        if text.has("ar") && ar.contains("{address}") && reported.insert(ar) {
            f.warning(
                "`{address}` in Arabic narration: it is the form for speaking to the customer \
                 («أستاذة منى»), not for speaking about them; write `{name}` here",
                vec![Needle::Text(ar.chars().take(24).collect())],
            );
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

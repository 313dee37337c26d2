//! "Did you mean …?": the nearest known word to a typo, for every message that names an
//! unknown id (rules, nodes, scenarios, trainees).

/// ` (did you mean `x`?)` when a candidate is close to `word`, else nothing.
pub fn suggest(word: &str, candidates: impl Iterator<Item = impl AsRef<str>>) -> String {
    nearest(word, candidates)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

/// The candidate close enough to `word` to be what was meant, if any.
pub fn nearest(word: &str, candidates: impl Iterator<Item = impl AsRef<str>>) -> Option<String> {
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
        .map(|(_, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggests_near_words_only() {
        let rules = ["listen", "honest-promises", "contact"];
        assert_eq!(suggest("lisen", rules.iter()), " (did you mean `listen`?)");
        assert_eq!(
            suggest("honest-promise", rules.iter()),
            " (did you mean `honest-promises`?)"
        );
        assert_eq!(suggest("refund", rules.iter()), "");
    }
}

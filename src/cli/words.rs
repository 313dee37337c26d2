//! Words every command may need in the trainee's language.

use crate::engine::suggest;
use crate::locale::{Lang, tr_with};

/// " (did you mean `x`?)" in `lang`, or nothing.
pub fn did_you_mean(word: &str, known: &[String], lang: Lang) -> String {
    suggest::nearest(word, known.iter())
        .map(|w| tr_with(lang, "cli-did-you-mean", &[("word", w.into())]))
        .unwrap_or_default()
}

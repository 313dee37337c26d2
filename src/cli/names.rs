//! How the progress commands say things, in the trainee's language: scenario and rule names
//! read from the scenarios folder, bars, "due in 3 days". One place, so `progress`, `due`,
//! `export` and `sync` word them alike.

use super::{CliError, LibraryArg};
use crate::engine::Rulebook;
use crate::engine::text::Text;
use crate::engine::tracks::Track;
use crate::locale::{Lang, tr, tr_with};
use crate::present::DAY_MS;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// What the library says about the sessions in a store: titles, tracks, rule names.
pub struct Names {
    pub titles: BTreeMap<String, Text>,
    /// Each scenario's pass mark: xAPI's passed or failed.
    pub pass_marks: BTreeMap<String, u8>,
    pub tracks: Vec<Track>,
    pub rulebook: Arc<Rulebook>,
}

impl Names {
    /// Reads the library, reporting a broken tracks file on stderr.
    pub fn read(arg: &LibraryArg, lang: Lang) -> Result<Names, CliError> {
        let (library, own) = arg.load(lang)?;
        let titles: BTreeMap<String, Text> = library
            .scenarios()
            .map(|s| (s.id.clone(), s.title.clone()))
            .collect();
        let pass_marks: BTreeMap<String, u8> = library
            .scenarios()
            .map(|s| (s.id.clone(), s.pass_mark))
            .collect();
        let known: HashSet<String> = titles.keys().cloned().collect();
        let (tracks, diagnostics) =
            crate::library::load_tracks(own.as_ref().map(|o| o.path.as_path()), &known);
        diagnostics.iter().for_each(|d| eprintln!("{d}"));
        Ok(Names {
            titles,
            pass_marks,
            tracks,
            rulebook: Arc::clone(&library.rulebook),
        })
    }

    /// A scenario's title, or its id when it is not in the library (any more).
    pub fn scenario(&self, id: &str, lang: Lang) -> String {
        self.titles
            .get(id)
            .map_or_else(|| id.to_owned(), |t| t.get(lang).to_owned())
    }

    pub fn rule(&self, id: &str, lang: Lang) -> String {
        self.rulebook.title(id, lang)
    }
}

/// "due now", "due in 3 days", "overdue by 2 days".
pub fn relative_days(due_ms: i64, now: i64, lang: Lang) -> String {
    let days = (due_ms - now) as f64 / DAY_MS as f64;
    if days <= -1.0 {
        tr_with(
            lang,
            "cli-overdue-by",
            &[("days", ((-days).floor() as i64).into())],
        )
    } else if days <= 0.0 {
        tr(lang, "cli-due-now")
    } else {
        tr_with(lang, "cli-due-in", &[("days", (days.ceil() as i64).into())])
    }
}

pub fn bar(value: f64) -> String {
    let filled = (value.clamp(0.0, 1.0) * 10.0).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}

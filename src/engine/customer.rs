//! The customer drawn for one run: a name, the details a scenario leaves open, a starting mood.
//! Drawn from the run's seed, the only randomness in a run.

use super::scenario::{Detail, Gender, Scenario};
use super::text::{Forms, Text, render};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The customer drawn for one run.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CustomerDraw {
    /// Index into the scenario's `customer.names`.
    pub name: usize,
    pub details: BTreeMap<String, DrawnDetail>,
    /// Starting patience.
    pub mood: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DrawnDetail {
    Number(u64),
    Pick(usize),
}

impl CustomerDraw {
    /// Draws the customer for `seed`: the only randomness in a run.
    pub fn draw(scenario: &Scenario, seed: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let c = &scenario.customer;
        let name = rng.random_range(0..c.names.len().max(1));
        let details = c
            .details
            .iter()
            .map(|(key, detail)| {
                let drawn = match detail {
                    Detail::Number(lo, hi) => DrawnDetail::Number(rng.random_range(*lo..=*hi)),
                    Detail::OneOf(options) => {
                        DrawnDetail::Pick(rng.random_range(0..options.len().max(1)))
                    }
                };
                (key.clone(), drawn)
            })
            .collect();
        let (lo, hi) = c.mood;
        let mood = i32::from(rng.random_range(lo..=hi.max(lo)));
        CustomerDraw {
            name,
            details,
            mood,
        }
    }

    /// The values placeholders are filled with, in `lang`.
    pub fn values(&self, scenario: &Scenario, lang: impl AsRef<str>) -> BTreeMap<String, String> {
        let lang = lang.as_ref();
        let c = &scenario.customer;
        let mut values = BTreeMap::new();
        if let Some(person) = c.names.get(self.name) {
            let name = person.name.get(lang).to_owned();
            let address = person
                .address
                .as_ref()
                .map_or_else(|| name.clone(), |a| a.get(lang).to_owned());
            values.insert("name".to_owned(), name);
            values.insert("address".to_owned(), address);
        }
        for (key, drawn) in &self.details {
            let value = match (c.details.get(key), drawn) {
                (_, DrawnDetail::Number(n)) => digits_for(lang, &n.to_string()),
                (Some(Detail::OneOf(options)), DrawnDetail::Pick(i)) => options
                    .get(*i)
                    .map(|t| t.get(lang).to_owned())
                    .unwrap_or_default(),
                _ => String::new(),
            };
            values.insert(key.clone(), value);
        }
        values
    }

    /// The customer's name in `lang`, as the conversation shows who is speaking.
    pub fn name(&self, scenario: &Scenario, lang: impl AsRef<str>) -> String {
        let lang = lang.as_ref();
        scenario
            .customer
            .names
            .get(self.name)
            .map(|n| n.name.get(lang).to_owned())
            .unwrap_or_default()
    }

    /// The drawn customer's gender, when the scenario gives one.
    pub fn gender(&self, scenario: &Scenario) -> Option<Gender> {
        scenario
            .customer
            .names
            .get(self.name)
            .and_then(|n| n.gender)
    }

    /// A scenario text as the trainee reads it: translated, gender forms agreeing with this
    /// customer and with the agent (`None`: the trainee did not say), placeholders filled.
    pub fn render(
        &self,
        scenario: &Scenario,
        text: &Text,
        lang: impl AsRef<str>,
        agent: Option<Gender>,
    ) -> String {
        let lang = lang.as_ref();
        let forms = Forms {
            customer: self.gender(scenario),
            agent,
        };
        let rendered = render(text.get(lang), &self.values(scenario, lang), forms);
        if RTL.contains(&lang) {
            isolate_handles(&rendered)
        } else {
            rendered
        }
    }
}

/// Languages written right to left.
const RTL: [&str; 2] = ["ar", "fa"];

/// A right-to-left text with `@handles` and `#tags` in it, each between left-to-right marks
/// (U+200E): without them the bidi algorithm takes the `@` for part of the Arabic around it
/// and draws `RapportResorts@`. (Marks, not isolates: Bevy's text layout does not honour
/// U+2066…U+2069.)
fn isolate_handles(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let right_to_left = |c: char| matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FEFF}');
    let mut seen_rtl = false;
    // A mark before any Arabic letter would make the whole paragraph left-to-right: then the
    // paragraph opens with a right-to-left mark.
    let mut opens_rtl = false;
    while let Some(c) = chars.next() {
        seen_rtl |= right_to_left(c);
        if matches!(c, '@' | '#') && chars.peek().is_some_and(|&n| word(n)) {
            opens_rtl |= !seen_rtl;
            out.push('\u{200E}');
            out.push(c);
            while let Some(&n) = chars.peek().filter(|&&n| word(n) || n == '.') {
                out.push(n);
                chars.next();
            }
            out.push('\u{200E}');
        } else {
            out.push(c);
        }
    }
    if opens_rtl {
        out.insert(0, '\u{200F}');
    }
    out
}

/// A number as `lang` writes it: Persian with its own digits (۰–۹); Arabic and English with
/// the digits Gulf business writing uses (0–9).
fn digits_for(lang: &str, number: &str) -> String {
    if lang != "fa" {
        return number.to_owned();
    }
    number
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0x06F0 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// A seed for a new run, from the operating system's random source. The engine never calls
/// this: a run's seed is always given to it, so every run can be replayed exactly.
pub fn fresh_seed() -> u64 {
    use rand::TryRng;
    rand::rngs::SysRng.try_next_u64().unwrap_or_else(|_| {
        // No OS randomness (a sandbox without it): the clock still varies the customer.
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    })
}

#[cfg(test)]
mod tests {
    use super::digits_for;

    #[test]
    fn a_handle_opening_a_right_to_left_text_keeps_the_paragraph_right_to_left() {
        assert_eq!(
            super::isolate_handles("@Rapport ألغى"),
            "\u{200F}\u{200E}@Rapport\u{200E} ألغى"
        );
    }

    #[test]
    fn handles_in_right_to_left_text_are_isolated() {
        assert_eq!(
            super::isolate_handles("يشير إلى @RapportResorts: 2041، و#عيد"),
            "يشير إلى \u{200E}@RapportResorts\u{200E}: 2041، و#عيد"
        );
    }

    #[test]
    fn persian_numbers_take_persian_digits_and_the_others_keep_theirs() {
        assert_eq!(digits_for("fa", "40712"), "۴۰۷۱۲");
        assert_eq!(digits_for("fa", "AB-19"), "AB-۱۹");
        assert_eq!(digits_for("ar", "40712"), "40712");
        assert_eq!(digits_for("en", "40712"), "40712");
    }
}

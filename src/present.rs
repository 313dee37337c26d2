//! Words for what the engine reports, shared by the terminal and the app: a scenario's texts as
//! one run's trainee reads them (translated, placeholders filled for the customer drawn), and the
//! names of outcomes, channels and dates.

use crate::engine::customer::CustomerDraw;
use crate::engine::scenario::{Channel, Gender, Line, Outcome, Scenario, ScenarioNode};
use crate::engine::text::Text;
use crate::engine::tracks::{Track, TrackProgress};
use crate::engine::{PlayResult, Playthrough};
use crate::locale::{Lang, tr, tr_with};

/// The trainee reading: their interface language, and how they want to be addressed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reader {
    pub lang: Lang,
    pub agent: Option<Gender>,
}

/// A scenario's words for one run: its texts, rendered for the customer drawn from the seed.
#[derive(Clone, Copy)]
pub struct Words<'a> {
    pub scenario: &'a Scenario,
    pub customer: &'a CustomerDraw,
    /// How the trainee wants to be addressed, for texts with agent forms.
    pub agent: Option<Gender>,
}

impl<'a> Words<'a> {
    pub fn of(run: &'a Playthrough, agent: Option<Gender>) -> Self {
        Words {
            scenario: run.scenario(),
            customer: &run.state().customer,
            agent,
        }
    }

    /// Any text of the scenario, as the trainee reads it.
    pub fn text(&self, text: &Text, lang: Lang) -> String {
        self.customer
            .render(self.scenario, text, lang.code(), self.agent)
    }

    /// The customer's gender as interface lines select on it (`female`, `male`, or `other`).
    pub fn customer_gender(&self) -> &'static str {
        self.customer
            .gender(self.scenario)
            .map_or("other", Gender::key)
    }

    /// The trainee's gender as interface lines select on it.
    pub fn agent_key(&self) -> &'static str {
        self.agent.map_or("other", Gender::key)
    }

    pub fn customer_name(&self, lang: Lang) -> String {
        self.customer.name(self.scenario, lang.code())
    }

    pub fn line(&self, id: &str, lang: Lang) -> String {
        find_line(self.scenario, id)
            .map(|l| self.text(&l.text, lang))
            .unwrap_or_default()
    }

    /// A choice's words (its id, should the scenario no longer have it).
    pub fn choice(&self, node: &str, choice: &str, lang: Lang) -> String {
        match self.scenario.node(node) {
            Some(ScenarioNode::Step(step)) => step
                .choices
                .iter()
                .find(|c| c.id == choice)
                .map(|c| self.text(&c.text, lang))
                .unwrap_or_else(|| choice.to_owned()),
            _ => choice.to_owned(),
        }
    }

    /// The trainer's summary of the ending a run reached.
    pub fn summary(&self, result: &PlayResult, lang: Lang) -> String {
        match self.scenario.node(&result.ending) {
            Some(ScenarioNode::Ending(e)) => self.text(&e.summary, lang),
            _ => String::new(),
        }
    }
}

pub fn find_line<'a>(scenario: &'a Scenario, id: &str) -> Option<&'a Line> {
    scenario
        .nodes
        .iter()
        .flat_map(ScenarioNode::lines)
        .find(|l| l.id == id)
}

pub fn outcome(outcome: Outcome, lang: Lang) -> String {
    tr(lang, &format!("outcome-{}", outcome.key()))
}

/// A channel's name in the interface language.
pub fn channel(channel: Channel, lang: Lang) -> String {
    tr(lang, &format!("channel-{}", channel.key()))
}

/// Where a trainee stands on a track: "4/6 at 80+".
pub fn track_standing(track: &Track, standing: &TrackProgress, lang: Lang) -> String {
    tr_with(
        lang,
        "track-progress",
        &[
            ("passed", standing.passed.into()),
            ("total", standing.total.into()),
            ("bar", format!("{:.0}", track.pass_at).into()),
        ],
    )
}

/// A day in milliseconds, the unit of refresher intervals, report periods and dates.
pub const DAY_MS: i64 = 24 * 3600 * 1000;

/// Run time as a clock: `01:05`.
pub fn clock(ms: u64) -> String {
    format!("{:02}:{:02}", ms / 60_000, (ms / 1000) % 60)
}

/// A day as lists and charts show it: `2026-11-24`.
pub fn date(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.strftime("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// A moment as session lists show it: `2026-11-24 09:30`.
pub fn date_time(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

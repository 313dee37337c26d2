//! Turns engine events into what a person reads: the same words for the terminal and for the
//! JSON transcript.

use crate::engine::playthrough::{AppliedEffect, PlayEvent, Playthrough};
use crate::engine::scenario::Happening;
use crate::locale::{tr, tr_with};

pub use crate::present::{choice_text, customer_name, outcome as outcome_text};

pub fn clock(ms: u64) -> String {
    format!("{:02}:{:02}", ms / 60_000, (ms / 1000) % 60)
}

/// The words an event shows a person, if it shows any.
pub fn event_text(run: &Playthrough, ev: &PlayEvent, lang: &str) -> Option<String> {
    Some(match ev {
        PlayEvent::LineStarted { line, .. } => {
            let text = crate::present::line_text(run, line, lang);
            format!("{}: {text}", customer_name(run, lang))
        }
        PlayEvent::Chose {
            node,
            choice,
            interrupted,
            ..
        } => {
            let said = format!(
                "{}: {}",
                tr(lang, "you"),
                choice_text(run, node, choice, lang)
            );
            if *interrupted {
                format!(
                    "{said}\n{}",
                    tr_with(lang, "cut-in", &[("name", &customer_name(run, lang))])
                )
            } else {
                said
            }
        }
        PlayEvent::Happened { happening, .. } => match happening {
            Happening::Ring => tr(lang, "ring"),
            Happening::OnHold => tr(lang, "on-hold"),
            Happening::SecondChat(t) => {
                tr_with(lang, "second-chat", &[("text", &run.render(t, lang))])
            }
            Happening::Note(t) => format!("[{}]", run.render(t, lang)),
            Happening::Wait(_) => return None,
        },
        PlayEvent::TimerStarted { duration_ms, .. } => tr_with(
            lang,
            "answer-within",
            &[("seconds", &(duration_ms / 1000).to_string())],
        ),
        PlayEvent::TimerExpired { .. } => {
            format!("{} {}", tr(lang, "timer-expired"), tr(lang, "silence"))
        }
        PlayEvent::RuleScored {
            rule,
            points,
            upholds,
            ..
        } => {
            let title = run
                .rulebook()
                .rule(rule)
                .map(|r| r.title.get(lang).to_owned())
                .unwrap_or_else(|| rule.clone());
            format!("    {}{points} {title}", if *upholds { "+" } else { "−" })
        }
        PlayEvent::PatienceChanged { from, to, .. } => {
            format!("    {} {from} → {to}", tr(lang, "patience"))
        }
        PlayEvent::EndingReached { outcome, .. } => format!("— {} —", outcome_text(*outcome, lang)),
        PlayEvent::NodeEntered { .. }
        | PlayEvent::LineFinished { .. }
        | PlayEvent::ChoicesOffered { .. } => return None,
    })
}

pub fn effect_text(run: &Playthrough, e: &AppliedEffect, lang: &str) -> String {
    let title = run
        .rulebook()
        .rule(&e.rule)
        .map(|r| r.title.get(lang).to_owned())
        .unwrap_or_else(|| e.rule.clone());
    format!(
        "{} {} ({}{}): {}",
        tr(lang, if e.upholds { "upholds" } else { "breaks" }),
        title,
        if e.upholds { "+" } else { "−" },
        e.points,
        run.render(&e.why, lang)
    )
}

/// An event as JSON, with the words it shows added as `text`.
pub fn event_json(run: &Playthrough, ev: &PlayEvent, lang: &str) -> serde_json::Value {
    let mut value = serde_json::to_value(ev).expect("events serialise");
    if let (Some(text), Some(obj)) = (event_text(run, ev, lang), value.as_object_mut()) {
        obj.insert("text".into(), text.trim().into());
    }
    value
}

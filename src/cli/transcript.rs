//! Turns engine events into what a person reads: the same words for the terminal and for the
//! JSON transcript.

use crate::engine::Playthrough;
use crate::engine::events::{AppliedEffect, PlayEvent};
use crate::engine::scenario::Happening;
use crate::locale::{tr, tr_with};
use crate::present::{self, Reader, Words};

/// The words an event shows a person, if it shows any.
pub fn event_text(run: &Playthrough, ev: &PlayEvent, reader: Reader) -> Option<String> {
    let (lang, words) = (reader.lang, Words::of(run, reader.agent));
    Some(match ev {
        PlayEvent::LineStarted { line, .. } => {
            format!("{}: {}", words.customer_name(lang), words.line(line, lang))
        }
        PlayEvent::Chose {
            node,
            choice,
            interrupted,
            ..
        } => {
            let said = format!("{}: {}", tr(lang, "you"), words.choice(node, choice, lang));
            if *interrupted {
                format!(
                    "{said}\n{}",
                    tr_with(
                        lang,
                        "cut-in",
                        &[
                            ("name", words.customer_name(lang).into()),
                            ("gender", words.customer_gender().into()),
                            ("agent", words.agent_key().into()),
                        ],
                    )
                )
            } else {
                said
            }
        }
        PlayEvent::Happened { happening, .. } => match happening {
            Happening::Ring => tr(lang, "ring"),
            Happening::OnHold => tr(lang, "on-hold"),
            Happening::SecondChat(t) => tr_with(
                lang,
                "second-chat",
                &[("text", (&words.text(t, lang)).into())],
            ),
            Happening::Note(t) => format!("[{}]", words.text(t, lang)),
            Happening::Wait(_) => return None,
        },
        PlayEvent::TimerStarted { duration_ms, .. } => tr_with(
            lang,
            "answer-within",
            &[("seconds", (duration_ms / 1000).into())],
        ),
        PlayEvent::TimerExpired { .. } => {
            format!(
                "{} {}",
                tr(lang, "timer-expired"),
                tr_with(lang, "silence", &[("agent", words.agent_key().into())])
            )
        }
        PlayEvent::RuleScored {
            rule,
            points,
            upholds,
            ..
        } => {
            let title = run.rulebook().title(rule, lang.code());
            format!("    {}{points} {title}", if *upholds { "+" } else { "−" })
        }
        PlayEvent::PatienceChanged { from, to, .. } => {
            format!("    {} {from} → {to}", tr(lang, "patience"))
        }
        PlayEvent::EndingReached { outcome, .. } => {
            format!("— {} —", present::outcome(*outcome, lang))
        }
        PlayEvent::NodeEntered { .. }
        | PlayEvent::LineFinished { .. }
        | PlayEvent::ChoicesOffered { .. } => return None,
    })
}

pub fn effect_text(run: &Playthrough, e: &AppliedEffect, reader: Reader) -> String {
    let lang = reader.lang;
    format!(
        "{} {} ({}{}): {}",
        tr(lang, if e.upholds { "upholds" } else { "breaks" }),
        run.rulebook().title(&e.rule, lang.code()),
        if e.upholds { "+" } else { "−" },
        e.points,
        Words::of(run, reader.agent).text(&e.why, lang)
    )
}

/// An event as JSON, with the words it shows added as `text`.
pub fn event_json(run: &Playthrough, ev: &PlayEvent, reader: Reader) -> serde_json::Value {
    let mut value = serde_json::to_value(ev).expect("events serialise");
    if let (Some(text), Some(obj)) = (event_text(run, ev, reader), value.as_object_mut()) {
        obj.insert("text".into(), text.trim().into());
    }
    value
}

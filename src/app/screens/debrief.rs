//! Debrief: the outcome, the score overall and per rule, then every decision with the rules it
//! upheld or broke, the author's reasons, the better choice, and "replay from here".

use super::{clear_screen, root, showing};
use crate::app::ProgressStore;
use crate::app::nav::{Action, ActionFired};
use crate::app::screens::play::{LastRun, Session};
use crate::app::theme::{self, Theme, bold, button, column, meter, row, text};
use crate::app::{Prefs, Screen};
use crate::engine::Rulebook;
use crate::engine::customer::CustomerDraw;
use crate::engine::debrief::DebriefEntry;
use crate::present::{Words, clock, outcome};
use crate::progress::Recorder;
use bevy::prelude::*;
use std::sync::Arc;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        OnEnter(Screen::Debrief),
        spawn.run_if(resource_exists::<LastRun>),
    );
    app.add_systems(
        Update,
        (
            (clear_screen, spawn)
                .chain()
                .run_if(showing(Screen::Debrief).and_then(resource_changed::<Prefs>)),
            actions.run_if(in_state(Screen::Debrief)),
        ),
    );
}

fn spawn(mut commands: Commands, prefs: Res<Prefs>, theme: Res<Theme>, last: Res<LastRun>) {
    let t = &*theme;
    let lang = prefs.lang;
    let d = &last.debrief;
    let r = &d.result;
    // The customer the run drew, so every text reads as the trainee saw it (names, numbers).
    let customer = CustomerDraw::draw(&last.scenario, r.seed);
    let words = Words {
        scenario: &last.scenario,
        customer: &customer,
        agent: last.agent,
    };
    let summary = words.summary(r, lang);
    commands
        .spawn(root(&prefs, Screen::Debrief))
        .with_children(|root| {
            theme::title_bar(root, t, last.scenario.title.get(lang), |h| {
                h.spawn((
                    button(t, prefs.tr("play-again"), Action::PlayAgain),
                    crate::app::nav::Focused,
                ));
                h.spawn(button(t, prefs.tr("library"), Action::ToLibrary));
            });
            root.spawn(Node {
                flex_direction: FlexDirection::Row,
                column_gap: px(24),
                flex_grow: 1.0,
                min_height: px(0),
                ..default()
            })
            .with_children(|cols| {
                cols.spawn(Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: px(8),
                    width: percent(34),
                    ..default()
                })
                .with_children(|left| {
                    left.spawn(bold(t, outcome(r.outcome, lang), 1.2, theme::FOCUS));
                    left.spawn(text(t, summary, 0.9, theme::TEXT));
                    left.spawn(bold(
                        t,
                        format!("{:.0}/100", r.score),
                        2.4,
                        if r.score >= 70.0 {
                            theme::GOOD
                        } else {
                            theme::BAD
                        },
                    ));
                    left.spawn(bold(t, prefs.tr("by-rule"), 1.0, theme::MUTED));
                    for rs in &r.rules {
                        left.spawn(column(2.0)).with_children(|c| {
                            c.spawn(text(
                                t,
                                format!(
                                    "{} — {:.0}",
                                    last.rulebook.title(&rs.rule, lang),
                                    rs.score
                                ),
                                0.85,
                                theme::TEXT,
                            ));
                            c.spawn(meter(
                                rs.score as f32 / 100.0,
                                if rs.score >= 70.0 {
                                    theme::GOOD
                                } else {
                                    theme::BAD
                                },
                                300.0,
                            ));
                        });
                    }
                });
                cols.spawn(theme::scrolling_column(10.0))
                    .with_children(|right| {
                        right.spawn(bold(t, prefs.tr("decisions"), 1.0, theme::MUTED));
                        for (i, entry) in d.entries.iter().enumerate() {
                            decision(right, t, &prefs, &words, &last.rulebook, entry, i);
                        }
                    });
            });
        });
}

fn decision(
    parent: &mut ChildSpawnerCommands,
    t: &Theme,
    prefs: &Prefs,
    words: &Words,
    rulebook: &Rulebook,
    entry: &DebriefEntry,
    i: usize,
) {
    let lang = prefs.lang;
    parent
        .spawn((
            BackgroundColor(theme::PANEL),
            Node {
                padding: UiRect::all(px(10)),
                flex_direction: FlexDirection::Column,
                row_gap: px(3),
                border_radius: BorderRadius::all(px(8)),
                ..default()
            },
        ))
        .with_children(|c| {
            let said: Vec<String> = entry
                .customer_lines
                .iter()
                .map(|l| words.line(l, lang))
                .collect();
            if !said.is_empty() {
                c.spawn(text(
                    t,
                    format!("{}: {}", words.customer_name(lang), said.join(" ")),
                    0.8,
                    theme::MUTED,
                ));
            }
            let did = match &entry.choice {
                Some(choice) => words.choice(&entry.node, choice, lang),
                None => prefs.tr_with("silence", &[("agent", words.agent_key().into())]),
            };
            c.spawn(text(
                t,
                format!("{}. {} — {did}", i + 1, clock(entry.at_ms)),
                0.9,
                theme::TEXT,
            ));
            for e in &entry.effects {
                c.spawn(text(
                    t,
                    format!(
                        "{} ({}{}): {}",
                        rulebook.title(&e.rule, lang),
                        if e.upholds { "+" } else { "−" },
                        e.points,
                        words.text(&e.why, lang)
                    ),
                    0.8,
                    if e.upholds { theme::GOOD } else { theme::BAD },
                ));
            }
            c.spawn(row(10.0)).with_children(|r| {
                if let Some(better) = &entry.better {
                    r.spawn(text(
                        t,
                        prefs.tr_with(
                            "better",
                            &[(
                                "choice",
                                (&words.choice(&entry.node, &better.choice, lang)).into(),
                            )],
                        ),
                        0.8,
                        theme::FOCUS,
                    ));
                }
                r.spawn(button(t, prefs.tr("replay-from"), Action::ReplayFrom(i)));
            });
        });
}

fn actions(
    mut commands: Commands,
    mut fired: MessageReader<ActionFired>,
    last: Option<Res<LastRun>>,
    store: Res<ProgressStore>,
    prefs: Res<Prefs>,
    mut next: ResMut<NextState<Screen>>,
) {
    for ActionFired(action) in fired.read() {
        match (action, &last) {
            (Action::PlayAgain, Some(last)) => {
                let seed = last.debrief.result.seed.wrapping_add(1);
                commands.insert_resource(
                    Session::start(
                        Arc::clone(&last.scenario),
                        Arc::clone(&last.rulebook),
                        seed,
                        None,
                    )
                    .recorded_by(store.trainee(&prefs).map(|t| Recorder::new(t.id)))
                    .addressing(last.agent),
                );
                next.set(Screen::Play);
            }
            (Action::ReplayFrom(i), Some(last)) => {
                if let Some(session) = Session::replay_from(
                    &last.debrief,
                    Arc::clone(&last.scenario),
                    Arc::clone(&last.rulebook),
                    *i,
                    last.agent,
                ) {
                    commands.insert_resource(session);
                    next.set(Screen::Play);
                }
            }
            (Action::ToLibrary | Action::Back, _) => next.set(Screen::Library),
            _ => {}
        }
    }
}

//! Debrief: the outcome, the score overall and per rule, then every decision with the rules it
//! upheld or broke, the author's reasons, the better choice, and "replay from here".

use super::super::nav::{Action, ActionFired};
use super::super::progress::Progress;
use super::super::screens::play::{LastRun, Session};
use super::super::theme::{self, Theme, bold, button, column, meter, row, text};
use super::super::{Prefs, Screen};
use super::{clear_screen, root, showing};
use crate::engine::Playthrough;
use crate::engine::playthrough::replay;
use crate::engine::scenario::Node as StoryNode;
use crate::present::{choice_text, line_text, outcome, rule_title};
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
    let lang = prefs.lang.clone();
    let d = &last.debrief;
    let r = &d.result;
    // A run replayed to its end gives the texts as the trainee saw them (names, numbers).
    let Ok((run, _)) = replay(
        Arc::clone(&last.scenario),
        Arc::clone(&last.rulebook),
        r.seed,
        &r.decisions,
    ) else {
        return;
    };
    let summary = match last.scenario.node(&r.ending) {
        Some(StoryNode::Ending(e)) => run.render(&e.summary, &lang),
        _ => String::new(),
    };
    commands
        .spawn(root(&prefs, Screen::Debrief))
        .with_children(|root| {
            root.spawn(row(14.0)).with_children(|h| {
                h.spawn(bold(
                    t,
                    last.scenario.title.get(&lang).to_owned(),
                    1.4,
                    theme::TEXT,
                ));
                h.spawn(Node {
                    flex_grow: 1.0,
                    ..default()
                });
                h.spawn((
                    button(t, prefs.tr("play-again"), Action::PlayAgain),
                    super::super::nav::Focused,
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
                    left.spawn(bold(t, outcome(r.outcome, &lang), 1.2, theme::FOCUS));
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
                                format!("{} — {:.0}", rule_title(&run, &rs.rule, &lang), rs.score),
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
                            decision(right, t, &prefs, &run, entry, i);
                        }
                    });
            });
        });
}

fn decision(
    parent: &mut ChildSpawnerCommands,
    t: &Theme,
    prefs: &Prefs,
    run: &Playthrough,
    entry: &crate::engine::debrief::DebriefEntry,
    i: usize,
) {
    let lang = &prefs.lang;
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
                .map(|l| line_text(run, l, lang))
                .collect();
            if !said.is_empty() {
                c.spawn(text(
                    t,
                    format!(
                        "{}: {}",
                        crate::present::customer_name(run, lang),
                        said.join(" ")
                    ),
                    0.8,
                    theme::MUTED,
                ));
            }
            let did = match &entry.choice {
                Some(choice) => choice_text(run, &entry.node, choice, lang),
                None => prefs.tr("silence"),
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
                        rule_title(run, &e.rule, lang),
                        if e.upholds { "+" } else { "−" },
                        e.points,
                        run.render(&e.why, lang)
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
                                &choice_text(run, &entry.node, &better.choice, lang),
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

fn clock(ms: u64) -> String {
    format!("{:02}:{:02}", ms / 60_000, (ms / 1000) % 60)
}

fn actions(
    mut commands: Commands,
    mut fired: MessageReader<ActionFired>,
    last: Option<Res<LastRun>>,
    progress: Res<Progress>,
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
                    .recorded_by(progress.recorder(&prefs)),
                );
                next.set(Screen::Play);
            }
            (Action::ReplayFrom(i), Some(last)) => {
                if let Some(session) = Session::replay_from(
                    &last.debrief,
                    Arc::clone(&last.scenario),
                    Arc::clone(&last.rulebook),
                    *i,
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

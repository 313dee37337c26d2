//! Progress: the trainee's own history. Mastery per rule, tracks and what comes next, refreshers,
//! and past sessions (each opens its debrief) in Bevy UI text; beside them the trend of every
//! rule over time, drawn by egui_plot in the space the layout leaves for it.

use super::{clear_screen, root, showing};
use crate::app::catalog::Catalog;
use crate::app::egui_layer::{bidi, bidi_plain, egui_camera, text_scale};
use crate::app::nav::{Action, ActionFired};
use crate::app::screens::play::LastRun;
use crate::app::store::ProgressStore;
use crate::app::theme::{self, Theme, bold, button, column, meter, row, text};
use crate::app::{Prefs, Screen};
use crate::engine::Debrief;
use crate::present::{self, date};
use crate::progress::mastery::{self, MASTERED_AT};
use crate::progress::{DAY_MS, Status, TraineeProgress};
use crate::progress::{SessionId, session};
use bevy::prelude::*;
use bevy::ui::UiGlobalTransform;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui_plot::{Corner, GridMark, HLine, Legend, Line, Plot, PlotPoints};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Sessions listed on the screen (the plot shows them all).
const LISTED: usize = 30;

/// The trainee's history, read once when the screen opens.
#[derive(Resource)]
pub struct ProgressView(pub Option<TraineeProgress>);

/// Where the trend plot goes.
#[derive(Component)]
struct PlotArea;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Progress), (load, spawn).chain());
    app.add_systems(
        Update,
        (
            (clear_screen, spawn)
                .chain()
                .run_if(showing(Screen::Progress).and_then(resource_changed::<Prefs>)),
            actions.run_if(in_state(Screen::Progress)),
        ),
    );
    app.add_systems(
        EguiPrimaryContextPass,
        plot.run_if(in_state(Screen::Progress).and_then(resource_exists::<ProgressView>)),
    );
}

fn load(mut commands: Commands, progress: Res<ProgressStore>, prefs: Res<Prefs>) {
    let view = progress
        .trainee(&prefs)
        .and_then(|t| progress.with(|s| s.progress(&t)));
    commands.insert_resource(ProgressView(view));
    commands.spawn(egui_camera(Screen::Progress));
}

fn spawn(
    mut commands: Commands,
    prefs: Res<Prefs>,
    theme: Res<Theme>,
    catalog: Res<Catalog>,
    progress: Res<ProgressStore>,
    view: Res<ProgressView>,
) {
    let t = &*theme;
    let lang = prefs.lang;
    let title = |id: &str| catalog.title(id, lang);
    let rule_title = |id: &str| catalog.rulebook.title(id, lang);
    let name = prefs.trainee().unwrap_or_default().to_owned();
    commands
        .spawn(root(&prefs, Screen::Progress))
        .with_children(|root| {
            let heading = prefs.tr_with("progress-title", &[("name", (&name).into())]);
            theme::title_bar(root, t, heading, |r| {
                r.spawn((
                    button(t, prefs.tr("library"), Action::ToLibrary),
                    crate::app::nav::Focused,
                ));
            });
            if let Some(problem) = &progress.problem {
                root.spawn(text(t, problem.clone(), 0.8, theme::BAD));
            }
            let Some(p) = &view.0 else {
                root.spawn(text(t, prefs.tr("no-sessions-yet"), 1.0, theme::MUTED));
                return;
            };
            root.spawn(Node {
                flex_direction: FlexDirection::Row,
                column_gap: px(20),
                flex_grow: 1.0,
                min_height: px(0),
                ..default()
            })
            .with_children(|cols| {
                cols.spawn((
                    theme::Scrolls,
                    Node {
                        width: percent(42),
                        flex_direction: FlexDirection::Column,
                        row_gap: px(8),
                        overflow: Overflow::scroll_y(),
                        min_height: px(0),
                        ..default()
                    },
                    ScrollPosition::default(),
                ))
                .with_children(|left| {
                    left.spawn(bold(
                        t,
                        prefs.tr_with(
                            "mastery-heading",
                            &[("bar", format!("{:.0}", MASTERED_AT * 100.0).into())],
                        ),
                        1.0,
                        theme::MUTED,
                    ));
                    if p.mastery.is_empty() {
                        left.spawn(text(t, prefs.tr("no-sessions-yet"), 0.85, theme::MUTED));
                    }
                    for m in &p.mastery {
                        left.spawn(column(2.0)).with_children(|c| {
                            let status = if m.mastered() {
                                format!(" · {}", prefs.tr("mastered"))
                            } else {
                                String::new()
                            };
                            c.spawn(text(
                                t,
                                format!(
                                    "{} — {:.0}% · {}{status}",
                                    rule_title(&m.rule),
                                    m.value * 100.0,
                                    prefs.tr_with("n-sessions", &[("n", (m.sessions).into())])
                                ),
                                0.85,
                                if m.mastered() {
                                    theme::GOOD
                                } else {
                                    theme::TEXT
                                },
                            ));
                            c.spawn(meter(
                                m.value as f32,
                                if m.mastered() {
                                    theme::GOOD
                                } else if m.value >= MASTERED_AT {
                                    theme::ACCENT
                                } else {
                                    theme::BAD
                                },
                                300.0,
                            ));
                        });
                    }
                    let best = p.best.clone();
                    if !progress.tracks.is_empty() {
                        left.spawn(bold(t, prefs.tr("tracks"), 1.0, theme::MUTED));
                    }
                    for track in &progress.tracks {
                        let tp = track.progress(&best);
                        let next = match &tp.next {
                            Some(id) => {
                                prefs.tr_with("track-next", &[("title", (&title(id)).into())])
                            }
                            None => prefs.tr("track-passed"),
                        };
                        left.spawn(text(
                            t,
                            format!(
                                "{} — {} · {next}",
                                track.title.get(lang),
                                present::track_standing(track, &tp, lang)
                            ),
                            0.85,
                            if tp.is_passed() {
                                theme::GOOD
                            } else {
                                theme::TEXT
                            },
                        ));
                    }
                    if !p.refreshers.is_empty() {
                        left.spawn(bold(t, prefs.tr("refreshers"), 1.0, theme::MUTED));
                    }
                    let now = crate::progress::now_ms();
                    for r in p.refreshers.iter().take(12) {
                        let when = if r.is_due(now) {
                            prefs.tr("refresher-due")
                        } else {
                            prefs.tr_with("due-on", &[("date", (&date(r.due_ms)).into())])
                        };
                        left.spawn(text(
                            t,
                            format!(
                                "{} — {when} · {}",
                                title(&r.scenario_id),
                                prefs.tr_with(
                                    "last-score",
                                    &[("score", format!("{:.0}", r.last_score).into())]
                                )
                            ),
                            0.85,
                            if r.is_due(now) {
                                theme::FOCUS
                            } else {
                                theme::TEXT
                            },
                        ));
                    }
                    left.spawn(bold(
                        t,
                        prefs.tr_with("sessions-heading", &[("n", (p.sessions_total).into())]),
                        1.0,
                        theme::MUTED,
                    ));
                    for s in p.recent.iter().take(LISTED) {
                        left.spawn(row(8.0)).with_children(|r| {
                            let what = match s.status {
                                Status::Finished => s
                                    .outcome
                                    .map(|o| present::outcome(o, lang))
                                    .unwrap_or_default(),
                                Status::Abandoned => prefs.tr("abandoned"),
                            };
                            r.spawn(text(
                                t,
                                format!(
                                    "{} · {} · {what} · {:.0}",
                                    date(s.ended_ms),
                                    title(&s.scenario_id),
                                    s.score
                                ),
                                0.8,
                                theme::TEXT,
                            ));
                            if s.status == Status::Finished {
                                r.spawn(button(t, prefs.tr("debrief"), Action::ShowSession(s.id)));
                            }
                        });
                    }
                });
                cols.spawn((
                    PlotArea,
                    Node {
                        flex_grow: 1.0,
                        min_height: px(200),
                        ..default()
                    },
                ));
            });
        });
}

/// Each rule's mastery after every session that tested it, as it rose and fell.
fn trends(p: &TraineeProgress) -> BTreeMap<&str, Vec<[f64; 2]>> {
    let mut state: BTreeMap<&str, (f64, u32)> = BTreeMap::new();
    let mut lines: BTreeMap<&str, Vec<[f64; 2]>> = BTreeMap::new();
    for point in &p.history {
        let next = mastery::step(state.get(point.rule.as_str()).copied(), point.score);
        state.insert(&point.rule, next);
        lines
            .entry(&point.rule)
            .or_default()
            .push([point.ended_ms as f64 / DAY_MS as f64, next.0 * 100.0]);
    }
    lines
}

fn plot(
    mut contexts: EguiContexts,
    view: Res<ProgressView>,
    prefs: Res<Prefs>,
    catalog: Res<Catalog>,
    area: Query<(&ComputedNode, &UiGlobalTransform), With<PlotArea>>,
) -> Result {
    let Some(p) = &view.0 else { return Ok(()) };
    let Ok((node, transform)) = area.single() else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    text_scale(ctx, &prefs);
    // Bevy UI works in physical pixels; egui in points of its own zoom.
    let to_points = node.inverse_scale_factor() / ctx.zoom_factor();
    let size = node.size() * to_points;
    let center = transform.translation * to_points;
    let min = center - size / 2.0;
    let lang = prefs.lang;
    egui::Area::new(egui::Id::new("progress-plot"))
        .fixed_pos(egui::pos2(min.x, min.y))
        .show(ctx, |ui| {
            ui.set_width(size.x);
            let heading = bidi(
                &prefs.tr("trend-heading"),
                prefs.rtl(),
                egui::FontId::proportional(16.0),
                egui::Color32::from_gray(200),
            );
            // egui does not mirror: a right-to-left heading is placed at the right by hand.
            let align = if prefs.rtl() {
                egui::Layout::right_to_left(egui::Align::Min)
            } else {
                egui::Layout::left_to_right(egui::Align::Min)
            };
            ui.allocate_ui_with_layout(egui::vec2(size.x, 22.0), align, |ui| ui.label(heading));
            Plot::new("rule-trends")
                .width(size.x)
                .height((size.y - 30.0).max(120.0))
                .legend(Legend::default().position(if prefs.rtl() {
                    Corner::RightBottom
                } else {
                    Corner::LeftBottom
                }))
                .include_y(0.0)
                .include_y(100.0)
                .allow_scroll(false)
                .x_axis_formatter(|mark: GridMark, _| date((mark.value * DAY_MS as f64) as i64))
                .show(ui, |plot_ui| {
                    for (rule, points) in trends(p) {
                        let name = catalog.rulebook.title(rule, lang);
                        plot_ui.line(Line::new(
                            bidi_plain(&name, prefs.rtl()),
                            PlotPoints::from(points),
                        ));
                    }
                    plot_ui.hline(
                        HLine::new(
                            bidi_plain(&prefs.tr("mastered"), prefs.rtl()),
                            MASTERED_AT * 100.0,
                        )
                        .color(egui::Color32::from_rgb(102, 204, 128)),
                    );
                });
        });
    Ok(())
}

fn actions(
    mut commands: Commands,
    mut fired: MessageReader<ActionFired>,
    progress: Res<ProgressStore>,
    catalog: Res<Catalog>,
    mut next: ResMut<NextState<Screen>>,
) {
    for ActionFired(action) in fired.read() {
        match action {
            Action::ShowSession(id) => {
                if let Some(last) = stored_debrief(&progress, &catalog, *id) {
                    commands.insert_resource(last);
                    next.set(Screen::Debrief);
                }
            }
            Action::ToLibrary | Action::Back => next.set(Screen::Library),
            _ => {}
        }
    }
}

/// A stored session's debrief, replayed from its decisions against the scenario as it is now;
/// `None` (with a warning) if the scenario has changed since or is gone.
fn stored_debrief(store: &ProgressStore, catalog: &Catalog, id: SessionId) -> Option<LastRun> {
    let rulebook = Arc::clone(&catalog.rulebook);
    let scenario_id = store.with(|s| s.session(id)).flatten()?.scenario_id;
    let scenario = Arc::clone(catalog.find(&scenario_id)?);
    let replayed = store.with(|s| {
        Ok(session::replay_stored(
            s,
            id,
            Arc::clone(&scenario),
            Arc::clone(&rulebook),
        ))
    })?;
    let (_, run) = replayed
        .map_err(|e| warn!("{e}; its debrief is not shown"))
        .ok()?;
    let result = run.result()?;
    let agent = store
        .with(|s| {
            let Some(session) = s.session(id)? else {
                return Ok(None);
            };
            s.trainee_by_id(session.trainee_id)
        })
        .flatten()
        .and_then(|t| t.agent);
    Some(LastRun {
        debrief: Debrief::new(&scenario, &rulebook, &result),
        scenario,
        rulebook,
        agent,
    })
}

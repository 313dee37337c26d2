//! Team: the trainer's view of everyone on this computer's store. Every trainee × rule as a heat
//! map, the rules the team is weakest on, and who has refreshers overdue; filtered by period and
//! by track. Drawn with egui (a trainer's table), every name and title put in display order
//! first so Arabic and Persian read right.

use crate::app::catalog::Catalog;
use crate::app::egui_layer::{bidi, body, egui_camera, isolate, text_scale};
use crate::app::lrs::{Busy, LrsSync};
use crate::app::nav::{Action, ActionFired};
use crate::app::store::ProgressStore;
use crate::app::{Prefs, Screen};
use crate::progress::mastery::MASTERED_AT;
use crate::progress::{DAY_MS, Period, TeamReport, now_ms};
use bevy::prelude::*;
use bevy::winit::EventLoopProxyWrapper;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use std::collections::BTreeSet;

/// The periods a trainer picks from: all time shows mastery; the others, average scores.
const PERIODS: [Option<u32>; 4] = [None, Some(4), Some(13), Some(52)];

#[derive(Resource)]
pub struct TeamView {
    /// Weeks back from now, or all time.
    pub weeks: Option<u32>,
    /// A track's id: only its scenarios' refreshers and its rules.
    pub track: Option<String>,
    pub report: Option<TeamReport>,
    stale: bool,
    /// The LRS state last seen: when a pull ends, the report is read again.
    seen_sync: u64,
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Team), open);
    app.add_systems(
        Update,
        (refresh, actions).run_if(in_state(Screen::Team).and_then(resource_exists::<TeamView>)),
    );
    app.add_systems(
        EguiPrimaryContextPass,
        draw.run_if(in_state(Screen::Team).and_then(resource_exists::<TeamView>)),
    );
}

fn open(mut commands: Commands) {
    commands.insert_resource(TeamView {
        weeks: None,
        track: None,
        report: None,
        stale: true,
        seen_sync: 0,
    });
    commands.spawn(egui_camera(Screen::Team));
}

fn refresh(mut view: ResMut<TeamView>, progress: Res<ProgressStore>) {
    if !view.stale {
        return;
    }
    let now = now_ms();
    let period = view
        .weeks
        .map_or(Period::AllTime, |w| Period::last_weeks(w, now));
    let scenarios: Option<BTreeSet<String>> = view.track.as_ref().and_then(|id| {
        progress
            .tracks
            .iter()
            .find(|t| &t.id == id)
            .map(|t| t.scenarios.iter().cloned().collect())
    });
    view.report = progress.with(|s| s.team(period, scenarios.as_ref(), now));
    view.stale = false;
}

fn actions(mut fired: MessageReader<ActionFired>, mut next: ResMut<NextState<Screen>>) {
    for ActionFired(action) in fired.read() {
        if matches!(action, Action::Back | Action::ToLibrary) {
            next.set(Screen::Library);
        }
    }
}

/// Red below the bar, through amber, to green at full marks.
fn heat(value: f64) -> egui::Color32 {
    let v = value.clamp(0.0, 1.0) as f32;
    let (bad, mid, good) = ([214u8, 84, 80], [214u8, 170, 60], [72u8, 170, 100]);
    let mix = |a: [u8; 3], b: [u8; 3], t: f32| {
        let c = |i: usize| (a[i] as f32 + (b[i] as f32 - a[i] as f32) * t) as u8;
        egui::Color32::from_rgb(c(0), c(1), c(2))
    };
    let bar = MASTERED_AT as f32;
    if v < bar {
        mix(bad, mid, v / bar)
    } else {
        mix(mid, good, (v - bar) / (1.0 - bar))
    }
}

/// Text shaped for display (see `egui_layer::bidi`) in one of egui's text styles.
fn styled(
    ui: &egui::Ui,
    rtl: bool,
    s: &str,
    style: egui::TextStyle,
    color: egui::Color32,
) -> egui::text::LayoutJob {
    bidi(s, rtl, style.resolve(ui.style()), color)
}

const MUTED: egui::Color32 = egui::Color32::from_gray(150);
const STRONG: egui::Color32 = egui::Color32::from_gray(235);

fn draw(
    mut contexts: EguiContexts,
    mut view: ResMut<TeamView>,
    progress: Res<ProgressStore>,
    catalog: Res<Catalog>,
    prefs: Res<Prefs>,
    mut fired: MessageWriter<ActionFired>,
    sync: Res<LrsSync>,
    wake: Option<Res<EventLoopProxyWrapper>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    text_scale(ctx, &prefs);
    let lang = prefs.lang;
    let rtl = prefs.rtl();
    let tr = |key: &str| prefs.tr(key);
    let rule_title = |id: &str| catalog.rulebook.title(id, lang);
    let now = now_ms();
    let panel = egui::Frame::default()
        .fill(egui::Color32::from_rgb(23, 26, 33))
        .inner_margin(16.0);
    let mut weeks = view.weeks;
    let mut track = view.track.clone();
    let mut screen = egui::Ui::new(
        ctx.clone(),
        "team".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    let sync_state = sync.state();
    let mut pull_now = false;
    egui::Panel::top("team-filters")
        .frame(panel)
        .show(&mut screen, |ui| {
            ui.with_layout(column_layout(rtl), |ui| {
                row(ui, rtl, |ui| {
                    ui.label(styled(
                        ui,
                        rtl,
                        &tr("team-title"),
                        egui::TextStyle::Heading,
                        STRONG,
                    ));
                    ui.add_space(24.0);
                    let period_name = |ui: &egui::Ui, w: Option<u32>| {
                        let text = match w {
                            None => tr("period-all"),
                            Some(n) => prefs.tr_with("period-weeks", &[("n", (n).into())]),
                        };
                        body(ui, rtl, &text)
                    };
                    egui::ComboBox::from_id_salt("period")
                        .selected_text(period_name(ui, weeks))
                        .show_ui(ui, |ui| {
                            for p in PERIODS {
                                let name = period_name(ui, p);
                                ui.selectable_value(&mut weeks, p, name);
                            }
                        });
                    let track_name = |ui: &egui::Ui, id: &Option<String>| {
                        let text = match id {
                            None => tr("all-tracks"),
                            Some(id) => progress
                                .tracks
                                .iter()
                                .find(|t| &t.id == id)
                                .map(|t| t.title.get(lang).to_owned())
                                .unwrap_or_else(|| id.clone()),
                        };
                        body(ui, rtl, &text)
                    };
                    egui::ComboBox::from_id_salt("track")
                        .selected_text(track_name(ui, &track))
                        .show_ui(ui, |ui| {
                            let all = track_name(ui, &None);
                            ui.selectable_value(&mut track, None, all);
                            for t in &progress.tracks {
                                let id = Some(t.id.clone());
                                let name = track_name(ui, &id);
                                ui.selectable_value(&mut track, id, name);
                            }
                        });
                    ui.with_layout(end_layout(rtl), |ui| {
                        if ui.button(body(ui, rtl, &tr("library"))).clicked() {
                            fired.write(ActionFired(Action::Back));
                        }
                        if sync_state.connected {
                            let pulling = sync_state.busy == Some(Busy::Pulling);
                            let label = body(
                                ui,
                                rtl,
                                &tr(if pulling {
                                    "lrs-pulling"
                                } else {
                                    "lrs-refresh"
                                }),
                            );
                            if ui
                                .add_enabled(sync_state.busy.is_none(), egui::Button::new(label))
                                .clicked()
                            {
                                pull_now = true;
                            }
                            let said = match (&sync_state.last_error, sync_state.pulled) {
                                (Some(e), _) => Some((
                                    prefs.tr_with("lrs-last-error", &[("why", e.clone().into())]),
                                    egui::Color32::LIGHT_RED,
                                )),
                                (None, Some(n)) => {
                                    Some((prefs.tr_with("lrs-pulled", &[("n", n.into())]), MUTED))
                                }
                                _ => None,
                            };
                            if let Some((said, color)) = said {
                                ui.label(styled(ui, rtl, &said, egui::TextStyle::Body, color));
                            }
                        }
                    });
                });
                if let Some(problem) = &progress.problem {
                    ui.label(styled(
                        ui,
                        rtl,
                        problem,
                        egui::TextStyle::Body,
                        egui::Color32::LIGHT_RED,
                    ));
                }
                let explain = if weeks.is_none() {
                    tr("team-explain-mastery")
                } else {
                    tr("team-explain-average")
                };
                ui.label(styled(ui, rtl, &explain, egui::TextStyle::Body, MUTED));
            });
        });
    if pull_now {
        crate::app::lrs::pull(&sync, &progress, crate::app::lrs::waker(wake));
    }
    if sync_state.generation != view.seen_sync {
        if view.seen_sync != 0 && sync_state.busy.is_none() {
            view.stale = true;
        }
        view.seen_sync = sync_state.generation;
    }
    if weeks != view.weeks || track != view.track {
        view.weeks = weeks;
        view.track = track;
        view.stale = true;
    }
    let Some(report) = &view.report else {
        return Ok(());
    };
    let track = view
        .track
        .as_ref()
        .and_then(|id| progress.tracks.iter().find(|t| &t.id == id));
    // With a track chosen, the columns are the rules its scenarios train.
    let rules: Vec<String> = match track {
        Some(t) => {
            let trained: BTreeSet<&str> = t
                .scenarios
                .iter()
                .filter_map(|id| catalog.find(id))
                .flat_map(|s| s.rules_trained())
                .collect();
            report
                .rules
                .iter()
                .filter(|r| trained.contains(r.as_str()))
                .cloned()
                .collect()
        }
        None => report.rules.clone(),
    };
    // The side panel sits at the end of the reading direction: right in English, left in
    // Arabic and Persian.
    let side = if rtl {
        egui::Panel::left("team-side")
    } else {
        egui::Panel::right("team-side")
    };
    side.frame(panel).min_size(280.0).show(&mut screen, |ui| {
        ui.with_layout(column_layout(rtl), |ui| {
            ui.label(styled(
                ui,
                rtl,
                &tr("weakest-rules"),
                egui::TextStyle::Heading,
                STRONG,
            ));
            for (rule, avg, n) in report
                .weakest
                .iter()
                .filter(|w| rules.contains(&w.0))
                .take(5)
            {
                row(ui, rtl, |ui| {
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                    ui.painter().rect_filled(rect, 3.0, heat(*avg));
                    ui.label(format!("{:.0}%", avg * 100.0));
                    ui.label(body(ui, rtl, &rule_title(rule)));
                    ui.label(egui::RichText::new(format!("({n})")).color(MUTED));
                });
            }
            ui.add_space(16.0);
            ui.label(styled(
                ui,
                rtl,
                &tr("overdue-heading"),
                egui::TextStyle::Heading,
                STRONG,
            ));
            let mut overdue: Vec<_> = report.rows.iter().filter(|r| r.overdue > 0).collect();
            overdue.sort_by_key(|r| r.oldest_due_ms);
            if overdue.is_empty() {
                ui.label(body(ui, rtl, &tr("nobody-overdue")));
            }
            egui::ScrollArea::vertical()
                .id_salt("overdue")
                .show(ui, |ui| {
                    for row in overdue {
                        let days = (now - row.oldest_due_ms.unwrap_or(now)) / DAY_MS;
                        let line = prefs.tr_with(
                            "overdue-line",
                            &[
                                ("name", isolate(&row.trainee.name).into()),
                                ("n", (row.overdue).into()),
                                ("days", (days).into()),
                            ],
                        );
                        ui.label(body(ui, rtl, &line));
                    }
                });
        });
    });
    egui::CentralPanel::default()
        .frame(panel)
        .show(&mut screen, |ui| {
            if report.rows.is_empty() {
                ui.label(body(ui, rtl, &tr("no-trainees")));
                return;
            }
            let cell = egui::vec2(56.0, 24.0);
            egui::ScrollArea::both().show(ui, |ui| {
                // The table starts where lines start: at the right in Arabic and Persian.
                ui.with_layout(column_layout(rtl), |ui| {
                    egui::Grid::new("heat-map")
                        .spacing(egui::vec2(4.0, 4.0))
                        .show(ui, |ui| {
                            // Columns in reading order: the trainee's name first, so on the
                            // right in Arabic and Persian, with the rules and counts after it.
                            let mut columns = vec![Column::Name];
                            columns.extend(rules.iter().map(|r| Column::Rule(r.as_str())));
                            if track.is_some() {
                                columns.push(Column::Track);
                            }
                            columns.push(Column::Overdue);
                            if rtl {
                                columns.reverse();
                            }
                            for column in &columns {
                                match column {
                                    Column::Name => {
                                        ui.label(styled(
                                            ui,
                                            rtl,
                                            &tr("trainee"),
                                            egui::TextStyle::Body,
                                            STRONG,
                                        ));
                                    }
                                    Column::Rule(rule) => {
                                        slanted_header(ui, rtl, &rule_title(rule), cell.x)
                                    }
                                    Column::Track => slanted_header(ui, rtl, &tr("track"), cell.x),
                                    Column::Overdue => {
                                        slanted_header(ui, rtl, &tr("overdue"), cell.x)
                                    }
                                }
                            }
                            ui.end_row();
                            for row in &report.rows {
                                for column in &columns {
                                    match column {
                                        Column::Name => {
                                            ui.with_layout(end_aligned(rtl), |ui| {
                                                ui.label(body(ui, rtl, &row.trainee.name));
                                            });
                                        }
                                        Column::Rule(rule) => match row.cells.get(*rule) {
                                            Some(c) => {
                                                let (rect, response) = ui.allocate_exact_size(
                                                    cell,
                                                    egui::Sense::hover(),
                                                );
                                                ui.painter().rect_filled(rect, 4.0, heat(c.value));
                                                ui.painter().text(
                                                    rect.center(),
                                                    egui::Align2::CENTER_CENTER,
                                                    format!("{:.0}", c.value * 100.0),
                                                    egui::FontId::proportional(14.0),
                                                    egui::Color32::BLACK,
                                                );
                                                let hover = prefs.tr_with(
                                                    "n-sessions",
                                                    &[("n", (c.sessions).into())],
                                                );
                                                let hover = body(ui, rtl, &hover);
                                                response.on_hover_text(hover);
                                            }
                                            None => {
                                                ui.add_sized(cell, egui::Label::new("·"));
                                            }
                                        },
                                        Column::Track => {
                                            if let Some(t) = track {
                                                let p = t.progress(&row.best);
                                                ui.label(format!("{}/{}", p.passed, p.total));
                                            }
                                        }
                                        Column::Overdue => {
                                            ui.label(if row.overdue > 0 {
                                                egui::RichText::new(row.overdue.to_string())
                                                    .color(egui::Color32::from_rgb(250, 200, 76))
                                            } else {
                                                egui::RichText::new("0").color(MUTED)
                                            });
                                        }
                                    }
                                }
                                ui.end_row();
                            }
                        });
                });
            });
        });
    Ok(())
}

/// A column of the heat map.
enum Column<'a> {
    Name,
    Rule(&'a str),
    Track,
    Overdue,
}

/// A row of widgets in reading order, one line high (as `ui.horizontal`).
fn row<R>(ui: &mut egui::Ui, rtl: bool, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    ui.horizontal(|ui| ui.with_layout(row_layout(rtl), add).inner)
        .inner
}

fn row_layout(rtl: bool) -> egui::Layout {
    if rtl {
        egui::Layout::right_to_left(egui::Align::Center)
    } else {
        egui::Layout::left_to_right(egui::Align::Center)
    }
}

/// What sits at the far end of a row (the way back, the LRS button).
fn end_layout(rtl: bool) -> egui::Layout {
    if rtl {
        egui::Layout::left_to_right(egui::Align::Center)
    } else {
        egui::Layout::right_to_left(egui::Align::Center)
    }
}

/// A column of widgets aligned to where lines start: the right in Arabic and Persian.
fn column_layout(rtl: bool) -> egui::Layout {
    egui::Layout::top_down(if rtl {
        egui::Align::Max
    } else {
        egui::Align::Min
    })
}

/// One widget aligned to where lines start, within a grid cell.
fn end_aligned(rtl: bool) -> egui::Layout {
    if rtl {
        egui::Layout::right_to_left(egui::Align::Center)
    } else {
        egui::Layout::left_to_right(egui::Align::Center)
    }
}

/// A column heading written on a slant, so long rule titles fit over narrow cells.
fn slanted_header(ui: &mut egui::Ui, rtl: bool, title: &str, width: f32) {
    let job = styled(ui, rtl, title, egui::TextStyle::Small, STRONG);
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    let angle = -std::f32::consts::FRAC_PI_4;
    // The slanted text rises to the right from the cell's bottom-left corner.
    let height = (galley.size().x * angle.sin().abs() + galley.size().y).min(170.0);
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::hover());
    let origin = rect.left_bottom() + egui::vec2(width * 0.3, -4.0);
    ui.painter()
        .add(egui::epaint::TextShape::new(origin, galley, STRONG).with_angle(angle));
    response.on_hover_text(title.to_owned());
}

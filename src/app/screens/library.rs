//! The library: refreshers that are due and where the trainee stands on each track, then every
//! scenario, grouped by channel or rule, with its last score; a run left half-way can be
//! resumed; a broken file shows the checker's diagnostics.

use super::{clear_screen, root, showing};
use crate::app::catalog::{Catalog, Entry};
use crate::app::nav::{Action, ActionFired};
use crate::app::screens::play::Session;
use crate::app::store::{ProgressStore, Standing};
use crate::app::tables::TableProblems;
use crate::app::theme::{self, Theme, bold, button, column, row, text};
use crate::app::{Prefs, Screen};
use crate::engine::scenario::Channel;
use crate::present;
use bevy::prelude::*;

/// How the library groups its scenarios.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Grouping {
    #[default]
    Channel,
    Rule,
}

/// The groups to show, each with its heading: by channel, or by the rules scenarios train
/// (a scenario stands under every rule it scores).
fn groups<'a>(
    catalog: &'a Catalog,
    prefs: &Prefs,
    grouping: Grouping,
) -> Vec<(String, Vec<&'a Entry>)> {
    let playable = || catalog.entries.iter().filter(|e| e.scenario.is_some());
    let trains = |e: &Entry, rule: &str| {
        e.scenario
            .as_ref()
            .is_some_and(|s| s.rules_trained().contains(rule))
    };
    let all: Vec<(String, Vec<&Entry>)> = match grouping {
        Grouping::Channel => Channel::ALL
            .iter()
            .map(|c| {
                (
                    present::channel(*c, prefs.lang),
                    playable()
                        .filter(|e| e.scenario.as_ref().is_some_and(|s| s.channel == *c))
                        .collect(),
                )
            })
            .collect(),
        Grouping::Rule => catalog
            .rulebook
            .rules
            .iter()
            .map(|r| {
                (
                    r.title.get(prefs.lang).to_owned(),
                    playable().filter(|e| trains(e, &r.id)).collect(),
                )
            })
            .collect(),
    };
    all.into_iter()
        .filter(|(_, entries)| !entries.is_empty())
        .collect()
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Grouping>();
    app.add_systems(OnEnter(Screen::Library), spawn);
    app.add_systems(
        Update,
        (
            (clear_screen, spawn).chain().run_if(
                showing(Screen::Library).and_then(
                    resource_changed::<Prefs>
                        .or_else(resource_changed::<Catalog>)
                        .or_else(resource_changed::<Grouping>),
                ),
            ),
            actions.run_if(in_state(Screen::Library)),
            sync_line.run_if(in_state(Screen::Library)),
        ),
    );
}

/// The line saying what waits to be sent to the LRS.
#[derive(Component)]
struct SyncLine;

fn sync_line(
    sync: Res<crate::app::lrs::LrsSync>,
    prefs: Res<Prefs>,
    mut lines: Query<(Ref<SyncLine>, &mut Text, &mut TextColor)>,
    mut seen: Local<u64>,
) {
    let state = sync.state();
    for (line, mut text, mut color) in &mut lines {
        if !line.is_added() && state.generation == *seen {
            continue;
        }
        let (words, bad) = crate::app::lrs::library_line(&state, &prefs).unwrap_or_default();
        text.0 = words;
        color.0 = if bad { theme::BAD } else { theme::MUTED };
    }
    *seen = state.generation;
}

fn spawn(
    mut commands: Commands,
    prefs: Res<Prefs>,
    theme: Res<Theme>,
    catalog: Res<Catalog>,
    progress: Res<ProgressStore>,
    grouping: Res<Grouping>,
    tables: Res<TableProblems>,
) {
    let t = &*theme;
    let standing = progress.standing(&prefs);
    let name = prefs.trainee().unwrap_or_default().to_owned();
    commands
        .spawn(root(&prefs, Screen::Library))
        .with_children(|root| {
            let title = prefs.tr_with("library-title", &[("name", (&name).into())]);
            theme::title_bar(root, t, title, |r| {
                for (key, by) in [
                    ("by-channel", Grouping::Channel),
                    ("by-rule", Grouping::Rule),
                ] {
                    let mut b = r.spawn(button(
                        t,
                        prefs.tr(key),
                        Action::GroupBy(by == Grouping::Rule),
                    ));
                    if *grouping == by {
                        b.insert(theme::Selected);
                    }
                }
                r.spawn(button(t, prefs.tr("my-progress"), Action::OpenProgress));
                r.spawn(button(t, prefs.tr("team"), Action::OpenTeam));
                r.spawn(button(t, prefs.tr("settings"), Action::OpenSettings));
                r.spawn(button(t, prefs.tr("back"), Action::Back));
            });
            for d in &catalog.rulebook_diagnostics {
                root.spawn(text(t, d.to_string(), 0.8, theme::BAD));
            }
            for problem in progress
                .problem
                .iter()
                .chain(&progress.track_problems)
                .chain(&tables.0)
            {
                root.spawn(text(t, problem.clone(), 0.8, theme::BAD));
            }
            root.spawn((text(t, String::new(), 0.8, theme::MUTED), SyncLine));
            due_and_tracks(root, t, &prefs, &catalog, &progress, &standing);
            root.spawn(theme::scrolling_column(10.0))
                .with_children(|root| {
                    for (header, entries) in groups(&catalog, &prefs, *grouping) {
                        root.spawn(bold(t, header, 1.1, theme::ACCENT));
                        root.spawn(Node {
                            flex_direction: FlexDirection::Row,
                            flex_wrap: FlexWrap::Wrap,
                            column_gap: px(10),
                            row_gap: px(8),
                            ..default()
                        })
                        .with_children(|grid| {
                            for entry in entries {
                                card(grid, t, &prefs, &catalog, entry, &standing);
                            }
                        });
                    }
                    for entry in catalog
                        .entries
                        .iter()
                        .filter(|e| e.diagnostics.iter().any(|d| d.is_error()))
                    {
                        root.spawn((column(2.0), BackgroundColor(theme::PANEL)))
                            .with_children(|c| {
                                c.spawn(bold(
                                    t,
                                    format!("{} — {}", entry.path, prefs.tr("broken-scenario")),
                                    0.9,
                                    theme::BAD,
                                ));
                                for d in entry.diagnostics.iter().filter(|d| d.is_error()).take(2) {
                                    c.spawn(text(t, d.to_string(), 0.75, theme::MUTED));
                                }
                            });
                    }
                });
            root.spawn(text(t, prefs.tr("keys-menu"), 0.8, theme::MUTED));
        });
}

fn card(
    grid: &mut ChildSpawnerCommands,
    t: &Theme,
    prefs: &Prefs,
    catalog: &Catalog,
    entry: &Entry,
    standing: &Standing,
) {
    let lang = prefs.lang;
    let Some(s) = &entry.scenario else { return };
    let last = standing
        .refreshers
        .get(&s.id)
        .map(|r| {
            prefs.tr_with(
                "last-score",
                &[("score", format!("{:.0}", r.last_score).into())],
            )
        })
        .unwrap_or_else(|| prefs.tr("not-played"));
    let trained = s.rules_trained();
    let rules: Vec<String> = catalog
        .rulebook
        .rules
        .iter()
        .filter(|r| trained.contains(r.id.as_str()))
        .map(|r| r.title.get(lang).to_owned())
        .collect();
    let meta = format!(
        "{} · {} · {}",
        prefs.tr_with("minutes", &[("n", s.minutes.into())]),
        prefs.tr_with("difficulty", &[("n", u32::from(s.difficulty).into())]),
        last
    );
    let resumable = standing.in_progress.contains(&s.id);
    grid.spawn((
        Button,
        Action::Start(s.id.clone()),
        Node {
            width: percent(32),
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(10)),
            border: UiRect::all(px(2)),
            border_radius: BorderRadius::all(px(8)),
            row_gap: px(2),
            ..default()
        },
        BackgroundColor(theme::BUTTON),
        BorderColor::all(theme::BUTTON),
    ))
    .with_children(|c| {
        c.spawn(bold(t, s.title.get(lang).to_owned(), 1.0, theme::TEXT));
        c.spawn(text(t, meta, 0.75, theme::MUTED));
        if standing.due(&s.id) {
            c.spawn(bold(t, prefs.tr("refresher-due"), 0.75, theme::FOCUS));
        }
        c.spawn(text(
            t,
            prefs.tr_with("trains", &[("rules", rules.join(" · ").into())]),
            0.7,
            theme::MUTED,
        ));
        if !entry.shipped {
            let replaces = entry
                .diagnostics
                .iter()
                .any(|d| d.severity == crate::engine::Severity::Note);
            c.spawn(text(
                t,
                prefs.tr(if replaces { "yours-replaces" } else { "yours" }),
                0.7,
                theme::ACCENT,
            ));
        }
        if entry.stale {
            c.spawn(text(
                t,
                format!(
                    "⚠ {} — {}",
                    prefs.tr("broken-scenario"),
                    prefs.tr("broken-last-good")
                ),
                0.7,
                theme::BAD,
            ));
        }
    });
    if resumable {
        grid.spawn(button(
            t,
            format!("{} · {}", prefs.tr("resume"), s.title.get(lang)),
            Action::Resume(s.id.clone()),
        ));
    }
}

fn actions(
    mut commands: Commands,
    mut fired: MessageReader<ActionFired>,
    catalog: Res<Catalog>,
    prefs: Res<Prefs>,
    progress: Res<ProgressStore>,
    mut grouping: ResMut<Grouping>,
    mut next: ResMut<NextState<Screen>>,
) {
    for ActionFired(action) in fired.read() {
        match action {
            Action::Start(id) | Action::Resume(id) => {
                let Some(scenario) = catalog.find(id) else {
                    continue;
                };
                let session = Session::begin(
                    std::sync::Arc::clone(scenario),
                    std::sync::Arc::clone(&catalog.rulebook),
                    matches!(action, Action::Resume(_)),
                    &prefs,
                    &progress,
                );
                commands.insert_resource(session);
                next.set(Screen::Play);
            }
            Action::OpenSettings => next.set(Screen::Settings),
            Action::OpenProgress => next.set(Screen::Progress),
            Action::OpenTeam => next.set(Screen::Team),
            Action::GroupBy(by_rule) => {
                *grouping = if *by_rule {
                    Grouping::Rule
                } else {
                    Grouping::Channel
                }
            }
            Action::Back => next.set(Screen::Who),
            _ => {}
        }
    }
}

/// Refreshers that are due, and each track with the trainee's place on it and what comes next.
fn due_and_tracks(
    root: &mut ChildSpawnerCommands,
    t: &Theme,
    prefs: &Prefs,
    catalog: &Catalog,
    progress: &ProgressStore,
    standing: &Standing,
) {
    let lang = prefs.lang;
    let title = |id: &str| catalog.title(id, lang);
    let due: Vec<&String> = standing
        .refreshers
        .keys()
        .filter(|id| standing.due(id) && catalog.find(id).is_some())
        .collect();
    if !due.is_empty() {
        root.spawn(row(8.0)).with_children(|r| {
            r.spawn(bold(t, prefs.tr("refreshers-due"), 0.9, theme::FOCUS));
            const SHOWN: usize = 6;
            for id in due.iter().take(SHOWN) {
                r.spawn(button(t, title(id), Action::Start((*id).clone())));
            }
            if due.len() > SHOWN {
                r.spawn(text(
                    t,
                    prefs.tr_with("and-more", &[("n", (due.len() - SHOWN).into())]),
                    0.8,
                    theme::MUTED,
                ));
            }
        });
    }
    let best = standing.best();
    for track in &progress.tracks {
        let p = track.progress(&best);
        root.spawn(row(8.0)).with_children(|r| {
            r.spawn(bold(
                t,
                track.title.get(lang).to_owned(),
                0.9,
                theme::ACCENT,
            ));
            r.spawn(theme::meter(
                p.passed as f32 / p.total.max(1) as f32,
                theme::GOOD,
                120.0,
            ));
            r.spawn(text(
                t,
                present::track_standing(track, &p, prefs.lang),
                0.8,
                theme::MUTED,
            ));
            match &p.next {
                Some(next) => {
                    r.spawn(button(
                        t,
                        prefs.tr_with("track-next", &[("title", (&title(next)).into())]),
                        Action::Start(next.clone()),
                    ));
                }
                None => {
                    r.spawn(bold(t, prefs.tr("track-passed"), 0.8, theme::GOOD));
                }
            }
        });
    }
}

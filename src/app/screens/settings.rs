//! Settings: volume per channel, mute, text size, language, how to be addressed, reduced
//! motion, and the folder of the trainer's own scenarios.

use super::{clear_screen, root, showing};
use crate::app::audio::SoundChannel;
use crate::app::catalog::{Catalog, OwnScenarios};
use crate::app::lrs::LrsSync;
use crate::app::nav::{Action, ActionFired, TextEntry, type_into};
use crate::app::theme::{self, Theme, button, column, row, text};
use crate::app::{Prefs, ProgressStore, Screen};
use crate::engine::scenario::Gender;
use crate::library::Chosen;
use bevy::input::keyboard::KeyboardInput;
use bevy::prelude::*;
use std::path::{Path, PathBuf};

/// Why the folder typed last could not be used, until the next try.
#[derive(Resource, Default)]
struct FolderProblem(Option<String>);

/// The LRS state changed (a test answered): redraw.
fn lrs_changed(sync: Res<LrsSync>, mut seen: Local<u64>) -> bool {
    let generation = sync.state().generation;
    let changed = generation != *seen;
    *seen = generation;
    changed
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<FolderProblem>();
    super::settings_lrs::plugin(app);
    app.add_systems(OnEnter(Screen::Settings), spawn);
    app.add_systems(
        Update,
        (
            (clear_screen, spawn).chain().run_if(
                showing(Screen::Settings).and_then(
                    resource_changed::<Prefs>
                        .or_else(resource_changed::<TextEntry>)
                        .or_else(resource_changed::<OwnScenarios>)
                        .or_else(resource_changed::<FolderProblem>)
                        .or_else(resource_changed::<super::settings_lrs::LrsEdit>)
                        .or_else(lrs_changed),
                ),
            ),
            (
                actions,
                super::settings_lrs::actions,
                type_folder.after(crate::app::nav::NavSystems),
                super::settings_lrs::type_field.after(crate::app::nav::NavSystems),
            )
                .run_if(in_state(Screen::Settings)),
        ),
    );
}

#[allow(clippy::too_many_arguments)]
fn spawn(
    mut commands: Commands,
    prefs: Res<Prefs>,
    theme: Res<Theme>,
    store: Res<ProgressStore>,
    own: Res<OwnScenarios>,
    catalog: Res<Catalog>,
    entry: Res<TextEntry>,
    problem: Res<FolderProblem>,
    sync: Res<LrsSync>,
    lrs_edit: Res<super::settings_lrs::LrsEdit>,
) {
    let t = &*theme;
    let trainee = store.trainee(&prefs);
    let on_off = |b: bool| prefs.tr(if b { "on" } else { "off" });
    commands
        .spawn(root(&prefs, Screen::Settings))
        .with_children(|root| {
            theme::title_bar(root, t, prefs.tr("settings"), |r| {
                r.spawn(button(t, prefs.tr("back"), Action::Back));
            });
            // More settings than a small window holds: they scroll, the title bar stays.
            root.spawn(theme::scrolling_column(10.0))
                .with_children(|root| {
                    for kind in SoundChannel::ALL {
                        let value = prefs.volume(kind);
                        setting_row(root, t, prefs.tr(kind.label_key())).with_children(|r| {
                            r.spawn(button(t, "−", Action::Volume(kind, -1)));
                            r.spawn(theme::meter(value, theme::ACCENT, 200.0));
                            r.spawn(text(t, format!("{:.0}%", value * 100.0), 1.0, theme::MUTED));
                            r.spawn(button(t, "+", Action::Volume(kind, 1)));
                        });
                    }
                    setting_row(root, t, prefs.tr("mute")).with_children(|r| {
                        r.spawn(button(t, on_off(prefs.muted), Action::ToggleMute));
                    });
                    setting_row(root, t, prefs.tr("text-size")).with_children(|r| {
                        theme::text_size_controls(r, t, &prefs);
                    });
                    setting_row(root, t, prefs.tr("language")).with_children(|r| {
                        theme::language_buttons(r, t, &prefs);
                    });
                    if let Some(trainee) = &trainee {
                        setting_row(root, t, prefs.tr("address-me")).with_children(|r| {
                            for (key, agent) in [
                                ("address-female", Some(Gender::Female)),
                                ("address-male", Some(Gender::Male)),
                                ("address-unsaid", None),
                            ] {
                                let mut b =
                                    r.spawn(button(t, prefs.tr(key), Action::SetAgent(agent)));
                                if trainee.agent == agent {
                                    b.insert(theme::Selected);
                                }
                            }
                        });
                    }
                    setting_row(root, t, prefs.tr("reduced-motion")).with_children(|r| {
                        r.spawn(button(
                            t,
                            on_off(prefs.reduced_motion),
                            Action::ToggleReducedMotion,
                        ));
                    });
                    folder_row(root, t, &prefs, &own, &catalog, &entry, &problem);
                    super::settings_lrs::rows(root, t, &prefs, &store, &sync, &entry, &lrs_edit);
                });
            root.spawn(text(t, prefs.tr("keys-menu"), 0.8, theme::MUTED));
        });
}

/// Settings › Your scenarios: where the trainer's own scenarios are, how many, and the means to
/// open the folder or choose another.
fn folder_row(
    root: &mut ChildSpawnerCommands,
    t: &Theme,
    prefs: &Prefs,
    own: &OwnScenarios,
    catalog: &Catalog,
    entry: &TextEntry,
    problem: &FolderProblem,
) {
    let count = catalog.entries.iter().filter(|e| !e.shipped).count();
    setting_row(root, t, prefs.tr("settings-scenarios")).with_children(|r| {
        r.spawn(column(4.0)).with_children(|c| {
            match (&entry.0, &own.0) {
                (Some(typed), _) => {
                    c.spawn(theme::typing_box(t, typed, 480.0, 0.9));
                    c.spawn(text(
                        t,
                        prefs.tr("scenarios-folder-hint"),
                        0.8,
                        theme::MUTED,
                    ));
                }
                (None, Some(folder)) => {
                    c.spawn(text(t, folder.path.display().to_string(), 0.9, theme::TEXT));
                    c.spawn(text(
                        t,
                        prefs.tr_with("scenarios-folder-count", &[("n", count.into())]),
                        0.8,
                        theme::MUTED,
                    ));
                    let by = match folder.chosen {
                        Chosen::Flag => Some("--scenarios"),
                        Chosen::Env => Some(crate::library::SCENARIOS_ENV),
                        Chosen::Settings | Chosen::Default => None,
                    };
                    if let Some(by) = by {
                        c.spawn(text(
                            t,
                            prefs.tr_with("scenarios-folder-set-by", &[("by", by.into())]),
                            0.8,
                            theme::MUTED,
                        ));
                    }
                    c.spawn(row(8.0)).with_children(|b| {
                        b.spawn(button(
                            t,
                            prefs.tr("scenarios-folder-open"),
                            Action::OpenScenariosFolder,
                        ));
                        if by.is_none() {
                            b.spawn(button(
                                t,
                                prefs.tr("scenarios-folder-change"),
                                Action::EditScenariosFolder,
                            ));
                        }
                        if folder.chosen == Chosen::Settings {
                            b.spawn(button(
                                t,
                                prefs.tr("scenarios-folder-default"),
                                Action::DefaultScenariosFolder,
                            ));
                        }
                    });
                }
                (None, None) => {
                    c.spawn(text(
                        t,
                        prefs.tr("scenarios-folder-none"),
                        0.9,
                        theme::MUTED,
                    ));
                }
            }
            if let Some(p) = &problem.0 {
                c.spawn(text(t, p.clone(), 0.8, theme::BAD));
            }
        });
    });
}

/// Typing a folder for the own scenarios: Enter uses it (made if it is not there yet), Esc
/// leaves the setting as it was.
fn type_folder(
    mut keys: MessageReader<KeyboardInput>,
    mut entry: ResMut<TextEntry>,
    mut prefs: ResMut<Prefs>,
    mut problem: ResMut<FolderProblem>,
    lrs_edit: Res<super::settings_lrs::LrsEdit>,
) {
    if lrs_edit.editing() {
        return;
    }
    let Some(mut typed) = entry.0.clone() else {
        keys.clear();
        return;
    };
    match type_into(&mut keys, &mut typed, 400) {
        Some(true) => match use_folder(&typed) {
            Ok(path) => {
                prefs.scenarios = Some(path);
                problem.0 = None;
                entry.0 = None;
            }
            Err(e) => {
                problem.0 = Some(prefs.tr_with("scenarios-folder-bad", &[("error", e.into())]))
            }
        },
        Some(false) => {
            problem.0 = None;
            entry.0 = None;
        }
        None if entry.0.as_deref() != Some(typed.as_str()) => entry.0 = Some(typed),
        None => {}
    }
}

/// The folder a trainer typed, `~` expanded and made if it is not there yet.
fn use_folder(typed: &str) -> Result<PathBuf, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err("—".into());
    }
    let path = match typed.strip_prefix("~/") {
        Some(rest) => directories::BaseDirs::new()
            .map(|d| d.home_dir().join(rest))
            .ok_or_else(|| "no home folder".to_owned())?,
        None => PathBuf::from(typed),
    };
    if !path.is_absolute() {
        return Err(format!("{} is not a full path", path.display()));
    }
    std::fs::create_dir_all(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// Shows `dir` in the desktop's file manager.
fn open_in_file_manager(dir: &Path) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(dir).spawn() {
        warn!("{opener} {}: {e}", dir.display());
    }
}

fn actions(
    mut fired: MessageReader<ActionFired>,
    mut prefs: ResMut<Prefs>,
    store: Res<ProgressStore>,
    own: Res<OwnScenarios>,
    mut entry: ResMut<TextEntry>,
    mut next: ResMut<NextState<Screen>>,
) {
    for ActionFired(action) in fired.read() {
        match action {
            Action::Volume(kind, step) => prefs.step_volume(*kind, *step),
            Action::ToggleMute => prefs.muted = !prefs.muted,
            Action::ToggleReducedMotion => prefs.reduced_motion = !prefs.reduced_motion,
            Action::SetAgent(agent) => {
                if let Some(t) = store.trainee(&prefs) {
                    store.with(|s| s.set_agent(t.id, *agent));
                    // Redraw with the choice marked.
                    prefs.set_changed();
                }
            }
            Action::TextSize(step) => prefs.step_text_size(*step),
            Action::SetLang(lang) => prefs.lang = *lang,
            Action::OpenScenariosFolder => {
                if let Some(dir) = own.path() {
                    open_in_file_manager(dir);
                }
            }
            Action::EditScenariosFolder => {
                entry.0 = Some(
                    own.path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                );
            }
            Action::DefaultScenariosFolder => prefs.scenarios = None,
            Action::Back => next.set(if prefs.trainee().is_some() {
                Screen::Library
            } else {
                Screen::Who
            }),
            _ => {}
        }
    }
}

/// A row of the settings: its label in a fixed-width column, then the controls.
pub(super) fn setting_row<'a>(
    root: &'a mut ChildSpawnerCommands,
    t: &Theme,
    label: String,
) -> EntityCommands<'a> {
    let mut row_entity = root.spawn(row(12.0));
    row_entity.with_children(|r| {
        r.spawn((
            Node {
                width: px(260),
                ..default()
            },
            children![text(t, label, 1.0, theme::TEXT)],
        ));
    });
    row_entity
}

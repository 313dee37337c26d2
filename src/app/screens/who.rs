//! Who is training: pick a trainee of the progress store or add one, and choose the language
//! and text size.

use super::{clear_screen, root, showing};
use crate::app::nav::{Action, ActionFired, TextEntry};
use crate::app::theme::{self, Theme, bold, button, column, row, text};
use crate::app::{Prefs, ProgressStore, Screen};
use bevy::input::keyboard::KeyboardInput;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Who), spawn);
    app.add_systems(
        Update,
        (
            (clear_screen, spawn).chain().run_if(
                showing(Screen::Who)
                    .and_then(resource_changed::<Prefs>.or_else(resource_changed::<TextEntry>)),
            ),
            (actions, type_name.after(crate::app::nav::NavSystems)).run_if(in_state(Screen::Who)),
        ),
    );
}

fn spawn(
    mut commands: Commands,
    prefs: Res<Prefs>,
    theme: Res<Theme>,
    entry: Res<TextEntry>,
    store: Res<ProgressStore>,
) {
    let t = &*theme;
    let trainees = store.trainees();
    commands
        .spawn(root(&prefs, Screen::Who))
        .with_children(|root| {
            root.spawn(bold(t, "Rapport", 2.0, theme::ACCENT));
            root.spawn(bold(t, prefs.tr("who-title"), 1.4, theme::TEXT));
            root.spawn(column(8.0)).with_children(|list| {
                if trainees.is_empty() && entry.0.is_none() {
                    list.spawn(text(t, prefs.tr("who-none"), 1.0, theme::MUTED));
                }
                // Everyone in the store, as many as fit, wrapping (a shared machine has many).
                list.spawn(row(8.0)).with_children(|r| {
                    for trainee in trainees {
                        let mut b = r.spawn(button(
                            t,
                            trainee.name.clone(),
                            Action::PickTrainee(trainee.name.clone()),
                        ));
                        if prefs.trainee() == Some(trainee.name.as_str()) {
                            b.insert(theme::Selected);
                        }
                    }
                });
                match &entry.0 {
                    Some(name) => {
                        list.spawn(row(12.0)).with_children(|r| {
                            r.spawn(theme::typing_box(t, name, 280.0, 1.0));
                            r.spawn(text(t, prefs.tr("who-name-hint"), 0.9, theme::MUTED));
                        });
                    }
                    None => {
                        list.spawn(row(8.0)).with_children(|r| {
                            r.spawn(button(t, prefs.tr("who-new"), Action::NewTrainee));
                        });
                    }
                }
            });
            root.spawn(row(10.0)).with_children(|r| {
                r.spawn(text(t, prefs.tr("language"), 1.0, theme::MUTED));
                theme::language_buttons(r, t, &prefs);
            });
            root.spawn(row(10.0)).with_children(|r| {
                r.spawn(text(t, prefs.tr("text-size"), 1.0, theme::MUTED));
                theme::text_size_controls(r, t, &prefs);
            });
            root.spawn(row(10.0)).with_children(|r| {
                if prefs.trainee().is_some() {
                    r.spawn(button(t, prefs.tr("continue"), Action::ToLibrary));
                }
                r.spawn(button(t, prefs.tr("quit-app"), Action::Quit));
            });
            root.spawn(text(t, prefs.tr("keys-menu"), 0.8, theme::MUTED));
        });
}

fn actions(
    mut fired: MessageReader<ActionFired>,
    mut prefs: ResMut<Prefs>,
    mut entry: ResMut<TextEntry>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
) {
    for ActionFired(action) in fired.read() {
        match action {
            Action::PickTrainee(name) => {
                prefs.trainee = Some(name.clone());
                next.set(Screen::Library);
            }
            Action::NewTrainee => entry.0 = Some(String::new()),
            Action::SetLang(lang) => prefs.lang = *lang,
            Action::TextSize(step) => prefs.step_text_size(*step),
            Action::ToLibrary if prefs.trainee().is_some() => next.set(Screen::Library),
            Action::Quit => {
                exit.write(AppExit::Success);
            }
            _ => {}
        }
    }
}

/// Typing a new trainee's name: any script the keyboard produces, Backspace, Enter, Esc.
fn type_name(
    mut keys: MessageReader<KeyboardInput>,
    mut entry: ResMut<TextEntry>,
    mut prefs: ResMut<Prefs>,
    store: Res<ProgressStore>,
) {
    let Some(name) = entry.0.clone() else {
        keys.clear();
        return;
    };
    let mut name = name;
    let done = crate::app::nav::type_into(&mut keys, &mut name, 40);
    match done {
        Some(true) if !name.trim().is_empty() => {
            let name = name.trim().to_owned();
            store.with(|s| s.ensure_trainee(&name));
            prefs.trainee = Some(name);
            entry.0 = None;
        }
        Some(_) => entry.0 = None,
        None if entry.0.as_deref() != Some(name.as_str()) => entry.0 = Some(name),
        None => {}
    }
}

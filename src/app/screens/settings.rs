//! Settings: volume per channel, mute, text size, language, reduced motion.

use super::{clear_screen, root, showing};
use crate::app::audio::SoundChannel;
use crate::app::nav::{Action, ActionFired};
use crate::app::theme::{self, Theme, button, row, text};
use crate::app::{Prefs, ProgressStore, Screen};
use crate::engine::scenario::Gender;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Settings), spawn);
    app.add_systems(
        Update,
        (
            (clear_screen, spawn)
                .chain()
                .run_if(showing(Screen::Settings).and_then(resource_changed::<Prefs>)),
            actions.run_if(in_state(Screen::Settings)),
        ),
    );
}

fn spawn(mut commands: Commands, prefs: Res<Prefs>, theme: Res<Theme>, store: Res<ProgressStore>) {
    let t = &*theme;
    let trainee = store.trainee(&prefs);
    let on_off = |b: bool| prefs.tr(if b { "on" } else { "off" });
    commands
        .spawn(root(&prefs, Screen::Settings))
        .with_children(|root| {
            theme::title_bar(root, t, prefs.tr("settings"), |r| {
                r.spawn(button(t, prefs.tr("back"), Action::Back));
            });
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
                        let mut b = r.spawn(button(t, prefs.tr(key), Action::SetAgent(agent)));
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
            root.spawn(text(t, prefs.tr("keys-menu"), 0.8, theme::MUTED));
        });
}

fn actions(
    mut fired: MessageReader<ActionFired>,
    mut prefs: ResMut<Prefs>,
    store: Res<ProgressStore>,
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
fn setting_row<'a>(
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

//! Play: the customer speaks at their pace, choices wait as buttons (and keys 1–9), timers show
//! when an answer is due, and every sound has a caption. The engine decides everything: this
//! screen feeds it time and choices and draws what it answers with.

mod conversation;
mod meters;
mod session;

pub use conversation::Said;
pub use session::{LastRun, Session};

use super::root;
use crate::app::audio::{AudioStatus, SoundCue};
use crate::app::nav::{Action, ActionFired, Focused, NavSystems};
use crate::app::theme::{self, Theme, bold, button, row, text};
use crate::app::{Prefs, ProgressStore, Screen};
use crate::engine::Debrief;
use crate::engine::events::Phase;
use crate::present;
use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{UpdateMode, WinitSettings};
use conversation::{Captions, ChoiceList, Conversation};
use std::sync::Arc;
use std::time::Duration;

#[derive(Component)]
struct PauseOverlay;
#[derive(Component)]
struct AudioNotice;

pub(super) fn plugin(app: &mut App) {
    app.add_message::<SoundCue>();
    app.add_systems(OnEnter(Screen::Play), spawn);
    app.add_systems(OnExit(Screen::Play), |mut cues: MessageWriter<SoundCue>| {
        cues.write(SoundCue::StopAll);
    });
    app.add_systems(
        Update,
        (
            keys,
            actions,
            advance,
            session::record,
            pause_overlay,
            conversation::draw,
            conversation::reveal,
            meters::update,
            keep_drawing,
            audio_notice,
        )
            .chain()
            .after(NavSystems)
            .run_if(in_state(Screen::Play).and_then(resource_exists::<Session>)),
    );
}

fn spawn(mut commands: Commands, prefs: Res<Prefs>, theme: Res<Theme>, session: Res<Session>) {
    let t = &*theme;
    let scenario = session.run.scenario();
    let lang = prefs.lang;
    commands
        .spawn(root(&prefs, Screen::Play))
        .with_children(|root| {
            root.spawn(row(16.0)).with_children(|r| {
                r.spawn(bold(
                    t,
                    session.words().customer_name(lang),
                    1.4,
                    theme::TEXT,
                ));
                r.spawn(text(
                    t,
                    format!(
                        "{} · {}",
                        present::channel(scenario.channel, lang),
                        scenario.title.get(lang)
                    ),
                    0.9,
                    theme::MUTED,
                ));
                r.spawn(theme::spacer());
                meters::patience(r, t, &prefs);
            });
            root.spawn((Captions, row(14.0)));
            root.spawn((AudioNotice, text(t, "", 0.8, theme::MUTED)));
            if let Some(notice) = &session.notice {
                root.spawn(text(t, notice.clone(), 0.9, theme::BAD));
            }
            root.spawn((
                Conversation,
                Node {
                    flex_direction: FlexDirection::Column,
                    justify_content: JustifyContent::FlexEnd,
                    flex_grow: 1.0,
                    row_gap: px(8),
                    overflow: Overflow::clip(),
                    padding: UiRect::all(px(12)),
                    border_radius: BorderRadius::all(px(10)),
                    ..default()
                },
                BackgroundColor(theme::PANEL),
            ));
            meters::timer(root, t);
            root.spawn((
                ChoiceList,
                Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: px(6),
                    ..default()
                },
            ));
            root.spawn(text(t, prefs.tr("keys-play"), 0.75, theme::MUTED));
        });
}

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut session: ResMut<Session>,
    mut fired: MessageWriter<ActionFired>,
) {
    if keys.just_pressed(KeyCode::Escape) && !session.run.is_finished() {
        session.paused = !session.paused;
        return;
    }
    if session.paused {
        return;
    }
    const DIGITS: [(KeyCode, KeyCode); 9] = [
        (KeyCode::Digit1, KeyCode::Numpad1),
        (KeyCode::Digit2, KeyCode::Numpad2),
        (KeyCode::Digit3, KeyCode::Numpad3),
        (KeyCode::Digit4, KeyCode::Numpad4),
        (KeyCode::Digit5, KeyCode::Numpad5),
        (KeyCode::Digit6, KeyCode::Numpad6),
        (KeyCode::Digit7, KeyCode::Numpad7),
        (KeyCode::Digit8, KeyCode::Numpad8),
        (KeyCode::Digit9, KeyCode::Numpad9),
    ];
    for (i, (digit, numpad)) in DIGITS.iter().enumerate() {
        if keys.any_just_pressed([*digit, *numpad])
            && let Some(choice) = session.run.choices().get(i)
        {
            fired.write(ActionFired(Action::Choose(choice.id.clone())));
        }
    }
}

fn actions(
    mut commands: Commands,
    mut fired: MessageReader<ActionFired>,
    mut session: ResMut<Session>,
    store: Res<ProgressStore>,
    mut next: ResMut<NextState<Screen>>,
) {
    for ActionFired(action) in fired.read() {
        match action {
            Action::Choose(id) if !session.paused => {
                if let Ok(events) = session.run.choose(id) {
                    session.pending.extend(events);
                }
            }
            Action::ResumePlay => session.paused = false,
            Action::SaveAndQuit => {
                session::keep(&store, &session);
                next.set(Screen::Library);
            }
            Action::ToDebrief => {
                if let Some(result) = session.run.result() {
                    let scenario = Arc::clone(session.run.scenario());
                    let rulebook = Arc::clone(session.run.rulebook());
                    let debrief = Debrief::new(&scenario, &rulebook, &result);
                    commands.insert_resource(LastRun {
                        scenario,
                        rulebook,
                        debrief,
                        agent: session.agent,
                    });
                    next.set(Screen::Debrief);
                }
            }
            _ => {}
        }
    }
}

fn advance(time: Res<Time>, mut session: ResMut<Session>) {
    if session.paused || session.run.is_finished() {
        return;
    }
    let events = session.run.tick(time.delta());
    session.pending.extend(events);
}

/// The pause overlay follows the session: Esc shows it, Resume hides it.
fn pause_overlay(
    mut commands: Commands,
    session: Res<Session>,
    prefs: Res<Prefs>,
    theme: Res<Theme>,
    overlay: Query<Entity, With<PauseOverlay>>,
    root: Single<Entity, With<super::ScreenRoot>>,
    mut cues: MessageWriter<SoundCue>,
) {
    let t = &*theme;
    match (session.paused, overlay.iter().next()) {
        (true, None) => {
            commands.entity(*root).with_children(|r| {
                r.spawn((
                    PauseOverlay,
                    Node {
                        position_type: PositionType::Absolute,
                        left: px(0),
                        right: px(0),
                        top: px(0),
                        bottom: px(0),
                        justify_content: JustifyContent::Center,
                        align_items: AlignItems::Center,
                        flex_direction: FlexDirection::Column,
                        row_gap: px(12),
                        ..default()
                    },
                    BackgroundColor(Color::srgba(0.0, 0.0, 0.0, 0.75)),
                    GlobalZIndex(10),
                ))
                .with_children(|o| {
                    o.spawn(bold(t, prefs.tr("paused"), 1.6, theme::TEXT));
                    o.spawn((
                        button(t, prefs.tr("resume-play"), Action::ResumePlay),
                        Focused,
                    ));
                    o.spawn(button(t, prefs.tr("quit-to-library"), Action::SaveAndQuit));
                });
            });
            cues.write(SoundCue::Pause(true));
        }
        (false, Some(e)) => {
            commands.entity(e).despawn();
            cues.write(SoundCue::Pause(false));
        }
        _ => {}
    }
}

/// While the customer speaks or a timer runs, draw every frame; otherwise let the app sleep.
fn keep_drawing(
    session: Res<Session>,
    lines: Query<&Said>,
    driven: Option<Res<crate::app::Driven>>,
    winit: Option<ResMut<WinitSettings>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let typing = lines.iter().any(|s| s.shown < s.full.chars().count());
    let speaking = matches!(session.run.phase(), Phase::Speaking { .. });
    if !session.paused && (speaking || typing || !session.pending.is_empty()) {
        // Text is being revealed: every frame, for smooth reading.
        redraw.write(RequestRedraw);
    }
    // A timer bar or a pause before speech only needs a few updates a second.
    let ticking = !session.paused && !speaking && session.run.phase_left().is_some();
    if let Some(mut winit) = winit.filter(|_| driven.is_none()) {
        // Both modes: a timer must run out on time even when the window is not focused.
        let want = if ticking {
            WinitSettings {
                focused_mode: UpdateMode::reactive(Duration::from_millis(250)),
                unfocused_mode: UpdateMode::reactive_low_power(Duration::from_millis(250)),
            }
        } else {
            WinitSettings::desktop_app()
        };
        if winit.focused_mode != want.focused_mode || winit.unfocused_mode != want.unfocused_mode {
            *winit = want;
        }
    }
}

/// With no sound device the app plays silently and says so, under the captions that carry
/// every sound anyway.
fn audio_notice(
    status: Option<Res<AudioStatus>>,
    prefs: Res<Prefs>,
    mut notice: Single<&mut Text, With<AudioNotice>>,
) {
    let silent = status.is_some_and(|s| *s == AudioStatus::Unavailable);
    let want = if silent {
        prefs.tr("no-audio")
    } else {
        String::new()
    };
    if notice.0 != want {
        notice.0 = want;
    }
}

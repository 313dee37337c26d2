//! Keyboard-first navigation: Tab and the arrow keys move the focus between buttons (mirrored in
//! right-to-left layouts), Enter or Space activates, Esc goes back; clicks do the same. Every
//! activation becomes one `ActionFired` message that the current screen handles.

use super::audio::SoundChannel;
use super::{Prefs, Screen};
use crate::engine::scenario::Gender;
use crate::locale::Lang;
use crate::progress::SessionId;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;

/// What a button does. Screens read `ActionFired` and act on the variants that are theirs.
#[derive(Component, Clone, Debug, PartialEq)]
pub enum Action {
    /// Sign in as this trainee of the store.
    PickTrainee(String),
    NewTrainee,
    SetLang(Lang),
    TextSize(i8),
    ToLibrary,
    Start(String),
    Resume(String),
    OpenSettings,
    OpenProgress,
    OpenTeam,
    /// The debrief of a stored session.
    ShowSession(SessionId),
    /// Group the library by rule (`true`) or by channel.
    GroupBy(bool),
    Back,
    Choose(String),
    ResumePlay,
    SaveAndQuit,
    ToDebrief,
    ReplayFrom(usize),
    PlayAgain,
    Volume(SoundChannel, i8),
    ToggleMute,
    ToggleReducedMotion,
    /// How the trainee at the keyboard wants to be addressed (`None`: either).
    SetAgent(Option<Gender>),
    /// Settings › Your scenarios: show the folder in the file manager.
    OpenScenariosFolder,
    /// Settings › Your scenarios: type another folder.
    EditScenariosFolder,
    /// Settings › Your scenarios: back to the data folder's.
    DefaultScenariosFolder,
    /// Settings › Team's LRS: type this field.
    EditLrs(crate::app::screens::LrsField),
    /// Settings › Team's LRS: send trainees' names with their results, or stop.
    ToggleShareNames,
    /// Settings › Team's LRS: ask the LRS whether it answers and takes the credentials.
    TestLrs,
    Quit,
}

#[derive(Message, Clone, Debug, PartialEq)]
pub struct ActionFired(pub Action);

/// The button the keyboard is on.
#[derive(Component)]
pub struct Focused;

/// While set, keys are being typed into a field and navigation keys are not for moving focus.
/// Leaving the screen drops what was being typed.
#[derive(Resource, Default)]
pub struct TextEntry(pub Option<String>);

/// Applies the keys typed since the last frame to `text`: any script the keyboard produces,
/// Space, Backspace. `Some(true)` on Enter, `Some(false)` on Esc.
pub fn type_into(
    keys: &mut MessageReader<KeyboardInput>,
    text: &mut String,
    max_chars: usize,
) -> Option<bool> {
    let mut done = None;
    for key in keys.read().filter(|k| k.state.is_pressed()) {
        match &key.logical_key {
            Key::Character(c) if text.chars().count() < max_chars => text.push_str(c),
            Key::Space if text.chars().count() < max_chars => text.push(' '),
            Key::Backspace => {
                text.pop();
            }
            Key::Enter => done = Some(true),
            Key::Escape => done = Some(false),
            _ => {}
        }
    }
    done
}

pub(super) fn plugin(app: &mut App) {
    app.add_message::<ActionFired>();
    app.init_resource::<TextEntry>();
    app.init_resource::<ButtonInput<KeyCode>>();
    app.add_systems(Update, (clicks, keyboard).chain().in_set(NavSystems));
    app.add_systems(
        Update,
        (|mut entry: ResMut<TextEntry>| {
            if entry.0.is_some() {
                entry.0 = None;
            }
        })
        .run_if(state_changed::<Screen>)
        .before(NavSystems),
    );
}

#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct NavSystems;

fn clicks(
    buttons: Query<(&Interaction, &Action), Changed<Interaction>>,
    mut fired: MessageWriter<ActionFired>,
) {
    for (interaction, action) in &buttons {
        if *interaction == Interaction::Pressed {
            fired.write(ActionFired(action.clone()));
        }
    }
}

fn keyboard(
    mut commands: Commands,
    keys: Res<ButtonInput<KeyCode>>,
    entry: Res<TextEntry>,
    prefs: Res<Prefs>,
    screen: Res<State<Screen>>,
    buttons: Query<(Entity, &Action, Has<Focused>), With<Button>>,
    mut fired: MessageWriter<ActionFired>,
) {
    if entry.0.is_some() {
        return;
    }
    // Buttons in the order they were spawned: reading order.
    let mut order: Vec<(Entity, &Action, bool)> = buttons.iter().collect();
    order.sort_by_key(|(e, _, _)| *e);
    let current = order.iter().position(|(_, _, f)| *f);
    let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    let (left, right) = if prefs.rtl() {
        (KeyCode::ArrowRight, KeyCode::ArrowLeft)
    } else {
        (KeyCode::ArrowLeft, KeyCode::ArrowRight)
    };
    let step: i32 = if keys.just_pressed(KeyCode::Tab) {
        if shift { -1 } else { 1 }
    } else if keys.any_just_pressed([KeyCode::ArrowDown, right]) {
        1
    } else if keys.any_just_pressed([KeyCode::ArrowUp, left]) {
        -1
    } else {
        0
    };
    if step != 0 && !order.is_empty() {
        let n = order.len() as i32;
        let next = match current {
            Some(i) => (i as i32 + step).rem_euclid(n),
            None if step > 0 => 0,
            None => n - 1,
        } as usize;
        if let Some(i) = current {
            commands.entity(order[i].0).remove::<Focused>();
        }
        commands.entity(order[next].0).insert(Focused);
    }
    if keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter, KeyCode::Space])
        && let Some(i) = current
    {
        fired.write(ActionFired(order[i].1.clone()));
    }
    if keys.just_pressed(KeyCode::Escape) && *screen.get() != Screen::Play {
        fired.write(ActionFired(Action::Back));
    }
}

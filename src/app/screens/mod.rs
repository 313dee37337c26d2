//! One plugin per screen. Each screen spawns its UI under a `ScreenRoot` on enter, and rebuilds
//! it when the language or text size changes.

mod debrief;
mod library;
pub mod my_progress;
pub mod play;
mod settings;
mod settings_lrs;
pub mod team;
mod who;

pub use settings_lrs::LrsField;

use super::Screen;
use bevy::prelude::*;

/// The root entity of the screen on show.
#[derive(Component)]
pub struct ScreenRoot;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        who::plugin,
        library::plugin,
        play::plugin,
        debrief::plugin,
        settings::plugin,
        my_progress::plugin,
        team::plugin,
    ));
}

/// Whether `screen` is on show and drawn, so it can be rebuilt when what it shows changes.
pub fn showing(screen: Screen) -> impl SystemCondition<()> {
    in_state(screen).and_then(any_with_component::<ScreenRoot>)
}

/// Despawns the current screen's UI so it can be spawned again in a new language or size.
pub fn clear_screen(mut commands: Commands, roots: Query<Entity, With<ScreenRoot>>) {
    for root in &roots {
        commands.entity(root).despawn();
    }
}

/// The standard root for a screen: despawned on leaving `screen`, mirrored for right-to-left.
pub fn root(prefs: &super::Prefs, screen: Screen) -> impl Bundle {
    (
        ScreenRoot,
        super::theme::screen_root(prefs),
        DespawnOnExit(screen),
    )
}

//! Colours, the bundled font and the few widgets every screen is built from. All text a trainee
//! reads goes through Bevy UI text with Vazirmatn (Latin, Arabic, Persian), shaped by Parley.

mod mirror;
mod palette;
mod scroll;
mod widgets;

pub use palette::*;
pub use scroll::{Scrolls, scrolling_column};
pub use widgets::*;

use super::Prefs;
use super::nav::Focused;
use bevy::prelude::*;
use bevy::text::RemSize;

/// Vazirmatn (Latin, Arabic, Persian), built in so the app needs no asset folder.
pub const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/Vazirmatn-Regular.ttf");
pub const BOLD: &[u8] = include_bytes!("../../../assets/fonts/Vazirmatn-Bold.ttf");

#[derive(Resource, Clone, Default)]
pub struct Theme {
    pub font: Handle<Font>,
    pub bold: Handle<Font>,
}

pub(super) fn plugin(app: &mut App) {
    // Inserted while building, so the first screen (entered before `Startup`) has its fonts.
    let mut fonts = app.world_mut().resource_mut::<Assets<Font>>();
    let theme = Theme {
        font: fonts.add(Font::from_bytes(REGULAR.to_vec())),
        bold: fonts.add(Font::from_bytes(BOLD.to_vec())),
    };
    app.insert_resource(theme);
    app.add_systems(Startup, spawn_camera);
    app.add_systems(
        Update,
        (style_buttons, scale_text.run_if(resource_changed::<Prefs>)),
    );
    app.add_plugins((mirror::plugin, scroll::plugin));
}

/// The current option among several (the language in use…).
#[derive(Component)]
pub struct Selected;

fn spawn_camera(mut commands: Commands) {
    commands.spawn((
        Camera2d,
        Camera {
            clear_color: ClearColorConfig::Custom(BACKGROUND),
            ..default()
        },
        // Bevy UI stays here when a screen adds a camera for egui.
        IsDefaultUiCamera,
    ));
}

fn scale_text(prefs: Res<Prefs>, mut rem: ResMut<RemSize>) {
    rem.0 = BASE_TEXT_PX * prefs.text_scale;
}

#[allow(clippy::type_complexity)]
fn style_buttons(
    mut buttons: Query<
        (
            &Interaction,
            Has<Focused>,
            Has<Selected>,
            &mut BackgroundColor,
            &mut BorderColor,
        ),
        With<Button>,
    >,
) {
    for (interaction, focused, selected, mut bg, mut border) in &mut buttons {
        let want_bg = match interaction {
            Interaction::Pressed | Interaction::Hovered => BUTTON_HOVER,
            Interaction::None if selected => SELECTED,
            Interaction::None => BUTTON,
        };
        let want_border = if focused { FOCUS } else { want_bg };
        if bg.0 != want_bg {
            bg.0 = want_bg;
        }
        if *border != BorderColor::all(want_border) {
            *border = BorderColor::all(want_border);
        }
    }
}

//! Colours, the bundled font and the few widgets every screen is built from. All text a trainee
//! reads goes through Bevy UI text with Vazirmatn (Latin, Arabic, Persian), shaped by Parley.

use super::Prefs;
use super::nav::Action;
use bevy::prelude::*;
use bevy::text::{FontSize, FontSource, RemSize};

pub const BACKGROUND: Color = Color::srgb(0.09, 0.10, 0.13);
pub const PANEL: Color = Color::srgb(0.14, 0.16, 0.20);
pub const BUTTON: Color = Color::srgb(0.20, 0.23, 0.30);
pub const BUTTON_HOVER: Color = Color::srgb(0.26, 0.30, 0.40);
pub const SELECTED: Color = Color::srgb(0.22, 0.36, 0.62);
pub const FOCUS: Color = Color::srgb(0.98, 0.78, 0.30);
pub const TEXT: Color = Color::srgb(0.93, 0.94, 0.96);
pub const MUTED: Color = Color::srgb(0.62, 0.66, 0.74);
pub const GOOD: Color = Color::srgb(0.40, 0.80, 0.50);
pub const BAD: Color = Color::srgb(0.93, 0.42, 0.40);
pub const ACCENT: Color = Color::srgb(0.45, 0.65, 0.98);

/// Base text size in logical pixels at 100%; the trainee's text size scales it.
pub const BASE_TEXT_PX: f32 = 18.0;

#[derive(Resource, Clone, Default)]
pub struct Theme {
    pub font: Handle<Font>,
    pub bold: Handle<Font>,
}

pub(super) fn plugin(app: &mut App) {
    // Inserted while building, so the first screen (entered before `Startup`) has its fonts.
    let assets = app.world().resource::<AssetServer>().clone();
    app.insert_resource(Theme {
        font: assets.load("fonts/Vazirmatn-Regular.ttf"),
        bold: assets.load("fonts/Vazirmatn-Bold.ttf"),
    });
    app.add_systems(Startup, spawn_camera);
    app.add_systems(
        Update,
        (
            style_buttons,
            scale_text.run_if(resource_changed::<Prefs>),
            scroll_wheel,
            scroll_to_focus,
        ),
    );
    app.add_systems(PostUpdate, mirror.before(bevy::ui::UiSystems::Prepare));
}

/// Layout direction is not inherited: every node spawned under a right-to-left screen is
/// mirrored here, so rows, wrapping grids and alignments all read from the right.
fn mirror(
    prefs: Res<Prefs>,
    mut nodes: Query<&mut Node, Added<Node>>,
    mut texts: Query<&mut TextLayout, Added<TextLayout>>,
) {
    let direction = if prefs.rtl() {
        InlineDirection::Rtl
    } else {
        InlineDirection::Ltr
    };
    for mut node in &mut nodes {
        if node.direction != direction {
            node.direction = direction;
        }
    }
    // In a right-to-left interface every text aligns right, Latin names and numbers included;
    // each paragraph's own direction (bidi) still orders its words.
    if prefs.rtl() {
        for mut layout in &mut texts {
            if layout.justify == Justify::Start {
                layout.justify = Justify::Right;
            }
        }
    }
}

/// The current option among several (the language in use…).
#[derive(Component)]
pub struct Selected;

/// A column that scrolls when its content is taller than the window.
#[derive(Component)]
pub struct Scrolls;

pub fn scrolling_column(gap: f32) -> impl Bundle {
    (
        Scrolls,
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(gap),
            width: percent(100),
            flex_grow: 1.0,
            min_height: px(0),
            overflow: Overflow::scroll_y(),
            ..default()
        },
        ScrollPosition::default(),
    )
}

fn scroll_wheel(
    mut wheel: MessageReader<bevy::input::mouse::MouseWheel>,
    keys: Res<ButtonInput<KeyCode>>,
    mut scrollers: Query<&mut ScrollPosition, With<Scrolls>>,
) {
    let mut dy: f32 = wheel
        .read()
        .map(|w| match w.unit {
            bevy::input::mouse::MouseScrollUnit::Line => w.y * 40.0,
            bevy::input::mouse::MouseScrollUnit::Pixel => w.y,
        })
        .sum();
    if keys.just_pressed(KeyCode::PageDown) {
        dy -= 400.0;
    }
    if keys.just_pressed(KeyCode::PageUp) {
        dy += 400.0;
    }
    if dy != 0.0 {
        for mut pos in &mut scrollers {
            pos.0.y = (pos.0.y - dy).max(0.0);
        }
    }
}

/// Keeps the keyboard focus in view inside a scrolling column.
fn scroll_to_focus(
    focused: Query<(&ComputedNode, &bevy::ui::UiGlobalTransform), Added<super::nav::Focused>>,
    mut scrollers: Query<
        (
            &ComputedNode,
            &bevy::ui::UiGlobalTransform,
            &mut ScrollPosition,
        ),
        With<Scrolls>,
    >,
) {
    for (node, at) in &focused {
        let s = node.inverse_scale_factor();
        let (top, bottom) = (
            (at.translation.y - node.size().y / 2.0) * s,
            (at.translation.y + node.size().y / 2.0) * s,
        );
        for (area, area_at, mut pos) in &mut scrollers {
            let s = area.inverse_scale_factor();
            let (area_top, area_bottom) = (
                (area_at.translation.y - area.size().y / 2.0) * s,
                (area_at.translation.y + area.size().y / 2.0) * s,
            );
            if top < area_top {
                pos.0.y = (pos.0.y - (area_top - top) - 8.0).max(0.0);
            } else if bottom > area_bottom {
                pos.0.y += bottom - area_bottom + 8.0;
            }
        }
    }
}

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

/// Text in the bundled font, `size` in multiples of the trainee's text size.
pub fn text(theme: &Theme, s: impl Into<String>, size: f32, color: Color) -> impl Bundle {
    styled(&theme.font, s, size, color)
}

pub fn bold(theme: &Theme, s: impl Into<String>, size: f32, color: Color) -> impl Bundle {
    styled(&theme.bold, s, size, color)
}

fn styled(font: &Handle<Font>, s: impl Into<String>, size: f32, color: Color) -> impl Bundle {
    (
        Text::new(s),
        TextFont {
            font: FontSource::Handle(font.clone()),
            font_size: FontSize::Rem(size),
            ..default()
        },
        TextColor(color),
        TextLayout::justify(Justify::Start),
    )
}

/// A button that performs `action` when clicked or activated from the keyboard.
pub fn button(theme: &Theme, label: impl Into<String>, action: Action) -> impl Bundle {
    (
        Button,
        action,
        Node {
            padding: UiRect::axes(px(16), px(8)),
            border: UiRect::all(px(2)),
            border_radius: BorderRadius::all(px(8)),
            align_items: AlignItems::Center,
            ..default()
        },
        BackgroundColor(BUTTON),
        BorderColor::all(BUTTON),
        children![text(theme, label, 1.0, TEXT)],
    )
}

/// A vertical stack that fills its parent's width.
pub fn column(gap: f32) -> Node {
    Node {
        flex_direction: FlexDirection::Column,
        row_gap: px(gap),
        width: percent(100),
        ..default()
    }
}

/// A horizontal row; in Arabic and Persian the root's direction mirrors it.
pub fn row(gap: f32) -> Node {
    Node {
        flex_direction: FlexDirection::Row,
        column_gap: px(gap),
        align_items: AlignItems::Center,
        flex_wrap: FlexWrap::Wrap,
        ..default()
    }
}

/// The root of a screen: full window, padded, and right-to-left for Arabic and Persian.
pub fn screen_root(prefs: &Prefs) -> Node {
    Node {
        width: percent(100),
        height: percent(100),
        flex_direction: FlexDirection::Column,
        padding: UiRect::all(px(28)),
        row_gap: px(14),
        direction: if prefs.rtl() {
            InlineDirection::Rtl
        } else {
            InlineDirection::Ltr
        },
        ..default()
    }
}

/// A horizontal bar filled to `fraction` (0–1), for patience, timers and scores.
pub fn meter(fraction: f32, color: Color, width: f32) -> impl Bundle {
    (
        Node {
            width: px(width),
            height: px(12),
            border_radius: BorderRadius::all(px(6)),
            ..default()
        },
        BackgroundColor(BUTTON),
        children![(
            Node {
                width: percent(100.0 * fraction.clamp(0.0, 1.0)),
                height: percent(100),
                border_radius: BorderRadius::all(px(6)),
                ..default()
            },
            BackgroundColor(color),
        )],
    )
}

fn style_buttons(
    mut buttons: Query<
        (
            &Interaction,
            Has<super::nav::Focused>,
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

/// One button per interface language, the one in use marked.
pub fn language_buttons(r: &mut ChildSpawnerCommands, t: &Theme, prefs: &Prefs) {
    for (code, name) in crate::locale::LANGUAGES {
        let mut b = r.spawn(button(t, name, Action::SetLang(code.to_owned())));
        if code == prefs.lang {
            b.insert(Selected);
        }
    }
}

/// Smaller and larger text, with the size in use between them.
pub fn text_size_controls(r: &mut ChildSpawnerCommands, t: &Theme, prefs: &Prefs) {
    r.spawn(button(t, "A−", Action::TextSize(-1)));
    r.spawn(text(
        t,
        format!("{:.0}%", prefs.text_scale * 100.0),
        1.0,
        TEXT,
    ));
    r.spawn(button(t, "A+", Action::TextSize(1)));
}

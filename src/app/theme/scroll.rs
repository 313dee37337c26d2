//! Columns taller than the window scroll, by wheel, Page Up/Down, and to keep the keyboard
//! focus in view.

use crate::app::nav::Focused;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, (scroll_wheel, scroll_to_focus));
}

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
    focused: Query<(&ComputedNode, &bevy::ui::UiGlobalTransform), Added<Focused>>,
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

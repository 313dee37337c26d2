//! The few widgets every screen is built from, as functions returning bundles (as bevy_new_2d
//! does): text in the bundled font, buttons, rows and columns, meters, and the language and
//! text-size controls Who and Settings share.

use super::palette::*;
use super::{Selected, Theme};
use crate::app::Prefs;
use crate::app::nav::Action;
use crate::locale::Lang;
use bevy::prelude::*;
use bevy::text::{FontSize, FontSource};

/// Text in the bundled font, `size` in multiples of the trainee's text size.
pub fn text(theme: &Theme, s: impl Into<String>, size: f32, color: Color) -> impl Bundle {
    styled(&theme.font, s, size, color)
}

pub fn bold(theme: &Theme, s: impl Into<String>, size: f32, color: Color) -> impl Bundle {
    styled(&theme.bold, s, size, color)
}

/// Text as Bevy's layout (Parley) must be given it. In right-to-left text the engine puts
/// left-to-right marks (U+200E) around an `@handle`; Parley ignores them and draws
/// `RapportShop@` whichever side of the name the `@` is written (checked in screenshots). So
/// here a marked handle loses its `@`: `RapportShop` reads right in Arabic and Persian, where
/// `RapportShop@` would not. Text without marks is left as it is.
pub fn for_layout(s: String) -> String {
    if !s.contains('\u{200E}') {
        return s;
    }
    s.replace("\u{200E}@", "\u{200E}").replace('\u{200E}', "")
}

fn styled(font: &Handle<Font>, s: impl Into<String>, size: f32, color: Color) -> impl Bundle {
    (
        Text::new(for_layout(s.into())),
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

/// Empty space that takes what a row has left, pushing what follows to the far side.
pub fn spacer() -> Node {
    Node {
        flex_grow: 1.0,
        ..default()
    }
}

/// A screen's top row: its title, then, at the far side, the buttons `buttons` spawns.
pub fn title_bar(
    parent: &mut ChildSpawnerCommands,
    theme: &Theme,
    title: impl Into<String>,
    buttons: impl FnOnce(&mut ChildSpawnerCommands),
) {
    parent.spawn(row(12.0)).with_children(|r| {
        r.spawn(bold(theme, title, 1.5, TEXT));
        r.spawn(spacer());
        buttons(r);
    });
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
    meter_marked((), fraction, color, width)
}

/// A meter whose fill carries `fill`, so a system can move it as the value changes.
pub fn meter_marked(fill: impl Bundle, fraction: f32, color: Color, width: f32) -> impl Bundle {
    (
        Node {
            width: px(width),
            height: px(12),
            border_radius: BorderRadius::all(px(6)),
            ..default()
        },
        BackgroundColor(BUTTON),
        children![(
            fill,
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

/// One button per interface language, the one in use marked.
pub fn language_buttons(r: &mut ChildSpawnerCommands, t: &Theme, prefs: &Prefs) {
    for lang in Lang::ALL {
        let mut b = r.spawn(button(t, lang.native_name(), Action::SetLang(lang)));
        if lang == prefs.lang {
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

/// The box a field is typed into: what is typed so far (`shown`, as it should be seen) and the
/// caret, framed in the focus colour.
pub fn typing_box(theme: &Theme, shown: &str, min_width: f32, size: f32) -> impl Bundle {
    (
        Node {
            padding: UiRect::axes(px(12), px(6)),
            border: UiRect::all(px(2)),
            border_radius: BorderRadius::all(px(6)),
            min_width: px(min_width),
            ..default()
        },
        BorderColor::all(FOCUS),
        BackgroundColor(PANEL),
        children![text(theme, format!("{shown}▏"), size, TEXT)],
    )
}

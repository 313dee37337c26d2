//! The colours of every screen and the base text size.

use bevy::prelude::*;

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

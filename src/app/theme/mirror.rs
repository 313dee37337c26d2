//! Right-to-left layouts: Taffy's direction is not inherited, so every node spawned while the
//! interface is in Arabic or Persian is mirrored here, and every text aligned to the right.

use crate::app::Prefs;
use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
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

//! The tour's right-to-left check (`dev`): an Arabic sentence whose first word is its own span
//! must be laid out with that word at the right of the rest.

use crate::app::theme::Theme;
use bevy::prelude::*;
use bevy::text::{ComputedTextBlock, FontSize, FontSource, TextLayoutInfo};

#[derive(Component)]
pub(super) struct RtlProbe;

pub(super) type Probes<'w, 's> =
    Query<'w, 's, (&'static TextLayoutInfo, &'static ComputedTextBlock), With<RtlProbe>>;

pub(super) fn spawn(commands: &mut Commands, theme: &Theme) {
    let font = || TextFont {
        font: FontSource::Handle(theme.font.clone()),
        font_size: FontSize::Px(24.0),
        ..default()
    };
    commands
        .spawn((
            RtlProbe,
            Text::default(),
            font(),
            Node {
                position_type: PositionType::Absolute,
                top: px(0),
                left: px(0),
                ..default()
            },
        ))
        .with_children(|p| {
            p.spawn((TextSpan::new("مرحباً"), font()));
            p.spawn((
                TextSpan::new("، كيف يمكنني مساعدتك اليوم؟ طلب رقم 5678"),
                font(),
            ));
        });
}

/// What is wrong with the probe's layout, if anything.
pub(super) fn check(probes: &Probes) -> Vec<String> {
    let mut checked = false;
    let mut failures = Vec::new();
    for (layout, block) in probes {
        let first_span = block.entities().iter().position(|e| e.depth == 1);
        let xs = |section: usize| {
            layout
                .glyphs
                .iter()
                .filter(|g| g.section_index == section)
                .map(|g| g.position.x)
                .collect::<Vec<f32>>()
        };
        let Some(first) = first_span else { continue };
        let (a, b) = (xs(first), xs(first + 1));
        checked = !a.is_empty() && !b.is_empty();
        let first_min = a.iter().cloned().fold(f32::INFINITY, f32::min);
        let rest_max = b.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
        if checked && first_min <= rest_max {
            failures.push(format!("Arabic line laid out left to right: first word starts at x={first_min}, the rest reaches x={rest_max}"));
        } else if checked {
            info!(
                "right-to-left check passed: first word from x={first_min}, the rest up to x={rest_max}"
            );
        }
    }
    if !checked {
        failures.push("the right-to-left probe was not laid out".into());
    }
    failures
}

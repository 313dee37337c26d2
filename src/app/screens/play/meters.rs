//! The customer's patience and the answer timer, as bars that follow the run, and the captions
//! that blink while time moves.

use super::Session;
use super::conversation::Blink;
use crate::app::Prefs;
use crate::app::theme::{self, Theme, meter_marked, row, text};
use bevy::prelude::*;

#[derive(Component)]
pub(super) struct PatienceFill;
#[derive(Component)]
pub(super) struct PatienceValue;
#[derive(Component)]
pub(super) struct TimerRow;
#[derive(Component)]
pub(super) struct TimerFill;
#[derive(Component)]
pub(super) struct TimerText;

/// The patience bar and its value, for the screen's header.
pub(super) fn patience(r: &mut ChildSpawnerCommands, t: &Theme, prefs: &Prefs) {
    r.spawn(text(t, prefs.tr("patience"), 0.9, theme::MUTED));
    r.spawn(meter_marked(PatienceFill, 0.5, theme::GOOD, 180.0));
    r.spawn((PatienceValue, text(t, "", 0.9, theme::TEXT)));
}

/// The answer timer: hidden until the customer has finished and an answer is due.
pub(super) fn timer(root: &mut ChildSpawnerCommands, t: &Theme) {
    root.spawn((TimerRow, row(12.0), Visibility::Hidden))
        .with_children(|r| {
            r.spawn((TimerText, text(t, "", 0.9, theme::FOCUS)));
            r.spawn(meter_marked(TimerFill, 1.0, theme::FOCUS, 320.0));
        });
}

/// Red when the customer is about to give up, amber when tiring, green otherwise.
fn patience_color(p: i32) -> Color {
    if p < 25 {
        theme::BAD
    } else if p < 50 {
        theme::FOCUS
    } else {
        theme::GOOD
    }
}

#[allow(clippy::type_complexity, clippy::too_many_arguments)]
pub(super) fn update(
    session: Res<Session>,
    prefs: Res<Prefs>,
    mut patience: Single<
        (&mut Node, &mut BackgroundColor),
        (With<PatienceFill>, Without<TimerFill>),
    >,
    mut patience_value: Single<&mut Text, (With<PatienceValue>, Without<TimerText>)>,
    mut timer_row: Single<&mut Visibility, (With<TimerRow>, Without<Blink>)>,
    mut timer_fill: Single<&mut Node, (With<TimerFill>, Without<PatienceFill>)>,
    mut timer_text: Single<&mut Text, (With<TimerText>, Without<PatienceValue>)>,
    mut blinking: Query<&mut Visibility, (With<Blink>, Without<TimerRow>)>,
    time: Res<Time<Real>>,
) {
    let p = session.run.patience();
    let width = percent(p as f32);
    if patience.0.width != width {
        patience.0.width = width;
        patience.1.0 = patience_color(p);
    }
    let value = p.to_string();
    if patience_value.0 != value {
        patience_value.0 = value;
    }
    let due = session.run.answer_timer();
    timer_row.set_if_neq(if due.is_some() {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    });
    if let Some((left, total)) = due {
        let w = percent(100.0 * left.as_secs_f32() / total.as_secs_f32().max(0.001));
        if timer_fill.width != w {
            timer_fill.width = w;
        }
        let seconds = left.as_micros().div_ceil(1_000_000).to_string();
        let said = prefs.tr_with("time-left", &[("seconds", (&seconds).into())]);
        if timer_text.0 != said {
            timer_text.0 = said;
        }
    }
    // Blink only while time is moving anyway, so an idle screen stays idle.
    let on = session.run.phase_left().is_none()
        || ((time.elapsed_secs() * 2.0) as u32).is_multiple_of(2);
    for mut v in &mut blinking {
        v.set_if_neq(if on {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
    }
}

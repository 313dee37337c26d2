//! Measurement hooks for the speed targets (`dev` feature), switched on by environment
//! variables: `RAPPORT_EXIT_AFTER_FRAMES=N` exits after N frames (cold-start timing), and
//! `RAPPORT_FRAME_STATS=1` logs frame times while a customer line is being revealed, and while
//! an LRS sync or pull runs against those of the same screen without one.
//! `RAPPORT_PULL_AT_START=1` starts a pull from the LRS as the app opens (the Team screen's
//! Refresh, without a click). To measure a screen at rest, open the app on it with `--screen`.

use super::screens::play::Session;
use crate::engine::events::Phase;
use bevy::prelude::*;
use std::time::Instant;

#[derive(Resource)]
struct ExitAfter(u32);

#[derive(Resource, Default)]
struct FrameStats {
    last: Option<Instant>,
    samples: Vec<f32>,
}

pub(super) fn plugin(app: &mut App) {
    if let Some(n) = std::env::var("RAPPORT_EXIT_AFTER_FRAMES")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        app.insert_resource(ExitAfter(n));
        app.add_systems(Last, exit_after);
    }
    if std::env::var_os("RAPPORT_FRAME_STATS").is_some() {
        app.init_resource::<FrameStats>();
        app.init_resource::<SyncFrames>();
        app.add_systems(Last, (frame_stats, sync_frame_stats));
    }
    if std::env::var_os("RAPPORT_PULL_AT_START").is_some() {
        app.add_systems(Update, pull_at_start);
    }
}

fn pull_at_start(
    sync: Res<super::lrs::LrsSync>,
    progress: Res<super::store::ProgressStore>,
    mut done: Local<bool>,
) {
    if !*done {
        *done = true;
        super::lrs::pull(&sync, &progress, None);
    }
}

/// Frame times while an LRS job runs, against the same number of frames of the same screen
/// after it ended (logged once both are in).
#[derive(Resource, Default)]
struct SyncFrames {
    last: Option<Instant>,
    busy: Vec<f32>,
    after: Vec<f32>,
    logged: bool,
}

fn sync_frame_stats(mut stats: ResMut<SyncFrames>, sync: Res<super::lrs::LrsSync>) {
    let now = Instant::now();
    let busy = sync.state().busy.is_some();
    if let Some(last) = stats.last {
        let ms = (now - last).as_secs_f32() * 1000.0;
        if busy {
            stats.busy.push(ms);
        } else if !stats.busy.is_empty() {
            stats.after.push(ms);
        }
    }
    stats.last = Some(now);
    if stats.logged || stats.busy.is_empty() || stats.after.len() < stats.busy.len().max(30) {
        return;
    }
    stats.logged = true;
    for (what, samples) in [
        ("during the LRS job", &stats.busy),
        ("after it", &stats.after),
    ] {
        let mut s = samples.clone();
        s.sort_by(f32::total_cmp);
        let mean = s.iter().sum::<f32>() / s.len() as f32;
        info!(
            "frame time {what}: {} frames, mean {mean:.1} ms, median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            s.len(),
            s[s.len() / 2],
            s[s.len() * 95 / 100],
            s[s.len() - 1]
        );
    }
}

fn exit_after(
    mut left: ResMut<ExitAfter>,
    mut exit: MessageWriter<AppExit>,
    mut redraw: MessageWriter<bevy::window::RequestRedraw>,
) {
    // Keep frames coming (a reactive app would otherwise wait for input) until the count is reached.
    redraw.write(bevy::window::RequestRedraw);
    left.0 = left.0.saturating_sub(1);
    if left.0 == 0 {
        exit.write(AppExit::Success);
    }
}

fn frame_stats(mut stats: ResMut<FrameStats>, session: Option<Res<Session>>) {
    let now = Instant::now();
    let speaking = session.is_some_and(|s| matches!(s.run.phase(), Phase::Speaking { .. }));
    match (stats.last, speaking) {
        (Some(last), true) => {
            let ms = (now - last).as_secs_f32() * 1000.0;
            stats.samples.push(ms);
        }
        (_, false) if stats.samples.len() >= 30 => {
            let mut s = std::mem::take(&mut stats.samples);
            s.sort_by(f32::total_cmp);
            let mean = s.iter().sum::<f32>() / s.len() as f32;
            info!(
                "frame time while text animates: {} frames, mean {mean:.1} ms, median {:.1} ms, p95 {:.1} ms",
                s.len(),
                s[s.len() / 2],
                s[s.len() * 95 / 100]
            );
        }
        _ => {}
    }
    stats.last = speaking.then_some(now);
}

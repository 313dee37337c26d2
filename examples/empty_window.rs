//! The baseline for Rapport's speed targets: an empty Bevy window built with the same features.
//! `RAPPORT_EXIT_AFTER_FRAMES=N` exits after N frames (cold start); it logs its mean frame time.
//!     cargo run --example empty_window

use bevy::prelude::*;
use std::time::Instant;

#[derive(Resource)]
struct Frames {
    left: u32,
    last: Option<Instant>,
    samples: Vec<f32>,
}

fn main() {
    let left = std::env::var("RAPPORT_EXIT_AFTER_FRAMES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    App::new()
        .add_plugins(DefaultPlugins.set(WindowPlugin {
            primary_window: Some(Window {
                title: "empty".into(),
                resolution: (1280, 720).into(),
                ..default()
            }),
            ..default()
        }))
        .insert_resource(Frames {
            left,
            last: None,
            samples: Vec::new(),
        })
        .add_systems(Startup, |mut commands: Commands| {
            commands.spawn(Camera2d);
        })
        .add_systems(Last, count)
        .run();
}

fn count(mut frames: ResMut<Frames>, mut exit: MessageWriter<AppExit>) {
    let now = Instant::now();
    if let Some(last) = frames.last {
        frames.samples.push((now - last).as_secs_f32() * 1000.0);
    }
    frames.last = Some(now);
    frames.left = frames.left.saturating_sub(1);
    if frames.left == 0 {
        let n = frames.samples.len().max(1) as f32;
        info!(
            "empty window: mean frame time {:.1} ms over {} frames",
            frames.samples.iter().sum::<f32>() / n,
            frames.samples.len()
        );
        exit.write(AppExit::Success);
    }
}

//! The Rapport desktop app: Bevy UI on top of the engine. It draws, sounds and takes input;
//! every score and decision comes from `engine::Playthrough`.

mod audio;
mod catalog;
mod egui_layer;
mod nav;
mod prefs;
mod probe;
mod progress;
mod screens;
mod theme;
mod tour;

use bevy::prelude::*;
use bevy::winit::WinitSettings;
use std::path::PathBuf;
use std::process::ExitCode;

pub use catalog::Catalog;
pub use nav::{Action, ActionFired, VolumeKind};
pub use prefs::Prefs;
pub use progress::Progress;
pub use screens::play::{LastRun, Session};
pub use screens::progress::ProgressView;
pub use screens::team::TeamView;

/// The screens of the app; every screen's entities despawn when it is left.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Who,
    Library,
    Play,
    Debrief,
    Settings,
    /// The trainee's own history: mastery, trends, tracks, past sessions.
    Progress,
    /// The trainer's view of the whole team.
    Team,
}

/// How the app was started.
#[derive(Resource, Clone, Debug)]
pub struct AppOptions {
    pub scenarios: PathBuf,
    /// Where profiles, settings and runs in progress are kept (`None`: nowhere, for tests).
    pub data_dir: Option<PathBuf>,
    /// Drive every screen in English and Arabic, write a PNG of each here, then exit.
    pub screenshots: Option<PathBuf>,
    /// Open this scenario on the Play screen straight away (for the current trainee).
    pub open: Option<String>,
}

/// Opens the window and runs until it is closed.
pub fn run(options: AppOptions) -> ExitCode {
    let tour = options.screenshots.is_some();
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Rapport".into(),
                    resolution: (1280, 720).into(),
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                file_path: asset_root().to_string_lossy().into_owned(),
                ..default()
            }),
    );
    // Draw only when something changes or moves: a trainee reading the screen costs no CPU.
    app.insert_resource(if tour {
        WinitSettings::game()
    } else {
        WinitSettings::desktop_app()
    });
    app.add_plugins((
        RapportPlugin { options },
        theme::plugin,
        egui_layer::plugin,
        audio::plugin,
        tour::plugin,
        probe::plugin,
    ));
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(_) => ExitCode::FAILURE,
    }
}

/// Where `assets/` is: beside the executable's project when run from a checkout, or as set.
fn asset_root() -> PathBuf {
    if let Ok(dir) = std::env::var("BEVY_ASSET_ROOT") {
        return PathBuf::from(dir).join("assets");
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets")
}

/// Font handles that stand in when no asset server runs (headless tests).
pub fn theme_for_tests() -> theme::Theme {
    theme::Theme::default()
}

pub fn trainee_for_tests(name: &str) -> prefs::Trainee {
    prefs::Trainee { name: name.into() }
}

/// Everything but the window, fonts and sound: what headless tests build on `MinimalPlugins`.
pub struct RapportPlugin {
    pub options: AppOptions,
}

impl Plugin for RapportPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(self.options.clone());
        app.init_state::<Screen>();
        app.add_plugins((
            prefs::plugin,
            catalog::plugin,
            progress::plugin,
            nav::plugin,
            screens::plugin,
        ));
        if self.options.open.is_some() {
            app.add_systems(Startup, open_directly);
        }
    }
}

/// `rapport --open ID`: straight to the Play screen, as the current (or a new) trainee.
fn open_directly(
    mut commands: Commands,
    options: Res<AppOptions>,
    catalog: Res<Catalog>,
    progress: Res<Progress>,
    mut prefs: ResMut<Prefs>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(id) = &options.open else { return };
    let Some(scenario) = catalog.find(id) else {
        error!("no scenario `{id}` in {}", options.scenarios.display());
        return;
    };
    if prefs.trainee().is_none() {
        if prefs.trainees.is_empty() {
            prefs.trainees.push(prefs::Trainee {
                name: "Trainee".into(),
            });
        }
        prefs.current = Some(0);
    }
    let session = Session::begin(
        std::sync::Arc::clone(scenario),
        std::sync::Arc::clone(&catalog.rulebook),
        false,
        &prefs,
        &progress,
    );
    commands.insert_resource(session);
    next.set(Screen::Play);
}

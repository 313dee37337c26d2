//! The Rapport desktop app: Bevy UI on top of the engine. It draws, sounds and takes input;
//! every score and decision comes from `engine::Playthrough`.

mod audio;
mod catalog;
mod egui_layer;
mod lrs;
mod nav;
mod prefs;
#[cfg(feature = "dev")]
mod probe;
mod screens;
#[cfg(feature = "dev")]
mod soak;
mod store;
mod tables;
mod theme;
mod tour;

use crate::cli::{CliError, CliResult, LibraryArg};
use crate::locale::{Lang, tr_with};
use bevy::prelude::*;
use bevy::winit::WinitSettings;
use std::path::PathBuf;
use std::process::ExitCode;

pub use audio::SoundChannel;
pub use catalog::Catalog;
pub use nav::{Action, ActionFired};
pub use prefs::Prefs;
pub use screens::my_progress::ProgressView;
pub use screens::play::{LastRun, Session};
pub use screens::team::TeamView;
pub use store::ProgressStore;
/// The screens `rapport screenshots` writes, per language.
pub use tour::SCREENS as SCREENSHOTS;

/// The screens of the app; every screen's entities despawn when it is left.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
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
    /// The trainer's own scenarios folder as given (`--scenarios`); without it the app uses
    /// `RAPPORT_SCENARIOS`, Settings or the data folder's (with no data folder: none).
    pub scenarios: Option<PathBuf>,
    /// A company rulebook as given (`--rulebook`).
    pub rulebook: Option<PathBuf>,
    /// Where settings and the progress store are kept (`None`: nowhere, for tests).
    pub data_dir: Option<PathBuf>,
    /// Drive every screen in English, Arabic and Persian, write a PNG of each here, then exit.
    pub screenshots: Option<PathBuf>,
    /// The scenario the screenshot tour plays (default: interrupted-caller).
    pub tour_scenario: Option<String>,
    /// Open this scenario on the Play screen straight away (for the current trainee).
    pub open: Option<String>,
    /// Open on this screen (signing in the last trainee, or a new one, if it needs one).
    pub screen: Option<Screen>,
}

impl AppOptions {
    /// Options for a headless app on the shipped scenarios that keeps nothing on disk (tests).
    pub fn in_memory() -> Self {
        AppOptions {
            scenarios: None,
            rulebook: None,
            data_dir: None,
            screenshots: None,
            tour_scenario: None,
            open: None,
            screen: None,
        }
    }
}

/// `rapport` with no command: the app's own options.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct AppArgs {
    /// Open the app straight on this scenario's Play screen.
    #[arg(long, value_name = "SCENARIO")]
    open: Option<String>,
    /// Open the app on this screen.
    #[arg(long, value_enum)]
    screen: Option<Screen>,
    #[command(flatten)]
    library: LibraryArg,
}

/// `rapport screenshots DIR`.
#[derive(clap::Args, Debug, Clone)]
pub struct ScreenshotArgs {
    dir: PathBuf,
    /// The scenario to play on the Play and Debrief screens.
    #[arg(long, value_name = "ID")]
    scenario: Option<String>,
    /// Tour this machine's data folder (`RAPPORT_DATA_DIR`) as it is, instead of a seeded
    /// in-memory team: its store, its LRS connection and what has been pulled.
    #[arg(long)]
    use_data: bool,
}

/// `rapport`: opens the window and runs until it is closed.
pub fn open(args: AppArgs, lang: Lang) -> CliResult {
    // A folder named on purpose must be there; the default one is made when the app starts.
    args.library.own(lang)?;
    Ok(run(AppOptions {
        scenarios: args.library.scenarios,
        rulebook: args.library.rulebook,
        data_dir: crate::progress::data_dir(),
        open: args.open,
        screen: args.screen,
        ..AppOptions::in_memory()
    }))
}

/// `rapport screenshots DIR`: the tour, on the shipped scenarios and its own in-memory
/// trainees and settings.
pub fn screenshots(args: ScreenshotArgs, lang: Lang) -> CliResult {
    std::fs::create_dir_all(&args.dir).map_err(|e| {
        CliError::msg(tr_with(
            lang,
            "cli-cannot-create",
            &[
                ("path", args.dir.display().to_string().into()),
                ("error", e.to_string().into()),
            ],
        ))
    })?;
    if let Some(id) = &args.scenario
        && crate::library::load(None, None).find(id).is_none()
    {
        return Err(CliError::msg(tr_with(
            lang,
            "cli-no-scenario",
            &[("id", id.into()), ("hint", "".into())],
        )));
    }
    let dir = std::fs::canonicalize(&args.dir).unwrap_or(args.dir);
    Ok(run(AppOptions {
        screenshots: Some(dir),
        tour_scenario: args.scenario,
        data_dir: if args.use_data {
            crate::progress::data_dir()
        } else {
            None
        },
        ..AppOptions::in_memory()
    }))
}

fn run(options: AppOptions) -> ExitCode {
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
                // Fonts and sounds are built into the binary and voice clips read from beside
                // the scenarios: no asset folder to find or watch.
                watch_for_changes_override: Some(false),
                ..default()
            }),
    );
    // Draw only when something changes or moves: a trainee reading the screen costs no CPU.
    if tour {
        app.insert_resource(WinitSettings::game());
        app.insert_resource(Driven);
    } else {
        app.insert_resource(WinitSettings::desktop_app());
    }
    app.add_plugins((
        RapportPlugin { options },
        theme::plugin,
        egui_layer::plugin,
        audio::plugin,
        tour::plugin,
        tables::plugin,
    ));
    #[cfg(feature = "dev")]
    app.add_plugins((probe::plugin, soak::plugin));
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(_) => ExitCode::FAILURE,
    }
}

/// The app is driven by a script (the screenshot tour, the soak): it draws every frame, and no
/// screen changes how often.
#[derive(Resource)]
pub struct Driven;

/// Font handles that stand in when no asset server runs (headless tests).
pub fn theme_for_tests() -> theme::Theme {
    theme::Theme::default()
}

/// Everything but the window, fonts and sound: what headless tests build on `MinimalPlugins`.
pub struct RapportPlugin {
    pub options: AppOptions,
}

impl Plugin for RapportPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(self.options.clone());
        app.init_state::<Screen>();
        app.init_resource::<tables::TableProblems>();
        app.add_plugins((
            prefs::plugin,
            catalog::plugin,
            store::plugin,
            lrs::plugin,
            nav::plugin,
            screens::plugin,
        ));
        if self.options.open.is_some() || self.options.screen.is_some() {
            app.add_systems(Startup, open_directly);
        }
    }
}

/// `rapport --open ID` or `--screen S`: straight there, as the last trainee (or a new one).
fn open_directly(
    mut commands: Commands,
    options: Res<AppOptions>,
    catalog: Res<Catalog>,
    store: Res<ProgressStore>,
    mut prefs: ResMut<Prefs>,
    mut next: ResMut<NextState<Screen>>,
) {
    if prefs.trainee().is_none() {
        let name = store
            .trainees()
            .into_iter()
            .next()
            .map_or_else(|| prefs.tr("default-trainee"), |t| t.name);
        store.with(|s| s.ensure_trainee(&name));
        prefs.trainee = Some(name);
    }
    if let Some(screen) = options.screen {
        next.set(screen);
    }
    let Some(id) = &options.open else { return };
    let Some(scenario) = catalog.find(id) else {
        error!("no scenario `{id}` in the library");
        return;
    };
    let session = Session::begin(
        std::sync::Arc::clone(scenario),
        std::sync::Arc::clone(&catalog.rulebook),
        false,
        &prefs,
        &store,
    );
    commands.insert_resource(session);
    next.set(Screen::Play);
}

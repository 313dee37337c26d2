//! `rapport screenshots DIR`: drives the real app through every screen in English, Arabic and
//! Persian, writes one PNG per screen and language (the Play screen once with a woman and once
//! with a man as the customer), and exits (non-zero if anything failed). With the `dev` feature
//! it also checks right-to-left glyph order on a laid-out Arabic line.

#[cfg(feature = "dev")]
mod probe;
mod seed;

use super::catalog::Catalog;
use super::nav::{Action, ActionFired};
use super::screens::play::{LastRun, Session};
use super::store::ProgressStore;
#[cfg(feature = "dev")]
use super::theme::Theme;
use super::{AppOptions, Prefs, Screen};
use crate::engine::customer::CustomerDraw;
use crate::engine::events::Phase;
use crate::engine::scenario::Gender;
use crate::engine::{Debrief, Scenario, analyze, play_steps};
use crate::locale::Lang;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The scenario the tour plays unless told another: one every trainee meets in week one.
const SCENARIO: &str = "interrupted-caller";

/// The screens the tour writes, per language (`play-female` and `play-male` are the Play screen).
pub const SCREENS: [&str; 11] = [
    "who",
    "library",
    "library-by-rule",
    "play-female",
    "play-male",
    "debrief",
    "settings",
    "settings-lrs",
    "progress",
    "team",
    "progress-counts",
];

#[derive(Debug, Clone)]
enum Step {
    /// Fill the (in-memory) progress store with a team's history.
    Seed,
    Setup(Lang),
    SignIn(&'static str),
    Go(Screen),
    /// Play the tour scenario with a customer of this gender.
    StartPlay(Gender),
    /// Wait until the customer has spoken at a step with choices, past the first decision.
    AwaitAnswer,
    Fire(Action),
    /// Scroll every scrolling column to its end (Settings › Team's LRS).
    ScrollToEnd,
    Frames(u32),
    Shot(String),
    FinishRun,
    #[cfg(feature = "dev")]
    ProbeRtl,
    #[cfg(feature = "dev")]
    CheckRtl,
    Exit,
}

#[derive(Resource)]
struct Tour {
    dir: PathBuf,
    scenario: String,
    steps: VecDeque<Step>,
    frames: u32,
    requested: usize,
    saved: Arc<AtomicUsize>,
    failures: Vec<String>,
}

pub(super) fn plugin(app: &mut App) {
    let options = app.world().resource::<AppOptions>();
    let Some(dir) = options.screenshots.clone() else {
        return;
    };
    let scenario = options
        .tour_scenario
        .clone()
        .unwrap_or_else(|| SCENARIO.to_owned());
    // A tour of a real data folder shows it as it is.
    let mut steps = VecDeque::new();
    if options.data_dir.is_none() {
        steps.push_back(Step::Seed);
    }
    for lang in Lang::ALL {
        let shot = |screen: &str| Step::Shot(format!("{screen}-{lang}"));
        steps.extend([
            Step::Setup(lang),
            Step::Go(Screen::Who),
            Step::Frames(20),
            shot("who"),
            Step::Go(Screen::Library),
            Step::Frames(20),
            shot("library"),
            Step::Fire(Action::GroupBy(true)),
            Step::Frames(20),
            shot("library-by-rule"),
            Step::Fire(Action::GroupBy(false)),
        ]);
        for gender in [Gender::Female, Gender::Male] {
            steps.extend([
                Step::StartPlay(gender),
                Step::AwaitAnswer,
                Step::Frames(3),
                shot(&format!("play-{}", gender.key())),
            ]);
        }
        steps.extend([
            Step::FinishRun,
            Step::Go(Screen::Debrief),
            Step::Frames(20),
            shot("debrief"),
            Step::Go(Screen::Settings),
            Step::Frames(20),
            shot("settings"),
            Step::ScrollToEnd,
            Step::Frames(10),
            shot("settings-lrs"),
            Step::Go(Screen::Progress),
            Step::Frames(30),
            shot("progress"),
            Step::Go(Screen::Team),
            Step::Frames(30),
            shot("team"),
            Step::SignIn(seed::COUNTED),
            Step::Go(Screen::Progress),
            Step::Frames(30),
            shot("progress-counts"),
        ]);
    }
    #[cfg(feature = "dev")]
    steps.extend([Step::ProbeRtl, Step::Frames(10), Step::CheckRtl]);
    steps.push_back(Step::Exit);
    app.insert_resource(Tour {
        dir,
        scenario,
        steps,
        frames: 0,
        requested: 0,
        saved: Arc::new(AtomicUsize::new(0)),
        failures: Vec::new(),
    });
    app.add_systems(Update, drive);
}

/// A seed that draws a customer of `gender` for `s` (the first seed if the names have none).
fn seed_for(s: &Scenario, gender: Gender) -> u64 {
    (0..1000)
        .find(|&seed| CustomerDraw::draw(s, seed).gender(s) == Some(gender))
        .unwrap_or(0)
}

#[allow(clippy::too_many_arguments)]
fn drive(
    mut commands: Commands,
    mut tour: ResMut<Tour>,
    mut prefs: ResMut<Prefs>,
    catalog: Res<Catalog>,
    #[cfg(feature = "dev")] theme: Res<Theme>,
    mut session: Option<ResMut<Session>>,
    store: Res<ProgressStore>,
    mut next: ResMut<NextState<Screen>>,
    mut fired: MessageWriter<ActionFired>,
    mut exit: MessageWriter<AppExit>,
    mut scrolls: Query<&mut ScrollPosition>,
    #[cfg(feature = "dev")] probes: probe::Probes,
) {
    if tour.frames > 0 {
        tour.frames -= 1;
        return;
    }
    let Some(step) = tour.steps.pop_front() else {
        return;
    };
    let scenario = || {
        catalog
            .find(&tour.scenario)
            .cloned()
            .expect("the tour scenario is in the library")
    };
    match step {
        Step::Seed => {
            seed::team(&store, &catalog);
            seed::counted(&store);
        }
        Step::Setup(lang) => {
            prefs.lang = lang;
            if store.file().is_none() {
                prefs.trainee = Some(seed::trainee_for(lang).to_owned());
            } else if prefs.trainee.is_none() {
                prefs.trainee = store.trainees().first().map(|t| t.name.clone());
            }
        }
        // A real data folder keeps whoever is signed in.
        Step::SignIn(name) => {
            if store.file().is_none() {
                prefs.trainee = Some(name.to_owned());
            }
        }
        Step::Go(screen) => next.set(screen),
        Step::StartPlay(gender) => {
            let s = scenario();
            let seed = seed_for(&s, gender);
            commands.insert_resource(Session::start(s, Arc::clone(&catalog.rulebook), seed, None));
            next.set(Screen::Play);
        }
        Step::AwaitAnswer => {
            let ready = session.as_mut().is_some_and(|s| {
                let answering = matches!(s.run.phase(), Phase::Answering { .. });
                // A decision made by the tour itself, so the conversation has begun.
                if answering && s.run.state().decisions.is_empty() {
                    if let Some(first) = s.run.choices().first() {
                        fired.write(ActionFired(Action::Choose(first.id.clone())));
                    }
                    return false;
                }
                answering && !s.run.choices().is_empty()
            });
            if !ready {
                tour.steps.push_front(Step::AwaitAnswer);
            }
        }
        Step::Fire(action) => {
            fired.write(ActionFired(action));
        }
        Step::ScrollToEnd => {
            for mut position in &mut scrolls {
                position.y = 100_000.0;
            }
        }
        Step::Frames(n) => tour.frames = n,
        Step::Shot(name) => {
            let path = tour.dir.join(format!("{name}.png"));
            let saved = Arc::clone(&tour.saved);
            tour.requested += 1;
            commands
                .spawn(Screenshot::primary_window())
                .observe(save_to_disk(path))
                .observe(move |_: On<ScreenshotCaptured>| {
                    saved.fetch_add(1, Ordering::SeqCst);
                });
        }
        Step::FinishRun => {
            // The worst route: the debrief has the most to say.
            let s = scenario();
            let route = analyze(&s, &catalog.rulebook)
                .ok()
                .and_then(|a| a.worst)
                .expect("the tour scenario has a worst route");
            let (run, _) = play_steps(
                Arc::clone(&s),
                Arc::clone(&catalog.rulebook),
                route.seed,
                &route.steps,
            )
            .expect("the worst route plays");
            let result = run.result().expect("the worst route ends");
            let debrief = Debrief::new(&s, &catalog.rulebook, &result);
            commands.insert_resource(LastRun {
                scenario: s,
                rulebook: Arc::clone(&catalog.rulebook),
                debrief,
                agent: None,
            });
        }
        #[cfg(feature = "dev")]
        Step::ProbeRtl => probe::spawn(&mut commands, &theme),
        #[cfg(feature = "dev")]
        Step::CheckRtl => {
            let failures = probe::check(&probes);
            tour.failures.extend(failures);
        }
        Step::Exit => {
            if tour.saved.load(Ordering::SeqCst) < tour.requested {
                tour.steps.push_front(Step::Exit);
                return;
            }
            for f in &tour.failures {
                error!("{f}");
            }
            info!(
                "wrote {} screenshots to {}",
                tour.requested,
                tour.dir.display()
            );
            exit.write(if tour.failures.is_empty() {
                AppExit::Success
            } else {
                AppExit::error()
            });
        }
    }
}

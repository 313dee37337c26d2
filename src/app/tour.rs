//! `rapport screenshots DIR`: drives the real app through every screen in English and Arabic,
//! writes one PNG per screen and language, and exits (non-zero if anything failed). With the
//! `dev` feature it also checks right-to-left glyph order on a laid-out Arabic line.

use super::catalog::Catalog;
use super::nav::{Action, ActionFired};
use super::screens::play::{LastRun, Session};
use super::store::ProgressStore;
#[cfg(feature = "dev")]
use super::theme::Theme;
use super::{AppOptions, Prefs, Screen};
use crate::engine::{Debrief, play_steps};
use crate::locale::Lang;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
#[cfg(feature = "dev")]
use bevy::text::{ComputedTextBlock, FontSize, FontSource, TextLayoutInfo};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

const SCENARIO: &str = "interrupted-caller";

#[derive(Debug, Clone)]
enum Step {
    /// Fill the (in-memory) progress store with a team's history.
    SeedTeam,
    Setup(Lang),
    Go(Screen),
    StartPlay,
    Choose(&'static str),
    Fire(Action),
    /// Wait until the run's clock reaches this many milliseconds.
    Clock(u64),
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
    steps: VecDeque<Step>,
    frames: u32,
    requested: usize,
    saved: Arc<AtomicUsize>,
    failures: Vec<String>,
}

#[cfg(feature = "dev")]
#[derive(Component)]
struct RtlProbe;

pub(super) fn plugin(app: &mut App) {
    let Some(dir) = app.world().resource::<AppOptions>().screenshots.clone() else {
        return;
    };
    let mut steps = VecDeque::from([Step::SeedTeam]);
    for lang in [Lang::En, Lang::Ar] {
        steps.extend([
            Step::Setup(lang),
            Step::Go(Screen::Who),
            Step::Frames(20),
            Step::Shot(format!("who-{lang}")),
            Step::Go(Screen::Library),
            Step::Frames(20),
            Step::Shot(format!("library-{lang}")),
            Step::Fire(Action::GroupBy(true)),
            Step::Frames(20),
            Step::Shot(format!("library-by-rule-{lang}")),
            Step::Fire(Action::GroupBy(false)),
            Step::StartPlay,
            Step::Frames(5),
            Step::Choose("pick-up"),
            Step::Clock(7_000),
            Step::Frames(3),
            Step::Shot(format!("play-{lang}")),
            Step::FinishRun,
            Step::Go(Screen::Debrief),
            Step::Frames(20),
            Step::Shot(format!("debrief-{lang}")),
            Step::Go(Screen::Settings),
            Step::Frames(20),
            Step::Shot(format!("settings-{lang}")),
            Step::Go(Screen::Progress),
            Step::Frames(30),
            Step::Shot(format!("progress-{lang}")),
            Step::Go(Screen::Team),
            Step::Frames(30),
            Step::Shot(format!("team-{lang}")),
        ]);
    }
    #[cfg(feature = "dev")]
    steps.extend([Step::ProbeRtl, Step::Frames(10), Step::CheckRtl]);
    steps.push_back(Step::Exit);
    app.insert_resource(Tour {
        dir,
        steps,
        frames: 0,
        requested: 0,
        saved: Arc::new(AtomicUsize::new(0)),
        failures: Vec::new(),
    });
    app.add_systems(Update, drive);
}

#[allow(clippy::too_many_arguments)]
fn drive(
    mut commands: Commands,
    mut tour: ResMut<Tour>,
    mut prefs: ResMut<Prefs>,
    catalog: Res<Catalog>,
    #[cfg(feature = "dev")] theme: Res<Theme>,
    session: Option<Res<Session>>,
    store: Res<ProgressStore>,
    mut next: ResMut<NextState<Screen>>,
    mut fired: MessageWriter<ActionFired>,
    mut exit: MessageWriter<AppExit>,
    #[cfg(feature = "dev")] probes: Query<(&TextLayoutInfo, &ComputedTextBlock), With<RtlProbe>>,
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
            .find(SCENARIO)
            .cloned()
            .expect("the tour scenario ships")
    };
    match step {
        Step::Setup(lang) => {
            prefs.lang = lang;
            let (en, ar) = TEAM[0];
            prefs.trainee = Some(if lang == Lang::Ar { ar } else { en }.to_owned());
        }
        Step::SeedTeam => seed_team(&store, &catalog),
        Step::Go(screen) => next.set(screen),
        Step::StartPlay => {
            commands.insert_resource(Session::start(
                scenario(),
                Arc::clone(&catalog.rulebook),
                3,
                None,
            ));
            next.set(Screen::Play);
        }
        Step::Choose(id) => {
            fired.write(ActionFired(Action::Choose(id.into())));
        }
        Step::Fire(action) => {
            fired.write(ActionFired(action));
        }
        Step::Clock(ms) => {
            if session.is_some_and(|s| s.run.state().clock_us / 1000 < ms) {
                tour.steps.push_front(Step::Clock(ms));
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
            let s = scenario();
            let route = ["pick-up", "!account-number", "promise-refund"];
            let (run, _) = play_steps(Arc::clone(&s), Arc::clone(&catalog.rulebook), 3, &route)
                .expect("the tour route plays");
            let result = run.result().expect("the tour route ends");
            let debrief = Debrief::new(&s, &catalog.rulebook, &result);
            commands.insert_resource(LastRun {
                scenario: s,
                rulebook: Arc::clone(&catalog.rulebook),
                debrief,
                agent: None,
            });
        }
        #[cfg(feature = "dev")]
        Step::ProbeRtl => {
            // The first word of an Arabic sentence, as its own span, must be laid out at the right.
            commands
                .spawn((
                    RtlProbe,
                    Text::default(),
                    TextFont {
                        font: FontSource::Handle(theme.font.clone()),
                        font_size: FontSize::Px(24.0),
                        ..default()
                    },
                    Node {
                        position_type: PositionType::Absolute,
                        top: px(0),
                        left: px(0),
                        ..default()
                    },
                ))
                .with_children(|p| {
                    p.spawn((
                        TextSpan::new("مرحباً"),
                        TextFont {
                            font: FontSource::Handle(theme.font.clone()),
                            font_size: FontSize::Px(24.0),
                            ..default()
                        },
                    ));
                    p.spawn((
                        TextSpan::new("، كيف يمكنني مساعدتك اليوم؟ طلب رقم 5678"),
                        TextFont {
                            font: FontSource::Handle(theme.font.clone()),
                            font_size: FontSize::Px(24.0),
                            ..default()
                        },
                    ));
                });
        }
        #[cfg(feature = "dev")]
        Step::CheckRtl => {
            let mut checked = false;
            for (layout, block) in &probes {
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
                    tour.failures.push(format!("Arabic line laid out left to right: first word starts at x={first_min}, the rest reaches x={rest_max}"));
                } else if checked {
                    info!(
                        "right-to-left check passed: first word from x={first_min}, the rest up to x={rest_max}"
                    );
                }
            }
            if !checked {
                tour.failures
                    .push("the right-to-left probe was not laid out".into());
            }
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

/// The tour's team: (English name, Arabic name); the first two are the trainees on show.
const TEAM: [(&str, &str); 6] = [
    ("Aisha", "عائشة"),
    ("Yusuf", "يوسف"),
    ("Reza Karimi", "رضا كريمي"),
    ("Mina", "مينا"),
    ("Omar", "عمر"),
    ("Sara Lind", "سارة"),
];

/// Twelve weeks of sessions for every member of the team (under both of their names), each a
/// real run of a shipped scenario's test plan, so every screen showing progress has a history.
fn seed_team(store: &ProgressStore, catalog: &Catalog) {
    let runs: Vec<_> = catalog
        .entries
        .iter()
        .filter_map(|e| e.scenario.as_ref())
        .flat_map(|s| {
            s.tests.iter().filter_map(|plan| {
                let (run, _) = play_steps(
                    Arc::clone(s),
                    Arc::clone(&catalog.rulebook),
                    plan.seed,
                    &plan.steps,
                )
                .ok()?;
                run.result()
            })
        })
        .collect();
    if runs.is_empty() {
        return;
    }
    let now = crate::progress::now_ms();
    let day = crate::progress::DAY_MS;
    store.with(|store| {
        let mut records = Vec::new();
        for (i, names) in TEAM.iter().enumerate() {
            for name in [names.0, names.1] {
                let t = store.ensure_trainee(name)?;
                for n in 0..(18 + i * 3) {
                    // Later sessions lean toward the better runs: the team improves.
                    let pick = (n * 7 + i * 5 + n * n) % runs.len();
                    let better = runs
                        .iter()
                        .skip(pick)
                        .chain(runs.iter())
                        .take(4)
                        .max_by(|a, b| a.score.total_cmp(&b.score))
                        .unwrap_or(&runs[pick]);
                    let run = if n % 3 == 0 || n > 12 {
                        better
                    } else {
                        &runs[pick]
                    };
                    let ended = now - (84 - (n as i64 * 84 / (18 + i as i64 * 3))) * day
                        + (i as i64) * 3_600_000;
                    records.push((
                        t.id,
                        crate::progress::SessionRecord::finished(
                            format!("tour-{name}-{n}"),
                            run,
                            ended - run.duration_ms as i64,
                            ended,
                        ),
                    ));
                }
            }
        }
        store.record_many(&records)
    });
}

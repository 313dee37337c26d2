//! The app's screens without a window: a headless `App` on `MinimalPlugins`, driven by simulated
//! key presses, must reach the same ending and score as `rapport play --choices` with the same
//! seed, because neither scores anything itself.
#![cfg(feature = "app")]

use bevy::input::InputPlugin;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::time::TimeUpdateStrategy;
use bevy::window::RequestRedraw;
use rapport::app::{
    Action, ActionFired, AppOptions, Catalog, LastRun, Prefs, ProgressStore, ProgressView,
    RapportPlugin, Screen, Session, TeamView,
};
use rapport::engine::events::Phase;
use rapport::engine::play_steps;
use rapport::locale::Lang;
use rapport::progress::Recorder;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// A headless app on the shipped scenarios.
fn app() -> App {
    app_with(AppOptions::in_memory())
}

/// A headless app on the shipped scenarios and an own folder.
fn app_on(scenarios: PathBuf) -> App {
    app_with(AppOptions {
        scenarios: Some(scenarios),
        ..AppOptions::in_memory()
    })
}

/// A headless app with time moving 50 ms per update.
fn app_with(options: AppOptions) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, InputPlugin));
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
        50,
    )));
    app.add_message::<RequestRedraw>();
    app.insert_resource(rapport::app::theme_for_tests());
    app.add_plugins(RapportPlugin { options });
    app.update();
    app
}

fn press(app: &mut App, key: KeyCode) {
    let logical_key = match key {
        KeyCode::Enter => Key::Enter,
        KeyCode::Escape => Key::Escape,
        other => Key::Character(format!("{}", digit(other)).into()),
    };
    let window = Entity::PLACEHOLDER;
    app.world_mut().write_message(KeyboardInput {
        key_code: key,
        logical_key: logical_key.clone(),
        state: bevy::input::ButtonState::Pressed,
        text: None,
        repeat: false,
        window,
    });
    app.update();
    app.world_mut().write_message(KeyboardInput {
        key_code: key,
        logical_key,
        state: bevy::input::ButtonState::Released,
        text: None,
        repeat: false,
        window,
    });
    app.update();
}

fn digit(key: KeyCode) -> usize {
    [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
    ]
    .iter()
    .position(|k| *k == key)
    .map_or(0, |i| i + 1)
}

fn key_for(index: usize) -> KeyCode {
    [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
    ][index]
}

/// Signs `name` in, as the Who screen does: a trainee of the store, and the one at the keyboard.
fn sign_in(app: &mut App, name: &str) {
    app.world()
        .resource::<ProgressStore>()
        .with(|s| s.ensure_trainee(name))
        .unwrap();
    app.world_mut().resource_mut::<Prefs>().trainee = Some(name.to_owned());
}

fn phase(app: &App) -> Phase {
    app.world().resource::<Session>().run.phase()
}

/// The analysis' best or worst route through a shipped scenario: (seed, steps).
fn route(scenario: &str, best: bool) -> (u64, Vec<String>) {
    let lib = rapport::library::load(None, None);
    let a = rapport::engine::analyze(lib.find(scenario).unwrap(), &lib.rulebook).unwrap();
    let r = if best { a.best } else { a.worst }.unwrap();
    (r.seed, r.steps)
}

/// Plays `steps` on the Play screen by pressing number keys: `id` once the customer has
/// finished, `!id` while they are still speaking, `...` by letting the timer run out.
fn play_by_keys(app: &mut App, scenario: &str, seed: u64, steps: &[impl AsRef<str>]) {
    let (s, book) = {
        let catalog = app.world().resource::<Catalog>();
        (
            Arc::clone(catalog.find(scenario).unwrap()),
            Arc::clone(&catalog.rulebook),
        )
    };
    // Recorded for the current trainee, as a run started from the library is.
    let recorder = {
        let world = app.world();
        world
            .resource::<ProgressStore>()
            .trainee(world.resource::<Prefs>())
            .map(|t| Recorder::new(t.id))
    };
    app.world_mut()
        .insert_resource(Session::start(s, book, seed, None).recorded_by(recorder));
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Play);
    app.update();
    let decisions = |app: &App| {
        app.world()
            .resource::<Session>()
            .run
            .state()
            .decisions
            .len()
    };
    for step in steps {
        let step = step.as_ref();
        if step == rapport::engine::script::SILENCE_STEP {
            let before = decisions(app);
            for _ in 0..5000 {
                if decisions(app) > before {
                    break;
                }
                app.update();
            }
            assert!(decisions(app) > before, "the silence never ran out");
            continue;
        }
        let (id, cut_in) = match step.strip_prefix('!') {
            Some(id) => (id, true),
            None => (step, false),
        };
        for _ in 0..2000 {
            let offered = app
                .world()
                .resource::<Session>()
                .run
                .choices()
                .iter()
                .any(|c| c.id == id);
            let ready = match phase(app) {
                Phase::Speaking { .. } => cut_in,
                Phase::Answering { .. } => !cut_in,
                _ => false,
            };
            if ready && offered {
                break;
            }
            app.update();
        }
        let index = app
            .world()
            .resource::<Session>()
            .run
            .choices()
            .iter()
            .position(|c| c.id == id)
            .unwrap_or_else(|| panic!("`{id}` is not on offer"));
        press(app, key_for(index));
    }
}

/// The best and worst routes of two scenarios (the worst cut in and stay silent), played by
/// keys, end where the engine says and are stored as played.
#[test]
fn playing_by_keys_scores_like_the_cli() {
    for (scenario, best) in [
        ("interrupted-caller", true),
        ("interrupted-caller", false),
        ("second-chat-waiting", true),
        ("second-chat-waiting", false),
    ] {
        let (seed, steps) = route(scenario, best);
        let mut app = app();
        sign_in(&mut app, "Test");
        play_by_keys(&mut app, scenario, seed, &steps);
        for _ in 0..200 {
            if app.world().resource::<Session>().run.is_finished() {
                break;
            }
            app.update();
        }
        let session = app.world().resource::<Session>();
        let played = session.run.result().expect("the run ended");
        let catalog = app.world().resource::<Catalog>();
        let (cli, _) = play_steps(
            Arc::clone(catalog.find(scenario).unwrap()),
            Arc::clone(&catalog.rulebook),
            seed,
            &steps,
        )
        .unwrap();
        let expected = cli.result().unwrap();
        assert_eq!(played.ending, expected.ending, "{scenario} {steps:?}");
        assert!(
            (played.score - expected.score).abs() < 1e-9,
            "{scenario}: app {} vs cli {}",
            played.score,
            expected.score
        );
        assert_eq!(
            played
                .decisions
                .iter()
                .map(|d| (d.choice.clone(), d.interrupted))
                .collect::<Vec<_>>(),
            expected
                .decisions
                .iter()
                .map(|d| (d.choice.clone(), d.interrupted))
                .collect::<Vec<_>>()
        );
        // Enter on the focused "See the debrief" button opens the debrief with the same result.
        press(&mut app, KeyCode::Enter);
        app.update();
        assert_eq!(
            *app.world().resource::<State<Screen>>().get(),
            Screen::Debrief
        );
        // The run was recorded in the progress store, as played.
        let progress = app.world().resource::<ProgressStore>();
        let prefs = app.world().resource::<Prefs>();
        let trainee = progress.trainee(prefs).unwrap();
        let sessions = progress.with(|s| s.sessions(trainee.id, 100)).unwrap();
        let stored = sessions
            .iter()
            .find(|s| s.scenario_id == scenario)
            .expect("the session was recorded");
        assert_eq!(stored.score, expected.score);
        assert_eq!(stored.ending.as_deref(), Some(expected.ending.as_str()));
        let decisions = progress.with(|s| s.decisions(stored.id)).unwrap();
        assert_eq!(decisions, played.decisions);
    }
}

/// Plays a run to its end by keys, as trainee "Test", and returns its overall score.
fn finish_a_run(app: &mut App, scenario: &str, seed: u64, steps: &[impl AsRef<str>]) -> f64 {
    sign_in(app, "Test");
    play_by_keys(app, scenario, seed, steps);
    for _ in 0..200 {
        if app.world().resource::<Session>().run.is_finished() {
            break;
        }
        app.update();
    }
    app.world()
        .resource::<Session>()
        .run
        .result()
        .unwrap()
        .score
}

fn go(app: &mut App, screen: Screen) {
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(screen);
    app.update();
    app.update();
}

#[test]
fn my_progress_shows_a_finished_run_and_opens_its_debrief() {
    let mut app = app();
    let (seed, steps) = route("broken-lace", false);
    let score = finish_a_run(&mut app, "broken-lace", seed, &steps);
    go(&mut app, Screen::Progress);
    let view = app.world().resource::<ProgressView>();
    let p = view.0.as_ref().expect("the trainee has a history");
    assert_eq!(p.sessions_total, 1);
    assert_eq!(p.recent[0].scenario_id, "broken-lace");
    assert_eq!(p.recent[0].score, score);
    assert!(p.history.iter().any(|h| h.rule == "customer-first"));
    let id = p.recent[0].id;
    app.world_mut()
        .write_message(ActionFired(Action::ShowSession(id)));
    app.update();
    app.update();
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Debrief
    );
    let last = app.world().resource::<LastRun>();
    assert_eq!(last.debrief.result.score, score, "replayed from the store");
}

#[test]
fn the_team_view_has_a_row_per_trainee_with_their_rule_scores() {
    let mut app = app();
    let (seed, steps) = route("broken-lace", true);
    finish_a_run(&mut app, "broken-lace", seed, &steps);
    go(&mut app, Screen::Team);
    let view = app.world().resource::<TeamView>();
    let report = view.report.as_ref().expect("the report was read");
    assert_eq!(report.rows.len(), 1);
    let row = &report.rows[0];
    assert_eq!(row.trainee.name, "Test");
    assert_eq!(row.cells["customer-first"].value, 1.0);
    assert_eq!(row.cells["customer-first"].sessions, 1);
    // Back goes to the library.
    app.world_mut().write_message(ActionFired(Action::Back));
    app.update();
    app.update();
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Library
    );
}

#[test]
fn escape_pauses_and_time_stops() {
    let mut app = app();
    play_by_keys(&mut app, "interrupted-caller", 1, &[] as &[&str]);
    for _ in 0..5 {
        app.update();
    }
    press(&mut app, KeyCode::Escape);
    let before = app.world().resource::<Session>().run.state().clock_us;
    assert!(app.world().resource::<Session>().paused);
    for _ in 0..20 {
        app.update();
    }
    assert_eq!(
        app.world().resource::<Session>().run.state().clock_us,
        before
    );
    press(&mut app, KeyCode::Escape);
    app.update();
    assert!(app.world().resource::<Session>().run.state().clock_us > before);
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let window = Entity::PLACEHOLDER;
        app.world_mut().write_message(KeyboardInput {
            key_code: KeyCode::KeyA,
            logical_key: Key::Character(c.to_string().into()),
            state: bevy::input::ButtonState::Pressed,
            text: None,
            repeat: false,
            window,
        });
        app.update();
    }
}

#[test]
fn a_new_trainee_is_typed_in_any_script_and_picked() {
    let mut app = app();
    app.world_mut()
        .write_message(rapport::app::ActionFired(rapport::app::Action::NewTrainee));
    app.update();
    type_text(&mut app, "مریم");
    press(&mut app, KeyCode::Enter);
    let prefs = app.world().resource::<Prefs>();
    assert_eq!(prefs.trainee(), Some("مریم"));
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Who,
        "Enter on the name field must not also press a button"
    );
}

#[test]
fn settings_change_volumes_and_language() {
    let mut app = app();
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Settings);
    app.update();
    let before = app.world().resource::<Prefs>().music_volume;
    for action in [
        rapport::app::Action::Volume(rapport::app::SoundChannel::Music, 1),
        rapport::app::Action::SetLang(Lang::Fa),
        rapport::app::Action::ToggleReducedMotion,
    ] {
        app.world_mut()
            .write_message(rapport::app::ActionFired(action));
        app.update();
    }
    let prefs = app.world().resource::<Prefs>();
    assert!((prefs.music_volume - (before + 0.1)).abs() < 1e-6);
    assert_eq!(prefs.lang, Lang::Fa);
    assert!(prefs.reduced_motion);
}

#[test]
fn a_broken_edit_keeps_the_last_good_version_playable() {
    let (dir, path, good) = broken_lace_copy();
    let first = Catalog::load(Some(dir.path()), None, None);
    assert!(first.find("broken-lace").is_some());
    std::fs::write(&path, good.replacen("goto: \"", "goto: \"nowhere-", 1)).unwrap();
    let second = Catalog::load(Some(dir.path()), None, Some(&first));
    let entry = second.entries.iter().find(|e| !e.shipped).unwrap();
    assert!(
        entry.stale,
        "the broken file falls back to its last good version"
    );
    assert!(
        entry
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.message.contains("nowhere-"))
    );
    assert!(second.find("broken-lace").is_some());
    // Without a previous version there is nothing to fall back on.
    assert!(
        Catalog::load(Some(dir.path()), None, None)
            .find("broken-lace")
            .is_none()
    );
}

#[test]
fn editing_a_scenario_file_reloads_it_while_the_app_runs() {
    let (dir, path, good) = broken_lace_copy();
    let mut app = app_on(dir.path().to_path_buf());
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(&path, good.replacen("goto: \"", "goto: \"nowhere-", 1)).unwrap();
    let mut reloaded = false;
    for _ in 0..100 {
        app.update();
        let catalog = app.world().resource::<Catalog>();
        let own = catalog.entries.iter().find(|e| !e.shipped).unwrap();
        if own.stale {
            reloaded = true;
            assert!(
                own.diagnostics
                    .iter()
                    .any(|d| d.message.contains("nowhere"))
            );
            assert!(
                catalog.find("broken-lace").is_some(),
                "the last good version stays playable"
            );
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(reloaded, "the edit was not picked up within 5 s");
}

/// A folder holding a copy of the shipped `broken-lace` scenario: (folder, file, its text).
fn broken_lace_copy() -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/broken-lace.ron"
    ))
    .unwrap();
    let path = dir.path().join("broken-lace.ron");
    std::fs::write(&path, &good).unwrap();
    (dir, path, good)
}

/// Presses `key` whenever an answer is due until the run ends; returns the run's decisions.
fn always_press(
    app: &mut App,
    scenario: &str,
    seed: u64,
    key: KeyCode,
) -> Vec<(String, Vec<String>)> {
    play_by_keys(app, scenario, seed, &[] as &[&str]);
    for _ in 0..4000 {
        if app.world().resource::<Session>().run.is_finished() {
            break;
        }
        if matches!(phase(app), Phase::Answering { .. })
            && !app.world().resource::<Session>().run.choices().is_empty()
        {
            press(app, key);
        } else {
            app.update();
        }
    }
    let session = app.world().resource::<Session>();
    assert!(session.run.is_finished(), "the run ends");
    session
        .run
        .state()
        .decisions
        .iter()
        .map(|d| (d.choice.clone().unwrap_or_default(), d.shown.clone()))
        .collect()
}

/// Keys 1–9 follow the order shown, which the seed draws: the same seed and keys give the same
/// run; what is recorded is the choice shown under the key.
#[test]
fn keys_follow_the_shuffled_order_and_the_same_seed_repeats_the_run() {
    let scenario = "interrupted-caller";
    let first = always_press(&mut app(), scenario, 21, KeyCode::Digit1);
    let again = always_press(&mut app(), scenario, 21, KeyCode::Digit1);
    assert_eq!(first, again, "same seed, same keys, same run");
    for (chosen, shown) in &first {
        assert_eq!(chosen, &shown[0], "key 1 picks what is shown first");
    }
    // Over seeds, key 1 lands on different choices at some decision: order is not authored.
    let picks: std::collections::BTreeSet<Vec<String>> = (0..12)
        .map(|seed| {
            always_press(&mut app(), scenario, seed, KeyCode::Digit1)
                .into_iter()
                .map(|d| d.0)
                .collect()
        })
        .collect();
    assert!(picks.len() > 1, "{picks:?}");
}

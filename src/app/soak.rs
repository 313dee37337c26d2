//! The app soak (`dev` feature, `RAPPORT_SOAK_ROUNDS=N`; run by `scripts/soak-app.sh` under
//! Xvfb): every scenario in the library played to its debrief by keys (a digit for each answer,
//! Enter for the debrief, Esc back to the library), round after round with a different answer
//! each time, and between rounds a scenario in the own folder broken and fixed again while the
//! app watches. Virtual time runs at 200 ms a frame, so customers speak quickly. After each round
//! it logs the memory (resident in all, and its anonymous and file-backed parts); at the end it
//! exits non-zero if the memory the app allocated (anonymous, after handing freed heap back) grew
//! by more than 10% since the first round, a reload was not seen, or a scenario never reached its
//! debrief. File-backed pages are the binary and the libraries (Mesa's LLVM above all), paged in
//! as new code first runs and dropped by the kernel at will: they grow while new routes are
//! played and say nothing about leaks.

use super::catalog::{Catalog, OwnScenarios};
use super::nav::{Action, ActionFired};
use super::screens::play::Session;
use super::store::ProgressStore;
use super::{Prefs, Screen};
use crate::engine::events::Phase;
use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use bevy::window::PrimaryWindow;
use std::collections::VecDeque;
use std::time::Duration;

/// The own scenario the soak breaks and fixes between rounds.
const RELOADED: &str = "soak-reloaded";
/// Frames a scenario may take to reach its debrief before the soak calls it stuck.
const STUCK_AFTER: u32 = 20_000;
/// Frames to wait for the file watcher to report an edit.
const RELOAD_WAIT: u32 = 600;

#[derive(Debug, Clone, PartialEq)]
enum Phase2 {
    /// Open the next scenario of the round.
    Next,
    /// Answering by digits until the run ends, then Enter for the debrief.
    Playing { frames: u32 },
    /// On the debrief: Esc back to the library.
    Debrief,
    /// Esc pressed: waiting for the library.
    Leaving { frames: u32 },
    /// Between rounds: the own file written broken, waiting for the library to say so.
    Broken { frames: u32 },
    /// Written whole again, waiting for it to be playable.
    Fixed { frames: u32 },
}

#[derive(Resource)]
struct Soak {
    rounds: u32,
    round: u32,
    queue: VecDeque<String>,
    phase: Phase2,
    played: u32,
    /// A round is under way (its scenarios queued or being played).
    in_round: bool,
    /// A key pressed last frame, to release now.
    held: Option<(KeyCode, Key)>,
    after_first: Option<Memory>,
    failures: Vec<String>,
    good_source: String,
}

pub(super) fn plugin(app: &mut App) {
    let Some(rounds) = std::env::var("RAPPORT_SOAK_ROUNDS")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
    else {
        return;
    };
    // The shipped broken-lace under another id: the file the soak edits in the own folder.
    let good_source = crate::library::SCENARIOS
        .iter()
        .find(|(name, _)| *name == "broken-lace.ron")
        .map(|(_, src)| src.replacen("id: \"broken-lace\"", &format!("id: \"{RELOADED}\""), 1))
        .expect("broken-lace ships");
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
        200,
    )));
    app.insert_resource(super::Driven);
    // Continuous even unfocused: under Xvfb no window manager ever gives the window focus.
    app.insert_resource(bevy::winit::WinitSettings {
        focused_mode: bevy::winit::UpdateMode::Continuous,
        unfocused_mode: bevy::winit::UpdateMode::Continuous,
    });
    app.insert_resource(Soak {
        rounds,
        round: 0,
        queue: VecDeque::new(),
        phase: Phase2::Next,
        played: 0,
        in_round: false,
        held: None,
        after_first: None,
        failures: Vec::new(),
        good_source,
    });
    app.add_systems(Startup, begin);
    app.add_systems(Update, drive.after(super::nav::NavSystems));
}

fn begin(
    mut soak: ResMut<Soak>,
    own: Res<OwnScenarios>,
    mut prefs: ResMut<Prefs>,
    store: Res<ProgressStore>,
    mut next: ResMut<NextState<Screen>>,
) {
    match own.path() {
        Some(dir) => {
            if let Err(e) = std::fs::write(dir.join(format!("{RELOADED}.ron")), &soak.good_source) {
                soak.failures
                    .push(format!("cannot write the own scenario: {e}"));
            }
        }
        None => soak.failures.push("no own scenarios folder to edit".into()),
    }
    store.with(|s| s.ensure_trainee("Soak"));
    prefs.trainee = Some("Soak".into());
    next.set(Screen::Library);
}

/// Resident memory of this process, in bytes (Linux; zeros elsewhere).
#[derive(Debug, Clone, Copy, Default)]
struct Memory {
    /// All resident pages.
    rss: u64,
    /// What the process allocated: heap, stacks, GPU buffers of the software renderer.
    anon: u64,
    /// The binary and libraries, paged in from their files.
    file: u64,
}

impl Memory {
    fn now() -> Memory {
        // Freed heap that glibc keeps for later is not in use: hand it back before measuring.
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        // SAFETY: malloc_trim only releases free memory held by the allocator.
        unsafe {
            libc::malloc_trim(0);
        }
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let bytes = |field: &str| {
            status
                .lines()
                .find_map(|l| {
                    l.strip_prefix(field)?
                        .trim()
                        .strip_suffix("kB")?
                        .trim()
                        .parse::<u64>()
                        .ok()
                })
                .map_or(0, |kb| kb * 1024)
        };
        Memory {
            rss: bytes("VmRSS:"),
            anon: bytes("RssAnon:"),
            file: bytes("RssFile:"),
        }
    }
}

impl std::fmt::Display for Memory {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let mb = |b: u64| b as f64 / 1e6;
        write!(
            f,
            "RSS {:.1} MB (anonymous {:.1}, file-backed {:.1})",
            mb(self.rss),
            mb(self.anon),
            mb(self.file)
        )
    }
}

#[allow(clippy::too_many_arguments)]
fn drive(
    mut soak: ResMut<Soak>,
    catalog: Res<Catalog>,
    own: Res<OwnScenarios>,
    session: Option<Res<Session>>,
    screen: Res<State<Screen>>,
    window: Query<Entity, With<PrimaryWindow>>,
    mut keys: MessageWriter<KeyboardInput>,
    mut fired: MessageWriter<ActionFired>,
    mut exit: MessageWriter<AppExit>,
) {
    let window = window.single().unwrap_or(Entity::PLACEHOLDER);
    let key = |code: KeyCode, logical: Key, state: ButtonState| KeyboardInput {
        key_code: code,
        logical_key: logical,
        state,
        text: None,
        repeat: false,
        window,
    };
    if let Some((code, logical)) = soak.held.take() {
        keys.write(key(code, logical, ButtonState::Released));
        return;
    }
    let mut press = |soak: &mut Soak, code: KeyCode, logical: Key| {
        keys.write(key(code, logical.clone(), ButtonState::Pressed));
        soak.held = Some((code, logical));
    };
    if std::env::var_os("RAPPORT_SOAK_TRACE").is_some() {
        let phase = format!("{:?}", soak.phase);
        if !phase.starts_with("Playing") || phase.ends_with("0 }") {
            debug!("soak: {phase} on {:?}", screen.get());
        }
    }
    let own_file = own.path().map(|d| d.join(format!("{RELOADED}.ron")));
    let reloaded_entry = || {
        catalog
            .entries
            .iter()
            .find(|e| e.path.ends_with(&format!("{RELOADED}.ron")))
    };
    match soak.phase.clone() {
        Phase2::Next => {
            if *screen.get() != Screen::Library {
                return;
            }
            if soak.queue.is_empty() && soak.in_round {
                // The round is over.
                soak.in_round = false;
                soak.round += 1;
                let memory = Memory::now();
                info!(
                    "soak: round {} of {} done, {} scenarios played, {memory}",
                    soak.round, soak.rounds, soak.played
                );
                if soak.round == 1 {
                    soak.after_first = Some(memory);
                }
                if soak.round >= soak.rounds {
                    finish(&mut soak, &mut exit);
                    return;
                }
                if let Some(file) = &own_file {
                    let broken = soak.good_source.replacen("goto:", "goto: goto:", 1);
                    let _ = std::fs::write(file, broken);
                }
                soak.phase = Phase2::Broken { frames: 0 };
                return;
            }
            if soak.queue.is_empty() {
                let mut ids: Vec<String> = catalog
                    .entries
                    .iter()
                    .filter_map(|e| e.scenario.as_ref().map(|s| s.id.clone()))
                    .collect();
                ids.sort();
                ids.dedup();
                soak.queue = ids.into();
                soak.played = 0;
                soak.in_round = true;
            }
            let Some(id) = soak.queue.pop_front() else {
                return;
            };
            fired.write(ActionFired(Action::Start(id)));
            soak.phase = Phase2::Playing { frames: 0 };
        }
        Phase2::Playing { frames } => {
            if frames > STUCK_AFTER {
                let id = session.as_ref().map(|s| s.run.scenario().id.clone());
                soak.failures
                    .push(format!("{id:?} never reached its debrief"));
                finish(&mut soak, &mut exit);
                return;
            }
            soak.phase = Phase2::Playing { frames: frames + 1 };
            if *screen.get() == Screen::Debrief {
                soak.played += 1;
                soak.phase = Phase2::Debrief;
                return;
            }
            let Some(session) = session else { return };
            if *screen.get() != Screen::Play {
                return;
            }
            if session.run.is_finished() {
                press(&mut soak, KeyCode::Enter, Key::Enter);
                return;
            }
            let choices = session.run.choices().len();
            if matches!(session.run.phase(), Phase::Answering { .. }) && choices > 0 {
                let made = session.run.state().decisions.len() as u32;
                let n = ((soak.round + made) as usize) % choices.min(9);
                const DIGITS: [KeyCode; 9] = [
                    KeyCode::Digit1,
                    KeyCode::Digit2,
                    KeyCode::Digit3,
                    KeyCode::Digit4,
                    KeyCode::Digit5,
                    KeyCode::Digit6,
                    KeyCode::Digit7,
                    KeyCode::Digit8,
                    KeyCode::Digit9,
                ];
                press(
                    &mut soak,
                    DIGITS[n],
                    Key::Character((n + 1).to_string().into()),
                );
            }
        }
        Phase2::Debrief => {
            press(&mut soak, KeyCode::Escape, Key::Escape);
            soak.phase = Phase2::Leaving { frames: 0 };
        }
        Phase2::Leaving { frames } => match *screen.get() {
            Screen::Library => soak.phase = Phase2::Next,
            _ if frames > 100 => {
                let on = *screen.get();
                soak.failures
                    .push(format!("Esc on the debrief led to {on:?}, not the library"));
                finish(&mut soak, &mut exit);
            }
            _ => soak.phase = Phase2::Leaving { frames: frames + 1 },
        },
        Phase2::Broken { frames } => {
            let seen = reloaded_entry().is_some_and(|e| e.stale || e.scenario.is_none());
            if seen {
                if let Some(file) = &own_file {
                    let _ = std::fs::write(file, &soak.good_source);
                }
                soak.phase = Phase2::Fixed { frames: 0 };
            } else if frames > RELOAD_WAIT {
                let round = soak.round;
                soak.failures
                    .push(format!("round {round}: the broken edit was not seen"));
                finish(&mut soak, &mut exit);
            } else {
                soak.phase = Phase2::Broken { frames: frames + 1 };
            }
        }
        Phase2::Fixed { frames } => {
            let seen = reloaded_entry().is_some_and(|e| !e.stale && e.scenario.is_some());
            if seen {
                soak.phase = Phase2::Next;
            } else if frames > RELOAD_WAIT {
                let round = soak.round;
                soak.failures
                    .push(format!("round {round}: the fix was not seen"));
                finish(&mut soak, &mut exit);
            } else {
                soak.phase = Phase2::Fixed { frames: frames + 1 };
            }
        }
    }
}

fn finish(soak: &mut Soak, exit: &mut MessageWriter<AppExit>) {
    let end = Memory::now();
    if let Some(first) = soak.after_first {
        let growth = |a: u64, b: u64| (b as f64 - a as f64) / a as f64 * 100.0;
        let anon = growth(first.anon, end.anon);
        info!(
            "soak: {} rounds, {} scenarios played in the last; after round 1 {first}, at the end {end}: allocated memory {anon:+.1}%, RSS {:+.1}%",
            soak.round,
            soak.played,
            growth(first.rss, end.rss)
        );
        if anon > 10.0 {
            soak.failures
                .push(format!("allocated memory grew by {anon:.1}% (limit 10%)"));
        }
    }
    for f in &soak.failures {
        error!("soak: {f}");
    }
    exit.write(if soak.failures.is_empty() {
        AppExit::Success
    } else {
        AppExit::error()
    });
}

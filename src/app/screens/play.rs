//! Play: the customer speaks at their pace, choices wait as buttons (and keys 1–9), timers show
//! when an answer is due, and every sound has a caption. The engine decides everything: this
//! screen feeds it time and choices and draws the events it answers with.

use super::super::audio::{Loop, SoundCue};
use super::super::nav::{Action, ActionFired, Focused};
use super::super::progress::Progress;
use super::super::theme::{self, Theme, bold, button, row, text};
use super::super::{AppOptions, Prefs, Screen};
use super::root;
use crate::engine::playthrough::{Phase, replay};
use crate::engine::scenario::{Happening, Node as StoryNode};
use crate::engine::{Debrief, PlayEvent, Playthrough, Rulebook, Scenario};
use crate::progress::Recorder;
use bevy::prelude::*;
use bevy::window::RequestRedraw;
use bevy::winit::{UpdateMode, WinitSettings};
use std::sync::Arc;
use std::time::Duration;

/// The run on the Play screen.
#[derive(Resource)]
pub struct Session {
    pub run: Playthrough,
    pub paused: bool,
    /// Events the engine produced that the screen has not drawn yet.
    pub pending: Vec<PlayEvent>,
    /// Shown once at the top of the screen (a resumed run that could not be resumed…).
    pub notice: Option<String>,
    /// Whether the screen must draw the current step from scratch (after a resume).
    redraw_step: bool,
    /// Records the run in the progress store (`None`: practice that is not kept).
    pub recorder: Option<Recorder>,
    /// Decisions already checkpointed.
    recorded_decisions: usize,
}

impl Session {
    /// The current trainee's run of `scenario`: the saved one resumed when `resume` is set and
    /// it still matches the scenario file, else a new one. A saved run that is not resumed is
    /// recorded as abandoned.
    pub fn begin(
        scenario: Arc<Scenario>,
        rulebook: Arc<Rulebook>,
        resume: bool,
        prefs: &Prefs,
        progress: &Progress,
    ) -> Self {
        let mut notice = None;
        if let Some((trainee, saved)) = progress.saved_run(prefs, &scenario.id) {
            let resumed = resume
                .then(|| {
                    Playthrough::resume(
                        Arc::clone(&scenario),
                        Arc::clone(&rulebook),
                        saved.state.clone(),
                    )
                    .ok()
                })
                .flatten();
            match resumed {
                Some(run) => {
                    let recorded_decisions = run.state().decisions.len();
                    return Session {
                        run,
                        paused: false,
                        pending: Vec::new(),
                        notice: None,
                        redraw_step: true,
                        recorder: Some(Recorder::resumed(trainee, &saved)),
                        recorded_decisions,
                    };
                }
                None => {
                    if resume {
                        notice = Some(prefs.tr("resume-changed"));
                    }
                    progress.with(|s| Recorder::abandon_saved(s, trainee, &saved, &rulebook));
                }
            }
        }
        Session::start(scenario, rulebook, fresh_seed(), notice)
            .recorded_by(progress.recorder(prefs))
    }

    /// Has the run recorded in the progress store.
    pub fn recorded_by(mut self, recorder: Option<Recorder>) -> Self {
        self.recorder = recorder;
        self
    }

    pub fn start(
        scenario: Arc<Scenario>,
        rulebook: Arc<Rulebook>,
        seed: u64,
        notice: Option<String>,
    ) -> Self {
        let (run, pending) = Playthrough::start(scenario, rulebook, seed);
        Session {
            run,
            paused: false,
            pending,
            notice,
            redraw_step: false,
            recorder: None,
            recorded_decisions: 0,
        }
    }

    /// The run as it stood just before decision `index` of a finished one.
    pub fn replay_from(
        debrief: &Debrief,
        scenario: Arc<Scenario>,
        rulebook: Arc<Rulebook>,
        index: usize,
    ) -> Option<Self> {
        let decisions = &debrief.result.decisions[..index.min(debrief.result.decisions.len())];
        let (run, _) = replay(scenario, rulebook, debrief.result.seed, decisions).ok()?;
        Some(Session {
            run,
            paused: false,
            pending: Vec::new(),
            notice: None,
            redraw_step: true,
            recorder: None,
            recorded_decisions: index,
        })
    }
}

fn fresh_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// The finished run the Debrief screen shows.
#[derive(Resource, Clone)]
pub struct LastRun {
    pub scenario: Arc<Scenario>,
    pub rulebook: Arc<Rulebook>,
    pub debrief: Debrief,
}

/// Keeps the run in the progress store after every decision (the finished run as a session).
fn checkpoint(progress: &Progress, session: &mut Session) {
    let Some(recorder) = &session.recorder else {
        return;
    };
    progress.with(|s| recorder.checkpoint(s, &session.run));
    session.recorded_decisions = session.run.state().decisions.len();
}

/// Records each decision as it is made, by a choice, a cut-in or a silence.
fn record(progress: Res<Progress>, mut session: ResMut<Session>) {
    if session.run.state().decisions.len() != session.recorded_decisions {
        checkpoint(&progress, &mut session);
    }
}

// Markers for the parts of the screen that change.
#[derive(Component)]
struct Conversation;
#[derive(Component)]
struct ChoiceList;
#[derive(Component)]
struct Captions;
#[derive(Component)]
struct PatienceFill;
#[derive(Component)]
struct PatienceValue;
#[derive(Component)]
struct TimerRow;
#[derive(Component)]
struct TimerFill;
#[derive(Component)]
struct TimerText;
#[derive(Component)]
struct PauseOverlay;
#[derive(Component)]
struct Blink;
#[derive(Component)]
struct AudioNotice;

/// A customer line being said: revealed at speaking pace.
#[derive(Component)]
pub struct Said {
    pub line: String,
    pub full: String,
    pub start_ms: u64,
    pub duration_ms: u64,
    pub shown: usize,
}

pub(super) fn plugin(app: &mut App) {
    app.add_message::<SoundCue>();
    app.add_systems(OnEnter(Screen::Play), spawn);
    app.add_systems(OnExit(Screen::Play), |mut cues: MessageWriter<SoundCue>| {
        cues.write(SoundCue::StopAll);
    });
    app.add_systems(
        Update,
        (
            keys,
            actions,
            advance,
            record,
            present,
            reveal,
            meters,
            keep_drawing,
            audio_notice,
        )
            .chain()
            .after(super::super::nav::NavSystems)
            .run_if(in_state(Screen::Play).and_then(resource_exists::<Session>)),
    );
}

fn spawn(
    mut commands: Commands,
    prefs: Res<Prefs>,
    theme: Res<Theme>,
    mut session: ResMut<Session>,
) {
    let t = &*theme;
    let scenario = Arc::clone(session.run.scenario());
    let lang = prefs.lang.clone();
    let name = session.run.values(&lang).remove("name").unwrap_or_default();
    commands
        .spawn(root(&prefs, Screen::Play))
        .with_children(|root| {
            root.spawn(row(16.0)).with_children(|r| {
                r.spawn(bold(t, name.clone(), 1.4, theme::TEXT));
                r.spawn(text(
                    t,
                    format!(
                        "{} · {}",
                        prefs.tr(&format!("channel-{}", scenario.channel.key())),
                        scenario.title.get(&lang)
                    ),
                    0.9,
                    theme::MUTED,
                ));
                r.spawn(Node {
                    flex_grow: 1.0,
                    ..default()
                });
                r.spawn(text(t, prefs.tr("patience"), 0.9, theme::MUTED));
                r.spawn((
                    Node {
                        width: px(180),
                        height: px(12),
                        border_radius: BorderRadius::all(px(6)),
                        ..default()
                    },
                    BackgroundColor(theme::BUTTON),
                ))
                .with_children(|m| {
                    m.spawn((
                        PatienceFill,
                        Node {
                            width: percent(50),
                            height: percent(100),
                            border_radius: BorderRadius::all(px(6)),
                            ..default()
                        },
                        BackgroundColor(theme::GOOD),
                    ));
                });
                r.spawn((PatienceValue, text(t, "", 0.9, theme::TEXT)));
            });
            root.spawn((Captions, row(14.0)));
            root.spawn((AudioNotice, text(t, "", 0.8, theme::MUTED)));
            if let Some(notice) = &session.notice {
                root.spawn(text(t, notice.clone(), 0.9, theme::BAD));
            }
            root.spawn((
                Conversation,
                Node {
                    flex_direction: FlexDirection::Column,
                    justify_content: JustifyContent::FlexEnd,
                    flex_grow: 1.0,
                    row_gap: px(8),
                    overflow: Overflow::clip(),
                    padding: UiRect::all(px(12)),
                    border_radius: BorderRadius::all(px(10)),
                    ..default()
                },
                BackgroundColor(theme::PANEL),
            ));
            root.spawn((TimerRow, row(12.0), Visibility::Hidden))
                .with_children(|r| {
                    r.spawn((TimerText, text(t, "", 0.9, theme::FOCUS)));
                    r.spawn((
                        Node {
                            width: px(320),
                            height: px(10),
                            border_radius: BorderRadius::all(px(5)),
                            ..default()
                        },
                        BackgroundColor(theme::BUTTON),
                    ))
                    .with_children(|m| {
                        m.spawn((
                            TimerFill,
                            Node {
                                width: percent(100),
                                height: percent(100),
                                border_radius: BorderRadius::all(px(5)),
                                ..default()
                            },
                            BackgroundColor(theme::FOCUS),
                        ));
                    });
                });
            root.spawn((
                ChoiceList,
                Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: px(6),
                    ..default()
                },
            ));
            root.spawn(text(t, prefs.tr("keys-play"), 0.75, theme::MUTED));
        });
    if session.redraw_step {
        // A resumed or replayed run: show where it stands.
        session.redraw_step = false;
        let at_ms = session.run.state().clock_us / 1000;
        let node = session.run.state().node.clone();
        let mut events = vec![PlayEvent::NodeEntered { at_ms, node }];
        if let StoryNode::Step(step) = session.run.node() {
            events.extend(
                step.happens
                    .iter()
                    .filter(|h| !matches!(h, Happening::Wait(_)))
                    .map(|h| PlayEvent::Happened {
                        at_ms,
                        happening: h.clone(),
                    }),
            );
            events.extend(step.lines.iter().map(|l| PlayEvent::LineStarted {
                at_ms: 0,
                line: l.id.clone(),
                duration_ms: 0,
                voice: None,
            }));
            events.push(PlayEvent::ChoicesOffered {
                at_ms,
                choices: session.run.choices().iter().map(|c| c.id.clone()).collect(),
            });
        }
        let mut pending = std::mem::take(&mut session.pending);
        events.append(&mut pending);
        session.pending = events;
    }
}

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut session: ResMut<Session>,
    mut fired: MessageWriter<ActionFired>,
) {
    if keys.just_pressed(KeyCode::Escape) && !session.run.is_finished() {
        session.paused = !session.paused;
        return;
    }
    if session.paused {
        return;
    }
    const DIGITS: [(KeyCode, KeyCode); 9] = [
        (KeyCode::Digit1, KeyCode::Numpad1),
        (KeyCode::Digit2, KeyCode::Numpad2),
        (KeyCode::Digit3, KeyCode::Numpad3),
        (KeyCode::Digit4, KeyCode::Numpad4),
        (KeyCode::Digit5, KeyCode::Numpad5),
        (KeyCode::Digit6, KeyCode::Numpad6),
        (KeyCode::Digit7, KeyCode::Numpad7),
        (KeyCode::Digit8, KeyCode::Numpad8),
        (KeyCode::Digit9, KeyCode::Numpad9),
    ];
    for (i, (digit, numpad)) in DIGITS.iter().enumerate() {
        if keys.any_just_pressed([*digit, *numpad])
            && let Some(choice) = session.run.choices().get(i)
        {
            fired.write(ActionFired(Action::Choose(choice.id.clone())));
        }
    }
}

fn actions(
    mut commands: Commands,
    mut fired: MessageReader<ActionFired>,
    mut session: ResMut<Session>,
    progress: Res<Progress>,
    mut next: ResMut<NextState<Screen>>,
) {
    for ActionFired(action) in fired.read() {
        match action {
            Action::Choose(id) if !session.paused => {
                if let Ok(events) = session.run.choose(id) {
                    session.pending.extend(events);
                    checkpoint(&progress, &mut session);
                }
            }
            Action::ResumePlay => session.paused = false,
            Action::SaveAndQuit => {
                checkpoint(&progress, &mut session);
                next.set(Screen::Library);
            }
            Action::ToDebrief => {
                if let Some(result) = session.run.result() {
                    let scenario = Arc::clone(session.run.scenario());
                    let rulebook = Arc::clone(session.run.rulebook());
                    let debrief = Debrief::new(&scenario, &rulebook, &result);
                    commands.insert_resource(LastRun {
                        scenario,
                        rulebook,
                        debrief,
                    });
                    next.set(Screen::Debrief);
                }
            }
            _ => {}
        }
    }
}

fn advance(time: Res<Time>, mut session: ResMut<Session>) {
    if session.paused || session.run.is_finished() {
        return;
    }
    let events = session.run.tick(time.delta());
    session.pending.extend(events);
}

/// Draws the events the engine produced: lines, choices, captions, timers, sounds.
#[allow(clippy::too_many_arguments)]
fn present(
    mut commands: Commands,
    mut session: ResMut<Session>,
    prefs: Res<Prefs>,
    theme: Res<Theme>,
    conversation: Single<(Entity, Option<&Children>), With<Conversation>>,
    choice_list: Single<Entity, With<ChoiceList>>,
    captions: Single<Entity, With<Captions>>,
    mut said: Query<&mut Said>,
    overlay: Query<Entity, With<PauseOverlay>>,
    root: Single<Entity, With<super::ScreenRoot>>,
    mut cues: MessageWriter<SoundCue>,
) {
    let t = &*theme;
    let lang = prefs.lang.clone();
    // Pause overlay follows the session.
    match (session.paused, overlay.iter().next()) {
        (true, None) => {
            commands.entity(*root).with_children(|r| {
                r.spawn((
                    PauseOverlay,
                    Node {
                        position_type: PositionType::Absolute,
                        left: px(0),
                        right: px(0),
                        top: px(0),
                        bottom: px(0),
                        justify_content: JustifyContent::Center,
                        align_items: AlignItems::Center,
                        flex_direction: FlexDirection::Column,
                        row_gap: px(12),
                        ..default()
                    },
                    BackgroundColor(Color::srgba(0.0, 0.0, 0.0, 0.75)),
                    GlobalZIndex(10),
                ))
                .with_children(|o| {
                    o.spawn(bold(t, prefs.tr("paused"), 1.6, theme::TEXT));
                    o.spawn((
                        button(t, prefs.tr("resume-play"), Action::ResumePlay),
                        Focused,
                    ));
                    o.spawn(button(t, prefs.tr("quit-to-library"), Action::SaveAndQuit));
                });
            });
            cues.write(SoundCue::Pause(true));
        }
        (false, Some(e)) => {
            commands.entity(e).despawn();
            cues.write(SoundCue::Pause(false));
        }
        _ => {}
    }
    if session.pending.is_empty() {
        return;
    }
    let events = std::mem::take(&mut session.pending);
    let run = &session.run;
    let name = run.values(&lang).remove("name").unwrap_or_default();
    let (conv, existing) = *conversation;
    let mut added = 0;
    let mut add_message =
        |commands: &mut Commands,
         bubble: Color,
         align: AlignSelf,
         content: Box<dyn FnOnce(&mut ChildSpawnerCommands) + '_>| {
            added += 1;
            commands.entity(conv).with_children(|c| {
                c.spawn((
                    Node {
                        align_self: align,
                        max_width: percent(80),
                        padding: UiRect::axes(px(12), px(6)),
                        border_radius: BorderRadius::all(px(10)),
                        flex_direction: FlexDirection::Column,
                        ..default()
                    },
                    BackgroundColor(bubble),
                ))
                .with_children(content);
            });
        };
    let mut rebuild_choices = false;
    for event in &events {
        match event {
            PlayEvent::NodeEntered { .. } => {
                rebuild_choices = true;
                cues.write(SoundCue::Stop(Loop::Ring));
                cues.write(SoundCue::Stop(Loop::Hold));
                commands.entity(*captions).despawn_children();
            }
            PlayEvent::Happened { happening, .. } => {
                let caption = match happening {
                    Happening::Ring => {
                        cues.write(SoundCue::Start(Loop::Ring));
                        Some(prefs.tr("ring"))
                    }
                    Happening::OnHold => {
                        cues.write(SoundCue::Start(Loop::Hold));
                        Some(prefs.tr("on-hold"))
                    }
                    Happening::SecondChat(text) => {
                        cues.write(SoundCue::Ping);
                        Some(prefs.tr_with("second-chat", &[("text", &run.render(text, &lang))]))
                    }
                    Happening::Note(note) => {
                        let note = run.render(note, &lang);
                        add_message(
                            &mut commands,
                            Color::NONE,
                            AlignSelf::Center,
                            Box::new(move |b| {
                                b.spawn(text(t, note, 0.85, theme::MUTED));
                            }),
                        );
                        None
                    }
                    Happening::Wait(_) => None,
                };
                if let Some(caption) = caption {
                    let blink = matches!(happening, Happening::SecondChat(_) | Happening::Ring);
                    commands.entity(*captions).with_children(|c| {
                        let mut e = c.spawn((
                            Node {
                                padding: UiRect::axes(px(10), px(4)),
                                border_radius: BorderRadius::all(px(6)),
                                ..default()
                            },
                            BackgroundColor(theme::FOCUS.with_alpha(0.2)),
                            children![text(t, plain(&caption), 0.9, theme::FOCUS)],
                        ));
                        if blink && !prefs.reduced_motion {
                            e.insert(Blink);
                        }
                    });
                }
            }
            PlayEvent::LineStarted {
                at_ms,
                line,
                duration_ms,
                voice,
            } => {
                let full = crate::present::line_text(run, line, &lang);
                match voice {
                    Some(path) if *duration_ms > 0 => cues.write(SoundCue::Voice(path.clone())),
                    _ if *duration_ms > 0 => cues.write(SoundCue::Start(Loop::Speaking)),
                    _ => cues.write(SoundCue::Stop(Loop::Speaking)),
                };
                let who = name.clone();
                let said = Said {
                    line: line.clone(),
                    full,
                    start_ms: *at_ms,
                    duration_ms: *duration_ms,
                    shown: usize::MAX,
                };
                add_message(
                    &mut commands,
                    theme::BUTTON,
                    AlignSelf::FlexStart,
                    Box::new(move |b| {
                        b.spawn(bold(t, who, 0.75, theme::ACCENT));
                        b.spawn((said, text(t, "", 1.0, theme::TEXT)));
                    }),
                );
            }
            PlayEvent::LineFinished { line, cut, .. } => {
                cues.write(SoundCue::Stop(Loop::Speaking));
                if *cut {
                    cues.write(SoundCue::StopVoice);
                    for mut s in &mut said {
                        if &s.line == line {
                            let elapsed = run.state().clock_us / 1000
                                - s.start_ms.min(run.state().clock_us / 1000);
                            let n = s.full.chars().count() as u64 * elapsed / s.duration_ms.max(1);
                            s.full =
                                format!("{}—", s.full.chars().take(n as usize).collect::<String>());
                            s.duration_ms = 0;
                            s.shown = usize::MAX;
                        }
                    }
                }
            }
            PlayEvent::Chose {
                node,
                choice,
                interrupted,
                ..
            } => {
                let said = crate::present::choice_text(run, node, choice, &lang);
                let you = prefs.tr("you-chose");
                let cut = interrupted.then(|| prefs.tr_with("cut-in", &[("name", &name)]));
                add_message(
                    &mut commands,
                    theme::ACCENT.with_alpha(0.35),
                    AlignSelf::FlexEnd,
                    Box::new(move |b| {
                        b.spawn(bold(t, you, 0.75, theme::TEXT));
                        b.spawn(text(t, said, 1.0, theme::TEXT));
                        if let Some(cut) = cut {
                            b.spawn(text(t, cut, 0.8, theme::BAD));
                        }
                    }),
                );
                cues.write(SoundCue::Stop(Loop::Ring));
            }
            PlayEvent::TimerExpired { .. } => {
                let silence = prefs.tr("silence");
                add_message(
                    &mut commands,
                    Color::NONE,
                    AlignSelf::Center,
                    Box::new(move |b| {
                        b.spawn(text(t, silence, 0.85, theme::BAD));
                    }),
                );
            }
            PlayEvent::ChoicesOffered { .. } => rebuild_choices = true,
            PlayEvent::EndingReached { outcome, .. } => {
                cues.write(SoundCue::StopAll);
                rebuild_choices = true;
                let ending = crate::present::outcome(*outcome, &lang);
                add_message(
                    &mut commands,
                    Color::NONE,
                    AlignSelf::Center,
                    Box::new(move |b| {
                        b.spawn(bold(t, ending, 1.1, theme::FOCUS));
                    }),
                );
            }
            PlayEvent::TimerStarted { .. }
            | PlayEvent::RuleScored { .. }
            | PlayEvent::PatienceChanged { .. } => {}
        }
    }
    // Keep the last few messages: the conversation reads from the bottom up.
    let old: Vec<Entity> = existing.map(|c| c.iter().collect()).unwrap_or_default();
    let keep = 7usize;
    if old.len() + added > keep {
        for e in old.iter().take(old.len() + added - keep) {
            commands.entity(*e).despawn();
        }
    }
    if rebuild_choices {
        commands.entity(*choice_list).despawn_children();
        let finished = session.run.is_finished();
        let choices: Vec<(String, String)> = session
            .run
            .choices()
            .iter()
            .map(|c| (c.id.clone(), session.run.render(&c.text, &lang)))
            .collect();
        commands.entity(*choice_list).with_children(|list| {
            if finished {
                list.spawn((
                    button(t, prefs.tr("to-debrief"), Action::ToDebrief),
                    Focused,
                ));
            }
            for (i, (id, label)) in choices.into_iter().enumerate() {
                let mut b =
                    list.spawn(button(t, format!("{}. {label}", i + 1), Action::Choose(id)));
                if i == 0 {
                    b.insert(Focused);
                }
            }
        });
    }
}

/// Reveals each line at speaking pace (all at once with reduced motion).
fn reveal(session: Res<Session>, prefs: Res<Prefs>, mut lines: Query<(&mut Said, &mut Text)>) {
    let now = session.run.state().clock_us / 1000;
    for (mut said, mut text) in &mut lines {
        let total = said.full.chars().count();
        let n = if prefs.reduced_motion || said.duration_ms == 0 {
            total
        } else {
            (total as u64 * now.saturating_sub(said.start_ms) / said.duration_ms).min(total as u64)
                as usize
        };
        if n != said.shown {
            said.shown = n;
            text.0 = said.full.chars().take(n).collect();
        }
    }
}

#[allow(clippy::type_complexity)]
fn meters(
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
        patience.1.0 = if p < 25 {
            theme::BAD
        } else if p < 50 {
            theme::FOCUS
        } else {
            theme::GOOD
        };
    }
    let value = p.to_string();
    if patience_value.0 != value {
        patience_value.0 = value;
    }
    let scenario = session.run.scenario();
    let due = match (session.run.phase(), session.run.node()) {
        (
            Phase::Answering {
                silence_left_us: Some(left),
            },
            StoryNode::Step(step),
        ) => step.silence.as_ref().map(|s| (left, s.after_ms() * 1000)),
        _ => None,
    };
    let _ = scenario;
    let vis = if due.is_some() {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    };
    if **timer_row != vis {
        **timer_row = vis;
    }
    if let Some((left, total)) = due {
        let w = percent(100.0 * left as f32 / total.max(1) as f32);
        if timer_fill.width != w {
            timer_fill.width = w;
        }
        let s = prefs.tr_with(
            "time-left",
            &[("seconds", &left.div_ceil(1_000_000).to_string())],
        );
        if timer_text.0 != s {
            timer_text.0 = s;
        }
    }
    // Blink only while time is moving anyway, so an idle screen stays idle.
    let on = session.run.phase_left().is_none() || (time.elapsed_secs() * 2.0) as u32 % 2 == 0;
    for mut v in &mut blinking {
        let want = if on {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        if *v != want {
            *v = want;
        }
    }
}

/// While the customer speaks or a timer runs, draw every frame; otherwise let the app sleep.
fn keep_drawing(
    session: Res<Session>,
    lines: Query<&Said>,
    options: Res<AppOptions>,
    winit: Option<ResMut<WinitSettings>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let typing = lines.iter().any(|s| s.shown < s.full.chars().count());
    let speaking = matches!(session.run.phase(), Phase::Speaking { .. });
    if !session.paused && (speaking || typing || !session.pending.is_empty()) {
        // Text is being revealed: every frame, for smooth reading.
        redraw.write(RequestRedraw);
    }
    // A timer bar or a pause before speech only needs a few updates a second.
    let ticking = !session.paused && !speaking && session.run.phase_left().is_some();
    if let Some(mut winit) = winit.filter(|_| options.screenshots.is_none()) {
        // Both modes: a timer must run out on time even when the window is not focused.
        let want = if ticking {
            WinitSettings {
                focused_mode: UpdateMode::reactive(Duration::from_millis(250)),
                unfocused_mode: UpdateMode::reactive_low_power(Duration::from_millis(250)),
            }
        } else {
            WinitSettings::desktop_app()
        };
        if winit.focused_mode != want.focused_mode || winit.unfocused_mode != want.unfocused_mode {
            *winit = want;
        }
    }
}

/// Drops symbols the bundled font has no glyphs for (emoji used in the terminal version).
pub fn plain(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(*c as u32, 0x2300..=0x23FF | 0x2600..=0x27BF | 0x1F000..=0x1FFFF | 0xFE0F))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// With no sound device the app plays silently and says so, under the captions that carry
/// every sound anyway.
fn audio_notice(
    status: Option<Res<super::super::audio::AudioStatus>>,
    prefs: Res<Prefs>,
    mut notice: Single<&mut Text, With<AudioNotice>>,
) {
    let silent = status.is_some_and(|s| *s == super::super::audio::AudioStatus::Unavailable);
    let want = if silent {
        prefs.tr("no-audio")
    } else {
        String::new()
    };
    if notice.0 != want {
        notice.0 = want;
    }
}

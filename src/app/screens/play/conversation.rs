//! The conversation as it happens: the customer's lines as bubbles revealed at speaking pace,
//! the trainee's answers, stage notes, captions for every sound, and the choices on offer. Drawn
//! from the engine's events as they come, or from a snapshot of the moment when a run begins
//! mid-way (resumed, or replayed from a decision).

use super::Session;
use crate::app::Prefs;
use crate::app::audio::{Loop, SoundCue};
use crate::app::nav::{Action, Focused};
use crate::app::theme::{self, Theme, bold, button, text};
use crate::engine::PlayEvent;
use crate::engine::scenario::Happening;
use crate::present;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;

/// The column the conversation's bubbles go in, newest at the bottom.
#[derive(Component)]
pub(super) struct Conversation;
#[derive(Component)]
pub(super) struct ChoiceList;
#[derive(Component)]
pub(super) struct Captions;
/// A caption that blinks while time moves (a ringing phone, a waiting chat).
#[derive(Component)]
pub(super) struct Blink;

/// A customer line being said: revealed at speaking pace.
#[derive(Component)]
pub struct Said {
    pub line: String,
    pub full: String,
    pub start_ms: u64,
    pub duration_ms: u64,
    pub shown: usize,
}

/// How many bubbles stay on screen: the conversation reads from the bottom up.
const KEPT: usize = 7;

/// Everything drawing the conversation touches.
#[derive(SystemParam)]
pub(super) struct View<'w, 's> {
    commands: Commands<'w, 's>,
    prefs: Res<'w, Prefs>,
    theme: Res<'w, Theme>,
    conversation: Single<'w, 's, (Entity, Option<&'static Children>), With<Conversation>>,
    choice_list: Single<'w, 's, Entity, With<ChoiceList>>,
    captions: Single<'w, 's, Entity, With<Captions>>,
    said: Query<'w, 's, &'static mut Said>,
    cues: MessageWriter<'w, SoundCue>,
}

/// What one frame adds to the screen.
#[derive(Default)]
struct Added {
    bubbles: usize,
    choices: bool,
}

/// Draws what the engine reported since the last frame.
pub(super) fn draw(mut view: View, mut session: ResMut<Session>) {
    let mut added = Added::default();
    if std::mem::take(&mut session.mid_run) {
        moment(&mut view, &session, &mut added);
    }
    let events = std::mem::take(&mut session.pending);
    for event in &events {
        on_event(&mut view, &session, event, &mut added);
    }
    trim(&mut view, added.bubbles);
    if added.choices {
        choices(&mut view, &session);
    }
}

/// A run that begins mid-way: what is going on, what has been said, what is on offer.
fn moment(view: &mut View, session: &Session, added: &mut Added) {
    let moment = session.run.moment();
    for happening in moment.happenings {
        happened(view, session, happening, added);
    }
    for line in moment.said {
        customer_line(view, session, &line.id, 0, 0, added);
    }
    if let Some((line, started)) = moment.speaking {
        customer_line(view, session, &line.id, started, line.duration_ms(), added);
        view.cues.write(SoundCue::Start(Loop::Speaking));
    }
    added.choices = true;
}

fn on_event(view: &mut View, session: &Session, event: &PlayEvent, added: &mut Added) {
    let lang = view.prefs.lang;
    let words = session.words();
    match event {
        PlayEvent::NodeEntered { .. } => {
            added.choices = true;
            view.cues.write(SoundCue::Stop(Loop::Ring));
            view.cues.write(SoundCue::Stop(Loop::Hold));
            view.commands.entity(*view.captions).despawn_children();
        }
        PlayEvent::Happened { happening, .. } => happened(view, session, happening, added),
        PlayEvent::LineStarted {
            at_ms,
            line,
            duration_ms,
            voice,
        } => {
            let clip = voice
                .as_ref()
                .and_then(|v| Some(session.run.scenario().assets.as_ref()?.join(v)));
            match clip {
                Some(path) if *duration_ms > 0 => view.cues.write(SoundCue::Voice(path)),
                _ if *duration_ms > 0 => view.cues.write(SoundCue::Start(Loop::Speaking)),
                _ => view.cues.write(SoundCue::Stop(Loop::Speaking)),
            };
            customer_line(view, session, line, *at_ms, *duration_ms, added);
        }
        PlayEvent::LineFinished { line, cut, .. } => {
            view.cues.write(SoundCue::Stop(Loop::Speaking));
            if *cut {
                view.cues.write(SoundCue::StopVoice);
                cut_short(view, line, session.run.state().clock_us / 1000);
            }
        }
        PlayEvent::Chose {
            node,
            choice,
            interrupted,
            ..
        } => {
            let said = words.choice(node, choice, lang);
            let you = view.prefs.tr("you-chose");
            let cut = interrupted.then(|| {
                view.prefs.tr_with(
                    "cut-in",
                    &[
                        ("name", words.customer_name(lang).into()),
                        ("gender", words.customer_gender().into()),
                        ("agent", words.agent_key().into()),
                    ],
                )
            });
            let t = view.theme.clone();
            bubble(
                view,
                theme::ACCENT.with_alpha(0.35),
                AlignSelf::FlexEnd,
                added,
                move |b| {
                    b.spawn(bold(&t, you, 0.75, theme::TEXT));
                    b.spawn(text(&t, said, 1.0, theme::TEXT));
                    if let Some(cut) = cut {
                        b.spawn(text(&t, cut, 0.8, theme::BAD));
                    }
                },
            );
            view.cues.write(SoundCue::Stop(Loop::Ring));
        }
        PlayEvent::TimerExpired { .. } => {
            let silence = view
                .prefs
                .tr_with("silence", &[("agent", words.agent_key().into())]);
            note(view, silence, theme::BAD, added);
        }
        PlayEvent::ChoicesOffered { .. } => added.choices = true,
        PlayEvent::EndingReached { outcome, .. } => {
            view.cues.write(SoundCue::StopAll);
            added.choices = true;
            let ending = present::outcome(*outcome, lang);
            let t = view.theme.clone();
            bubble(view, Color::NONE, AlignSelf::Center, added, move |b| {
                b.spawn(bold(&t, ending, 1.1, theme::FOCUS));
            });
        }
        PlayEvent::TimerStarted { .. }
        | PlayEvent::RuleScored { .. }
        | PlayEvent::PatienceChanged { .. } => {}
    }
}

/// Something going on around the conversation: a sound with its caption, or a stage note.
fn happened(view: &mut View, session: &Session, happening: &Happening, added: &mut Added) {
    let words = session.words();
    let lang = view.prefs.lang;
    let caption = match happening {
        Happening::Ring => {
            view.cues.write(SoundCue::Start(Loop::Ring));
            view.prefs.tr("ring")
        }
        Happening::OnHold => {
            view.cues.write(SoundCue::Start(Loop::Hold));
            view.prefs
                .tr_with("on-hold", &[("gender", words.customer_gender().into())])
        }
        Happening::SecondChat(said) => {
            view.cues.write(SoundCue::Ping);
            view.prefs
                .tr_with("second-chat", &[("text", (&words.text(said, lang)).into())])
        }
        Happening::Note(said) => {
            let said = words.text(said, lang);
            note(view, said, theme::MUTED, added);
            return;
        }
        Happening::Wait(_) => return,
    };
    let blink = matches!(happening, Happening::SecondChat(_) | Happening::Ring)
        && !view.prefs.reduced_motion;
    let t = view.theme.clone();
    view.commands.entity(*view.captions).with_children(|c| {
        let mut e = c.spawn((
            Node {
                padding: UiRect::axes(px(10), px(4)),
                border_radius: BorderRadius::all(px(6)),
                ..default()
            },
            BackgroundColor(theme::FOCUS.with_alpha(0.2)),
            children![text(&t, plain(&caption), 0.9, theme::FOCUS)],
        ));
        if blink {
            e.insert(Blink);
        }
    });
}

/// A customer line, revealed from `start_ms` over `duration_ms` (at once when 0).
fn customer_line(
    view: &mut View,
    session: &Session,
    line: &str,
    start_ms: u64,
    duration_ms: u64,
    added: &mut Added,
) {
    let words = session.words();
    let lang = view.prefs.lang;
    let said = Said {
        line: line.to_owned(),
        full: crate::app::theme::for_layout(words.line(line, lang)),
        start_ms,
        duration_ms,
        shown: usize::MAX,
    };
    let who = words.customer_name(lang);
    let t = view.theme.clone();
    bubble(view, theme::BUTTON, AlignSelf::FlexStart, added, move |b| {
        b.spawn(bold(&t, who, 0.75, theme::ACCENT));
        b.spawn((said, text(&t, "", 1.0, theme::TEXT)));
    });
}

/// The line the trainee cut in on ends where they cut in, with a dash.
fn cut_short(view: &mut View, line: &str, now_ms: u64) {
    for mut s in &mut view.said {
        if s.line == line {
            let elapsed = now_ms - s.start_ms.min(now_ms);
            let n = s.full.chars().count() as u64 * elapsed / s.duration_ms.max(1);
            s.full = format!("{}—", s.full.chars().take(n as usize).collect::<String>());
            s.duration_ms = 0;
            s.shown = usize::MAX;
        }
    }
}

/// A line across the middle of the conversation: a stage note, a silence.
fn note(view: &mut View, said: String, color: Color, added: &mut Added) {
    let t = view.theme.clone();
    bubble(view, Color::NONE, AlignSelf::Center, added, move |b| {
        b.spawn(text(&t, said, 0.85, color));
    });
}

fn bubble(
    view: &mut View,
    color: Color,
    align: AlignSelf,
    added: &mut Added,
    content: impl FnOnce(&mut ChildSpawnerCommands) + Send + 'static,
) {
    added.bubbles += 1;
    view.commands
        .entity(view.conversation.0)
        .with_children(|c| {
            c.spawn((
                Node {
                    align_self: align,
                    max_width: percent(80),
                    padding: UiRect::axes(px(12), px(6)),
                    border_radius: BorderRadius::all(px(10)),
                    flex_direction: FlexDirection::Column,
                    ..default()
                },
                BackgroundColor(color),
            ))
            .with_children(content);
        });
}

/// Drops the oldest bubbles beyond `KEPT`.
fn trim(view: &mut View, added: usize) {
    let old: Vec<Entity> = view
        .conversation
        .1
        .map(|c| c.iter().collect())
        .unwrap_or_default();
    if old.len() + added > KEPT {
        for e in old.iter().take(old.len() + added - KEPT) {
            view.commands.entity(*e).despawn();
        }
    }
}

/// The choices on offer as buttons numbered as keys 1–9 pick them; the way to the debrief once
/// the run has ended.
fn choices(view: &mut View, session: &Session) {
    let lang = view.prefs.lang;
    let list = *view.choice_list;
    view.commands.entity(list).despawn_children();
    let words = session.words();
    let offered: Vec<(String, String)> = session
        .run
        .choices()
        .iter()
        .map(|c| (c.id.clone(), words.text(&c.text, lang)))
        .collect();
    let finished = session.run.is_finished();
    let to_debrief = view.prefs.tr("to-debrief");
    let t = view.theme.clone();
    view.commands.entity(list).with_children(|list| {
        if finished {
            list.spawn((button(&t, to_debrief, Action::ToDebrief), Focused));
        }
        for (i, (id, label)) in offered.into_iter().enumerate() {
            let mut b = list.spawn(button(
                &t,
                format!("{}. {label}", i + 1),
                Action::Choose(id),
            ));
            if i == 0 {
                b.insert(Focused);
            }
        }
    });
}

/// Reveals each line at speaking pace (all at once with reduced motion).
pub(super) fn reveal(
    session: Res<Session>,
    prefs: Res<Prefs>,
    mut lines: Query<(&mut Said, &mut Text)>,
) {
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

/// Drops symbols the bundled font has no glyphs for (emoji used in the terminal version).
pub fn plain(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(*c as u32, 0x2300..=0x23FF | 0x2600..=0x27BF | 0x1F000..=0x1FFFF | 0xFE0F))
        .collect::<String>()
        .trim()
        .to_owned()
}

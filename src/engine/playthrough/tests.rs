//! The runtime's rules, one test each.

use super::*;
use crate::engine::load::{default_rulebook, load_scenario_str};
use crate::engine::script::{play_steps, replay};

const SRC: &str = r#"Scenario(
    id: "t", title: "T", briefing: "B", channel: Phone, function: HandlingProblem,
    difficulty: 1, minutes: 1,
    customer: (names: ["Ann", "Bob"], details: {"order": Number(1, 9)}, mood: (10, 90)),
    start: "a", patience_out: "gone",
    nodes: [
        Step(id: "a", happens: [Wait(1)],
            lines: [(id: "l1", text: "One {order}", seconds: 2), (id: "l2", text: "Two", seconds: 3)],
            choices: [
                (id: "good", text: "G", patience: 5, rules: [Upholds(rule: "listen", points: 2, why: "w")], goto: "b"),
                (id: "urgent", text: "U", may_interrupt: true, goto: "b"),
                (id: "rude", text: "R", patience: -100, goto: "b"),
            ],
            silence: (after: 4, goto: "b", rules: [Breaks(rule: "contact", points: 1, why: "s")])),
        Step(id: "b", lines: [(id: "l3", text: "Bye", seconds: 1)], next: "end"),
        Ending(id: "end", outcome: Retained, summary: "ok"),
        Ending(id: "gone", outcome: Lost, summary: "lost"),
    ])"#;

fn scenario() -> (Arc<Scenario>, Arc<Rulebook>) {
    let book = Arc::new(default_rulebook());
    let loaded = load_scenario_str("t.ron", SRC, &book);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    (loaded.scenario.unwrap(), book)
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[test]
fn lines_play_after_the_wait_and_the_timer_starts_when_the_customer_finishes() {
    let (s, b) = scenario();
    let (mut run, start) = Playthrough::start(s, b, 7);
    assert!(
        start
            .iter()
            .any(|e| matches!(e, PlayEvent::ChoicesOffered { choices, .. } if choices.len() == 3))
    );
    assert!(
        !start
            .iter()
            .any(|e| matches!(e, PlayEvent::LineStarted { .. }))
    );
    let events = run.tick(ms(999));
    assert!(events.is_empty());
    let events = run.tick(ms(1));
    assert!(
        matches!(&events[..], [PlayEvent::LineStarted { at_ms: 1000, line, .. }] if line == "l1")
    );
    let events = run.tick(ms(5000));
    let kinds: Vec<_> = events
        .iter()
        .map(|e| match e {
            PlayEvent::LineFinished { line, .. } => format!("fin {line}"),
            PlayEvent::LineStarted { line, .. } => format!("start {line}"),
            PlayEvent::TimerStarted { at_ms, duration_ms } => {
                format!("timer {at_ms} {duration_ms}")
            }
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(kinds, ["fin l1", "start l2", "fin l2", "timer 6000 4000"]);
}

#[test]
fn choosing_while_the_customer_speaks_is_an_interruption() {
    let (s, b) = scenario();
    let (mut run, _) = Playthrough::start(s, b, 7);
    run.tick(ms(1500));
    let events = run.choose("good").unwrap();
    assert!(
        events
            .iter()
            .any(|e| matches!(e, PlayEvent::LineFinished { cut: true, .. }))
    );
    assert!(events.iter().any(|e| matches!(
        e,
        PlayEvent::Chose {
            interrupted: true,
            ..
        }
    )));
    let d = &run.state().decisions[0];
    assert!(d.interrupted);
    assert_eq!(d.effects[0].source, EffectSource::Interruption);
    assert_eq!(
        (d.effects[0].rule.as_str(), d.effects[0].upholds),
        ("listen", false)
    );
}

#[test]
fn choosing_during_the_wait_or_after_speech_is_not_an_interruption() {
    let (s, b) = scenario();
    let (mut run, _) = Playthrough::start(Arc::clone(&s), Arc::clone(&b), 7);
    run.tick(ms(500));
    run.choose("good").unwrap();
    assert!(!run.state().decisions[0].interrupted);
    let (mut run, _) = Playthrough::start(s, b, 7);
    run.tick(ms(6000));
    run.choose("good").unwrap();
    assert!(!run.state().decisions[0].interrupted);
    assert_eq!(run.state().decisions[0].taken_ms, 6000);
}

#[test]
fn a_choice_may_say_cutting_in_is_right() {
    let (s, b) = scenario();
    let (mut run, _) = Playthrough::start(s, b, 7);
    run.tick(ms(1500));
    let events = run.choose("urgent").unwrap();
    assert!(events.iter().any(|e| matches!(
        e,
        PlayEvent::Chose {
            interrupted: false,
            ..
        }
    )));
    assert!(run.state().decisions[0].effects.is_empty());
}

#[test]
fn silence_fires_when_the_timer_runs_out() {
    let (s, b) = scenario();
    let (mut run, _) = Playthrough::start(s, b, 7);
    let events = run.tick(ms(6000 + 3999));
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, PlayEvent::TimerExpired { .. }))
    );
    let events = run.tick(ms(1));
    assert!(matches!(
        events[0],
        PlayEvent::TimerExpired { at_ms: 10_000 }
    ));
    assert_eq!(run.state().decisions[0].choice, None);
    assert_eq!(run.state().node, "b");
    // `b` leads on by itself once its line is said.
    run.tick(ms(1000));
    let result = run.result().unwrap();
    assert_eq!(result.ending, "end");
    assert_eq!(result.score, 0.0);
}

#[test]
fn patience_reaching_zero_goes_to_patience_out() {
    let (s, b) = scenario();
    let (mut run, _) = Playthrough::start(s, b, 7);
    run.tick(ms(6000));
    run.choose("rude").unwrap();
    assert_eq!(run.patience(), 0);
    assert_eq!(run.result().unwrap().ending, "gone");
}

#[test]
fn bad_choices_are_refused_without_changing_anything() {
    let (s, b) = scenario();
    let (mut run, _) = Playthrough::start(s, b, 7);
    let before = run.state().clone();
    assert_eq!(
        run.choose("nope"),
        Err(ChooseError::NoSuchChoice("nope".into()))
    );
    assert_eq!(run.state(), &before);
    run.tick(ms(6000));
    run.choose("rude").unwrap();
    assert_eq!(run.choose("good"), Err(ChooseError::Finished));
}

#[test]
fn same_seed_and_inputs_give_the_same_events_and_another_seed_another_customer() {
    let (s, b) = scenario();
    let play = |seed| {
        let (mut run, mut events) = Playthrough::start(Arc::clone(&s), Arc::clone(&b), seed);
        events.extend(run.tick(ms(1700)));
        events.extend(run.choose("good").unwrap());
        events.extend(run.tick(ms(5000)));
        (events, run.state().clone())
    };
    assert_eq!(play(42), play(42));
    let customers: std::collections::HashSet<_> =
        (0..20).map(|seed| play(seed).1.customer).collect();
    assert!(customers.len() > 5, "seeds should vary the customer");
}

#[test]
fn a_saved_run_resumes_exactly_and_refuses_another_version() {
    let (s, b) = scenario();
    let (mut run, _) = Playthrough::start(Arc::clone(&s), Arc::clone(&b), 3);
    run.tick(ms(6500));
    let saved = ron::to_string(run.state()).unwrap();
    let state: PlayState = ron::from_str(&saved).unwrap();
    let mut resumed = Playthrough::resume(Arc::clone(&s), Arc::clone(&b), state.clone()).unwrap();
    assert_eq!(resumed.choose("good").unwrap(), run.choose("good").unwrap());
    assert_eq!(resumed.tick(ms(2000)), run.tick(ms(2000)));
    assert_eq!(resumed.result(), run.result());

    let edited = load_scenario_str("t.ron", &SRC.replace("\"Bye\"", "\"Goodbye\""), &b)
        .scenario
        .unwrap();
    assert_eq!(
        Playthrough::resume(edited, b, state).err(),
        Some(ResumeError::ScenarioChanged)
    );
}

#[test]
fn scripted_steps_cut_in_stay_silent_and_report_bad_steps() {
    let (s, b) = scenario();
    let (run, _) = play_steps(Arc::clone(&s), Arc::clone(&b), 1, &["!good"]).unwrap();
    assert!(run.state().decisions[0].interrupted);
    let (run, _) = play_steps(Arc::clone(&s), Arc::clone(&b), 1, &["..."]).unwrap();
    assert_eq!(run.state().decisions[0].choice, None);
    let err = play_steps(Arc::clone(&s), Arc::clone(&b), 1, &["good", "good"])
        .err()
        .unwrap();
    assert_eq!(err.index, 1);
    let err = play_steps(s, b, 1, &["nope"]).err().unwrap();
    assert!(err.message.contains("not a choice"), "{}", err.message);
}

#[test]
fn recorded_decisions_replay_to_the_same_state() {
    let (s, b) = scenario();
    let (mut run, _) = Playthrough::start(Arc::clone(&s), Arc::clone(&b), 9);
    run.tick(ms(1234));
    run.choose("good").unwrap(); // cuts in
    run.tick(ms(777));
    let (replayed, _) = replay(Arc::clone(&s), Arc::clone(&b), 9, &run.state().decisions).unwrap();
    assert_eq!(replayed.state().decisions, run.state().decisions);
    assert_eq!(replayed.state().node, "b");
    // A silence is replayed by letting its timer run out at the same moment.
    let (mut quiet, _) = Playthrough::start(Arc::clone(&s), Arc::clone(&b), 9);
    quiet.tick(ms(20_000));
    let (mut replayed, _) = replay(s, b, 9, &quiet.state().decisions).unwrap();
    assert_eq!(replayed.state().decisions, quiet.state().decisions);
    replayed.tick(ms(1000));
    assert_eq!(replayed.result(), quiet.result());
}

#[test]
fn placeholders_are_filled_from_the_drawn_customer() {
    let (s, b) = scenario();
    let (run, _) = Playthrough::start(Arc::clone(&s), b, 11);
    let line = &s.nodes[0].lines()[0];
    let rendered = run.state().customer.render(&s, &line.text, "en", None);
    assert!(
        rendered.starts_with("One ") && !rendered.contains('{'),
        "{rendered}"
    );
    let n: u64 = rendered[4..].parse().unwrap();
    assert!((1..=9).contains(&n));
}

#[test]
fn the_moment_tells_a_view_what_is_said_and_what_is_due() {
    let (s, b) = scenario();
    let (mut run, _) = Playthrough::start(s, b, 7);
    // Waiting before the customer speaks: nothing said yet, choices already on offer.
    let m = run.moment();
    assert!(m.said.is_empty() && m.speaking.is_none());
    assert_eq!(m.choices.len(), 3);
    // Half-way through the second line: the first is said, the second began at 3 s.
    run.tick(ms(4500));
    let m = run.moment();
    assert_eq!(
        m.said.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
        ["l1"]
    );
    assert_eq!(
        m.speaking.map(|(l, at)| (l.id.as_str(), at)),
        Some(("l2", 3000))
    );
    assert_eq!(run.answer_timer(), None);
    // At 7 s both are said, and the answer timer (4 s from 6 s) has 3 s left.
    run.tick(ms(2500));
    let m = run.moment();
    assert_eq!(m.said.len(), 2);
    assert!(m.speaking.is_none());
    assert_eq!(run.answer_timer(), Some((ms(3000), ms(4000))));
}

//! The order choices are shown in: drawn from the run's seed (same seed, same order, so runs
//! replay exactly), every order reachable over seeds, pinned where the scenario says so, and the
//! decision records the choice's id and the order the trainee saw — never a position.

use proptest::prelude::*;
use rapport::engine::load::{default_rulebook, load_scenario_str};
use rapport::engine::{PlayEvent, Playthrough, Rulebook, Scenario};
use std::collections::BTreeSet;
use std::sync::Arc;

fn scenario(order: &str) -> (Arc<Scenario>, Arc<Rulebook>) {
    let src = format!(
        r#"Scenario(
        id: "order", title: "Order", briefing: "B", channel: Phone, function: HandlingProblem,
        difficulty: 1, minutes: 1,
        customer: (names: [(name: "Ann", gender: Female)]),
        start: "ask",
        nodes: [
            Step(id: "ask", {order}
                choices: [
                    (id: "a", text: "A", rules: [Upholds(rule: "listen", points: 1, why: "w")], goto: "end"),
                    (id: "b", text: "B", goto: "end"),
                    (id: "c", text: "C", goto: "end"),
                ],
                silence: (after: 5, goto: "end")),
            Ending(id: "end", outcome: Retained, summary: "ok"),
        ])"#
    );
    let book = Arc::new(default_rulebook());
    let loaded = load_scenario_str("order.ron", &src, &book);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    (loaded.scenario.unwrap(), book)
}

fn offered(s: &Arc<Scenario>, b: &Arc<Rulebook>, seed: u64) -> Vec<String> {
    let (run, events) = Playthrough::start(Arc::clone(s), Arc::clone(b), seed);
    let from_event = events
        .iter()
        .find_map(|e| match e {
            PlayEvent::ChoicesOffered { choices, .. } => Some(choices.clone()),
            _ => None,
        })
        .expect("the step offers its choices");
    let shown: Vec<String> = run.choices().iter().map(|c| c.id.clone()).collect();
    assert_eq!(
        from_event, shown,
        "the event and the run agree on the order"
    );
    shown
}

#[test]
fn every_order_is_reachable_over_seeds_and_the_same_seed_gives_the_same_order() {
    let (s, b) = scenario("");
    let orders: BTreeSet<Vec<String>> = (0..200).map(|seed| offered(&s, &b, seed)).collect();
    assert_eq!(orders.len(), 6, "all 3! orders appear: {orders:?}");
    for seed in [0, 7, 123_456] {
        assert_eq!(offered(&s, &b, seed), offered(&s, &b, seed));
    }
}

#[test]
fn a_pinned_step_shows_its_choices_as_written() {
    let (s, b) = scenario("order: Pinned,");
    for seed in 0..50 {
        assert_eq!(offered(&s, &b, seed), ["a", "b", "c"]);
    }
}

proptest! {
    /// Whatever position a choice is shown at, the decision records its id, its own effects,
    /// and the order the trainee saw.
    #[test]
    fn decisions_record_ids_and_the_order_seen(seed in any::<u64>(), pick in 0usize..3) {
        let (s, b) = scenario("");
        let (mut run, _) = Playthrough::start(Arc::clone(&s), Arc::clone(&b), seed);
        let shown: Vec<String> = run.choices().iter().map(|c| c.id.clone()).collect();
        let id = shown[pick].clone();
        run.choose(&id).unwrap();
        let d = &run.state().decisions[0];
        prop_assert_eq!(d.choice.as_deref(), Some(id.as_str()));
        prop_assert_eq!(&d.shown, &shown);
        let mut sorted = d.shown.clone();
        sorted.sort();
        prop_assert_eq!(sorted, ["a", "b", "c"]);
        // Scored by what was chosen, not where it stood.
        prop_assert_eq!(d.effects.iter().any(|e| e.rule == "listen"), id == "a");
    }
}

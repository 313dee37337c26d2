//! Runs without a person: a list of steps played as a trainee would (`--choices`, test plans),
//! and recorded decisions replayed exactly (resuming a stored session, "replay from here").

use super::events::{Decision, Phase, PlayEvent};
use super::playthrough::{MAX_TRANSITIONS_PER_CALL, Playthrough};
use super::rulebook::Rulebook;
use super::scenario::Scenario;
use std::sync::Arc;
use std::time::Duration;

/// The step a plan or `--choices` list writes for staying silent until the timer runs out.
pub const SILENCE_STEP: &str = "...";
/// The prefix a plan or `--choices` list writes for cutting in while the customer speaks.
pub const CUT_IN_PREFIX: char = '!';

/// What went wrong with one step of a scripted run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepError {
    /// 0-based index of the step in the list.
    pub index: usize,
    pub message: String,
}

/// Plays a run without a person: each step is a choice id (answered once the customer has
/// finished), `!id` (cut in as the customer starts speaking) or `...` (silence until the timer
/// runs out). Returns the run and every event, in order.
pub fn play_steps(
    scenario: Arc<Scenario>,
    rulebook: Arc<Rulebook>,
    seed: u64,
    steps: &[impl AsRef<str>],
) -> Result<(Playthrough, Vec<PlayEvent>), StepError> {
    let (run, events) = Playthrough::start(scenario, rulebook, seed);
    continue_steps(run, events, steps)
}

/// Plays `steps` (as `play_steps` reads them) on from where `run` stands; `events` are what
/// happened so far.
pub fn continue_steps(
    mut run: Playthrough,
    mut events: Vec<PlayEvent>,
    steps: &[impl AsRef<str>],
) -> Result<(Playthrough, Vec<PlayEvent>), StepError> {
    for (index, step) in steps.iter().enumerate() {
        let step = step.as_ref().trim();
        let fail = |message: String| StepError { index, message };
        if run.is_finished() {
            return Err(fail(format!(
                "`{step}`: the scenario already ended at `{}`",
                run.state().node
            )));
        }
        if step == SILENCE_STEP {
            run_until(&mut run, &mut events, answering);
            if !matches!(
                run.phase(),
                Phase::Answering {
                    silence_left_us: Some(_)
                }
            ) {
                return Err(fail(format!(
                    "`...`: nothing happens on silence at `{}` (it has no `silence`)",
                    run.state().node
                )));
            }
            let left = run.phase_left().unwrap_or_default();
            events.extend(run.tick(left));
        } else if let Some(id) = step.strip_prefix(CUT_IN_PREFIX) {
            // The customer speaking at a step the trainee can answer: a step with no choices
            // goes on by itself, and there is nothing to cut in with.
            run_until(&mut run, &mut events, |r| {
                answering(r)
                    || (matches!(r.phase(), Phase::Speaking { .. }) && !r.choices().is_empty())
            });
            if !matches!(run.phase(), Phase::Speaking { .. }) {
                return Err(fail(format!(
                    "`{step}`: nobody is speaking at `{}` to cut in on",
                    run.state().node
                )));
            }
            events.extend(run.choose(id).map_err(|e| fail(e.to_string()))?);
        } else {
            run_until(&mut run, &mut events, answering);
            events.extend(
                run.choose(step)
                    .map_err(|e| fail(format!("at `{}`: {e}", run.state().node)))?,
            );
        }
    }
    // What follows the last step by itself (a customer's last words, a step that leads on to
    // an ending) happens too; a run stops only where the trainee must act.
    run_until(&mut run, &mut events, answering);
    Ok((run, events))
}

/// Replays recorded decisions exactly: the same seed, each decision at the time it was made.
/// Used to resume a stored session and to "replay from this decision".
pub fn replay(
    scenario: Arc<Scenario>,
    rulebook: Arc<Rulebook>,
    seed: u64,
    decisions: &[Decision],
) -> Result<(Playthrough, Vec<PlayEvent>), StepError> {
    let (mut run, mut events) = Playthrough::start(scenario, rulebook, seed);
    for (index, d) in decisions.iter().enumerate() {
        let fail = |message: String| StepError { index, message };
        if d.at_us > run.state().clock_us {
            let before = run.state().decisions.len();
            events.extend(run.tick(Duration::from_micros(d.at_us - run.state().clock_us)));
            if run.state().decisions.len() != before && d.choice.is_some() {
                return Err(fail("a silence fired before this decision was made".into()));
            }
        }
        match &d.choice {
            Some(id) => events.extend(run.choose(id).map_err(|e| fail(e.to_string()))?),
            None if run.state().decisions.len() == index + 1 => {}
            None => return Err(fail("the recorded silence did not happen".into())),
        }
        if run.state().decisions[index].node != d.node {
            return Err(fail(format!(
                "decision {} was made at `{}`, not `{}`",
                index + 1,
                d.node,
                run.state().decisions[index].node
            )));
        }
    }
    Ok((run, events))
}

/// Whether the run waits for the trainee: the customer has finished and an answer is due.
fn answering(run: &Playthrough) -> bool {
    matches!(run.phase(), Phase::Answering { .. })
}

/// Lets time pass, one phase at a time, until `done` holds or the run waits on the trainee.
fn run_until(
    run: &mut Playthrough,
    events: &mut Vec<PlayEvent>,
    done: impl Fn(&Playthrough) -> bool,
) {
    for _ in 0..MAX_TRANSITIONS_PER_CALL {
        let phase = run.phase();
        if done(run) || phase == Phase::Ended {
            return;
        }
        match run.phase_left() {
            Some(left) if !matches!(phase, Phase::Answering { .. }) => {
                events.extend(run.tick(left))
            }
            _ => return,
        }
    }
}

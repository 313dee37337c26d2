//! Playing in real time at the terminal: the customer's lines appear at speaking pace, the
//! choices once they have finished; typing a number before that cuts in.

use super::{CliResult, Keeper, header, print_debrief, print_event};
use crate::engine::events::Phase;
use crate::engine::{Debrief, PlayEvent, Playthrough};
use crate::locale::tr;
use crate::present::{Reader, Words, clock};
use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Real time: the customer speaks at their pace; input arriving before they finish cuts in.
pub(super) fn play(
    mut run: Playthrough,
    events: Vec<PlayEvent>,
    reader: Reader,
    keeper: &mut Keeper,
) -> CliResult {
    let lang = reader.lang;
    header(&run, run.state().seed, reader);
    println!("{}\n", tr(lang, "choices-hint"));
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut typing = None;
    let mut shown = show(&run, &events, reader, false, &mut typing);
    let mut last = Instant::now();
    while !run.is_finished() {
        let cap = if typing.is_some() {
            Duration::from_millis(40)
        } else {
            Duration::from_millis(250)
        };
        let wait = run.phase_left().unwrap_or(cap).min(cap);
        let received = rx.recv_timeout(wait);
        let now = Instant::now();
        let events = run.tick(now - last);
        last = now;
        keeper.observe(&run)?;
        if let Some(t) = typing.as_mut() {
            t.advance();
        }
        shown |= show(&run, &events, reader, shown, &mut typing);
        match received {
            Ok(text) => {
                let offered = run.choices();
                let picked = text
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| offered.get(n.wrapping_sub(1)).map(|c| c.id.clone()));
                match picked {
                    Some(id) => {
                        let events = run.choose(&id).expect("offered choices can be chosen");
                        keeper.observe(&run)?;
                        shown = show(&run, &events, reader, false, &mut typing);
                    }
                    None if offered.is_empty() => {}
                    None => println!("  (1–{})", offered.len()),
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                keeper.abandon(&run)?;
                println!("{}", tr(lang, "quit"));
                return Ok(ExitCode::SUCCESS);
            }
        }
    }
    if let Some(result) = run.result() {
        print_debrief(
            &run,
            &Debrief::new(run.scenario(), run.rulebook(), &result),
            reader,
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints events; once the customer has finished, lists the choices. Returns whether they were.
fn show(
    run: &Playthrough,
    events: &[PlayEvent],
    reader: Reader,
    already: bool,
    typing: &mut Option<Typewriter>,
) -> bool {
    for e in events {
        match e {
            PlayEvent::LineStarted {
                at_ms,
                line,
                duration_ms,
                ..
            } => {
                if let Some(mut done) = typing.take() {
                    done.finish(false);
                }
                print!(
                    "[{}] {}: ",
                    clock(*at_ms),
                    Words::of(run, reader.agent).customer_name(reader.lang)
                );
                let text = Words::of(run, reader.agent).line(line, reader.lang);
                *typing = Some(Typewriter {
                    chars: text.chars().collect(),
                    start: Instant::now(),
                    duration: Duration::from_millis(*duration_ms),
                    printed: 0,
                });
            }
            PlayEvent::LineFinished { cut, .. } => {
                if let Some(mut done) = typing.take() {
                    done.finish(*cut);
                }
            }
            _ => {
                // The customer's last words come with the ending: say them in full first.
                if matches!(e, PlayEvent::EndingReached { .. })
                    && let Some(mut done) = typing.take()
                {
                    done.finish(false);
                }
                print_event(run, e, reader)
            }
        }
    }
    let answering = matches!(run.phase(), Phase::Answering { .. });
    let choices = run.choices();
    if answering && !already && !choices.is_empty() {
        for (i, c) in choices.iter().enumerate() {
            println!(
                "   {}. {}",
                i + 1,
                Words::of(run, reader.agent).text(&c.text, reader.lang)
            );
        }
        print!("> ");
        let _ = std::io::stdout().flush();
        return true;
    }
    already
        && !events
            .iter()
            .any(|e| matches!(e, PlayEvent::NodeEntered { .. }))
}

/// A customer line appearing in the terminal at the pace it is said.
struct Typewriter {
    chars: Vec<char>,
    start: Instant,
    duration: Duration,
    printed: usize,
}

impl Typewriter {
    fn advance(&mut self) {
        let elapsed = self.start.elapsed().as_secs_f64();
        let share = if self.duration.is_zero() {
            1.0
        } else {
            (elapsed / self.duration.as_secs_f64()).min(1.0)
        };
        let due = (self.chars.len() as f64 * share) as usize;
        if due > self.printed {
            print!(
                "{}",
                self.chars[self.printed..due].iter().collect::<String>()
            );
            let _ = std::io::stdout().flush();
            self.printed = due;
        }
    }

    /// Ends the line: the rest of it, or a dash where the trainee cut in.
    fn finish(&mut self, cut: bool) {
        if cut {
            self.advance();
            println!("—");
        } else {
            println!("{}", self.chars[self.printed..].iter().collect::<String>());
        }
    }
}

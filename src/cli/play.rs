//! `rapport play`: a scenario in the terminal, in real time (typing while the customer speaks
//! cuts in, exactly as in the app), or replayed from a list of choices without asking.

use super::transcript::{
    choice_text, clock, customer_name, effect_text, event_json, event_text, outcome_text,
};
use super::{Format, ScenarioArg};
use crate::engine::playthrough::{Phase, StepError};
use crate::engine::{
    Debrief, PlayEvent, Playthrough, Rulebook, Scenario, load_library, play_steps,
};
use crate::locale::{tr, tr_with};
use crate::progress::{Recorder, Store};
use serde_json::json;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    scenario: ScenarioArg,
    /// Play these steps without asking: choice ids separated by commas; `!id` cuts in while
    /// the customer speaks, `...` stays silent until the timer runs out.
    #[arg(long, value_delimiter = ',')]
    choices: Option<Vec<String>>,
    /// Seed for the customer's name, details and mood (default: 0 with --choices, else random).
    #[arg(long)]
    seed: Option<u64>,
    /// Language: en, ar or fa.
    #[arg(long, default_value = "en")]
    lang: String,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Record the session in the progress store under this trainee (created if new).
    #[arg(long)]
    trainee: Option<String>,
    #[command(flatten)]
    store: super::StoreArg,
}

/// The store and recorder of a run played for a named trainee.
struct Recording {
    store: Store,
    recorder: Recorder,
}

impl Recording {
    fn open(args: &Args) -> Result<Option<Recording>, ExitCode> {
        let Some(name) = &args.trainee else {
            return Ok(None);
        };
        let mut store = args.store.open()?;
        match store.ensure_trainee(name) {
            Ok(t) => Ok(Some(Recording {
                store,
                recorder: Recorder::new(t.id),
            })),
            Err(e) => {
                eprintln!("rapport: {e}");
                Err(ExitCode::FAILURE)
            }
        }
    }

    fn checkpoint(&mut self, run: &Playthrough) {
        if let Err(e) = self.recorder.checkpoint(&mut self.store, run) {
            eprintln!("rapport: could not save progress: {e}");
        }
    }

    fn abandon(&mut self, run: &Playthrough) {
        if let Err(e) = self.recorder.abandon(&mut self.store, run) {
            eprintln!("rapport: could not save progress: {e}");
        }
    }
}

pub fn run(args: Args) -> ExitCode {
    let (scenario, rulebook) = match super::open(&args.scenario) {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let mut recording = match Recording::open(&args) {
        Ok(r) => r,
        Err(code) => return code,
    };
    match &args.choices {
        Some(steps) => scripted(
            scenario,
            rulebook,
            args.seed.unwrap_or(0),
            steps,
            &args.lang,
            args.format,
            recording.as_mut(),
        ),
        None => {
            let seed = args.seed.unwrap_or_else(random_seed);
            interactive(scenario, rulebook, seed, &args.lang, recording.as_mut())
        }
    }
}

/// With no command in a build without the app: pick a scenario from the default folder and play it.
#[cfg_attr(feature = "app", allow(dead_code))]
pub fn menu() -> ExitCode {
    let lang = "en";
    let library = load_library(&[PathBuf::from(super::DEFAULT_SCENARIOS)], None);
    let scenarios: Vec<&Arc<Scenario>> = library.scenarios().collect();
    if scenarios.is_empty() {
        eprintln!(
            "rapport: no playable scenarios in `{}/`; see `rapport --help`",
            super::DEFAULT_SCENARIOS
        );
        return ExitCode::FAILURE;
    }
    println!("Rapport — {}", tr(lang, "pick-scenario"));
    for (i, s) in scenarios.iter().enumerate() {
        println!(
            "  {:>2}. {} ({}, {} min)",
            i + 1,
            s.title.get(lang),
            tr(lang, &format!("channel-{}", s.channel.key())),
            s.minutes
        );
    }
    print!("> ");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    if std::io::stdin().read_line(&mut answer).is_err() {
        return ExitCode::FAILURE;
    }
    match answer
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|n| scenarios.get(n.wrapping_sub(1)))
    {
        Some(s) => interactive(
            Arc::clone(s),
            Arc::clone(&library.rulebook),
            random_seed(),
            lang,
            None,
        ),
        None => {
            eprintln!(
                "rapport: `{}` is not one of the numbers above",
                answer.trim()
            );
            ExitCode::FAILURE
        }
    }
}

fn random_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64 % 1_000_000)
}

fn scripted(
    scenario: Arc<Scenario>,
    rulebook: Arc<Rulebook>,
    seed: u64,
    steps: &[String],
    lang: &str,
    format: Format,
    recording: Option<&mut Recording>,
) -> ExitCode {
    let (run, events) = match play_steps(Arc::clone(&scenario), Arc::clone(&rulebook), seed, steps)
    {
        Ok(done) => done,
        Err(StepError { index, message }) => {
            eprintln!("rapport: --choices step {} {message}", index + 1);
            return ExitCode::FAILURE;
        }
    };
    // A scripted run that stops short is a question about the scenario, not a session.
    if let Some(rec) = recording
        && run.is_finished()
    {
        rec.checkpoint(&run);
    }
    let debrief = run.result().map(|r| Debrief::new(&scenario, &rulebook, &r));
    match format {
        Format::Json => {
            let transcript: Vec<_> = events.iter().map(|e| event_json(&run, e, lang)).collect();
            super::print_json(&json!({
                "scenario": scenario.id,
                "hash": scenario.hash,
                "seed": seed,
                "language": lang,
                "customer": run.values(lang),
                "steps": steps,
                "transcript": transcript,
                "finished": run.is_finished(),
                "on_offer": run.choices().iter().map(|c| &c.id).collect::<Vec<_>>(),
                "result": debrief.as_ref().map(|d| &d.result),
                "debrief": debrief.as_ref().map(|d| &d.entries),
            }));
        }
        Format::Text => {
            header(&run, seed, lang);
            for e in &events {
                print_event(&run, e, lang);
            }
            match &debrief {
                Some(d) => print_debrief(&run, d, lang),
                None => println!(
                    "\n(The run stops here, at `{}`. On offer: {})",
                    run.state().node,
                    run.choices()
                        .iter()
                        .map(|c| c.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
    }
    ExitCode::SUCCESS
}

fn header(run: &Playthrough, seed: u64, lang: &str) {
    let s = run.scenario();
    println!(
        "{} — {} · {} · seed {seed}",
        s.title.get(lang),
        tr(lang, &format!("channel-{}", s.channel.key())),
        customer_name(run, lang)
    );
    println!("{}\n", run.render(&s.briefing, lang));
}

fn print_event(run: &Playthrough, e: &PlayEvent, lang: &str) {
    if let Some(text) = event_text(run, e, lang) {
        let at = match e {
            PlayEvent::RuleScored { .. } | PlayEvent::PatienceChanged { .. } => String::new(),
            _ => format!("[{}] ", clock(at_ms(e))),
        };
        println!("{at}{text}");
    }
}

fn at_ms(e: &PlayEvent) -> u64 {
    match e {
        PlayEvent::NodeEntered { at_ms, .. }
        | PlayEvent::Happened { at_ms, .. }
        | PlayEvent::LineStarted { at_ms, .. }
        | PlayEvent::LineFinished { at_ms, .. }
        | PlayEvent::ChoicesOffered { at_ms, .. }
        | PlayEvent::TimerStarted { at_ms, .. }
        | PlayEvent::TimerExpired { at_ms }
        | PlayEvent::Chose { at_ms, .. }
        | PlayEvent::RuleScored { at_ms, .. }
        | PlayEvent::PatienceChanged { at_ms, .. }
        | PlayEvent::EndingReached { at_ms, .. } => *at_ms,
    }
}

fn print_debrief(run: &Playthrough, d: &Debrief, lang: &str) {
    let r = &d.result;
    let ending = run.scenario().node(&r.ending);
    println!();
    if let Some(crate::engine::scenario::Node::Ending(e)) = ending {
        println!(
            "{}: {} — {}",
            tr(lang, "ending"),
            outcome_text(r.outcome, lang),
            run.render(&e.summary, lang)
        );
    }
    println!("{}: {:.0}/100", tr(lang, "score"), r.score);
    for rs in &r.rules {
        let title = run
            .rulebook()
            .rule(&rs.rule)
            .map(|x| x.title.get(lang).to_owned())
            .unwrap_or_else(|| rs.rule.clone());
        println!(
            "  {:>3}  {title} (+{} −{})",
            rs.score.round(),
            rs.upheld,
            rs.broken
        );
    }
    println!("\n{}:", tr(lang, "debrief"));
    for (i, entry) in d.entries.iter().enumerate() {
        let did = match &entry.choice {
            Some(c) => choice_text(run, &entry.node, c, lang),
            None => tr(lang, "silence"),
        };
        println!("{:>2}. [{}] {did}", i + 1, clock(entry.at_ms));
        for e in &entry.effects {
            println!("      {}", effect_text(run, e, lang));
        }
        if let Some(better) = &entry.better {
            println!(
                "      → {}",
                tr_with(
                    lang,
                    "better",
                    &[(
                        "choice",
                        &choice_text(run, &entry.node, &better.choice, lang)
                    )]
                )
            );
        }
    }
}

/// Real time: the customer speaks at their pace; input arriving before they finish cuts in.
fn interactive(
    scenario: Arc<Scenario>,
    rulebook: Arc<Rulebook>,
    seed: u64,
    lang: &str,
    mut recording: Option<&mut Recording>,
) -> ExitCode {
    let (mut run, events) = Playthrough::start(Arc::clone(&scenario), Arc::clone(&rulebook), seed);
    header(&run, seed, lang);
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
    let mut shown = show(&run, &events, lang, false, &mut typing);
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
        let decided = run.state().decisions.len();
        let events = run.tick(now - last);
        last = now;
        if run.state().decisions.len() != decided
            && let Some(rec) = recording.as_deref_mut()
        {
            rec.checkpoint(&run);
        }
        if let Some(t) = typing.as_mut() {
            t.advance();
        }
        shown |= show(&run, &events, lang, shown, &mut typing);
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
                        if let Some(rec) = recording.as_deref_mut() {
                            rec.checkpoint(&run);
                        }
                        shown = show(&run, &events, lang, false, &mut typing);
                    }
                    None if offered.is_empty() => {}
                    None => println!("  (1–{})", offered.len()),
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                if let Some(rec) = recording.as_deref_mut() {
                    rec.abandon(&run);
                }
                println!("{}", tr(lang, "quit"));
                return ExitCode::SUCCESS;
            }
        }
    }
    if let Some(result) = run.result() {
        print_debrief(&run, &Debrief::new(&scenario, &rulebook, &result), lang);
    }
    ExitCode::SUCCESS
}

/// Prints events; once the customer has finished, lists the choices. Returns whether they were.
fn show(
    run: &Playthrough,
    events: &[PlayEvent],
    lang: &str,
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
                print!("[{}] {}: ", clock(*at_ms), customer_name(run, lang));
                let text = crate::present::line_text(run, line, lang);
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
                print_event(run, e, lang)
            }
        }
    }
    let answering = matches!(run.phase(), Phase::Answering { .. });
    let choices = run.choices();
    if answering && !already && !choices.is_empty() {
        for (i, c) in choices.iter().enumerate() {
            println!("   {}. {}", i + 1, run.render(&c.text, lang));
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

//! `rapport play`: a scenario in the terminal, in real time (typing while the customer speaks
//! cuts in, exactly as in the app), or replayed from a list of choices without asking.

mod terminal;

use super::transcript::{effect_text, event_json, event_text};
use super::{CliError, CliResult, Format, ScenarioArg};
use crate::engine::customer::fresh_seed;
use crate::engine::script::StepError;
use crate::engine::{
    Debrief, PlayEvent, Playthrough, Rulebook, Scenario, load_library, play_steps,
};
use crate::locale::{Lang, tr, tr_with};
use crate::present::{self, Words, clock};
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

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
    /// Language of the scenario and the interface.
    #[arg(long, value_enum, default_value_t)]
    lang: Lang,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Record the session in the progress store under this trainee (created if new).
    #[cfg(feature = "store")]
    #[arg(long)]
    trainee: Option<String>,
    #[cfg(feature = "store")]
    #[command(flatten)]
    store: super::StoreArg,
}

/// Where a run is kept: nowhere (practice), or in the progress store under a trainee.
#[derive(Default)]
struct Keeper {
    #[cfg(feature = "store")]
    kept: Option<(crate::progress::Store, crate::progress::Recorder)>,
}

impl Keeper {
    /// A new recording for the trainee named by `--trainee`, if any.
    fn new(args: &Args) -> Result<Keeper, CliError> {
        #[cfg(feature = "store")]
        if let Some(name) = &args.trainee {
            let mut store = args.store.open()?;
            let trainee = store.ensure_trainee(name)?;
            let recorder = crate::progress::Recorder::new(trainee.id);
            return Ok(Keeper {
                kept: Some((store, recorder)),
            });
        }
        let _ = args;
        Ok(Keeper::default())
    }

    /// The run to play: for a named trainee it begins through the store (a saved run of the
    /// scenario is recorded as abandoned, as the app does when starting afresh).
    fn begin(
        args: &Args,
        scenario: Arc<Scenario>,
        rulebook: Arc<Rulebook>,
        seed: u64,
    ) -> Result<(Keeper, Playthrough, Vec<PlayEvent>), CliError> {
        #[cfg(feature = "store")]
        if let Some(name) = &args.trainee {
            let mut store = args.store.open()?;
            let trainee = store.ensure_trainee(name)?;
            let begun = crate::progress::session::begin(
                &mut store, trainee.id, scenario, rulebook, false, seed,
            )?;
            let keeper = Keeper {
                kept: Some((store, begun.recorder)),
            };
            return Ok((keeper, begun.run, begun.events));
        }
        let _ = args;
        let (run, events) = Playthrough::start(scenario, rulebook, seed);
        Ok((Keeper::default(), run, events))
    }

    /// After anything happened: keeps a decision just made, records a finished run.
    fn observe(&mut self, run: &Playthrough) -> Result<(), CliError> {
        #[cfg(feature = "store")]
        if let Some((store, recorder)) = &mut self.kept {
            recorder.observe(store, run)?;
        }
        let _ = run;
        Ok(())
    }

    /// The trainee left before the end.
    fn abandon(&mut self, run: &Playthrough) -> Result<(), CliError> {
        #[cfg(feature = "store")]
        if let Some((store, recorder)) = &mut self.kept {
            recorder.abandon(store, run)?;
        }
        let _ = run;
        Ok(())
    }
}

pub fn run(args: Args) -> CliResult {
    let (scenario, rulebook) = super::open(&args.scenario)?;
    match &args.choices {
        Some(steps) => scripted(&args, scenario, rulebook, steps),
        None => {
            let seed = args.seed.unwrap_or_else(fresh_seed);
            let (mut keeper, run, events) = Keeper::begin(&args, scenario, rulebook, seed)?;
            terminal::play(run, events, args.lang, &mut keeper)
        }
    }
}

/// With no command in a build without the app: pick a scenario from the default folder and play it.
#[cfg_attr(feature = "app", allow(dead_code))]
pub fn menu() -> CliResult {
    let lang = Lang::En;
    let library = load_library(&[PathBuf::from(super::DEFAULT_SCENARIOS)], None);
    let scenarios: Vec<&Arc<Scenario>> = library.scenarios().collect();
    if scenarios.is_empty() {
        return Err(CliError::msg(format!(
            "no playable scenarios in `{}/`; see `rapport --help`",
            super::DEFAULT_SCENARIOS
        )));
    }
    println!("Rapport — {}", tr(lang, "pick-scenario"));
    for (i, s) in scenarios.iter().enumerate() {
        println!(
            "  {:>2}. {} ({}, {} min)",
            i + 1,
            s.title.get(lang),
            present::channel(s.channel, lang),
            s.minutes
        );
    }
    print!("> ");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| CliError::msg(format!("standard input: {e}")))?;
    match answer
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|n| scenarios.get(n.wrapping_sub(1)))
    {
        Some(s) => {
            let (run, events) =
                Playthrough::start(Arc::clone(s), Arc::clone(&library.rulebook), fresh_seed());
            terminal::play(run, events, lang, &mut Keeper::default())
        }
        None => Err(CliError::msg(format!(
            "`{}` is not one of the numbers above",
            answer.trim()
        ))),
    }
}

fn scripted(
    args: &Args,
    scenario: Arc<Scenario>,
    rulebook: Arc<Rulebook>,
    steps: &[String],
) -> CliResult {
    let (seed, lang, format) = (args.seed.unwrap_or(0), args.lang, args.format);
    let (run, events) = play_steps(Arc::clone(&scenario), Arc::clone(&rulebook), seed, steps)
        .map_err(|StepError { index, message }| {
            CliError::msg(format!("--choices step {} {message}", index + 1))
        })?;
    // A scripted run that stops short is a question about the scenario, not a session.
    if run.is_finished() {
        Keeper::new(args)?.observe(&run)?;
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
    Ok(ExitCode::SUCCESS)
}

pub(super) fn header(run: &Playthrough, seed: u64, lang: Lang) {
    let s = run.scenario();
    println!(
        "{} — {} · {} · seed {seed}",
        s.title.get(lang),
        present::channel(s.channel, lang),
        run.customer_name(lang)
    );
    println!("{}\n", run.render(&s.briefing, lang));
}

pub(super) fn print_event(run: &Playthrough, e: &PlayEvent, lang: Lang) {
    if let Some(text) = event_text(run, e, lang) {
        let at = match e {
            PlayEvent::RuleScored { .. } | PlayEvent::PatienceChanged { .. } => String::new(),
            _ => format!("[{}] ", clock(e.at_ms())),
        };
        println!("{at}{text}");
    }
}

pub(super) fn print_debrief(run: &Playthrough, d: &Debrief, lang: Lang) {
    let r = &d.result;
    let ending = run.scenario().node(&r.ending);
    println!();
    if let Some(crate::engine::scenario::ScenarioNode::Ending(e)) = ending {
        println!(
            "{}: {} — {}",
            tr(lang, "ending"),
            present::outcome(r.outcome, lang),
            run.render(&e.summary, lang)
        );
    }
    println!("{}: {:.0}/100", tr(lang, "score"), r.score);
    for rs in &r.rules {
        let title = run.rulebook().title(&rs.rule, lang);
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
            Some(c) => Words::of(run).choice(&entry.node, c, lang),
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
                        &Words::of(run).choice(&entry.node, &better.choice, lang)
                    )]
                )
            );
        }
    }
}

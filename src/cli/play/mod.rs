//! `rapport play`: a scenario in the terminal, in real time (typing while the customer speaks
//! cuts in, exactly as in the app), or replayed from a list of choices without asking.

mod terminal;

use super::transcript::{effect_text, event_json, event_text};
use super::{CliError, CliResult, Format, ScenarioArg};
use crate::engine::customer::fresh_seed;
use crate::engine::scenario::Gender;
use crate::engine::script::StepError;
use crate::engine::{Debrief, PlayEvent, Playthrough, Rulebook, Scenario, StartAt, continue_steps};
use crate::locale::{Lang, tr, tr_with};
use crate::present::{self, Reader, Words, clock};
use serde_json::json;
use std::io::Write;
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
    /// How to address you, where the words agree with the agent (Arabic "آسف"/"آسفة"):
    /// female or male (default: what your trainee profile says, else both forms).
    #[arg(long, value_parser = parse_gender)]
    agent: Option<Gender>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Start at this node instead of the scenario's start (a trainer trying one moment; such a
    /// run is practice and is not recorded).
    #[arg(long, value_name = "NODE")]
    from: Option<String>,
    /// Starting values of the scenario's variables: `--set asked=1,offered=0`.
    #[arg(long, value_name = "VAR=N", value_delimiter = ',', value_parser = parse_var)]
    set: Vec<(String, i64)>,
    /// Starting patience, 0–100 (default: the drawn customer's mood).
    #[arg(long)]
    patience: Option<i32>,
    /// Record the session in the progress store under this trainee (created if new).
    #[cfg(feature = "store")]
    #[arg(long)]
    trainee: Option<String>,
    #[cfg(feature = "store")]
    #[command(flatten)]
    store: super::StoreArg,
}

fn parse_var(s: &str) -> Result<(String, i64), String> {
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}`: write VAR=N, e.g. asked=1"))?;
    let value = value
        .trim()
        .parse()
        .map_err(|_| format!("`{s}`: `{value}` is not a whole number"))?;
    Ok((name.trim().to_owned(), value))
}

impl Args {
    /// Where the run starts when not at the scenario's start (`--from`, `--set`, `--patience`).
    fn start_at(&self, scenario: &Scenario) -> Option<StartAt> {
        (self.from.is_some() || !self.set.is_empty() || self.patience.is_some()).then(|| StartAt {
            node: self.from.clone().unwrap_or_else(|| scenario.start.clone()),
            patience: self.patience,
            vars: self.set.iter().cloned().collect(),
        })
    }
}

/// Starts the run at the scenario's start, or where `--from`/`--set`/`--patience` say.
fn start(
    args: &Args,
    scenario: Arc<Scenario>,
    rulebook: Arc<Rulebook>,
    seed: u64,
    lang: Lang,
) -> Result<(Playthrough, Vec<PlayEvent>), CliError> {
    match args.start_at(&scenario) {
        None => Ok(Playthrough::start(scenario, rulebook, seed)),
        Some(at) => Playthrough::start_from(scenario, rulebook, seed, &at).map_err(|e| {
            CliError::msg(tr_with(
                lang,
                "cli-cannot-start-there",
                &[("why", e.to_string().into())],
            ))
        }),
    }
}

fn parse_gender(s: &str) -> Result<Gender, String> {
    Gender::from_key(s).ok_or_else(|| format!("`{s}`: say female or male"))
}

/// Where a run is kept: nowhere (practice), or in the progress store under a trainee.
#[derive(Default)]
struct Keeper {
    #[cfg(feature = "store")]
    kept: Option<(crate::progress::Store, crate::progress::Recorder)>,
    /// How the trainee is addressed: as asked, else as their profile says.
    agent: Option<Gender>,
}

impl Keeper {
    /// A new recording for the trainee named by `--trainee`, if any.
    fn new(args: &Args, lang: Lang) -> Result<Keeper, CliError> {
        #[cfg(feature = "store")]
        if let Some(name) = &args.trainee {
            let mut store = args.store.open(lang)?;
            let trainee = store.ensure_trainee(name)?;
            let recorder = crate::progress::Recorder::new(trainee.id);
            return Ok(Keeper {
                agent: args.agent.or(trainee.agent),
                kept: Some((store, recorder)),
            });
        }
        let _ = lang;
        Ok(Keeper {
            agent: args.agent,
            ..Keeper::default()
        })
    }

    /// The run to play: for a named trainee it begins through the store (a saved run of the
    /// scenario is recorded as abandoned, as the app does when starting afresh).
    fn begin(
        args: &Args,
        scenario: Arc<Scenario>,
        rulebook: Arc<Rulebook>,
        seed: u64,
        lang: Lang,
    ) -> Result<(Keeper, Playthrough, Vec<PlayEvent>), CliError> {
        #[cfg(feature = "store")]
        if args.trainee.is_some() && args.start_at(&scenario).is_some() {
            return Err(CliError::msg(tr(lang, "cli-from-not-recorded")));
        }
        #[cfg(feature = "store")]
        if let Some(name) = &args.trainee {
            let mut store = args.store.open(lang)?;
            let trainee = store.ensure_trainee(name)?;
            let begun = crate::progress::session::begin(
                &mut store, trainee.id, scenario, rulebook, false, seed,
            )?;
            let keeper = Keeper {
                agent: args.agent.or(trainee.agent),
                kept: Some((store, begun.recorder)),
            };
            return Ok((keeper, begun.run, begun.events));
        }
        let (run, events) = start(args, scenario, rulebook, seed, lang)?;
        let keeper = Keeper {
            agent: args.agent,
            ..Keeper::default()
        };
        Ok((keeper, run, events))
    }

    /// The trainee reading, in `lang`.
    fn reader(&self, lang: Lang) -> Reader {
        Reader {
            lang,
            agent: self.agent,
        }
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

pub fn run(args: Args, lang: Lang) -> CliResult {
    let (scenario, rulebook) = super::open(&args.scenario, lang)?;
    match &args.choices {
        Some(steps) => scripted(&args, scenario, rulebook, steps, lang),
        None => {
            let seed = args.seed.unwrap_or_else(fresh_seed);
            let (mut keeper, run, events) = Keeper::begin(&args, scenario, rulebook, seed, lang)?;
            let reader = keeper.reader(lang);
            terminal::play(run, events, reader, &mut keeper)
        }
    }
}

/// With no command in a build without the app: pick a scenario from the library and play it.
#[cfg_attr(feature = "app", allow(dead_code))]
pub fn menu(lang: Lang) -> CliResult {
    let (library, _) = super::LibraryArg::default().load(lang)?;
    let scenarios: Vec<&Arc<Scenario>> = library.scenarios().collect();
    if scenarios.is_empty() {
        return Err(CliError::msg(tr(lang, "cli-no-playable")));
    }
    println!("Rapport — {}", tr(lang, "pick-scenario"));
    for (i, s) in scenarios.iter().enumerate() {
        println!(
            "  {:>2}. {} ({}, {})",
            i + 1,
            s.title.get(lang),
            present::channel(s.channel, lang),
            tr_with(lang, "minutes", &[("n", s.minutes.into())])
        );
    }
    print!("> ");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| CliError::msg(e.to_string()))?;
    match answer
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|n| scenarios.get(n.wrapping_sub(1)))
    {
        Some(s) => {
            let (run, events) =
                Playthrough::start(Arc::clone(s), Arc::clone(&library.rulebook), fresh_seed());
            terminal::play(
                run,
                events,
                Reader { lang, agent: None },
                &mut Keeper::default(),
            )
        }
        None => Err(CliError::msg(tr_with(
            lang,
            "cli-not-a-number",
            &[("answer", answer.trim().into())],
        ))),
    }
}

fn scripted(
    args: &Args,
    scenario: Arc<Scenario>,
    rulebook: Arc<Rulebook>,
    steps: &[String],
    lang: Lang,
) -> CliResult {
    let (seed, format) = (args.seed.unwrap_or(0), args.format);
    #[cfg(feature = "store")]
    if args.trainee.is_some() && args.start_at(&scenario).is_some() {
        return Err(CliError::msg(tr(lang, "cli-from-not-recorded")));
    }
    let (run, events) = start(
        args,
        Arc::clone(&scenario),
        Arc::clone(&rulebook),
        seed,
        lang,
    )?;
    let (run, events) =
        continue_steps(run, events, steps).map_err(|StepError { index, message }| {
            CliError::msg(tr_with(
                lang,
                "cli-choices-step",
                &[("n", (index + 1).into()), ("message", message.into())],
            ))
        })?;
    // A scripted run that stops short is a question about the scenario, not a session.
    let mut keeper = Keeper::new(args, lang)?;
    if run.is_finished() {
        keeper.observe(&run)?;
    }
    let reader = keeper.reader(lang);
    let debrief = run.result().map(|r| Debrief::new(&scenario, &rulebook, &r));
    match format {
        Format::Json => {
            let transcript: Vec<_> = events.iter().map(|e| event_json(&run, e, reader)).collect();
            super::print_json(&json!({
                "scenario": scenario.id,
                "hash": scenario.hash,
                "seed": seed,
                "language": lang,
                "customer": run.state().customer.values(&scenario, lang),
                "steps": steps,
                "transcript": transcript,
                "finished": run.is_finished(),
                "on_offer": run.choices().iter().map(|c| &c.id).collect::<Vec<_>>(),
                "result": debrief.as_ref().map(|d| &d.result),
                "debrief": debrief.as_ref().map(|d| &d.entries),
            }));
        }
        Format::Text => {
            header(&run, seed, reader);
            for e in &events {
                print_event(&run, e, reader);
            }
            match &debrief {
                Some(d) => print_debrief(&run, d, reader),
                None => println!(
                    "\n{}",
                    tr_with(
                        lang,
                        "cli-stops-here",
                        &[
                            ("node", (&run.state().node).into()),
                            (
                                "choices",
                                run.choices()
                                    .iter()
                                    .map(|c| c.id.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                                    .into()
                            ),
                        ],
                    )
                ),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn header(run: &Playthrough, seed: u64, reader: Reader) {
    let (s, lang, words) = (run.scenario(), reader.lang, Words::of(run, reader.agent));
    println!(
        "{} — {} · {} · {}",
        s.title.get(lang),
        present::channel(s.channel, lang),
        words.customer_name(lang),
        tr_with(lang, "cli-seed", &[("seed", seed.to_string().into())])
    );
    println!("{}\n", words.text(&s.briefing, lang));
}

pub(super) fn print_event(run: &Playthrough, e: &PlayEvent, reader: Reader) {
    if let Some(text) = event_text(run, e, reader) {
        let at = match e {
            PlayEvent::RuleScored { .. } | PlayEvent::PatienceChanged { .. } => String::new(),
            _ => format!("[{}] ", clock(e.at_ms())),
        };
        println!("{at}{text}");
    }
}

pub(super) fn print_debrief(run: &Playthrough, d: &Debrief, reader: Reader) {
    let (r, lang, words) = (&d.result, reader.lang, Words::of(run, reader.agent));
    let ending = run.scenario().node(&r.ending);
    println!();
    if let Some(crate::engine::scenario::ScenarioNode::Ending(e)) = ending {
        println!(
            "{}: {} — {}",
            tr(lang, "ending"),
            present::outcome(r.outcome, lang),
            words.text(&e.summary, lang)
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
            Some(c) => words.choice(&entry.node, c, lang),
            None => tr_with(lang, "silence", &[("agent", words.agent_key().into())]),
        };
        println!("{:>2}. [{}] {did}", i + 1, clock(entry.at_ms));
        for e in &entry.effects {
            println!("      {}", effect_text(run, e, reader));
        }
        if let Some(better) = &entry.better {
            println!(
                "      → {}",
                tr_with(
                    lang,
                    "better",
                    &[(
                        "choice",
                        words.choice(&entry.node, &better.choice, lang).into()
                    )]
                )
            );
        }
    }
}

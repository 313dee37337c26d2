//! `rapport export`: sessions and per-rule scores as CSV, or as xAPI statements.

use super::names::Names;
use super::store_arg::StoreAndTrainee;
use super::{CliError, CliResult, LibraryArg};
use crate::locale::{Lang, tr_with};
use crate::progress::xapi::{self, DEFAULT_IRI_BASE, Shape};
use crate::progress::{Store, Trainee, TraineeId, iso_time};
use clap::ValueEnum;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One row per session with a column per rule.
    Csv,
    /// A JSON array of xAPI 1.0.3 statements.
    Xapi,
    /// A gradebook for an LMS (Moodle's CSV grade import): one row per trainee, a column per
    /// scenario (their best score), matched by the LMS id or e-mail in the trainee's profile.
    LmsCsv,
}

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    from: StoreAndTrainee,
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// Write here instead of to standard output.
    #[arg(long, short)]
    out: Option<PathBuf>,
    #[command(flatten)]
    pub xapi: XapiArgs,
}

#[derive(clap::Args, Clone)]
pub struct XapiArgs {
    /// Base of the IRIs naming activities and trainee accounts in xAPI statements.
    #[arg(long, env = "RAPPORT_IRI_BASE", default_value = DEFAULT_IRI_BASE)]
    pub iri_base: String,
    /// Where the scenarios are (for activity names and pass marks).
    #[command(flatten)]
    pub library: LibraryArg,
}

pub fn run(args: Args, lang: Lang) -> CliResult {
    let (store, trainee) = args.from.open(lang)?;
    let mut out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .map_err(|e| CliError::msg(format!("{}: {e}", path.display())))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    };
    let written = match args.format {
        ExportFormat::Csv => write_csv(&store, trainee.as_ref(), &mut out),
        ExportFormat::LmsCsv => super::gradebook::write(&store, trainee.as_ref(), &mut out),
        ExportFormat::Xapi => {
            let names = Names::read(&args.xapi.library, lang)?;
            let statements = xapi::all_statements(
                &store,
                &Shape::from_settings(&store, &args.xapi.iri_base)?,
                trainee.as_ref(),
                &names.titles,
                &names.pass_marks,
            )?;
            serde_json::to_writer_pretty(&mut out, &statements)
                .map_err(|e| e.to_string())
                .and_then(|()| writeln!(out).map_err(|e| e.to_string()))
        }
    };
    written
        .and_then(|()| out.flush().map_err(|e| e.to_string()))
        .map_err(|e| CliError::msg(tr_with(lang, "cli-export-failed", &[("error", e.into())])))?;
    Ok(ExitCode::SUCCESS)
}

/// One row per session; a column per rule holding that session's score for it (empty when the
/// session did not test the rule).
fn write_csv(store: &Store, trainee: Option<&Trainee>, out: &mut dyn Write) -> Result<(), String> {
    let trainees: BTreeMap<TraineeId, Trainee> = store
        .trainees()
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let sessions = store
        .sessions_between(trainee.map(|t| t.id), i64::MIN, i64::MAX)
        .map_err(|e| e.to_string())?;
    let mut scores = Vec::with_capacity(sessions.len());
    let mut rules = std::collections::BTreeSet::new();
    for s in &sessions {
        let r = store.rule_scores(s.id).map_err(|e| e.to_string())?;
        rules.extend(r.iter().map(|r| r.rule.clone()));
        scores.push(r);
    }
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<String> = [
        "session",
        "uuid",
        "trainee",
        "account",
        "scenario",
        "scenario_hash",
        "seed",
        "started",
        "ended",
        "status",
        "ending",
        "outcome",
        "score",
        "duration_s",
        "decisions",
    ]
    .map(String::from)
    .to_vec();
    header.extend(rules.iter().map(|r| format!("rule:{r}")));
    w.write_record(&header).map_err(|e| e.to_string())?;
    for (s, r) in sessions.iter().zip(&scores) {
        let who = trainees.get(&s.trainee_id);
        let by_rule: BTreeMap<&str, f64> = r.iter().map(|r| (r.rule.as_str(), r.score)).collect();
        let mut row = vec![
            s.id.to_string(),
            s.uuid.clone(),
            who.map(|t| t.name.clone()).unwrap_or_default(),
            who.map(|t| t.account.clone()).unwrap_or_default(),
            s.scenario_id.clone(),
            s.scenario_hash.clone(),
            s.seed.to_string(),
            iso_time(s.started_ms),
            iso_time(s.ended_ms),
            s.status.key().to_owned(),
            s.ending.clone().unwrap_or_default(),
            s.outcome.map(|o| o.key().to_owned()).unwrap_or_default(),
            format!("{:.2}", s.score),
            format!("{:.3}", s.duration_ms as f64 / 1000.0),
            s.decisions.to_string(),
        ];
        row.extend(rules.iter().map(|rule| {
            by_rule
                .get(rule.as_str())
                .map(|v| format!("{v:.2}"))
                .unwrap_or_default()
        }));
        w.write_record(&row).map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())
}

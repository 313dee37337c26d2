//! The progress store from the terminal: `progress`, `due`, `forget`, `export` and `sync`.

use super::{DEFAULT_SCENARIOS, Format};
use crate::engine::load::{TRACKS_NAME, load_library};
use crate::engine::text::Text;
use crate::progress::mastery::{MASTERED_AT, MIN_SESSIONS};
use crate::progress::xapi::{self, DEFAULT_IRI_BASE, Iris, Lrs};
use crate::progress::{self, Status, Store, Track, Trainee, now_ms, tracks};
use clap::ValueEnum;
use serde_json::json;
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const DAY_MS: i64 = 24 * 3600 * 1000;

/// Which progress store to use.
#[derive(clap::Args, Clone)]
pub struct StoreArg {
    /// The progress store (default: progress.sqlite3 in the data folder, or `RAPPORT_DATA_DIR`).
    #[arg(long, env = "RAPPORT_STORE", value_name = "FILE")]
    pub store: Option<PathBuf>,
}

impl StoreArg {
    pub fn path(&self) -> Option<PathBuf> {
        self.store
            .clone()
            .or_else(|| progress::data_dir().map(|d| progress::store_path(&d)))
    }

    /// Opens the store, printing why not if it cannot be.
    pub fn open(&self) -> Result<Store, ExitCode> {
        let Some(path) = self.path() else {
            eprintln!("rapport: no data folder on this system; name a store with --store");
            return Err(ExitCode::FAILURE);
        };
        Store::open(&path).map_err(|e| {
            eprintln!("rapport: {e}");
            ExitCode::FAILURE
        })
    }
}

#[derive(clap::Args)]
pub struct ProgressArgs {
    #[command(flatten)]
    store: StoreArg,
    /// One trainee's mastery, tracks, refreshers and sessions (default: a line per trainee).
    #[arg(long)]
    trainee: Option<String>,
    /// Where the scenarios and tracks.ron are.
    #[arg(long, default_value = DEFAULT_SCENARIOS)]
    scenarios: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(clap::Args)]
pub struct DueArgs {
    #[command(flatten)]
    store: StoreArg,
    /// Only this trainee's refreshers.
    #[arg(long)]
    trainee: Option<String>,
    /// Also list refreshers falling due within this many days.
    #[arg(long, default_value_t = 0)]
    within: u32,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(clap::Args)]
pub struct ForgetArgs {
    #[command(flatten)]
    store: StoreArg,
    #[arg(long)]
    trainee: String,
    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One row per session with a column per rule.
    Csv,
    /// A JSON array of xAPI 1.0.3 statements.
    Xapi,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    store: StoreArg,
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// Write here instead of to standard output.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Only this trainee's sessions.
    #[arg(long)]
    trainee: Option<String>,
    #[command(flatten)]
    xapi: XapiArgs,
}

#[derive(clap::Args, Clone)]
pub struct XapiArgs {
    /// Base of the IRIs naming activities and trainee accounts in xAPI statements.
    #[arg(long, env = "RAPPORT_IRI_BASE", default_value = DEFAULT_IRI_BASE)]
    iri_base: String,
    /// Where the scenarios are (for activity names).
    #[arg(long, default_value = DEFAULT_SCENARIOS)]
    scenarios: PathBuf,
}

#[derive(clap::Args)]
pub struct SyncArgs {
    #[command(flatten)]
    store: StoreArg,
    /// The LRS's xAPI endpoint, e.g. https://lrs.example.com/xAPI/
    #[arg(long)]
    lrs: String,
    /// Basic auth user name.
    #[arg(long, env = "RAPPORT_LRS_USER")]
    user: Option<String>,
    /// Basic auth password (better given in RAPPORT_LRS_PASSWORD than on the command line).
    #[arg(long, env = "RAPPORT_LRS_PASSWORD", hide_env_values = true)]
    password: Option<String>,
    /// Statements per request.
    #[arg(long, default_value_t = 50)]
    batch: usize,
    /// Attempts per request while the LRS is down or answers 5xx.
    #[arg(long, default_value_t = 3)]
    attempts: u32,
    /// Seconds to wait for the LRS on each request.
    #[arg(long, default_value_t = 10)]
    timeout: u64,
    #[command(flatten)]
    xapi: XapiArgs,
}

fn trainee_or_exit(store: &Store, name: &str) -> Result<Trainee, ExitCode> {
    match store.trainee(name) {
        Ok(Some(t)) => Ok(t),
        Ok(None) => {
            let known: Vec<String> = store
                .trainees()
                .unwrap_or_default()
                .into_iter()
                .map(|t| t.name)
                .collect();
            let hint = crate::engine::validate::suggest(name, known.iter());
            eprintln!("rapport: no trainee `{name}` in the store{hint}");
            Err(ExitCode::FAILURE)
        }
        Err(e) => {
            eprintln!("rapport: {e}");
            Err(ExitCode::FAILURE)
        }
    }
}

macro_rules! tryx {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(code) => return code,
        }
    };
}

macro_rules! trys {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => {
                eprintln!("rapport: {e}");
                return ExitCode::FAILURE;
            }
        }
    };
}

/// Scenario titles and tracks from the scenarios folder, reporting a broken tracks file.
pub fn titles_and_tracks(scenarios: &Path) -> (BTreeMap<String, Text>, Vec<Track>) {
    let library = load_library(&[scenarios.to_path_buf()], None);
    let titles: BTreeMap<String, Text> = library
        .scenarios()
        .map(|s| (s.id.clone(), s.title.clone()))
        .collect();
    let known: HashSet<String> = titles.keys().cloned().collect();
    let (tracks, diagnostics) = tracks::load(&scenarios.join(TRACKS_NAME), &known);
    diagnostics.iter().for_each(|d| eprintln!("{d}"));
    (titles, tracks)
}

pub fn date(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn relative_days(due_ms: i64, now: i64) -> String {
    let days = (due_ms - now) as f64 / DAY_MS as f64;
    if days <= -1.0 {
        format!("overdue by {}", plural((-days).floor() as i64, "day"))
    } else if days <= 0.0 {
        "due now".to_owned()
    } else {
        format!("due in {}", plural(days.ceil() as i64, "day"))
    }
}

/// "1 day", "3 days".
fn plural(n: i64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn bar(value: f64) -> String {
    let filled = (value.clamp(0.0, 1.0) * 10.0).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}

pub fn progress(args: ProgressArgs) -> ExitCode {
    let store = tryx!(args.store.open());
    let now = now_ms();
    let Some(name) = &args.trainee else {
        return team_summary(&store, args.format, now);
    };
    let trainee = tryx!(trainee_or_exit(&store, name));
    let p = trys!(store.progress(&trainee));
    let (titles, tracks) = titles_and_tracks(&args.scenarios);
    let title = |id: &str| {
        titles
            .get(id)
            .map(|t| t.get("en").to_owned())
            .unwrap_or_else(|| id.to_owned())
    };
    let finished = p
        .recent
        .iter()
        .filter(|s| s.status == Status::Finished)
        .count();
    if args.format == Format::Json {
        super::print_json(&json!({
            "trainee": trainee.name,
            "sessions": p.sessions_total,
            "mastery": p.mastery.iter().map(|m| json!({
                "rule": m.rule, "value": m.value, "sessions": m.sessions, "mastered": m.mastered(),
            })).collect::<Vec<_>>(),
            "tracks": tracks.iter().map(|t| {
                let tp = t.progress(&p.best);
                json!({"track": t.id, "passed": tp.passed, "total": tp.total, "next": tp.next})
            }).collect::<Vec<_>>(),
            "refreshers": p.refreshers.iter().map(|r| json!({
                "scenario": r.scenario_id, "due": xapi::iso_time(r.due_ms), "due_now": r.is_due(now),
                "last_score": r.last_score, "best_score": r.best_score,
            })).collect::<Vec<_>>(),
            "recent": p.recent.iter().take(20).map(|s| json!({
                "id": s.id, "scenario": s.scenario_id, "ended": xapi::iso_time(s.ended_ms),
                "status": s.status.key(), "outcome": s.outcome, "score": s.score,
            })).collect::<Vec<_>>(),
        }));
        return ExitCode::SUCCESS;
    }
    println!(
        "{} — {} ({} of the latest {} finished)\n",
        trainee.name,
        plural(p.sessions_total as i64, "session"),
        finished,
        p.recent.len()
    );
    println!(
        "Mastery (mastered at {:.0}% over {MIN_SESSIONS}+ sessions; recent sessions count more)",
        MASTERED_AT * 100.0
    );
    if p.mastery.is_empty() {
        println!("  no finished sessions yet");
    }
    for m in &p.mastery {
        println!(
            "  {:<18} {}  {:>3.0}%  ({}){}",
            m.rule,
            bar(m.value),
            m.value * 100.0,
            plural(i64::from(m.sessions), "session"),
            if m.mastered() { "  mastered" } else { "" }
        );
    }
    if !tracks.is_empty() {
        println!("\nTracks");
        for t in &tracks {
            let tp = t.progress(&p.best);
            let status = match &tp.next {
                None if tp.is_passed() => "passed".to_owned(),
                None => String::new(),
                Some(next) => format!("next: {}", title(next)),
            };
            println!(
                "  {:<28} {}/{} at {:.0}%+  {status}",
                t.title.get("en"),
                tp.passed,
                tp.total,
                t.pass_at
            );
        }
    }
    println!("\nRefreshers");
    if p.refreshers.is_empty() {
        println!("  none scheduled yet");
    }
    for r in &p.refreshers {
        println!(
            "  {:<36} {:<18} last {:>3.0}%  best {:>3.0}%",
            title(&r.scenario_id),
            relative_days(r.due_ms, now),
            r.last_score,
            r.best_score
        );
    }
    println!("\nRecent sessions");
    for s in p.recent.iter().take(10) {
        println!(
            "  #{:<6} {}  {:<36} {:<10} {:<10} {:>3.0}%",
            s.id,
            date(s.ended_ms),
            title(&s.scenario_id),
            s.status.key(),
            s.outcome.as_deref().unwrap_or("-"),
            s.score
        );
    }
    ExitCode::SUCCESS
}

fn team_summary(store: &Store, format: Format, now: i64) -> ExitCode {
    let report = trys!(store.team(progress::Period::AllTime, None, now));
    let counts = trys!(store.session_counts());
    if format == Format::Json {
        super::print_json(&json!(
            report
                .rows
                .iter()
                .map(|row| json!({
                    "trainee": row.trainee.name,
                    "sessions": counts.get(&row.trainee.id).map_or(0, |c| c.0),
                    "last": counts.get(&row.trainee.id).map(|c| xapi::iso_time(c.1)),
                    "rules_mastered": row.cells.values().filter(|c| c.value >= MASTERED_AT && c.sessions >= MIN_SESSIONS).count(),
                    "rules_tested": row.cells.len(),
                    "overdue": row.overdue,
                }))
                .collect::<Vec<_>>()
        ));
        return ExitCode::SUCCESS;
    }
    if report.rows.is_empty() {
        println!("No trainees yet in {}.", store.path().display());
        return ExitCode::SUCCESS;
    }
    println!(
        "{:<24} {:>8}  {:<16}  {:>8}  {:>7}",
        "TRAINEE", "SESSIONS", "LAST", "MASTERED", "OVERDUE"
    );
    for row in &report.rows {
        let (n, last) = counts.get(&row.trainee.id).copied().unwrap_or((0, 0));
        let mastered = row
            .cells
            .values()
            .filter(|c| c.value >= MASTERED_AT && c.sessions >= MIN_SESSIONS)
            .count();
        println!(
            "{:<24} {:>8}  {:<16}  {:>8}  {:>7}",
            row.trainee.name,
            n,
            if n > 0 { date(last) } else { "-".into() },
            format!("{mastered}/{}", row.cells.len()),
            row.overdue
        );
    }
    if let Some((rule, avg, _)) = report.weakest.first() {
        println!(
            "\nWeakest rule across the team: {rule} ({:.0}%)",
            avg * 100.0
        );
    }
    ExitCode::SUCCESS
}

pub fn due(args: DueArgs) -> ExitCode {
    let store = tryx!(args.store.open());
    let now = now_ms();
    let trainee = match &args.trainee {
        Some(name) => Some(tryx!(trainee_or_exit(&store, name))),
        None => None,
    };
    let names: BTreeMap<i64, String> = trys!(store.trainees())
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let horizon = now + i64::from(args.within) * DAY_MS;
    let due: Vec<_> = trys!(store.refreshers(trainee.as_ref().map(|t| t.id)))
        .into_iter()
        .filter(|r| r.due_ms <= horizon)
        .collect();
    if args.format == Format::Json {
        super::print_json(&json!(
            due.iter()
                .map(|r| json!({
                    "trainee": names.get(&r.trainee_id),
                    "scenario": r.scenario_id,
                    "due": xapi::iso_time(r.due_ms),
                    "overdue": r.is_due(now),
                    "last_score": r.last_score,
                    "interval_days": r.interval_days,
                }))
                .collect::<Vec<_>>()
        ));
        return ExitCode::SUCCESS;
    }
    if due.is_empty() {
        println!("Nothing due.");
    }
    for r in &due {
        println!(
            "{:<24} {:<32} {:<20} last {:>3.0}%",
            names.get(&r.trainee_id).map_or("?", String::as_str),
            r.scenario_id,
            relative_days(r.due_ms, now),
            r.last_score
        );
    }
    ExitCode::SUCCESS
}

pub fn forget(args: ForgetArgs) -> ExitCode {
    let mut store = tryx!(args.store.open());
    tryx!(trainee_or_exit(&store, &args.trainee));
    if !args.yes {
        use std::io::IsTerminal;
        if !std::io::stdin().is_terminal() {
            eprintln!("rapport: forgetting a trainee cannot be undone; add --yes to confirm");
            return ExitCode::FAILURE;
        }
        print!(
            "Delete every session and score of `{}` for good? Type the name to confirm: ",
            args.trainee
        );
        let _ = std::io::stdout().flush();
        let mut answer = String::new();
        let _ = std::io::stdin().read_line(&mut answer);
        if answer.trim() != args.trainee {
            println!("Nothing deleted.");
            return ExitCode::FAILURE;
        }
    }
    let sessions = trys!(store.forget(&args.trainee));
    println!(
        "Forgot `{}`: {} and every score deleted.",
        args.trainee,
        plural(sessions as i64, "session")
    );
    ExitCode::SUCCESS
}

pub fn export(args: ExportArgs) -> ExitCode {
    let store = tryx!(args.store.open());
    let trainee = match &args.trainee {
        Some(name) => Some(tryx!(trainee_or_exit(&store, name))),
        None => None,
    };
    let mut out: Box<dyn Write> = match &args.out {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(std::io::BufWriter::new(f)),
            Err(e) => {
                eprintln!("rapport: {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        },
        None => Box::new(std::io::stdout().lock()),
    };
    let written = match args.format {
        ExportFormat::Csv => write_csv(&store, trainee.as_ref(), &mut out),
        ExportFormat::Xapi => {
            let (titles, _) = titles_and_tracks(&args.xapi.scenarios);
            let statements = trys!(xapi::all_statements(
                &store,
                &Iris::new(&args.xapi.iri_base),
                trainee.as_ref(),
                &titles
            ));
            serde_json::to_writer_pretty(&mut out, &statements)
                .map_err(|e| e.to_string())
                .and_then(|()| writeln!(out).map_err(|e| e.to_string()))
        }
    };
    match written.and_then(|()| out.flush().map_err(|e| e.to_string())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rapport: export failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One row per session; a column per rule holding that session's score for it (empty when the
/// session did not test the rule).
fn write_csv(store: &Store, trainee: Option<&Trainee>, out: &mut dyn Write) -> Result<(), String> {
    let trainees: BTreeMap<i64, Trainee> = store
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
            xapi::iso_time(s.started_ms),
            xapi::iso_time(s.ended_ms),
            s.status.key().to_owned(),
            s.ending.clone().unwrap_or_default(),
            s.outcome.clone().unwrap_or_default(),
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

pub fn sync(args: SyncArgs) -> ExitCode {
    let mut store = tryx!(args.store.open());
    let (titles, _) = titles_and_tracks(&args.xapi.scenarios);
    let statements = trys!(xapi::all_statements(
        &store,
        &Iris::new(&args.xapi.iri_base),
        None,
        &titles
    ));
    let mut lrs = Lrs::new(&args.lrs);
    lrs.username = args.user;
    lrs.password = args.password;
    lrs.batch = args.batch;
    lrs.attempts = args.attempts;
    lrs.timeout = std::time::Duration::from_secs(args.timeout);
    let report = trys!(xapi::sync(&mut store, &lrs, &statements));
    println!(
        "{}: sent {}, already sent before {}, still queued {}",
        lrs.endpoint, report.sent, report.already_sent, report.queued
    );
    match report.error {
        Some(why) => {
            eprintln!("rapport: sync stopped: {why}");
            eprintln!(
                "rapport: {} statements stay queued and go with the next sync",
                report.queued
            );
            ExitCode::FAILURE
        }
        None => ExitCode::SUCCESS,
    }
}

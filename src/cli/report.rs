//! `rapport progress`: one trainee's mastery, tracks, refreshers and sessions, or a line per
//! trainee for the whole store, in the trainee's language.

use super::names::{Names, bar, relative_days};
use super::store_arg::StoreAndTrainee;
use super::{CliResult, Format, LibraryArg};
use crate::locale::{Lang, tr, tr_with};
use crate::present;
use crate::progress::mastery::{MASTERED_AT, MIN_SESSIONS};
use crate::progress::{self, Status, Store, Trainee, TraineeProgress, iso_time, now_ms};
use serde_json::json;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// With `--trainee`: their mastery, tracks, refreshers and sessions; else a line per trainee.
    #[command(flatten)]
    from: StoreAndTrainee,
    #[command(flatten)]
    library: LibraryArg,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(args: Args, lang: Lang) -> CliResult {
    let (store, trainee) = args.from.open(lang)?;
    let now = now_ms();
    let Some(trainee) = trainee else {
        return team_summary(&store, &args.library, args.format, now, lang);
    };
    let p = store.progress(&trainee)?;
    let names = Names::read(&args.library, lang)?;
    match args.format {
        Format::Json => print_json(&trainee, &p, &names, now),
        Format::Text => print_text(&trainee, &p, &names, now, lang),
    }
    Ok(ExitCode::SUCCESS)
}

fn print_json(trainee: &Trainee, p: &TraineeProgress, names: &Names, now: i64) {
    super::print_json(&json!({
        "trainee": trainee.name,
        "sessions": p.sessions_total,
        "mastery": p.mastery.iter().map(|m| json!({
            "rule": m.rule, "value": m.value, "sessions": m.sessions, "mastered": m.mastered(),
        })).collect::<Vec<_>>(),
        "tracks": names.tracks.iter().map(|t| {
            let tp = t.progress(&p.best);
            json!({"track": t.id, "passed": tp.passed, "total": tp.total, "next": tp.next})
        }).collect::<Vec<_>>(),
        "refreshers": p.refreshers.iter().map(|r| json!({
            "scenario": r.scenario_id, "due": iso_time(r.due_ms), "due_now": r.is_due(now),
            "last_score": r.last_score, "best_score": r.best_score,
        })).collect::<Vec<_>>(),
        "recent": p.recent.iter().take(20).map(|s| json!({
            "id": s.id, "scenario": s.scenario_id, "ended": iso_time(s.ended_ms),
            "status": s.status.key(), "outcome": s.outcome, "score": s.score,
        })).collect::<Vec<_>>(),
    }));
}

fn print_text(trainee: &Trainee, p: &TraineeProgress, names: &Names, now: i64, lang: Lang) {
    let finished = p
        .recent
        .iter()
        .filter(|s| s.status == Status::Finished)
        .count();
    println!(
        "{}\n",
        tr_with(
            lang,
            "cli-progress-head",
            &[
                ("name", (&trainee.name).into()),
                ("n", p.sessions_total.into()),
                ("finished", finished.into()),
                ("recent", p.recent.len().into()),
            ],
        )
    );
    println!(
        "{}",
        tr_with(
            lang,
            "cli-mastery-head",
            &[
                ("bar", format!("{:.0}", MASTERED_AT * 100.0).into()),
                ("min", MIN_SESSIONS.into()),
            ],
        )
    );
    if p.mastery.is_empty() {
        println!("  {}", tr(lang, "cli-no-sessions"));
    }
    for m in &p.mastery {
        println!(
            "  {:<40} {}  {:>3.0}%  ({}){}",
            names.rule(&m.rule, lang),
            bar(m.value),
            m.value * 100.0,
            tr_with(lang, "n-sessions", &[("n", m.sessions.into())]),
            if m.mastered() {
                format!("  {}", tr(lang, "mastered"))
            } else {
                String::new()
            }
        );
    }
    if !names.tracks.is_empty() {
        println!("\n{}", tr(lang, "tracks"));
        for t in &names.tracks {
            let tp = t.progress(&p.best);
            let status = match &tp.next {
                None if tp.is_passed() => tr(lang, "track-passed"),
                None => String::new(),
                Some(next) => tr_with(
                    lang,
                    "cli-track-next",
                    &[("title", names.scenario(next, lang).into())],
                ),
            };
            println!(
                "  {:<36} {}  {status}",
                t.title.get(lang),
                tr_with(
                    lang,
                    "cli-track-line",
                    &[
                        ("passed", tp.passed.into()),
                        ("total", tp.total.into()),
                        ("bar", format!("{:.0}", t.pass_at).into()),
                    ],
                )
            );
        }
    }
    println!("\n{}", tr(lang, "refreshers"));
    if p.refreshers.is_empty() {
        println!("  {}", tr(lang, "cli-refreshers-none"));
    }
    for r in &p.refreshers {
        println!(
            "  {:<36} {:<20} {}",
            names.scenario(&r.scenario_id, lang),
            relative_days(r.due_ms, now, lang),
            tr_with(
                lang,
                "cli-last-best",
                &[
                    ("last", format!("{:.0}", r.last_score).into()),
                    ("best", format!("{:.0}", r.best_score).into()),
                ],
            )
        );
    }
    println!("\n{}", tr(lang, "cli-recent"));
    for s in p.recent.iter().take(10) {
        println!(
            "  #{:<6} {}  {:<36} {:<12} {:<20} {:>3.0}%",
            s.id,
            present::date_time(s.ended_ms),
            names.scenario(&s.scenario_id, lang),
            tr(lang, &format!("cli-status-{}", s.status.key())),
            s.outcome
                .map_or("-".to_owned(), |o| present::outcome(o, lang)),
            s.score
        );
    }
}

fn team_summary(
    store: &Store,
    library: &LibraryArg,
    format: Format,
    now: i64,
    lang: Lang,
) -> CliResult {
    let report = store.team(progress::Period::AllTime, None, now)?;
    let counts = store.session_counts()?;
    if format == Format::Json {
        super::print_json(&json!(
            report
                .rows
                .iter()
                .map(|row| json!({
                    "trainee": row.trainee.name,
                    "sessions": counts.get(&row.trainee.id).map_or(0, |c| c.0),
                    "last": counts.get(&row.trainee.id).map(|c| iso_time(c.1)),
                    "rules_mastered": row.cells.values().filter(|c| c.mastered()).count(),
                    "rules_tested": row.cells.len(),
                    "overdue": row.overdue,
                }))
                .collect::<Vec<_>>()
        ));
        return Ok(ExitCode::SUCCESS);
    }
    if report.rows.is_empty() {
        println!(
            "{}",
            tr_with(
                lang,
                "cli-no-trainees-in",
                &[("path", store.path().display().to_string().into())],
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<24} {:>10}  {:<16}  {:>10}  {:>10}",
        tr(lang, "cli-col-trainee"),
        tr(lang, "cli-col-sessions"),
        tr(lang, "cli-col-last"),
        tr(lang, "cli-col-mastered"),
        tr(lang, "cli-col-overdue"),
    );
    for row in &report.rows {
        let (n, last) = counts.get(&row.trainee.id).copied().unwrap_or((0, 0));
        let mastered = row.cells.values().filter(|c| c.mastered()).count();
        println!(
            "{:<24} {:>10}  {:<16}  {:>10}  {:>10}",
            row.trainee.name,
            n,
            if n > 0 {
                present::date_time(last)
            } else {
                "-".into()
            },
            format!("{mastered}/{}", row.cells.len()),
            row.overdue
        );
    }
    if let Some((rule, avg, _)) = report.weakest.first() {
        let names = Names::read(library, lang)?;
        println!(
            "\n{}",
            tr_with(
                lang,
                "cli-weakest",
                &[
                    ("rule", names.rule(rule, lang).into()),
                    ("pct", format!("{:.0}", avg * 100.0).into()),
                ],
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

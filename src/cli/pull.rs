//! `rapport pull`: the team's sessions from the LRS into this machine's store, so Team,
//! progress and refreshers cover everyone (see `progress::xapi::pull`).

use super::export::XapiArgs;
use super::store_arg::StoreArg;
use super::{CliError, CliResult};
use crate::locale::{Lang, tr, tr_with};
use crate::progress::xapi::connection::Connection;
use crate::progress::xapi::{self, Iris, PullOptions};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    store: StoreArg,
    /// Only this team (default: the team set with `rapport lrs set`; without one, every
    /// Rapport session the LRS user may read).
    #[arg(long)]
    team: Option<String>,
    /// Look again this many days before the last pull, for sessions synced late.
    #[arg(long, default_value_t = 30)]
    overlap_days: u32,
    /// Read the whole history again (sessions already here are still not stored twice).
    #[arg(long)]
    full: bool,
    /// Statements per page asked of the LRS.
    #[arg(long, default_value_t = 100, hide = true)]
    page_size: usize,
    #[command(flatten)]
    xapi: XapiArgs,
}

pub fn run(args: Args, lang: Lang) -> CliResult {
    let mut store = args.store.open(lang)?;
    let connection =
        Connection::load(&store)?.ok_or_else(|| CliError::msg(tr(lang, "cli-lrs-not-set")))?;
    let (lrs, _) = connection.lrs().map_err(CliError::msg)?;
    let options = PullOptions {
        team: args.team.or(connection.team),
        overlap_days: args.overlap_days,
        full: args.full,
        page: args.page_size,
    };
    let report = xapi::pull(&mut store, &lrs, &Iris::new(&args.xapi.iri_base), &options)?;
    println!(
        "{}",
        tr_with(
            lang,
            "cli-pull-report",
            &[
                ("endpoint", (&lrs.endpoint).into()),
                ("read", report.read.into()),
                ("sessions", report.sessions.into()),
                ("known", report.known.into()),
                ("foreign", report.foreign.into()),
                ("skipped", report.skipped.len().into()),
            ]
        )
    );
    for (id, why) in &report.skipped {
        eprintln!(
            "{}",
            tr_with(
                lang,
                "cli-pull-skipped",
                &[("id", id.into()), ("why", why.into())]
            )
        );
    }
    match report.error {
        Some(why) => Err(CliError::msg(tr_with(
            lang,
            "cli-pull-stopped",
            &[("why", why.into())],
        ))),
        None => Ok(ExitCode::SUCCESS),
    }
}

//! `rapport sync`: every stored session's xAPI statements to a Learning Record Store, each once.

use super::export::XapiArgs;
use super::names::Names;
use super::store_arg::StoreArg;
use super::{CliError, CliResult};
use crate::locale::{Lang, tr, tr_with};
use crate::progress::xapi::connection::Connection;
use crate::progress::xapi::{self, Lrs, Shape};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    store: StoreArg,
    /// The LRS's xAPI endpoint, e.g. https://lrs.example.com/xAPI/ (default: the one set with
    /// `rapport lrs set`, with its user and secret).
    #[arg(long)]
    lrs: Option<String>,
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

pub fn run(args: Args, lang: Lang) -> CliResult {
    let mut store = args.store.open(lang)?;
    let names = Names::read(&args.xapi.library, lang)?;
    let shape = Shape::from_settings(&store, &args.xapi.iri_base)?;
    let mut lrs = match (&args.lrs, Connection::load(&store)?) {
        (Some(url), _) => {
            let mut lrs = Lrs::new(url);
            lrs.username = args.user;
            lrs.password = args.password;
            lrs
        }
        (None, Some(connection)) => connection.lrs().map_err(CliError::msg)?.0,
        (None, None) => return Err(CliError::msg(tr(lang, "cli-lrs-not-set"))),
    };
    lrs.batch = args.batch;
    lrs.attempts = args.attempts;
    lrs.timeout = std::time::Duration::from_secs(args.timeout);
    let report = xapi::send_pending(&mut store, &lrs, &shape, &names.titles, &names.pass_marks)?;
    println!(
        "{}",
        tr_with(
            lang,
            "cli-sync-report",
            &[
                ("endpoint", (&lrs.endpoint).into()),
                ("sent", report.sent.into()),
                ("before", report.already_sent.into()),
                ("queued", report.queued.into()),
            ],
        )
    );
    match report.error {
        Some(why) => Err(CliError::msg(format!(
            "{}\nrapport: {}",
            tr_with(lang, "cli-sync-stopped", &[("why", why.into())]),
            tr_with(lang, "cli-sync-queued", &[("n", report.queued.into())])
        ))),
        None => Ok(ExitCode::SUCCESS),
    }
}

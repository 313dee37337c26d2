//! `rapport forget`: a trainee and everything recorded of them, deleted for good.

use super::store_arg::{StoreArg, find_trainee};
use super::{CliError, CliResult};
use crate::locale::{Lang, tr, tr_with};
use std::io::Write;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    store: StoreArg,
    #[arg(long)]
    trainee: String,
    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,
}

pub fn run(args: Args, lang: Lang) -> CliResult {
    let mut store = args.store.open(lang)?;
    let trainee = find_trainee(&store, &args.trainee, lang)?;
    let lrs = crate::progress::xapi::connection::Connection::load(&store)?;
    if !args.yes {
        use std::io::IsTerminal;
        if !std::io::stdin().is_terminal() {
            return Err(CliError::msg(tr(lang, "cli-forget-needs-yes")));
        }
        print!(
            "{} ",
            tr_with(
                lang,
                "cli-forget-confirm",
                &[("name", (&args.trainee).into())]
            )
        );
        let _ = std::io::stdout().flush();
        let mut answer = String::new();
        let _ = std::io::stdin().read_line(&mut answer);
        if answer.trim() != args.trainee {
            println!("{}", tr(lang, "cli-nothing-deleted"));
            return Err(CliError::Reported);
        }
    }
    let sessions = store.forget(&args.trainee)?;
    println!(
        "{}",
        tr_with(
            lang,
            "cli-forgot",
            &[("name", (&args.trainee).into()), ("n", sessions.into())],
        )
    );
    if let Some(lrs) = lrs {
        println!(
            "{}",
            tr_with(
                lang,
                "cli-forget-lrs",
                &[
                    ("endpoint", lrs.endpoint.into()),
                    ("account", trainee.account.into())
                ],
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

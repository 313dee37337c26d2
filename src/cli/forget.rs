//! `rapport forget`: a trainee and everything recorded of them, deleted for good.

use super::store_arg::{StoreArg, find_trainee};
use super::{CliError, CliResult, words};
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

pub fn run(args: Args) -> CliResult {
    let mut store = args.store.open()?;
    find_trainee(&store, &args.trainee)?;
    if !args.yes {
        use std::io::IsTerminal;
        if !std::io::stdin().is_terminal() {
            return Err(CliError::msg(
                "forgetting a trainee cannot be undone; add --yes to confirm",
            ));
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
            return Err(CliError::Reported);
        }
    }
    let sessions = store.forget(&args.trainee)?;
    println!(
        "Forgot `{}`: {} and every score deleted.",
        args.trainee,
        words::plural(sessions as i64, "session")
    );
    Ok(ExitCode::SUCCESS)
}

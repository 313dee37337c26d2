//! `rapport trainee NAME`: what an LMS knows a trainee by, for `export --format lms-csv`.
//! Kept on this machine only; never sent to the LRS.

use super::CliResult;
use super::store_arg::{StoreArg, find_trainee};
use crate::locale::{Lang, tr_with};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    store: StoreArg,
    /// The trainee's name as Rapport knows it.
    name: String,
    /// Their e-mail address in the LMS ("" clears it).
    #[arg(long)]
    email: Option<String>,
    /// Their ID number in the LMS ("" clears it).
    #[arg(long)]
    lms_id: Option<String>,
}

pub fn run(args: Args, lang: Lang) -> CliResult {
    let mut store = args.store.open(lang)?;
    let t = find_trainee(&store, &args.name, lang)?;
    let keep = |new: Option<String>, old: Option<String>| match new {
        Some(v) if v.trim().is_empty() => None,
        Some(v) => Some(v.trim().to_owned()),
        None => old,
    };
    let email = keep(args.email, t.email.clone());
    let lms_id = keep(args.lms_id, t.lms_id.clone());
    store.set_lms_identity(t.id, email.as_deref(), lms_id.as_deref())?;
    println!(
        "{}",
        tr_with(
            lang,
            "cli-trainee-profile",
            &[
                ("name", (&t.name).into()),
                ("email", email.unwrap_or_else(|| "-".into()).into()),
                ("lms", lms_id.unwrap_or_else(|| "-".into()).into()),
                ("account", (&t.account).into()),
            ]
        )
    );
    Ok(ExitCode::SUCCESS)
}

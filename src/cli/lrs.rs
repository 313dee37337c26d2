//! `rapport lrs`: connect this machine to the company's Learning Record Store once (`set`),
//! ask it whether it answers (`test`), see what waits to be sent (`status`), disconnect.

use super::store_arg::StoreArg;
use super::{CliError, CliResult};
use crate::locale::{Lang, tr, tr_with};
use crate::progress::xapi::connection::{self, Connection, SECRET_VAR, SecretFrom};
use crate::progress::xapi::{self, test_connection};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: LrsCommand,
}

#[derive(clap::Subcommand)]
enum LrsCommand {
    /// Store the LRS's endpoint and user on this machine; the secret goes to the OS keyring.
    Set(SetArgs),
    /// Ask the LRS whether it answers and takes the credentials.
    Test(StoreOnly),
    /// The connection, and how many sessions wait to be sent.
    Status(StoreOnly),
    /// Forget the connection and its secret (recorded sessions stay).
    Remove(StoreOnly),
}

#[derive(clap::Args)]
struct StoreOnly {
    #[command(flatten)]
    store: StoreArg,
}

#[derive(clap::Args)]
struct SetArgs {
    #[command(flatten)]
    store: StoreArg,
    /// The LRS's xAPI endpoint, e.g. https://lrs.example.com/xAPI/
    url: String,
    /// HTTP Basic user name (the LRS's key); the secret is asked for, or read from
    /// RAPPORT_LRS_PASSWORD.
    #[arg(long)]
    user: Option<String>,
    /// The team (cohort) this machine's trainees belong to: what a trainer pulls by. The same
    /// name on every machine of the team.
    #[arg(long)]
    team: Option<String>,
    /// Send trainees' display names with their statements (off: only an opaque account id
    /// leaves this machine).
    #[arg(long)]
    share_names: bool,
}

pub fn run(args: Args, lang: Lang) -> CliResult {
    match args.command {
        LrsCommand::Set(a) => set(a, lang),
        LrsCommand::Test(a) => test(a, lang),
        LrsCommand::Status(a) => status(a, lang),
        LrsCommand::Remove(a) => {
            let mut store = a.store.open(lang)?;
            Connection::remove(&mut store)?;
            println!("{}", tr(lang, "cli-lrs-removed"));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn set(a: SetArgs, lang: Lang) -> CliResult {
    if !(a.url.starts_with("http://") || a.url.starts_with("https://")) {
        return Err(CliError::msg(tr_with(
            lang,
            "cli-lrs-bad-url",
            &[("url", (&a.url).into())],
        )));
    }
    let mut store = a.store.open(lang)?;
    let connection = Connection {
        endpoint: xapi::Lrs::new(&a.url).endpoint,
        user: a.user.clone(),
        team: a
            .team
            .clone()
            .or(Connection::load(&store)?.and_then(|c| c.team)),
        share_names: a.share_names,
    };
    connection.save(&mut store)?;
    println!(
        "{}",
        tr_with(
            lang,
            "cli-lrs-saved",
            &[
                ("endpoint", (&connection.endpoint).into()),
                (
                    "team",
                    connection.team.clone().unwrap_or_else(|| "-".into()).into()
                ),
                ("names", if a.share_names { "yes" } else { "no" }.into()),
            ]
        )
    );
    if let Some(user) = &a.user {
        if std::env::var_os(SECRET_VAR).is_some() {
            // The secret comes from the environment, now and whenever Rapport runs so.
            println!(
                "{}",
                tr_with(
                    lang,
                    "cli-lrs-secret-from-env",
                    &[("var", SECRET_VAR.into())]
                )
            );
            return Ok(ExitCode::SUCCESS);
        }
        // Asked for without echo on a terminal; read as one line from standard input otherwise
        // (`printf '%s\n' "$SECRET" | rapport lrs set …` in a provisioning script).
        use std::io::IsTerminal;
        let secret = if std::io::stdin().is_terminal() {
            rpassword::prompt_password(tr_with(
                lang,
                "cli-lrs-ask-secret",
                &[("user", user.into())],
            ))
            .map_err(|e| CliError::msg(e.to_string()))?
        } else {
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| CliError::msg(e.to_string()))?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        };
        match connection::keep_secret(&connection.endpoint, user, &secret) {
            Ok(()) => println!("{}", tr(lang, "cli-lrs-secret-kept")),
            Err(why) => eprintln!(
                "{}",
                tr_with(
                    lang,
                    "cli-lrs-no-keyring",
                    &[("why", why.into()), ("var", SECRET_VAR.into())]
                )
            ),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn configured(store: &crate::progress::Store, lang: Lang) -> Result<Connection, CliError> {
    Connection::load(store)?.ok_or_else(|| CliError::msg(tr(lang, "cli-lrs-not-set")))
}

fn test(a: StoreOnly, lang: Lang) -> CliResult {
    let store = a.store.open(lang)?;
    let connection = configured(&store, lang)?;
    let (lrs, from) = connection.lrs().map_err(CliError::msg)?;
    let from = match from {
        SecretFrom::Environment => SECRET_VAR,
        SecretFrom::Keyring => "keyring",
        SecretFrom::NotNeeded => "-",
    };
    match test_connection(&lrs) {
        Ok(said) => {
            println!(
                "{}",
                tr_with(
                    lang,
                    "cli-lrs-answered",
                    &[
                        ("endpoint", (&lrs.endpoint).into()),
                        ("said", said.into()),
                        ("from", from.into())
                    ]
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(why) => Err(CliError::msg(tr_with(
            lang,
            "cli-lrs-test-failed",
            &[("endpoint", (&lrs.endpoint).into()), ("why", why.into())],
        ))),
    }
}

fn status(a: StoreOnly, lang: Lang) -> CliResult {
    let store = a.store.open(lang)?;
    let connection = configured(&store, lang)?;
    let queue = xapi::queue_status(&store, &connection.endpoint)?;
    println!(
        "{}",
        tr_with(
            lang,
            "cli-lrs-status",
            &[
                ("endpoint", (&connection.endpoint).into()),
                (
                    "team",
                    connection.team.clone().unwrap_or_else(|| "-".into()).into()
                ),
                ("waiting", queue.waiting.into()),
            ]
        )
    );
    if let Some(error) = queue.last_error {
        println!(
            "{}",
            tr_with(lang, "cli-lrs-last-error", &[("why", error.into())])
        );
    }
    Ok(ExitCode::SUCCESS)
}

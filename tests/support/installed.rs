#![allow(dead_code)]
//! Rapport as a trainer has it: the binary copied into a prefix of its own and run from another
//! folder with a clean environment, while the source tree it was built from is out of reach (an
//! empty tmpfs mounted over it in a private mount namespace, seen by that process alone). A path
//! that leads back into the checkout finds nothing there.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

pub struct Installed {
    pub bin: PathBuf,
    /// `RAPPORT_DATA_DIR` and `HOME`.
    pub data: PathBuf,
    /// The working directory: nowhere near the source.
    pub cwd: PathBuf,
    _root: tempfile::TempDir,
}

impl Installed {
    /// Copies the binary cargo built into `<temp>/prefix/bin/rapport`.
    pub fn new() -> Installed {
        let root = tempfile::tempdir().unwrap();
        let bin = root.path().join("prefix/bin/rapport");
        std::fs::create_dir_all(bin.parent().unwrap()).unwrap();
        std::fs::copy(env!("CARGO_BIN_EXE_rapport"), &bin).unwrap();
        let data = root.path().join("home");
        let cwd = root.path().join("elsewhere");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::create_dir_all(&cwd).unwrap();
        Installed {
            bin,
            data,
            cwd,
            _root: root,
        }
    }

    /// `program args…` (the installed `rapport` when `program` is None) with the source tree
    /// hidden when this machine allows a private mount namespace.
    pub fn command(&self, program: Option<&str>, args: &[&str]) -> Command {
        let program = program.map_or_else(|| self.bin.display().to_string(), str::to_owned);
        let mut cmd = match hider() {
            Some(wrapper) => {
                let mut cmd = Command::new(wrapper[0]);
                cmd.args(&wrapper[1..]).arg(SOURCE).arg(&program);
                cmd
            }
            None => Command::new(&program),
        };
        cmd.args(args)
            .current_dir(&self.cwd)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.data)
            .env("LANG", "C.UTF-8")
            .env("RAPPORT_DATA_DIR", &self.data);
        cmd
    }

    /// Runs the installed `rapport` with `args`.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(None, args).output().unwrap()
    }

    /// Whether the source tree is really out of reach for the commands (else they only run
    /// from another folder with a clean environment).
    pub fn source_hidden() -> bool {
        hider().is_some()
    }
}

/// The source tree the tests were built from.
const SOURCE: &str = env!("CARGO_MANIFEST_DIR");

/// The command that runs `sh -c SCRIPT SOURCE PROGRAM ARGS…` in a private mount namespace with
/// an empty tmpfs over SOURCE: as root, else in a user namespace; None when neither is allowed.
fn hider() -> Option<&'static [&'static str]> {
    const SCRIPT: &str = r#"mount -t tmpfs rapport-source-hidden "$0" && exec "$@""#;
    const AS_ROOT: &[&str] = &[
        "unshare",
        "--mount",
        "--propagation",
        "private",
        "sh",
        "-c",
        SCRIPT,
    ];
    const AS_USER: &[&str] = &[
        "unshare",
        "--user",
        "--map-root-user",
        "--mount",
        "--propagation",
        "private",
        "sh",
        "-c",
        SCRIPT,
    ];
    static CHOSEN: OnceLock<Option<&'static [&'static str]>> = OnceLock::new();
    *CHOSEN.get_or_init(|| {
        [AS_ROOT, AS_USER].into_iter().find(|wrapper| {
            // Works, and hides: `ls` of the source tree inside finds it empty.
            Command::new(wrapper[0])
                .args(&wrapper[1..])
                .arg(SOURCE)
                .args(["ls", "-A", SOURCE])
                .output()
                .is_ok_and(|o| o.status.success() && o.stdout.is_empty())
        })
    })
}

use std::process::ExitCode;

fn main() -> ExitCode {
    rapport::cli::run()
}

use std::process::ExitCode;

fn main() -> ExitCode {
    // Behave like other command-line tools when output goes to a pipe that closes early
    // (`rapport check --format json | head`): end quietly instead of panicking on the write.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    rapport::cli::run()
}

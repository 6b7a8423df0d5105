//! The `longhand` command. See `cli.rs` for the commands and exit codes.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}

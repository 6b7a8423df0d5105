//! The `longhand` command. See `cli/mod.rs` for the commands and exit codes.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}

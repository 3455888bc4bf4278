//! The command-line interface: `lull play | list | show | check | screen | headache-check |
//! export | ambience | history | schedule | sound-check | voice` (docs/cli.md).
//!
//! Output goes to the writers passed in, so tests can capture it. JSON output is a stable
//! interface for scripts, documented in docs/cli.md.

mod args;
mod commands;
mod export;
mod format;
mod nightly;
mod sound;
mod voice;

use std::io::Write;
use std::process::ExitCode;

pub use args::{Cli, CliCommand, ScheduleAction, VoiceAction};

/// Runs a parsed command line, writing results to `out` and problems to `err`.
pub fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<ExitCode> {
    commands::run(cli, out, err)
}

//! The command-line interface: `lull play | sleep | list | show | check | screen | headache-check |
//! export | ambience | history | schedule | sound-check | voice | routine` (docs/cli.md), and
//! the hidden `generate` (manual pages, completions) that `make install` runs.
//!
//! Output goes to the writers passed in, so tests can capture it. JSON output is a stable
//! interface for scripts, documented in docs/cli.md.

mod args;
mod commands;
mod export;
mod format;
mod generate;
mod nightly;
mod routine;
mod sound;
pub mod terminal;
mod voice;

use std::io::Write;
use std::process::ExitCode;

pub use args::{Cli, CliCommand, Generate, RoutineAction, ScheduleAction, Shell, VoiceAction};
pub use generate::RELEASE_DATE;

/// What `lull sleep PRESET …` opens the app with, or the error to print (exit code 2):
/// the preset must exist and the numbers be in range before a window opens.
pub fn sleep_plan(
    preset: &str,
    minutes: Option<u32>,
    fade: u32,
    suspend: bool,
) -> Result<crate::domain::sound_session::SoundPlan, String> {
    use crate::domain::sound_session::{MAX_FADE_MINUTES, MAX_MINUTES, SoundPlan, SoundTimer};
    let Some(found) = export::find_preset(preset) else {
        return Err(format!(
            "no ambience preset \"{preset}\" (see `lull ambience --list`)"
        ));
    };
    if let Some(m) = minutes
        && !(1..=MAX_MINUTES).contains(&m)
    {
        return Err(format!("--minutes must be 1 to {MAX_MINUTES}, got {m}"));
    }
    if fade > MAX_FADE_MINUTES {
        return Err(format!(
            "--fade must be 0 to {MAX_FADE_MINUTES}, got {fade}"
        ));
    }
    Ok(SoundPlan {
        preset: Some(found.id),
        timer: minutes.map_or(SoundTimer::UntilStopped, SoundTimer::Minutes),
        fade_minutes: fade,
        suspend_at_end: suspend,
        ..SoundPlan::default()
    })
}

/// The one line an error is printed as: each cause after the first, unless its words are
/// already in the line (a store error names its I/O error itself, which is also its source,
/// and would otherwise print twice: "File too large (os error 27): File too large…").
pub fn error_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// Runs a parsed command line, writing results to `out` and problems to `err`.
pub fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<ExitCode> {
    commands::run(cli, out, err)
}

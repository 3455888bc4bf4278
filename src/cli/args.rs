//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::domain::vocabulary::Program;

/// Guided self-massage, breathing and relaxation.
#[derive(Debug, Parser)]
#[command(
    name = "lull",
    version,
    about,
    long_about = None,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A routine file to import (as a file manager opens one, `lull %F`): the app opens with
    /// it in the import dialog, checked first. One file at a time.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// What to do; with none, the desktop app opens.
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

/// A subcommand.
#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Open the app straight into a routine (after the same safety checks).
    Play {
        /// The routine id.
        id: String,
        /// As tonight's wind-down: no questions, the screen goes dark, the ambience plays on
        /// and fades out as set in Settings (used by `lull schedule install`).
        #[arg(long)]
        wind_down: bool,
    },
    /// Open the app playing an ambience alone, with a sleep timer and a long fade (no
    /// routine, no questions). To write the same to a file, see `lull ambience`.
    Sleep {
        /// The preset id (see `lull ambience --list`).
        preset: String,
        /// Minutes to play (1 to 600); without it, until you stop it.
        #[arg(long)]
        minutes: Option<u32>,
        /// Minutes of fade-out at the end (0 to 30; at most half the length).
        #[arg(long, default_value_t = 10)]
        fade: u32,
        /// Put the computer to sleep when the sound has faded away.
        #[arg(long, requires = "minutes")]
        suspend: bool,
    },
    /// List the routines (bundled and your own).
    List {
        /// Only this program: stress, sleep or headache.
        #[arg(long, value_parser = parse_program)]
        program: Option<Program>,
        /// Print JSON (see docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// Show one routine, step by step.
    Show {
        /// The routine id.
        id: String,
        /// Print JSON (see docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// Check routine files; prints every error and exits with 1 if there is any.
    Check {
        /// The files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Show what every routine becomes for a set of screening answers.
    Screen {
        /// The answers file (TOML, see docs/cli.md).
        #[arg(long)]
        answers: PathBuf,
        /// Print JSON (see docs/cli.md).
        #[arg(long)]
        json: bool,
    },
    /// Render a routine's whole session (ambience, cues, pacer tones) to a WAV file, adapted
    /// to your safety answers, to play on a phone at bedtime.
    Export {
        /// The routine id.
        routine: String,
        /// The WAV file to write.
        #[arg(long)]
        out: PathBuf,
        /// Safety answers (TOML, see docs/cli.md); default: the answers you saved in the app.
        #[arg(long)]
        answers: Option<PathBuf>,
        /// The ambience preset (default: the routine's own).
        #[arg(long)]
        ambience: Option<String>,
        /// Minutes of ambience after the routine (0 to 120).
        #[arg(long, default_value_t = 0)]
        tail_minutes: u32,
        /// Leave out the rising and falling tones that follow the breathing pacer.
        #[arg(long)]
        no_pacer_tone: bool,
        /// Add a tick ten seconds before each step ends (default: as in your settings).
        #[arg(long, conflicts_with = "no_ticks")]
        ticks: bool,
        /// No ticks, whatever your settings say.
        #[arg(long)]
        no_ticks: bool,
        /// Leave out the spoken guidance (by default the voice says each step, as set in
        /// Settings → Voice).
        #[arg(long)]
        no_voice: bool,
    },
    /// Write a printable handout of a routine (PDF): what you will do with your safety
    /// answers, each step with its time, words and figure, and the sources.
    Handout {
        /// The routine's id (see `lull list`).
        routine: String,
        /// The PDF file to write.
        #[arg(long)]
        out: PathBuf,
        /// Safety answers (TOML, see docs/cli.md); default: the answers you saved in the app.
        #[arg(long)]
        answers: Option<PathBuf>,
    },
    /// Render a soundscape alone to a WAV file, fading out over its last minutes (a sleep
    /// timer to play on a phone).
    Ambience {
        /// The preset id (see `lull ambience --list`), unless --list is given.
        #[arg(required_unless_present = "list")]
        preset: Option<String>,
        /// Length in minutes (1 to 600; past 4 GiB, about 6 h 45 min, the file is RF64).
        #[arg(long, default_value_t = 30)]
        minutes: u32,
        /// Minutes of fade-out at the end (0 to 30; at most half the length).
        #[arg(long, default_value_t = 10)]
        fade: u32,
        /// The WAV file to write.
        #[arg(long, required_unless_present = "list")]
        out: Option<PathBuf>,
        /// List the presets.
        #[arg(long)]
        list: bool,
    },
    /// Export your history: a table, JSON, CSV, or the headache diary for your doctor.
    History {
        /// Print JSON (every field of every session).
        #[arg(long, conflicts_with_all = ["csv", "diary"])]
        json: bool,
        /// Print CSV (every session).
        #[arg(long, conflicts_with = "diary")]
        csv: bool,
        /// The headache diary for your doctor: each month's headache and painkiller days,
        /// then each day (CSV, see docs/cli.md).
        #[arg(long)]
        diary: bool,
        /// Months in the diary, up to and including --to (1 to 24).
        #[arg(long, default_value_t = crate::domain::diary::DOCTOR_MONTHS, requires = "diary")]
        months: u32,
        /// The diary's last month, YYYY-MM (default: this month).
        #[arg(long, requires = "diary")]
        to: Option<String>,
        /// Write the diary to this file (.csv; PDF is not available yet) instead of printing
        /// it.
        #[arg(long, requires = "diary")]
        out: Option<PathBuf>,
    },
    /// The nightly wind-down schedule.
    Schedule {
        /// What to do.
        #[command(subcommand)]
        action: ScheduleAction,
    },
    /// Play a short sound through your speakers to check that audio works.
    SoundCheck {
        /// How long to play, in seconds (1 to 30).
        #[arg(long, default_value_t = 2.0)]
        seconds: f32,
    },
    /// The voice that speaks the steps.
    Voice {
        /// What to do.
        #[command(subcommand)]
        action: VoiceAction,
    },
    /// Your own routines: import a file, export one to share, start a new one or edit one
    /// in your editor (each checked as `lull check` does; nothing written unless valid).
    Routine {
        /// What to do.
        #[command(subcommand)]
        action: RoutineAction,
    },
    /// Write Lull's manual pages or a shell's completions (used by `make install`).
    #[command(hide = true)]
    Generate {
        /// What to write.
        #[command(subcommand)]
        what: Generate,
    },
    /// Check the headache red-flag answers in an answers file.
    HeadacheCheck {
        /// The answers file (TOML, see docs/cli.md).
        #[arg(long)]
        answers: PathBuf,
        /// Print JSON (see docs/cli.md).
        #[arg(long)]
        json: bool,
    },
}

fn parse_program(text: &str) -> Result<Program, String> {
    Program::parse(text).ok_or_else(|| format!("expected one of: {}", Program::expected()))
}

/// `lull routine …`
#[derive(Debug, Subcommand)]
pub enum RoutineAction {
    /// Add a routine file to your routines, after checking it.
    Import {
        /// The routine file (TOML, see docs/routine-format.md).
        file: PathBuf,
        /// When you have a routine with the same id, replace it (the old file goes to the
        /// routines folder's trash).
        #[arg(long, conflicts_with = "keep_both")]
        replace: bool,
        /// When a routine with the same id exists, add this one under a new id.
        #[arg(long)]
        keep_both: bool,
    },
    /// Write a routine (bundled or your own) to a file, to share it.
    Export {
        /// The routine's id (see `lull list`).
        id: String,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Start a new routine in your editor ($VISUAL or $EDITOR), from a template or from a
    /// copy of another routine; it is kept when what you save is valid.
    New {
        /// Start from a copy of this routine (bundled or your own).
        #[arg(long)]
        from: Option<String>,
    },
    /// Edit one of your routines in your editor; it is checked when you save and kept only
    /// when valid (as `crontab -e` does).
    Edit {
        /// The routine's id (see `lull list`).
        id: String,
    },
}

/// `lull voice …`
#[derive(Debug, Subcommand)]
pub enum VoiceAction {
    /// List the voice engines installed and their voices.
    List,
    /// Say TEXT into a WAV file (the voice of your settings, or the one given).
    Say {
        /// The words.
        text: String,
        /// The WAV file to write.
        #[arg(long)]
        out: PathBuf,
        /// The engine: flite, espeak-ng or custom.
        #[arg(long)]
        engine: Option<String>,
        /// The engine's voice (see `lull voice list`).
        #[arg(long)]
        voice: Option<String>,
        /// Speaking rate, 0.7 to 1.3.
        #[arg(long)]
        rate: Option<f32>,
    },
}

/// `lull schedule …`
#[derive(Debug, Subcommand)]
pub enum ScheduleAction {
    /// Show the schedule and the next bedtime.
    Show,
    /// Change the schedule (only the options given change).
    Set {
        /// Bedtime, 24-hour `HH:MM`.
        #[arg(long)]
        time: Option<String>,
        /// Days, comma-separated (`mon,tue,wed,thu,fri,sat,sun`), or `all`.
        #[arg(long)]
        days: Option<String>,
        /// The sleep routine.
        #[arg(long)]
        routine: Option<String>,
        /// The ambience preset (`""` for the routine's own).
        #[arg(long)]
        ambience: Option<String>,
        /// Minutes of ambience after the routine: 0, 15, 30, 45, 60, or `until-stopped`.
        #[arg(long)]
        tail: Option<String>,
        /// Minutes of fade-out at the end (0 to 30).
        #[arg(long)]
        fade: Option<u32>,
        /// Turn the in-app reminder on or off.
        #[arg(long)]
        enabled: Option<bool>,
    },
    /// Install a systemd user timer that starts the wind-down at bedtime.
    Install,
    /// Remove the systemd user timer.
    Remove,
}

/// `lull generate …` (hidden: for installing, not for people).
#[derive(Debug, Subcommand)]
pub enum Generate {
    /// The manual pages (`lull.1` and one for each command, `lull-routine-import.1`…), into
    /// a folder; prints each file written.
    Man {
        /// The folder to write them into (made if missing).
        #[arg(long)]
        dir: PathBuf,
    },
    /// The completion script for a shell, on standard output.
    Completion {
        /// The shell.
        shell: Shell,
    },
}

/// A shell `lull generate completion` writes for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    /// GNU Bash (bash-completion).
    Bash,
    /// Z shell.
    Zsh,
    /// fish.
    Fish,
}

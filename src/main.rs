//! The `lull` binary: the desktop app (no command, `lull FILE` to import a routine file, or
//! `lull play ID`), or the CLI.

use std::process::ExitCode;

use clap::Parser as _;
use lull::cli::{Cli, CliCommand};

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = Cli::parse();
    // Nothing from a file acts on the terminal: see cli/terminal.rs.
    let mut err = lull::cli::terminal::Inert::new(std::io::stderr().lock());
    let launch = match &cli.command {
        None => match file_to_open(&cli.files, &mut err) {
            Ok(open) => Some(lull::app::Launch {
                open,
                ..lull::app::Launch::default()
            }),
            Err(code) => return code,
        },
        Some(CliCommand::Play { id, wind_down }) => Some(lull::app::Launch {
            play: Some(id.as_str().into()),
            wind_down: *wind_down,
            ..lull::app::Launch::default()
        }),
        Some(CliCommand::Sleep {
            preset,
            minutes,
            fade,
            suspend,
        }) => match lull::cli::sleep_plan(preset, *minutes, *fade, *suspend) {
            Ok(plan) => Some(lull::app::Launch {
                sleep: Some(plan),
                ..lull::app::Launch::default()
            }),
            Err(e) => {
                writeln_err(&mut err, &format!("error: {e}"));
                return ExitCode::from(2);
            }
        },
        Some(_) => None,
    };
    if let Some(launch) = launch {
        return match lull::gui::run(launch) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                writeln_err(&mut err, &format!("error: cannot open the window: {e}"));
                ExitCode::FAILURE
            }
        };
    }
    let mut out = lull::cli::terminal::Inert::new(std::io::stdout().lock());
    match lull::cli::run(&cli, &mut out, &mut err) {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`lull list | head`) is not an error worth a message.
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            writeln_err(&mut err, &format!("error: {}", lull::cli::error_line(&e)));
            ExitCode::from(2)
        }
    }
}

/// The routine file the app opens with (`lull FILE`, as a file manager runs it): the first
/// one given, as a dropped file is. A name that is not a file is more likely a mistyped
/// command than a routine: that is an error, before any window opens.
fn file_to_open(
    files: &[std::path::PathBuf],
    err: &mut dyn std::io::Write,
) -> Result<Option<std::path::PathBuf>, ExitCode> {
    if let Some(missing) = files.iter().find(|f| !lull::store::is_file(f)) {
        writeln_err(
            err,
            &format!(
                "error: \"{}\" is neither a file nor a command (see `lull --help`)",
                missing.display()
            ),
        );
        return Err(ExitCode::from(2));
    }
    let Some((first, rest)) = files.split_first() else {
        return Ok(None);
    };
    for file in rest {
        writeln_err(
            err,
            &format!(
                "lull: one routine file at a time: {} is not opened",
                file.display()
            ),
        );
    }
    Ok(Some(first.clone()))
}

fn writeln_err(err: &mut dyn std::io::Write, line: &str) {
    writeln!(err, "{line}").ok();
}

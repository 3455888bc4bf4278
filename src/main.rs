//! The `lull` binary: the desktop app (no command, or `lull play ID`), or the CLI.

use std::process::ExitCode;

use clap::Parser as _;
use lull::cli::{Cli, CliCommand};

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = Cli::parse();
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let launch = match &cli.command {
        None => Some(lull::app::Launch::default()),
        Some(CliCommand::Play { id, wind_down }) => Some(lull::app::Launch {
            play: Some(id.as_str().into()),
            wind_down: *wind_down,
            sleep: None,
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
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match lull::cli::run(&cli, &mut out, &mut err) {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`lull list | head`) is not an error worth a message.
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            writeln_err(&mut err, &format!("error: {e:#}"));
            ExitCode::from(2)
        }
    }
}

fn writeln_err(err: &mut dyn std::io::Write, line: &str) {
    writeln!(err, "{line}").ok();
}

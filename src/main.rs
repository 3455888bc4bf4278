//! The `lull` binary: the CLI, or the desktop app when run without a command.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = lull::cli::Cli::parse();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    if cli.command.is_none() {
        // Until the desktop app lands, no command lists the routines.
        let list = lull::cli::Cli {
            command: Some(lull::cli::CliCommand::List {
                program: None,
                json: false,
            }),
        };
        return report(lull::cli::run(&list, &mut out, &mut err), &mut err);
    }
    report(lull::cli::run(&cli, &mut out, &mut err), &mut err)
}

fn report(result: anyhow::Result<ExitCode>, err: &mut dyn std::io::Write) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`lull list | head`) is not an error worth a message.
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            writeln!(err, "error: {e:#}").ok();
            ExitCode::from(2)
        }
    }
}

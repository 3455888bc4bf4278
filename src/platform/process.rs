//! Outside programs (`systemctl`, `xdg-open`) run as processes, each with a time limit, never
//! through FFI.

use std::io::Read as _;
use std::process::{Command, Stdio};
use std::time::Duration;

/// How often a running program is checked on.
const POLL: Duration = Duration::from_millis(20);

/// What a finished program said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finished {
    /// Whether it exited with success.
    pub success: bool,
    /// Its standard output.
    pub stdout: String,
    /// Its standard error.
    pub stderr: String,
}

/// Why a program gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// It could not be started (not installed…).
    #[error("cannot run {program}: {source}")]
    Spawn {
        /// The program.
        program: String,
        /// Why.
        source: std::io::Error,
    },
    /// It ran past its time limit and was stopped.
    #[error("{program} did not answer within {} s and was stopped", limit.as_secs())]
    TimedOut {
        /// The program.
        program: String,
        /// The limit.
        limit: Duration,
    },
}

/// Runs `command` to the end, or stops it after `limit`. Its output is read on threads, so a
/// chatty program cannot block on a full pipe.
pub fn run(command: Command, limit: Duration) -> Result<Finished, RunError> {
    let out = run_with_input(command, None, limit)?;
    Ok(Finished {
        success: out.success,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: out.stderr,
    })
}

/// What a finished program wrote, as bytes (a voice engine's sound).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// Whether it exited with success.
    pub success: bool,
    /// Its standard output.
    pub stdout: Vec<u8>,
    /// Its standard error.
    pub stderr: String,
}

/// Runs `command` with `input` on its standard input (none: empty), to the end or until
/// `limit`, when it is stopped.
pub fn run_with_input(
    mut command: Command,
    input: Option<Vec<u8>>,
    limit: Duration,
) -> Result<Output, RunError> {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| RunError::Spawn {
            program: program.clone(),
            source,
        })?;
    if let (Some(mut stdin), Some(input)) = (child.stdin.take(), input) {
        // Written on a thread: a program that does not read its input cannot block Lull.
        std::thread::Builder::new()
            .name("process-input".to_owned())
            .spawn(move || {
                use std::io::Write as _;
                stdin.write_all(&input).ok();
            })
            .ok();
    }
    let reader = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::Builder::new()
            .name("process-output".to_owned())
            .spawn(move || {
                let mut bytes = Vec::new();
                if let Some(mut pipe) = pipe {
                    pipe.read_to_end(&mut bytes).ok();
                }
                bytes
            })
            .ok()
    };
    let out = reader(child.stdout.take().map(|p| Box::new(p) as Box<_>));
    let err = reader(child.stderr.take().map(|p| Box::new(p) as Box<_>));
    // Counted in polls, not read off a clock: the limit is a bound, not a measurement.
    let mut polls_left = limit.as_millis() / POLL.as_millis();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if polls_left > 0 => {
                polls_left -= 1;
                std::thread::sleep(POLL);
            }
            Ok(None) | Err(_) => {
                child.kill().ok();
                child.wait().ok();
                return Err(RunError::TimedOut { program, limit });
            }
        }
    };
    Ok(Output {
        success: status.success(),
        stdout: out.and_then(|t| t.join().ok()).unwrap_or_default(),
        stderr: err
            .and_then(|t| t.join().ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default(),
    })
}

/// Starts `command` and leaves it running (a file manager stays open); a thread reaps it
/// when it ends. Fails only when it cannot start.
pub fn launch(mut command: Command) -> Result<(), RunError> {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| RunError::Spawn { program, source })?;
    // Reaped when it ends; if no thread can be made, the child is reaped by init when Lull
    // exits.
    std::thread::Builder::new()
        .name("reap".to_owned())
        .spawn(move || child.wait().ok())
        .ok();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_past_its_limit_is_stopped_and_output_is_kept() {
        let mut slow = Command::new("sleep");
        slow.arg("600");
        // Stopped: it would otherwise hold the test for ten minutes.
        assert!(matches!(
            run(slow, Duration::from_millis(200)),
            Err(RunError::TimedOut { .. })
        ));
        let mut echo = Command::new("sh");
        echo.args(["-c", "echo out; echo err >&2; exit 3"]);
        let done = run(echo, Duration::from_secs(5)).unwrap();
        assert_eq!(
            done,
            Finished {
                success: false,
                stdout: "out\n".to_owned(),
                stderr: "err\n".to_owned()
            }
        );
        assert!(matches!(
            run(Command::new("no-such-program-lull"), Duration::from_secs(1)),
            Err(RunError::Spawn { .. })
        ));
    }
}

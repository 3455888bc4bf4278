//! The optional systemd user timer that starts a wind-down at bedtime. The unit files are
//! written by the store; this module asks `systemctl --user` to load, enable or disable them.

use std::process::Command;
use std::time::Duration;

/// Name of the timer unit.
pub const TIMER: &str = "lull-wind-down.timer";
/// Name of the service unit.
pub const SERVICE: &str = "lull-wind-down.service";

/// systemd could not be asked.
#[derive(Debug, thiserror::Error)]
pub enum SystemdError {
    /// `systemctl` is not installed or not running for this user.
    #[error(
        "systemd is not available here ({0}); Lull's in-app reminder still works while it runs"
    )]
    Unavailable(String),
    /// `systemctl` refused.
    #[error("systemctl {args} failed: {message}")]
    Failed {
        /// The arguments.
        args: String,
        /// What it said.
        message: String,
    },
}

/// How long `systemctl` may take.
pub const SYSTEMCTL_LIMIT: Duration = Duration::from_secs(15);

/// Runs `systemctl --user ARGS`, stopped after [`SYSTEMCTL_LIMIT`].
pub fn systemctl(args: &[&str]) -> Result<String, SystemdError> {
    let mut command = Command::new("systemctl");
    command.arg("--user").args(args);
    let output = super::process::run(command, SYSTEMCTL_LIMIT)
        .map_err(|e| SystemdError::Unavailable(e.to_string()))?;
    let stderr = output.stderr.trim().to_owned();
    if output.success {
        return Ok(output.stdout.trim().to_owned());
    }
    if stderr.contains("Failed to connect to bus")
        || stderr.contains("No medium found")
        || stderr.contains("not been booted with systemd")
    {
        return Err(SystemdError::Unavailable(stderr));
    }
    Err(SystemdError::Failed {
        args: args.join(" "),
        message: stderr,
    })
}

/// Whether a systemd user instance answers.
pub fn available() -> Result<(), SystemdError> {
    systemctl(&["show-environment"]).map(|_| ())
}

//! The optional systemd user timer that starts a wind-down at bedtime. The unit files are
//! written by the store; this module asks `systemctl --user` to load, enable or disable them.

use std::process::Command;

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

/// Runs `systemctl --user ARGS`.
pub fn systemctl(args: &[&str]) -> Result<String, SystemdError> {
    let output = Command::new("systemctl")
        .arg("--user")
        .args(args)
        .output()
        .map_err(|e| SystemdError::Unavailable(e.to_string()))?;
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    if output.status.success() {
        return Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned());
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

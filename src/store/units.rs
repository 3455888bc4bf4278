//! The systemd user unit files for the nightly wind-down (`~/.config/systemd/user/`).

use std::path::{Path, PathBuf};

use super::atomic::write_atomic;
use super::error::StoreError;

/// The user's systemd unit folder (`$XDG_CONFIG_HOME/systemd/user`).
pub fn systemd_user_dir(config_home: &Path) -> PathBuf {
    config_home.join("systemd").join("user")
}

/// Writes a unit file atomically.
pub fn write_unit(dir: &Path, name: &str, text: &str) -> Result<PathBuf, StoreError> {
    let path = dir.join(name);
    write_atomic(&path, text.as_bytes())?;
    Ok(path)
}

/// Whether the unit `name` is in `dir`.
pub fn unit_exists(dir: &Path, name: &str) -> bool {
    dir.join(name).is_file()
}

/// Removes a unit file; a missing one is fine.
pub fn remove_unit(dir: &Path, name: &str) -> Result<bool, StoreError> {
    let path = dir.join(name);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(StoreError::Io {
            action: "cannot remove",
            path,
            source,
        }),
    }
}

/// The path of the running executable (for `ExecStart=`).
pub fn current_exe() -> Result<PathBuf, StoreError> {
    std::env::current_exe().map_err(|source| StoreError::Io {
        action: "cannot find",
        path: PathBuf::from("lull"),
        source,
    })
}

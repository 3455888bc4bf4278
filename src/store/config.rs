//! Loading and saving TOML documents (settings, safety answers) with versioning, atomic
//! writes and corruption quarantine.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::atomic::{quarantine, write_atomic};
use super::error::StoreError;

/// Largest document read.
pub const MAX_DOC_BYTES: u64 = 1024 * 1024;

/// What loading a document found.
#[derive(Debug)]
pub enum Loaded<T> {
    /// The file does not exist yet.
    Missing,
    /// Read and parsed.
    Ok(T),
    /// The file could not be parsed; it was moved aside (or could not be) and defaults apply.
    Corrupt {
        /// What was wrong.
        problem: String,
        /// Where the bad file now is, if it could be moved.
        kept_at: Option<PathBuf>,
    },
    /// The file could not be read at all (permissions…); nothing was moved.
    Unreadable(String),
}

/// Reads and parses `path`; a file that does not parse is renamed aside with `stamp`.
pub fn load_toml<T: DeserializeOwned>(path: &Path, stamp: &str) -> Loaded<T> {
    let text = match super::read::read_text(path, MAX_DOC_BYTES) {
        Ok(text) => text,
        Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Loaded::Missing;
        }
        Err(e @ (StoreError::TooLarge { .. } | StoreError::NotText { .. })) => {
            return corrupt(path, stamp, e.to_string());
        }
        Err(e) => return Loaded::Unreadable(e.to_string()),
    };
    match toml::from_str::<T>(&text) {
        Ok(value) => Loaded::Ok(value),
        Err(e) => {
            let position = e
                .span()
                .map(|s| crate::domain::routine::Position::of_offset(&text, s.start));
            let at = position
                .map(|p| format!(":{}:{}", p.line, p.column))
                .unwrap_or_default();
            corrupt(
                path,
                stamp,
                format!("{}{at}: {}", path.display(), e.message().trim()),
            )
        }
    }
}

/// Reads and parses `path` without reporting or moving anything: `None` when it is missing,
/// unreadable or does not parse (the full `load_toml` deals with those later).
pub fn peek_toml<T: DeserializeOwned>(path: &Path) -> Option<T> {
    let text = super::read::read_text(path, MAX_DOC_BYTES).ok()?;
    toml::from_str(&text).ok()
}

fn corrupt<T>(path: &Path, stamp: &str, problem: String) -> Loaded<T> {
    let kept_at = quarantine(path, stamp).ok();
    log::warn!("{problem}; kept aside as {kept_at:?}, using defaults");
    Loaded::Corrupt { problem, kept_at }
}

/// Serialises `value` as TOML and writes it atomically.
pub fn save_toml<T: Serialize>(path: &Path, value: &T) -> Result<(), StoreError> {
    let text = toml::to_string_pretty(value).map_err(|e| StoreError::Io {
        action: "cannot encode",
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    })?;
    write_atomic(path, text.as_bytes())
}

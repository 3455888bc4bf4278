//! The app's own files: settings and safety answers in the config folder.

use std::path::PathBuf;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::config::{Loaded, load_toml, peek_toml, save_toml};
use super::error::StoreError;
use super::paths::AppDirs;

/// Settings file name.
pub const SETTINGS_FILE: &str = "settings.toml";
/// Safety answers file name.
pub const SAFETY_FILE: &str = "safety.toml";

/// The app's files under its folders.
#[derive(Clone, Debug)]
pub struct AppFiles {
    dirs: AppDirs,
}

impl AppFiles {
    /// Files under `dirs`.
    pub const fn new(dirs: AppDirs) -> Self {
        Self { dirs }
    }

    /// The folders.
    pub const fn dirs(&self) -> &AppDirs {
        &self.dirs
    }

    /// The settings file.
    pub fn settings_path(&self) -> PathBuf {
        self.dirs.config.join(SETTINGS_FILE)
    }

    /// The safety answers file.
    pub fn safety_path(&self) -> PathBuf {
        self.dirs.config.join(SAFETY_FILE)
    }

    /// Loads a document from the config folder.
    pub fn load<T: DeserializeOwned>(&self, name: &str, stamp: &str) -> Loaded<T> {
        load_toml(&self.dirs.config.join(name), stamp)
    }

    /// Reads a document from the config folder only if it is there and parses; never moves
    /// or reports anything (for a quick look before `load`).
    pub fn peek<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        peek_toml(&self.dirs.config.join(name))
    }

    /// Saves a document to the config folder, atomically.
    pub fn save<T: Serialize>(&self, name: &str, value: &T) -> Result<(), StoreError> {
        save_toml(&self.dirs.config.join(name), value)
    }

    /// Whether the config folder can be written (creating it if needed).
    pub fn config_writable(&self) -> bool {
        writable(&self.dirs.config)
    }

    /// Whether the data folder can be written (creating it if needed).
    pub fn data_writable(&self) -> bool {
        writable(&self.dirs.data)
    }

    /// Removes what a crash between writing and renaming left in both folders.
    pub fn sweep_temporaries(&self, now: std::time::SystemTime) -> usize {
        super::atomic::sweep_temporaries(&self.dirs.config, now)
            + super::atomic::sweep_temporaries(&self.dirs.data, now)
            + super::atomic::sweep_temporaries(&super::presets::presets_dir(&self.dirs.data), now)
    }
}

fn writable(dir: &std::path::Path) -> bool {
    std::fs::create_dir_all(dir).is_ok() && tempfile::NamedTempFile::new_in(dir).is_ok()
}

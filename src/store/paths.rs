//! Where Lull keeps its files (XDG folders through `directories`).

use std::path::{Path, PathBuf};

/// The app's folders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppDirs {
    /// Settings, safety answers, schedule (`$XDG_CONFIG_HOME/lull`).
    pub config: PathBuf,
    /// History, user routines, sounds, presets (`$XDG_DATA_HOME/lull`).
    pub data: PathBuf,
}

impl AppDirs {
    /// The standard folders for this user, honouring `XDG_CONFIG_HOME` and `XDG_DATA_HOME`.
    /// `None` when no home folder can be found.
    pub fn standard() -> Option<Self> {
        let dirs = directories::ProjectDirs::from("", "", "lull")?;
        Some(Self {
            config: dirs.config_dir().to_path_buf(),
            data: dirs.data_dir().to_path_buf(),
        })
    }

    /// Both folders under one root (tests, portable use).
    pub fn under(root: &Path) -> Self {
        Self {
            config: root.join("config"),
            data: root.join("data"),
        }
    }
}

/// The folder holding the user's own routines.
pub fn user_routines_dir(dirs: &AppDirs) -> PathBuf {
    dirs.data.join("routines")
}

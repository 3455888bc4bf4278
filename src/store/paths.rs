//! Where Lull keeps its files (XDG folders through `directories`).

use std::path::{Path, PathBuf};

/// The app's folders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppDirs {
    /// Settings, safety answers, schedule (`$XDG_CONFIG_HOME/lull`).
    pub config: PathBuf,
    /// History, user routines, sounds, presets (`$XDG_DATA_HOME/lull`).
    pub data: PathBuf,
    /// What can be made again: the voice's clips (`$XDG_CACHE_HOME/lull`).
    pub cache: PathBuf,
}

impl AppDirs {
    /// The standard folders for this user, honouring `XDG_CONFIG_HOME` and `XDG_DATA_HOME`.
    /// `None` when no home folder can be found.
    pub fn standard() -> Option<Self> {
        let dirs = directories::ProjectDirs::from("", "", "lull")?;
        Some(Self {
            config: dirs.config_dir().to_path_buf(),
            data: dirs.data_dir().to_path_buf(),
            cache: dirs.cache_dir().to_path_buf(),
        })
    }

    /// The folders under one root (tests, portable use).
    pub fn under(root: &Path) -> Self {
        Self {
            config: root.join("config"),
            data: root.join("data"),
            cache: root.join("cache"),
        }
    }
}

/// The folder holding the user's own routines.
pub fn user_routines_dir(dirs: &AppDirs) -> PathBuf {
    dirs.data.join("routines")
}

/// The user's documents folder (`XDG_DOCUMENTS_DIR`), or the home folder; `None` when there
/// is no home.
pub fn documents_dir() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    Some(
        dirs.document_dir()
            .map_or_else(|| dirs.home_dir().to_path_buf(), Path::to_path_buf),
    )
}

/// `text` as a path, with a leading `~/` for the home folder.
pub fn expand_home(text: &str) -> PathBuf {
    match (text.strip_prefix("~/"), directories::UserDirs::new()) {
        (Some(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => PathBuf::from(text),
    }
}

/// Whether `path` is an existing file.
pub fn is_file(path: &Path) -> bool {
    path.is_file()
}

/// Whether `path` is an existing folder.
pub fn is_dir(path: &Path) -> bool {
    path.is_dir()
}

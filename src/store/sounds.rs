//! The user's own sound files (`$XDG_DATA_HOME/lull/sounds/`).

use std::path::{Path, PathBuf};

use super::error::StoreError;
use super::paths::AppDirs;

/// File extensions Lull can play.
pub const SOUND_EXTENSIONS: [&str; 4] = ["ogg", "flac", "wav", "mp3"];

/// The folder for the user's sounds.
pub fn sounds_dir(dirs: &AppDirs) -> PathBuf {
    dirs.data.join("sounds")
}

/// The playable files in `dir` (names only), sorted; an absent folder gives none.
pub fn list_sounds(dir: &Path) -> Result<Vec<String>, StoreError> {
    let playable = |p: &Path| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| SOUND_EXTENSIONS.contains(&e.to_lowercase().as_str()))
    };
    Ok(super::read::list_files(dir, playable)?
        .iter()
        .filter_map(|p| p.file_name().and_then(|n| n.to_str()).map(str::to_owned))
        .collect())
}

/// A function that opens `path` from its start each time it is called (for looping).
pub fn sound_opener(path: PathBuf) -> impl FnMut() -> std::io::Result<std::fs::File> + Send {
    move || std::fs::File::open(&path)
}

/// An opener for the user's sound file `name` in `dirs`' sounds folder, if it is there.
pub fn user_sound_opener(
    dirs: &super::AppDirs,
    name: &str,
) -> Option<impl FnMut() -> std::io::Result<std::fs::File> + Send + use<>> {
    let path = sounds_dir(dirs).join(name);
    path.is_file().then(|| sound_opener(path))
}

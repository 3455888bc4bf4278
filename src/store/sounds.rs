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
    // Only the names that can be played: plain, and inside the folder.
    Ok(super::read::list_files(dir, playable)?
        .iter()
        .filter_map(|p| p.file_name().and_then(|n| n.to_str()).map(str::to_owned))
        .filter(|name| contained_sound(dir, name).is_some())
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
    let path = contained_sound(&sounds_dir(dirs), name)?;
    Some(sound_opener(path))
}

/// The file `name` in the sounds folder `dir`, only if it is one: a plain name (no `..`,
/// no separator, not absolute, nothing unsafe to show), a regular file, and, once links are
/// followed, still inside the folder (a link out of it, as in a stranger's zip, is refused).
pub fn contained_sound(dir: &Path, name: &str) -> Option<PathBuf> {
    if !crate::domain::soundscape::is_plain_file_name(name) {
        return None;
    }
    let path = dir.join(name);
    let real = std::fs::canonicalize(&path).ok()?;
    let folder = std::fs::canonicalize(dir).ok()?;
    (real.parent() == Some(folder.as_path()) && real.is_file()).then_some(path)
}

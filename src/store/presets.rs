//! The user's own ambience presets (`$XDG_DATA_HOME/lull/presets/*.toml`), one per file.

use std::path::{Path, PathBuf};

use crate::domain::soundscape::Preset;

use super::atomic::write_atomic;
use super::error::StoreError;
use super::read::{list_routine_files, read_text};

/// Largest preset file read.
const MAX_PRESET_BYTES: u64 = 64 * 1024;

/// Most preset files read from the presets folder.
pub const MAX_PRESETS: usize = 200;

/// The folder for the user's presets.
pub fn presets_dir(data: &Path) -> PathBuf {
    data.join("presets")
}

/// Every valid preset in `dir`, and a line for each file that is not one.
pub fn load_presets(dir: &Path) -> (Vec<Preset>, Vec<String>) {
    let mut presets = Vec::new();
    let mut problems = Vec::new();
    let mut files = match list_routine_files(dir) {
        Ok(files) => files,
        Err(e) => return (presets, vec![e.to_string()]),
    };
    if files.len() > MAX_PRESETS {
        files.truncate(MAX_PRESETS);
        problems.push(
            StoreError::TooMany {
                path: dir.to_path_buf(),
                max: MAX_PRESETS,
            }
            .to_string(),
        );
    }
    for path in files {
        let parsed = read_text(&path, MAX_PRESET_BYTES)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                toml::from_str::<Preset>(&text).map_err(|e| {
                    crate::domain::text::escaped(&format!(
                        "{}: {}",
                        path.display(),
                        e.message().trim()
                    ))
                })
            })
            .and_then(|p| {
                p.check()
                    .map(|()| p)
                    .map_err(|e| crate::domain::text::escaped(&format!("{}: {e}", path.display())))
            });
        match parsed {
            Ok(p) => presets.push(p),
            Err(e) => problems.push(e),
        }
    }
    (presets, problems)
}

/// Saves a preset as `<id>.toml`, atomically.
pub fn save_preset(dir: &Path, preset: &Preset) -> Result<PathBuf, StoreError> {
    let path = dir.join(format!("{}.toml", preset.id));
    let text = toml::to_string_pretty(preset).map_err(|e| StoreError::Io {
        action: "cannot encode",
        path: path.clone(),
        source: std::io::Error::other(e.to_string()),
    })?;
    write_atomic(&path, text.as_bytes())?;
    Ok(path)
}

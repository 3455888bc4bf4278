//! Atomic writes and keeping corrupt files aside. A write goes to a temporary file in the
//! same folder, is flushed to disk, renamed over the target, and the folder is flushed too:
//! a crash leaves either the old file or the new one, never half of one.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::error::StoreError;

/// Writes `bytes` to `path` atomically, creating the folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let io = |action, source| StoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(|e| io("cannot create the folder for", e))?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| io("cannot write", e))?;
    temp.write_all(bytes).map_err(|e| io("cannot write", e))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| io("cannot write", e))?;
    temp.persist(path)
        .map_err(|e| io("cannot replace", e.error))?;
    if let Ok(d) = std::fs::File::open(dir) {
        // Make the rename itself durable; not every file system supports it, which is fine.
        d.sync_all().ok();
    }
    Ok(())
}

/// Renames a corrupt file aside as `name.corrupt-<stamp>` and returns the new path.
pub fn quarantine(path: &Path, stamp: &str) -> Result<PathBuf, StoreError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let aside = path.with_file_name(format!("{name}.corrupt-{stamp}"));
    std::fs::rename(path, &aside).map_err(|source| StoreError::Io {
        action: "cannot move aside",
        path: path.to_path_buf(),
        source,
    })?;
    Ok(aside)
}

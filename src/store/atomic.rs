//! Atomic writes and keeping corrupt files aside. A write goes to a temporary file in the
//! same folder, is flushed to disk, renamed over the target, and the folder is flushed too:
//! a crash leaves either the old file or the new one, never half of one. What a crash can
//! leave behind is a temporary file (`.NAME.lull-tmp…`); [`sweep_temporaries`] removes old ones.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::error::StoreError;
use super::fault;

/// The infix of Lull's temporary files, so a sweep only ever removes its own.
pub(super) const TEMP_INFIX: &str = ".lull-tmp";

/// A temporary file older than this is a leftover of a crash, not a write in progress.
pub const STALE_TEMPORARY: Duration = Duration::from_mins(10);

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
}

/// A new file's content written and flushed to disk beside its target, not yet in place.
/// Dropping it without [`Staged::commit`] removes it; a crash leaves it behind.
#[derive(Debug)]
pub struct Staged {
    temp: tempfile::NamedTempFile,
    path: PathBuf,
}

impl Staged {
    /// Renames the staged file over its target and makes the rename durable.
    pub fn commit(self) -> Result<(), StoreError> {
        let Self { temp, path } = self;
        fault::check().map_err(|e| StoreError::Io {
            action: "cannot replace",
            path: path.clone(),
            source: e,
        })?;
        temp.persist(&path).map_err(|e| StoreError::Io {
            action: "cannot replace",
            path: path.clone(),
            source: e.error,
        })?;
        if let Ok(d) = std::fs::File::open(folder_of(&path)) {
            // Make the rename itself durable; not every file system supports it, which is fine.
            d.sync_all().ok();
        }
        Ok(())
    }

    /// Where the staged content waits.
    pub fn temp_path(&self) -> &Path {
        self.temp.path()
    }
}

/// Writes `bytes` to a flushed temporary file beside `path` (creating the folder if needed).
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged, StoreError> {
    let dir = folder_of(path);
    let io = |action, source| StoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    };
    fault::create_dir_all(dir).map_err(|e| io("cannot create the folder for", e))?;
    fault::check().map_err(|e| io("cannot write", e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}{TEMP_INFIX}"))
        .tempfile_in(dir)
        .map_err(|e| io("cannot write", e))?;
    fault::write_all(&mut temp, bytes).map_err(|e| io("cannot write", e))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| io("cannot write", e))?;
    Ok(Staged {
        temp,
        path: path.to_path_buf(),
    })
}

/// Writes `bytes` to `path` atomically, creating the folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    stage(path, bytes)?.commit()
}

/// Removes Lull's temporary files in `dir` last modified before `now - STALE_TEMPORARY`
/// (what a crash between writing and renaming leaves). Returns how many were removed.
pub fn sweep_temporaries(dir: &Path, now: SystemTime) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let Some(cutoff) = now.checked_sub(STALE_TEMPORARY) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with('.') && name.contains(TEMP_INFIX)
        })
        .filter(|e| {
            e.metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < cutoff)
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .inspect(|e| log::info!("removed a leftover temporary file {}", e.path().display()))
        .count()
}

/// Renames a corrupt file aside as `name.corrupt-<stamp>` (or `…-<stamp>-2`, `-3`… when that
/// name is taken: an earlier copy is never overwritten) and returns the new path.
pub fn quarantine(path: &Path, stamp: &str) -> Result<PathBuf, StoreError> {
    let aside = keep_aside(path, stamp)?;
    fault::check()
        .and_then(|()| std::fs::remove_file(path))
        .map_err(|source| StoreError::Io {
            action: "cannot move aside",
            path: path.to_path_buf(),
            source,
        })?;
    Ok(aside)
}

/// Keeps a copy of `path` as `name.corrupt-<stamp>` (or `…-<stamp>-2`, `-3`… when that name
/// is taken) and leaves `path` where it is: a hard link where the file system has them, else
/// a copy flushed to disk. Returns the copy's path. A file about to be replaced by
/// [`Staged::commit`] is kept this way first, so there is no moment without the file.
pub fn keep_aside(path: &Path, stamp: &str) -> Result<PathBuf, StoreError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let io = |source| StoreError::Io {
        action: "cannot keep a copy of",
        path: path.to_path_buf(),
        source,
    };
    for n in 1..1000_u32 {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let aside = path.with_file_name(format!("{name}.corrupt-{stamp}{suffix}"));
        if let Err(e) = fault::check() {
            return Err(io(e));
        }
        // A hard link never replaces an existing name, so a copy kept earlier is safe even
        // from a second copy of Lull doing the same at the same moment.
        match std::fs::hard_link(path, &aside) {
            Ok(()) => return Ok(aside),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(_) if !aside.exists() => {
                // No hard links here (some file systems): a copy under a name nobody has.
                copy_new(path, &aside).map_err(io)?;
                return Ok(aside);
            }
            Err(e) => return Err(io(e)),
        }
    }
    Err(io(std::io::Error::other("too many corrupt copies kept")))
}

/// Copies `from` to `to`, which must not exist yet, and flushes the copy to disk.
/// A copy cut short is removed.
pub(super) fn copy_new(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut source = std::fs::File::open(from)?;
    let mut copy = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)?;
    std::io::copy(&mut source, &mut copy)
        .and_then(|_| copy.sync_all())
        .inspect_err(|_| {
            std::fs::remove_file(to).ok();
        })
}

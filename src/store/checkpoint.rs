//! The session being played, kept on disk while it plays, so that a crash, a power cut or a
//! killed process still leaves it in the history: the next start finds the file and records
//! the session as stopped where it was. Each file is locked by the copy of Lull that plays
//! it, so another copy running at the same time never takes it for a leftover.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::domain::history::SessionRecord;

use super::atomic::write_atomic;
use super::error::StoreError;
use super::fault;

const PREFIX: &str = "session-";
const SUFFIX: &str = ".inprogress.json";
const LOCK_SUFFIX: &str = ".inprogress.lock";

fn io(action: &'static str, path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// The on-disk record of the session being played. The record is written atomically
/// (a power cut leaves the previous one); a lock file beside it is held by the copy of Lull
/// that plays it.
#[derive(Debug)]
pub struct Checkpoint {
    lock: File,
    lock_path: PathBuf,
    path: PathBuf,
}

fn lock_path_of(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().replace(SUFFIX, LOCK_SUFFIX))
        .unwrap_or_default();
    path.with_file_name(name)
}

fn open_lock(path: &Path) -> Result<File, StoreError> {
    if !path.exists() {
        fault::check().map_err(|e| io("cannot open", path, e))?;
    }
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| io("cannot open", path, e))
}

impl Checkpoint {
    /// Creates and locks the checkpoint for the session `id` in `data_dir`.
    pub fn create(data_dir: &Path, id: &str) -> Result<Self, StoreError> {
        let safe: String = id
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let path = data_dir.join(format!("{PREFIX}{safe}{SUFFIX}"));
        let lock_path = lock_path_of(&path);
        fault::create_dir_all(data_dir).map_err(|e| io("cannot create", data_dir, e))?;
        let lock = open_lock(&lock_path)?;
        lock.try_lock().map_err(|e| {
            io(
                "cannot lock",
                &lock_path,
                std::io::Error::other(format!("{e:?}")),
            )
        })?;
        Ok(Self {
            lock,
            lock_path,
            path,
        })
    }

    /// Replaces the saved state with `record` (the session as if it stopped now).
    pub fn save(&mut self, record: &SessionRecord) -> Result<(), StoreError> {
        let text = serde_json::to_vec(record)
            .map_err(|e| io("cannot encode", &self.path, std::io::Error::other(e)))?;
        write_atomic(&self.path, &text)
    }

    /// The session ended normally (and is in the history): the checkpoint goes.
    pub fn finish(self) {
        if let Err(e) = fault::check().and_then(|()| std::fs::remove_file(&self.path))
            && e.kind() != std::io::ErrorKind::NotFound
        {
            log::warn!("cannot remove {}: {e}", self.path.display());
        }
        std::fs::remove_file(&self.lock_path).ok();
        self.lock.unlock().ok();
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Hands each session that was playing when an earlier run of Lull ended without finishing
/// it (its lock is not held by anyone) to `save`; the checkpoint is removed once `save`
/// says the session is safely in the history. One that cannot be parsed is removed and
/// reported. Returns the problems.
pub fn recover_checkpoints(
    data_dir: &Path,
    mut save: impl FnMut(SessionRecord) -> bool,
) -> Vec<String> {
    let mut problems = Vec::new();
    let files = super::read::list_files(data_dir, |p| {
        p.file_name()
            .map(|n| n.to_string_lossy())
            .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(SUFFIX))
    })
    .unwrap_or_default();
    for path in files {
        let lock_path = lock_path_of(&path);
        let Ok(lock) = open_lock(&lock_path) else {
            continue; // A read-only folder: leave it for a start that can write.
        };
        if lock.try_lock().is_err() {
            continue; // Another copy of Lull is playing it.
        }
        let record = super::read::read_limited(&path, 64 * 1024)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<SessionRecord>(&bytes).ok());
        let remove = if let Some(record) = record {
            save(record)
        } else {
            problems.push(format!(
                "{}: an unfinished session could not be read",
                path.display()
            ));
            true
        };
        if remove {
            if let Err(e) = fault::check().and_then(|()| std::fs::remove_file(&path)) {
                log::warn!("cannot remove {}: {e}", path.display());
            }
            std::fs::remove_file(&lock_path).ok();
        }
        lock.unlock().ok();
    }
    problems
}

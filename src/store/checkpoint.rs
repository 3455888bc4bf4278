//! The session being played, kept on disk while it plays, so that a crash, a power cut or a
//! killed process still leaves it in the history: the next start finds the file and records
//! the session as stopped where it was. Each file is locked by the copy of Lull that plays
//! it, so another copy running at the same time never takes it for a leftover.

use std::fs::{File, OpenOptions};
use std::io::{Seek as _, Write as _};
use std::path::{Path, PathBuf};

use crate::domain::history::SessionRecord;

use super::error::StoreError;

const PREFIX: &str = "session-";
const SUFFIX: &str = ".inprogress.json";

fn io(action: &'static str, path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// The on-disk record of the session being played (held locked while it plays).
#[derive(Debug)]
pub struct Checkpoint {
    file: File,
    path: PathBuf,
}

impl Checkpoint {
    /// Creates and locks the checkpoint for the session `id` in `data_dir`.
    pub fn create(data_dir: &Path, id: &str) -> Result<Self, StoreError> {
        let safe: String = id
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let path = data_dir.join(format!("{PREFIX}{safe}{SUFFIX}"));
        std::fs::create_dir_all(data_dir).map_err(|e| io("cannot create", data_dir, e))?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| io("cannot open", &path, e))?;
        file.try_lock().map_err(|e| {
            io(
                "cannot lock",
                &path,
                std::io::Error::other(format!("{e:?}")),
            )
        })?;
        Ok(Self { file, path })
    }

    /// Replaces the saved state with `record` (the session as if it stopped now).
    pub fn save(&mut self, record: &SessionRecord) -> Result<(), StoreError> {
        let text = serde_json::to_vec(record)
            .map_err(|e| io("cannot encode", &self.path, std::io::Error::other(e)))?;
        self.file
            .set_len(0)
            .and_then(|()| self.file.rewind())
            .and_then(|()| self.file.write_all(&text))
            .and_then(|()| self.file.sync_data())
            .map_err(|e| io("cannot write", &self.path, e))
    }

    /// The session ended normally (and is in the history): the checkpoint goes.
    pub fn finish(self) {
        if let Err(e) = std::fs::remove_file(&self.path) {
            log::warn!("cannot remove {}: {e}", self.path.display());
        }
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Hands each session that was playing when an earlier run of Lull ended without finishing
/// it (its checkpoint is not locked by anyone) to `save`; the checkpoint is removed once
/// `save` says the session is safely in the history. One that cannot be parsed (cut while
/// being written) is removed and reported. Returns the problems.
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
        let Ok(file) = OpenOptions::new().read(true).write(true).open(&path) else {
            continue;
        };
        if file.try_lock().is_err() {
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
        if remove && let Err(e) = std::fs::remove_file(&path) {
            log::warn!("cannot remove {}: {e}", path.display());
        }
        file.unlock().ok();
    }
    problems
}

//! The history file: JSON Lines, one session (or later rating) per line. Appends are a single
//! write under an exclusive lock followed by an fsync, so two running copies of Lull never
//! interleave or lose entries, and a crash can at worst leave a torn last line.

use std::fs::{File, OpenOptions};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use crate::domain::history::{History, HistoryLine};

use super::atomic::{quarantine, write_atomic};
use super::error::StoreError;

/// File name of the history.
pub const HISTORY_FILE: &str = "history.jsonl";
/// Largest history read (about 200 000 sessions).
pub const MAX_HISTORY_BYTES: u64 = 64 * 1024 * 1024;

/// What loading the history found.
#[derive(Debug, Default)]
pub struct HistoryLoad {
    /// The history (good lines).
    pub history: History,
    /// Lines that could not be read: (1-based line, problem).
    pub bad_lines: Vec<(usize, String)>,
    /// Where the original file was kept when it had bad lines.
    pub kept_at: Option<PathBuf>,
}

/// The history file in the data folder.
#[derive(Clone, Debug)]
pub struct HistoryFile {
    path: PathBuf,
}

fn io(action: &'static str, path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

impl HistoryFile {
    /// The history in `data_dir`.
    pub fn in_dir(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join(HISTORY_FILE),
        }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line durably.
    pub fn append(&self, line: &HistoryLine) -> Result<(), StoreError> {
        let mut text = serde_json::to_string(line)
            .map_err(|e| io("cannot encode", &self.path, std::io::Error::other(e)))?;
        text.push('\n');
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| io("cannot create the folder for", &self.path, e))?;
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| io("cannot open", &self.path, e))?;
        file.lock().map_err(|e| io("cannot lock", &self.path, e))?;
        let result = file
            .write_all(text.as_bytes())
            .and_then(|()| file.sync_data());
        file.unlock().ok();
        result.map_err(|e| io("cannot write", &self.path, e))
    }

    /// Reads the history. Lines that cannot be read are reported; the file is then kept
    /// aside as `history.jsonl.corrupt-<stamp>` and the good lines are written back, so
    /// nothing is silently lost or overwritten.
    pub fn load(&self, stamp: &str) -> Result<HistoryLoad, StoreError> {
        let mut file = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HistoryLoad::default()),
            Err(e) => return Err(io("cannot read", &self.path, e)),
        };
        file.lock_shared()
            .map_err(|e| io("cannot lock", &self.path, e))?;
        let mut bytes = Vec::new();
        let read = (&mut file).take(MAX_HISTORY_BYTES).read_to_end(&mut bytes);
        file.unlock().ok();
        read.map_err(|e| io("cannot read", &self.path, e))?;
        let text = String::from_utf8_lossy(&bytes);
        let mut lines = Vec::new();
        let mut good_text = String::new();
        let mut bad_lines = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            if raw.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<HistoryLine>(raw) {
                Ok(line) => {
                    lines.push(line);
                    good_text.push_str(raw);
                    good_text.push('\n');
                }
                Err(e) => bad_lines.push((i + 1, e.to_string())),
            }
        }
        let mut kept_at = None;
        if !bad_lines.is_empty() {
            let aside = quarantine(&self.path, stamp)?;
            log::warn!(
                "{} history lines could not be read; the file was kept as {}",
                bad_lines.len(),
                aside.display()
            );
            write_atomic(&self.path, good_text.as_bytes())?;
            kept_at = Some(aside);
        }
        Ok(HistoryLoad {
            history: History::from_lines(lines),
            bad_lines,
            kept_at,
        })
    }
}

//! The history file: JSON Lines, one session (or later rating) per line. Appends are a single
//! write under an exclusive lock followed by an fsync, so two running copies of Lull never
//! interleave or lose entries. A write cut short (a full disk) is cut off again, and a line
//! torn by a crash is ended before the next one, so it never swallows a later session.

use std::fs::{File, OpenOptions};
use std::io::{Read as _, Seek as _, SeekFrom};
use std::path::{Path, PathBuf};

use crate::domain::history::{History, HistoryLine};

use super::atomic::{keep_aside, stage};
use super::error::StoreError;
use super::fault;
use super::read::read_limited;

/// File name of the history.
pub const HISTORY_FILE: &str = "history.jsonl";
/// Largest history read (about 200 000 sessions); a larger file is reported, never cut.
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
    /// Why the bad lines could not be set aside (a read-only folder…); the file is unchanged.
    pub not_repaired: Option<String>,
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

    /// The lock file beside the history. Appends and repairs hold it (a stable file, unlike
    /// the history, which a repair replaces), so two copies of Lull never lose a line.
    fn lock(&self, exclusive: bool) -> Result<File, StoreError> {
        let path = self.path.with_extension("lock");
        if !path.exists() {
            fault::check().map_err(|e| io("cannot open", &path, e))?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| io("cannot open", &path, e))?;
        if exclusive {
            file.lock()
        } else {
            file.lock_shared()
        }
        .map_err(|e| io("cannot lock", &path, e))?;
        Ok(file)
    }

    /// Appends one line durably. When the file's last line was torn (a crash while
    /// writing it), the new line starts on a line of its own; when the write fails part way
    /// (a full disk), the file is cut back to what it was, so no half line is left behind.
    pub fn append(&self, line: &HistoryLine) -> Result<(), StoreError> {
        let mut text = serde_json::to_string(line)
            .map_err(|e| io("cannot encode", &self.path, std::io::Error::other(e)))?;
        text.push('\n');
        if let Some(dir) = self.path.parent() {
            fault::create_dir_all(dir)
                .map_err(|e| io("cannot create the folder for", &self.path, e))?;
        }
        let lock = self.lock(true)?;
        let result = fault::check()
            .and_then(|()| {
                OpenOptions::new()
                    .create(true)
                    .read(true)
                    .append(true)
                    .open(&self.path)
            })
            .and_then(|mut file| {
                let before = file.metadata()?.len();
                if before > 0 && !ends_with_newline(&mut file)? {
                    text.insert(0, '\n');
                }
                fault::write_all(&mut file, text.as_bytes())
                    .and_then(|()| file.sync_data())
                    .inspect_err(|_| {
                        // Cut the torn line off again (when even that fails, the next
                        // append starts a new line and the next load sets it aside).
                        if fault::check().and_then(|()| file.set_len(before)).is_ok() {
                            file.sync_data().ok();
                        }
                    })
            });
        lock.unlock().ok();
        result.map_err(|e| io("cannot write", &self.path, e))
    }

    /// Reads the history. Lines that cannot be read are reported; the file is then kept
    /// aside as `history.jsonl.corrupt-<stamp>` and the good lines are written back, so
    /// nothing is silently lost or overwritten. When the folder cannot be written the good
    /// lines are still returned and the file is left as it is.
    pub fn load(&self, stamp: &str) -> Result<HistoryLoad, StoreError> {
        if !self.path.exists() {
            return Ok(HistoryLoad::default());
        }
        // A read-only folder may have no lock file and cannot get one: nobody can append
        // there either, so reading without it is safe.
        let shared = self.lock(false).ok();
        let first = read_limited(&self.path, MAX_HISTORY_BYTES);
        if let Some(l) = shared {
            l.unlock().ok();
        }
        let (lines, _, bad_lines) = parse_lines(&first?);
        if bad_lines.is_empty() {
            return Ok(HistoryLoad {
                history: History::from_lines(lines),
                ..HistoryLoad::default()
            });
        }
        // Repair under the exclusive lock, from a fresh read: a line appended by another
        // copy of Lull since the first read is kept.
        let Ok(lock) = self.lock(true) else {
            return Ok(unrepaired(lines, bad_lines, "the folder cannot be written"));
        };
        let repaired = read_limited(&self.path, MAX_HISTORY_BYTES).and_then(|bytes| {
            let (lines, good_text, bad_lines) = parse_lines(&bytes);
            if bad_lines.is_empty() {
                // Another copy of Lull repaired it meanwhile.
                return Ok(HistoryLoad {
                    history: History::from_lines(lines),
                    ..HistoryLoad::default()
                });
            }
            // The good lines are on disk, and the original is kept aside (a second name
            // for the same file), before the good lines replace it in one rename: at every
            // moment the history file is there, whole, with the old or the new lines.
            let good = stage(&self.path, good_text.as_bytes())?;
            let aside = keep_aside(&self.path, stamp)?;
            if let Err(e) = good.commit() {
                // The original is still in place: the copy is not needed.
                std::fs::remove_file(&aside).ok();
                return Err(e);
            }
            log::warn!(
                "{} history lines could not be read; the file was kept as {}",
                bad_lines.len(),
                aside.display()
            );
            Ok(HistoryLoad {
                history: History::from_lines(lines),
                bad_lines,
                kept_at: Some(aside),
                not_repaired: None,
            })
        });
        lock.unlock().ok();
        Ok(repaired.unwrap_or_else(|e| {
            log::warn!("cannot set the unreadable history lines aside: {e}");
            unrepaired(lines, bad_lines, &e.to_string())
        }))
    }
}

/// Whether the file's last byte is a newline.
fn ends_with_newline(file: &mut File) -> std::io::Result<bool> {
    let mut last = [0_u8];
    file.seek(SeekFrom::End(-1))?;
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

fn unrepaired(lines: Vec<HistoryLine>, bad_lines: Vec<(usize, String)>, why: &str) -> HistoryLoad {
    HistoryLoad {
        history: History::from_lines(lines),
        bad_lines,
        kept_at: None,
        not_repaired: Some(why.to_owned()),
    }
}

/// Reads history text: the good lines, their text, and the bad lines (1-based number,
/// problem). Never fails, whatever the bytes (fuzzed: `fuzz/fuzz_targets/history.rs`).
pub fn parse_lines(bytes: &[u8]) -> (Vec<HistoryLine>, String, Vec<(usize, String)>) {
    let text = String::from_utf8_lossy(bytes);
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
    (lines, good_text, bad_lines)
}

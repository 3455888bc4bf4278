//! Reading files with a size limit.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use super::error::StoreError;

/// Reads at most `max` bytes; a larger file is an error (never read whole).
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, StoreError> {
    let io = |source| StoreError::Io {
        action: "cannot read",
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > max {
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(StoreError::TooLarge {
            path: path.to_path_buf(),
            size,
            max,
        });
    }
    Ok(bytes)
}

/// Reads a UTF-8 text file of at most `max` bytes.
pub fn read_text(path: &Path, max: u64) -> Result<String, StoreError> {
    let bytes = read_limited(path, max)?;
    String::from_utf8(bytes).map_err(|_| StoreError::NotText {
        path: path.to_path_buf(),
    })
}

/// The regular files directly in `dir` whose name passes `keep`, sorted; an absent folder
/// gives an empty list.
pub fn list_files(dir: &Path, keep: impl Fn(&Path) -> bool) -> Result<Vec<PathBuf>, StoreError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(StoreError::Io {
                action: "cannot list",
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && keep(p))
        .collect();
    files.sort();
    Ok(files)
}

/// The `*.toml` files directly in `dir`, sorted; an absent folder gives an empty list.
pub fn list_routine_files(dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    list_files(dir, |p| p.extension().is_some_and(|e| e == "toml"))
}

/// Most routine files read from the routines folder (each at most 256 KiB): a folder
/// filled by accident or on purpose cannot make start-up read without end.
pub const MAX_USER_ROUTINES: usize = 500;

/// The user's routine files in `dirs`' routines folder, as (path, bytes), with what could not
/// be read. A missing folder is no problem: there are no routines yet.
pub fn read_user_routines(dirs: &super::AppDirs) -> (Vec<(String, Vec<u8>)>, Vec<StoreError>) {
    let mut problems = Vec::new();
    let mut files = Vec::new();
    let dir = super::user_routines_dir(dirs);
    match list_routine_files(&dir) {
        Ok(mut paths) => {
            if paths.len() > MAX_USER_ROUTINES {
                paths.truncate(MAX_USER_ROUTINES);
                problems.push(StoreError::TooMany {
                    path: dir.clone(),
                    max: MAX_USER_ROUTINES,
                });
            }
            for path in paths {
                match read_limited(&path, crate::domain::routine::MAX_FILE_BYTES as u64 + 1) {
                    Ok(bytes) => files.push((path.display().to_string(), bytes)),
                    Err(e) => problems.push(e),
                }
            }
        }
        Err(e) => problems.push(e),
    }
    (files, problems)
}

/// Creates `dir` and its parents (an existing folder is fine).
pub fn create_dir(dir: &Path) -> Result<(), StoreError> {
    super::fault::create_dir_all(dir).map_err(|source| StoreError::Io {
        action: "cannot create",
        path: dir.to_path_buf(),
        source,
    })
}

//! The user's routine files beyond reading them: a free file name for a new one, the trash
//! a replaced or deleted one goes to (never straight to nothing), and the scratch copy an
//! editor works on.

use std::path::{Path, PathBuf};

use super::error::StoreError;
use super::fault;

/// The folder, inside the routines folder, that replaced and deleted routines go to.
pub const TRASH_DIR: &str = "trash";

/// `<id>.toml` in `dir`, or `<id>-2.toml`, `-3`… when that name is taken.
pub fn free_routine_path(dir: &Path, id: &str) -> PathBuf {
    let first = dir.join(format!("{id}.toml"));
    if !first.exists() {
        return first;
    }
    (2..100_000)
        .map(|n| dir.join(format!("{id}-{n}.toml")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// Moves the routine file `path` into the routines folder's trash (`trash/<name>-<stamp>.toml`,
/// the folder made if needed), where it can be restored by hand. Returns where it went.
pub fn trash_routine(path: &Path, stamp: &str) -> Result<PathBuf, StoreError> {
    to_trash(path, stamp, false)
}

/// Puts `path` in the trash, moved (`keep` false) or as a second name for the same file
/// (a hard link, else a copy), leaving it in place too (`keep` true).
fn to_trash(path: &Path, stamp: &str, keep: bool) -> Result<PathBuf, StoreError> {
    let io = |action, source| StoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(TRASH_DIR);
    fault::create_dir_all(&dir).map_err(|e| io("cannot make the trash folder for", e))?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let target = free_routine_path(&dir, &format!("{stem}-{stamp}"));
    fault::check().map_err(|e| io("cannot move to the trash", e))?;
    if keep {
        std::fs::hard_link(path, &target)
            .or_else(|_| super::atomic::copy_new(path, &target))
            .map_err(|e| io("cannot copy to the trash", e))?;
    } else {
        std::fs::rename(path, &target).map_err(|e| io("cannot move to the trash", e))?;
    }
    Ok(target)
}

/// Writes a routine file into the routines folder `dir`: over `replaces` when it is in that
/// folder (whose old text goes to the trash first), else as `<id>.toml` under a free name.
/// The new file is written to a temporary beside its place, the old one is kept in the trash
/// (a second name for it), and only then does the new one replace it, in one rename: at every
/// moment the routine is there, whole, old or new, and a failure on the way leaves the old
/// one where it was. Returns where it went, and where the replaced one went.
pub fn save_routine_file(
    dir: &Path,
    id: &str,
    text: &[u8],
    replaces: Option<&Path>,
    stamp: &str,
) -> Result<(PathBuf, Option<PathBuf>), StoreError> {
    let target = replaces
        .filter(|p| p.parent() == Some(dir))
        .map_or_else(|| free_routine_path(dir, id), Path::to_path_buf);
    let staged = super::stage(&target, text)?;
    let trashed = match replaces {
        Some(old) if old == target => {
            let kept = to_trash(old, stamp, true)?;
            if let Err(e) = staged.commit() {
                // The old one is still in place: no copy of it in the trash.
                std::fs::remove_file(&kept).ok();
                return Err(e);
            }
            Some(kept)
        }
        Some(old) => {
            // Elsewhere: the new one is in place before the old one goes.
            staged.commit()?;
            Some(trash_routine(old, stamp)?)
        }
        None => {
            staged.commit()?;
            None
        }
    };
    Ok((target, trashed))
}

/// Moves a routine back from the trash to `original` (or beside it under a free name, if
/// that name has been taken since). Returns where it went.
pub fn restore_routine(trashed: &Path, original: &Path) -> Result<PathBuf, StoreError> {
    let dir = original.parent().unwrap_or_else(|| Path::new("."));
    let target = if original.exists() {
        let stem = original
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        free_routine_path(dir, &stem)
    } else {
        original.to_path_buf()
    };
    fault::check()
        .and_then(|()| std::fs::rename(trashed, &target))
        .map_err(|source| StoreError::Io {
            action: "cannot bring back",
            path: trashed.to_path_buf(),
            source,
        })?;
    Ok(target)
}

/// A scratch copy of a routine for an editor, in a private temporary folder (removed when
/// this is dropped), under a name that says what it is.
pub struct EditCopy {
    /// Kept so the folder lives as long as the copy.
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl EditCopy {
    /// `text` written to `<name>` in a new temporary folder.
    pub fn create(name: &str, text: &str) -> Result<Self, StoreError> {
        let dir = tempfile::Builder::new()
            .prefix("lull-routine-")
            .tempdir()
            .map_err(|source| StoreError::Io {
                action: "cannot make a temporary folder for",
                path: PathBuf::from(name),
                source,
            })?;
        let path = dir.path().join(name);
        std::fs::write(&path, text).map_err(|source| StoreError::Io {
            action: "cannot write",
            path: path.clone(),
            source,
        })?;
        Ok(Self { _dir: dir, path })
    }

    /// The file to open in the editor.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the file holds now (at most `max` bytes).
    pub fn read(&self, max: u64) -> Result<Vec<u8>, StoreError> {
        super::read_limited(&self.path, max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_routine_goes_to_the_trash_under_a_free_name() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("mine.toml");
        std::fs::write(&file, "one").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            free_routine_path(dir.path(), "mine"),
            dir.path().join("mine-2.toml")
        );
        assert_eq!(
            free_routine_path(dir.path(), "other"),
            dir.path().join("other.toml")
        );
        let gone = trash_routine(&file, "20261204").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(gone, dir.path().join("trash/mine-20261204.toml"));
        assert!(!file.exists());
        std::fs::write(&file, "two").unwrap_or_else(|e| panic!("{e}"));
        let again = trash_routine(&file, "20261204").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again, dir.path().join("trash/mine-20261204-2.toml"));
        assert_eq!(std::fs::read_to_string(gone).ok().as_deref(), Some("one"));
    }

    #[test]
    fn an_edit_copy_is_read_back_and_removed_with_its_folder() {
        let copy =
            EditCopy::create("mine.toml", "id = \"mine\"\n").unwrap_or_else(|e| panic!("{e}"));
        let folder = copy.path().parent().map(Path::to_path_buf);
        assert_eq!(
            copy.read(100).ok().as_deref(),
            Some(&b"id = \"mine\"\n"[..])
        );
        assert!(copy.read(3).is_err());
        drop(copy);
        assert!(folder.is_some_and(|f| !f.exists()));
    }
}

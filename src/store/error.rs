//! Errors from the file system, always naming the file.

use std::path::PathBuf;

/// A file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An I/O error on a path.
    #[error("{action} {}: {source}", shown(path))]
    Io {
        /// What we were doing ("cannot read").
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is larger than allowed.
    #[error("{}: file is too large ({size} bytes, at most {max})", shown(path))]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// The file is not UTF-8 text.
    #[error("{}: not valid UTF-8 text", shown(path))]
    NotText {
        /// The file.
        path: PathBuf,
    },
    /// A folder holds more files of a kind than are read.
    #[error(
        "{}: more than {max} files; only the first {max} (by name) were read",
        shown(path)
    )]
    TooMany {
        /// The folder.
        path: PathBuf,
        /// How many are read.
        max: usize,
    },
}

/// A path as messages show it: a file name's control characters made inert.
fn shown(path: &std::path::Path) -> String {
    crate::domain::text::escaped(&path.display().to_string())
}

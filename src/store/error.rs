//! Errors from the file system, always naming the file.

use std::path::PathBuf;

/// A file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An I/O error on a path.
    #[error("{action} {path}: {source}")]
    Io {
        /// What we were doing ("cannot read").
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is larger than allowed.
    #[error("{path}: file is too large ({size} bytes, at most {max})")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// The file is not UTF-8 text.
    #[error("{path}: not valid UTF-8 text")]
    NotText {
        /// The file.
        path: PathBuf,
    },
}

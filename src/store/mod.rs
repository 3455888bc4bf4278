//! The only module that touches files: reading routine and answers files, the data and
//! config folders, atomic writes.

mod error;
mod paths;
mod read;

pub use error::StoreError;
pub use paths::{AppDirs, user_routines_dir};
pub use read::{list_routine_files, read_limited, read_text};

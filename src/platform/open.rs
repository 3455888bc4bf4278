//! Opening a folder in the desktop's file manager (`xdg-open`, as a process).

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;

/// Shows a folder to the user.
pub trait Opener {
    /// Opens `path` in the file manager; the error says why it could not.
    fn open(&self, path: &Path) -> Result<(), String>;
}

/// The desktop's file manager, through `xdg-open`.
#[derive(Clone, Copy, Debug, Default)]
pub struct DesktopOpener;

impl Opener for DesktopOpener {
    fn open(&self, path: &Path) -> Result<(), String> {
        let mut command = Command::new("xdg-open");
        command.arg(path);
        super::process::launch(command).map_err(|e| e.to_string())
    }
}

/// Remembers what it was asked to open (tests).
#[derive(Clone, Debug, Default)]
pub struct RecordingOpener {
    /// Every path asked for.
    pub opened: Rc<RefCell<Vec<PathBuf>>>,
}

impl Opener for RecordingOpener {
    fn open(&self, path: &Path) -> Result<(), String> {
        self.opened.borrow_mut().push(path.to_path_buf());
        Ok(())
    }
}

//! Fault injection, for the tests: every change the store makes to the file system (making a
//! file or folder, writing bytes, renaming, linking, removing) first asks [`check`] or goes
//! through [`write_all`], so a test can make the disk fill up half-way through a write, or
//! the folder turn read-only after any number of changes, on the thread it runs on, and then
//! check that nothing earlier was lost (`tests/it/faults.rs`). With no fault injected (the
//! app, the command line) both are a thread-local read and nothing more.

use std::cell::Cell;
use std::io::{self, ErrorKind, Write};

/// A fault to inject on the current thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The disk fills up after `bytes` more bytes: the write that crosses the limit writes
    /// up to it and fails with "no space left on device", as do all writes after it.
    /// Making, renaming and removing files still work (as on a real full disk).
    DiskFull {
        /// Bytes that can still be written.
        bytes: u64,
    },
    /// The folder turns read-only after `changes` more changes: every change after those
    /// (a file made, bytes written, a rename, a link, a removal) fails. Also stands for a
    /// crash at that moment, since nothing after it reaches the disk.
    ReadOnlyAfter {
        /// Changes that still succeed.
        changes: u32,
    },
}

thread_local! {
    static FAULT: Cell<Option<Fault>> = const { Cell::new(None) };
    static CHANGES: Cell<u32> = const { Cell::new(0) };
    static BYTES: Cell<u64> = const { Cell::new(0) };
}

/// The fault injected on this thread until it is dropped.
#[must_use = "the fault is lifted when this is dropped"]
#[derive(Debug)]
pub struct Injected {
    /// The counts when it was injected.
    changes_at: u32,
    bytes_at: u64,
}

impl Injected {
    /// How many changes were asked for since the fault was injected (whether they failed
    /// or not): a test injects `ReadOnlyAfter` at every count up to this one.
    pub fn changes(&self) -> u32 {
        CHANGES.with(Cell::get).wrapping_sub(self.changes_at)
    }

    /// How many bytes were asked to be written since the fault was injected: a test fills
    /// the disk at points up to this one.
    pub fn bytes(&self) -> u64 {
        BYTES.with(Cell::get).wrapping_sub(self.bytes_at)
    }
}

impl Drop for Injected {
    fn drop(&mut self) {
        FAULT.with(|f| f.set(None));
    }
}

/// Injects `fault` on the current thread (replacing any other) until the guard is dropped.
pub fn inject(fault: Fault) -> Injected {
    FAULT.with(|f| f.set(Some(fault)));
    Injected {
        changes_at: CHANGES.with(Cell::get),
        bytes_at: BYTES.with(Cell::get),
    }
}

fn read_only() -> io::Error {
    io::Error::new(ErrorKind::ReadOnlyFilesystem, "read-only file system")
}

fn disk_full() -> io::Error {
    io::Error::new(ErrorKind::StorageFull, "no space left on device")
}

/// Counts one change and says whether it may happen (a read-only fault past its count).
fn change() -> io::Result<()> {
    CHANGES.with(|c| c.set(c.get().wrapping_add(1)));
    match FAULT.with(Cell::get) {
        Some(Fault::ReadOnlyAfter { changes: 0 }) => Err(read_only()),
        Some(Fault::ReadOnlyAfter { changes }) => {
            FAULT.with(|f| {
                f.set(Some(Fault::ReadOnlyAfter {
                    changes: changes - 1,
                }));
            });
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Called before each change to the file system that is not a write of bytes (making,
/// renaming, linking, removing): fails when the folder has turned read-only.
pub(super) fn check() -> io::Result<()> {
    change()
}

/// `out.write_all(bytes)`, unless a fault says otherwise: a full disk writes what still fits
/// and fails; a read-only folder writes nothing.
pub(super) fn write_all(out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    BYTES.with(|b| b.set(b.get().wrapping_add(bytes.len() as u64)));
    change()?;
    match FAULT.with(Cell::get) {
        Some(Fault::DiskFull { bytes: room }) => {
            let fits = usize::try_from(room).unwrap_or(usize::MAX).min(bytes.len());
            out.write_all(&bytes[..fits])?;
            FAULT.with(|f| {
                f.set(Some(Fault::DiskFull {
                    bytes: room - fits as u64,
                }));
            });
            if fits < bytes.len() {
                out.flush().ok();
                return Err(disk_full());
            }
            Ok(())
        }
        _ => out.write_all(bytes),
    }
}

/// `std::fs::create_dir_all`, a change only when the folder is not there yet (on a
/// read-only file system an existing folder is still "created").
pub(super) fn create_dir_all(dir: &std::path::Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    check()?;
    std::fs::create_dir_all(dir)
}

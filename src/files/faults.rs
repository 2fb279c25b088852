//! Disk faults for tests: writes under a chosen folder fail the way a read-only mount or a full
//! disk fails them, or stall half-way (a slow network drive at the moment the window closes).
//! Root ignores file permissions and a test cannot fill the disk, so the faults are injected
//! here, at the one place every save goes through. Compiled only for tests.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use crate::test_gate::Gate;

/// `EROFS` and `ENOSPC` (Linux and macOS agree on both): the errors the OS gives.
const READ_ONLY_FS: i32 = 30;
const NO_SPACE: i32 = 28;

#[derive(Clone)]
pub enum WriteFault {
    /// Creating the file fails: a read-only folder or mount.
    ReadOnly,
    /// The disk fills after this many bytes of the new file.
    DiskFull { after: usize },
    /// The write stops after this many bytes until `gate` opens (or a minute passes).
    Stall { after: usize, gate: Arc<Gate> },
}

static FAULTS: Mutex<Vec<(PathBuf, WriteFault)>> = Mutex::new(Vec::new());

fn faults() -> MutexGuard<'static, Vec<(PathBuf, WriteFault)>> {
    FAULTS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Makes every write under `folder` fail with `fault` until the guard is dropped.
#[must_use]
pub fn inject(folder: &Path, fault: WriteFault) -> Injected {
    faults().push((folder.to_owned(), fault));
    Injected(folder.to_owned())
}

pub struct Injected(PathBuf);

impl Drop for Injected {
    fn drop(&mut self) {
        faults().retain(|(folder, _)| *folder != self.0);
    }
}

/// The fault for a write of `path`; a read-only folder fails right here.
pub(super) fn before_create(path: &Path) -> io::Result<Option<WriteFault>> {
    let fault = faults()
        .iter()
        .find(|(folder, _)| path.starts_with(folder))
        .map(|(_, f)| f.clone());
    match fault {
        Some(WriteFault::ReadOnly) => Err(io::Error::from_raw_os_error(READ_ONLY_FS)),
        other => Ok(other),
    }
}

/// The temporary file, failing or stalling as its fault says.
pub(super) struct FaultyFile {
    file: std::fs::File,
    fault: Option<WriteFault>,
    written: usize,
}

impl FaultyFile {
    pub fn new(file: std::fs::File, fault: Option<WriteFault>) -> Self {
        FaultyFile {
            file,
            fault,
            written: 0,
        }
    }

    pub fn sync_all(&self) -> io::Result<()> {
        self.file.sync_all()
    }
}

impl Write for FaultyFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let room = match &self.fault {
            Some(WriteFault::DiskFull { after }) | Some(WriteFault::Stall { after, .. }) => {
                after.saturating_sub(self.written)
            }
            _ => usize::MAX,
        };
        if room == 0 {
            match &self.fault {
                Some(WriteFault::Stall { gate, .. }) => {
                    gate.enter_and_wait(Duration::from_secs(60));
                    self.fault = None;
                }
                _ => return Err(io::Error::from_raw_os_error(NO_SPACE)),
            }
        }
        let n = self.file.write(&buf[..buf.len().min(room)])?;
        self.written += n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

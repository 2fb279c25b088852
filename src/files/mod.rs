//! Writing files so that a failure never costs the user the previous version: everything the
//! app saves (sessions, figures, CSV, screenshots) goes through [`write_atomically`].

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

#[cfg(test)]
pub mod faults;

/// Numbers the temporary files, so two writes of one path at once (an autosave from the
/// trainer and a save from the window's exit) never share a temporary.
static TEMPORARIES: AtomicU64 = AtomicU64::new(0);

#[derive(Debug, thiserror::Error)]
#[error("could not write {path}: {source}")]
pub struct WriteError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// Writes `path` through `contents`: into a temporary file in the same folder, synced to disk,
/// then renamed over `path`. A failure at any point (full disk, read-only folder, an error
/// from `contents`, a crash) leaves the previous file as it was and no temporary behind.
pub fn write_atomically(
    path: &Path,
    contents: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let serial = TEMPORARIES.fetch_add(1, Ordering::Relaxed);
    let tmp = folder.join(format!(".{name}.{}-{serial}.tmp", std::process::id()));
    let result = (|| {
        #[cfg(test)]
        let fault = faults::before_create(path)?;
        let file = std::fs::File::create(&tmp)?;
        #[cfg(test)]
        let file = faults::FaultyFile::new(file, fault);
        let mut out = std::io::BufWriter::new(file);
        contents(&mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, path)?;
        // The rename is durable once the folder's entry is: sync it where the OS allows.
        if let Ok(dir) = std::fs::File::open(&folder) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|source| WriteError {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_failing_half_way_leaves_the_old_file_and_no_temporary() {
        let dir = std::env::temp_dir().join(format!("energy-lab-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.txt");
        write_atomically(&path, |w| w.write_all(b"first version")).unwrap();
        let failed = write_atomically(&path, |w| {
            w.write_all(b"second ver")?;
            Err(std::io::Error::other("disk pulled mid-write"))
        });
        let message = failed.unwrap_err().to_string();
        assert!(
            message.contains("out.txt") && message.contains("mid-write"),
            "{message}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"first version");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary left behind");
        // A folder that does not exist: an error, not a panic.
        let missing = dir.join("no/such/folder/out.txt");
        assert!(write_atomically(&missing, |w| w.write_all(b"x")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

//! Where files go: the kinds of file the window reads and writes, the user's folder each kind
//! starts in, the last folder used per kind (kept between runs), and file names in local time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

use crate::session::EXTENSION;

/// The kinds of file the window reads or writes; each remembers its own last folder.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum FileKind {
    /// Whole sessions (`.energylab`).
    Session,
    /// CSV data to train on.
    Data,
    /// Publication figures (PNG, SVG).
    Figure,
    /// CSV exports: grid, data, hot points, loss curves.
    Export,
    /// Screenshots of the window (the S key).
    Screenshot,
}

impl FileKind {
    pub const ALL: [FileKind; 5] = [
        FileKind::Session,
        FileKind::Data,
        FileKind::Figure,
        FileKind::Export,
        FileKind::Screenshot,
    ];

    /// The extensions the dialog lists (lower case, no dot); empty: folders only.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Session => &[EXTENSION],
            FileKind::Data => &["csv", "txt", "tsv"],
            FileKind::Figure => &["png", "svg"],
            FileKind::Export => &[],
            FileKind::Screenshot => &["png"],
        }
    }

    /// The user's folder this kind starts in before any is remembered: pictures for what is
    /// looked at, documents for the rest, in an `energy-lab` folder of its own so the app's
    /// files do not mix with the user's. Data is the user's own: the documents folder itself.
    /// Looked up once per run: the panel asks every frame, and the lookup reads a file.
    pub fn default_folder(self) -> PathBuf {
        static DEFAULTS: OnceLock<BTreeMap<FileKind, PathBuf>> = OnceLock::new();
        DEFAULTS
            .get_or_init(|| {
                FileKind::ALL
                    .into_iter()
                    .map(|kind| (kind, kind.look_up_default_folder()))
                    .collect()
            })
            .get(&self)
            .cloned()
            .unwrap_or_else(|| self.look_up_default_folder())
    }

    fn look_up_default_folder(self) -> PathBuf {
        let home = dirs::home_dir();
        let (platform, english) = match self {
            FileKind::Figure | FileKind::Screenshot => (dirs::picture_dir(), "Pictures"),
            FileKind::Session | FileKind::Data | FileKind::Export => {
                (dirs::document_dir(), "Documents")
            }
        };
        // Without an XDG user-dirs file (containers, fresh accounts) `dirs` knows no pictures
        // folder: take ~/Pictures if it exists, else the home folder itself.
        let base = platform
            .or_else(|| {
                home.as_ref()
                    .map(|h| h.join(english))
                    .filter(|p| p.is_dir())
            })
            .or(home)
            .unwrap_or_else(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")));
        match self {
            FileKind::Data => base,
            _ => base.join("energy-lab"),
        }
    }
}

/// The last folder used for each kind of file, persisted with the window's settings.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Folders {
    last: BTreeMap<FileKind, PathBuf>,
}

impl Folders {
    /// Where a file of `kind` goes or is looked for: the last folder used, else the default.
    pub fn get(&self, kind: FileKind) -> PathBuf {
        self.last
            .get(&kind)
            .cloned()
            .unwrap_or_else(|| kind.default_folder())
    }

    /// Remembers `folder` for `kind`.
    pub fn set(&mut self, kind: FileKind, folder: impl Into<PathBuf>) {
        self.last.insert(kind, folder.into());
    }

    /// Remembers the folder `file` is in.
    pub fn remember_file(&mut self, kind: FileKind, file: &Path) {
        if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
            self.set(kind, parent);
        }
    }

    /// `folder/<stem>-<local time>.<ext>` in the folder for `kind`.
    pub fn timestamped(&self, kind: FileKind, stem: &str, ext: &str) -> PathBuf {
        self.get(kind).join(format!(
            "{stem}-{}.{ext}",
            local_timestamp(SystemTime::now())
        ))
    }
}

/// The nearest folder at or above `folder` that exists (a dialog cannot list one that does
/// not), or the current folder.
pub fn existing_ancestor(folder: &Path) -> PathBuf {
    folder
        .ancestors()
        .find(|p| !p.as_os_str().is_empty() && p.is_dir())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")))
}

/// `YYYYMMDD-HHMMSS-mmm` in the user's time zone (UTC where the system names none): the
/// time on the wall when the file was made, as a file manager shows it.
pub fn local_timestamp(now: SystemTime) -> String {
    timestamp_in(now, &jiff::tz::TimeZone::system())
}

/// `YYYYMMDD-HHMMSS-mmm` of `now` in `zone`.
pub fn timestamp_in(now: SystemTime, zone: &jiff::tz::TimeZone) -> String {
    match jiff::Timestamp::try_from(now) {
        Ok(t) => t
            .to_zoned_datetime(zone.clone())
            .strftime("%Y%m%d-%H%M%S-%3f")
            .to_string(),
        // Before 1970 or past 9999: no file is made then; keep a name all the same.
        Err(_) => "00000000-000000-000".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::tz::{TimeZone, offset};
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn timestamps_are_wall_clock_times_in_the_zone() {
        // 2026-11-28 00:51:29.250 UTC
        let t = UNIX_EPOCH + Duration::from_millis(1_795_827_089_250);
        assert_eq!(timestamp_in(t, &TimeZone::UTC), "20261128-005129-250");
        // An hour east of Greenwich it is already 01:51; ten hours west, the day before.
        assert_eq!(
            timestamp_in(t, &TimeZone::fixed(offset(1))),
            "20261128-015129-250"
        );
        assert_eq!(
            timestamp_in(t, &TimeZone::fixed(offset(-10))),
            "20261127-145129-250"
        );
        assert_eq!(
            timestamp_in(UNIX_EPOCH, &TimeZone::UTC),
            "19700101-000000-000"
        );
        // A leap day.
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(&timestamp_in(leap, &TimeZone::UTC)[..8], "20000229");
    }

    #[test]
    fn each_kind_remembers_its_own_folder_and_starts_in_the_users_folders() {
        let mut folders = Folders::default();
        let home = dirs::home_dir().unwrap();
        for kind in FileKind::ALL {
            let start = folders.get(kind);
            assert!(start.starts_with(&home), "{kind:?} starts in {start:?}");
            assert!(!start.is_relative(), "{kind:?}: {start:?}");
        }
        assert!(folders.get(FileKind::Figure).ends_with("energy-lab"));
        folders.remember_file(FileKind::Session, Path::new("/tmp/class/week3.energylab"));
        assert_eq!(folders.get(FileKind::Session), Path::new("/tmp/class"));
        assert_eq!(
            folders.get(FileKind::Figure),
            FileKind::Figure.default_folder()
        );
        let name = folders.timestamped(FileKind::Session, "ae", "csv");
        assert!(name.starts_with("/tmp/class") && name.to_string_lossy().ends_with(".csv"));
        // Kept as the settings store them.
        let json = serde_json::to_string(&folders).unwrap();
        assert_eq!(serde_json::from_str::<Folders>(&json).unwrap(), folders);
    }

    #[test]
    fn dialogs_start_in_the_nearest_folder_that_exists() {
        let dir = std::env::temp_dir();
        assert_eq!(existing_ancestor(&dir.join("not/yet/made")), dir);
        assert_eq!(existing_ancestor(&dir), dir);
    }
}

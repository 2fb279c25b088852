//! Open and Save As dialogs for sessions, CSV data, figures and exports, drawn in egui by
//! `egui_file` (a native dialog needs GTK or a desktop portal, which Xvfb and many machines
//! lack). Panels ask for a dialog through [`crate::app::Requests`]; the window shows it over
//! everything and acts on the pick, and each kind of file remembers the folder last used.

pub mod folders;

use std::path::{Path, PathBuf};

use eframe::egui;
use egui_file::FileDialog;

pub use folders::{FileKind, Folders};

use super::{EnergyLabApp, cx};
use crate::trainer::Command;

/// What a dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    OpenSession,
    SaveSessionAs,
    ImportData,
    ExportFigureAs,
    /// A folder for the CSV exports (grid, data, hot points, losses).
    ExportCsv,
}

impl Purpose {
    pub fn kind(self) -> FileKind {
        match self {
            Purpose::OpenSession | Purpose::SaveSessionAs => FileKind::Session,
            Purpose::ImportData => FileKind::Data,
            Purpose::ExportFigureAs => FileKind::Figure,
            Purpose::ExportCsv => FileKind::Export,
        }
    }

    /// The dialog's window title (tests find the dialog by it).
    pub fn title(self) -> &'static str {
        match self {
            Purpose::OpenSession => "Open a session",
            Purpose::SaveSessionAs => "Save the session as",
            Purpose::ImportData => "Open a CSV file",
            Purpose::ExportFigureAs => "Export the figure as",
            Purpose::ExportCsv => "Export CSV into a folder",
        }
    }
}

/// A dialog's answer: what it was for and the path the user chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picked {
    pub purpose: Purpose,
    pub path: PathBuf,
}

/// The one dialog open at a time, if any.
#[derive(Default)]
pub struct Dialogs {
    open: Option<(Purpose, FileDialog)>,
}

impl Dialogs {
    /// Opens the dialog for `purpose` in `folder`; a save dialog proposes `file_name`.
    pub fn open(&mut self, purpose: Purpose, folder: &Path, file_name: Option<String>) {
        let saving = matches!(purpose, Purpose::SaveSessionAs | Purpose::ExportFigureAs);
        if saving {
            // The default folder may not exist yet; making it is what saving there would do.
            if let Err(e) = std::fs::create_dir_all(folder) {
                log::warn!("could not create {}: {e}", folder.display());
            }
        }
        let start = folders::existing_ancestor(folder);
        let extensions = purpose.kind().extensions();
        let mut dialog = match purpose {
            Purpose::OpenSession | Purpose::ImportData => FileDialog::open_file(),
            Purpose::SaveSessionAs | Purpose::ExportFigureAs => FileDialog::save_file(),
            Purpose::ExportCsv => FileDialog::select_folder(),
        }
        .title(purpose.title())
        .id(egui::Id::unique(("energy-lab dialog", purpose.title())))
        .initial_path(start)
        .default_size([560.0, 420.0])
        .keep_on_top(true)
        .show_rename(false)
        .show_files_filter(Box::new(move |path: &Path| has_extension(path, extensions)))
        // Buttons that say what they do (and differ from the panel's own Save and Open).
        .open_button_text(
            match purpose {
                Purpose::OpenSession => "Open session",
                Purpose::ImportData => "Open data",
                Purpose::ExportCsv => "Export here",
                // A save dialog's Open enters the folder selected.
                Purpose::SaveSessionAs | Purpose::ExportFigureAs => "Open folder",
            }
            .into(),
        )
        .save_button_text(
            match purpose {
                Purpose::ExportFigureAs => "Save figure",
                _ => "Save session",
            }
            .into(),
        );
        if let Some(name) = file_name {
            dialog = dialog.default_filename(name);
        }
        dialog.open();
        self.open = Some((purpose, dialog));
    }

    /// What is open, if anything.
    pub fn purpose(&self) -> Option<Purpose> {
        self.open.as_ref().map(|(p, _)| *p)
    }

    /// The open dialog, drawn over the window; the pick once the user confirms one.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<Picked> {
        let (purpose, dialog) = self.open.as_mut()?;
        let purpose = *purpose;
        dialog.show(ctx);
        if dialog.selected() {
            let path = dialog.path().map(Path::to_path_buf);
            self.open = None;
            return path.map(|path| Picked {
                path: with_extension_for(purpose, path),
                purpose,
            });
        }
        if !dialog.visible() {
            // Cancelled, closed or Esc.
            self.open = None;
        }
        None
    }
}

impl EnergyLabApp {
    /// Opens the dialog a panel or shortcut asked for, draws the open one, and acts on the
    /// file or folder picked (remembering its folder for next time).
    pub(super) fn dialogs_ui(&mut self, ctx: &egui::Context) {
        if let Some(purpose) = self.requests.dialog.take() {
            let files = &self.panels.files;
            let name = match purpose {
                Purpose::SaveSessionAs => Path::new(&files.session_path)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned()),
                Purpose::ExportFigureAs => Some(files.figure_name(self.settings.focus.key())),
                _ => None,
            };
            let folder = files.folders.get(purpose.kind());
            self.dialogs.open(purpose, &folder, name);
        }
        let Some(Picked { purpose, path }) = self.dialogs.ui(ctx) else {
            return;
        };
        let files = &mut self.panels.files;
        match purpose {
            Purpose::ExportCsv => files.folders.set(FileKind::Export, path.clone()),
            _ => files.folders.remember_file(purpose.kind(), &path),
        }
        let mut cx = cx!(self);
        match purpose {
            Purpose::OpenSession => {
                files.session_path = path.display().to_string();
                cx.send(Command::LoadSession(path));
            }
            Purpose::SaveSessionAs => {
                files.session_path = path.display().to_string();
                files.save_session_here(&mut cx);
            }
            Purpose::ImportData => self.panels.data.import_file(&mut cx, &path),
            Purpose::ExportFigureAs => {
                let choice = files.figure;
                files.export_figure(&mut cx, path, choice);
            }
            Purpose::ExportCsv => files.export_csv(&mut cx, &path),
        }
    }
}

/// Whether `path` ends in one of `extensions` (any case); folders-only dialogs list no files.
fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension().is_some_and(|e| {
        extensions
            .iter()
            .any(|x| e.eq_ignore_ascii_case(std::ffi::OsStr::new(x)))
    })
}

/// A saved file gets its kind's extension when the name typed has none of them
/// (`week3` → `week3.energylab`; a figure without one becomes a PNG).
fn with_extension_for(purpose: Purpose, path: PathBuf) -> PathBuf {
    let extensions = purpose.kind().extensions();
    let saving = matches!(purpose, Purpose::SaveSessionAs | Purpose::ExportFigureAs);
    match extensions.first() {
        Some(first) if saving && !has_extension(&path, extensions) => {
            let mut name = path.into_os_string();
            name.push(".");
            name.push(first);
            PathBuf::from(name)
        }
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_names_get_their_kinds_extension_once() {
        let s = |p: &str| with_extension_for(Purpose::SaveSessionAs, PathBuf::from(p));
        assert_eq!(s("/a/week3"), Path::new("/a/week3.energylab"));
        assert_eq!(s("/a/week3.ENERGYLAB"), Path::new("/a/week3.ENERGYLAB"));
        assert_eq!(s("/a/v1.2"), Path::new("/a/v1.2.energylab"));
        let f = |p: &str| with_extension_for(Purpose::ExportFigureAs, PathBuf::from(p));
        assert_eq!(f("/a/ae.svg"), Path::new("/a/ae.svg"));
        assert_eq!(f("/a/ae"), Path::new("/a/ae.png"));
        // Opening never renames.
        let o = with_extension_for(Purpose::ImportData, PathBuf::from("/a/points"));
        assert_eq!(o, Path::new("/a/points"));
    }

    #[test]
    fn dialogs_list_only_their_kind_of_file() {
        assert!(has_extension(
            Path::new("x/Data.CSV"),
            FileKind::Data.extensions()
        ));
        assert!(!has_extension(
            Path::new("x/data.json"),
            FileKind::Data.extensions()
        ));
        assert!(!has_extension(
            Path::new("x/noext"),
            FileKind::Session.extensions()
        ));
    }
}

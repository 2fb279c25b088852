//! A small file browser drawn in egui: a native dialog needs GTK or a desktop portal, which
//! many of the machines this runs on lack.

use std::path::{Path, PathBuf};

use eframe::egui;

use super::panels::data::import::file_name;

pub struct FileBrowser {
    title: &'static str,
    /// Extensions shown (lower case, no dot).
    extensions: &'static [&'static str],
    /// The folder shown while the browser is open.
    pub folder: Option<PathBuf>,
    pub path_text: String,
}

impl FileBrowser {
    pub fn new(title: &'static str, extensions: &'static [&'static str]) -> Self {
        FileBrowser {
            title,
            extensions,
            folder: None,
            path_text: String::new(),
        }
    }

    pub fn open(&mut self) {
        let start = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        self.path_text = start.display().to_string();
        self.folder = Some(start);
    }

    /// The browser window while open; returns the file the user chose.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<PathBuf> {
        let folder = self.folder.clone()?;
        let mut open = true;
        let mut chosen = None;
        let mut go_to = None;
        egui::Window::new(self.title)
            .open(&mut open)
            .default_size([420.0, 360.0])
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.label("path");
                    ui.text_edit_singleline(&mut self.path_text);
                    if ui.button("Open").clicked() {
                        chosen = Some(PathBuf::from(self.path_text.trim()));
                    }
                });
                ui.label(egui::RichText::new(folder.display().to_string()).weak());
                egui::ScrollArea::vertical()
                    .max_height(260.0)
                    .show(ui, |ui| {
                        if let Some(parent) = folder.parent()
                            && ui.button(".. (up)").clicked()
                        {
                            go_to = Some(parent.to_owned());
                        }
                        for (path, is_dir) in listing(&folder, self.extensions) {
                            let name = file_name(&path);
                            if is_dir {
                                if ui.button(format!("{name}/")).clicked() {
                                    go_to = Some(path);
                                }
                            } else if ui.button(name).clicked() {
                                chosen = Some(path);
                            }
                        }
                    });
            });
        if let Some(dir) = go_to {
            self.path_text = dir.display().to_string();
            self.folder = Some(dir);
        }
        if chosen.is_some() || !open {
            self.folder = None;
        }
        chosen
    }
}

/// Sub-folders, then the files with one of `extensions`, each sorted by name; hidden entries
/// left out.
fn listing(folder: &Path, extensions: &[&str]) -> Vec<(PathBuf, bool)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, bool)> = entries
        .flatten()
        .map(|e| (e.path(), e.path().is_dir()))
        .filter(|(p, is_dir)| {
            let wanted = p.extension().is_some_and(|e| {
                extensions
                    .iter()
                    .any(|x| e.eq_ignore_ascii_case(std::ffi::OsStr::new(x)))
            });
            !file_name(p).starts_with('.') && (*is_dir || wanted)
        })
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

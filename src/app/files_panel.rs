//! Sessions, figures and CSV: save and open a whole session, export publication figures and
//! the grid, data and hot points; autosave, and the offer to continue after a restart.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use eframe::egui::{self, Ui};

use super::EnergyLabApp;
use super::file_browser::FileBrowser;
use super::screenshot::utc_timestamp;
use crate::energy::Beta;
use crate::figure::surface::SurfaceView;
use crate::figure::{FigureRequest, Layout, Theme};
use crate::palette::ColourScale;
use crate::session::EXTENSION;
use crate::trainer::{Command, Event};

/// How often the session is saved to the autosave file while the window is open.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(5 * 60);

/// What *Export figure* draws.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FigureKind {
    #[default]
    Focused,
    Betas,
    AllModels,
    Family,
}

impl FigureKind {
    const ALL: [FigureKind; 4] = [
        FigureKind::Focused,
        FigureKind::Betas,
        FigureKind::AllModels,
        FigureKind::Family,
    ];

    fn label(self) -> &'static str {
        match self {
            FigureKind::Focused => "focused plot",
            FigureKind::Betas => "one panel per β (0.1 … ∞)",
            FigureKind::AllModels => "all enabled models",
            FigureKind::Family => "β family",
        }
    }

    fn layout(self) -> Layout {
        match self {
            FigureKind::Focused => Layout::Focused,
            FigureKind::Betas => Layout::Betas(Beta::COURSE_MARKS.to_vec()),
            FigureKind::AllModels => Layout::AllModels,
            FigureKind::Family => Layout::Family,
        }
    }
}

/// PNG at a pixel density, or SVG.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FigureFormat {
    /// 0 = SVG, else PNG pixels per point (1, 2, 4).
    pub density: u32,
}

/// The figure choices, remembered between runs.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FigureChoice {
    pub kind: FigureKind,
    pub format: FigureFormat,
    pub theme: Theme,
}

impl Default for FigureChoice {
    fn default() -> Self {
        FigureChoice {
            kind: FigureKind::Focused,
            format: FigureFormat { density: 2 },
            theme: Theme::Dark,
        }
    }
}

/// The view settings a session stores for the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ViewSettings {
    pub surface: SurfaceView,
    pub colours: ColourScale,
}

pub struct FilesUi {
    pub session_path: String,
    pub browser: FileBrowser,
    pub figure: FigureChoice,
    /// Where autosaves go; `None` in scripted runs and tests.
    pub autosave: Option<PathBuf>,
    pub last_autosave: Instant,
    /// An autosave from last time, offered until the user answers.
    pub offer: Option<PathBuf>,
}

impl Default for FilesUi {
    fn default() -> Self {
        FilesUi {
            session_path: format!("sessions/session.{EXTENSION}"),
            browser: FileBrowser::new("Open a session", &[EXTENSION]),
            figure: FigureChoice::default(),
            autosave: None,
            last_autosave: Instant::now(),
            offer: None,
        }
    }
}

impl EnergyLabApp {
    pub(super) fn view_settings(&self) -> serde_json::Value {
        let view = ViewSettings {
            surface: self.settings.view,
            colours: self.settings.colour_scale,
        };
        serde_json::to_value(view).unwrap_or_default()
    }

    pub fn save_session(&mut self, path: PathBuf) {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(parent);
        }
        let view = self.view_settings();
        self.trainer.send(Command::SaveSession {
            path,
            view,
            autosave: false,
        });
    }

    pub fn open_session(&mut self, path: PathBuf) {
        self.trainer.send(Command::LoadSession(path));
    }

    /// Asks the trainer for a figure at `path` (it renders off the UI thread).
    pub fn export_figure(&mut self, path: PathBuf, choice: FigureChoice) {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(parent);
        }
        self.trainer.send(Command::Figure(FigureRequest {
            path,
            layout: choice.kind.layout(),
            view: self.settings.view,
            size: None,
            scale: choice.format.density.max(1),
            theme: choice.theme,
            colours: self.settings.colour_scale,
        }));
    }

    pub(super) fn autosave_tick(&mut self) {
        if let Some(path) = &self.files.autosave
            && self.files.last_autosave.elapsed() >= AUTOSAVE_EVERY
        {
            self.files.last_autosave = Instant::now();
            let path = path.clone();
            self.autosave_to(path);
        }
    }

    pub(super) fn autosave_to(&mut self, path: PathBuf) {
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let view = self.view_settings();
        self.trainer.send(Command::SaveSession {
            path,
            view,
            autosave: true,
        });
    }

    /// Outcomes of saves, loads and figures.
    pub(super) fn receive_events(&mut self) {
        while let Some(event) = self.trainer.try_event() {
            match event {
                Event::Saved { autosave: true, .. } => {}
                Event::Saved { path, .. } => {
                    self.message = Some((format!("saved {}", path.display()), false));
                }
                Event::FigureWritten { path, .. } => {
                    self.message = Some((format!("figure saved to {}", path.display()), false));
                }
                Event::Loaded { path, settings } => {
                    self.adopt_session(*settings);
                    self.message = Some((format!("opened {}", path.display()), false));
                }
                Event::Failed { action, message } => {
                    self.message = Some((format!("{action} failed: {message}"), true));
                }
            }
        }
    }

    pub(super) fn files_ui(&mut self, ui: &mut Ui) {
        ui.strong("Session");
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut self.files.session_path).desired_width(150.0));
            if ui
                .button("Save")
                .on_hover_text("the whole session, weights and all")
                .clicked()
            {
                let path = PathBuf::from(self.files.session_path.trim());
                self.save_session(path);
            }
            if ui.button("Open…").clicked() {
                self.files.browser.open();
            }
        });
        ui.strong("Export");
        let choice = &mut self.files.figure;
        egui::ComboBox::from_label("figure")
            .selected_text(choice.kind.label())
            .show_ui(ui, |ui| {
                for kind in FigureKind::ALL {
                    ui.selectable_value(&mut choice.kind, kind, kind.label());
                }
            });
        ui.horizontal(|ui| {
            for (density, label) in [(1, "PNG 1×"), (2, "2×"), (4, "4×"), (0, "SVG")] {
                ui.selectable_value(&mut choice.format, FigureFormat { density }, label);
            }
        });
        ui.horizontal(|ui| {
            ui.selectable_value(&mut choice.theme, Theme::Dark, "dark");
            ui.selectable_value(&mut choice.theme, Theme::Light, "light");
        });
        ui.horizontal(|ui| {
            if ui.button("Export figure").clicked() {
                let choice = self.files.figure;
                let ext = if choice.format.density == 0 {
                    "svg"
                } else {
                    "png"
                };
                let path = export_path(self.settings.focus.key(), ext);
                self.export_figure(path, choice);
            }
            if ui
                .button("Export CSV")
                .on_hover_text("grid, data and hot points of the focused model")
                .clicked()
            {
                self.export_csv(Path::new("figures"));
            }
        });
    }

    /// The session browser and the offer to continue, drawn over everything.
    pub(super) fn session_windows_ui(&mut self, ctx: &egui::Context) {
        if let Some(path) = self.files.browser.ui(ctx) {
            self.open_session(path);
        }
        let Some(path) = self.files.offer.clone() else {
            return;
        };
        egui::Modal::new(egui::Id::unique("energy-lab continue")).show(ctx, |ui| {
            ui.heading("Continue where you left off?");
            ui.label(format!(
                "energy-lab saved your last session to {}.",
                path.display()
            ));
            ui.horizontal(|ui| {
                if ui.button("Continue").clicked() {
                    self.open_session(path.clone());
                    self.files.offer = None;
                }
                if ui.button("Start fresh").clicked() {
                    self.files.offer = None;
                }
            });
        });
    }
}

/// `figures/<model>-<UTC timestamp>.<ext>`.
pub fn export_path(model: &str, ext: &str) -> PathBuf {
    export_path_in(Path::new("figures"), model, ext)
}

/// `folder/<model>-<UTC time>.<ext>`.
pub fn export_path_in(folder: &Path, model: &str, ext: &str) -> PathBuf {
    folder.join(format!(
        "{model}-{}.{ext}",
        utc_timestamp(SystemTime::now())
    ))
}

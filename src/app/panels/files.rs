//! Sessions, figures and CSV: save and open a whole session, export publication figures and
//! the grid, data and hot points; autosave, and the offer to continue after a restart.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use eframe::egui::{self, Ui};

use crate::app::context::{Cx, ViewOptions};
use crate::app::dialogs::folders::local_timestamp;
use crate::app::dialogs::{FileKind, Folders, Purpose};
use crate::energy::Beta;
use crate::figure::{FigureRequest, Layout, Theme};
use crate::session::EXTENSION;
use crate::trainer::Command;

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

pub struct FilesPanel {
    /// Where Ctrl+S saves: the last session saved or opened, else `session.energylab` in
    /// the sessions folder.
    pub session_path: String,
    pub figure: FigureChoice,
    /// The last folder per kind of file (kept between runs).
    pub folders: Folders,
    /// Where autosaves go; `None` in scripted runs and tests.
    pub autosave: Option<PathBuf>,
    pub last_autosave: Instant,
    /// An autosave from last time, offered until the user answers.
    pub offer: Option<PathBuf>,
}

impl Default for FilesPanel {
    fn default() -> Self {
        let folders = Folders::default();
        FilesPanel {
            session_path: default_session_path(&folders),
            figure: FigureChoice::default(),
            folders,
            autosave: None,
            last_autosave: Instant::now(),
            offer: None,
        }
    }
}

/// The window's view options as a session stores them.
pub fn view_json(view: &ViewOptions) -> serde_json::Value {
    serde_json::to_value(view).unwrap_or_default()
}

impl FilesPanel {
    pub fn save_session(&mut self, cx: &mut Cx<'_>, path: PathBuf) {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(parent);
        }
        let view = view_json(cx.view);
        cx.send(Command::SaveSession {
            path,
            view,
            autosave: false,
        });
    }

    /// Asks the trainer for a figure at `path` (it renders off the UI thread).
    pub fn export_figure(&mut self, cx: &mut Cx<'_>, path: PathBuf, choice: FigureChoice) {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(parent);
        }
        cx.send(Command::Figure(FigureRequest {
            path,
            layout: choice.kind.layout(),
            view: cx.view.surface,
            field: cx.view.field,
            size: None,
            scale: choice.format.density.max(1),
            theme: choice.theme,
            colours: cx.view.colours,
        }));
    }

    /// Asks the trainer for the focused model's grid, the data and the hot points as CSV in
    /// `folder` (written off the UI thread).
    pub fn export_csv(&mut self, cx: &mut Cx<'_>, folder: &Path) {
        let stem = folder.join(format!(
            "{}-{}",
            cx.settings.focus.key(),
            local_timestamp(SystemTime::now())
        ));
        let view = cx.view.surface;
        // The window adds its loss curves on the way out (see `EnergyLabApp::send_outbox`).
        cx.send(Command::ExportCsv {
            stem,
            view,
            losses: Vec::new(),
        });
    }

    pub fn autosave_tick(&mut self, cx: &mut Cx<'_>) {
        if let Some(path) = &self.autosave
            && self.last_autosave.elapsed() >= AUTOSAVE_EVERY
        {
            self.last_autosave = Instant::now();
            let path = path.clone();
            autosave_to(cx, path);
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut self.session_path).desired_width(150.0));
            if ui
                .button("Save")
                .on_hover_text("Ctrl+S: the whole session, weights and all")
                .clicked()
            {
                self.save_session_here(cx);
            }
            if ui
                .button("Save as…")
                .on_hover_text("Ctrl+Shift+S")
                .clicked()
            {
                cx.requests.dialog = Some(Purpose::SaveSessionAs);
            }
            if ui.button("Open…").on_hover_text("Ctrl+O").clicked() {
                cx.requests.dialog = Some(Purpose::OpenSession);
            }
        });
        self.export_ui(ui, cx);
    }

    fn export_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        ui.strong("Export");
        let choice = &mut self.figure;
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
            let folders = &self.folders;
            if ui
                .button("Export figure")
                .on_hover_ui(|ui| {
                    let figures = folders.get(FileKind::Figure);
                    ui.label(format!("Ctrl+E: into {}", figures.display()));
                })
                .clicked()
            {
                self.export_chosen_figure(cx);
            }
            if ui
                .button("as…")
                .on_hover_text("Ctrl+Shift+E: choose the name and folder")
                .clicked()
            {
                cx.requests.dialog = Some(Purpose::ExportFigureAs);
            }
            if ui
                .button("Export CSV…")
                .on_hover_text("grid, data, hot points and loss curves of the focused model")
                .clicked()
            {
                cx.requests.dialog = Some(Purpose::ExportCsv);
            }
        });
    }

    /// Saves the session to the path in the panel (Ctrl+S).
    pub fn save_session_here(&mut self, cx: &mut Cx<'_>) {
        let path = PathBuf::from(self.session_path.trim());
        self.save_session(cx, path);
    }

    /// Exports the figure chosen in the panel into the figures folder (Ctrl+E).
    pub fn export_chosen_figure(&mut self, cx: &mut Cx<'_>) {
        let path = self
            .folders
            .get(FileKind::Figure)
            .join(self.figure_name(cx.settings.focus.key()));
        self.export_figure(cx, path, self.figure);
    }

    /// `<model>-<local time>.png` (or `.svg`): the name a new figure gets.
    pub fn figure_name(&self, model: &str) -> String {
        let ext = if self.figure.format.density == 0 {
            "svg"
        } else {
            "png"
        };
        format!("{model}-{}.{ext}", local_timestamp(SystemTime::now()))
    }

    /// The offer to continue, drawn over everything.
    pub fn windows_ui(&mut self, ctx: &egui::Context, cx: &mut Cx<'_>) {
        let Some(path) = self.offer.clone() else {
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
                    cx.send(Command::LoadSession(path.clone()));
                    self.offer = None;
                }
                if ui.button("Start fresh").clicked() {
                    self.offer = None;
                }
            });
        });
    }
}

/// Saves the whole session to the autosave file `path`.
pub fn autosave_to(cx: &mut Cx<'_>, path: PathBuf) {
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let view = view_json(cx.view);
    cx.send(Command::SaveSession {
        path,
        view,
        autosave: true,
    });
}

/// `session.energylab` in the sessions folder.
pub fn default_session_path(folders: &Folders) -> String {
    folders
        .get(FileKind::Session)
        .join(format!("session.{EXTENSION}"))
        .display()
        .to_string()
}

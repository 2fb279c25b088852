//! What outlives the window: the UI settings eframe stores between runs, the autosave file,
//! and taking on a session the trainer loaded.

use std::path::PathBuf;

use super::EnergyLabApp;
use super::context::{MainView, ViewOptions};
use super::dialogs::Folders;
use super::panels::files::{FigureChoice, default_session_path};
use crate::energy::Beta;
use crate::models::ModelId;
use crate::session::EXTENSION;
use crate::settings::Settings;

/// The UI settings kept in eframe's storage (with the window's layout, which egui keeps).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PersistedUi {
    pub models: Vec<ModelId>,
    pub focus: ModelId,
    pub beta: Beta,
    pub view: ViewOptions,
    pub figure: FigureChoice,
    /// The last folder per kind of file (absent in settings from older versions).
    #[serde(default)]
    pub folders: Folders,
}

impl Default for PersistedUi {
    fn default() -> Self {
        let settings = Settings::default();
        PersistedUi {
            models: settings.enabled,
            focus: settings.focus,
            beta: settings.beta,
            view: ViewOptions::default(),
            figure: FigureChoice::default(),
            folders: Folders::default(),
        }
    }
}

/// Where autosaves and eframe's storage live: `$ENERGY_LAB_DATA_DIR`, else the platform's
/// data folder (`~/.local/share/energy-lab` on Linux).
pub fn data_dir() -> Option<PathBuf> {
    match std::env::var_os("ENERGY_LAB_DATA_DIR") {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::data_dir().map(|d| d.join("energy-lab")),
    }
}

pub fn autosave_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join(format!("autosave.{EXTENSION}")))
}

impl EnergyLabApp {
    pub fn persisted(&self) -> PersistedUi {
        PersistedUi {
            models: self.settings.enabled.clone(),
            focus: self.settings.focus,
            beta: self.settings.beta,
            view: self.view,
            figure: self.panels.files.figure,
            folders: self.panels.files.folders.clone(),
        }
    }

    /// The view choices of a previous run (models and β are start-up options).
    /// A probe, forces or samples asked for on the command line stay.
    pub fn restore_view(&mut self, stored: &PersistedUi) {
        let files = &mut self.panels.files;
        files.folders = stored.folders.clone();
        files.session_path = default_session_path(&files.folders);
        let asked = self.view;
        if asked.lesson.is_some() {
            // A lesson asked for on the command line sets the whole view.
            self.panels.files.figure = stored.figure;
            return;
        }
        self.view = ViewOptions {
            main: match (self.settings.probe, asked.main) {
                (_, MainView::Blocks) => MainView::Blocks,
                (Some(_), _) => MainView::Inference,
                (None, MainView::ThreeD) => MainView::ThreeD,
                (None, _) => stored.view.main,
            },
            forces: stored.view.forces || asked.forces,
            samples: stored.view.samples || asked.samples,
            ..stored.view
        };
        self.panels.files.figure = stored.figure;
    }

    /// A session the trainer has loaded: the window follows its settings and view.
    pub(super) fn adopt_session(&mut self, settings: Settings, view: serde_json::Value) {
        let curves = view.get("losses").cloned();
        self.requests.fit_view = Some(settings.grid.extent);
        self.settings = settings;
        if let Ok(view) = serde_json::from_value::<ViewOptions>(view) {
            self.view = ViewOptions {
                dark: self.view.dark,
                ..view
            };
        }
        // Loss curves and heatmaps of the old session would mix with the new one's; the
        // session's own curves (if it kept them) come back.
        self.panels.side.losses.clear();
        if let Some(curves) = &curves {
            self.panels.side.losses.restore(curves);
        }
        self.panels.plots.clear();
        self.latest = None;
    }
}

//! What outlives the window: the UI settings eframe stores between runs, taking on a loaded
//! session, the autosave file, and the CSV export of what is on screen.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::EnergyLabApp;
use super::data_panel::tint_of;
use super::files_panel::{FigureChoice, ViewSettings, export_path_in};
use crate::energy::Beta;
use crate::files::write_atomically;
use crate::models::ModelId;
use crate::palette::ColourScale;
use crate::session::EXTENSION;
use crate::trainer::SessionSettings;

/// The UI settings kept in eframe's storage (with the window's layout, which egui keeps).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PersistedUi {
    pub models: Vec<ModelId>,
    pub focus: ModelId,
    pub beta: Beta,
    pub view: ViewSettings,
    pub figure: FigureChoice,
    pub dark: bool,
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
    /// The status message and whether it is an error.
    pub fn message(&self) -> Option<&(String, bool)> {
        self.message.as_ref()
    }

    pub fn persisted(&self) -> PersistedUi {
        PersistedUi {
            models: self.settings.enabled.clone(),
            focus: self.settings.focus,
            beta: self.settings.beta,
            view: ViewSettings {
                surface: self.settings.view,
                colours: self.settings.colour_scale,
            },
            figure: self.files.figure,
            dark: self.settings.dark,
        }
    }

    /// The view choices of a previous run (models and β are start-up options).
    pub fn restore_view(&mut self, stored: &PersistedUi) {
        self.settings.view = stored.view.surface;
        self.settings.colour_scale = stored.view.colours;
        self.files.figure = stored.figure;
        self.settings.dark = stored.dark;
        self.heatmap_stale = true;
    }

    /// A session the trainer has loaded: the window follows its settings.
    pub(super) fn adopt_session(&mut self, s: SessionSettings) {
        self.settings.seed = s.seed;
        self.settings.beta = s.beta;
        self.settings.hyper = s.hyper;
        self.settings.playing = s.playing;
        self.settings.enabled = s.enabled;
        self.settings.focus = s.focus;
        self.data_ui.tint = tint_of(&s.data, s.seed);
        if let crate::data::DataSource::Set(spec) = &s.data {
            self.data_ui.last_set = Some(*spec);
        }
        self.settings.data = s.data;
        self.grid = s.grid;
        self.fit_pending = Some(s.grid.extent);
        if let Ok(view) = serde_json::from_value::<ViewSettings>(s.view) {
            self.settings.view = view.surface;
            self.settings.colour_scale = view.colours;
        }
        // Loss curves of the old session would mix with the new one's.
        self.panels.clear();
        self.latest = None;
        self.heatmap_stale = true;
    }

    /// The focused model's grid (y1, y2, F_β, native energy), the data and the hot points as
    /// three CSV files beside each other in `folder` (the window uses `./figures`).
    pub fn export_csv(&mut self, folder: &Path) {
        let Some(view) = self.latest.as_ref().and_then(|s| s.focused()) else {
            self.message = Some(("nothing to export yet".to_owned(), true));
            return;
        };
        let base = export_path_in(folder, view.model.key(), "csv");
        let stem = base.with_extension("");
        let path = |part: &str| PathBuf::from(format!("{}-{part}.csv", stem.display()));
        let spec = view.energy.spec;
        let grid = |out: &mut dyn Write| -> std::io::Result<()> {
            writeln!(out, "y1,y2,f_beta,energy")?;
            for j in 0..spec.size.height {
                for i in 0..spec.size.width {
                    let k = j * spec.size.width + i;
                    writeln!(
                        out,
                        "{},{},{},{}",
                        spec.y1_at(i),
                        spec.y2_at(j),
                        view.energy.values[k],
                        view.native.get(k).copied().unwrap_or(f32::NAN)
                    )?;
                }
            }
            Ok(())
        };
        let data = self
            .latest
            .as_ref()
            .map(|s| s.data.to_vec())
            .unwrap_or_default();
        let result = std::fs::create_dir_all(folder)
            .map_err(|e| e.to_string())
            .and_then(|()| write_atomically(&path("grid"), grid).map_err(|e| e.to_string()))
            .and_then(|()| {
                write_atomically(&path("data"), |out| {
                    out.write_all(crate::data::csv::to_csv(&data).as_bytes())
                })
                .map_err(|e| e.to_string())
            })
            .and_then(|()| {
                write_atomically(&path("hot"), |out| {
                    out.write_all(crate::data::csv::to_csv(&view.hot).as_bytes())
                })
                .map_err(|e| e.to_string())
            });
        self.message = Some(match result {
            Ok(()) => (
                format!("CSV saved to {}-{{grid,data,hot}}.csv", stem.display()),
                false,
            ),
            Err(e) => (format!("CSV export failed: {e}"), true),
        });
    }
}

impl Default for PersistedUi {
    fn default() -> Self {
        PersistedUi {
            models: vec![ModelId::Ellipse],
            focus: ModelId::Ellipse,
            beta: Beta::Finite(1.0),
            view: ViewSettings {
                surface: Default::default(),
                colours: ColourScale::Auto,
            },
            figure: FigureChoice::default(),
            dark: true,
        }
    }
}

//! The data panel: built-in sets with their live controls, drawing on the plot, CSV import.
//! Every change goes to the trainer as one `SetData`; the models keep their weights and go on
//! training on the new points.

pub mod draw;
pub mod import;

use eframe::egui::{self, Ui};

use super::EnergyLabApp;
use crate::data::sets::{HornView, SetKind, SetSpec};
use crate::data::{DataSource, MAX_POINTS};
use crate::energy::{Extent, GridSpec};
use crate::trainer::Command;
use draw::DrawTool;
use import::{Import, Imported};

/// The data panel's own state (not part of the persisted settings).
#[derive(Default)]
pub struct DataUi {
    pub draw: DrawTool,
    pub import: Import,
    /// The last built-in set chosen, so its controls keep their values under user data.
    pub last_set: Option<SetSpec>,
    /// Each data point's x for the horn over all x (drawn coloured by x).
    pub tint: Option<Vec<f32>>,
}

/// Each point's x for the horn over all x (drawn coloured by x); nothing for other data.
pub fn tint_of(source: &DataSource, seed: u64) -> Option<Vec<f32>> {
    match source {
        DataSource::Set(spec) if spec.kind == SetKind::Horn && spec.horn == HornView::AllX => {
            spec.generate_with_x(seed).1
        }
        _ => None,
    }
}

impl EnergyLabApp {
    /// Replaces the training data. `refit` moves the view and the energy grid to the new
    /// points (not while drawing: the plot must stay put under the pen).
    pub fn set_data(&mut self, source: DataSource, refit: bool) {
        let points = source.points(self.settings.seed);
        self.data_ui.tint = tint_of(&source, self.settings.seed);
        if let DataSource::Set(spec) = &source {
            self.data_ui.last_set = Some(*spec);
        }
        self.settings.data = source.clone();
        self.trainer.send(Command::SetData(source));
        if refit {
            let grid = GridSpec::fitted(Extent::around(&points));
            if grid != self.grid {
                self.grid = grid;
                self.trainer.send(Command::SetGrid(grid));
            }
            self.fit_pending = Some(grid.extent);
        }
    }

    /// The points the user is editing: the data as last sent (the trainer's snapshot may not
    /// have caught up with the stroke yet).
    fn user_points(&self) -> Vec<[f32; 2]> {
        self.settings.data.points(self.settings.seed)
    }

    fn set_user_points(&mut self, points: Vec<[f32; 2]>, label: &str) {
        self.set_data(
            DataSource::Points {
                label: label.to_owned(),
                points: points.into(),
            },
            false,
        );
    }

    pub(super) fn data_ui(&mut self, ui: &mut Ui) {
        ui.strong("Data");
        let current = match &self.settings.data {
            DataSource::Set(spec) => *spec,
            DataSource::Points { .. } => self
                .data_ui
                .last_set
                .unwrap_or_else(|| SetSpec::new(SetKind::Ellipse)),
        };
        let mut spec = current;
        let user_label = match &self.settings.data {
            DataSource::Points { label, points } => {
                Some(format!("{label} ({} points)", points.len()))
            }
            DataSource::Set(_) => None,
        };
        let mut pick_set = None;
        egui::ComboBox::from_label("data set")
            .selected_text(
                user_label
                    .clone()
                    .unwrap_or_else(|| spec.kind.title().to_owned()),
            )
            .width(200.0)
            .show_ui(ui, |ui| {
                for kind in SetKind::ALL {
                    let chosen = user_label.is_none() && kind == spec.kind;
                    if ui.selectable_label(chosen, kind.title()).clicked() {
                        pick_set = Some(kind);
                    }
                }
            });
        if let Some(kind) = pick_set {
            spec = SetSpec::new(kind);
        }
        let mut count = spec.count as u32;
        ui.add(
            egui::Slider::new(&mut count, 1..=MAX_POINTS as u32)
                .logarithmic(true)
                .text("samples"),
        );
        spec.count = count as usize;
        ui.add(egui::Slider::new(&mut spec.noise, 0.0..=1.0).text("noise σ"));
        if spec.kind == SetKind::Horn {
            let mut all = spec.horn == HornView::AllX;
            let mut x = match spec.horn {
                HornView::Slice(x) => x,
                HornView::AllX => 0.0,
            };
            ui.add_enabled(!all, egui::Slider::new(&mut x, 0.0..=1.0).text("horn x"))
                .on_hover_text("The slice of the horn at this x: the models retrain as it moves.");
            ui.checkbox(&mut all, "all x at once (coloured by x)");
            spec.horn = if all {
                HornView::AllX
            } else {
                HornView::Slice(x)
            };
        }
        ui.horizontal(|ui| {
            if ui
                .button("Regenerate")
                .on_hover_text("A new draw of the same set; the models keep their weights.")
                .clicked()
            {
                spec.sample = spec.sample.wrapping_add(1);
            }
            if ui.button("Fit view").clicked() {
                self.fit_pending = Some(self.grid.extent);
            }
        });
        let set_changed = spec != current || (pick_set.is_some() && user_label.is_some());
        if set_changed {
            self.set_data(DataSource::Set(spec), true);
        }
        self.draw_controls_ui(ui);
        self.import_ui(ui);
    }

    fn draw_controls_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.toggle_value(&mut self.data_ui.draw.on, "Draw on the plot")
                .on_hover_text("Left: spray points · right or Shift+left: erase · Ctrl+Z: undo");
            if ui.button("Clear").clicked() {
                let points = self.user_points();
                self.data_ui.draw.push_undo(points);
                self.set_user_points(Vec::new(), "drawn");
            }
            if ui
                .add_enabled(self.data_ui.draw.can_undo(), egui::Button::new("Undo"))
                .clicked()
            {
                self.undo_drawing();
            }
        });
        if self.data_ui.draw.on {
            ui.add(
                egui::Slider::new(&mut self.data_ui.draw.brush, 0.02..=1.0)
                    .logarithmic(true)
                    .text("brush radius"),
            );
        }
    }

    pub(super) fn undo_drawing(&mut self) {
        if let Some(points) = self.data_ui.draw.undo() {
            self.set_user_points(points, "drawn");
        }
    }

    fn import_ui(&mut self, ui: &mut Ui) {
        if ui
            .button("Open CSV…")
            .on_hover_text("Two numeric columns, header optional; or drop a file on the window.")
            .clicked()
        {
            self.data_ui.import.browser.open();
        }
        if let Some(imported) = self.data_ui.import.columns_ui(ui) {
            self.use_import(imported);
        }
        if let Some(error) = &self.data_ui.import.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
    }

    fn use_import(&mut self, imported: Imported) {
        if let Imported::Points { name, points } = imported {
            self.set_data(
                DataSource::Points {
                    label: name,
                    points: points.into(),
                },
                true,
            );
        }
    }

    /// Files dropped on the window and the file browser's pick.
    pub(super) fn receive_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| i.raw.dropped_files.clone());
        for file in dropped {
            // A session dropped on the window opens; anything else is data.
            let path = file.path();
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(crate::session::EXTENSION))
            {
                self.open_session(path.to_owned());
                continue;
            }
            let name = import::file_name(file.path());
            let imported = match file.bytes() {
                Ok(bytes) => self.data_ui.import.accept(name, &bytes),
                Err(e) => self.data_ui.import.refuse(&name, e),
            };
            self.use_import(imported);
        }
        if let Some(path) = self.data_ui.import.browser.ui(ctx) {
            let imported = self.data_ui.import.accept_file(&path);
            self.use_import(imported);
        }
    }

    /// The pointer on the focused plot in draw mode.
    pub(super) fn draw_on_plot(&mut self, ctx: &egui::Context, plot: &egui_plot::PlotResponse<()>) {
        // Nothing to do (and no copy of the points) unless a button is down: this runs on
        // every frame while draw mode is on.
        if !self.data_ui.draw.on || !ctx.input(|i| i.pointer.any_down()) {
            self.data_ui.draw.end_stroke();
            return;
        }
        let mut points = self.user_points();
        let changed =
            ctx.input(|input| self.data_ui.draw.pointer_on_plot(plot, input, &mut points));
        if changed {
            self.set_user_points(points, "drawn");
        }
    }
}

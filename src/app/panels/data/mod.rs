//! The data panel: built-in sets with their live controls, drawing on the plot, CSV import.
//! Every change goes to the trainer as one `SetData`; the models keep their weights and go on
//! training on the new points.

pub mod draw;
pub mod import;
pub mod slice;

use eframe::egui::{self, Ui};

use crate::app::context::Cx;
use crate::app::dialogs::Purpose;
use crate::data::sets::{HornView, SetKind, SetSpec};
use crate::data::{DataSource, MAX_POINTS};
use draw::DrawTool;
use import::{Import, Imported};

/// The data panel's own state.
#[derive(Default)]
pub struct DataPanel {
    pub draw: DrawTool,
    pub import: Import,
    /// The last built-in set chosen, so its controls keep their values under user data.
    last_set: Option<SetSpec>,
    /// Each data point's x for the horn over all x (drawn coloured by x), and the data and
    /// seed it was drawn for.
    tint: Option<(DataSource, u64, Option<Vec<f32>>)>,
    /// The x at which conditional models are drawn.
    pub slice: slice::SliceControl,
}

/// Each point's x for conditional rows (drawn coloured by x); nothing for other data.
fn tint_of(source: &DataSource, seed: u64) -> Option<Vec<f32>> {
    source.inputs(seed)
}

impl DataPanel {
    /// Each data point's x, for data coloured by x (the horn over all x); follows the data
    /// and the seed of `cx`, redrawn only when they change.
    pub fn tint(&mut self, data: &DataSource, seed: u64) -> Option<&[f32]> {
        let stale = !matches!(&self.tint, Some((d, s, _)) if d == data && *s == seed);
        if stale {
            self.tint = Some((data.clone(), seed, tint_of(data, seed)));
        }
        self.tint.as_ref().and_then(|(_, _, t)| t.as_deref())
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if let DataSource::Set(spec) = &cx.settings.data {
            self.last_set = Some(*spec);
        }
        let current = self
            .last_set
            .unwrap_or_else(|| SetSpec::new(SetKind::Ellipse));
        let user_label = match &cx.settings.data {
            DataSource::Points { label, points, .. } => {
                Some(format!("{label} ({} points)", points.len()))
            }
            DataSource::Set(_) => None,
        };
        let (mut spec, picked) = set_choice_ui(ui, current, user_label.as_deref());
        set_controls_ui(ui, &mut spec);
        ui.horizontal(|ui| {
            if ui
                .button("Regenerate")
                .on_hover_text("A new draw of the same set; the models keep their weights.")
                .clicked()
            {
                spec.sample = spec.sample.wrapping_add(1);
            }
            if ui.button("Fit view").clicked() {
                cx.requests.fit_view = Some(cx.settings.grid.extent);
            }
        });
        if spec != current || (picked && user_label.is_some()) {
            cx.set_data(DataSource::Set(spec), true);
        }
        self.slice.ui(ui, cx);
        self.draw_controls_ui(ui, cx);
        self.import_ui(ui, cx);
    }

    fn draw_controls_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        ui.horizontal(|ui| {
            ui.toggle_value(&mut self.draw.on, "Draw on the plot")
                .on_hover_text("Left: spray points · right or Shift+left: erase · Ctrl+Z: undo");
            if ui.button("Clear").clicked() {
                let points = user_points(cx);
                self.draw.push_undo(points);
                set_user_points(cx, Vec::new());
            }
            if ui
                .add_enabled(self.draw.can_undo(), egui::Button::new("Undo"))
                .clicked()
            {
                self.undo_drawing(cx);
            }
        });
        if self.draw.on {
            ui.add(
                egui::Slider::new(&mut self.draw.brush, 0.02..=1.0)
                    .logarithmic(true)
                    .text("brush radius"),
            );
        }
    }

    /// How many strokes Ctrl+Z can take back.
    pub fn draw_depth(&self) -> usize {
        self.draw.depth()
    }

    pub fn undo_drawing(&mut self, cx: &mut Cx<'_>) {
        if let Some(points) = self.draw.undo() {
            set_user_points(cx, points);
        }
    }

    fn import_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if ui
            .button("Open CSV…")
            .on_hover_text("Two numeric columns, header optional; or drop a file on the window.")
            .clicked()
        {
            cx.requests.dialog = Some(Purpose::ImportData);
        }
        if let Some(imported) = self.import.columns_ui(ui) {
            use_import(cx, imported);
        }
        if let Some(error) = &self.import.error {
            ui.colored_label(ui.visuals().error_fg_color, error);
        }
    }

    /// Data files dropped on the window.
    pub fn receive_dropped(&mut self, cx: &mut Cx<'_>, dropped: Vec<egui::DroppedFileHandle>) {
        for file in dropped {
            let name = import::file_name(file.path());
            let imported = match file.bytes() {
                Ok(bytes) => self.import.accept(name, &bytes),
                Err(e) => self.import.refuse(&name, e),
            };
            use_import(cx, imported);
        }
    }

    /// A CSV file picked in the *Open CSV* dialog.
    pub fn import_file(&mut self, cx: &mut Cx<'_>, path: &std::path::Path) {
        let imported = self.import.accept_file(path);
        use_import(cx, imported);
    }

    /// The pointer on the focused plot in draw mode.
    pub fn draw_on_plot(
        &mut self,
        ctx: &egui::Context,
        cx: &mut Cx<'_>,
        plot: &egui_plot::PlotResponse<()>,
    ) {
        // Nothing to do (and no copy of the points) unless a button is down: this runs on
        // every frame while draw mode is on.
        if !self.draw.on || !ctx.input(|i| i.pointer.any_down()) {
            self.draw.end_stroke();
            return;
        }
        let mut points = user_points(cx);
        let changed = ctx.input(|input| self.draw.pointer_on_plot(plot, input, &mut points));
        if changed {
            set_user_points(cx, points);
        }
    }
}

/// The set picker: the current set (or the user's points), and whether a set was picked.
fn set_choice_ui(ui: &mut Ui, current: SetSpec, user_label: Option<&str>) -> (SetSpec, bool) {
    let mut pick = None;
    egui::ComboBox::from_label("data set")
        .selected_text(user_label.unwrap_or(current.kind.title()))
        .width(200.0)
        .show_ui(ui, |ui| {
            for kind in SetKind::ALL {
                let chosen = user_label.is_none() && kind == current.kind;
                if ui.selectable_label(chosen, kind.title()).clicked() {
                    pick = Some(kind);
                }
            }
        });
    match pick {
        Some(kind) => (SetSpec::new(kind), true),
        None => (current, false),
    }
}

/// Sample count, noise and (for the horn) the slice.
fn set_controls_ui(ui: &mut Ui, spec: &mut SetSpec) {
    let mut count = spec.count as u32;
    ui.add(
        egui::Slider::new(&mut count, 1..=MAX_POINTS as u32)
            .logarithmic(true)
            .text("samples"),
    );
    spec.count = count as usize;
    ui.add(egui::Slider::new(&mut spec.noise, 0.0..=1.0).text("noise σ"));
    if spec.kind != SetKind::Horn {
        return;
    }
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

/// The points the user is editing: the data as last sent (the trainer's snapshot may not have
/// caught up with the stroke yet).
fn user_points(cx: &Cx<'_>) -> Vec<[f32; 2]> {
    cx.settings.data.points(cx.settings.seed)
}

fn set_user_points(cx: &mut Cx<'_>, points: Vec<[f32; 2]>) {
    cx.set_data(
        DataSource::Points {
            label: "drawn".to_owned(),
            points: points.into(),
            x: None,
        },
        false,
    );
}

fn use_import(cx: &mut Cx<'_>, imported: Imported) {
    if let Imported::Points { name, points, x } = imported {
        cx.set_data(
            DataSource::Points {
                label: name,
                points: points.into(),
                x: x.map(Into::into),
            },
            true,
        );
    }
}

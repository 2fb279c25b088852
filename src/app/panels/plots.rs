//! The central panel: the focused model large, the other enabled models as small multiples
//! underneath (same axes, linked pan/zoom; click one to focus it). It owns each model's
//! heatmap texture and redraws only those whose view changed.

use std::collections::HashMap;

use eframe::egui::{self, RichText, Ui};
use egui_plot::PlotResponse;

use super::energy_plot::{DataLayer, PlotStyle, energy_plot_ui};
use crate::app::context::{Cx, ViewOptions};
use crate::app::heatmap::{ColourScale, Heatmap, colour_bar_ui, mini_colour_bar_ui};
use crate::energy::Extent;
use crate::models::ModelId;
use crate::trainer::{ModelView, Snapshot};

const COLOUR_BAR_WIDTH: f32 = 70.0;
const SMALL_PLOT: [f32; 2] = [190.0, 127.0];

/// A model's heatmap and the view revision it shows.
#[derive(Default)]
struct Drawn {
    heatmap: Heatmap,
    revision: Option<u64>,
}

/// How the plots are drawn this frame, besides the context.
pub struct PlotsFrame<'a> {
    /// Each data point's x, for data coloured by x.
    pub tint: Option<&'a [f32]>,
    /// Draw mode: the pointer paints data.
    pub drawing: bool,
    /// A scripted figure: nothing may depend on the mouse.
    pub scripted: bool,
}

#[derive(Default)]
pub struct PlotsPanel {
    heatmaps: HashMap<ModelId, Drawn>,
    /// The focus and view options the heatmaps were drawn with.
    drawn_with: Option<(ModelId, ViewOptions)>,
    /// A view extent the focused plot should jump to once the trainer draws it.
    fit_pending: Option<Extent>,
    /// Data → screen transform of the focused plot, as last drawn.
    pub focused_transform: Option<egui_plot::PlotTransform>,
}

impl PlotsPanel {
    pub fn heatmap(&self, model: ModelId) -> Option<&Heatmap> {
        self.heatmaps.get(&model).map(|d| &d.heatmap)
    }

    /// Forgets every heatmap (a session with other models was opened).
    pub fn clear(&mut self) {
        self.heatmaps.clear();
        self.drawn_with = None;
    }

    /// Redraws the heatmaps whose view changed, or every one after the focus or a view option
    /// changed. Small multiples are resent unchanged between refreshes: skipping them keeps
    /// image building and texture uploads off most frames.
    fn refresh(
        &mut self,
        ctx: &egui::Context,
        snapshot: &Snapshot,
        focus: ModelId,
        view: ViewOptions,
    ) {
        let all = self.drawn_with != Some((focus, view));
        self.drawn_with = Some((focus, view));
        for model in &snapshot.models {
            let drawn = self.heatmaps.entry(model.model).or_default();
            if all || drawn.revision != Some(model.revision) {
                let grid = view.surface.grid(model.model, &model.landscape);
                drawn.heatmap.update(ctx, &grid, view.colours);
                drawn.revision = Some(model.revision);
            }
        }
    }

    /// The plots; returns the focused plot's response (draw mode paints on it).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        frame: &PlotsFrame<'_>,
    ) -> Option<PlotResponse<()>> {
        if let Some(extent) = cx.requests.fit_view.take() {
            self.fit_pending = Some(extent);
        }
        let Some(snapshot) = cx.latest else {
            ui.centered_and_justified(|ui| ui.spinner());
            return None;
        };
        let focus = cx.settings.focus;
        self.refresh(ui.ctx(), snapshot, focus, *cx.view);
        let Some(view) = snapshot.view(focus) else {
            ui.centered_and_justified(|ui| {
                if cx.settings.enabled.is_empty() {
                    ui.label("No model is training: tick one in the list on the left.");
                } else {
                    ui.spinner();
                }
            });
            return None;
        };
        let data = DataLayer {
            points: &snapshot.data,
            tint: frame.tint,
        };
        // Jump to the fitted view once the trainer has drawn the new extent.
        let reset = self.fit_pending == Some(view.landscape.grid.extent);
        let drawn = self.focused_ui(ui, cx, view, data, frame, reset);
        self.focused_transform = drawn.as_ref().map(|p| p.transform);
        if let Some(model) = self.small_multiples_ui(ui, snapshot, focus, data, frame) {
            cx.set_focus(model);
        }
        if reset {
            self.fit_pending = None;
        }
        drawn
    }

    fn focused_ui(
        &self,
        ui: &mut Ui,
        cx: &Cx<'_>,
        view: &ModelView,
        data: DataLayer<'_>,
        frame: &PlotsFrame<'_>,
        reset: bool,
    ) -> Option<PlotResponse<()>> {
        let surface = cx.view.surface.shown(view.model);
        let title = format!(
            "{}  ·  {} at β = {}  ·  step {}  ·  loss {}",
            view.model.title(),
            surface.label(),
            view.landscape.beta,
            view.step,
            loss_text(view.last_loss, 4)
        );
        ui.label(RichText::new(title).strong());
        let strip = if cx.latest.is_some_and(|s| s.models.len() > 1) {
            SMALL_PLOT[1] + 44.0
        } else {
            0.0
        };
        let height = (ui.available_height() - strip).max(200.0);
        let empty = Heatmap::default();
        let heatmap = self.heatmap(view.model).unwrap_or(&empty);
        let extend_max = cx.view.colours == ColourScale::Course || heatmap.clipped();
        let mut drawn = None;
        ui.horizontal(|ui| {
            let width = (ui.available_width() - COLOUR_BAR_WIDTH).max(100.0);
            let style = PlotStyle {
                size: [width, height],
                large: true,
                // A scripted figure (`--screenshot`) must not depend on where the mouse is.
                probe: !frame.scripted,
                draw: frame.drawing,
                reset,
            };
            let texture = heatmap.texture().map(|t| t.id());
            drawn = Some(energy_plot_ui(ui, view, data, texture, &style));
            colour_bar_ui(ui, heatmap.range(), extend_max, height);
        });
        drawn
    }

    /// The other enabled models, small; returns the one clicked.
    fn small_multiples_ui(
        &self,
        ui: &mut Ui,
        snapshot: &Snapshot,
        focus: ModelId,
        data: DataLayer<'_>,
        frame: &PlotsFrame<'_>,
    ) -> Option<ModelId> {
        let others: Vec<&ModelView> = snapshot
            .models
            .iter()
            .filter(|v| v.model != focus)
            .collect();
        if others.is_empty() {
            return None;
        }
        let mut clicked = None;
        egui::ScrollArea::horizontal()
            .id_salt("small multiples")
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    for v in others {
                        if self.small_plot_ui(ui, v, data, frame) {
                            clicked = Some(v.model);
                        }
                    }
                });
            });
        clicked
    }

    /// One small multiple with its caption; whether it was clicked.
    fn small_plot_ui(
        &self,
        ui: &mut Ui,
        v: &ModelView,
        data: DataLayer<'_>,
        frame: &PlotsFrame<'_>,
    ) -> bool {
        let empty = Heatmap::default();
        let heatmap = self.heatmap(v.model).unwrap_or(&empty);
        let loss = loss_text(v.last_loss, 3);
        ui.vertical(|ui| {
            let mut caption =
                RichText::new(format!("{} · {} · {loss}", v.model.title(), v.step)).small();
            if v.error.is_some() {
                // Stopped (rolled back, or its step failed): its card says why.
                caption = caption.color(ui.visuals().error_fg_color);
            }
            ui.label(caption).on_hover_text(
                v.error
                    .as_deref()
                    .unwrap_or("step · loss; click the plot to draw it large"),
            );
            ui.horizontal(|ui| {
                let style = PlotStyle {
                    size: SMALL_PLOT,
                    large: false,
                    probe: !frame.scripted,
                    draw: false,
                    reset: false,
                };
                let texture = heatmap.texture().map(|t| t.id());
                let response = energy_plot_ui(ui, v, data, texture, &style);
                mini_colour_bar_ui(ui, heatmap.range(), SMALL_PLOT[1]);
                response.response.clicked()
            })
            .inner
        })
        .inner
    }
}

/// The last loss of a run; a dash before the first one (a fresh or rolled-back model), never
/// "NaN".
fn loss_text(loss: Option<f32>, decimals: usize) -> String {
    loss.map_or_else(|| "—".to_owned(), |l| format!("{l:.decimals$}"))
}

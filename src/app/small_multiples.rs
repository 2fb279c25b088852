//! The central panel: the focused model large, the other enabled models as small multiples
//! underneath (same axes, linked pan/zoom; click one to focus it).

use eframe::egui::{self, RichText, Ui};
use egui_plot::PlotResponse;

use super::EnergyLabApp;
use super::heatmap::{ColourScale, colour_bar_ui, mini_colour_bar_ui};
use super::plots::{DataLayer, PlotStyle, energy_plot_ui};
use crate::models::ModelId;

const COLOUR_BAR_WIDTH: f32 = 70.0;
const SMALL_PLOT: [f32; 2] = [190.0, 127.0];

impl EnergyLabApp {
    pub(super) fn central_ui(&mut self, ui: &mut Ui) {
        let (focused, clicked) = self.plots_ui(ui);
        self.focused_transform = focused.as_ref().map(|p| p.transform);
        if let Some(plot) = focused {
            let ctx = ui.ctx().clone();
            self.draw_on_plot(&ctx, &plot);
        }
        if let Some(model) = clicked {
            self.set_focus(model);
        }
    }

    /// The plots; returns the focused plot's response and the small multiple clicked.
    fn plots_ui(&mut self, ui: &mut Ui) -> (Option<PlotResponse<()>>, Option<ModelId>) {
        let Some(snapshot) = &self.latest else {
            ui.centered_and_justified(|ui| ui.spinner());
            return (None, None);
        };
        let Some(view) = snapshot.focused() else {
            ui.centered_and_justified(|ui| {
                ui.label("No model is training: tick one in the list on the left.");
            });
            return (None, None);
        };
        let others: Vec<ModelId> = snapshot
            .models
            .iter()
            .map(|v| v.model)
            .filter(|m| *m != view.model)
            .collect();
        let last_loss = loss_text(self.loss_history(), 4);
        let title = format!(
            "{}  ·  {} at β = {}  ·  step {}  ·  loss {last_loss}",
            view.model.title(),
            self.settings.view.label(),
            view.energy.beta,
            view.step
        );
        ui.label(RichText::new(title).strong());
        let strip = if others.is_empty() {
            0.0
        } else {
            SMALL_PLOT[1] + 44.0
        };
        let height = (ui.available_height() - strip).max(200.0);
        let heatmap = self.heatmap_of(view.model);
        let extend_max = self.settings.colour_scale == ColourScale::Course
            || view.energy.values.iter().any(|v| *v > heatmap.range().1);
        // Jump to the fitted view once the trainer has drawn the new extent.
        let reset = self.fit_pending == Some(view.energy.spec.extent);
        let style = PlotStyle {
            size: [0.0, height],
            large: true,
            // A scripted figure (`--screenshot`) must not depend on where the mouse is.
            probe: !self.scripted(),
            draw: self.data_ui.draw.on,
            reset,
        };
        let data = DataLayer {
            points: &snapshot.data,
            tint: self.data_ui.tint.as_deref(),
        };
        let mut drawn = None;
        ui.horizontal(|ui| {
            let width = (ui.available_width() - COLOUR_BAR_WIDTH).max(100.0);
            let style = PlotStyle {
                size: [width, height],
                ..style
            };
            let texture = heatmap.texture().map(|t| t.id());
            drawn = Some(energy_plot_ui(ui, view, data, texture, &style));
            colour_bar_ui(ui, heatmap.range(), extend_max, height);
        });
        if others.is_empty() {
            if reset {
                self.fit_pending = None;
            }
            return (drawn, None);
        }
        let mut clicked = None;
        let live = !self.scripted();
        egui::ScrollArea::horizontal()
            .id_salt("small multiples")
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    for model in &others {
                        let Some(v) = snapshot.view(*model) else {
                            continue;
                        };
                        let heatmap = self.heatmap_of(*model);
                        let loss = loss_text(self.loss_history_of(*model), 3);
                        ui.vertical(|ui| {
                            let mut caption =
                                RichText::new(format!("{} · {} · {loss}", model.title(), v.step))
                                    .small();
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
                                    probe: live,
                                    draw: false,
                                    reset: false,
                                };
                                let texture = heatmap.texture().map(|t| t.id());
                                let response = energy_plot_ui(ui, v, data, texture, &style);
                                if response.response.clicked() {
                                    clicked = Some(*model);
                                }
                                mini_colour_bar_ui(ui, heatmap.range(), SMALL_PLOT[1]);
                            });
                        });
                    }
                });
            });
        if reset {
            self.fit_pending = None;
        }
        (drawn, clicked)
    }
}

/// The last loss of a curve; a dash before the first one (a fresh or rolled-back model), never
/// "NaN".
fn loss_text(history: &[[f64; 2]], decimals: usize) -> String {
    history
        .last()
        .map_or_else(|| "—".to_owned(), |p| format!("{:.decimals$}", p[1]))
}

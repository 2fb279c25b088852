//! The plots: the free-energy view (heatmap, arrows, data, manifold, probe), the β family and
//! the loss curve.

use eframe::egui::{self, Color32, Ui};
use egui_plot::{Arrows, Legend, Line, Plot, PlotImage, PlotPoint, PlotPoints, Points};

use super::EnergyLabApp;
use super::heatmap::{ColourScale, colour_bar_ui};
use crate::energy::{Beta, reference};
use crate::models::ModelId;
use crate::models::blocks::autoencoder::code_grid_points;
use crate::palette::{DATA_BLUE, HOT_RED, MANIFOLD_VIOLET, PROBE_GREEN, viridis};
use crate::trainer::Snapshot;
use crate::trainer::views::ARROW_SPACING;

const COLOUR_BAR_WIDTH: f32 = 70.0;

impl EnergyLabApp {
    pub(super) fn energy_view_ui(&mut self, ui: &mut Ui) {
        let Some(snapshot) = &self.latest else {
            ui.centered_and_justified(|ui| ui.spinner());
            return;
        };
        let title = format!(
            "{}  ·  {} at β = {}  ·  step {}",
            snapshot.model.title(),
            self.settings.view.label(),
            snapshot.energy.beta,
            snapshot.step
        );
        ui.label(egui::RichText::new(title).strong());
        let height = ui.available_height();
        let extend_max = self.settings.colour_scale == ColourScale::Course
            || snapshot
                .energy
                .values
                .iter()
                .any(|v| *v > self.heatmap.range().1);
        ui.horizontal(|ui| {
            let width = (ui.available_width() - COLOUR_BAR_WIDTH).max(100.0);
            energy_plot_ui(
                ui,
                snapshot,
                self.heatmap.texture().map(|t| t.id()),
                [width, height],
                // A scripted figure (`--screenshot`) must not depend on where the mouse is.
                self.auto.is_none(),
            );
            colour_bar_ui(ui, self.heatmap.range(), extend_max, height);
        });
    }

    pub(super) fn side_plots_ui(&mut self, ui: &mut Ui) {
        ui.strong("β family: F_β(0, y₂)");
        if let Some(s) = &self.latest {
            beta_family_ui(ui, s);
        }
        ui.separator();
        ui.strong("Loss (mean free energy of the data)");
        let line = Line::new("loss", PlotPoints::from(self.losses.clone())).color(HOT_RED);
        Plot::new("loss")
            .height(ui.available_height().max(80.0))
            .x_axis_label("step")
            .allow_scroll(false)
            .show(ui, |plot| plot.line(line));
    }
}

/// The main view. Returns nothing: the probe (cursor) is handled inside the plot.
fn energy_plot_ui(
    ui: &mut Ui,
    s: &Snapshot,
    texture: Option<egui::TextureId>,
    [w, h]: [f32; 2],
    probe_enabled: bool,
) {
    let spec = s.energy.spec;
    let ext = spec.extent;
    // Grid points sit on pixel centres: the image reaches half a cell beyond the extent.
    let cell = [
        ext.width() / (spec.size.width - 1) as f32,
        ext.height() / (spec.size.height - 1) as f32,
    ];
    let centre = ext.center();
    Plot::new("free energy")
        .width(w)
        .height(h)
        .data_aspect(1.0)
        .default_x_bounds(f64::from(ext.y1.0), f64::from(ext.y1.1))
        .default_y_bounds(f64::from(ext.y2.0), f64::from(ext.y2.1))
        .legend(Legend::default().follow_insertion_order(true))
        .x_axis_label("y₁")
        .y_axis_label("y₂")
        .show(ui, |plot| {
            if let Some(id) = texture {
                plot.image(PlotImage::new(
                    "F_β",
                    id,
                    PlotPoint::new(centre[0], centre[1]),
                    egui::vec2(ext.width() + cell[0], ext.height() + cell[1]),
                ));
            }
            arrows_ui(plot, s);
            let probe = plot
                .pointer_coordinate()
                .filter(|_| probe_enabled)
                .map(|p| [p.x, p.y]);
            manifold_ui(plot, s, probe);
            plot.points(
                Points::new("data y", points(&s.data))
                    .color(DATA_BLUE)
                    .radius(4.0)
                    .filled(true),
            );
            if !s.hot.is_empty() {
                plot.points(
                    Points::new("hot ŷ", points(&s.hot))
                        .color(HOT_RED)
                        .radius(3.5),
                );
            }
            if let Some(p) = probe {
                plot.points(
                    Points::new("probe y′", vec![p])
                        .color(PROBE_GREEN)
                        .radius(5.0),
                );
            }
        });
}

fn points(p: &[[f32; 2]]) -> Vec<[f64; 2]> {
    p.iter()
        .map(|q| [f64::from(q[0]), f64::from(q[1])])
        .collect()
}

/// White −∇F arrows, scaled so the longest spans 90 % of a lattice cell.
fn arrows_ui(plot: &mut egui_plot::PlotUi<'_>, s: &Snapshot) {
    let longest = s
        .arrows
        .iter()
        .map(|a| a.force[0].hypot(a.force[1]))
        .filter(|l| l.is_finite())
        .fold(0.0f32, f32::max);
    if longest <= 0.0 {
        return;
    }
    let scale = 0.9 * ARROW_SPACING / longest;
    let origins: Vec<[f64; 2]> = s
        .arrows
        .iter()
        .map(|a| [f64::from(a.origin[0]), f64::from(a.origin[1])])
        .collect();
    let tips: Vec<[f64; 2]> = s
        .arrows
        .iter()
        .map(|a| {
            [
                f64::from(a.origin[0] + scale * a.force[0]),
                f64::from(a.origin[1] + scale * a.force[1]),
            ]
        })
        .collect();
    plot.arrows(
        Arrows::new("−∇F", origins, tips)
            .color(Color32::from_white_alpha(200))
            .tip_length(5.0),
    );
}

/// The manifold ỹ = g(z_k): a violet curve through its points (closed for the periodic latent
/// of the LV-EBMs, open for a 1-D code; none for a 2-D latent grid). With the cursor on the
/// plot (probe y′), each point is shaded by its softargmin weight w_k(y′) — the course's
/// per-sample view.
fn manifold_ui(plot: &mut egui_plot::PlotUi<'_>, s: &Snapshot, probe: Option<[f64; 2]>) {
    let manifold = points(&s.manifold);
    let mut curve = manifold.clone();
    if matches!(s.model, ModelId::Ellipse | ModelId::LvNeural) {
        curve.extend(manifold.first().copied());
    }
    if curve.len() > manifold.len() || manifold.len() == code_grid_points(1) {
        plot.line(
            Line::new("ỹ = g(z)", curve)
                .color(MANIFOLD_VIOLET.gamma_multiply(0.6))
                .width(1.0),
        );
    }
    let Some(y) = probe else {
        plot.points(
            Points::new("ỹ = g(z)", manifold)
                .color(MANIFOLD_VIOLET)
                .radius(3.0)
                .filled(true),
        );
        return;
    };
    let weights = reference::softargmin(&reference::energies(y, &manifold), s.energy.beta);
    let top = weights
        .iter()
        .copied()
        .fold(0.0, f64::max)
        .max(f64::MIN_POSITIVE);
    for (g, w) in manifold.iter().zip(&weights) {
        let t = (w / top) as f32;
        plot.points(
            Points::new("ỹ = g(z)", vec![*g])
                .color(MANIFOLD_VIOLET.gamma_multiply(0.15 + 0.85 * t))
                .radius(2.0 + 4.0 * t)
                .filled(true),
        );
    }
}

/// F_β(0, y₂) for the course's β marks; the slider's β drawn thick in the energy colour.
fn beta_family_ui(ui: &mut Ui, s: &Snapshot) {
    let marks = s.beta_family.len().max(2) - 1;
    Plot::new("beta family")
        .height(230.0)
        .legend(Legend::default().follow_insertion_order(true))
        .x_axis_label("y₂")
        .allow_scroll(false)
        .show(ui, |plot| {
            for (i, curve) in s.beta_family.iter().enumerate() {
                let current = curve.beta == s.energy.beta;
                let colour = if current {
                    HOT_RED
                } else {
                    viridis(i as f32 / marks as f32).gamma_multiply(0.8)
                };
                let name = match curve.beta {
                    Beta::Infinite => "β = ∞".to_owned(),
                    b => format!("β = {b}"),
                };
                plot.line(
                    Line::new(name, points(&curve.points))
                        .color(colour)
                        .width(if current { 3.0 } else { 1.2 }),
                );
            }
        });
}

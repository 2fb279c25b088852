//! The right panel: the focused model's β family and loss curve, and — while a model with
//! latent bubbles (the VAE) trains — its latent space with the course's bubbles.

use eframe::egui::{self, Ui};
use egui_plot::{AxisHints, Legend, Line, Plot, Points, Polygon};

use super::energy_plot::{line, points};
use super::losses::LossCurves;
use crate::app::context::Cx;
use crate::energy::Beta;
use crate::landscape::Landscape;
use crate::models::Bubble;
use crate::palette::{DATA_BLUE, HOT_RED, beta_colour};

/// Vertices of a drawn bubble.
const BUBBLE_VERTICES: usize = 40;

/// The right panel: its loss curves are its own state.
#[derive(Default)]
pub struct SidePlots {
    pub losses: LossCurves,
}

impl SidePlots {
    pub fn ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) {
        let Some(s) = cx.latest else {
            return;
        };
        let focus = cx.settings.focus;
        let focused = s.view(focus);
        let bubbles = s.models.iter().find(|v| !v.landscape.bubbles.is_empty());
        let family_height = if bubbles.is_some() { 170.0 } else { 230.0 };
        match focused {
            Some(_) if !focus.spec().draws.manifold => {
                ui.strong("β without a latent");
                // Nothing to marginalise: say what β does here instead of an empty plot.
                ui.weak(format!(
                    "{} has no decoder manifold and no latent: β only sets its Gibbs density \
                     e^(−β·{}) and the temperature of the samples (View ▸ samples at β).",
                    focus.title(),
                    focus.spec().energy.symbol
                ));
            }
            Some(v) => {
                ui.strong("β family: F_β(0, y₂) of the decoder manifold");
                beta_family_ui(ui, &v.landscape, family_height);
            }
            None => {}
        }
        if let Some(v) = bubbles {
            ui.separator();
            ui.strong(format!(
                "{} latent: bubbles (μ, √v) and the unit bubble",
                v.model.title()
            ));
            bubbles_ui(ui, &v.landscape.bubbles);
        }
        ui.separator();
        ui.strong(format!("Loss: {}", focus.spec().loss));
        let curve = self.losses.of(focus);
        // From step 0 to at least step 10: a curve of one point (or none yet) would otherwise
        // leave an axis with the single tick "0".
        let last_step = curve.last().map_or(0.0, |p| p[0]);
        Plot::new("loss")
            .height(ui.available_height().max(80.0))
            .custom_x_axes(vec![narrow_x_axis("step")])
            .y_axis_label("loss")
            .include_x(0.0)
            .include_x(last_step.max(10.0))
            .allow_scroll(false)
            .show(ui, |plot| {
                plot.line(line("loss", curve.to_vec(), HOT_RED));
            });
    }
}

/// An x axis for the narrow side plots: egui_plot labels a tick only when ticks are over 60
/// points apart, which in a 240-point plot left the single label "0"; short labels fit at 30.
fn narrow_x_axis(label: &str) -> AxisHints<'static> {
    AxisHints::new_x()
        .label(label.to_owned())
        .label_spacing(30.0..=45.0)
}

/// F_β(0, y₂) for the course's β marks, each in its Set3 colour; the slider's β drawn thick (in
/// the text colour when it lies between the marks).
fn beta_family_ui(ui: &mut Ui, v: &Landscape, height: f32) {
    let between = ui.visuals().strong_text_color();
    Plot::new("beta family")
        .height(height)
        .legend(Legend::default().follow_insertion_order(true))
        .custom_x_axes(vec![narrow_x_axis("y₂")])
        .allow_scroll(false)
        .show(ui, |plot| {
            for curve in &v.beta_family {
                let current = curve.beta == v.beta;
                let colour = if Beta::COURSE_MARKS.contains(&curve.beta) {
                    beta_colour(curve.beta)
                } else {
                    between
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

/// The latent space: each data point's bubble (2-D: an ellipse of radii √v around μ; 1-D: an
/// interval μ ± √v, one row per data point in the order of μ, so that the rows read as the
/// code's layout along z) and the prior's unit bubble the KL term pulls them into.
fn bubbles_ui(ui: &mut Ui, bubbles: &[Bubble]) {
    let two_d = bubbles.first().is_some_and(|b| b.mu.len() == 2);
    let mut sorted = bubbles.to_vec();
    if !two_d {
        sorted.sort_by(|a, b| a.mu[0].total_cmp(&b.mu[0]));
    }
    let bubbles = &sorted[..];
    let mut plot = Plot::new("vae bubbles")
        .height(170.0)
        .allow_scroll(false)
        .x_axis_label("z₁");
    plot = if two_d {
        plot.data_aspect(1.0).y_axis_label("z₂")
    } else {
        plot.y_axis_label("data point, by μ")
    };
    let unit = egui::Color32::from_white_alpha(160);
    plot.show(ui, |plot| {
        let n = bubbles.len() as f64;
        if two_d {
            plot.polygon(
                Polygon::new("unit bubble", ellipse([0.0, 0.0], [1.0, 1.0]))
                    .stroke(egui::Stroke::new(1.5, unit))
                    .fill_color(egui::Color32::TRANSPARENT),
            );
        } else {
            // The unit interval [−1, 1] across all rows.
            plot.polygon(
                Polygon::new(
                    "unit bubble",
                    vec![[-1.0, -1.0], [1.0, -1.0], [1.0, n], [-1.0, n]],
                )
                .stroke(egui::Stroke::new(1.5, unit))
                .fill_color(egui::Color32::TRANSPARENT),
            );
        }
        for (i, b) in bubbles.iter().enumerate() {
            let (mu, r) = (f64::from(b.mu[0]), f64::from(b.radius[0]));
            let shape = if two_d {
                ellipse([mu, f64::from(b.mu[1])], [r, f64::from(b.radius[1])])
            } else {
                let y = i as f64;
                vec![
                    [mu - r, y - 0.3],
                    [mu + r, y - 0.3],
                    [mu + r, y + 0.3],
                    [mu - r, y + 0.3],
                ]
            };
            plot.polygon(
                Polygon::new("bubbles", shape)
                    .stroke(egui::Stroke::new(1.0, DATA_BLUE))
                    .fill_color(DATA_BLUE.gamma_multiply(0.15)),
            );
        }
        let centres: Vec<[f64; 2]> = bubbles
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let y = if two_d { f64::from(b.mu[1]) } else { i as f64 };
                [f64::from(b.mu[0]), y]
            })
            .collect();
        plot.points(
            Points::new("μ", centres)
                .color(DATA_BLUE)
                .radius(2.0)
                .filled(true),
        );
    });
}

fn ellipse(centre: [f64; 2], radius: [f64; 2]) -> Vec<[f64; 2]> {
    (0..BUBBLE_VERTICES)
        .map(|k| {
            let t = std::f64::consts::TAU * k as f64 / BUBBLE_VERTICES as f64;
            [
                centre[0] + radius[0] * t.cos(),
                centre[1] + radius[1] * t.sin(),
            ]
        })
        .collect()
}

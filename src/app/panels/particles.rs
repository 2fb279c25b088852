//! Points on a plot besides the data and the manifold: the hot points ŷ the loss pushed up
//! (red, the same for every contrastive model) with the GAN's −∇C arrows and the EBM's Langevin
//! trails, the VAE's samples, and the *Samples* layer's particles at temperature.

use egui_plot::{Arrows, Line, PlotPoints, Points};

use super::energy_plot::points;
use crate::landscape::Landscape;
use crate::palette::{GIBBS_YELLOW, HOT_RED, MANIFOLD_VIOLET};

/// Longest GAN −∇C arrow on a hot point, in data units.
const HOT_ARROW_LENGTH: f32 = 0.3;

/// The particles of the *Samples* layer: Set3's yellow, which no other layer uses.
pub fn gibbs_samples_ui(plot: &mut egui_plot::PlotUi<'_>, particles: &[[f32; 2]], large: bool) {
    plot.points(
        Points::new("samples ~ e^(−β·surface)", points(particles))
            .color(GIBBS_YELLOW)
            .radius(if large { 1.8 } else { 1.0 }),
    );
}

/// The last Langevin steps of the EBM's chains: where each negative slid from.
fn trails_ui(plot: &mut egui_plot::PlotUi<'_>, view: &Landscape) {
    for trail in &view.trails {
        plot.line(
            Line::new("Langevin trails of ŷ", PlotPoints::new(points(trail)))
                .color(HOT_RED.gamma_multiply(0.6))
                .width(1.0),
        );
    }
}

/// Samples the model generated without pushing them up (the VAE's Dec(z)): violet like the
/// manifold they come from, hollow to tell them from its points.
pub fn samples_ui(plot: &mut egui_plot::PlotUi<'_>, view: &Landscape, large: bool) {
    if view.samples.is_empty() {
        return;
    }
    plot.points(
        Points::new("samples ỹ = Dec(z)", points(&view.samples))
            .color(MANIFOLD_VIOLET)
            .radius(if large { 3.5 } else { 2.0 })
            .filled(false),
    );
}

/// Red hot points, with the EBM's trails and the GAN's −∇C arrows (where G wants to move
/// each one).
pub fn hot_ui(plot: &mut egui_plot::PlotUi<'_>, view: &Landscape, large: bool) {
    if view.hot.is_empty() {
        return;
    }
    trails_ui(plot, view);
    plot.points(
        Points::new("pushed up ŷ", points(&view.hot))
            .color(HOT_RED)
            .radius(if large { 3.5 } else { 2.0 }),
    );
    if view.hot_arrows.len() != view.hot.len() {
        return;
    }
    let longest = view
        .hot_arrows
        .iter()
        .map(|f| f[0].hypot(f[1]))
        .filter(|l| l.is_finite())
        .fold(0.0f32, f32::max);
    if longest <= 0.0 {
        return;
    }
    let scale = HOT_ARROW_LENGTH / longest;
    let tips: Vec<[f64; 2]> = view
        .hot
        .iter()
        .zip(&view.hot_arrows)
        .map(|(p, f)| {
            [
                f64::from(p[0] + scale * f[0]),
                f64::from(p[1] + scale * f[1]),
            ]
        })
        .collect();
    plot.arrows(
        Arrows::new("−∇C at ŷ", points(&view.hot), tips)
            .color(HOT_RED.gamma_multiply(0.8))
            .tip_length(4.0),
    );
}

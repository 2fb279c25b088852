//! What the inference lab draws on the focused plot: a line from y′ to every manifold point
//! ỹ_k with opacity w_k (its vote in F_β), ỹ(ž) ringed, −∇F_β at y′, the trainer's refined ž
//! and the encoder's guess, and the descents' paths ỹ(z_t) as far as their animation got.

use eframe::egui::Color32;
use egui_plot::{Arrows, Line, PlotUi, Points};

use crate::inference::{Inspection, LatentPoint, ProbeAnswer};
use crate::palette::{LATENT_ORANGE, MANIFOLD_VIOLET, PROBE_GREEN};

/// The inference lab's layer over the focused plot.
pub struct Overlay<'a> {
    pub inspection: &'a Inspection,
    pub manifold: &'a [[f32; 2]],
    /// The trainer's answer for this probe (absent until it has computed one).
    pub answer: Option<&'a ProbeAnswer>,
    /// Each descent's points so far.
    pub descents: Vec<&'a [LatentPoint]>,
}

/// Weights below this draw no line (they would be invisible anyway: alpha < 1/255).
const FAINTEST: f64 = 1.0 / 255.0;

pub fn overlay_ui(plot: &mut PlotUi<'_>, o: &Overlay<'_>) {
    let y = o.inspection.probe;
    for (g, w) in o.manifold.iter().zip(&o.inspection.weights) {
        if *w < FAINTEST {
            continue;
        }
        let alpha = (w.clamp(0.0, 1.0) * 255.0).round() as u8;
        plot.line(
            Line::new(
                "y′ → ỹ_k, opacity w_k",
                vec![y, [f64::from(g[0]), f64::from(g[1])]],
            )
            .color(Color32::from_rgba_unmultiplied(0xb3, 0xde, 0x69, alpha))
            .width(2.0),
        );
    }
    if let Some(best) = o.manifold.get(o.inspection.argmin) {
        plot.points(
            Points::new(
                "ỹ(ž), grid argmin",
                vec![[f64::from(best[0]), f64::from(best[1])]],
            )
            .color(MANIFOLD_VIOLET)
            .radius(8.0)
            .filled(false),
        );
    }
    // −∇F_β(y′)/2 = Σ_k w_k ỹ_k − y′: the arrow ends on the weighted centre of the manifold.
    let g = o.inspection.neg_grad;
    plot.arrows(
        Arrows::new(
            "−∇F_β(y′), to Σ w_k ỹ_k",
            vec![y],
            vec![[y[0] + 0.5 * g[0], y[1] + 0.5 * g[1]]],
        )
        .color(Color32::WHITE)
        .tip_length(8.0),
    );
    answers_ui(plot, o.answer);
    for path in &o.descents {
        let trail: Vec<[f64; 2]> = path
            .iter()
            .map(|p| [f64::from(p.decoded[0]), f64::from(p.decoded[1])])
            .collect();
        let head = trail.last().copied();
        plot.line(
            Line::new("descent ỹ(z_t)", trail)
                .color(LATENT_ORANGE)
                .width(2.0),
        );
        if let Some(head) = head {
            plot.points(
                Points::new("descent ỹ(z_t)", vec![head])
                    .color(LATENT_ORANGE)
                    .radius(5.0),
            );
        }
    }
}

/// The trainer's refined ž and the encoder's guess, decoded.
fn answers_ui(plot: &mut PlotUi<'_>, answer: Option<&ProbeAnswer>) {
    if let Some(answer) = answer {
        let z = answer.argmin.decoded;
        plot.points(
            Points::new(
                "ỹ(ž), descent-refined",
                vec![[f64::from(z[0]), f64::from(z[1])]],
            )
            .color(Color32::WHITE)
            .shape(egui_plot::MarkerShape::Diamond)
            .radius(5.0),
        );
        if let Some(e) = &answer.encoder {
            plot.points(
                Points::new(
                    "Dec(Enc(y′)), the encoder's guess",
                    vec![[f64::from(e.decoded[0]), f64::from(e.decoded[1])]],
                )
                .color(PROBE_GREEN)
                .shape(egui_plot::MarkerShape::Square)
                .radius(5.0),
            );
        }
    }
}

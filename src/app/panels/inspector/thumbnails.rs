//! The course's thumbnails (slides p.8): E(y_n, z) over the latent for every data point, each
//! with its ž — how differently each observation is explained. Painted directly (64 small
//! plots would cost more than the rest of the window); a click puts the probe on that point.

use eframe::egui::{self, Color32, Pos2, Rect, Sense, Stroke, Ui};

use crate::energy::Beta;
use crate::inference::inspect;
use crate::models::LatentGrid;
use crate::palette::{HOT_RED, MANIFOLD_VIOLET, PROBE_GREEN, viridis};

/// Thumbnails are drawn for data sets up to this size.
pub const MAX_POINTS: usize = 64;
const SIZE: egui::Vec2 = egui::vec2(64.0, 40.0);

/// One thumbnail per data point; returns the index of the one clicked.
pub fn thumbnails_ui(
    ui: &mut Ui,
    data: &[[f32; 2]],
    manifold: &[[f32; 2]],
    prior: Option<&[f32]>,
    latent: &LatentGrid,
    beta: Beta,
    probed: Option<usize>,
) -> Option<usize> {
    if data.len() > MAX_POINTS || latent.dim() > 2 {
        ui.weak(format!(
            "Thumbnails of E(y_n, z) are drawn for up to {MAX_POINTS} points and 1-D or 2-D \
             latents."
        ));
        return None;
    }
    let mut clicked = None;
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = egui::vec2(4.0, 4.0);
        for (n, y) in data.iter().enumerate() {
            let probe = [f64::from(y[0]), f64::from(y[1])];
            let Some(inspection) = inspect(probe, manifold, prior, beta) else {
                continue;
            };
            let (rect, response) = ui.allocate_exact_size(SIZE, Sense::click());
            let painter = ui.painter_at(rect);
            let frame = if probed == Some(n) {
                PROBE_GREEN
            } else {
                Color32::from_gray(70)
            };
            painter.rect_stroke(rect, 2.0, Stroke::new(1.0, frame), egui::StrokeKind::Inside);
            let inner = rect.shrink(3.0);
            match latent.dim() {
                1 => curve(&painter, inner, &inspection.energies, inspection.argmin),
                _ => map(
                    &painter,
                    inner,
                    latent,
                    &inspection.energies,
                    inspection.argmin,
                ),
            }
            if response
                .on_hover_text(format!(
                    "y_{n} = ({:.2}, {:.2}): F_∞ = {:.3}, F_β = {:.3}",
                    y[0], y[1], inspection.f_inf, inspection.f_beta
                ))
                .clicked()
            {
                clicked = Some(n);
            }
        }
    });
    clicked
}

/// E over a 1-D latent as a polyline, ž as a dot.
fn curve(painter: &egui::Painter, rect: Rect, energies: &[f64], argmin: usize) {
    let hi = energies
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max)
        .max(1e-12);
    let at = |k: usize, e: f64| {
        let x = rect.left() + rect.width() * k as f32 / (energies.len() - 1).max(1) as f32;
        Pos2::new(x, rect.bottom() - rect.height() * (e / hi) as f32)
    };
    let line: Vec<Pos2> = energies
        .iter()
        .enumerate()
        .map(|(k, e)| at(k, *e))
        .collect();
    painter.add(egui::Shape::line(line, Stroke::new(1.0, HOT_RED)));
    painter.circle_filled(at(argmin, energies[argmin]), 2.5, MANIFOLD_VIOLET);
}

/// E over a 2-D latent grid as cells, ž ringed.
fn map(painter: &egui::Painter, rect: Rect, latent: &LatentGrid, energies: &[f64], argmin: usize) {
    let (na, nb) = (latent.axes[0].len(), latent.axes[1].len());
    let lo = energies.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = energies.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (w, h) = (rect.width() / na as f32, rect.height() / nb as f32);
    let cell = |k: usize| {
        let (i, j) = (k / nb, k % nb);
        Rect::from_min_size(
            Pos2::new(
                rect.left() + i as f32 * w,
                rect.bottom() - (j + 1) as f32 * h,
            ),
            egui::vec2(w, h),
        )
    };
    for (k, e) in energies.iter().enumerate() {
        let t = ((e - lo) / (hi - lo).max(1e-12)) as f32;
        painter.rect_filled(cell(k), 0.0, viridis(t));
    }
    painter.rect_stroke(
        cell(argmin),
        0.0,
        Stroke::new(1.5, MANIFOLD_VIOLET),
        egui::StrokeKind::Outside,
    );
}

//! The hover probe's colours: each manifold point shaded by its Boltzmann factor
//! e^{−βE(y′, z_k)} for the point y′ under the cursor, on a fixed 0 … 1 bar drawn in the
//! plot's corner — the course's per-sample view, in which a point that explains y′ badly stays
//! dark even if it is the best one.

use eframe::egui::{self, Color32, Ui};

use crate::energy::Beta;
use crate::palette::viridis;

/// e^{−βE_k} for each manifold point (in (0, 1]: the energies are ≥ 0); at β = ∞ 1 on the
/// argmin and 0 elsewhere, the limit of the weights.
pub fn probe_factors(energies: &[f64], beta: Beta) -> Vec<f64> {
    match beta {
        Beta::Finite(b) => energies.iter().map(|e| (-f64::from(b) * e).exp()).collect(),
        Beta::Infinite => {
            let min = energies.iter().copied().fold(f64::INFINITY, f64::min);
            energies
                .iter()
                .map(|e| f64::from(u8::from(*e == min)))
                .collect()
        }
    }
}

/// The probe's colour bar in the plot's lower left corner: e^{−βE(y′, z)} from 0 to 1.
pub fn probe_bar_ui(ui: &Ui, plot_rect: egui::Rect) {
    let bar = egui::Rect::from_min_size(
        plot_rect.left_bottom() + egui::vec2(14.0, -110.0),
        egui::vec2(10.0, 80.0),
    );
    let painter = ui.painter_at(plot_rect);
    let backdrop = egui::Rect::from_min_max(
        bar.left_top() - egui::vec2(6.0, 20.0),
        bar.right_bottom() + egui::vec2(84.0, 6.0),
    );
    painter.rect_filled(backdrop, 3.0, Color32::from_black_alpha(170));
    let mut mesh = egui::Mesh::default();
    const BANDS: usize = 32;
    for i in 0..BANDS {
        let (t0, t1) = (i as f32 / BANDS as f32, (i + 1) as f32 / BANDS as f32);
        let band = egui::Rect::from_x_y_ranges(
            bar.x_range(),
            (bar.bottom() - t1 * bar.height())..=(bar.bottom() - t0 * bar.height()),
        );
        mesh.add_colored_rect(band, viridis(0.5 * (t0 + t1)));
    }
    painter.add(egui::Shape::mesh(mesh));
    let text = Color32::from_gray(230);
    let font = egui::FontId::monospace(10.0);
    for (label, y) in [
        ("1", bar.top()),
        ("0.5", bar.center().y),
        ("0", bar.bottom()),
    ] {
        let at = egui::pos2(bar.right() + 4.0, y);
        painter.text(at, egui::Align2::LEFT_CENTER, label, font.clone(), text);
    }
    let title = egui::pos2(bar.left(), bar.top() - 6.0);
    painter.text(
        title,
        egui::Align2::LEFT_BOTTOM,
        "e^(−βE(y′,z))",
        font,
        text,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::energy::reference;
    use crate::models::ellipse::latent_grid;

    /// The probe colours the slide's untrained ellipse at y′ = (0, 0) by e^{−βE(y′, z_k)}: at
    /// β = 1 the factors run from e^{−2.25} ≈ 0.11 (z = 0, π) to e^{−0.1225} ≈ 0.88 (z = ±π/2),
    /// the range of the course's colour bar for this picture.
    #[test]
    fn probe_factors_are_the_boltzmann_factors_of_each_latent() {
        let manifold: Vec<[f64; 2]> = latent_grid(48)
            .iter()
            .map(|&z| [-1.5 * f64::from(z).cos(), 0.35 * f64::from(z).sin()])
            .collect();
        let energies = reference::energies([0.0, 0.0], &manifold);
        let f = probe_factors(&energies, Beta::Finite(1.0));
        let (lo, hi) = f
            .iter()
            .fold((1.0f64, 0.0f64), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
        assert!((lo - (-2.25f64).exp()).abs() < 1e-9, "{lo}");
        assert!((hi - (-0.1225f64).exp()).abs() < 1e-9, "{hi}");
        for (e, v) in energies.iter().zip(&f) {
            assert!((v - (-e).exp()).abs() < 1e-12);
        }
        let cold = probe_factors(&energies, Beta::Infinite);
        // z = π/2 and 3π/2 are equally near in exact arithmetic; floating point picks one.
        let ones = cold.iter().filter(|v| **v == 1.0).count();
        assert!((1..=2).contains(&ones), "{ones}");
        assert!(cold.iter().all(|v| *v == 0.0 || *v == 1.0));
    }
}

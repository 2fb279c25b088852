//! Which surface a plot shows: the model's own energy, the free energy F_β of its decoder
//! manifold, or the Gibbs density e^{−βF}/Z normalised on the grid.

use super::{EnergyGrid, Landscape};
use crate::energy::Beta;
use crate::models::ModelId;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SurfaceView {
    /// Reconstruction energy, C, F̃ — or F_∞ for the LV-EBMs.
    Native,
    /// F_β over the decoder manifold: the same formula for every model.
    #[default]
    FreeEnergy,
    /// p_β(y) = e^{−βF(y)} / Z on the grid.
    Density,
}

impl SurfaceView {
    pub const ALL: [SurfaceView; 3] = [
        SurfaceView::Native,
        SurfaceView::FreeEnergy,
        SurfaceView::Density,
    ];

    /// The name on the command line (`--view`).
    pub fn key(self) -> &'static str {
        match self {
            SurfaceView::Native => "energy",
            SurfaceView::FreeEnergy => "free-energy",
            SurfaceView::Density => "density",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SurfaceView::Native => "native energy",
            SurfaceView::FreeEnergy => "free energy F_β",
            SurfaceView::Density => "density e^(−βF)/Z",
        }
    }

    /// The name in a figure's title, where β follows it and a subscript cannot be typeset.
    pub fn title(self) -> &'static str {
        match self {
            SurfaceView::Native => "native energy E",
            SurfaceView::FreeEnergy => "free energy F",
            SurfaceView::Density => "density e^(−βF)/Z",
        }
    }

    /// The view actually drawn for `model`: the free energy of a model without a manifold is
    /// not there, so its own energy is shown (and named) instead.
    pub fn shown(self, model: ModelId) -> SurfaceView {
        match self {
            SurfaceView::FreeEnergy if !model.spec().draws.manifold => SurfaceView::Native,
            view => view,
        }
    }

    /// The grid to draw of `model`'s landscape `s` (the surface [`Self::shown`] names).
    pub fn grid(self, model: ModelId, s: &Landscape) -> EnergyGrid {
        let free = || s.free_energy_grid().unwrap_or_else(|| s.native_grid());
        match self.shown(model) {
            SurfaceView::FreeEnergy => free(),
            SurfaceView::Native => s.native_grid(),
            // A model whose energy is a free energy over its latent (the LV-EBMs) takes the
            // density of F_β; the others (AE family, VAE, GAN's C) have no latent to
            // marginalise, so β acts on their own energy.
            SurfaceView::Density => {
                let energy = if model.spec().latent.is_marginalised() {
                    free()
                } else {
                    s.native_grid()
                };
                EnergyGrid {
                    values: gibbs_density(&energy.values, s.beta),
                    ..energy
                }
            }
        }
    }
}

/// e^{−βF}/Z over the grid points (Z = the sum over the grid, so the values sum to 1). At
/// β = ∞ the density sits on the minima, shared equally. Shifted by min F against overflow.
pub fn gibbs_density(energy: &[f32], beta: Beta) -> Vec<f32> {
    let min = energy
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(f32::INFINITY, f32::min);
    let weights: Vec<f64> = energy
        .iter()
        .map(|&e| match beta {
            Beta::Infinite => f64::from(u8::from(e == min)),
            Beta::Finite(b) => (-f64::from(b) * f64::from(e - min)).exp(),
        })
        .collect();
    let z: f64 = weights.iter().sum();
    if z > 0.0 && z.is_finite() {
        weights.iter().map(|w| (w / z) as f32).collect()
    } else {
        vec![0.0; energy.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn density_is_normalised_and_peaks_at_the_minimum() {
        let energy = [3.0, 0.5, 1.0, 0.5, 400.0];
        let p = gibbs_density(&energy, Beta::Finite(1.0));
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(
            (p[1] / p[2] - 0.5f32.exp()).abs() < 1e-5,
            "ratio e^{{β ΔF}}"
        );
        assert_eq!(p[4], 0.0);
        let hot = gibbs_density(&energy, Beta::Finite(1e-6));
        assert!(
            hot[..4].iter().all(|v| (v - 0.2).abs() < 1e-3),
            "β→0: uniform"
        );
        assert_eq!(
            gibbs_density(&energy, Beta::Infinite),
            vec![0.0, 0.5, 0.0, 0.5, 0.0]
        );
    }
}

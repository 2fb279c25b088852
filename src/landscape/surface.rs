//! Which surface a plot shows, what it is called, and the arrows that go with it: always −∇
//! of the surface drawn. The model's own energy (the default), the free energy F_β of its
//! decoder manifold, or the Gibbs density e^{−β·E}/Z normalised on the grid.

use super::compute::Surfaces;
use super::{Arrow, ArrowKind, EnergyGrid, Landscape};
use crate::energy::Beta;
use crate::models::ModelId;
use crate::models::spec::OwnField;
use crate::palette::ColourScale;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SurfaceView {
    /// The model's own energy: reconstruction energy, C, F̃, F_β for the LV-EBMs.
    #[default]
    #[serde(alias = "Native")]
    Energy,
    /// F_β of the decoder manifold: the same formula for every model that has one.
    FreeEnergy,
    /// p_β(y) = e^{−β·E(y)} / Z on the grid, of the own energy.
    Density,
}

/// An arrow layer: the arrows, what kind of vectors they are and what they are called.
#[derive(Clone, Debug, PartialEq)]
pub struct ArrowLayer {
    pub arrows: Vec<Arrow>,
    pub kind: ArrowKind,
    pub label: String,
}

/// Whether the model's own field (the autoencoders' ỹ − y) is drawn as a layer of its own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FieldLayer {
    /// Where the model's card is about it (the DAE's denoising field).
    #[default]
    Auto,
    Always,
    Never,
}

impl FieldLayer {
    pub const ALL: [FieldLayer; 3] = [FieldLayer::Auto, FieldLayer::Always, FieldLayer::Never];

    pub fn label(self) -> &'static str {
        match self {
            FieldLayer::Auto => "where the card is about it",
            FieldLayer::Always => "always",
            FieldLayer::Never => "never",
        }
    }

    /// Whether `model`'s field is drawn.
    pub fn shown(self, model: ModelId) -> bool {
        match (self, model.spec().draws.field) {
            (_, OwnField::None) | (FieldLayer::Never, _) => false,
            (FieldLayer::Always, _) => true,
            (FieldLayer::Auto, OwnField::Reconstruction { shown }) => shown,
        }
    }
}

/// How far above the minimum a grid point may lie and still count as part of the argmin set
/// that the density at β = ∞ spreads its mass over, as a fraction of the surface's range (the
/// minimum to the 98th percentile, so one far corner does not widen it): on a grid the exact
/// minimum is one pixel, while the set the mass goes to (a manifold curve, a well) is the
/// region within this of it.
pub const ARGMIN_TOLERANCE: f32 = 0.01;

impl SurfaceView {
    pub const ALL: [SurfaceView; 3] = [
        SurfaceView::Energy,
        SurfaceView::FreeEnergy,
        SurfaceView::Density,
    ];

    /// The name on the command line (`--view`) and in exports' JSON.
    pub fn key(self) -> &'static str {
        match self {
            SurfaceView::Energy => "energy",
            SurfaceView::FreeEnergy => "free-energy",
            SurfaceView::Density => "density",
        }
    }

    /// The scale a plot of this view is coloured with when the user chose `chosen`. A density's
    /// story is where its mass sits, at the top of its range; on a log scale it would show
    /// log p = −βE + const, the energy again upside down. So a density on the default log scale
    /// is drawn linear; an explicit linear or course scale is kept.
    pub fn colour_scale(self, chosen: ColourScale) -> ColourScale {
        match (self, chosen) {
            (SurfaceView::Density, ColourScale::Log) => ColourScale::Linear,
            (_, chosen) => chosen,
        }
    }

    /// The view's name in the selector.
    pub fn label(self) -> &'static str {
        match self {
            SurfaceView::Energy => "the model's own energy",
            SurfaceView::FreeEnergy => "free energy F_β of the decoder manifold",
            SurfaceView::Density => "Gibbs density e^(−β·E)/Z",
        }
    }

    /// The view actually drawn for `model`: the free energy of a model without a manifold is
    /// not there, so its own energy is shown (and named) instead.
    pub fn shown(self, model: ModelId) -> SurfaceView {
        match self {
            SurfaceView::FreeEnergy if !model.spec().draws.manifold => SurfaceView::Energy,
            view => view,
        }
    }

    /// [`Self::name`] for `model`'s landscape `land`, with the slice's x for a conditional
    /// model ("F_β(y | x) … at x = 0.50").
    pub fn name_of(self, model: ModelId, land: &Landscape) -> String {
        let name = self.name(model, land.beta);
        match (model.spec().inputs, land.at.x) {
            (crate::models::spec::Inputs::XY, Some(x)) => format!("{name}, at x = {x:.2}"),
            _ => name,
        }
    }

    /// Exactly which function the plot of `model` at `beta` shows, for titles and legends:
    /// "C(y), cost net", "F_β of the decoder manifold, β = 1", "e^(−β·C)/Z, β = 1".
    pub fn name(self, model: ModelId, beta: Beta) -> String {
        let spec = model.spec();
        let at = crate::energy::beta::label(beta);
        match self.shown(model) {
            SurfaceView::Energy if spec.latent.is_marginalised() => {
                format!("{}, {at}", spec.energy.name)
            }
            SurfaceView::Energy => spec.energy.name.to_owned(),
            SurfaceView::FreeEnergy => format!("F_β of the decoder manifold, {at}"),
            SurfaceView::Density if beta.is_infinite() => format!(
                "argmin set of {} (within {:.0} % of its range), β = ∞",
                spec.energy.symbol,
                100.0 * ARGMIN_TOLERANCE
            ),
            SurfaceView::Density => format!("e^(−β·{})/Z, {at}", spec.energy.symbol),
        }
    }

    /// The grid to draw of `model`'s landscape `s` (the surface [`Self::shown`] names).
    pub fn grid(self, model: ModelId, s: &Landscape) -> EnergyGrid {
        let values = match self.shown(model) {
            SurfaceView::Energy => s.energy.clone(),
            SurfaceView::FreeEnergy => s.free_energy.clone().unwrap_or_else(|| s.energy.clone()),
            SurfaceView::Density => gibbs_density(&s.energy, s.beta),
        };
        EnergyGrid {
            spec: s.grid,
            beta: s.beta,
            values,
        }
    }

    /// The energy whose Gibbs density e^{−β·E} the *Samples* layer draws from: the surface
    /// shown, or under the density view the own energy the density is of. Its name (E, F_β)
    /// comes with it.
    pub fn sampled(self, model: ModelId, s: &Landscape) -> (EnergyGrid, &'static str) {
        match self.shown(model) {
            SurfaceView::FreeEnergy => (SurfaceView::FreeEnergy.grid(model, s), "F_β"),
            _ if model.spec().latent.is_marginalised() => (s.energy_grid(), "F_β"),
            _ => (s.energy_grid(), model.spec().energy.symbol),
        }
    }

    /// The arrows drawn on the surface: −∇ of it at each lattice point.
    pub fn arrows(self, model: ModelId, s: &Landscape) -> ArrowLayer {
        let symbol = model.spec().energy.symbol;
        let (arrows, label) = match self.shown(model) {
            SurfaceView::Energy => (s.energy_arrows.clone(), format!("−∇{symbol}")),
            SurfaceView::FreeEnergy => (s.free_arrows.clone(), "−∇F_β".to_owned()),
            SurfaceView::Density => {
                let normaliser = DensityNormaliser::of(&s.energy, s.beta);
                let forces: Vec<[f32; 2]> = s.energy_arrows.iter().map(|a| a.force).collect();
                let neg = normaliser.neg_grad(&s.lattice_energy, &forces);
                let arrows = s
                    .energy_arrows
                    .iter()
                    .zip(neg)
                    .map(|(a, force)| Arrow {
                        origin: a.origin,
                        force,
                    })
                    .collect();
                (arrows, "−∇p_β".to_owned())
            }
        };
        ArrowLayer {
            arrows,
            kind: ArrowKind::Gradient,
            label,
        }
    }

    /// The surface at a set of points and −∇ of it there, from the model's [`Surfaces`] at
    /// those points (a density is normalised over them: they are a grid).
    pub fn at_points(self, model: ModelId, s: &Surfaces, beta: Beta) -> (Vec<f32>, Vec<[f32; 2]>) {
        match self.shown(model) {
            SurfaceView::Energy => (s.energy.clone(), s.energy_grad.clone()),
            SurfaceView::FreeEnergy => match (&s.free_energy, &s.free_grad) {
                (Some(f), Some(g)) => (f.clone(), g.clone()),
                _ => (s.energy.clone(), s.energy_grad.clone()),
            },
            SurfaceView::Density => {
                let normaliser = DensityNormaliser::of(&s.energy, beta);
                let values = gibbs_density(&s.energy, beta);
                (values, normaliser.neg_grad(&s.energy, &s.energy_grad))
            }
        }
    }
}

/// The shift and normaliser of e^{−β(E − m)}/Z over a grid, to evaluate the density and its
/// gradient at other points (the arrow lattice).
struct DensityNormaliser {
    beta: Beta,
    min: f64,
    z: f64,
}

impl DensityNormaliser {
    fn of(energy: &[f32], beta: Beta) -> Self {
        let min = f64::from(finite_min(energy));
        let z = match beta {
            Beta::Infinite => 1.0,
            Beta::Finite(b) => energy
                .iter()
                .map(|&e| (-f64::from(b) * (f64::from(e) - min)).exp())
                .filter(|w| w.is_finite())
                .sum(),
        };
        DensityNormaliser { beta, min, z }
    }

    /// −∇p = β·p·∇E = −β·p·(−∇E) at points with energies `energy` and `neg_grad_energy`;
    /// zero at β = ∞, where p is an indicator of the argmin set.
    fn neg_grad(&self, energy: &[f32], neg_grad_energy: &[[f32; 2]]) -> Vec<[f32; 2]> {
        let Beta::Finite(b) = self.beta else {
            return vec![[0.0; 2]; energy.len()];
        };
        let b = f64::from(b);
        energy
            .iter()
            .zip(neg_grad_energy)
            .map(|(&e, f)| {
                let p = (-b * (f64::from(e) - self.min)).exp() / self.z;
                let k = if p.is_finite() && self.z > 0.0 {
                    -b * p
                } else {
                    0.0
                };
                [(k * f64::from(f[0])) as f32, (k * f64::from(f[1])) as f32]
            })
            .collect()
    }
}

fn finite_min(values: &[f32]) -> f32 {
    values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(f32::INFINITY, f32::min)
}

/// e^{−βE}/Z over the grid points (Z = the sum over the grid, so the values sum to 1), shifted
/// by min E against overflow. At β = ∞ the mass is shared equally by the argmin set: the
/// points within [`ARGMIN_TOLERANCE`] of the range above the minimum.
pub fn gibbs_density(energy: &[f32], beta: Beta) -> Vec<f32> {
    let min = finite_min(energy);
    let weights: Vec<f64> = match beta {
        Beta::Infinite => {
            let top = ColourScale::Linear.fit(energy).hi;
            let within = ARGMIN_TOLERANCE * (top - min).max(0.0);
            energy
                .iter()
                .map(|&e| f64::from(u8::from(e - min <= within)))
                .collect()
        }
        Beta::Finite(b) => energy
            .iter()
            .map(|&e| (-f64::from(b) * f64::from(e - min)).exp())
            .collect(),
    };
    let z: f64 = weights.iter().filter(|w| w.is_finite()).sum();
    if z > 0.0 && z.is_finite() {
        weights
            .iter()
            .map(|w| if w.is_finite() { (w / z) as f32 } else { 0.0 })
            .collect()
    } else {
        vec![0.0; energy.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On the default log scale a density's mass would be crushed into the top colour (log p
    /// is −βE again); drawn linear, only where the mass is gets bright.
    #[test]
    fn a_density_is_coloured_linearly_by_default() {
        assert_eq!(
            SurfaceView::Density.colour_scale(ColourScale::Log),
            ColourScale::Linear
        );
        for chosen in ColourScale::ALL {
            assert_eq!(SurfaceView::Energy.colour_scale(chosen), chosen);
            assert_eq!(SurfaceView::FreeEnergy.colour_scale(chosen), chosen);
        }
        assert_eq!(
            SurfaceView::Density.colour_scale(ColourScale::Course),
            ColourScale::Course
        );
        // Energies 0 … 10 at β = 1: on the log scale a third of the cells sit above t = 0.5,
        // on the linear one only the nine within ~0.9 of the minimum.
        let energy: Vec<f32> = (0..101).map(|i| i as f32 / 10.0).collect();
        let p = gibbs_density(&energy, Beta::Finite(1.0));
        let bright = |scale: ColourScale| {
            let map = scale.fit(&p);
            p.iter().filter(|v| map.t(**v) > 0.5).count()
        };
        let (log, linear) = (bright(ColourScale::Log), bright(ColourScale::Linear));
        assert!(log >= 30 && linear <= 10, "log {log}, linear {linear}");
    }

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

    /// At β = ∞ the mass covers the whole argmin set (a curve of near-equal minima on a grid),
    /// not the single lowest pixel.
    #[test]
    fn the_zero_temperature_density_covers_the_argmin_set() {
        // A valley along a line, its floor wobbling by 1e-4, the walls rising to 10.
        let energy: Vec<f32> = (0..100)
            .map(|i| {
                let (x, y) = ((i % 10) as f32, (i / 10) as f32);
                if y == 4.0 {
                    1e-4 * (x * 1.7).sin().abs()
                } else {
                    1.0 + (y - 4.0).abs() * 2.0
                }
            })
            .collect();
        let p = gibbs_density(&energy, Beta::Infinite);
        let on_floor = p.iter().filter(|v| **v > 0.0).count();
        assert_eq!(on_floor, 10, "the whole valley floor");
        assert!(p.iter().all(|v| *v == 0.0 || (*v - 0.1).abs() < 1e-6));
    }

    /// −∇p from −∇E: p = e^{−βE}/Z, so −∇p = −β p (−∇E); checked against a difference
    /// quotient of the density of a 1-D bowl.
    #[test]
    fn the_density_gradient_follows_from_the_energys() {
        let xs: Vec<f32> = (0..201).map(|i| -2.0 + 0.02 * i as f32).collect();
        let energy: Vec<f32> = xs.iter().map(|x| (x - 0.3) * (x - 0.3)).collect();
        let neg_grad: Vec<[f32; 2]> = xs.iter().map(|x| [-2.0 * (x - 0.3), 0.0]).collect();
        let beta = Beta::Finite(1.7);
        let p = gibbs_density(&energy, beta);
        let g = DensityNormaliser::of(&energy, beta).neg_grad(&energy, &neg_grad);
        for i in [30, 100, 170] {
            let fd = -(p[i + 1] - p[i - 1]) / 0.04;
            assert!(
                (g[i][0] - fd).abs() < 2e-3 * fd.abs().max(1e-3),
                "{i}: {} vs {fd}",
                g[i][0]
            );
        }
        let inf = DensityNormaliser::of(&energy, Beta::Infinite).neg_grad(&energy, &neg_grad);
        assert!(inf.iter().all(|f| *f == [0.0, 0.0]));
    }
}

//! The landscape room: what is drawn of a model, as numbers. The surfaces on a grid (the own
//! energy E, the free energy F_β of the decoder manifold, the Gibbs density), the arrow lattice,
//! the β family, the manifold and the hot points — their types here, their computation in
//! [`compute`], which surface a plot shows in [`surface`], and the one CSV layout of a grid in
//! [`csv`]. The trainer, figures, exports and the bench all read it; it reads only the models
//! and the maths below it (see `docs/maths.md`).

pub mod compute;
#[cfg(test)]
mod compute_tests;
#[cfg(test)]
mod arrow_tests {
    use super::*;

    #[test]
    fn a_spike_is_cut_to_a_cell_and_the_rest_keep_their_proportions() {
        let arrow = |x: f32, f: [f32; 2]| Arrow {
            origin: [x, 0.0],
            force: f,
        };
        let mut arrows: Vec<Arrow> = (0..20)
            .map(|i| arrow(i as f32, [1.0 + i as f32 * 0.05, 0.0]))
            .collect();
        arrows.push(arrow(30.0, [0.0, -1000.0]));
        let segments = arrow_segments(&arrows, 0.5, ArrowKind::Gradient);
        let length = |s: &([f32; 2], [f32; 2])| (s.1[0] - s.0[0]).hypot(s.1[1] - s.0[1]);
        let spike = &segments[20];
        assert!(
            (length(spike) - 0.45).abs() < 1e-5 && spike.1[1] < 0.0,
            "cut, still pointing down"
        );
        // Below the 90th percentile the lengths keep their ratios.
        assert!((length(&segments[10]) / length(&segments[0]) - 1.5).abs() < 1e-4);
        assert!(length(&segments[18]) <= 0.45 + 1e-6);
        // A displacement keeps its true length until it would overrun the cell.
        let moves = [arrow(0.0, [0.1, 0.0]), arrow(1.0, [2.0, 0.0])];
        let segments = arrow_segments(&moves, 0.5, ArrowKind::Displacement);
        assert!(
            (length(&segments[0]) - 0.1).abs() < 1e-6 && (length(&segments[1]) - 0.45).abs() < 1e-6
        );
        assert!(arrow_segments(&[arrow(0.0, [0.0, 0.0])], 0.5, ArrowKind::Gradient).is_empty());
    }
}
pub mod csv;
pub mod surface;
pub mod tube;
pub mod values;

use crate::energy::{Beta, GridSpec};
use crate::inference::ProbeAnswer;
use crate::models::{Bubble, Condition, LatentGrid};

/// Values sampled on a grid (see [`GridSpec`] for the layout of `values`).
#[derive(Clone, Debug, PartialEq)]
pub struct EnergyGrid {
    pub spec: GridSpec,
    pub beta: Beta,
    pub values: Vec<f32>,
}

/// One arrow of the lattice: the field at `origin`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arrow {
    pub origin: [f32; 2],
    pub force: [f32; 2],
}

/// F_β(0, y₂) for y₂ ∈ [−2, 2] at one β: the course's β-family plot.
#[derive(Clone, Debug, PartialEq)]
pub struct BetaCurve {
    pub beta: Beta,
    /// `[y2, F]` pairs.
    pub points: Vec<[f32; 2]>,
}

/// What an arrow layer's vectors are, which decides how they are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrowKind {
    /// −∇ of a surface: only direction and relative size mean something.
    Gradient,
    /// A displacement in data units (the autoencoders' ỹ − y): drawn at true length.
    Displacement,
}

/// An arrow layer as segments `(origin, tip)` in data space, the way the app and the figures
/// draw it. A gradient's arrows are scaled together so that the 90th percentile of their
/// lengths spans 90 % of a lattice cell, and the few longer ones (a ridge, a spike) are cut to
/// that length: their direction still shows, and they no longer shrink every other arrow to a
/// dot. Only direction and relative size mean something. A displacement (ỹ − y) is drawn at
/// true length, cut at the same length.
pub fn arrow_segments(
    arrows: &[Arrow],
    spacing: f32,
    kind: ArrowKind,
) -> Vec<([f32; 2], [f32; 2])> {
    let mut lengths: Vec<f32> = arrows
        .iter()
        .map(|a| a.force[0].hypot(a.force[1]))
        .filter(|l| l.is_finite() && *l > 0.0)
        .collect();
    if lengths.is_empty() {
        return Vec::new();
    }
    let k = (lengths.len() - 1) * 9 / 10;
    let typical = *lengths.select_nth_unstable_by(k, f32::total_cmp).1;
    let longest = 0.9 * spacing;
    let scale = match kind {
        ArrowKind::Gradient => longest / typical,
        ArrowKind::Displacement => 1.0,
    };
    arrows
        .iter()
        .filter_map(|a| {
            let length = a.force[0].hypot(a.force[1]);
            if !length.is_finite() || length <= 0.0 {
                return None;
            }
            let drawn = (length * scale).min(longest) / length;
            let tip = [
                a.origin[0] + drawn * a.force[0],
                a.origin[1] + drawn * a.force[1],
            ];
            Some((a.origin, tip))
        })
        .collect()
}

/// Everything drawn of one model at one moment, as plain data.
#[derive(Clone, Debug, PartialEq)]
pub struct Landscape {
    /// Where the surfaces are sampled.
    pub grid: GridSpec,
    /// The β of the surfaces, the arrows and the density.
    pub beta: Beta,
    /// The model's own energy on the grid: reconstruction energy, C, F̃, or for a model whose
    /// energy is a free energy over its latent (the LV-EBMs) F_β at `beta`.
    pub energy: Vec<f32>,
    /// F_β of the decoder manifold on the grid; `None` for a model without a manifold.
    pub free_energy: Option<Vec<f32>>,
    /// The manifold ỹ_k = g(z_k) (violet); empty without one.
    pub manifold: Vec<[f32; 2]>,
    /// Its latent weights π_k (a Gaussian prior's); `None`: uniform.
    pub manifold_weights: Option<Vec<f32>>,
    /// Points the last step pushed up (red); empty for models that push none.
    pub hot: Vec<[f32; 2]>,
    /// One arrow per hot point (the GAN's −∇C), or empty.
    pub hot_arrows: Vec<[f32; 2]>,
    /// The last positions of some hot points, oldest first (the EBM's Langevin chains).
    pub trails: Vec<Vec<[f32; 2]>>,
    /// Points generated without being pushed up (the VAE's Dec(z), violet), or empty.
    pub samples: Vec<[f32; 2]>,
    /// −∇E of the own energy at each lattice point.
    pub energy_arrows: Vec<Arrow>,
    /// The own energy at each lattice point (the density's arrows need it).
    pub lattice_energy: Vec<f32>,
    /// −∇F_β of the manifold at each lattice point; empty without a manifold.
    pub free_arrows: Vec<Arrow>,
    /// The model's own field ỹ − y at each lattice point; empty for models without one.
    pub field: Vec<Arrow>,
    /// Spacing of the arrow lattice in data units (arrows are scaled to it).
    pub arrow_spacing: f32,
    /// The course's β family of the manifold's F_β; only for a focused view.
    pub beta_family: Vec<BetaCurve>,
    /// The data's posterior bubbles in latent space (the VAE), or empty.
    pub bubbles: Vec<Bubble>,
    /// The latent grid z_k of the manifold's points; `None` without a manifold.
    pub latent: Option<LatentGrid>,
    /// −∂L/∂ỹ_k on each manifold point, L = mean F_β of the data at `beta`: the pull of the
    /// data through the loss; only for a focused view.
    pub forces: Vec<[f32; 2]>,
    /// The model's answers for the inspector's probe (focused view, probe set).
    pub probe: Option<ProbeAnswer>,
    /// Where the view was taken (a conditional model's slice x).
    pub at: Condition,
    /// A conditional model's manifold at x across [0, 1] (its tube over the horn; for the
    /// regressor, the line of its predictions); empty for the others.
    pub tube: tube::Tube,
}

impl Landscape {
    /// The F_β surface as a grid, if the model has a manifold.
    pub fn free_energy_grid(&self) -> Option<EnergyGrid> {
        self.free_energy.as_ref().map(|values| EnergyGrid {
            spec: self.grid,
            beta: self.beta,
            values: values.clone(),
        })
    }

    /// The own energy as a grid.
    pub fn energy_grid(&self) -> EnergyGrid {
        EnergyGrid {
            spec: self.grid,
            beta: self.beta,
            values: self.energy.clone(),
        }
    }

    /// Whether every number a plot would draw is finite. A landscape that is not never leaves
    /// the trainer: the model rolls back instead (no black heatmap, no NaN in a plot).
    pub fn is_finite(&self) -> bool {
        let values = |v: &[f32]| v.iter().all(|x| x.is_finite());
        let points = |p: &[[f32; 2]]| p.iter().flatten().all(|x| x.is_finite());
        let arrows = |a: &[Arrow]| a.iter().all(|a| points(&[a.origin, a.force]));
        values(&self.energy)
            && self.free_energy.as_deref().is_none_or(values)
            && values(&self.lattice_energy)
            && points(&self.manifold)
            && points(&self.forces)
            && points(&self.hot)
            && points(&self.hot_arrows)
            && self.trails.iter().all(|t| points(t))
            && points(&self.samples)
            && arrows(&self.energy_arrows)
            && arrows(&self.free_arrows)
            && arrows(&self.field)
            && self.beta_family.iter().all(|c| points(&c.points))
            && self
                .bubbles
                .iter()
                .all(|b| values(&b.mu) && values(&b.radius))
    }
}

//! The landscape room: what is drawn of a model, as numbers. The surfaces on a grid (the own
//! energy E, the free energy F_β of the decoder manifold, the Gibbs density), the arrow lattice,
//! the β family, the manifold and the hot points — their types here, their computation in
//! [`compute`], which surface a plot shows in [`surface`], and the one CSV layout of a grid in
//! [`csv`]. The trainer, figures, exports and the bench all read it; it reads only the models
//! and the maths below it (see `docs/maths.md`).

pub mod compute;
#[cfg(test)]
mod compute_tests;
pub mod csv;
pub mod surface;

use crate::energy::{Beta, GridSpec};
use crate::models::Bubble;

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

/// What the arrow lattice shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// −∇F_β of the decoder manifold: where the free energy pushes a point.
    NegGradF,
    /// ỹ − y: where the model sends each point (the autoencoders; the DAE's denoising field).
    Reconstruction,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::NegGradF => "−∇F",
            Field::Reconstruction => "ỹ − y",
        }
    }
}

/// The factor that turns the arrows' vectors into data-space lengths: −∇F is scaled so the
/// longest arrow spans 90 % of a lattice cell (only direction and relative size mean
/// something); ỹ − y is a displacement, drawn at true length unless that overruns the cell.
/// `None` when there is nothing to draw.
pub fn arrow_scale(arrows: &[Arrow], spacing: f32, field: Field) -> Option<f32> {
    let longest = arrows
        .iter()
        .map(|a| a.force[0].hypot(a.force[1]))
        .filter(|l| l.is_finite())
        .fold(0.0f32, f32::max);
    if longest <= 0.0 {
        return None;
    }
    let fit = 0.9 * spacing / longest;
    Some(match field {
        Field::NegGradF => fit,
        Field::Reconstruction => fit.min(1.0),
    })
}

/// Everything drawn of one model at one moment, as plain data.
#[derive(Clone, Debug, PartialEq)]
pub struct Landscape {
    /// Where the surfaces are sampled.
    pub grid: GridSpec,
    /// The β of `free_energy`, the arrows and the density.
    pub beta: Beta,
    /// The model's own energy E(y) on the grid (reconstruction energy, C, F̃; F_∞ for the
    /// LV-EBMs).
    pub native: Vec<f32>,
    /// F_β of the decoder manifold on the grid; `None` for a model without a manifold.
    pub free_energy: Option<Vec<f32>>,
    /// The manifold ỹ_k = g(z_k) (violet); empty without one.
    pub manifold: Vec<[f32; 2]>,
    /// Generated / contrastive points (red); empty for models that make none.
    pub hot: Vec<[f32; 2]>,
    /// One arrow per hot point (the GAN's −∇C), or empty.
    pub hot_arrows: Vec<[f32; 2]>,
    pub field: Field,
    pub arrows: Vec<Arrow>,
    /// Spacing of the arrow lattice in data units (arrows are scaled to it).
    pub arrow_spacing: f32,
    /// The course's β family; only for a focused view of a model with a manifold.
    pub beta_family: Vec<BetaCurve>,
    /// The data's posterior bubbles in latent space (the VAE), or empty.
    pub bubbles: Vec<Bubble>,
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
    pub fn native_grid(&self) -> EnergyGrid {
        EnergyGrid {
            spec: self.grid,
            beta: self.beta,
            values: self.native.clone(),
        }
    }

    /// Whether every number a plot would draw is finite. A landscape that is not never leaves
    /// the trainer: the model rolls back instead (no black heatmap, no NaN in a plot).
    pub fn is_finite(&self) -> bool {
        let values = |v: &[f32]| v.iter().all(|x| x.is_finite());
        let points = |p: &[[f32; 2]]| p.iter().flatten().all(|x| x.is_finite());
        values(&self.native)
            && self.free_energy.as_deref().is_none_or(values)
            && points(&self.manifold)
            && points(&self.hot)
            && points(&self.hot_arrows)
            && self.arrows.iter().all(|a| points(&[a.origin, a.force]))
            && self.beta_family.iter().all(|c| points(&c.points))
            && self
                .bubbles
                .iter()
                .all(|b| values(&b.mu) && values(&b.radius))
    }
}

//! Computing a [`Landscape`]: the surfaces on a grid, the arrow lattice and the β family of a
//! model, on the trainer's device. On the CPU backend the surfaces go through the fused host
//! kernels (`kernels/`), elsewhere through the burn tensors of `energy::free_energy`.

use burn::tensor::Device;

pub use super::values::*;
use super::{Arrow, BetaCurve, Landscape};
use crate::energy::free_energy::{
    ReadbackError, free_energy_weighted, neg_grad, pairwise_energy, points_tensor, read_points,
    read_values, softargmin_weighted,
};
use crate::energy::grid::GridSize;
use crate::energy::{Beta, Extent, GridSpec};
use crate::inference::descent::answer_probe;
use crate::inference::forces::manifold_forces;
use crate::models::spec::{Inputs, OwnField};
use crate::models::{Batch, Condition, EnergyModel, Manifold, ModelError};

/// Grid points evaluated per batch: bounds the `[N, K]` energy matrix (32 768 × 48 floats =
/// 6 MiB) however large an exported grid is.
pub(super) const CHUNK: usize = 32_768;
/// Spacing of the arrow lattice in data units (the course's quiver plots use about this).
pub const ARROW_SPACING: f32 = 0.25;
/// The small multiples' lattice: a quarter of the arrows, still readable at a third the size.
pub const SMALL_ARROW_SPACING: f32 = 0.5;
/// Samples along y₂ ∈ [−2, 2] for the β-family curves.
const FAMILY_SAMPLES: usize = 161;

/// What every landscape of one moment shares.
pub struct Input<'a> {
    /// The training data on the plain device (the code range of amortised models).
    pub data: &'a Batch,
    pub beta: Beta,
    pub grid: GridSpec,
    /// Where a conditional model is drawn.
    pub at: Condition,
    pub device: &'a Device,
    /// The inspector's probe y′: the focused model answers it (its argmin, its encoder's
    /// guess).
    pub probe: Option<[f32; 2]>,
}

/// The grid of a small multiple: same extent as `grid`, every third point.
pub fn small_grid(grid: &GridSpec) -> GridSpec {
    let thin = |n: usize| (n.saturating_sub(1) / 3 + 1).max(2);
    GridSpec {
        extent: grid.extent,
        size: GridSize {
            width: thin(grid.size.width),
            height: thin(grid.size.height),
        },
    }
}

/// Everything drawn of `model`: the full grid, the arrow lattice and the β family when it is
/// `focused`, a grid a third as fine in each direction (a ninth of the cost) otherwise.
pub fn landscape(
    model: &dyn EnergyModel,
    focused: bool,
    cx: &Input<'_>,
) -> Result<Landscape, ModelError> {
    // Arrow spacings are the course's (a 6-unit-wide view); wider views space them in step so
    // a plot never holds more arrows than the course's does.
    let zoom = (cx.grid.extent.width().max(cx.grid.extent.height()) / 6.0).max(1.0);
    let (grid, spacing) = if focused {
        (cx.grid, ARROW_SPACING * zoom)
    } else {
        (small_grid(&cx.grid), SMALL_ARROW_SPACING * zoom)
    };
    let lattice = arrow_lattice(&grid.extent, spacing);
    let manifold = model.manifold(cx.data, cx.at)?;
    // Values over the whole grid; gradients only where arrows are drawn.
    let surfaces = surfaces_at(model, manifold.as_ref(), &grid.points(), cx, false)?;
    let on_lattice = surfaces_at(model, manifold.as_ref(), &lattice, cx, true)?;
    let at_lattice = |forces: Vec<[f32; 2]>| arrows_at(&lattice, forces);
    let field = own_field(model, &lattice, spacing, &grid, cx)?;
    let beta_family = match &manifold {
        Some(m) if focused => beta_family(m, cx.beta, cx.device)?,
        _ => Vec::new(),
    };
    let latent = model.latent(cx.data, cx.at)?;
    let tube = match model.id().spec().inputs {
        Inputs::XY => super::tube::manifold_over_x(model, cx.data)?,
        Inputs::Y => Vec::new(),
    };
    let forces = match &manifold {
        Some(m) if focused => manifold_forces(cx.data, m, cx.beta, cx.device)?,
        _ => Vec::new(),
    };
    let probe = match (&manifold, &latent, cx.probe) {
        (Some(m), Some(latent), Some(y)) if focused => answer_probe(
            model,
            cx.at,
            y,
            &read_points(m.points.clone())?,
            latent,
            cx.device,
        )?,
        _ => None,
    };
    Ok(Landscape {
        grid,
        beta: cx.beta,
        energy: surfaces.energy,
        free_energy: surfaces.free_energy,
        manifold_weights: manifold.as_ref().and_then(|m| m.weights.clone()),
        manifold: match manifold {
            Some(m) => read_points(m.points)?,
            None => Vec::new(),
        },
        hot: model.hot(),
        hot_arrows: model.hot_arrows()?,
        trails: model.trails(),
        samples: model.samples(),
        energy_arrows: at_lattice(on_lattice.energy_grad),
        lattice_energy: on_lattice.energy,
        free_arrows: on_lattice.free_grad.map(at_lattice).unwrap_or_default(),
        field,
        arrow_spacing: spacing,
        beta_family,
        bubbles: model.bubbles(cx.data)?,
        latent,
        forces,
        probe,
        at: cx.at,
        tube,
    })
}

/// The model's own field (the autoencoders' ỹ − y) on the lattice shifted half a cell, so it
/// reads between the gradient's arrows when both are shown; empty for models without one.
fn own_field(
    model: &dyn EnergyModel,
    lattice: &[[f32; 2]],
    spacing: f32,
    grid: &GridSpec,
    cx: &Input<'_>,
) -> Result<Vec<Arrow>, ModelError> {
    let OwnField::Reconstruction { .. } = model.id().spec().draws.field else {
        return Ok(Vec::new());
    };
    let shifted: Vec<[f32; 2]> = lattice
        .iter()
        .map(|p| [p[0] + 0.5 * spacing, p[1] + 0.5 * spacing])
        .filter(|p| grid.extent.y1.1 > p[0] && grid.extent.y2.1 > p[1])
        .collect();
    let ends = model.field(points_tensor(&shifted, cx.device), cx.at)?;
    let forces = ends.map(read_points).transpose()?.unwrap_or_default();
    Ok(arrows_at(&shifted, forces))
}

/// A model's surfaces and their gradients at a set of points.
pub struct Surfaces {
    /// The own energy (F_β for a model whose energy is its manifold's free energy).
    pub energy: Vec<f32>,
    /// −∇ of it, analytically or by autodiff (empty when not asked for).
    pub energy_grad: Vec<[f32; 2]>,
    /// F_β of the manifold and −∇F_β (empty when not asked for); `None` without a manifold.
    pub free_energy: Option<Vec<f32>>,
    pub free_grad: Option<Vec<[f32; 2]>>,
}

/// The surfaces of `model` at `points` at `cx`'s β and condition, and −∇ of each when
/// `gradients` (an autodiff pass through the model: the arrow lattice's few hundred points, or
/// an export's grid — never every frame's full grid).
pub fn surfaces_at(
    model: &dyn EnergyModel,
    manifold: Option<&Manifold>,
    points: &[[f32; 2]],
    cx: &Input<'_>,
    gradients: bool,
) -> Result<Surfaces, ModelError> {
    let free = match manifold {
        Some(m) => {
            let values = free_energies_at(points, m, &[cx.beta], cx.device)?.pop();
            let grad = if gradients {
                neg_free_grad(points, m, cx.beta, cx.device)?
            } else {
                Vec::new()
            };
            Some((values.unwrap_or_default(), grad))
        }
        None => None,
    };
    let marginalised = model.id().spec().latent.is_marginalised();
    let (energy, energy_grad) = match &free {
        // The own energy is the free energy over the latent: the same surface.
        Some((values, grad)) if marginalised => (values.clone(), grad.clone()),
        _ => {
            let values = energies_at(points, model, cx.at, cx.device)?;
            let grad = if gradients {
                neg_energy_grads(points, model, cx.at, cx.device)?
            } else {
                Vec::new()
            };
            (values, grad)
        }
    };
    let (free_energy, free_grad) = free.unzip();
    Ok(Surfaces {
        energy,
        energy_grad,
        free_energy,
        free_grad,
    })
}

/// −∇ of the own energy at `points` by the model's autodiff (chunked like the grids); zero for
/// a model that has none (it then has a manifold, whose F_β the caller uses).
fn neg_energy_grads(
    points: &[[f32; 2]],
    model: &dyn EnergyModel,
    at: Condition,
    device: &Device,
) -> Result<Vec<[f32; 2]>, ModelError> {
    let mut out = Vec::with_capacity(points.len());
    for chunk in points.chunks(CHUNK) {
        match model.neg_energy_grad(points_tensor(chunk, device), at)? {
            Some(grad) => out.extend(read_points(grad)?),
            None => out.extend(std::iter::repeat_n([0.0; 2], chunk.len())),
        }
    }
    Ok(out)
}

/// Arrows from `origins` with `forces`, pairwise.
fn arrows_at(origins: &[[f32; 2]], forces: Vec<[f32; 2]>) -> Vec<Arrow> {
    origins
        .iter()
        .zip(forces)
        .map(|(&origin, force)| Arrow { origin, force })
        .collect()
}

/// Lattice points for the arrows: every `spacing` inside `extent`, half a cell in.
pub fn arrow_lattice(extent: &Extent, spacing: f32) -> Vec<[f32; 2]> {
    let count = |len: f32| ((len / spacing).floor() as usize).clamp(2, 64);
    let (nx, ny) = (count(extent.width()), count(extent.height()));
    let (dx, dy) = (extent.width() / nx as f32, extent.height() / ny as f32);
    (0..ny)
        .flat_map(|j| {
            (0..nx).map(move |i| {
                [
                    extent.y1.0 + (i as f32 + 0.5) * dx,
                    extent.y2.0 + (j as f32 + 0.5) * dy,
                ]
            })
        })
        .collect()
}

/// −∇F_β of the manifold at each point, analytically: 2·(Σ_k w_k g_k − y) with the posterior
/// weights w_k (see `docs/maths.md` §1).
pub fn neg_free_grad(
    points: &[[f32; 2]],
    manifold: &Manifold,
    beta: Beta,
    device: &Device,
) -> Result<Vec<[f32; 2]>, ReadbackError> {
    let mut out = Vec::with_capacity(points.len());
    for chunk in points.chunks(CHUNK) {
        let y = points_tensor(chunk, device); // [A, 2]
        let energy = pairwise_energy(y.clone(), manifold.points.clone()); // [A, K]
        let weights = softargmin_weighted(energy, manifold.weights_tensor(device), beta); // [A, K]
        out.extend(read_points(neg_grad(y, manifold.points.clone(), weights))?); // [A, 2]
    }
    Ok(out)
}

/// F_β(0, y₂) for y₂ ∈ [−2, 2] at each of the course's β marks, plus `current` when it is
/// not one of them (so the slider's β always has its curve).
pub fn beta_family(
    manifold: &Manifold,
    current: Beta,
    device: &Device,
) -> Result<Vec<BetaCurve>, ReadbackError> {
    let y2: Vec<f32> = (0..FAMILY_SAMPLES)
        .map(|i| -2.0 + 4.0 * i as f32 / (FAMILY_SAMPLES - 1) as f32)
        .collect();
    let axis: Vec<[f32; 2]> = y2.iter().map(|&v| [0.0, v]).collect();
    let energy = pairwise_energy(points_tensor(&axis, device), manifold.points.clone()); // [S, K]
    let weights = manifold.weights_tensor(device);
    let mut betas = Beta::COURSE_MARKS.to_vec();
    if !betas.contains(&current) {
        betas.push(current);
    }
    betas
        .into_iter()
        .map(|beta| {
            let f = read_values(free_energy_weighted(energy.clone(), weights.clone(), beta))?; // [S]
            Ok(BetaCurve {
                beta,
                points: y2.iter().zip(f).map(|(&y, f)| [y, f]).collect(),
            })
        })
        .collect()
}

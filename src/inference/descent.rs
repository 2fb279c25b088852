//! Inference by descent (the slides' p.12–15): from a guess z̃, roll down E(y′, z) =
//! ‖y′ − g(z)‖² with z ← z − η ∂E/∂z, the gradient by autodiff through the decoder. Also the
//! answers the trainer keeps for the inspector's probe: the decoder's own argmin ž (the grid's
//! best point, refined by descent) and, for an amortised model, the encoder's guess Enc(y′).

use burn::tensor::{Device, Tensor, TensorData};

use crate::energy::free_energy::{read_points, read_values};
use crate::models::{Condition, EnergyModel, LatentGrid, ModelError};

/// Descent steps at most: enough for any step size the inspector offers to settle.
pub const MAX_STEPS: usize = 400;
/// The step size the inspector starts with: stable for the course's ellipse (∂²E/∂z² ≤ 2‖w‖²
/// ≈ 12.5 at the trained (2, 1.5), so η < 0.16) and for the zoo's decoders at the course's
/// scale.
pub const DEFAULT_STEP: f32 = 0.05;
/// A descent has settled when a step moves z less than this.
const SETTLED: f32 = 1e-5;

/// A point of latent space, what the decoder makes of it, and its energy against the probe.
#[derive(Clone, Debug, PartialEq)]
pub struct LatentPoint {
    pub z: Vec<f32>,
    /// ỹ = g(z).
    pub decoded: [f32; 2],
    /// E(y′, z) = ‖y′ − g(z)‖².
    pub energy: f32,
}

/// The path of one descent, its start first.
#[derive(Clone, Debug, PartialEq)]
pub struct DescentPath {
    pub points: Vec<LatentPoint>,
    /// Whether it settled before [`MAX_STEPS`].
    pub settled: bool,
}

impl DescentPath {
    pub fn end(&self) -> Option<&LatentPoint> {
        self.points.last()
    }
}

/// What the trainer works out for the inspector's probe with the model in hand.
#[derive(Clone, Debug, PartialEq)]
pub struct ProbeAnswer {
    pub probe: [f32; 2],
    /// The decoder's argmin ž over its latent: the grid's best point refined by descent.
    pub argmin: LatentPoint,
    /// The encoder's guess Enc(y′) (the VAE's μ) and its energy: an amortised model's shortcut.
    pub encoder: Option<LatentPoint>,
}

impl ProbeAnswer {
    /// The amortisation gap E(y′, Enc(y′)) − E(y′, ž): what the encoder's shortcut costs.
    pub fn gap(&self) -> Option<f32> {
        self.encoder.as_ref().map(|e| e.energy - self.argmin.energy)
    }
}

/// Descents of E(`y`, ·) from each of `starts` (each `d` long) with step `step`, all at once
/// (the rows do not interact); `None` for a model without a decoder.
pub fn descend(
    model: &dyn EnergyModel,
    at: Condition,
    y: [f32; 2],
    starts: &[Vec<f32>],
    latent: &LatentGrid,
    step: f32,
    device: &Device,
) -> Result<Option<Vec<DescentPath>>, ModelError> {
    let d = latent.dim();
    let mut z: Vec<f32> = starts.iter().flat_map(|s| s.iter().copied()).collect();
    let mut paths: Vec<DescentPath> = starts
        .iter()
        .map(|_| DescentPath {
            points: Vec::new(),
            settled: false,
        })
        .collect();
    for _ in 0..=MAX_STEPS {
        let Some((points, grad)) = energy_and_grad(model, at, y, &z, d, device)? else {
            return Ok(None);
        };
        let mut moving = false;
        for (i, (path, point)) in paths.iter_mut().zip(points).enumerate() {
            if path.settled {
                continue;
            }
            path.points.push(point);
            let row = &mut z[i * d..(i + 1) * d];
            let mut moved = 0.0f32;
            for (zj, gj) in row.iter_mut().zip(&grad[i * d..(i + 1) * d]) {
                *zj -= step * gj;
                moved = moved.max((step * gj).abs());
            }
            if latent.periodic {
                row[0] = row[0].rem_euclid(std::f32::consts::TAU);
            }
            path.settled = moved < SETTLED || !moved.is_finite();
            moving |= !path.settled;
        }
        if !moving {
            break;
        }
    }
    Ok(Some(paths))
}

/// The decoder's argmin of E(`y`, ·): the grid's best latent point `start`, refined by descent.
pub fn refined_argmin(
    model: &dyn EnergyModel,
    at: Condition,
    y: [f32; 2],
    start: Vec<f32>,
    latent: &LatentGrid,
    device: &Device,
) -> Result<Option<LatentPoint>, ModelError> {
    let paths = descend(model, at, y, &[start], latent, DEFAULT_STEP, device)?;
    // Descent from the grid's best point never ends higher than it started, at a stable step;
    // keep the lower of the two should the step overshoot on some decoder.
    Ok(paths.and_then(|p| {
        let path = p.into_iter().next()?;
        let first = path.points.first()?.clone();
        let best = path
            .points
            .into_iter()
            .min_by(|a, b| a.energy.total_cmp(&b.energy))?;
        Some(if best.energy <= first.energy {
            best
        } else {
            first
        })
    }))
}

/// What `model` answers for the probe `y`: the grid's best latent refined by descent, and the
/// encoder's guess if it has an encoder.
pub fn answer_probe(
    model: &dyn EnergyModel,
    at: Condition,
    y: [f32; 2],
    manifold: &[[f32; 2]],
    latent: &LatentGrid,
    device: &Device,
) -> Result<Option<ProbeAnswer>, ModelError> {
    let nearest = manifold
        .iter()
        .map(|g| (y[0] - g[0]).powi(2) + (y[1] - g[1]).powi(2))
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k);
    let Some(k) = nearest else {
        return Ok(None);
    };
    let Some(argmin) = refined_argmin(model, at, y, latent.point(k), latent, device)? else {
        return Ok(None);
    };
    Ok(Some(ProbeAnswer {
        probe: y,
        argmin,
        encoder: encoder_answer(model, at, y, device)?,
    }))
}

/// The encoder's guess at `y`'s latent, decoded, with its energy; `None` for a model without
/// an encoder.
pub fn encoder_answer(
    model: &dyn EnergyModel,
    at: Condition,
    y: [f32; 2],
    device: &Device,
) -> Result<Option<LatentPoint>, ModelError> {
    let y_tensor = Tensor::<2>::from_data(TensorData::new(y.to_vec(), [1, 2]), device);
    let Some(code) = model.encode(y_tensor, at)? else {
        return Ok(None);
    };
    let z = read_values(code)?;
    let d = z.len();
    Ok(energy_and_grad(model, at, y, &z, d, device)?.and_then(|(mut p, _)| p.pop()))
}

/// The points of a batch of latents and ∂E/∂z, `[S·d]` row-major.
type Evaluated = (Vec<LatentPoint>, Vec<f32>);

/// E(`y`, z) for the rows of `z` (`[S, d]` row-major), with ỹ and ∂E/∂z (`[S·d]`).
fn energy_and_grad(
    model: &dyn EnergyModel,
    at: Condition,
    y: [f32; 2],
    z: &[f32],
    d: usize,
    device: &Device,
) -> Result<Option<Evaluated>, ModelError> {
    let rows = z.len() / d.max(1);
    let leaf = Tensor::<2>::from_data(
        TensorData::new(z.to_vec(), [rows, d]),
        &device.clone().autodiff(),
    )
    .require_grad(); // [S, d]
    let Some(decoded) = model.decode(leaf.clone(), at)? else {
        return Ok(None);
    };
    let target = Tensor::<2>::from_data(TensorData::new(y.to_vec(), [1, 2]), device); // [1, 2]
    let energy = (decoded.clone() - target).square().sum_dim(1); // [S, 1]
    let grads = energy.clone().sum().backward();
    let grad = leaf
        .grad(&grads)
        .ok_or_else(|| ModelError::State("the decoder does not depend on z".to_owned()))?;
    let decoded = read_points(decoded.inner())?;
    let energies = read_values(energy.inner())?;
    let points = decoded
        .into_iter()
        .zip(energies)
        .enumerate()
        .map(|(i, (decoded, energy))| LatentPoint {
            z: z[i * d..(i + 1) * d].to_vec(),
            decoded,
            energy,
        })
        .collect();
    Ok(Some((points, read_values(grad)?)))
}

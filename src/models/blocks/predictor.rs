//! The predictor: a small network of the input x, f: ℝ → ℝ² — the block that makes a model
//! conditional. The MSE regressor is this block alone; the horn's LV-EBM scales its latent
//! circle by it.

use burn::tensor::{Device, Tensor};

use super::mlp::{Mlp, MlpConfig};
use crate::models::learner::ModelRng;
use crate::models::{Batch, Condition};

/// `x → ℝ²` as an MLP `1 → [width] × depth → 2`.
pub fn predictor(width: usize, depth: usize, rng: &mut ModelRng, device: &Device) -> Mlp {
    MlpConfig {
        input: 1,
        output: 2,
        width,
        depth,
        skip: true,
    }
    .init(rng, device)
}

/// f(x) for each row's x: `[N] → [N, 2]`.
pub fn predict(net: &Mlp, x: Tensor<1>) -> Tensor<2> {
    net.forward(x.unsqueeze_dim::<2>(1)) // [N, 1] → [N, 2]
}

/// The rows' inputs x on `device` (`[N]`); rows without one are taken at x = 0, where the
/// horn is the course's ellipse.
pub fn inputs_of(data: &Batch, device: &Device) -> Tensor<1> {
    data.x
        .clone()
        .unwrap_or_else(|| Tensor::zeros([data.len()], device))
}

/// The view's x as a one-row input `[1]` on `device` (x = 0 when none is given).
pub fn input_at(at: Condition, device: &Device) -> Tensor<1> {
    Tensor::from_floats([at.x.unwrap_or(0.0)], device)
}

//! Corruption for the denoising AE: ŷ = y + σ ε with ε ~ N(0, I) from the model's own RNG.

use crate::models::learner::ModelRng;
use burn::tensor::Tensor;

use super::sampler::gaussian;

/// `[N, 2] → [N, 2]`
pub fn gaussian_corruption(y: Tensor<2>, sigma: f32, rng: &mut ModelRng) -> Tensor<2> {
    let [n, d] = y.dims();
    let noise = gaussian(rng, n, d, &y.device()); // [N, 2]
    y + noise.mul_scalar(sigma)
}

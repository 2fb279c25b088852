//! Costs (energy heads): how far a point is from what the model makes of it.

use burn::tensor::Tensor;
use burn::tensor::activation::relu;

/// ‖y − ỹ‖² per row: `[N, 2], [N, 2] → [N]`.
pub fn squared_distance(y: Tensor<2>, y_tilde: Tensor<2>) -> Tensor<1> {
    (y - y_tilde).square().sum_dim(1).squeeze_dim::<1>(1)
}

/// The contrastive push-up of the course's GAN reading: [m − C(ŷ)]⁺ per row, `[N] → [N]`.
pub fn hinge_up(energy: Tensor<1>, margin: f32) -> Tensor<1> {
    relu(energy.neg().add_scalar(margin))
}

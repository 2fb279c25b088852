//! Regularisers R(h) that keep a code from carrying too much information — the reason an
//! autoencoder's energy is not flat zero everywhere.

use burn::tensor::Tensor;

/// The VAE's KL term ½ Σ_d (v − log v − 1 + μ²) per row, from μ and log v:
/// `[N, d], [N, d] → [N]`.
pub fn gaussian_kl(mu: Tensor<2>, log_v: Tensor<2>) -> Tensor<1> {
    let kl = log_v.clone().exp() - log_v + mu.square(); // [N, d]
    kl.add_scalar(-1.0)
        .sum_dim(1)
        .squeeze_dim::<1>(1)
        .mul_scalar(0.5)
}

/// The contractive penalty ‖J‖²_F per row, from a Jacobian `[N, in, out]` (the CAE's:
/// ∂ỹ/∂y) → `[N]`.
pub fn contractive(jacobian: Tensor<3>) -> Tensor<1> {
    let [n, i, c] = jacobian.dims();
    jacobian
        .reshape([n, i * c])
        .square()
        .sum_dim(1)
        .squeeze_dim::<1>(1)
}

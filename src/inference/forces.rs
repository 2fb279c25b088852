//! The forces of training: how the data pull each manifold point through the loss. For
//! L = mean_n F_β(y_n) of the manifold ỹ_k = g(z_k),
//!
//!   −∂L/∂ỹ_k = (2/N) Σ_n w_nk (y_n − ỹ_k),
//!
//! w_nk the softmin weight of z_k for y_n. At β = ∞ only the nearest manifold point of each
//! datum is pulled (the slides' "single Jedi"); warm, the pull spreads over a wider region of
//! the manifold. The decoder's parameters then move as these pulls, back-propagated, ask.

use burn::tensor::Device;

use crate::energy::Beta;
use crate::energy::free_energy::{
    ReadbackError, pairwise_energy, read_points, softargmin_weighted,
};
use crate::models::{Batch, Manifold};

/// −∂L/∂ỹ_k for each manifold point (`[K]` arrows), L = mean F_β of `data` (inference
/// device) at `beta`; empty for no data.
pub fn manifold_forces(
    data: &Batch,
    manifold: &Manifold,
    beta: Beta,
    device: &Device,
) -> Result<Vec<[f32; 2]>, ReadbackError> {
    let n = data.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    let g = manifold.points.clone(); // [K, 2]
    let energy = pairwise_energy(data.y.clone(), g.clone()); // [N, K]
    let w = softargmin_weighted(energy, manifold.weights_tensor(device), beta); // [N, K]
    let to_data = w.clone().transpose().matmul(data.y.clone()); // [K, N]·[N, 2] → [K, 2]
    let mass = w.sum_dim(0).transpose(); // [K, 1]
    let pull = (to_data - g * mass).mul_scalar(2.0 / n as f32); // [K, 2]
    read_points(pull)
}

#[cfg(test)]
mod tests {
    use burn::tensor::{Tensor, TensorData};

    use super::*;
    use crate::energy::free_energy::{free_energy_weighted, points_tensor};

    /// The closed form equals −∂L/∂ỹ by autodiff, with a grid's uniform weights and with a
    /// prior's, cold and warm; cold, only each datum's nearest point is pulled.
    #[test]
    fn the_forces_are_minus_the_gradient_of_the_loss() {
        let device = Device::flex();
        let data: Vec<[f32; 2]> = (0..9)
            .map(|i| {
                let t = 0.7 * i as f32;
                [2.0 * t.cos() + 0.05 * i as f32, 1.5 * t.sin()]
            })
            .collect();
        let manifold: Vec<[f32; 2]> = (0..12)
            .map(|k| {
                let z = std::f32::consts::TAU * k as f32 / 12.0;
                [1.7 * z.cos(), 0.9 * z.sin()]
            })
            .collect();
        let prior: Vec<f32> = (0..12).map(|k| (1 + k % 3) as f32 / 24.0).collect();
        let batch = Batch::of(points_tensor(&data, &device));
        for weights in [None, Some(prior)] {
            for beta in [Beta::Infinite, Beta::Finite(3.2), Beta::Finite(0.3)] {
                let m = Manifold {
                    points: points_tensor(&manifold, &device),
                    weights: weights.clone(),
                };
                let forces = manifold_forces(&batch, &m, beta, &device).unwrap();
                let ad = device.clone().autodiff();
                let flat: Vec<f32> = manifold.iter().flatten().copied().collect();
                let leaf =
                    Tensor::<2>::from_data(TensorData::new(flat, [12, 2]), &ad).require_grad();
                let w = weights
                    .as_ref()
                    .map(|w| Tensor::<1>::from_floats(w.as_slice(), &ad));
                let y = points_tensor(&data, &ad);
                let loss = free_energy_weighted(pairwise_energy(y, leaf.clone()), w, beta).mean();
                let grads = loss.backward();
                let grad = read_points(leaf.grad(&grads).unwrap()).unwrap();
                for (f, g) in forces.iter().zip(&grad) {
                    for j in 0..2 {
                        assert!((f[j] + g[j]).abs() < 1e-5, "{beta:?}: {f:?} vs −{g:?}");
                    }
                }
                let pulled = forces.iter().filter(|f| f[0] != 0.0 || f[1] != 0.0).count();
                if beta == Beta::Infinite {
                    assert!(pulled <= data.len(), "only nearest points: {pulled}");
                } else if beta == Beta::Finite(0.3) {
                    assert_eq!(pulled, 12, "warm, every point is pulled");
                }
            }
        }
    }
}

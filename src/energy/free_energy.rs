//! F_β, F_∞, softargmin weights and −∇F on burn tensors, on whatever device the caller uses.
//!
//! All functions take an energy matrix `E[n, k] = E(y_n, z_k)` (one row per point, one column
//! per latent value) or the points and manifold it came from. They are differentiable, so
//! training uses the very same code as the heatmaps.

use burn::tensor::{Device, Tensor, TensorData};

use super::Beta;

/// Reading a tensor back to the host failed (a backend error, never expected on the CPU).
#[derive(Debug, thiserror::Error)]
#[error("could not read a tensor back from the device: {0}")]
pub struct ReadbackError(pub String);

/// `E[n, k] = ‖y_n − g_k‖²` for all pairs.
///
/// Expanded as ‖y‖² − 2 y·g + ‖g‖² so that the cross term is one `[N, 2] × [2, K]` matmul rather
/// than an `[N, K, 2]` difference tensor; clamped at zero against cancellation.
pub fn pairwise_energy(y: Tensor<2>, g: Tensor<2>) -> Tensor<2> {
    let y_sq = y.clone().square().sum_dim(1); // [N, 1]
    let g_sq = g.clone().square().sum_dim(1).transpose(); // [1, K]
    let cross = y.matmul(g.transpose()); // [N, K]
    (y_sq + g_sq - cross.mul_scalar(2.0)).clamp_min(0.0) // [N, K]
}

/// F_β for each row: `[N, K] → [N, 1]`.
///
/// F_β = −(1/β)·[logsumexp_k(−β E_k) − log K], computed as
/// `m − (1/β)·log mean_k exp(−β (E_k − m))` with m = min_k E_k: every exponent is ≤ 0 and the
/// largest is 0, so nothing overflows at β = 100 and the mean never underflows to 0 at β = 0.01.
/// The shift is detached: its gradient cancels analytically, leaving dF/dE_k = w_k.
pub fn free_energy(energy: Tensor<2>, beta: Beta) -> Tensor<2> {
    free_energy_weighted(energy, None, beta)
}

/// F_β = −(1/β)·log Σ_k π_k exp(−β E_k) for each row, with the latent points weighted by
/// `weights` (`[K]`, summing to 1; `None`: the uniform 1/K of a latent grid): `[N, K] → [N, 1]`.
/// Every weight must be positive (a Gaussian prior on a grid is); F_∞ is the plain minimum.
pub fn free_energy_weighted(
    energy: Tensor<2>,
    weights: Option<Tensor<1>>,
    beta: Beta,
) -> Tensor<2> {
    let e_min = energy.clone().min_dim(1); // [N, 1]
    match beta {
        Beta::Infinite => e_min,
        Beta::Finite(b) => {
            let e_min = e_min.detach();
            let terms = (energy - e_min.clone()).mul_scalar(-b).exp(); // [N, K]
            let sum = match weights {
                None => terms.mean_dim(1),                          // [N, 1]
                Some(w) => (terms * w.unsqueeze::<2>()).sum_dim(1), // [N, K] · [1, K] → [N, 1]
            };
            e_min - sum.log().div_scalar(b) // [N, 1]
        }
    }
}

/// Softargmin weights `w[n, k] = softmax_k(−β E[n, k])`; at β = ∞ the one-hot of the argmin
/// (exact ties share the weight). Rows sum to one.
pub fn softargmin(energy: Tensor<2>, beta: Beta) -> Tensor<2> {
    softargmin_weighted(energy, None, beta)
}

/// `w[n, k] ∝ π_k exp(−β E[n, k])`: the posterior over the latent points (see
/// [`free_energy_weighted`]); the plain softargmin for `None`.
pub fn softargmin_weighted(energy: Tensor<2>, weights: Option<Tensor<1>>, beta: Beta) -> Tensor<2> {
    let [n, k] = energy.dims();
    let e_min = energy.clone().min_dim(1).expand([n, k]); // [N, K]
    let raw = match beta {
        Beta::Infinite => energy.equal(e_min).float(),
        Beta::Finite(b) => {
            let raw = (energy - e_min).mul_scalar(-b).exp();
            match weights {
                None => raw,
                Some(w) => raw * w.unsqueeze::<2>(), // [N, K] · [1, K]
            }
        }
    }; // [N, K]
    let total = raw.clone().sum_dim(1); // [N, 1]
    raw / total
}

/// −∇_y F_β = −Σ_k w_k · 2 (y − g_k) = 2 (Σ_k w_k g_k − y), since the weights sum to one.
/// `y: [N, 2]`, `g: [K, 2]`, `weights: [N, K]` → `[N, 2]`.
pub fn neg_grad(y: Tensor<2>, g: Tensor<2>, weights: Tensor<2>) -> Tensor<2> {
    (weights.matmul(g) - y).mul_scalar(2.0)
}

/// Points `[[y1, y2], …]` as an `[N, 2]` tensor.
pub fn points_tensor(points: &[[f32; 2]], device: &Device) -> Tensor<2> {
    let flat: Vec<f32> = points.iter().flatten().copied().collect();
    Tensor::from_data(TensorData::new(flat, [points.len(), 2]), device)
}

/// An `[N, 2]` tensor back as points.
pub fn read_points(t: Tensor<2>) -> Result<Vec<[f32; 2]>, ReadbackError> {
    let flat = read_values(t)?;
    Ok(flat.chunks_exact(2).map(|c| [c[0], c[1]]).collect())
}

/// Any tensor back as a flat `Vec<f32>` (row-major).
pub fn read_values<const D: usize>(t: Tensor<D>) -> Result<Vec<f32>, ReadbackError> {
    t.into_data()
        .try_into_vec::<f32>()
        .map_err(|e| ReadbackError(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::energy::reference;
    use crate::models::ellipse::EllipseModel;

    fn ellipse_manifold(w: [f32; 2]) -> Vec<[f32; 2]> {
        let device = Device::flex();
        EllipseModel::with_weights(w, &device)
            .manifold_points()
            .unwrap()
    }

    fn f_beta_on_axis(w: [f32; 2], y2: f32, beta: Beta) -> f32 {
        let device = Device::flex();
        let g = points_tensor(&ellipse_manifold(w), &device);
        let y = points_tensor(&[[0.0, y2]], &device);
        read_values(free_energy(pairwise_energy(y, g), beta)).unwrap()[0]
    }

    /// The table of `docs/maths.md` §5: F_β(0, y₂) for the course's β marks.
    #[test]
    fn free_energy_matches_the_course_reference_table() {
        let betas = Beta::COURSE_MARKS;
        let table: [([f32; 2], f32, [f32; 6]); 4] = [
            ([2.0, 1.5], 0.0, [3.106, 3.068, 2.942, 2.680, 2.449, 2.250]),
            ([2.0, 1.5], 1.0, [3.872, 3.348, 2.035, 1.006, 0.550, 0.250]),
            ([1.5, 0.35], 0.0, [1.158, 1.102, 0.921, 0.587, 0.331, 0.122]),
            ([1.5, 0.35], 2.0, [5.106, 4.934, 4.319, 3.454, 3.015, 2.722]),
        ];
        for (w, y2, expected) in table {
            for (beta, want) in betas.iter().zip(expected) {
                let got = f_beta_on_axis(w, y2, *beta);
                assert!(
                    (got - want).abs() <= 1e-3,
                    "F_{beta}(0, {y2}) with w = {w:?}: got {got}, table says {want}"
                );
            }
        }
    }

    #[test]
    fn weighted_free_energy_and_posterior_agree_with_the_f64_reference() {
        let device = Device::flex();
        let m = ellipse_manifold([2.0, 1.5]);
        let m64: Vec<[f64; 2]> = m.iter().map(|g| [g[0].into(), g[1].into()]).collect();
        // A prior that favours the right half of the ellipse.
        let prior: Vec<f32> = (0..48).map(|k| 1.0 + (k as f32 * 0.13).cos()).collect();
        let total: f32 = prior.iter().sum();
        let prior: Vec<f32> = prior.iter().map(|p| p / total).collect();
        let prior64: Vec<f64> = prior.iter().map(|p| f64::from(*p)).collect();
        // Off the axes: (0, 0) is equally far from two manifold points, a tie f32 and f64
        // break differently at β = ∞.
        let y = [[0.3f32, 0.7], [-2.5, 1.9], [0.1, -0.05]];
        let e = pairwise_energy(points_tensor(&y, &device), points_tensor(&m, &device));
        let w = || Some(Tensor::<1>::from_floats(prior.as_slice(), &device));
        for beta in [
            Beta::Finite(0.1),
            Beta::Finite(1.0),
            Beta::Finite(30.0),
            Beta::Infinite,
        ] {
            let f = read_values(free_energy_weighted(e.clone(), w(), beta)).unwrap();
            let post = read_values(softargmin_weighted(e.clone(), w(), beta)).unwrap();
            for (n, p) in y.iter().enumerate() {
                let e64 = reference::energies([p[0].into(), p[1].into()], &m64);
                let want = reference::free_energy_weighted(&e64, Some(&prior64), beta);
                assert!((f64::from(f[n]) - want).abs() < 1e-3 * want.abs().max(1.0));
                let want = reference::softargmin_weighted(&e64, Some(&prior64), beta);
                for (k, wk) in want.iter().enumerate() {
                    assert!(
                        (f64::from(post[n * 48 + k]) - wk).abs() < 1e-4,
                        "{beta} {n} {k}"
                    );
                }
            }
        }
    }

    #[test]
    fn hot_and_cold_limits_are_mean_and_min() {
        let device = Device::flex();
        let m = ellipse_manifold([2.0, 1.5]);
        let y = [[0.3, 0.7], [-2.5, 1.9], [0.0, 0.0]];
        let e = pairwise_energy(points_tensor(&y, &device), points_tensor(&m, &device));
        let e_host = read_values(e.clone()).unwrap();
        let cold = read_values(free_energy(e.clone(), Beta::Finite(1e4))).unwrap();
        let inf = read_values(free_energy(e.clone(), Beta::Infinite)).unwrap();
        // β→0: F_β = mean − β/2·Var + O(β²) (the cumulant expansion); β = 1e-3 keeps the
        // f32 logsumexp well inside its precision.
        let hot_beta = 1e-3;
        let hot = read_values(free_energy(e, Beta::Finite(hot_beta))).unwrap();
        for (n, row) in e_host.chunks(48).enumerate() {
            let min = row.iter().copied().fold(f32::INFINITY, f32::min);
            let mean = row.iter().sum::<f32>() / 48.0;
            let var = row.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / 48.0;
            let expected_hot = mean - hot_beta / 2.0 * var;
            assert!((inf[n] - min).abs() < 1e-6);
            assert!((cold[n] - min).abs() < 1e-3, "β→∞: {} vs {min}", cold[n]);
            assert!(
                (hot[n] - expected_hot).abs() < 1e-3,
                "β→0: {} vs {expected_hot}",
                hot[n]
            );
        }
    }

    #[test]
    fn extreme_betas_stay_finite_and_agree_with_the_reference() {
        let device = Device::flex();
        let m = ellipse_manifold([2.0, 1.5]);
        // Far from the manifold, energies reach ~60: exp(−100·60) underflows without the shift.
        let y = [[5.0, 5.0], [0.0, 0.0], [2.0, 0.0]];
        let e = pairwise_energy(points_tensor(&y, &device), points_tensor(&m, &device));
        for beta in [
            Beta::Finite(100.0),
            Beta::Finite(0.01),
            Beta::Finite(1000.0),
        ] {
            let f = read_values(free_energy(e.clone(), beta)).unwrap();
            let w = read_values(softargmin(e.clone(), beta)).unwrap();
            assert!(f.iter().chain(&w).all(|v| v.is_finite()), "β = {beta}");
            for (n, p) in y.iter().enumerate() {
                let m64: Vec<[f64; 2]> = m
                    .iter()
                    .map(|g| [f64::from(g[0]), f64::from(g[1])])
                    .collect();
                let want = reference::free_energy(
                    &reference::energies([p[0].into(), p[1].into()], &m64),
                    beta,
                );
                assert!(((f[n] as f64) - want).abs() < 1e-3 * want.abs().max(1.0));
            }
        }
    }

    #[test]
    fn neg_grad_matches_finite_differences_and_the_reference() {
        let device = Device::flex();
        let m = ellipse_manifold([2.0, 1.5]);
        let m64: Vec<[f64; 2]> = m.iter().map(|g| [g[0].into(), g[1].into()]).collect();
        let g = points_tensor(&m, &device);
        let probes = [[0.4f32, -0.9], [1.0, 1.0], [-2.6, 0.1]];
        for beta in [Beta::Finite(0.3), Beta::Finite(3.2), Beta::Infinite] {
            let y = points_tensor(&probes, &device);
            let w = softargmin(pairwise_energy(y.clone(), g.clone()), beta);
            let got = read_points(neg_grad(y, g.clone(), w)).unwrap();
            for (p, v) in probes.iter().zip(&got) {
                let p64 = [f64::from(p[0]), f64::from(p[1])];
                let want = reference::neg_grad(p64, &m64, beta);
                assert!(
                    (f64::from(v[0]) - want[0]).abs() < 1e-3,
                    "{beta}: {v:?} vs {want:?}"
                );
                assert!(
                    (f64::from(v[1]) - want[1]).abs() < 1e-3,
                    "{beta}: {v:?} vs {want:?}"
                );
                if let Beta::Finite(_) = beta {
                    // Central differences of F in f64 around the point.
                    let h = 1e-5;
                    let f =
                        |q: [f64; 2]| reference::free_energy(&reference::energies(q, &m64), beta);
                    let d1 = (f([p64[0] + h, p64[1]]) - f([p64[0] - h, p64[1]])) / (2.0 * h);
                    let d2 = (f([p64[0], p64[1] + h]) - f([p64[0], p64[1] - h])) / (2.0 * h);
                    assert!(
                        (f64::from(v[0]) + d1).abs() < 2e-3 && (f64::from(v[1]) + d2).abs() < 2e-3
                    );
                }
            }
        }
    }

    #[test]
    fn softargmin_rows_sum_to_one_and_harden_at_zero_temperature() {
        let device = Device::flex();
        let e = Tensor::<2>::from_floats([[3.0, 1.0, 2.0], [0.5, 0.5, 4.0]], &device);
        let hard = read_values(softargmin(e.clone(), Beta::Infinite)).unwrap();
        assert_eq!(hard, vec![0.0, 1.0, 0.0, 0.5, 0.5, 0.0]);
        let soft = read_values(softargmin(e, Beta::Finite(1.0))).unwrap();
        let z = (-2.0f32).exp() + 1.0 + (-1.0f32).exp();
        assert!((soft[1] - 1.0 / z).abs() < 1e-6);
        assert!((soft[3..].iter().sum::<f32>() - 1.0).abs() < 1e-6);
    }
}

//! The free energy of one point, in plain `f64`: the oracle for the tensor code and the
//! per-sample view under the cursor (48 exponentials: cheaper than a round trip to the
//! trainer, so the UI never waits for it).

use super::Beta;

/// E(y, z_k) = ‖y − g(z_k)‖² for each manifold point g(z_k).
pub fn energies(y: [f64; 2], manifold: &[[f64; 2]]) -> Vec<f64> {
    manifold
        .iter()
        .map(|g| (y[0] - g[0]).powi(2) + (y[1] - g[1]).powi(2))
        .collect()
}

/// F_β(y) = −(1/β)·[logsumexp_k(−β E_k) − log N_z]; F_∞ = min_k E_k.
pub fn free_energy(energies: &[f64], beta: Beta) -> f64 {
    free_energy_weighted(energies, None, beta)
}

/// F_β(y) = −(1/β)·log Σ_k π_k e^{−β E_k}, with π_k = 1/N_z when `weights` is `None`;
/// F_∞ = min_k E_k over the points with π_k > 0.
///
/// Shifted by the minimum so that the largest exponential is exactly 1: no overflow for
/// large β, no log(0) for tiny β.
pub fn free_energy_weighted(energies: &[f64], weights: Option<&[f64]>, beta: Beta) -> f64 {
    let prior = |k: usize| weights.map_or(1.0 / energies.len() as f64, |w| w[k]);
    let e_min = energies
        .iter()
        .enumerate()
        .filter(|(k, _)| prior(*k) > 0.0)
        .map(|(_, e)| *e)
        .fold(f64::INFINITY, f64::min);
    match beta {
        Beta::Infinite => e_min,
        Beta::Finite(b) => {
            let b = f64::from(b);
            let sum: f64 = energies
                .iter()
                .enumerate()
                .map(|(k, e)| prior(k) * (-b * (e - e_min)).exp())
                .sum();
            e_min - sum.ln() / b
        }
    }
}

/// Softargmin weights w_k = softmax_k(−β E_k); at β = ∞ a one-hot on the argmin (ties share).
pub fn softargmin(energies: &[f64], beta: Beta) -> Vec<f64> {
    softargmin_weighted(energies, None, beta)
}

/// w_k ∝ π_k e^{−β E_k} (the posterior over the latent points), normalised to sum to 1.
pub fn softargmin_weighted(energies: &[f64], weights: Option<&[f64]>, beta: Beta) -> Vec<f64> {
    let prior = |k: usize| weights.map_or(1.0, |w| w[k]);
    let e_min = energies
        .iter()
        .enumerate()
        .filter(|(k, _)| prior(*k) > 0.0)
        .map(|(_, e)| *e)
        .fold(f64::INFINITY, f64::min);
    let raw: Vec<f64> = energies
        .iter()
        .enumerate()
        .map(|(k, &e)| match beta {
            Beta::Infinite if e == e_min && prior(k) > 0.0 => 1.0,
            Beta::Infinite => 0.0,
            Beta::Finite(b) => prior(k) * (-f64::from(b) * (e - e_min)).exp(),
        })
        .collect();
    let total: f64 = raw.iter().sum();
    raw.into_iter().map(|w| w / total).collect()
}

/// −∇_y F_β = −Σ_k w_k · 2 (y − g(z_k)): the force pulling y onto the manifold.
pub fn neg_grad(y: [f64; 2], manifold: &[[f64; 2]], beta: Beta) -> [f64; 2] {
    let w = softargmin(&energies(y, manifold), beta);
    let mut out = [0.0; 2];
    for (wk, g) in w.iter().zip(manifold) {
        out[0] -= wk * 2.0 * (y[0] - g[0]);
        out[1] -= wk * 2.0 * (y[1] - g[1]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::ellipse::latent_grid;

    fn ellipse(w: [f64; 2]) -> Vec<[f64; 2]> {
        latent_grid(48)
            .iter()
            .map(|&z| [w[0] * f64::from(z).cos(), w[1] * f64::from(z).sin()])
            .collect()
    }

    #[test]
    fn limits_are_min_and_mean() {
        let m = ellipse([2.0, 1.5]);
        let e = energies([0.3, 0.7], &m);
        let min = e.iter().copied().fold(f64::INFINITY, f64::min);
        let mean = e.iter().sum::<f64>() / e.len() as f64;
        assert!((free_energy(&e, Beta::Finite(1e4)) - min).abs() < 1e-3);
        assert!((free_energy(&e, Beta::Finite(1e-6)) - mean).abs() < 1e-4);
        assert_eq!(free_energy(&e, Beta::Infinite), min);
    }

    #[test]
    fn weighted_free_energy_is_the_uniform_one_for_equal_weights_and_follows_the_prior() {
        let m = ellipse([2.0, 1.5]);
        let e = energies([0.3, 0.7], &m);
        let equal = vec![1.0 / 48.0; 48];
        for beta in [Beta::Finite(0.1), Beta::Finite(3.2), Beta::Infinite] {
            let a = free_energy(&e, beta);
            let b = free_energy_weighted(&e, Some(&equal), beta);
            assert!((a - b).abs() < 1e-12, "{beta}: {a} vs {b}");
        }
        // All the weight on one point: F_β is that point's energy at every β.
        let mut one = vec![0.0; 48];
        one[5] = 1.0;
        for beta in [Beta::Finite(0.1), Beta::Finite(10.0), Beta::Infinite] {
            assert!((free_energy_weighted(&e, Some(&one), beta) - e[5]).abs() < 1e-12);
            let w = softargmin_weighted(&e, Some(&one), beta);
            assert!((w[5] - 1.0).abs() < 1e-12);
        }
        // β → 0: the prior mean of the energies.
        let prior: Vec<f64> = (0..48).map(|k| (k + 1) as f64).collect();
        let total: f64 = prior.iter().sum();
        let prior: Vec<f64> = prior.iter().map(|p| p / total).collect();
        let mean: f64 = e.iter().zip(&prior).map(|(e, p)| e * p).sum();
        let hot = free_energy_weighted(&e, Some(&prior), Beta::Finite(1e-7));
        assert!((hot - mean).abs() < 1e-4, "{hot} vs {mean}");
    }

    #[test]
    fn neg_grad_matches_finite_differences() {
        let m = ellipse([2.0, 1.5]);
        for beta in [Beta::Finite(0.3), Beta::Finite(3.2)] {
            let y = [0.4, -0.9];
            let h = 1e-6;
            let f = |p: [f64; 2]| free_energy(&energies(p, &m), beta);
            let d1 = (f([y[0] + h, y[1]]) - f([y[0] - h, y[1]])) / (2.0 * h);
            let d2 = (f([y[0], y[1] + h]) - f([y[0], y[1] - h])) / (2.0 * h);
            let g = neg_grad(y, &m, beta);
            assert!((g[0] + d1).abs() < 1e-5 && (g[1] + d2).abs() < 1e-5);
        }
    }
}

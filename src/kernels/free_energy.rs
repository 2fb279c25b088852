//! F_β of many points against one manifold in a single pass: energies, their minimum and the
//! shifted sum of exponentials stay in a per-point scratch row that fits in L1, instead of the
//! eight `[N, K]` tensors (and eight trips through memory) the tensor formulation makes.
//! Same formula as `energy::free_energy`: F_β = m − (1/β)·log mean_k exp(−β (E_k − m)).

use rayon::prelude::*;

use super::fast_math;
use crate::energy::Beta;

/// Points per parallel task: large enough to amortise the hand-off, small enough that two
/// cores share a 128² grid evenly.
const ROWS_PER_TASK: usize = 1024;

/// The manifold in the layout the kernel reads: coordinates and squared norms as separate
/// arrays, so the energy row is three vectorised multiply-adds.
pub struct Manifold {
    g1: Vec<f32>,
    g2: Vec<f32>,
    norm_sq: Vec<f32>,
    /// π_k (summing to 1); `None`: the uniform 1/K of a latent grid.
    weights: Option<Vec<f32>>,
}

impl Manifold {
    pub fn new(points: &[[f32; 2]]) -> Self {
        Manifold {
            g1: points.iter().map(|g| g[0]).collect(),
            g2: points.iter().map(|g| g[1]).collect(),
            norm_sq: points.iter().map(|g| g[0] * g[0] + g[1] * g[1]).collect(),
            weights: None,
        }
    }

    /// The manifold with its latent points weighted by `weights` (one per point, summing to
    /// 1): F_β = −(1/β)·log Σ_k π_k e^{−β E_k}. A weight list of the wrong length is ignored
    /// (uniform), never read out of bounds.
    pub fn with_weights(points: &[[f32; 2]], weights: Option<Vec<f32>>) -> Self {
        Manifold {
            weights: weights.filter(|w| w.len() == points.len()),
            ..Manifold::new(points)
        }
    }

    pub fn len(&self) -> usize {
        self.g1.len()
    }

    pub fn is_empty(&self) -> bool {
        self.g1.is_empty()
    }

    /// `row[k] = ‖y − g_k‖²`, expanded as ‖y‖² − 2 y·g_k + ‖g_k‖² (the norms are precomputed
    /// once per manifold) and clamped at 0 against cancellation.
    #[inline(always)]
    fn energies(&self, y: [f32; 2], row: &mut [f32]) {
        let y_sq = y[0] * y[0] + y[1] * y[1];
        let parts = row
            .iter_mut()
            .zip(&self.g1)
            .zip(&self.g2)
            .zip(&self.norm_sq);
        for (((e, g1), g2), g_sq) in parts {
            *e = (y_sq + g_sq - 2.0 * (y[0] * g1 + y[1] * g2)).max(0.0);
        }
    }
}

/// F_β from one row of energies; `row` is overwritten with the shifted exponentials.
#[inline(always)]
fn free_energy_of_row(row: &mut [f32], weights: Option<&[f32]>, beta: Beta) -> f32 {
    let m = fast_math::min(row);
    match beta {
        Beta::Infinite => m,
        Beta::Finite(b) => {
            for e in row.iter_mut() {
                *e = fast_math::exp(-b * (*e - m));
            }
            // The largest term is exactly 1, so the mean is never 0 and its log is finite
            // (weighted: positive as long as the weights are).
            let sum = match weights {
                None => fast_math::sum(row) / row.len() as f32,
                Some(w) => row.iter().zip(w).map(|(e, w)| e * w).sum(),
            };
            m - sum.ln() / b
        }
    }
}

/// F at each β of `betas` for every point: one `Vec` per β, in the order of `points`.
/// An empty manifold has no energy anywhere: every value is +∞ (the tensor path's min over
/// nothing).
pub fn free_energies(points: &[[f32; 2]], manifold: &Manifold, betas: &[Beta]) -> Vec<Vec<f32>> {
    betas
        .iter()
        .map(|&beta| {
            let mut out = vec![f32::INFINITY; points.len()];
            if manifold.is_empty() {
                return out;
            }
            out.par_chunks_mut(ROWS_PER_TASK)
                .zip(points.par_chunks(ROWS_PER_TASK))
                .for_each(|(out, points)| chunk(out, points, manifold, beta));
            out
        })
        .collect()
}

/// F_β of one chunk of points, on the widest vectors this CPU has.
fn chunk(out: &mut [f32], points: &[[f32; 2]], manifold: &Manifold, beta: Beta) {
    #[cfg(target_arch = "x86_64")]
    if fast_math::has_avx2() {
        // SAFETY: `has_avx2` checked that this CPU runs AVX2 and FMA instructions.
        return unsafe { chunk_avx2(out, points, manifold, beta) };
    }
    chunk_portable(out, points, manifold, beta);
}

/// The same code compiled for AVX2: twice the lanes of the baseline x86-64 build.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn chunk_avx2(out: &mut [f32], points: &[[f32; 2]], manifold: &Manifold, beta: Beta) {
    chunk_portable(out, points, manifold, beta);
}

#[inline(always)]
fn chunk_portable(out: &mut [f32], points: &[[f32; 2]], manifold: &Manifold, beta: Beta) {
    let mut row = vec![0.0f32; manifold.len()];
    for (f, y) in out.iter_mut().zip(points) {
        manifold.energies(*y, &mut row);
        *f = free_energy_of_row(&mut row, manifold.weights.as_deref(), beta);
    }
}

#[cfg(test)]
mod tests {
    use burn::tensor::Device;

    use super::*;
    use crate::energy::GridSpec;
    use crate::energy::free_energy::{free_energy, pairwise_energy, points_tensor, read_values};
    use crate::models::ellipse::EllipseModel;

    fn ellipse() -> Vec<[f32; 2]> {
        EllipseModel::with_weights([2.0, 1.5], &Device::flex())
            .manifold_points()
            .unwrap()
    }

    /// The course's reference table, through the fused kernel.
    #[test]
    fn matches_the_course_reference_table() {
        let manifold = Manifold::new(&ellipse());
        let points = [[0.0, 0.0], [0.0, 1.0]];
        let f = free_energies(&points, &manifold, &Beta::COURSE_MARKS);
        let table = [
            [3.106, 3.068, 2.942, 2.680, 2.449, 2.250],
            [3.872, 3.348, 2.035, 1.006, 0.550, 0.250],
        ];
        for (b, column) in f.iter().enumerate() {
            for (p, want) in table.iter().enumerate() {
                let got = column[p];
                assert!(
                    (got - want[b]).abs() <= 1e-3,
                    "point {p}, β #{b}: {got} vs {}",
                    want[b]
                );
            }
        }
    }

    /// Every point of a grid, extreme β included, agrees with the tensor formulation.
    #[test]
    fn agrees_with_the_tensor_path_on_a_whole_grid() {
        let device = Device::flex();
        let g = ellipse();
        let points = GridSpec::DEFAULT.points(); // 241 × 161, more than one task per core
        let betas = [
            Beta::Finite(0.01),
            Beta::Finite(1.0),
            Beta::Finite(100.0),
            Beta::Infinite,
        ];
        let fused = free_energies(&points, &Manifold::new(&g), &betas);
        let energy = pairwise_energy(points_tensor(&points, &device), points_tensor(&g, &device));
        for (beta, fused) in betas.iter().zip(&fused) {
            let tensor = read_values(free_energy(energy.clone(), *beta)).unwrap();
            assert_eq!(fused.len(), tensor.len());
            let worst = fused
                .iter()
                .zip(&tensor)
                .map(|(a, b)| (a - b).abs() / b.abs().max(1.0))
                .fold(0.0f32, f32::max);
            assert!(
                worst < 2e-5,
                "β = {beta}: worst relative difference {worst}"
            );
        }
    }

    /// Prior-weighted F_β agrees with the f64 reference.
    #[test]
    fn weighted_rows_agree_with_the_reference() {
        let g = ellipse();
        let prior: Vec<f32> = (0..48)
            .map(|k| 1.0 + 0.9 * (k as f32 * 0.3).sin())
            .collect();
        let total: f32 = prior.iter().sum();
        let prior: Vec<f32> = prior.iter().map(|p| p / total).collect();
        let manifold = Manifold::with_weights(&g, Some(prior.clone()));
        let g64: Vec<[f64; 2]> = g.iter().map(|p| [p[0].into(), p[1].into()]).collect();
        let prior64: Vec<f64> = prior.iter().map(|p| f64::from(*p)).collect();
        let points = [[0.0, 0.0], [1.0, -0.5], [-2.8, 1.9]];
        let betas = [Beta::Finite(0.1), Beta::Finite(3.2), Beta::Infinite];
        let f = free_energies(&points, &manifold, &betas);
        for (b, beta) in betas.iter().enumerate() {
            for (p, y) in points.iter().enumerate() {
                let e = crate::energy::reference::energies([y[0].into(), y[1].into()], &g64);
                let want =
                    crate::energy::reference::free_energy_weighted(&e, Some(&prior64), *beta);
                assert!((f64::from(f[b][p]) - want).abs() < 1e-4 * want.abs().max(1.0));
            }
        }
    }

    #[test]
    fn an_empty_manifold_gives_infinite_energy() {
        let f = free_energies(&[[0.0, 0.0]], &Manifold::new(&[]), &[Beta::Finite(1.0)]);
        assert_eq!(f, vec![vec![f32::INFINITY]]);
    }
}

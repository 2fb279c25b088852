//! Inference of the blocks' tanh MLP on the host: the weights are copied out of burn once per
//! view, then every grid point goes through `gemm` (the same matrix kernel burn's CPU backend
//! calls) with a vectorised tanh, a block of rows per core.

use super::fast_math;

/// Rows pushed through the network together: the block's activations (512 × 64 floats,
/// 128 KiB) stay in L2 between layers.
pub const BLOCK_ROWS: usize = 512;

/// One affine layer `x W + b`, weights row-major `[input, output]`.
#[derive(Clone, Debug)]
pub struct HostDense {
    pub input: usize,
    pub output: usize,
    pub weight: Vec<f32>,
    pub bias: Vec<f32>,
}

impl HostDense {
    /// `[rows, input] → [rows, output]`, written to `out` (resized as needed).
    fn forward(&self, x: &[f32], rows: usize, out: &mut Vec<f32>) {
        out.clear();
        for _ in 0..rows {
            out.extend_from_slice(&self.bias);
        }
        matmul_add(out, x, &self.weight, rows, self.input, self.output);
    }
}

/// `dst[m, n] += lhs[m, k] · rhs[k, n]`, all row-major.
fn matmul_add(dst: &mut [f32], lhs: &[f32], rhs: &[f32], m: usize, k: usize, n: usize) {
    assert!(
        dst.len() == m * n && lhs.len() == m * k && rhs.len() == k * n,
        "matmul shapes: dst {} lhs {} rhs {} for {m}×{k}·{k}×{n}",
        dst.len(),
        lhs.len(),
        rhs.len()
    );
    // SAFETY: the three slices hold exactly m×n, m×k and k×n floats (checked above) and are
    // addressed row-major with these strides; `dst` is borrowed mutably, so nothing aliases it.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            dst.as_mut_ptr(),
            1,
            n as isize,
            true,
            lhs.as_ptr(),
            1,
            k as isize,
            rhs.as_ptr(),
            1,
            n as isize,
            1.0,
            1.0,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
}

/// The host copy of `models::blocks::mlp::Mlp`: tanh between layers, linear output, optional
/// linear skip from input to output.
#[derive(Clone, Debug)]
pub struct HostMlp {
    pub layers: Vec<HostDense>,
    pub skip: Option<HostDense>,
}

impl HostMlp {
    pub fn input(&self) -> usize {
        self.layers.first().map_or(0, |l| l.input)
    }

    pub fn output(&self) -> usize {
        self.layers.last().map_or(0, |l| l.output)
    }

    /// `[rows, input] → [rows, output]` on the calling thread; `rows` should be at most a
    /// few [`BLOCK_ROWS`] (callers split larger inputs across cores).
    pub fn forward_block(&self, x: &[f32], rows: usize) -> Vec<f32> {
        let (mut h, mut next) = (x.to_vec(), Vec::new());
        let last = self.layers.len().saturating_sub(1);
        for (i, layer) in self.layers.iter().enumerate() {
            layer.forward(&h, rows, &mut next);
            if i != last {
                fast_math::tanh_in_place(&mut next);
            }
            std::mem::swap(&mut h, &mut next);
        }
        if let Some(skip) = &self.skip {
            skip.forward(x, rows, &mut next);
            for (a, b) in h.iter_mut().zip(&next) {
                *a += b;
            }
        }
        h
    }
}

#[cfg(test)]
mod tests {
    use burn::tensor::Device;
    use rand::SeedableRng;

    use crate::energy::free_energy::{points_tensor, read_values};
    use crate::models::blocks::mlp::MlpConfig;
    use crate::models::learner::ModelRng;

    /// The host copy computes what burn computes, with and without the skip path.
    #[test]
    fn agrees_with_burn() {
        let device = Device::flex();
        for skip in [true, false] {
            let mut rng = ModelRng::seed_from_u64(9);
            let config = MlpConfig::new(2, 3).with_width(64).with_skip(skip);
            let mlp = config.init(&mut rng, &device);
            let host = mlp.to_host().unwrap();
            assert_eq!((host.input(), host.output()), (2, 3));
            let points: Vec<[f32; 2]> = (0..700)
                .map(|i| [(i as f32 * 0.37).sin() * 3.0, (i as f32 * 0.11).cos() * 2.0])
                .collect();
            let flat: Vec<f32> = points.iter().flatten().copied().collect();
            let got = host.forward_block(&flat, points.len());
            let want = read_values(mlp.forward(points_tensor(&points, &device))).unwrap();
            assert_eq!(got.len(), want.len());
            for (a, b) in got.iter().zip(&want) {
                assert!((a - b).abs() < 1e-5, "skip {skip}: {a} vs {b}");
            }
        }
    }
}

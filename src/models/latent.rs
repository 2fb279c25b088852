//! The latent grid behind a decoder manifold: which z each manifold point ỹ_k = g(z_k) comes
//! from, so inference can be drawn over z (the E(y′, z) curve, ž, a descent on z).

use burn::tensor::{Device, Tensor, TensorData};

/// The points z_k of a latent grid: the product of its axes, row-major (the last axis
/// fastest), in the order of the manifold's points.
#[derive(Clone, Debug, PartialEq)]
pub struct LatentGrid {
    /// The values along each latent axis, in the latent's own coordinates (the angle of a
    /// circle, a code, a prior's z).
    pub axes: Vec<Vec<f32>>,
    /// A 1-D angle in [0, 2π): the ends meet, and a descent wraps around.
    pub periodic: bool,
}

impl LatentGrid {
    /// The course's periodic grid z_k = 2πk/n.
    pub fn circle(n: usize) -> Self {
        let angles = (0..n)
            .map(|k| std::f32::consts::TAU * k as f32 / n as f32)
            .collect();
        LatentGrid {
            axes: vec![angles],
            periodic: true,
        }
    }

    /// `per_axis` evenly spaced values on each `[lo_d, hi_d]`, ends included.
    pub fn boxed(lo: &[f32], hi: &[f32], per_axis: usize) -> Self {
        let axes = lo
            .iter()
            .zip(hi)
            .map(|(l, h)| {
                (0..per_axis)
                    .map(|i| {
                        // The sampler's box grid's arithmetic, so the points agree to the bit.
                        let t = match per_axis {
                            1 => 0.5,
                            _ => i as f32 / (per_axis - 1) as f32,
                        };
                        l + t * (h - l)
                    })
                    .collect()
            })
            .collect();
        LatentGrid {
            axes,
            periodic: false,
        }
    }

    /// The latent's dimension d.
    pub fn dim(&self) -> usize {
        self.axes.len()
    }

    /// The number of grid points K.
    pub fn len(&self) -> usize {
        self.axes.iter().map(Vec::len).product()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// z_k.
    pub fn point(&self, k: usize) -> Vec<f32> {
        let mut rest = k;
        let mut z = vec![0.0; self.dim()];
        for (d, axis) in self.axes.iter().enumerate().rev() {
            z[d] = axis[rest % axis.len()];
            rest /= axis.len();
        }
        z
    }

    /// Every z_k, `[K, d]` on `device`.
    pub fn tensor(&self, device: &Device) -> Tensor<2> {
        let flat: Vec<f32> = (0..self.len()).flat_map(|k| self.point(k)).collect();
        Tensor::from_data(TensorData::new(flat, [self.len(), self.dim()]), device)
    }

    /// The grid's extent along each axis, `(lo, hi)`.
    pub fn bounds(&self) -> Vec<(f32, f32)> {
        self.axes
            .iter()
            .map(|a| {
                let lo = a.iter().copied().fold(f32::INFINITY, f32::min);
                let hi = a.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                (lo, hi)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_run_row_major_like_the_samplers_box_grid() {
        let grid = LatentGrid::boxed(&[-1.0, 0.0], &[1.0, 2.0], 3);
        assert_eq!(grid.len(), 9);
        assert_eq!(grid.point(0), vec![-1.0, 0.0]);
        assert_eq!(grid.point(1), vec![-1.0, 1.0]);
        assert_eq!(grid.point(8), vec![1.0, 2.0]);
        let device = Device::flex();
        let tensor = crate::energy::free_energy::read_values(grid.tensor(&device)).unwrap();
        let sampler = crate::energy::free_energy::read_values(
            super::super::blocks::sampler::box_grid(&[-1.0, 0.0], &[1.0, 2.0], 3, &device),
        )
        .unwrap();
        assert_eq!(tensor, sampler);
        let circle = LatentGrid::circle(48);
        assert!(circle.periodic && circle.len() == 48);
        assert!((circle.point(24)[0] - std::f32::consts::PI).abs() < 1e-6);
    }
}

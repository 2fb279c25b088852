//! Latent samplers: where the decoder / generator is evaluated. Either a fixed grid (the
//! course's z_k = 2πk/N, or a box over a code range) or draws from N(0, I) on the model's own
//! seeded RNG — never burn's global RNG, which models training side by side would share.

use crate::models::learner::ModelRng;
use burn::tensor::{Device, Tensor, TensorData};

use crate::data::standard_normal_pair;
use crate::models::LatentGrid;

/// One N(0, 1) draw.
pub fn standard_normal(rng: &mut ModelRng) -> f32 {
    standard_normal_pair(rng)[0]
}

/// `[n, dim]` of independent N(0, 1) draws.
pub fn gaussian(rng: &mut ModelRng, n: usize, dim: usize, device: &Device) -> Tensor<2> {
    let flat: Vec<f32> = (0..n * dim).map(|_| standard_normal(rng)).collect();
    Tensor::from_data(TensorData::new(flat, [n, dim]), device)
}

/// The periodic 1-D grid z_k = 2πk/n embedded as (cos z_k, sin z_k): `[n, 2]`. A decoder fed
/// this embedding traces a closed curve, like the course's ellipse.
pub fn circle_grid(n: usize, device: &Device) -> Tensor<2> {
    let flat: Vec<f32> = (0..n)
        .flat_map(|k| {
            let z = std::f32::consts::TAU * k as f32 / n as f32;
            [z.cos(), z.sin()]
        })
        .collect();
    Tensor::from_data(TensorData::new(flat, [n, 2]), device)
}

/// The embedding (cos z, sin z) of angles `z` (`[N, 1]` → `[N, 2]`): what a circle-grid decoder
/// is fed, so g is periodic in z.
pub fn circle_embedding(z: Tensor<2>) -> Tensor<2> {
    Tensor::cat(vec![z.clone().cos(), z.sin()], 1)
}

/// [`prior_grid`]'s points as a latent grid (its axes).
pub fn prior_latent(dim: usize) -> LatentGrid {
    LatentGrid::boxed(
        &vec![-PRIOR_SPAN; dim],
        &vec![PRIOR_SPAN; dim],
        super::autoencoder::code_grid_points(dim),
    )
}

/// A regular grid over the box `[lo, hi]^dim` with `per_axis` points per axis:
/// `[per_axis^dim, dim]` (dim 1 or 2; row-major, last coordinate fastest).
pub fn box_grid(lo: &[f32], hi: &[f32], per_axis: usize, device: &Device) -> Tensor<2> {
    let dim = lo.len();
    let flat = box_grid_values(lo, hi, per_axis);
    let count = flat.len() / dim.max(1);
    Tensor::from_data(TensorData::new(flat, [count, dim]), device)
}

/// [`box_grid`]'s coordinates on the host, row-major.
fn box_grid_values(lo: &[f32], hi: &[f32], per_axis: usize) -> Vec<f32> {
    let dim = lo.len();
    let axis = |d: usize, i: usize| {
        let t = if per_axis > 1 {
            i as f32 / (per_axis - 1) as f32
        } else {
            0.5
        };
        lo[d] + t * (hi[d] - lo[d])
    };
    let count = per_axis.pow(dim as u32);
    (0..count)
        .flat_map(|idx| {
            let mut rest = idx;
            let mut coords = vec![0.0; dim];
            for d in (0..dim).rev() {
                coords[d] = axis(d, rest % per_axis);
                rest /= per_axis;
            }
            coords
        })
        .collect()
}

/// How far the prior grid reaches along each latent axis, in prior standard deviations.
pub const PRIOR_SPAN: f32 = 2.5;

/// The fixed grid where a decoder of N(0, I) latents (the VAE's decoder, the GAN's generator)
/// is drawn as a manifold: ±[`PRIOR_SPAN`] per axis, `[K, dim]`.
pub fn prior_grid(dim: usize, device: &Device) -> Tensor<2> {
    box_grid(
        &vec![-PRIOR_SPAN; dim],
        &vec![PRIOR_SPAN; dim],
        super::autoencoder::code_grid_points(dim),
        device,
    )
}

/// The prior's weight π_k of each point of [`prior_grid`]: the N(0, I) density there,
/// normalised over the grid to sum to 1. A Gaussian latent's free energy weighs its manifold
/// points with these (uniform weights would pretend z = ±2.5σ is as likely as z = 0).
pub fn prior_grid_weights(dim: usize) -> Vec<f32> {
    let per_axis = super::autoencoder::code_grid_points(dim);
    let coords = box_grid_values(&vec![-PRIOR_SPAN; dim], &vec![PRIOR_SPAN; dim], per_axis);
    let density: Vec<f64> = coords
        .chunks(dim.max(1))
        .map(|z| (-0.5 * z.iter().map(|v| f64::from(*v).powi(2)).sum::<f64>()).exp())
        .collect();
    let total: f64 = density.iter().sum();
    density.iter().map(|d| (d / total) as f32).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::energy::free_energy::read_values;
    use rand::SeedableRng;

    #[test]
    fn grids_cover_their_range_and_gaussians_are_seeded() {
        let device = Device::flex();
        let g = read_values(box_grid(&[-1.0, 0.0], &[1.0, 2.0], 3, &device)).unwrap();
        assert_eq!(g.len(), 18);
        assert_eq!(&g[..6], &[-1.0, 0.0, -1.0, 1.0, -1.0, 2.0]);
        assert_eq!(&g[12..], &[1.0, 0.0, 1.0, 1.0, 1.0, 2.0]);
        let w = prior_grid_weights(1);
        assert_eq!(w.len(), 48);
        assert!((w.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        // Symmetric about z = 0 and highest in the middle: N(0, 1) at ±2.5 is e^{-3.125} of it.
        assert!((w[0] - w[47]).abs() < 1e-9 && w[23] > w[10] && w[10] > w[0]);
        assert!((w[0] / w[23] - (-3.125f32 + 0.5 * (2.5f32 / 47.0).powi(2)).exp()).abs() < 1e-3);
        assert_eq!(prior_grid_weights(2).len(), 144);
        let c = read_values(circle_grid(48, &device)).unwrap();
        assert!(
            (c[48] - (-1.0)).abs() < 1e-6 && c[49].abs() < 1e-6,
            "z_24 = π"
        );
        let draw = |s| read_values(gaussian(&mut ModelRng::seed_from_u64(s), 4000, 1, &device));
        let a = draw(3).unwrap();
        assert_eq!(a, draw(3).unwrap());
        let mean = a.iter().sum::<f32>() / 4000.0;
        let var = a.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / 4000.0;
        assert!(
            mean.abs() < 0.05 && (var - 1.0).abs() < 0.07,
            "{mean} {var}"
        );
    }
}

//! Landscape jobs: F_β on square grids with 48 and 256 latent points (the analytic ellipse
//! decoder and a 1→64→64→2 neural one), and the native energy of a 2→64→64→1 MLP, each through
//! burn's tensor ops and through the fused host kernels the CPU views use.

use burn::tensor::{Device, Tensor, TensorData};
use rand::SeedableRng;

use super::reference::mlp;
use crate::energy::free_energy::{points_tensor, read_points, read_values};
use crate::energy::grid::GridSize;
use crate::energy::{Beta, GridSpec};
use crate::kernels::{self, Manifold};
use crate::landscape::compute::tensor_free_energies;
use crate::models::ModelError;
use crate::models::blocks::mlp::Mlp;
use crate::models::learner::ModelRng;

/// The β of the landscape jobs: finite, so the exponentials are computed.
pub const BETA: Beta = Beta::Finite(1.0);

pub fn square_grid(side: usize) -> GridSpec {
    GridSpec {
        size: GridSize {
            width: side,
            height: side,
        },
        ..GridSpec::DEFAULT
    }
}

/// A decoder for the F_β jobs.
pub enum Decoder {
    /// (2 cos z, 1.5 sin z): the course's ellipse.
    Ellipse,
    /// A 1→64→64→2 tanh MLP of the angle.
    Neural(Mlp),
}

impl Decoder {
    pub fn neural(device: &Device) -> Self {
        Decoder::Neural(mlp(1, 2, &mut ModelRng::seed_from_u64(5), device))
    }

    pub fn name(&self) -> &'static str {
        match self {
            Decoder::Ellipse => "ellipse",
            Decoder::Neural(_) => "neural decoder",
        }
    }

    /// g(z_k) for `latents` angles: `[K, 2]` on `device`.
    pub fn manifold(&self, latents: usize, device: &Device) -> Tensor<2> {
        match self {
            Decoder::Ellipse => {
                let points: Vec<[f32; 2]> = (0..latents)
                    .map(|k| {
                        let z = std::f32::consts::TAU * k as f32 / latents as f32;
                        [2.0 * z.cos(), 1.5 * z.sin()]
                    })
                    .collect();
                points_tensor(&points, device)
            }
            Decoder::Neural(net) => {
                let angles: Vec<f32> = (0..latents)
                    .map(|k| std::f32::consts::TAU * k as f32 / latents as f32)
                    .collect();
                let angles = Tensor::from_data(TensorData::new(angles, [latents, 1]), device);
                net.forward(angles) // [K, 1] → [K, 2]
            }
        }
    }
}

/// F_β on `spec` through burn's tensor ops (the decoder runs each time: a view must).
pub fn tensor_surface(
    decoder: &Decoder,
    latents: usize,
    spec: &GridSpec,
    device: &Device,
) -> Result<Vec<f32>, ModelError> {
    let manifold = crate::models::Manifold::uniform(decoder.manifold(latents, device));
    Ok(tensor_free_energies(spec, &manifold, &[BETA], device)?.concat())
}

/// F_β on `spec` through the fused host kernel (the decoder still runs on burn).
pub fn fused_surface(
    decoder: &Decoder,
    latents: usize,
    spec: &GridSpec,
    device: &Device,
) -> Result<Vec<f32>, ModelError> {
    let manifold = Manifold::new(&read_points(decoder.manifold(latents, device))?);
    Ok(kernels::free_energies(&spec.points(), &manifold, &[BETA]).concat())
}

/// The 2→64→64→1 MLP of the grid jobs.
pub fn grid_mlp(device: &Device) -> Mlp {
    mlp(2, 1, &mut ModelRng::seed_from_u64(6), device)
}

/// The MLP on every point of `spec` through burn (points uploaded, values read back).
pub fn tensor_mlp(net: &Mlp, spec: &GridSpec, device: &Device) -> Result<Vec<f32>, ModelError> {
    Ok(read_values(
        net.forward(points_tensor(&spec.points(), device)),
    )?)
}

/// The same through the host kernel, weights copied out first (as a view does).
pub fn host_mlp(net: &Mlp, spec: &GridSpec) -> Result<Vec<f32>, ModelError> {
    let host = net.to_host()?;
    let points = spec.points();
    let flat: Vec<f32> = points.iter().flatten().copied().collect();
    Ok(parallel_forward(&host, &flat, points.len()))
}

fn parallel_forward(host: &kernels::HostMlp, flat: &[f32], rows: usize) -> Vec<f32> {
    use rayon::prelude::*;
    let width = host.input();
    let blocks: Vec<Vec<f32>> = flat
        .par_chunks(kernels::BLOCK_ROWS * width)
        .map(|block| host.forward_block(block, block.len() / width))
        .collect();
    debug_assert_eq!(blocks.iter().map(Vec::len).sum::<usize>(), rows);
    blocks.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two paths of each job compute the same numbers (so their times compare).
    #[test]
    fn tensor_and_host_paths_agree() {
        let device = Device::flex();
        let spec = square_grid(64);
        for decoder in [Decoder::Ellipse, Decoder::neural(&device)] {
            let a = tensor_surface(&decoder, 48, &spec, &device).unwrap();
            let b = fused_surface(&decoder, 48, &spec, &device).unwrap();
            let worst = a
                .iter()
                .zip(&b)
                .map(|(x, y)| (x - y).abs())
                .fold(0.0, f32::max);
            assert!(worst < 1e-4, "{}: {worst}", decoder.name());
        }
        let net = grid_mlp(&device);
        let a = tensor_mlp(&net, &spec, &device).unwrap();
        let b = host_mlp(&net, &spec).unwrap();
        assert_eq!(a.len(), 64 * 64);
        let worst = a
            .iter()
            .zip(&b)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f32::max);
        assert!(worst < 1e-5, "mlp: {worst}");
    }
}

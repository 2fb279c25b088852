//! Host kernels for the views on the CPU backend: the F_β surface and the networks' native
//! energies over a whole grid, fused and spread over the cores.
//!
//! Why not burn here: burn's CPU backend (flex) runs each tensor op as its own pass over memory
//! and its `exp`/`tanh` call libm one value at a time on one core, so a 256² F_β surface (eight
//! `[65 536, 48]` passes) took 30–90 ms and a 2→64→64→1 MLP over the grid ~60 ms, against the
//! 5–7 ms a view must cost (see the bench). Training stays on burn (it needs autodiff); a view
//! only needs the weights, copied out once. On wgpu the tensors live on the GPU, where the
//! tensor formulation is already fast, so these kernels are used on the CPU only.

pub mod fast_math;
pub mod free_energy;
pub mod mlp;

use burn::tensor::Device;
use rayon::prelude::*;

pub use free_energy::{Manifold, free_energies};
pub use mlp::{BLOCK_ROWS, HostDense, HostMlp};

use crate::energy::Beta;

/// Whether views on `device` should use these kernels: burn's CPU backend, whose tensors are
/// in host memory anyway (reading a manifold or weights back costs a copy, not a transfer).
pub fn runs_on_host(device: &Device) -> bool {
    *device == Device::flex()
}

/// A model's native energy in a form the host evaluates without burn.
pub enum HostEnergy {
    /// C(y) = ‖f(y)‖², the GAN's cost net.
    SquaredNorm(HostMlp),
    /// E(y) = f(y) for a network with one output, the EBM's energy network.
    Scalar(HostMlp),
    /// ‖y − Dec(Enc(y))‖², the autoencoders' reconstruction energy.
    Reconstruction { encoder: HostMlp, decoder: HostMlp },
    /// F_β against a fixed manifold (F_∞ is the LV-EBMs' native energy).
    FreeEnergy { manifold: Manifold, beta: Beta },
}

impl HostEnergy {
    /// The energy at every point, in order.
    pub fn eval(&self, points: &[[f32; 2]]) -> Vec<f32> {
        if let HostEnergy::FreeEnergy { manifold, beta } = self {
            return free_energies(points, manifold, &[*beta])
                .pop()
                .unwrap_or_default();
        }
        let blocks: Vec<Vec<f32>> = points
            .par_chunks(BLOCK_ROWS)
            .map(|block| self.eval_block(block))
            .collect();
        blocks.concat()
    }

    fn eval_block(&self, points: &[[f32; 2]]) -> Vec<f32> {
        let rows = points.len();
        let flat: Vec<f32> = points.iter().flatten().copied().collect();
        match self {
            HostEnergy::SquaredNorm(f) => {
                let features = f.forward_block(&flat, rows); // [rows, k]
                features
                    .chunks_exact(f.output().max(1))
                    .map(|row| row.iter().map(|v| v * v).sum())
                    .collect()
            }
            HostEnergy::Scalar(f) => f.forward_block(&flat, rows),
            HostEnergy::Reconstruction { encoder, decoder } => {
                let codes = encoder.forward_block(&flat, rows); // [rows, code]
                let recon = decoder.forward_block(&codes, rows); // [rows, 2]
                points
                    .iter()
                    .zip(recon.chunks_exact(2))
                    .map(|(y, r)| (y[0] - r[0]).powi(2) + (y[1] - r[1]).powi(2))
                    .collect()
            }
            HostEnergy::FreeEnergy { manifold, beta } => free_energies(points, manifold, &[*beta])
                .pop()
                .unwrap_or_default(),
        }
    }
}

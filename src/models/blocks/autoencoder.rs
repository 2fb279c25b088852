//! Encoder + decoder: the pair the AE family shares. The decoder alone is a manifold g(h) over
//! the code space, so its free energy F_β is the same formula as the LV-EBM's.

use crate::models::learner::ModelRng;
use burn::config::Config;
use burn::module::Module;
use burn::tensor::{Device, Tensor};

use super::mlp::{Mlp, MlpConfig};
use crate::energy::free_energy::{ReadbackError, read_values};
use crate::models::LatentGrid;

#[derive(Config, Debug, PartialEq)]
pub struct AutoEncoderConfig {
    /// Code dimension: 1 traces a curve in the plane; ≥ 2 is over-complete for 2-D data.
    #[config(default = 1)]
    pub code: usize,
    #[config(default = 32)]
    pub width: usize,
    #[config(default = 2)]
    pub depth: usize,
    /// The networks' linear skip path (see `MlpConfig::skip`).
    #[config(default = true)]
    pub skip: bool,
}

impl AutoEncoderConfig {
    /// An encoder `2 → code_outputs` and a decoder `code → 2` (the VAE asks for 2·code outputs:
    /// μ and log v).
    pub fn init(&self, code_outputs: usize, rng: &mut ModelRng, device: &Device) -> AutoEncoder {
        let mlp = |input, output| MlpConfig {
            input,
            output,
            width: self.width,
            depth: self.depth,
            skip: self.skip,
        };
        AutoEncoder {
            encoder: mlp(2, code_outputs).init(rng, device),
            decoder: mlp(self.code, 2).init(rng, device),
        }
    }
}

#[derive(Module, Debug)]
pub struct AutoEncoder {
    pub encoder: Mlp,
    pub decoder: Mlp,
}

impl AutoEncoder {
    /// `[N, 2] → [N, code]`
    pub fn encode(&self, y: Tensor<2>) -> Tensor<2> {
        self.encoder.forward(y)
    }

    /// `[N, code] → [N, 2]`
    pub fn decode(&self, h: Tensor<2>) -> Tensor<2> {
        self.decoder.forward(h)
    }

    /// ỹ = Dec(Enc(y)): `[N, 2] → [N, 2]`
    pub fn reconstruct(&self, y: Tensor<2>) -> Tensor<2> {
        self.decode(self.encode(y))
    }
}

/// Grid points per code axis for the decoder manifold: 48 for a 1-D code like the course's
/// latent grid, 12 × 12 for 2-D codes, fewer per axis beyond.
pub fn code_grid_points(code: usize) -> usize {
    match code {
        0 | 1 => 48,
        2 => 12,
        3 => 5,
        _ => 3,
    }
}

/// The latent grid of the decoder's manifold: the box the data's codes `[N, code]` span,
/// widened by 15 % on each side so the curve's ends show.
pub fn code_latent(codes: Tensor<2>) -> Result<LatentGrid, ReadbackError> {
    let [_, code] = codes.dims();
    let lo = read_values(codes.clone().min_dim(0))?;
    let hi = read_values(codes.max_dim(0))?;
    let (lo, hi): (Vec<f32>, Vec<f32>) = lo
        .iter()
        .zip(&hi)
        .map(|(l, h)| {
            let pad = 0.15 * (h - l).max(1e-3);
            (l - pad, h + pad)
        })
        .unzip();
    Ok(LatentGrid::boxed(&lo, &hi, code_grid_points(code)))
}

/// The decoder's manifold over [`code_latent`]'s grid: `[K, 2]`.
pub fn decoder_manifold(decoder: &Mlp, codes: Tensor<2>) -> Result<Tensor<2>, ReadbackError> {
    let grid = code_latent(codes.clone())?.tensor(&codes.device()); // [K, code]
    Ok(decoder.forward(grid))
}

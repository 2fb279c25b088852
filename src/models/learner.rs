//! What every neural model carries besides its blocks: an Adam optimiser and its own seeded
//! RNG stream (weights, latent draws, corruption noise).

use burn::module::Module;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer};
use burn::tensor::Tensor;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::{ModelError, ModelId};
use crate::energy::free_energy::read_values;

/// The RNG of `model` for a run seeded with `seed`. Mixing in the model keeps streams apart, so
/// a model's trajectory is the same whether or not other models train beside it.
pub fn model_rng(model: ModelId, seed: u64) -> StdRng {
    let salt = model.key().bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3) // FNV-1a
    });
    StdRng::seed_from_u64(seed ^ salt)
}

/// A new stream drawn from `rng`, for a rebuilt model that continues its predecessor's stream.
pub fn fork(rng: &mut StdRng) -> StdRng {
    StdRng::seed_from_u64(rng.random::<u64>())
}

pub struct Learner<M> {
    /// The network, with its parameters on the autodiff device.
    pub net: M,
    optimizer: ModuleOptimizer,
}

impl<M: Module> Learner<M> {
    pub fn new(net: M) -> Self {
        Learner {
            net,
            optimizer: AdamConfig::new().init(),
        }
    }

    /// One Adam step on `loss` (`[1]`, built from `self.net`); returns the loss value.
    pub fn step(&mut self, loss: Tensor<1>, learning_rate: f64) -> Result<f32, ModelError> {
        let grads = GradientsParams::from_grads(loss.backward(), &self.net);
        let value = read_values(loss)?[0];
        if !value.is_finite() {
            return Err(ModelError::Diverged(value));
        }
        // Cloning a module only clones handles; the parameter ids (and so the grads) match.
        self.net = self.optimizer.step(learning_rate, self.net.clone(), grads);
        Ok(value)
    }

    /// The network without autodiff, for views.
    pub fn eval(&self) -> M {
        self.net.valid()
    }
}

//! What every neural model carries besides its blocks: an Adam optimiser and its own seeded
//! RNG stream (weights, latent draws, corruption noise).

use burn::module::Module;
use burn::optim::GradientsParams;
use burn::tensor::{Device, Gradients, Tensor};
use chacha20::ChaCha12Rng;
use rand::{RngExt, SeedableRng};

use super::optim::Adam;
use super::state::{ModelState, NetState, RngState, load_weights, read_weights};
use super::{Batch, ModelError, ModelId};
use crate::energy::free_energy::read_values;

/// Every model's random stream. ChaCha12 is what `StdRng` runs, named so that its position
/// can be saved with a session (`StdRng` hides it).
pub type ModelRng = ChaCha12Rng;

/// The RNG of `model` for a run seeded with `seed`. Mixing in the model keeps streams apart, so
/// a model's trajectory is the same whether or not other models train beside it.
pub fn model_rng(model: ModelId, seed: u64) -> ModelRng {
    let salt = model.key().bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3) // FNV-1a
    });
    ModelRng::seed_from_u64(seed ^ salt)
}

/// A new stream drawn from `rng`, for a rebuilt model that continues its predecessor's stream.
pub fn fork(rng: &mut ModelRng) -> ModelRng {
    ModelRng::seed_from_u64(rng.random::<u64>())
}

/// The most points one step trains on. Larger data sets are subsampled (without replacement,
/// from the model's own stream) at every step, so a step costs the same at 300 points as at
/// 10 000: full-batch, the VAE's step took 0.5 s at 2 000 points (debug build).
pub const BATCH: usize = 256;

/// The stream that picks a model's minibatches.
pub fn batch_rng(id: ModelId, seed: u64) -> ModelRng {
    // Apart from the model's own stream (weights, noise), so a data set of at most BATCH
    // points trains exactly as it did before minibatches existed.
    model_rng(id, seed ^ 0x6261_7463_6865_7321)
}

/// All of `data` when it fits in one batch, otherwise [`BATCH`] rows of it (x and y alike).
pub fn minibatch(data: &Batch, rng: &mut ModelRng) -> Batch {
    let n = data.len();
    if n <= BATCH {
        return data.clone();
    }
    let rows: Vec<i64> = rand::seq::index::sample(rng, n, BATCH)
        .into_iter()
        .map(|i| i as i64)
        .collect();
    data.select(&rows)
}

/// −∇_y of `energy` at `points` (`[N, 2]`, plain device): the points become a leaf on the
/// autodiff device, `energy` runs through a network there, and one backward pass gives the
/// gradient, back on the plain device. Parameters' gradients are computed and dropped; the
/// optimiser never sees them.
pub fn neg_grad_by_autodiff(
    points: Tensor<2>,
    energy: impl FnOnce(Tensor<2>) -> Tensor<1>,
) -> Result<Tensor<2>, ModelError> {
    let y = points.autodiff().require_grad(); // [N, 2]
    let grads = energy(y.clone()).sum().backward();
    let grad = y
        .grad(&grads)
        .ok_or_else(|| ModelError::State("the energy does not depend on y".to_owned()))?;
    Ok(grad.neg()) // [N, 2]
}

/// The state of a model made of one learner, an RNG stream and last step's hot points (the
/// AE family and the VAE).
pub fn single_net_state<M: Module>(
    params: Vec<(&'static str, f32)>,
    learner: &Learner<M>,
    rng: &ModelRng,
    hot: &[[f32; 2]],
) -> Result<ModelState, ModelError> {
    Ok(ModelState {
        params: super::owned_params(params),
        nets: vec![learner.state()?],
        rng: Some(RngState::of(rng)),
        hot: hot.to_vec(),
        extra: Vec::new(),
    })
}

/// Restores what [`single_net_state`] saved; nothing changes on error.
pub fn load_single_net<M: Module>(
    state: &ModelState,
    learner: &mut Learner<M>,
    rng: &mut ModelRng,
    hot: &mut Vec<[f32; 2]>,
    device: &Device,
) -> Result<(), ModelError> {
    let [net] = state.nets::<1>()?;
    let restored = state.rng()?;
    learner.restore(net, device)?;
    *rng = restored;
    hot.clone_from(&state.hot);
    Ok(())
}

pub struct Learner<M> {
    /// The network, with its parameters on the autodiff device.
    pub net: M,
    optimizer: Adam,
}

impl<M: Module> Learner<M> {
    pub fn new(net: M) -> Self {
        Learner {
            net,
            optimizer: Adam::default(),
        }
    }

    /// The weights and the optimiser's moments.
    pub fn state(&self) -> Result<NetState, ModelError> {
        Ok(NetState {
            weights: read_weights(&self.net)?,
            adam: self.optimizer.state()?,
        })
    }

    /// Takes on `state`'s weights and moments; on error nothing changes. `device` is the
    /// model's plain device.
    pub fn restore(&mut self, state: &NetState, device: &Device) -> Result<(), ModelError> {
        let optimizer = Adam::from_state(&state.adam, device)?;
        self.net = load_weights(self.net.clone(), &state.weights)?;
        self.optimizer = optimizer;
        Ok(())
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

    /// One Adam step from a backward pass shared with other learners (the gradients of
    /// `self.net`'s parameters are taken out of `grads`).
    pub fn apply(&mut self, grads: &mut Gradients, learning_rate: f64) {
        let grads = GradientsParams::from_module(grads, &self.net);
        self.net = self.optimizer.step(learning_rate, self.net.clone(), grads);
    }

    /// The network without autodiff, for views.
    pub fn eval(&self) -> M {
        self.net.valid()
    }
}

#[cfg(test)]
mod tests {
    use burn::tensor::Device;

    use super::*;
    use crate::energy::free_energy::{points_tensor, read_points};

    #[test]
    fn minibatches_are_distinct_rows_of_the_data_and_small_sets_pass_whole() {
        let device = Device::flex();
        let small: Vec<[f32; 2]> = (0..BATCH).map(|i| [i as f32, -(i as f32)]).collect();
        let mut rng = batch_rng(ModelId::Vae, 0);
        let whole = minibatch(&Batch::of(points_tensor(&small, &device)), &mut rng);
        assert_eq!(read_points(whole.y).unwrap(), small);

        let big: Vec<[f32; 2]> = (0..5000).map(|i| [i as f32, -(i as f32)]).collect();
        let data = Batch::of(points_tensor(&big, &device));
        let rows = read_points(minibatch(&data, &mut rng).y).unwrap();
        assert_eq!(rows.len(), BATCH);
        let mut seen: Vec<i64> = rows.iter().map(|r| r[0] as i64).collect();
        assert!(rows.iter().all(|r| r[1] == -r[0]), "whole rows");
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), BATCH, "no row twice");
        assert!(
            seen.last().is_some_and(|&i| i > 4000),
            "drawn from the whole set"
        );
        // The same stream gives the same batches; the next batch differs.
        let mut again = batch_rng(ModelId::Vae, 0);
        let _ = minibatch(&Batch::of(points_tensor(&small, &device)), &mut again);
        assert_eq!(read_points(minibatch(&data, &mut again).y).unwrap(), rows);
        assert_ne!(read_points(minibatch(&data, &mut again).y).unwrap(), rows);
    }
}

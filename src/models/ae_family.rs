//! The autoencoder family: one encoder/decoder pair, and a [`Recipe`] that says what the loss
//! and the energy are. AE, DAE and CAE differ only in their recipe (`ae.rs`, `dae.rs`,
//! `cae.rs`); everything else — training, the decoder manifold, structural knobs — is here.

use std::marker::PhantomData;

use burn::tensor::{Device, Tensor};

use super::blocks::autoencoder::{AutoEncoder, AutoEncoderConfig, code_latent, decoder_manifold};
use super::knobs::Knobs;
use super::learner::{
    Learner, ModelRng, fork, load_single_net, model_rng, neg_grad_by_autodiff, single_net_state,
};
use super::spec::{Knob, KnobKind};
use super::state::ModelState;
use super::{Batch, Condition, EnergyModel, LatentGrid, Manifold, ModelError, ModelId, Objective};
use crate::energy::Beta;
use crate::energy::free_energy::{read_points, read_values};
use crate::kernels::HostEnergy;

/// The code size: the knob the course's warning is about.
pub const CODE: Knob = Knob::count("code", "code dim", (1.0, 4.0), 1.0, KnobKind::Structural)
    .with_help(
        "1: the code is a curve through the data. 2 or more is over-complete: with nothing to \
         stop it, the AE learns the identity and the energy collapses to 0 everywhere.",
    );
/// Hidden units per layer, shared by every network of the zoo.
pub const WIDTH: Knob =
    Knob::count("width", "width", (2.0, 256.0), 32.0, KnobKind::Structural).slider(2.0, 128.0);
/// Hidden layers of the autoencoders (0: affine networks).
pub const DEPTH_AE: Knob = Knob::count("depth", "depth", (0.0, 4.0), 2.0, KnobKind::Structural)
    .with_help("Hidden layers per network; 0 makes the encoder and decoder affine.");
/// Hidden layers of the other networks.
pub const DEPTH: Knob = Knob::count("depth", "depth", (1.0, 4.0), 2.0, KnobKind::Structural);

/// What makes an AE an AE, a DAE or a CAE.
pub trait Recipe: Send + 'static {
    const ID: ModelId;

    /// Whether [`Self::energy`] is the bare reconstruction error ‖y − Dec(Enc(y))‖², which the
    /// host kernels evaluate (the CAE adds its Jacobian penalty: tensor path only).
    const RECONSTRUCTION_ENERGY: bool;

    /// The per-sample training loss on `y` (`[N, 2]`, autodiff device) and the hot points
    /// the step made (DAE: the corrupted inputs). By default the loss is the energy itself.
    fn loss(
        net: &AutoEncoder,
        y: Tensor<2>,
        knobs: &Knobs,
        _rng: &mut ModelRng,
    ) -> (Tensor<1>, Option<Tensor<2>>) {
        (Self::energy(net, y, knobs), None)
    }

    /// The own energy at `y`: `[N, 2] → [N]`.
    fn energy(net: &AutoEncoder, y: Tensor<2>, knobs: &Knobs) -> Tensor<1>;
}

/// The spec's `create` for a recipe.
pub fn create<R: Recipe>(device: &Device, seed: u64) -> Box<dyn EnergyModel> {
    Box::new(AeModel::<R>::new(device, seed))
}

pub struct AeModel<R> {
    knobs: Knobs,
    learner: Learner<AutoEncoder>,
    rng: ModelRng,
    hot: Vec<[f32; 2]>,
    device: Device,
    recipe: PhantomData<R>,
}

impl<R: Recipe> AeModel<R> {
    pub fn new(device: &Device, seed: u64) -> Self {
        Self::build(Knobs::defaults(R::ID), device, model_rng(R::ID, seed))
    }

    fn build(knobs: Knobs, device: &Device, mut rng: ModelRng) -> Self {
        let config = AutoEncoderConfig::new()
            .with_code(knobs.count(&CODE))
            .with_width(knobs.count(&WIDTH))
            .with_depth(knobs.count(&DEPTH_AE));
        let net = config.init(config.code, &mut rng, &device.clone().autodiff());
        AeModel {
            knobs,
            learner: Learner::new(net),
            rng,
            hot: Vec::new(),
            device: device.clone(),
            recipe: PhantomData,
        }
    }
}

impl<R: Recipe> EnergyModel for AeModel<R> {
    fn id(&self) -> ModelId {
        R::ID
    }

    fn train_step(&mut self, data: &Batch, objective: Objective) -> Result<f32, ModelError> {
        let (loss, hot) = R::loss(
            &self.learner.net,
            data.y.clone(),
            &self.knobs,
            &mut self.rng,
        );
        if let Some(hot) = hot {
            self.hot = read_points(hot)?;
        }
        self.learner.step(loss.mean(), objective.learning_rate)
    }

    fn manifold(&self, data: &Batch, _at: Condition) -> Result<Option<Manifold>, ModelError> {
        let net = self.learner.eval();
        let points = decoder_manifold(&net.decoder, net.encode(data.y.clone()))?;
        Ok(Some(Manifold::uniform(points)))
    }

    fn latent(&self, data: &Batch, _at: Condition) -> Result<Option<LatentGrid>, ModelError> {
        let codes = self.learner.eval().encode(data.y.clone()); // [N, code]
        Ok(Some(code_latent(codes)?))
    }

    fn decode(&self, z: Tensor<2>, _at: Condition) -> Result<Option<Tensor<2>>, ModelError> {
        Ok(Some(self.learner.net.decode(z))) // [N, code] → [N, 2]
    }

    fn encode(&self, y: Tensor<2>, _at: Condition) -> Result<Option<Tensor<2>>, ModelError> {
        Ok(Some(self.learner.eval().encode(y))) // [N, 2] → [N, code]
    }

    fn energy(&self, points: Tensor<2>, _at: Condition) -> Result<Tensor<1>, ModelError> {
        Ok(R::energy(&self.learner.eval(), points, &self.knobs))
    }

    fn neg_energy_grad(
        &self,
        points: Tensor<2>,
        _at: Condition,
    ) -> Result<Option<Tensor<2>>, ModelError> {
        let grad = neg_grad_by_autodiff(points, |y| {
            R::energy(&self.learner.net, y, &self.knobs) // [N]
        })?;
        Ok(Some(grad))
    }

    fn host_energy(&self, _at: Condition) -> Result<Option<HostEnergy>, ModelError> {
        if !R::RECONSTRUCTION_ENERGY {
            return Ok(None);
        }
        let net = self.learner.eval();
        Ok(Some(HostEnergy::Reconstruction {
            encoder: net.encoder.to_host()?,
            decoder: net.decoder.to_host()?,
        }))
    }

    fn hot(&self) -> Vec<[f32; 2]> {
        self.hot.clone()
    }

    fn field(&self, points: Tensor<2>, _at: Condition) -> Result<Option<Tensor<2>>, ModelError> {
        let net = self.learner.eval();
        Ok(Some(net.reconstruct(points.clone()) - points)) // ỹ − y: [N, 2]
    }

    fn loss(&self, data: &Batch, _beta: Beta) -> Result<f32, ModelError> {
        let value = R::energy(&self.learner.net, data.y.clone(), &self.knobs).mean();
        Ok(read_values(value)?[0])
    }

    fn params(&self) -> Vec<(&'static str, f32)> {
        self.knobs.pairs()
    }

    fn save_state(&self) -> Result<ModelState, ModelError> {
        single_net_state(self.params(), &self.learner, &self.rng, &self.hot)
    }

    fn load_state(&mut self, state: &ModelState) -> Result<(), ModelError> {
        let device = self.device.clone();
        load_single_net(
            state,
            &mut self.learner,
            &mut self.rng,
            &mut self.hot,
            &device,
        )
    }

    fn set_param(&mut self, key: &str, value: f32) -> Result<(), ModelError> {
        let before = self.knobs.clone();
        self.knobs.set(key, value)?;
        if before.is_structural(key) {
            // A new shape is a new network: rebuild this model only, keeping its live knobs
            // and continuing its RNG stream.
            let rng = fork(&mut self.rng);
            *self = Self::build(self.knobs.clone(), &self.device, rng);
        }
        Ok(())
    }
}

//! The autoencoder family: one encoder/decoder pair, and a [`Recipe`] that says what the loss
//! and the energy are. AE, DAE and CAE differ only in their recipe (`ae.rs`, `dae.rs`,
//! `cae.rs`); everything else — training, the decoder manifold, structural parameters — is here.

use burn::tensor::{Device, Tensor};

use super::blocks::autoencoder::{AutoEncoder, AutoEncoderConfig, decoder_manifold};
use super::learner::{Learner, ModelRng, fork, load_single_net, model_rng, single_net_state};
use super::state::ModelState;
use super::{EnergyModel, ModelError, ModelId, Objective, count_param, unknown_param};
use crate::energy::Beta;
use crate::energy::free_energy::read_points;
use crate::kernels::HostEnergy;

/// What makes an AE an AE, a DAE or a CAE.
pub trait Recipe: Default + Send + 'static {
    const ID: ModelId;

    /// The per-sample training loss on `y` (`[N, 2]`, autodiff device) and the hot points
    /// the step made (DAE: the corrupted inputs). By default the loss is the energy itself.
    fn loss(
        &self,
        net: &AutoEncoder,
        y: Tensor<2>,
        _rng: &mut ModelRng,
    ) -> (Tensor<1>, Option<Tensor<2>>) {
        (self.energy(net, y), None)
    }

    /// The native energy at `y`: `[N, 2] → [N]`.
    fn energy(&self, net: &AutoEncoder, y: Tensor<2>) -> Tensor<1>;

    /// Whether [`Self::energy`] is the bare reconstruction error ‖y − Dec(Enc(y))‖², which the
    /// host kernels evaluate (the CAE adds its Jacobian penalty: tensor path only).
    const RECONSTRUCTION_ENERGY: bool;

    /// The live hyper-parameters.
    fn hypers(&self) -> Vec<(&'static str, f32)>;

    /// Sets a live hyper-parameter; `Ok(false)` when `key` is not one.
    fn set_hyper(&mut self, key: &str, value: f32) -> Result<bool, ModelError>;

    /// The default network shape.
    fn config() -> AutoEncoderConfig {
        AutoEncoderConfig::new()
    }
}

pub struct AeModel<R> {
    recipe: R,
    config: AutoEncoderConfig,
    learner: Learner<AutoEncoder>,
    rng: ModelRng,
    hot: Vec<[f32; 2]>,
    device: Device,
}

impl<R: Recipe> AeModel<R> {
    pub fn new(device: &Device, seed: u64) -> Self {
        Self::with_config(R::config(), R::default(), device, model_rng(R::ID, seed))
    }

    fn with_config(
        config: AutoEncoderConfig,
        recipe: R,
        device: &Device,
        mut rng: ModelRng,
    ) -> Self {
        let net = config.init(config.code, &mut rng, &device.clone().autodiff());
        AeModel {
            recipe,
            config,
            learner: Learner::new(net),
            rng,
            hot: Vec::new(),
            device: device.clone(),
        }
    }

    pub fn recipe_mut(&mut self) -> &mut R {
        &mut self.recipe
    }
}

impl<R: Recipe> EnergyModel for AeModel<R> {
    fn id(&self) -> ModelId {
        R::ID
    }

    fn train_step(&mut self, data: &Tensor<2>, objective: Objective) -> Result<f32, ModelError> {
        let (loss, hot) = self
            .recipe
            .loss(&self.learner.net, data.clone(), &mut self.rng);
        if let Some(hot) = hot {
            self.hot = read_points(hot)?;
        }
        self.learner.step(loss.mean(), objective.learning_rate)
    }

    fn manifold(&self, data: &Tensor<2>) -> Result<Tensor<2>, ModelError> {
        let net = self.learner.eval();
        Ok(decoder_manifold(&net.decoder, net.encode(data.clone()))?)
    }

    fn energy(&self, points: Tensor<2>) -> Result<Tensor<1>, ModelError> {
        Ok(self.recipe.energy(&self.learner.eval(), points))
    }

    fn host_energy(&self) -> Result<Option<HostEnergy>, ModelError> {
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

    fn field(&self, points: Tensor<2>) -> Result<Option<Tensor<2>>, ModelError> {
        let net = self.learner.eval();
        Ok(Some(net.reconstruct(points.clone()) - points)) // ỹ − y: [N, 2]
    }

    fn loss(&self, data: &Tensor<2>, _beta: Beta) -> Result<f32, ModelError> {
        let value = self.recipe.energy(&self.learner.net, data.clone()).mean();
        Ok(crate::energy::free_energy::read_values(value)?[0])
    }

    fn params(&self) -> Vec<(&'static str, f32)> {
        let mut p = vec![
            ("code", self.config.code as f32),
            ("width", self.config.width as f32),
            ("depth", self.config.depth as f32),
        ];
        p.extend(self.recipe.hypers());
        p
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
        let mut config = self.config.clone();
        match key {
            "code" => config.code = count_param(key, value, 1..=4, "a code size 1…4")?,
            "width" => config.width = count_param(key, value, 2..=256, "a width 2…256")?,
            // Depth 0 is a purely affine network: with `code = 2` the over-complete AE then
            // learns the exact identity.
            "depth" => config.depth = count_param(key, value, 0..=4, "a depth 0…4")?,
            _ => {
                return if self.recipe.set_hyper(key, value)? {
                    Ok(())
                } else {
                    Err(unknown_param(R::ID, key, &self.params()))
                };
            }
        }
        // A new shape is a new network: rebuild this model only, keeping its hyper-parameters
        // and continuing its RNG stream.
        let recipe = std::mem::take(&mut self.recipe);
        let rng = fork(&mut self.rng);
        *self = Self::with_config(config, recipe, &self.device, rng);
        Ok(())
    }
}

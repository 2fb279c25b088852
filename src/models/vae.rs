//! The VAE: the encoder gives each sample a bubble (μ, v) in latent space, a z drawn inside it
//! is decoded, and the KL term γ·½Σ(v − log v − 1 + μ²) pulls all bubbles into the unit one.
//! Energy F̃(y) = ‖y − Dec(μ)‖² + γ·KL; hot points are Dec(z) for z ~ N(0, I).

use burn::tensor::{Device, Tensor};

use super::blocks::autoencoder::{AutoEncoder, AutoEncoderConfig};
use super::blocks::cost::squared_distance;
use super::blocks::regulariser::gaussian_kl;
use super::blocks::sampler::{gaussian, prior_grid};
use super::learner::{Learner, ModelRng, fork, load_single_net, model_rng, single_net_state};
use super::state::ModelState;
use super::{
    Bubble, EnergyModel, ModelError, ModelId, Objective, count_param, non_negative_param,
    unknown_param,
};
use crate::energy::Beta;
use crate::energy::free_energy::{read_points, read_values};

/// Decoded prior samples drawn each step as hot points.
const HOT_SAMPLES: usize = 64;
const DEFAULT_DRAWS: usize = 8;

pub struct VaeModel {
    /// KL weight γ (a weight, not a temperature).
    gamma: f32,
    /// Draws of ε per data point and step.
    draws: usize,
    config: AutoEncoderConfig,
    learner: Learner<AutoEncoder>,
    rng: ModelRng,
    hot: Vec<[f32; 2]>,
    device: Device,
}

impl VaeModel {
    pub fn new(device: &Device, seed: u64) -> Self {
        // No skip path: far from the data the networks saturate, so prior draws in the tails
        // decode to the ends of the curve instead of running off along a line.
        Self::build(
            AutoEncoderConfig::new().with_skip(false),
            0.1,
            DEFAULT_DRAWS,
            device,
            model_rng(ModelId::Vae, seed),
        )
    }

    fn build(
        config: AutoEncoderConfig,
        gamma: f32,
        draws: usize,
        device: &Device,
        mut rng: ModelRng,
    ) -> Self {
        let net = config.init(2 * config.code, &mut rng, &device.clone().autodiff());
        VaeModel {
            gamma,
            draws,
            config,
            learner: Learner::new(net),
            rng,
            hot: Vec::new(),
            device: device.clone(),
        }
    }

    /// μ and log v: `[N, 2] → ([N, c], [N, c])`.
    fn posterior(&self, net: &AutoEncoder, y: Tensor<2>) -> (Tensor<2>, Tensor<2>) {
        let c = self.config.code;
        let out = net.encode(y); // [N, 2c]
        (out.clone().narrow(1, 0, c), out.narrow(1, c, c))
    }

    /// F̃(y) = ‖y − Dec(μ)‖² + γ·KL: `[N, 2] → [N]` (on `net`'s device).
    fn energy_with(&self, net: &AutoEncoder, y: Tensor<2>) -> Tensor<1> {
        let (mu, log_v) = self.posterior(net, y.clone());
        squared_distance(y, net.decode(mu.clone())) + gaussian_kl(mu, log_v).mul_scalar(self.gamma)
    }
}

impl EnergyModel for VaeModel {
    fn id(&self) -> ModelId {
        ModelId::Vae
    }

    fn train_step(&mut self, data: &Tensor<2>, objective: Objective) -> Result<f32, ModelError> {
        let net = &self.learner.net;
        // Several ε per sample: with 24 points a single draw makes the reconstruction term so
        // noisy that the code of a 1-D latent folds and prior samples land inside the ellipse
        // (mean hot-to-data distance 0.13–0.21 with one draw, 0.15 ± 0.01 with eight).
        let data = &data.clone().repeat_dim(0, self.draws); // [N·draws, 2]
        let [n, _] = data.dims();
        let (mu, log_v) = self.posterior(net, data.clone()); // [N, c] each
        let eps = gaussian(&mut self.rng, n, self.config.code, &data.device()); // [N, c]
        let z = mu.clone() + eps * log_v.clone().mul_scalar(0.5).exp(); // reparameterised
        let loss = squared_distance(data.clone(), net.decode(z))
            + gaussian_kl(mu, log_v).mul_scalar(self.gamma); // [N]
        let value = self.learner.step(loss.mean(), objective.learning_rate)?;
        let prior = gaussian(&mut self.rng, HOT_SAMPLES, self.config.code, &self.device);
        self.hot = read_points(self.learner.eval().decode(prior))?;
        Ok(value)
    }

    fn manifold(&self, _data: &Tensor<2>) -> Result<Tensor<2>, ModelError> {
        let grid = prior_grid(self.config.code, &self.device); // [K, latent]
        Ok(self.learner.eval().decode(grid))
    }

    fn energy(&self, points: Tensor<2>) -> Result<Tensor<1>, ModelError> {
        Ok(self.energy_with(&self.learner.eval(), points))
    }

    fn hot(&self) -> Vec<[f32; 2]> {
        self.hot.clone()
    }

    fn field(&self, points: Tensor<2>) -> Result<Option<Tensor<2>>, ModelError> {
        let net = self.learner.eval();
        let (mu, _) = self.posterior(&net, points.clone()); // [N, c]
        Ok(Some(net.decode(mu) - points)) // ỹ − y: [N, 2]
    }

    fn bubbles(&self, data: &Tensor<2>) -> Result<Vec<Bubble>, ModelError> {
        let c = self.config.code;
        let (mu, log_v) = self.posterior(&self.learner.eval(), data.clone());
        let mu = read_values(mu)?;
        let radius = read_values(log_v.mul_scalar(0.5).exp())?;
        Ok(mu
            .chunks(c)
            .zip(radius.chunks(c))
            .map(|(m, r)| Bubble {
                mu: m.to_vec(),
                radius: r.to_vec(),
            })
            .collect())
    }

    fn loss(&self, data: &Tensor<2>, _beta: Beta) -> Result<f32, ModelError> {
        Ok(read_values(self.energy_with(&self.learner.net, data.clone()).mean())?[0])
    }

    fn params(&self) -> Vec<(&'static str, f32)> {
        vec![
            ("latent", self.config.code as f32),
            ("width", self.config.width as f32),
            ("depth", self.config.depth as f32),
            ("gamma", self.gamma),
            ("draws", self.draws as f32),
        ]
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
            "gamma" => {
                self.gamma = non_negative_param(key, value)?;
                return Ok(());
            }
            "draws" => {
                self.draws = count_param(key, value, 1..=32, "a draw count 1…32")?;
                return Ok(());
            }
            "latent" => config.code = count_param(key, value, 1..=2, "a latent size 1 or 2")?,
            "width" => config.width = count_param(key, value, 2..=256, "a width 2…256")?,
            "depth" => config.depth = count_param(key, value, 1..=4, "a depth 1…4")?,
            _ => return Err(unknown_param(ModelId::Vae, key, &self.params())),
        }
        *self = Self::build(
            config,
            self.gamma,
            self.draws,
            &self.device,
            fork(&mut self.rng),
        );
        Ok(())
    }
}

//! The VAE: the encoder gives each sample a bubble (μ, v) in latent space, a z drawn inside it
//! is decoded, and the KL term γ·½Σ(v − log v − 1 + μ²) pulls all bubbles into the unit one.
//! Energy F̃(y) = ‖y − Dec(μ)‖² + γ·KL; its samples are ỹ = Dec(z) for z ~ N(0, I) (violet:
//! nothing is pushed up in a VAE).

use burn::tensor::{Device, Tensor};

use super::ae_family::{DEPTH, WIDTH};
use super::blocks::autoencoder::{AutoEncoder, AutoEncoderConfig};
use super::blocks::cost::squared_distance;
use super::blocks::regulariser::gaussian_kl;
use super::blocks::sampler::{gaussian, prior_grid, prior_grid_weights, prior_latent};
use super::diagram::{Diagram, OBSERVED, Part, PartKind};
use super::knobs::Knobs;
use super::learner::{
    Learner, ModelRng, fork, load_single_net, model_rng, neg_grad_by_autodiff, single_net_state,
};
use super::spec::{Draws, EnergyName, Family, Inputs, Knob, KnobKind, Latent, ModelSpec, OwnField};
use super::state::ModelState;
use super::{
    Batch, Bubble, Condition, EnergyModel, LatentGrid, Manifold, ModelError, ModelId, Objective,
};
use crate::energy::Beta;
use crate::energy::free_energy::{read_points, read_values};

/// Decoded prior samples drawn each step.
const SAMPLES: usize = 64;

/// KL weight γ (a weight, not a temperature).
const GAMMA: Knob = Knob::live(
    "gamma",
    "γ (KL weight)",
    (0.0, 1000.0),
    0.1,
    "Weight of the KL term: larger γ packs the bubbles into the unit bubble.",
)
.slider(0.001, 2.0)
.logarithmic();
/// Draws of ε per data point and step.
const DRAWS: Knob = Knob::count("draws", "ε draws", (1.0, 32.0), 8.0, KnobKind::Live).with_help(
    "Samples of z per bubble and step. One draw makes the gradient noisy enough for the code \
     to fold: watch red points fall inside the ellipse.",
);
const LATENT: Knob = Knob::count(
    "latent",
    "latent dim",
    (1.0, 2.0),
    1.0,
    KnobKind::Structural,
);

pub const SPEC: ModelSpec = ModelSpec {
    key: "vae",
    title: "VAE",
    recipe: "VAE = encoder (μ, v) → sample z → decoder → cost ‖y − ỹ‖² + regulariser γ·KL",
    about: "Each data point gets a bubble in latent space (the side plot); the KL term pulls \
            them into the unit bubble. The surface is the VAE's energy E(y) = ‖y − Dec(μ(y))‖² \
            + γ·KL(q(z|y) ‖ N(0, I)), its loss at the bubble's centre. Violet points ỹ are \
            decoded prior samples: they should lie on the data. Raise γ and the bubbles \
            overlap, the reconstruction blurs.",
    energy: EnergyName {
        name: "‖y − Dec(μ)‖² + γ·KL, the VAE's energy",
        symbol: "E",
    },
    knobs: &[GAMMA, DRAWS, LATENT, WIDTH, DEPTH],
    latent: Latent::GaussianPrior,
    draws: Draws {
        field: OwnField::Reconstruction { shown: false },
        samples: true,
        bubbles: true,
        ..Draws::MANIFOLD
    },
    inputs: Inputs::Y,
    loss: "mean training loss",
    diagram: Diagram {
        parts: &[
            OBSERVED,
            Part::new(
                PartKind::Encoder,
                "Enc",
                "The encoder: y ↦ the bubble (μ, v) of its code.",
            ),
            Part::new(
                PartKind::Code,
                "μ, v",
                "The posterior bubble: centre μ, variance v (the latent plot's bubbles).",
            ),
            Part::new(
                PartKind::Sampler,
                "μ + √v·ε",
                "The sampler: z drawn inside the bubble.",
            ),
            Part::new(
                PartKind::Latent,
                "z",
                "The latent, z ~ N(0, I) under the prior.",
            ),
            Part::new(
                PartKind::Decoder,
                "Dec",
                "The decoder: z ↦ ỹ; over the prior it draws the violet manifold and samples.",
            ),
            Part::new(
                PartKind::Output,
                "ỹ",
                "The decoded point (violet: nothing is pushed up).",
            ),
            Part::new(PartKind::Cost, "‖y − ỹ‖²", "The reconstruction cost."),
            Part::new(
                PartKind::Regulariser,
                "γ·KL",
                "The KL term: holds the bubbles in the unit bubble of the prior.",
            ),
            Part::new(
                PartKind::Energy,
                "E",
                "The energy: reconstruction at z = μ plus γ·KL.",
            ),
        ],
        wires: &[
            (PartKind::Observed, PartKind::Encoder),
            (PartKind::Encoder, PartKind::Code),
            (PartKind::Code, PartKind::Sampler),
            (PartKind::Sampler, PartKind::Latent),
            (PartKind::Latent, PartKind::Decoder),
            (PartKind::Decoder, PartKind::Output),
            (PartKind::Output, PartKind::Cost),
            (PartKind::Observed, PartKind::Cost),
            (PartKind::Code, PartKind::Regulariser),
            (PartKind::Cost, PartKind::Energy),
            (PartKind::Regulariser, PartKind::Energy),
        ],
    },
    family: Family::Architectural {
        limit: "the KL term, which holds the codes in the unit bubble of the prior",
    },
    create,
};

fn create(device: &Device, seed: u64) -> Box<dyn EnergyModel> {
    Box::new(VaeModel::new(device, seed))
}

pub struct VaeModel {
    knobs: Knobs,
    /// The latent (code) size.
    code: usize,
    learner: Learner<AutoEncoder>,
    rng: ModelRng,
    /// Dec(z) of the last step's prior draws.
    samples: Vec<[f32; 2]>,
    device: Device,
}

impl VaeModel {
    pub fn new(device: &Device, seed: u64) -> Self {
        Self::build(
            Knobs::defaults(ModelId::Vae),
            device,
            model_rng(ModelId::Vae, seed),
        )
    }

    fn build(knobs: Knobs, device: &Device, mut rng: ModelRng) -> Self {
        // No skip path: far from the data the networks saturate, so prior draws in the tails
        // decode to the ends of the curve instead of running off along a line.
        let config = AutoEncoderConfig::new()
            .with_skip(false)
            .with_code(knobs.count(&LATENT))
            .with_width(knobs.count(&WIDTH))
            .with_depth(knobs.count(&DEPTH));
        let net = config.init(2 * config.code, &mut rng, &device.clone().autodiff());
        VaeModel {
            code: config.code,
            knobs,
            learner: Learner::new(net),
            rng,
            samples: Vec::new(),
            device: device.clone(),
        }
    }

    /// μ and log v: `[N, 2] → ([N, c], [N, c])`.
    fn posterior(&self, net: &AutoEncoder, y: Tensor<2>) -> (Tensor<2>, Tensor<2>) {
        let c = self.code;
        let out = net.encode(y); // [N, 2c]
        (out.clone().narrow(1, 0, c), out.narrow(1, c, c))
    }

    /// F̃(y) = ‖y − Dec(μ)‖² + γ·KL: `[N, 2] → [N]` (on `net`'s device).
    fn energy_with(&self, net: &AutoEncoder, y: Tensor<2>) -> Tensor<1> {
        let (mu, log_v) = self.posterior(net, y.clone());
        squared_distance(y, net.decode(mu.clone()))
            + gaussian_kl(mu, log_v).mul_scalar(self.knobs.get(&GAMMA))
    }
}

impl EnergyModel for VaeModel {
    fn id(&self) -> ModelId {
        ModelId::Vae
    }

    fn train_step(&mut self, data: &Batch, objective: Objective) -> Result<f32, ModelError> {
        let net = &self.learner.net;
        let draws = self.knobs.count(&DRAWS);
        // Several ε per sample: with 24 points a single draw makes the reconstruction term so
        // noisy that the code of a 1-D latent folds and prior samples land inside the ellipse
        // (mean hot-to-data distance 0.13–0.21 with one draw, 0.15 ± 0.01 with eight).
        // The encoder sees each point once and its bubble is repeated per draw: the same
        // loss as encoding the repeated rows, at an eighth of the encoder's cost.
        let (mu, log_v) = self.posterior(net, data.y.clone()); // [N, c] each
        let (mu, log_v) = (mu.repeat_dim(0, draws), log_v.repeat_dim(0, draws)); // [N·draws, c]
        let data = &data.y.clone().repeat_dim(0, draws); // [N·draws, 2]
        let [n, _] = data.dims();
        let eps = gaussian(&mut self.rng, n, self.code, &data.device()); // [N·draws, c]
        let z = mu.clone() + eps * log_v.clone().mul_scalar(0.5).exp(); // reparameterised
        let loss = squared_distance(data.clone(), net.decode(z))
            + gaussian_kl(mu, log_v).mul_scalar(self.knobs.get(&GAMMA)); // [N]
        let value = self.learner.step(loss.mean(), objective.learning_rate)?;
        let prior = gaussian(&mut self.rng, SAMPLES, self.code, &self.device);
        self.samples = read_points(self.learner.eval().decode(prior))?;
        Ok(value)
    }

    fn manifold(&self, _data: &Batch, _at: Condition) -> Result<Option<Manifold>, ModelError> {
        let grid = prior_grid(self.code, &self.device); // [K, latent]
        Ok(Some(Manifold {
            points: self.learner.eval().decode(grid), // [K, 2]
            weights: Some(prior_grid_weights(self.code)),
        }))
    }

    fn latent(&self, _data: &Batch, _at: Condition) -> Result<Option<LatentGrid>, ModelError> {
        Ok(Some(prior_latent(self.code)))
    }

    fn decode(&self, z: Tensor<2>, _at: Condition) -> Result<Option<Tensor<2>>, ModelError> {
        Ok(Some(self.learner.net.decode(z))) // [N, latent] → [N, 2]
    }

    /// The encoder's guess is the bubble's centre μ(y).
    fn encode(&self, y: Tensor<2>, _at: Condition) -> Result<Option<Tensor<2>>, ModelError> {
        Ok(Some(self.posterior(&self.learner.eval(), y).0)) // [N, 2] → [N, latent]
    }

    fn energy(&self, points: Tensor<2>, _at: Condition) -> Result<Tensor<1>, ModelError> {
        Ok(self.energy_with(&self.learner.eval(), points))
    }

    fn neg_energy_grad(
        &self,
        points: Tensor<2>,
        _at: Condition,
    ) -> Result<Option<Tensor<2>>, ModelError> {
        let grad = neg_grad_by_autodiff(points, |y| self.energy_with(&self.learner.net, y))?;
        Ok(Some(grad))
    }

    fn samples(&self) -> Vec<[f32; 2]> {
        self.samples.clone()
    }

    fn field(&self, points: Tensor<2>, _at: Condition) -> Result<Option<Tensor<2>>, ModelError> {
        let net = self.learner.eval();
        let (mu, _) = self.posterior(&net, points.clone()); // [N, c]
        Ok(Some(net.decode(mu) - points)) // ỹ − y: [N, 2]
    }

    fn bubbles(&self, data: &Batch) -> Result<Vec<Bubble>, ModelError> {
        let c = self.code;
        let (mu, log_v) = self.posterior(&self.learner.eval(), data.y.clone());
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

    fn loss(&self, data: &Batch, _beta: Beta) -> Result<f32, ModelError> {
        Ok(read_values(self.energy_with(&self.learner.net, data.y.clone()).mean())?[0])
    }

    fn params(&self) -> Vec<(&'static str, f32)> {
        self.knobs.pairs()
    }

    fn save_state(&self) -> Result<ModelState, ModelError> {
        single_net_state(self.params(), &self.learner, &self.rng, &self.samples)
    }

    fn load_state(&mut self, state: &ModelState) -> Result<(), ModelError> {
        let device = self.device.clone();
        load_single_net(
            state,
            &mut self.learner,
            &mut self.rng,
            &mut self.samples,
            &device,
        )
    }

    fn set_param(&mut self, key: &str, value: f32) -> Result<(), ModelError> {
        let structural = self.knobs.is_structural(key);
        self.knobs.set(key, value)?;
        if structural {
            let rng = fork(&mut self.rng);
            *self = Self::build(self.knobs.clone(), &self.device, rng);
        }
        Ok(())
    }
}

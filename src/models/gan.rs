//! The GAN read as contrastive energy learning (episode 5). The cost net C is the energy:
//! ℓ_C = C(y) + [m − C(ŷ)]⁺ pushes the data down to 0 and the generated ŷ = G(z) up to the
//! margin m; the generator minimises ℓ_G = C(G(z)), so its samples roll downhill on C.
//! There is no discriminator probability anywhere.

use burn::module::Module;
use burn::tensor::{Device, Tensor, TensorData};

use super::ae_family::{DEPTH, WIDTH};
use super::blocks::cost::hinge_up;
use super::blocks::mlp::{Mlp, MlpConfig};
use super::blocks::sampler::{gaussian, prior_grid, prior_grid_weights, prior_latent};
use super::diagram::{Diagram, OBSERVED, Part, PartKind};
use super::knobs::Knobs;
use super::learner::{Learner, ModelRng, fork, model_rng};
use super::spec::{Draws, EnergyName, Family, Inputs, Knob, KnobKind, Latent, ModelSpec};
use super::state::{ModelState, RngState};
use super::{
    Batch, Condition, EnergyModel, LatentGrid, Manifold, ModelError, ModelId, Objective,
    owned_params,
};
use crate::energy::Beta;
use crate::energy::free_energy::{read_points, read_values};
use crate::kernels::HostEnergy;

/// Generated samples per step.
const BATCH: usize = 64;

const MARGIN: Knob = Knob::live(
    "margin",
    "margin m",
    (0.0, 1.0e6),
    1.0,
    "C is pushed up to m at the generated points and no further: [m − C(ŷ)]⁺.",
)
.slider(0.0, 5.0);
// The cost net must stay ahead of the generator, or C flattens under the samples (measured on
// the ellipse after 1500 steps: 1:1 gives a far/data energy ratio of 3.6, 3:1 gives 17.5).
const K_COST: Knob = Knob::count("k_c", "k_C", (1.0, 10.0), 3.0, KnobKind::Live)
    .with_help("Cost-net steps per round.");
const K_GEN: Knob = Knob::count("k_g", "k_G", (1.0, 10.0), 1.0, KnobKind::Live)
    .with_help("Generator steps per round.");
const LATENT: Knob = Knob::count(
    "latent",
    "latent dim",
    (1.0, 2.0),
    2.0,
    KnobKind::Structural,
);

pub const SPEC: ModelSpec = ModelSpec {
    key: "gan",
    title: "GAN (contrastive EBM)",
    recipe: "GAN = sampler z ~ N(0, I) → generator → cost net C; contrastive hinge",
    about: "Read as energy learning: the surface is the cost net C(y), pushed down on the \
            data and up (to the margin) on the red generated points ŷ = G(z); G moves its \
            points downhill along −∇C (the arrows). No probabilities, just a cost surface.",
    energy: EnergyName {
        name: "C(y), cost net",
        symbol: "C",
    },
    knobs: &[MARGIN, K_COST, K_GEN, LATENT, WIDTH, DEPTH],
    latent: Latent::GaussianPrior,
    draws: Draws {
        hot: true,
        hot_arrows: true,
        ..Draws::MANIFOLD
    },
    inputs: Inputs::Y,
    loss: "cost-net loss ℓ_C = mean C(y) + mean [m − C(ŷ)]⁺",
    diagram: Diagram {
        parts: &[
            OBSERVED,
            Part::new(PartKind::Sampler, "z ~ N(0, I)", "The prior sampler."),
            Part::new(PartKind::Latent, "z", "The latent."),
            Part::new(
                PartKind::Decoder,
                "generator G",
                "The generator: z ↦ ŷ, rolling its samples downhill on C.",
            ),
            Part::new(
                PartKind::Output,
                "ŷ = G(z)",
                "The generated point (red): the cost net pushes its energy up to the margin.",
            )
            .pushed_up(),
            Part::new(
                PartKind::Cost,
                "cost net C",
                "The cost net C(y) = ‖f(y)‖²: down on the data, up on G(z).",
            ),
            Part::new(PartKind::Energy, "C", "The energy: the cost net's value."),
        ],
        wires: &[
            (PartKind::Sampler, PartKind::Latent),
            (PartKind::Latent, PartKind::Decoder),
            (PartKind::Decoder, PartKind::Output),
            (PartKind::Output, PartKind::Cost),
            (PartKind::Observed, PartKind::Cost),
            (PartKind::Cost, PartKind::Energy),
        ],
    },
    family: Family::Contrastive {
        pushed_up: "the generated points ŷ = G(z), up to the margin",
    },
    create,
};

fn create(device: &Device, seed: u64) -> Box<dyn EnergyModel> {
    Box::new(GanModel::new(device, seed))
}

/// Outputs of the cost net's feature map f: C(y) = ‖f(y)‖².
const COST_FEATURES: usize = 4;

/// The cost net C(y) = ‖f(y)‖² ≥ 0, f: ℝ² → ℝ⁴, so "push the data to 0" has a floor. Why a
/// vector: the zero set of a scalar f² is a curve, which in the plane runs off to infinity — the
/// generator then slides its samples along that valley out of the picture (measured: 25 units
/// away after 3000 steps). The zeros of a map ℝ² → ℝ⁴ are isolated points, so the valleys sit
/// where the data pulled them. (A softplus floor dies: once the data term drives the raw output
/// far negative, its slope vanishes everywhere and the hinge can no longer push the generated
/// points up.)
#[derive(Module, Debug)]
pub struct CostNet {
    mlp: Mlp,
}

impl CostNet {
    /// `[N, 2] → [N]`
    pub fn forward(&self, y: Tensor<2>) -> Tensor<1> {
        self.mlp.forward(y).square().sum_dim(1).squeeze_dim::<1>(1) // [N, k] → [N]
    }

    /// −∇C at `y`: `[N, 2] → [N, 2]`.
    pub fn neg_grad(&self, y: Tensor<2>) -> Tensor<2> {
        let (f, jac) = self.mlp.forward_with_jacobian(y); // [N, k], [N, 2, k]
        let [n, i, _] = jac.dims();
        // ∇‖f‖² = 2 Jᵀf: contract the feature axis.
        (jac * f.unsqueeze_dim::<3>(1)) // [N, 2, k]
            .sum_dim(2)
            .reshape([n, i])
            .mul_scalar(-2.0)
    }
}

pub struct GanModel {
    knobs: Knobs,
    /// The latent size of the generator.
    latent: usize,
    cost: Learner<CostNet>,
    generator: Learner<Mlp>,
    rng: ModelRng,
    /// The z of the last generator step (host copy, `[BATCH, latent]` row-major).
    last_z: Vec<f32>,
    hot: Vec<[f32; 2]>,
    device: Device,
}

impl GanModel {
    pub fn new(device: &Device, seed: u64) -> Self {
        Self::build(
            Knobs::defaults(ModelId::Gan),
            device,
            model_rng(ModelId::Gan, seed),
        )
    }

    fn build(knobs: Knobs, device: &Device, mut rng: ModelRng) -> Self {
        let train = device.clone().autodiff();
        let latent = knobs.count(&LATENT);
        let mlp = |input, output| MlpConfig {
            input,
            output,
            width: knobs.count(&WIDTH),
            depth: knobs.count(&DEPTH),
            skip: true,
        };
        let cost = CostNet {
            mlp: mlp(2, COST_FEATURES).init(&mut rng, &train),
        };
        let generator = mlp(latent, 2).init(&mut rng, &train);
        GanModel {
            knobs,
            latent,
            cost: Learner::new(cost),
            generator: Learner::new(generator),
            rng,
            last_z: Vec::new(),
            hot: Vec::new(),
            device: device.clone(),
        }
    }

    /// The latent batch of the last generator step, `[BATCH, latent]`.
    pub fn last_latent(&self) -> Tensor<2> {
        Tensor::from_data(
            TensorData::new(
                self.last_z.clone(),
                [self.last_z.len() / self.latent, self.latent],
            ),
            &self.device,
        )
    }

    /// G(z) for `z` (`[N, latent]`, inference device) → `[N, 2]`.
    pub fn generate(&self, z: Tensor<2>) -> Tensor<2> {
        self.generator.eval().forward(z)
    }

    fn cost_step(&mut self, data: &Tensor<2>, lr: f64) -> Result<f32, ModelError> {
        let z = gaussian(&mut self.rng, BATCH, self.latent, &data.device());
        let fake = self.generator.net.forward(z).detach(); // [B, 2]
        let c = &self.cost.net;
        let margin = self.knobs.get(&MARGIN);
        let loss = c.forward(data.clone()).mean() + hinge_up(c.forward(fake), margin).mean();
        self.cost.step(loss, lr)
    }

    fn generator_step(&mut self, data: &Tensor<2>, lr: f64) -> Result<f32, ModelError> {
        let z = gaussian(&mut self.rng, BATCH, self.latent, &data.device());
        self.last_z = read_values(z.clone())?;
        let loss = self.cost.net.forward(self.generator.net.forward(z)).mean();
        self.generator.step(loss, lr)
    }
}

impl EnergyModel for GanModel {
    fn id(&self) -> ModelId {
        ModelId::Gan
    }

    fn train_step(&mut self, data: &Batch, objective: Objective) -> Result<f32, ModelError> {
        let lr = objective.learning_rate;
        let mut cost_loss = f32::NAN;
        for _ in 0..self.knobs.count(&K_COST) {
            cost_loss = self.cost_step(&data.y, lr)?;
        }
        for _ in 0..self.knobs.count(&K_GEN) {
            self.generator_step(&data.y, lr)?;
        }
        self.hot = read_points(self.generate(self.last_latent()))?;
        Ok(cost_loss)
    }

    fn manifold(&self, _data: &Batch, _at: Condition) -> Result<Option<Manifold>, ModelError> {
        let grid = prior_grid(self.latent, &self.device); // [K, latent]
        Ok(Some(Manifold {
            points: self.generator.eval().forward(grid), // [K, 2]
            weights: Some(prior_grid_weights(self.latent)),
        }))
    }

    fn latent(&self, _data: &Batch, _at: Condition) -> Result<Option<LatentGrid>, ModelError> {
        Ok(Some(prior_latent(self.latent)))
    }

    fn decode(&self, z: Tensor<2>, _at: Condition) -> Result<Option<Tensor<2>>, ModelError> {
        Ok(Some(self.generator.net.forward(z))) // [N, latent] → [N, 2]
    }

    fn energy(&self, points: Tensor<2>, _at: Condition) -> Result<Tensor<1>, ModelError> {
        Ok(self.cost.eval().forward(points))
    }

    fn host_energy(&self, _at: Condition) -> Result<Option<HostEnergy>, ModelError> {
        Ok(Some(HostEnergy::SquaredNorm(
            self.cost.eval().mlp.to_host()?,
        )))
    }

    fn hot(&self) -> Vec<[f32; 2]> {
        self.hot.clone()
    }

    /// Where G wants to move each hot point: −∇C there, `[BATCH, 2]`.
    fn hot_arrows(&self) -> Result<Vec<[f32; 2]>, ModelError> {
        let hot = crate::energy::free_energy::points_tensor(&self.hot, &self.device);
        Ok(read_points(self.cost.eval().neg_grad(hot))?)
    }

    /// ℓ_C, the loss the window's curve shows: the data pushed down, the last step's generated
    /// points pushed up to the margin (before any step, G of the prior grid).
    fn loss(&self, data: &Batch, _beta: Beta) -> Result<f32, ModelError> {
        let z = if self.last_z.is_empty() {
            prior_grid(self.latent, &self.device)
        } else {
            self.last_latent()
        };
        let cost = self.cost.eval();
        let fake = self.generate(z); // [B, 2]
        let data = data.y.clone().inner(); // [N, 2]
        let loss = cost.forward(data).mean()
            + hinge_up(cost.forward(fake), self.knobs.get(&MARGIN)).mean();
        Ok(read_values(loss)?[0])
    }

    fn neg_energy_grad(
        &self,
        points: Tensor<2>,
        _at: Condition,
    ) -> Result<Option<Tensor<2>>, ModelError> {
        Ok(Some(self.cost.eval().neg_grad(points)))
    }

    fn params(&self) -> Vec<(&'static str, f32)> {
        self.knobs.pairs()
    }

    fn save_state(&self) -> Result<ModelState, ModelError> {
        Ok(ModelState {
            params: owned_params(self.params()),
            nets: vec![self.cost.state()?, self.generator.state()?],
            rng: Some(RngState::of(&self.rng)),
            hot: self.hot.clone(),
            extra: self.last_z.clone(),
        })
    }

    fn load_state(&mut self, state: &ModelState) -> Result<(), ModelError> {
        let [cost, generator] = state.nets::<2>()?;
        let rng = state.rng()?;
        if !state.extra.len().is_multiple_of(self.latent) {
            return Err(ModelError::State(format!(
                "{} latent values for a {}-D latent",
                state.extra.len(),
                self.latent
            )));
        }
        self.cost.restore(cost, &self.device)?;
        self.generator.restore(generator, &self.device)?;
        self.rng = rng;
        self.hot.clone_from(&state.hot);
        self.last_z.clone_from(&state.extra);
        Ok(())
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

//! The GAN read as contrastive energy learning (episode 5). The cost net C is the energy:
//! ℓ_C = C(y) + [m − C(ŷ)]⁺ pushes the data down to 0 and the generated ŷ = G(z) up to the
//! margin m; the generator minimises ℓ_G = C(G(z)), so its samples roll downhill on C.
//! There is no discriminator probability anywhere.

use burn::module::Module;
use burn::tensor::{Device, Tensor, TensorData};

use super::blocks::cost::hinge_up;
use super::blocks::mlp::{Mlp, MlpConfig};
use super::blocks::sampler::{gaussian, prior_grid};
use super::learner::{Learner, ModelRng, fork, model_rng};
use super::state::{ModelState, RngState};
use super::{
    EnergyModel, ModelError, ModelId, Objective, count_param, non_negative_param, owned_params,
    unknown_param,
};
use crate::energy::Beta;
use crate::energy::free_energy::{read_points, read_values};
use crate::kernels::HostEnergy;

/// Generated samples per step.
const BATCH: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub struct GanShape {
    pub latent: usize,
    pub width: usize,
    pub depth: usize,
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
    shape: GanShape,
    margin: f32,
    /// Cost steps per generator step (k_C : k_G).
    k_cost: usize,
    k_gen: usize,
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
        let shape = GanShape {
            latent: 2,
            width: 32,
            depth: 2,
        };
        Self::build(shape, device, model_rng(ModelId::Gan, seed))
    }

    fn build(shape: GanShape, device: &Device, mut rng: ModelRng) -> Self {
        let train = device.clone().autodiff();
        let mlp = |input, output| MlpConfig {
            input,
            output,
            width: shape.width,
            depth: shape.depth,
            skip: true,
        };
        let cost = CostNet {
            mlp: mlp(2, COST_FEATURES).init(&mut rng, &train),
        };
        let generator = mlp(shape.latent, 2).init(&mut rng, &train);
        GanModel {
            shape,
            margin: 1.0,
            // The cost net must stay ahead of the generator, or C flattens under the samples
            // (measured on the ellipse after 1500 steps: 1:1 gives a far/data energy ratio of
            // 3.6, 3:1 gives 17.5).
            k_cost: 3,
            k_gen: 1,
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
                [self.last_z.len() / self.shape.latent, self.shape.latent],
            ),
            &self.device,
        )
    }

    /// G(z) for `z` (`[N, latent]`, inference device) → `[N, 2]`.
    pub fn generate(&self, z: Tensor<2>) -> Tensor<2> {
        self.generator.eval().forward(z)
    }

    fn cost_step(&mut self, data: &Tensor<2>, lr: f64) -> Result<f32, ModelError> {
        let z = gaussian(&mut self.rng, BATCH, self.shape.latent, &data.device());
        let fake = self.generator.net.forward(z).detach(); // [B, 2]
        let c = &self.cost.net;
        let loss = c.forward(data.clone()).mean() + hinge_up(c.forward(fake), self.margin).mean();
        self.cost.step(loss, lr)
    }

    fn generator_step(&mut self, data: &Tensor<2>, lr: f64) -> Result<f32, ModelError> {
        let z = gaussian(&mut self.rng, BATCH, self.shape.latent, &data.device());
        self.last_z = read_values(z.clone())?;
        let loss = self.cost.net.forward(self.generator.net.forward(z)).mean();
        self.generator.step(loss, lr)
    }
}

impl EnergyModel for GanModel {
    fn id(&self) -> ModelId {
        ModelId::Gan
    }

    fn train_step(&mut self, data: &Tensor<2>, objective: Objective) -> Result<f32, ModelError> {
        let lr = objective.learning_rate;
        let mut cost_loss = f32::NAN;
        for _ in 0..self.k_cost {
            cost_loss = self.cost_step(data, lr)?;
        }
        for _ in 0..self.k_gen {
            self.generator_step(data, lr)?;
        }
        self.hot = read_points(self.generate(self.last_latent()))?;
        Ok(cost_loss)
    }

    fn manifold(&self, _data: &Tensor<2>) -> Result<Tensor<2>, ModelError> {
        let grid = prior_grid(self.shape.latent, &self.device); // [K, latent]
        Ok(self.generator.eval().forward(grid))
    }

    fn energy(&self, points: Tensor<2>) -> Result<Tensor<1>, ModelError> {
        Ok(self.cost.eval().forward(points))
    }

    fn host_energy(&self) -> Result<Option<HostEnergy>, ModelError> {
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

    fn loss(&self, data: &Tensor<2>, _beta: Beta) -> Result<f32, ModelError> {
        Ok(read_values(self.cost.net.forward(data.clone()).mean())?[0])
    }

    fn params(&self) -> Vec<(&'static str, f32)> {
        vec![
            ("latent", self.shape.latent as f32),
            ("width", self.shape.width as f32),
            ("depth", self.shape.depth as f32),
            ("margin", self.margin),
            ("k_c", self.k_cost as f32),
            ("k_g", self.k_gen as f32),
        ]
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
        if !state.extra.len().is_multiple_of(self.shape.latent) {
            return Err(ModelError::State(format!(
                "{} latent values for a {}-D latent",
                state.extra.len(),
                self.shape.latent
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
        let mut shape = self.shape.clone();
        match key {
            "margin" => self.margin = non_negative_param(key, value)?,
            "k_c" => self.k_cost = count_param(key, value, 1..=10, "a step count 1…10")?,
            "k_g" => self.k_gen = count_param(key, value, 1..=10, "a step count 1…10")?,
            "latent" | "width" | "depth" => {
                match key {
                    "latent" => shape.latent = count_param(key, value, 1..=2, "1 or 2")?,
                    "width" => shape.width = count_param(key, value, 2..=256, "a width 2…256")?,
                    _ => shape.depth = count_param(key, value, 1..=4, "a depth 1…4")?,
                }
                let (margin, k_cost, k_gen) = (self.margin, self.k_cost, self.k_gen);
                *self = Self::build(shape, &self.device, fork(&mut self.rng));
                (self.margin, self.k_cost, self.k_gen) = (margin, k_cost, k_gen);
            }
            _ => return Err(unknown_param(ModelId::Gan, key, &self.params())),
        }
        Ok(())
    }
}

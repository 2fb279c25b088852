//! The latent-variable EBM with a neural decoder g_θ(z): the course's ellipse model with the
//! fixed form (w₁ cos z, w₂ sin z) replaced by an MLP of (cos z, sin z), on the same 48-point
//! grid and trained with the same free energy. It can learn shapes the ellipse cannot.

use burn::tensor::{Device, Tensor};

use super::ae_family::{DEPTH, WIDTH};
use super::blocks::mlp::{Mlp, MlpConfig};
use super::blocks::sampler::{circle_embedding, circle_grid};
use super::diagram::{Diagram, LV_WIRES, OBSERVED, Part, PartKind};
use super::ellipse::LATENT_POINTS;
use super::knobs::Knobs;
use super::learner::{Learner, model_rng};
use super::spec::{Draws, EnergyName, Family, Inputs, Latent, ModelSpec};
use super::state::ModelState;
use super::{
    Batch, Condition, EnergyModel, LatentGrid, Manifold, ModelError, ModelId, Objective,
    owned_params,
};
use crate::energy::Beta;
use crate::energy::free_energy::{free_energy, pairwise_energy, read_points, read_values};
use crate::kernels::{self, HostEnergy};

pub const SPEC: ModelSpec = ModelSpec {
    key: "lv-neural",
    title: "Neural LV-EBM",
    recipe: "LV-EBM = latent grid z_k → neural decoder g_θ → cost ‖y − ỹ‖² → F_β",
    about: "The ellipse model with a neural decoder: the same 48-point latent grid and F_β, \
            but the curve can take any shape — it follows data the fixed ellipse cannot.",
    energy: EnergyName {
        name: "F_β(y), free energy over the 48-point latent grid",
        symbol: "F_β",
    },
    knobs: &[WIDTH, DEPTH],
    latent: Latent::Grid { periodic: true },
    draws: Draws::MANIFOLD,
    inputs: Inputs::Y,
    loss: "mean F of the data",
    diagram: Diagram {
        parts: &[
            OBSERVED,
            Part::new(
                PartKind::Sampler,
                "grid z_k",
                "The 48-point latent grid z_k = 2πk/48: every z is tried.",
            ),
            Part::new(
                PartKind::Latent,
                "z",
                "The latent: a position along the closed curve.",
            ),
            Part::new(
                PartKind::Decoder,
                "g_θ(z)",
                "The decoder g_θ: an MLP of (cos z, sin z); its points are the violet manifold.",
            ),
            Part::new(PartKind::Output, "ỹ", "ỹ = g(z): a point of the manifold."),
            Part::new(
                PartKind::Cost,
                "‖y − ỹ‖²",
                "The cost E(y, z) = ‖y − g(z)‖².",
            ),
            Part::new(
                PartKind::Energy,
                "F_β",
                "The free energy: a softmin over z of the cost (the minimum at β = ∞).",
            ),
        ],
        wires: LV_WIRES,
    },
    family: Family::Architectural {
        limit: "the latent grid: only the 48 decoded points g_θ(z_k) can be cold",
    },
    create,
};

fn create(device: &Device, seed: u64) -> Box<dyn EnergyModel> {
    Box::new(NeuralLvModel::new(device, seed))
}

pub struct NeuralLvModel {
    knobs: Knobs,
    learner: Learner<Mlp>,
    /// (cos z_k, sin z_k) on the autodiff device (training) and the plain one (views).
    grid_train: Tensor<2>,
    grid: Tensor<2>,
    seed: u64,
    device: Device,
}

impl NeuralLvModel {
    pub fn new(device: &Device, seed: u64) -> Self {
        Self::build(Knobs::defaults(ModelId::LvNeural), device, seed)
    }

    fn build(knobs: Knobs, device: &Device, seed: u64) -> Self {
        let train = device.clone().autodiff();
        let mut rng = model_rng(ModelId::LvNeural, seed);
        let decoder = MlpConfig {
            input: 2,
            output: 2,
            width: knobs.count(&WIDTH),
            depth: knobs.count(&DEPTH),
            skip: true,
        }
        .init(&mut rng, &train);
        NeuralLvModel {
            knobs,
            learner: Learner::new(decoder),
            grid_train: circle_grid(LATENT_POINTS, &train),
            grid: circle_grid(LATENT_POINTS, device),
            seed,
            device: device.clone(),
        }
    }

    /// Mean F_β of `data` under `decoder` on `grid` (same device): `[1]`.
    fn mean_free_energy(decoder: &Mlp, grid: Tensor<2>, data: Tensor<2>, beta: Beta) -> Tensor<1> {
        let g = decoder.forward(grid); // [K, 2]
        free_energy(pairwise_energy(data, g), beta).mean()
    }
}

impl EnergyModel for NeuralLvModel {
    fn id(&self) -> ModelId {
        ModelId::LvNeural
    }

    fn train_step(&mut self, data: &Batch, objective: Objective) -> Result<f32, ModelError> {
        let loss = Self::mean_free_energy(
            &self.learner.net,
            self.grid_train.clone(),
            data.y.clone(),
            objective.beta,
        );
        self.learner.step(loss, objective.learning_rate)
    }

    fn manifold(&self, _data: &Batch, _at: Condition) -> Result<Option<Manifold>, ModelError> {
        let points = self.learner.eval().forward(self.grid.clone());
        Ok(Some(Manifold::uniform(points)))
    }

    fn latent(&self, _data: &Batch, _at: Condition) -> Result<Option<LatentGrid>, ModelError> {
        Ok(Some(LatentGrid::circle(LATENT_POINTS)))
    }

    fn decode(&self, z: Tensor<2>, _at: Condition) -> Result<Option<Tensor<2>>, ModelError> {
        Ok(Some(self.learner.net.forward(circle_embedding(z)))) // [N, 1] → [N, 2]
    }

    fn energy(&self, points: Tensor<2>, _at: Condition) -> Result<Tensor<1>, ModelError> {
        let g = self.learner.eval().forward(self.grid.clone());
        Ok(free_energy(pairwise_energy(points, g), Beta::Infinite).squeeze_dim::<1>(1))
    }

    fn host_energy(&self, _at: Condition) -> Result<Option<HostEnergy>, ModelError> {
        let g = read_points(self.learner.eval().forward(self.grid.clone()))?;
        Ok(Some(HostEnergy::FreeEnergy {
            manifold: kernels::Manifold::new(&g),
            beta: Beta::Infinite,
        }))
    }

    fn loss(&self, data: &Batch, beta: Beta) -> Result<f32, ModelError> {
        let loss = Self::mean_free_energy(
            &self.learner.net,
            self.grid_train.clone(),
            data.y.clone(),
            beta,
        );
        Ok(read_values(loss)?[0])
    }

    fn params(&self) -> Vec<(&'static str, f32)> {
        self.knobs.pairs()
    }

    fn save_state(&self) -> Result<ModelState, ModelError> {
        Ok(ModelState {
            params: owned_params(self.params()),
            nets: vec![self.learner.state()?],
            rng: None,
            hot: Vec::new(),
            extra: Vec::new(),
        })
    }

    fn load_state(&mut self, state: &ModelState) -> Result<(), ModelError> {
        let [net] = state.nets::<1>()?;
        self.learner.restore(net, &self.device)
    }

    fn set_param(&mut self, key: &str, value: f32) -> Result<(), ModelError> {
        self.knobs.set(key, value)?;
        // Every knob of this model is structural: a new decoder from the model's own seed.
        *self = Self::build(self.knobs.clone(), &self.device, self.seed);
        Ok(())
    }
}

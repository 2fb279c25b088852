//! The horn's conditional LV-EBM (course p.34–39): E(x, y, z) = ‖y − f(x) ⊙ g(z)‖² with
//! g(z) = (cos z, sin z) on the 48-point latent grid and a predictor f: x ↦ ℝ²₊, the slice's
//! semi-axes. F_β over z as for the ellipse: at each x the manifold is an ellipse, and trained
//! on every x it follows the horn's ρ(x).
//!
//! f(x) = exp(MLP(x)): semi-axes stay positive, and log ρ(x) = log(a(x)) + 2x is nearly
//! linear in x, which a small network fits from any seed (ρ itself spans 1.5 … 15).

use burn::tensor::{Device, Tensor};

use super::ae_family::{DEPTH, WIDTH};
use super::blocks::mlp::Mlp;
use super::blocks::predictor::{input_at, inputs_of, predict, predictor};
use super::blocks::sampler::{circle_embedding, circle_grid};
use super::diagram::{Diagram, OBSERVED, Part, PartKind};
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
    key: "horn-lv",
    title: "Horn LV-EBM (conditional)",
    recipe: "LV-EBM = x → predictor f(x); latent grid z_k → f(x) ⊙ (cos z, sin z) → cost \
             ‖y − ỹ‖² → F_β",
    about: "Given an x there is a whole ellipse of correct y's. The predictor gives the \
            slice's semi-axes f(x), the latent z picks the point on it: at every x the \
            manifold follows the horn (drag the x slider, or open the 3-D view).",
    energy: EnergyName {
        name: "F_β(y | x), free energy over the 48-point latent grid at the slice's x",
        symbol: "F_β",
    },
    knobs: &[WIDTH, DEPTH],
    latent: Latent::Grid { periodic: true },
    draws: Draws::MANIFOLD,
    inputs: Inputs::XY,
    loss: "mean F of the data (x, y)",
    diagram: Diagram {
        parts: &[
            OBSERVED,
            Part::new(
                PartKind::Input,
                "x",
                "The input x (pink): where on the horn.",
            ),
            Part::new(
                PartKind::Predictor,
                "f(x)",
                "The predictor: x ↦ the slice's semi-axes f(x).",
            ),
            Part::new(PartKind::Sampler, "grid z_k", "The 48-point latent grid."),
            Part::new(PartKind::Latent, "z", "The latent: the angle on the slice."),
            Part::new(
                PartKind::Decoder,
                "f(x)⊙(cos z, sin z)",
                "The decoder: the slice's ellipse, the violet manifold at x.",
            ),
            Part::new(PartKind::Output, "ỹ", "A point of the slice's manifold."),
            Part::new(PartKind::Cost, "‖y − ỹ‖²", "The cost E(x, y, z)."),
            Part::new(PartKind::Energy, "F_β", "The free energy over z, at x."),
        ],
        wires: &[
            (PartKind::Input, PartKind::Predictor),
            (PartKind::Predictor, PartKind::Decoder),
            (PartKind::Sampler, PartKind::Latent),
            (PartKind::Latent, PartKind::Decoder),
            (PartKind::Decoder, PartKind::Output),
            (PartKind::Output, PartKind::Cost),
            (PartKind::Observed, PartKind::Cost),
            (PartKind::Cost, PartKind::Energy),
        ],
    },
    family: Family::Architectural {
        limit: "the 1-D latent: at each x only a 48-point curve can be cold",
    },
    create,
};

fn create(device: &Device, seed: u64) -> Box<dyn EnergyModel> {
    Box::new(HornLvModel::new(device, seed))
}

pub struct HornLvModel {
    knobs: Knobs,
    learner: Learner<Mlp>,
    /// (cos z_k, sin z_k) on the autodiff device (training) and the plain one (views).
    grid_train: Tensor<2>,
    grid: Tensor<2>,
    seed: u64,
    device: Device,
}

impl HornLvModel {
    pub fn new(device: &Device, seed: u64) -> Self {
        Self::build(Knobs::defaults(ModelId::HornLv), device, seed)
    }

    fn build(knobs: Knobs, device: &Device, seed: u64) -> Self {
        let train = device.clone().autodiff();
        let mut rng = model_rng(ModelId::HornLv, seed);
        let net = predictor(knobs.count(&WIDTH), knobs.count(&DEPTH), &mut rng, &train);
        HornLvModel {
            knobs,
            learner: Learner::new(net),
            grid_train: circle_grid(LATENT_POINTS, &train),
            grid: circle_grid(LATENT_POINTS, device),
            seed,
            device: device.clone(),
        }
    }

    /// The semi-axes f(x) at each x: `[N] → [N, 2]`, positive.
    fn semi_axes_of(net: &Mlp, x: Tensor<1>) -> Tensor<2> {
        predict(net, x).exp()
    }

    /// The semi-axes at `x`, as numbers.
    pub fn semi_axes(&self, x: f32) -> Result<[f32; 2], ModelError> {
        let f = Self::semi_axes_of(&self.learner.eval(), Tensor::from_floats([x], &self.device));
        let v = read_values(f)?;
        Ok([v[0], v[1]])
    }

    /// The manifold at the view's x: `[K, 2]` on the plain device.
    fn manifold_at(&self, at: Condition) -> Tensor<2> {
        let f = Self::semi_axes_of(&self.learner.eval(), input_at(at, &self.device)); // [1, 2]
        self.grid.clone() * f // [K, 2] · [1, 2]
    }

    /// Mean F_β over the rows, each at its own x: `[1]` (on `net`'s device).
    fn mean_free_energy(net: &Mlp, grid: Tensor<2>, data: &Batch, beta: Beta) -> Tensor<1> {
        let x = inputs_of(data, &data.y.device()); // [N]
        let f = Self::semi_axes_of(net, x); // [N, 2]
        let cos = grid.clone().narrow(1, 0, 1).transpose(); // [1, K]
        let sin = grid.narrow(1, 1, 1).transpose(); // [1, K]
        let y1 = data.y.clone().narrow(1, 0, 1); // [N, 1]
        let y2 = data.y.clone().narrow(1, 1, 1);
        let (f1, f2) = (f.clone().narrow(1, 0, 1), f.narrow(1, 1, 1)); // [N, 1] each
        let energy = (y1 - f1 * cos).square() + (y2 - f2 * sin).square(); // [N, K]
        free_energy(energy, beta).mean()
    }
}

impl EnergyModel for HornLvModel {
    fn id(&self) -> ModelId {
        ModelId::HornLv
    }

    fn train_step(&mut self, data: &Batch, objective: Objective) -> Result<f32, ModelError> {
        let loss = Self::mean_free_energy(
            &self.learner.net,
            self.grid_train.clone(),
            data,
            objective.beta,
        );
        self.learner.step(loss, objective.learning_rate)
    }

    fn manifold(&self, _data: &Batch, at: Condition) -> Result<Option<Manifold>, ModelError> {
        Ok(Some(Manifold::uniform(self.manifold_at(at))))
    }

    fn latent(&self, _data: &Batch, _at: Condition) -> Result<Option<LatentGrid>, ModelError> {
        Ok(Some(LatentGrid::circle(LATENT_POINTS)))
    }

    fn decode(&self, z: Tensor<2>, at: Condition) -> Result<Option<Tensor<2>>, ModelError> {
        let f = Self::semi_axes_of(&self.learner.net, input_at(at, &self.device)); // [1, 2]
        Ok(Some(circle_embedding(z) * f)) // [N, 2] · [1, 2]
    }

    fn energy(&self, points: Tensor<2>, at: Condition) -> Result<Tensor<1>, ModelError> {
        let energy = pairwise_energy(points, self.manifold_at(at)); // [N, K]
        Ok(free_energy(energy, Beta::Infinite).squeeze_dim::<1>(1))
    }

    fn host_energy(&self, at: Condition) -> Result<Option<HostEnergy>, ModelError> {
        Ok(Some(HostEnergy::FreeEnergy {
            manifold: kernels::Manifold::new(&read_points(self.manifold_at(at))?),
            beta: Beta::Infinite,
        }))
    }

    fn loss(&self, data: &Batch, beta: Beta) -> Result<f32, ModelError> {
        let loss = Self::mean_free_energy(&self.learner.net, self.grid_train.clone(), data, beta);
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
        // Every knob is structural: a new predictor from the model's own seed.
        *self = Self::build(self.knobs.clone(), &self.device, self.seed);
        Ok(())
    }
}

//! The MSE regressor ŷ = f(x): the course's wrong answer for the horn (p.34). "Given an x
//! there are multiple correct y's, a whole ellipse … use MSE and you'll get a point in the
//! middle, which is WRONG." Its energy ‖y − f(x)‖² is one bowl around that point; its manifold
//! at x is the single point f(x).

use burn::tensor::{Device, Tensor};

use super::ae_family::{DEPTH, WIDTH};
use super::blocks::cost::squared_distance;
use super::blocks::mlp::Mlp;
use super::blocks::predictor::{input_at, inputs_of, predict, predictor};
use super::diagram::{Diagram, OBSERVED, Part, PartKind};
use super::knobs::Knobs;
use super::learner::{Learner, model_rng};
use super::spec::{Draws, EnergyName, Family, Inputs, Latent, ModelSpec};
use super::state::ModelState;
use super::{
    Batch, Condition, EnergyModel, Manifold, ModelError, ModelId, Objective, owned_params,
};
use crate::energy::Beta;
use crate::energy::free_energy::{read_points, read_values};
use crate::kernels::{self, HostEnergy};

pub const SPEC: ModelSpec = ModelSpec {
    key: "mse",
    title: "MSE regressor",
    recipe: "regressor = x → predictor f(x) = ŷ → cost ‖y − ŷ‖²",
    about: "The course's wrong answer: trained with MSE on the horn, f(x) lands in the middle \
            of each slice, where no data are. Its energy is one bowl around that point. \
            Compare with the horn LV-EBM at the same x.",
    energy: EnergyName {
        name: "‖y − f(x)‖², the regressor's energy at the slice's x",
        symbol: "E",
    },
    knobs: &[WIDTH, DEPTH],
    latent: Latent::None,
    draws: Draws::MANIFOLD,
    inputs: Inputs::XY,
    loss: "mean ‖y − f(x)‖² of the data",
    diagram: Diagram {
        parts: &[
            OBSERVED,
            Part::new(PartKind::Input, "x", "The input x (pink)."),
            Part::new(
                PartKind::Predictor,
                "f(x)",
                "The predictor: one answer per x.",
            ),
            Part::new(
                PartKind::Output,
                "ŷ = f(x)",
                "The prediction (violet): the middle of the slice, which is wrong.",
            ),
            Part::new(PartKind::Cost, "‖y − ŷ‖²", "The squared error."),
            Part::new(PartKind::Energy, "E", "The energy: one bowl around f(x)."),
        ],
        wires: &[
            (PartKind::Input, PartKind::Predictor),
            (PartKind::Predictor, PartKind::Output),
            (PartKind::Output, PartKind::Cost),
            (PartKind::Observed, PartKind::Cost),
            (PartKind::Cost, PartKind::Energy),
        ],
    },
    family: Family::Architectural {
        limit: "having no latent: at each x one point f(x) is cold",
    },
    create,
};

fn create(device: &Device, seed: u64) -> Box<dyn EnergyModel> {
    Box::new(MseModel::new(device, seed))
}

pub struct MseModel {
    knobs: Knobs,
    learner: Learner<Mlp>,
    seed: u64,
    device: Device,
}

impl MseModel {
    pub fn new(device: &Device, seed: u64) -> Self {
        Self::build(Knobs::defaults(ModelId::Mse), device, seed)
    }

    fn build(knobs: Knobs, device: &Device, seed: u64) -> Self {
        let train = device.clone().autodiff();
        let mut rng = model_rng(ModelId::Mse, seed);
        let net = predictor(knobs.count(&WIDTH), knobs.count(&DEPTH), &mut rng, &train);
        MseModel {
            knobs,
            learner: Learner::new(net),
            seed,
            device: device.clone(),
        }
    }

    /// The prediction f(x) at the view's x: `[1, 2]` on the plain device.
    fn prediction_at(&self, at: Condition) -> Tensor<2> {
        predict(&self.learner.eval(), input_at(at, &self.device))
    }

    /// The prediction at `x`, as numbers.
    pub fn prediction(&self, x: f32) -> Result<[f32; 2], ModelError> {
        let p = read_points(self.prediction_at(Condition { x: Some(x) }))?;
        Ok(p[0])
    }

    /// ‖y − f(x)‖² per row, each at its own x: `[N]` (on `net`'s device).
    fn squared_errors(net: &Mlp, data: &Batch) -> Tensor<1> {
        let x = inputs_of(data, &data.y.device());
        squared_distance(data.y.clone(), predict(net, x))
    }
}

impl EnergyModel for MseModel {
    fn id(&self) -> ModelId {
        ModelId::Mse
    }

    fn train_step(&mut self, data: &Batch, objective: Objective) -> Result<f32, ModelError> {
        let loss = Self::squared_errors(&self.learner.net, data).mean();
        self.learner.step(loss, objective.learning_rate)
    }

    /// One point: the prediction (the free energy of a one-point manifold is the energy
    /// itself at every β).
    fn manifold(&self, _data: &Batch, at: Condition) -> Result<Option<Manifold>, ModelError> {
        Ok(Some(Manifold::uniform(self.prediction_at(at))))
    }

    fn energy(&self, points: Tensor<2>, at: Condition) -> Result<Tensor<1>, ModelError> {
        let f = self.prediction_at(at); // [1, 2]
        Ok((points - f).square().sum_dim(1).squeeze_dim::<1>(1)) // [N]
    }

    /// −∇_y ‖y − f(x)‖² = 2 (f(x) − y): straight to the prediction.
    fn neg_energy_grad(
        &self,
        points: Tensor<2>,
        at: Condition,
    ) -> Result<Option<Tensor<2>>, ModelError> {
        let f = self.prediction_at(at); // [1, 2]
        Ok(Some((f - points).mul_scalar(2.0))) // [N, 2]
    }

    fn host_energy(&self, at: Condition) -> Result<Option<HostEnergy>, ModelError> {
        Ok(Some(HostEnergy::FreeEnergy {
            manifold: kernels::Manifold::new(&read_points(self.prediction_at(at))?),
            beta: Beta::Infinite,
        }))
    }

    fn loss(&self, data: &Batch, _beta: Beta) -> Result<f32, ModelError> {
        Ok(read_values(Self::squared_errors(&self.learner.net, data).mean())?[0])
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
        *self = Self::build(self.knobs.clone(), &self.device, self.seed);
        Ok(())
    }
}

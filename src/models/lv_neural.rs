//! The latent-variable EBM with a neural decoder g_θ(z): the course's ellipse model with the
//! fixed form (w₁ cos z, w₂ sin z) replaced by an MLP of (cos z, sin z), on the same 48-point
//! grid and trained with the same free energy. It can learn shapes the ellipse cannot.

use burn::tensor::{Device, Tensor};

use super::blocks::mlp::{Mlp, MlpConfig};
use super::blocks::sampler::circle_grid;
use super::ellipse::LATENT_POINTS;
use super::learner::{Learner, model_rng};
use super::state::ModelState;
use super::{
    EnergyModel, ModelError, ModelId, Objective, count_param, owned_params, unknown_param,
};
use crate::energy::Beta;
use crate::energy::free_energy::{free_energy, pairwise_energy, read_points, read_values};
use crate::kernels::{HostEnergy, Manifold};

pub struct NeuralLvModel {
    width: usize,
    depth: usize,
    learner: Learner<Mlp>,
    /// (cos z_k, sin z_k) on the autodiff device (training) and the plain one (views).
    grid_train: Tensor<2>,
    grid: Tensor<2>,
    seed: u64,
    device: Device,
}

impl NeuralLvModel {
    pub fn new(device: &Device, seed: u64) -> Self {
        Self::build(32, 2, device, seed)
    }

    fn build(width: usize, depth: usize, device: &Device, seed: u64) -> Self {
        let train = device.clone().autodiff();
        let mut rng = model_rng(ModelId::LvNeural, seed);
        let decoder = MlpConfig {
            input: 2,
            output: 2,
            width,
            depth,
            skip: true,
        }
        .init(&mut rng, &train);
        NeuralLvModel {
            width,
            depth,
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

    fn train_step(&mut self, data: &Tensor<2>, objective: Objective) -> Result<f32, ModelError> {
        let loss = Self::mean_free_energy(
            &self.learner.net,
            self.grid_train.clone(),
            data.clone(),
            objective.beta,
        );
        self.learner.step(loss, objective.learning_rate)
    }

    fn manifold(&self, _data: &Tensor<2>) -> Result<Tensor<2>, ModelError> {
        Ok(self.learner.eval().forward(self.grid.clone()))
    }

    fn energy(&self, points: Tensor<2>) -> Result<Tensor<1>, ModelError> {
        let g = self.learner.eval().forward(self.grid.clone());
        Ok(free_energy(pairwise_energy(points, g), Beta::Infinite).squeeze_dim::<1>(1))
    }

    fn host_energy(&self) -> Result<Option<HostEnergy>, ModelError> {
        let g = read_points(self.learner.eval().forward(self.grid.clone()))?;
        Ok(Some(HostEnergy::FreeEnergy {
            manifold: Manifold::new(&g),
            beta: Beta::Infinite,
        }))
    }

    fn loss(&self, data: &Tensor<2>, beta: Beta) -> Result<f32, ModelError> {
        let loss = Self::mean_free_energy(
            &self.learner.net,
            self.grid_train.clone(),
            data.clone(),
            beta,
        );
        Ok(read_values(loss)?[0])
    }

    fn params(&self) -> Vec<(&'static str, f32)> {
        vec![("width", self.width as f32), ("depth", self.depth as f32)]
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
        let (mut width, mut depth) = (self.width, self.depth);
        match key {
            "width" => width = count_param(key, value, 2..=256, "a width 2…256")?,
            "depth" => depth = count_param(key, value, 1..=4, "a depth 1…4")?,
            _ => return Err(unknown_param(ModelId::LvNeural, key, &self.params())),
        }
        *self = Self::build(width, depth, &self.device, self.seed);
        Ok(())
    }
}

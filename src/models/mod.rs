//! Energy models. Each model is one file exporting its [`spec::ModelSpec`] and one line in
//! `registry.rs`; the trainer drives them through [`EnergyModel`].

pub mod ae;
pub mod ae_family;
pub mod blocks;
pub mod cae;
pub mod dae;
pub mod diagram;
pub mod ebm;
pub mod ellipse;
pub mod gan;
pub mod horn_lv;
pub mod knobs;
pub mod latent;
pub mod learner;
pub mod lv_neural;
pub mod mse;
pub mod optim;
mod registry;
pub mod spec;
pub mod state;
pub mod vae;

use burn::tensor::{Device, Int, Tensor, TensorData};

use crate::energy::Beta;
use crate::energy::free_energy::ReadbackError;
use crate::kernels::HostEnergy;
pub use latent::LatentGrid;
pub use registry::ModelId;

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("unknown model '{0}' (known: {known})", known = ModelId::known())]
    UnknownModel(String),
    #[error("model '{model}' has no parameter '{key}' (known: {known})")]
    UnknownParam {
        model: ModelId,
        key: String,
        known: String,
    },
    #[error("parameter '{key}' must be {expected}, got {value}")]
    BadParamValue {
        key: String,
        value: f32,
        expected: String,
    },
    #[error("training diverged (loss {0}): lower the learning rate")]
    Diverged(f32),
    /// A contrastive loss without a floor let the energies run apart.
    #[error(
        "the energies ran off: E(ŷ) − E(y) = {gap:.0}, beyond {limit:.0} (the energy-difference \
         loss has no floor without its L2 term: raise α, or pick the hinge, log or \
         square-square loss)"
    )]
    RanOff { gap: f32, limit: f32 },
    #[error(transparent)]
    Readback(#[from] ReadbackError),
    /// A saved state that does not fit the model (a damaged or foreign session).
    #[error("saved state does not fit: {0}")]
    State(String),
}

/// A data point's posterior in latent space: mean μ and per-axis radius √v (1 or 2 axes).
#[derive(Clone, Debug, PartialEq)]
pub struct Bubble {
    pub mu: Vec<f32>,
    pub radius: Vec<f32>,
}

/// What a training step minimises.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Objective {
    /// Temperature of the free energy in the loss: `Infinite` is zero-temperature learning
    /// (only the nearest manifold point is pulled), finite β pulls every point by its weight.
    pub beta: Beta,
    pub learning_rate: f64,
}

/// Training rows: the observations y and, for a conditional model, the input x of each.
#[derive(Clone, Debug)]
pub struct Batch {
    /// `[N, 2]`
    pub y: Tensor<2>,
    /// `[N]`; `None` for unconditional data.
    pub x: Option<Tensor<1>>,
}

impl Batch {
    /// Rows without an input x.
    pub fn of(y: Tensor<2>) -> Self {
        Batch { y, x: None }
    }

    pub fn len(&self) -> usize {
        self.y.dims()[0]
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rows `rows` of the batch (x and y alike).
    pub fn select(&self, rows: &[i64]) -> Batch {
        let device = self.y.device();
        let index =
            Tensor::<1, Int>::from_data(TensorData::new(rows.to_vec(), [rows.len()]), &device);
        Batch {
            y: self.y.clone().select(0, index.clone()),
            x: self.x.clone().map(|x| x.select(0, index)),
        }
    }
}

/// Where a view of a model is taken besides y: the input x of a conditional model.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Condition {
    pub x: Option<f32>,
}

impl Condition {
    /// No input: an unconditional model.
    pub const NONE: Condition = Condition { x: None };
}

/// A decoder manifold ỹ_k = g(z_k) and how much each latent point counts in its free energy.
#[derive(Clone, Debug)]
pub struct Manifold {
    /// `[K, 2]`
    pub points: Tensor<2>,
    /// π_k, normalised to sum to 1: `None` is the uniform 1/K of a latent grid; a prior's
    /// weights otherwise (a Gaussian latent evaluated on a grid).
    pub weights: Option<Vec<f32>>,
}

impl Manifold {
    /// Points with uniform weights (a latent grid, or samples drawn from the prior).
    pub fn uniform(points: Tensor<2>) -> Self {
        Manifold {
            points,
            weights: None,
        }
    }

    /// The latent weights on `device`, for the tensor path (`None`: uniform).
    pub fn weights_tensor(&self, device: &Device) -> Option<Tensor<1>> {
        self.weights
            .as_ref()
            .map(|w| Tensor::<1>::from_floats(w.as_slice(), device))
    }
}

/// A model the trainer can drive. Most models have a decoder manifold g(z) (the LV-EBMs' and
/// AEs' decoder, the GAN's generator) whose free energy F_β means the same for all of them;
/// every model has its own energy. The trainer owns the model; what crosses to the UI is plain
/// data. What a model has (a manifold, hot points, bubbles, an input x) is in its spec.
pub trait EnergyModel: Send {
    fn id(&self) -> ModelId;

    /// One training step on `batch` (on the autodiff device). Returns the loss before the
    /// step.
    fn train_step(&mut self, batch: &Batch, objective: Objective) -> Result<f32, ModelError>;

    /// The decoder manifold at `at` (inference device); `None` for a model without one.
    /// `data` (inference device) sets the code range of amortised models.
    fn manifold(&self, data: &Batch, at: Condition) -> Result<Option<Manifold>, ModelError>;

    /// The latent grid z_k behind [`Self::manifold`], point for point; `None` without a
    /// manifold. `data` (inference device) sets the code box of amortised models, as there.
    fn latent(&self, _data: &Batch, _at: Condition) -> Result<Option<LatentGrid>, ModelError> {
        Ok(None)
    }

    /// The decoder g(z) at latent points `z` (`[N, d]` in the latent's own coordinates, the
    /// angle of a circle grid) → `[N, 2]`. The decoder's parameters are on the autodiff device,
    /// so when `z` is too (a leaf that requires its gradient) one backward pass gives ∂E/∂z:
    /// inference by descent. `None` without a decoder.
    fn decode(&self, _z: Tensor<2>, _at: Condition) -> Result<Option<Tensor<2>>, ModelError> {
        Ok(None)
    }

    /// The encoder's guess at the latent of `y` (`[N, 2]` → `[N, d]`): the AE family's Enc(y),
    /// the VAE's μ(y). `None` for a model that infers only by searching its latent.
    fn encode(&self, _y: Tensor<2>, _at: Condition) -> Result<Option<Tensor<2>>, ModelError> {
        Ok(None)
    }

    /// The model's own energy at `points` and `at` (`[N, 2]` → `[N]`, inference device):
    /// reconstruction energy, C, F̃, or F_∞ for the LV-EBMs.
    fn energy(&self, points: Tensor<2>, at: Condition) -> Result<Tensor<1>, ModelError>;

    /// The own energy as a host kernel (see [`crate::kernels`]), for views on the CPU
    /// backend; `None` where only the tensor path exists.
    fn host_energy(&self, _at: Condition) -> Result<Option<HostEnergy>, ModelError> {
        Ok(None)
    }

    /// −∇_y of the own energy at `points` (`[N, 2]` → `[N, 2]`, inference device), by autodiff
    /// or analytically. `None` where the own energy is the free energy of the manifold (the
    /// LV-EBMs): the landscape takes −∇F_β of it analytically.
    fn neg_energy_grad(
        &self,
        _points: Tensor<2>,
        _at: Condition,
    ) -> Result<Option<Tensor<2>>, ModelError> {
        Ok(None)
    }

    /// Points of the last step that the loss pushed up (the DAE's corruptions, the GAN's
    /// G(z)), drawn red.
    fn hot(&self) -> Vec<[f32; 2]> {
        Vec::new()
    }

    /// The last few positions of some of the hot points, oldest first (the EBM's Langevin
    /// chains), drawn as short red trails; empty for models without.
    fn trails(&self) -> Vec<Vec<[f32; 2]>> {
        Vec::new()
    }

    /// Points the model generated without pushing them up (the VAE's decoded prior samples),
    /// drawn violet like the manifold.
    fn samples(&self) -> Vec<[f32; 2]> {
        Vec::new()
    }

    /// The model's own vector field at `points` (`[N, 2]` → `[N, 2]`, inference device), for
    /// models whose spec names one (the autoencoders' ỹ − y). `None`: draw −∇F_β.
    fn field(&self, _points: Tensor<2>, _at: Condition) -> Result<Option<Tensor<2>>, ModelError> {
        Ok(None)
    }

    /// An arrow on each hot point (the GAN's −∇C: where G wants to move it), in the order of
    /// [`Self::hot`]; empty for models without one.
    fn hot_arrows(&self) -> Result<Vec<[f32; 2]>, ModelError> {
        Ok(Vec::new())
    }

    /// Each data point's posterior bubble in latent space (the VAE); empty for other models.
    fn bubbles(&self, _data: &Batch) -> Result<Vec<Bubble>, ModelError> {
        Ok(Vec::new())
    }

    /// The loss the model would report on `data` now (for exports after zero steps).
    fn loss(&self, data: &Batch, beta: Beta) -> Result<f32, ModelError>;

    /// Named scalar parameters (the knob table's, in its order), for the UI and exports.
    fn params(&self) -> Vec<(&'static str, f32)>;

    /// Everything needed to continue exactly where the model is: parameters, networks with
    /// their optimiser moments, RNG position, the last step's hot points.
    fn save_state(&self) -> Result<state::ModelState, ModelError>;

    /// Takes on `state` (saved by a model of the same kind, whose parameters the caller has
    /// already applied with [`Self::set_param`]). On error the model may be half-restored: the
    /// caller discards it.
    fn load_state(&mut self, state: &state::ModelState) -> Result<(), ModelError>;

    /// Overrides one named parameter (`--set w1=2`), checked against the knob table. A
    /// structural parameter (code size, width) rebuilds this model only.
    fn set_param(&mut self, key: &str, value: f32) -> Result<(), ModelError>;
}

/// A function making a fresh model of a kind, on a device, from a seed.
type Create = dyn Fn(ModelId, &Device, u64) -> Box<dyn EnergyModel> + Send + Sync;

/// How a model holder (the trainer's zoo) makes its models: the registry's `create` unless a
/// test wraps them (to inject faults into their steps).
#[derive(Clone)]
pub struct ModelFactory(std::sync::Arc<Create>);

impl ModelFactory {
    pub fn new(
        create: impl Fn(ModelId, &Device, u64) -> Box<dyn EnergyModel> + Send + Sync + 'static,
    ) -> Self {
        ModelFactory(std::sync::Arc::new(create))
    }

    pub fn create(&self, id: ModelId, device: &Device, seed: u64) -> Box<dyn EnergyModel> {
        (self.0)(id, device, seed)
    }
}

impl Default for ModelFactory {
    fn default() -> Self {
        ModelFactory::new(|id, device, seed| id.create(device, seed))
    }
}

impl std::fmt::Debug for ModelFactory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ModelFactory")
    }
}

/// The parameters of `params()` as owned pairs, for a [`state::ModelState`].
pub fn owned_params(params: Vec<(&'static str, f32)>) -> Vec<(String, f32)> {
    params.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

#[cfg(test)]
mod conditional_tests;
#[cfg(test)]
mod ebm_tests;
#[cfg(test)]
mod views_tests;
#[cfg(test)]
mod zoo_tests;

//! Energy models. Each model is one file; the trainer drives them through [`EnergyModel`].

pub mod ae;
pub mod ae_family;
pub mod blocks;
pub mod cae;
pub mod cards;
pub mod dae;
pub mod ellipse;
pub mod gan;
pub mod learner;
pub mod lv_neural;
pub mod optim;
pub mod state;
pub mod vae;

use std::fmt;
use std::str::FromStr;

use burn::tensor::{Device, Tensor};

use crate::energy::Beta;
use crate::energy::free_energy::ReadbackError;
use crate::kernels::HostEnergy;

/// Which model a snapshot or command is about. Adding a model: one file, one line here
/// (the variant) and one arm in [`ModelId::create`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ModelId {
    /// The course's latent-variable EBM: g(z) = (w₁ cos z, w₂ sin z) on a 48-point latent grid.
    Ellipse,
    /// Autoencoder: energy ‖y − Dec(Enc(y))‖².
    Ae,
    /// Denoising autoencoder: reconstruct y from ŷ = y + σε.
    Dae,
    /// Contractive autoencoder: ‖y − ỹ‖² + λ‖∂h/∂y‖².
    Cae,
    /// Variational autoencoder: ‖y − ỹ‖² + γ·KL.
    Vae,
    /// The GAN read as contrastive energy learning: cost net C, generator G.
    Gan,
    /// Latent-variable EBM with a neural decoder g_θ(z) on the 48-point latent grid.
    LvNeural,
}

impl ModelId {
    pub const ALL: [ModelId; 7] = [
        ModelId::Ellipse,
        ModelId::Ae,
        ModelId::Dae,
        ModelId::Cae,
        ModelId::Vae,
        ModelId::Gan,
        ModelId::LvNeural,
    ];

    /// The name used on the command line and in exports.
    pub fn key(self) -> &'static str {
        match self {
            ModelId::Ellipse => "ellipse",
            ModelId::Ae => "ae",
            ModelId::Dae => "dae",
            ModelId::Cae => "cae",
            ModelId::Vae => "vae",
            ModelId::Gan => "gan",
            ModelId::LvNeural => "lv-neural",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ModelId::Ellipse => "Ellipse LV-EBM",
            ModelId::Ae => "Autoencoder",
            ModelId::Dae => "Denoising AE",
            ModelId::Cae => "Contractive AE",
            ModelId::Vae => "VAE",
            ModelId::Gan => "GAN (contrastive EBM)",
            ModelId::LvNeural => "Neural LV-EBM",
        }
    }

    /// The block recipe in one line, as the model cards show it.
    pub fn recipe(self) -> &'static str {
        match self {
            ModelId::Ellipse => {
                "LV-EBM = latent grid z_k → decoder (w₁ cos z, w₂ sin z) → cost ‖y − ỹ‖² → F_β"
            }
            ModelId::Ae => "AE = encoder → decoder → cost ‖y − ỹ‖²",
            ModelId::Dae => "DAE = corrupt → encoder → decoder → cost ‖y − ỹ‖²",
            ModelId::Cae => "CAE = encoder → decoder → cost ‖y − ỹ‖² + regulariser λ‖∂h/∂y‖²",
            ModelId::Vae => {
                "VAE = encoder (μ, v) → sample z → decoder → cost ‖y − ỹ‖² + regulariser γ·KL"
            }
            ModelId::Gan => "GAN = sampler z ~ N(0, I) → generator → cost net C; contrastive hinge",
            ModelId::LvNeural => {
                "LV-EBM = latent grid z_k → neural decoder g_θ → cost ‖y − ỹ‖² → F_β"
            }
        }
    }

    /// A fresh, untrained model on `device` (a plain device: models add autodiff themselves),
    /// its random choices drawn from its own stream of `seed`.
    pub fn create(self, device: &Device, seed: u64) -> Box<dyn EnergyModel> {
        match self {
            ModelId::Ellipse => Box::new(ellipse::EllipseModel::new(device)),
            ModelId::Ae => Box::new(ae_family::AeModel::<ae::Plain>::new(device, seed)),
            ModelId::Dae => Box::new(ae_family::AeModel::<dae::Denoising>::new(device, seed)),
            ModelId::Cae => Box::new(ae_family::AeModel::<cae::Contractive>::new(device, seed)),
            ModelId::Vae => Box::new(vae::VaeModel::new(device, seed)),
            ModelId::Gan => Box::new(gan::GanModel::new(device, seed)),
            ModelId::LvNeural => Box::new(lv_neural::NeuralLvModel::new(device, seed)),
        }
    }

    /// The comma-separated list of model keys, for messages.
    pub fn known() -> String {
        ModelId::ALL.map(ModelId::key).join(", ")
    }
}

impl fmt::Display for ModelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for ModelId {
    type Err = ModelError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ModelId::ALL
            .into_iter()
            .find(|m| m.key() == s.trim())
            .ok_or_else(|| ModelError::UnknownModel(s.to_owned()))
    }
}

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
        expected: &'static str,
    },
    #[error("training diverged (loss {0}): lower the learning rate")]
    Diverged(f32),
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

/// A model the trainer can drive. Every model has a decoder manifold g(z) (the LV-EBMs' and
/// AEs' decoder, the GAN's generator), so F_β means the same thing for all of them; each also
/// has its own native energy. The trainer owns the model; what crosses to the UI is plain data.
pub trait EnergyModel: Send {
    fn id(&self) -> ModelId;

    /// One training step on the whole data set (`[N, 2]` on the autodiff device). Returns the
    /// loss before the step.
    fn train_step(&mut self, data: &Tensor<2>, objective: Objective) -> Result<f32, ModelError>;

    /// The decoder manifold g(z) over the model's latent grid or sample set, `[K, 2]`, on the
    /// inference device. `data` (`[N, 2]`, inference device) sets the code range of amortised
    /// models.
    fn manifold(&self, data: &Tensor<2>) -> Result<Tensor<2>, ModelError>;

    /// The model's native energy at `points` (`[N, 2]` → `[N]`, inference device):
    /// reconstruction energy, C, F̃, or F_∞ for the LV-EBMs.
    fn energy(&self, points: Tensor<2>) -> Result<Tensor<1>, ModelError>;

    /// The native energy as a host kernel (see [`crate::kernels`]), for views on the CPU
    /// backend; `None` where only the tensor path exists.
    fn host_energy(&self) -> Result<Option<HostEnergy>, ModelError> {
        Ok(None)
    }

    /// Hot (contrastive / generated) points of the last step, drawn red.
    fn hot(&self) -> Vec<[f32; 2]> {
        Vec::new()
    }

    /// The model's own vector field at `points` (`[N, 2]` → `[N, 2]`, inference device), drawn
    /// instead of −∇F_β where a model has a better one: the autoencoders' ỹ − y (where the
    /// model sends each point — for the DAE, the denoising field). `None`: draw −∇F_β.
    fn field(&self, _points: Tensor<2>) -> Result<Option<Tensor<2>>, ModelError> {
        Ok(None)
    }

    /// An arrow on each hot point (the GAN's −∇C: where G wants to move it), in the order of
    /// [`Self::hot`]; empty for models without one.
    fn hot_arrows(&self) -> Result<Vec<[f32; 2]>, ModelError> {
        Ok(Vec::new())
    }

    /// Each data point's posterior bubble in latent space (the VAE); empty for other models.
    fn bubbles(&self, _data: &Tensor<2>) -> Result<Vec<Bubble>, ModelError> {
        Ok(Vec::new())
    }

    /// The loss the model would report on `data` now (for exports after zero steps).
    fn loss(&self, data: &Tensor<2>, beta: Beta) -> Result<f32, ModelError>;

    /// Named scalar parameters and live hyper-parameters, for the UI and exports.
    fn params(&self) -> Vec<(&'static str, f32)>;

    /// Everything needed to continue exactly where the model is: parameters, networks with
    /// their optimiser moments, RNG position, the last step's hot points.
    fn save_state(&self) -> Result<state::ModelState, ModelError>;

    /// Takes on `state` (saved by a model of the same kind, whose parameters the caller has
    /// already applied with [`Self::set_param`]). On error the model may be half-restored: the
    /// caller discards it.
    fn load_state(&mut self, state: &state::ModelState) -> Result<(), ModelError>;

    /// Overrides one named parameter (`--set w1=2`), keeping the rest. A structural parameter
    /// (code size, width) rebuilds this model only.
    fn set_param(&mut self, key: &str, value: f32) -> Result<(), ModelError>;
}

/// The parameters of `params()` as owned pairs, for a [`state::ModelState`].
pub fn owned_params(params: Vec<(&'static str, f32)>) -> Vec<(String, f32)> {
    params.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// The error for a key `model` does not have.
pub fn unknown_param(model: ModelId, key: &str, params: &[(&'static str, f32)]) -> ModelError {
    ModelError::UnknownParam {
        model,
        key: key.to_owned(),
        known: params
            .iter()
            .map(|(k, _)| *k)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// `value` as a count in `range` (structural parameters arrive as numbers from `--set`).
pub fn count_param(
    key: &str,
    value: f32,
    range: std::ops::RangeInclusive<usize>,
    expected: &'static str,
) -> Result<usize, ModelError> {
    let bad = || ModelError::BadParamValue {
        key: key.to_owned(),
        value,
        expected,
    };
    if !value.is_finite() || value.fract() != 0.0 || value < 0.0 {
        return Err(bad());
    }
    let n = value as usize;
    if range.contains(&n) {
        Ok(n)
    } else {
        Err(bad())
    }
}

/// `value` as a live, non-negative hyper-parameter.
pub fn non_negative_param(key: &str, value: f32) -> Result<f32, ModelError> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(ModelError::BadParamValue {
            key: key.to_owned(),
            value,
            expected: "a finite number ≥ 0",
        })
    }
}
#[cfg(test)]
mod views_tests;
#[cfg(test)]
mod zoo_tests;

//! Energy models. Each model is one file; the trainer drives them through [`EnergyModel`].

pub mod ellipse;

use std::fmt;
use std::str::FromStr;

use burn::tensor::{Device, Tensor};

use crate::energy::Beta;
use crate::energy::free_energy::ReadbackError;

/// Which model a snapshot or command is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ModelId {
    /// The course's latent-variable EBM: g(z) = (w₁ cos z, w₂ sin z) on a 48-point latent grid.
    Ellipse,
}

impl ModelId {
    pub const ALL: [ModelId; 1] = [ModelId::Ellipse];

    /// The name used on the command line and in exports.
    pub fn key(self) -> &'static str {
        match self {
            ModelId::Ellipse => "ellipse",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ModelId::Ellipse => "Ellipse LV-EBM",
        }
    }

    /// A fresh, untrained model on `device` (a plain device: models add autodiff themselves).
    pub fn create(self, device: &Device) -> Box<dyn EnergyModel> {
        match self {
            ModelId::Ellipse => Box::new(ellipse::EllipseModel::new(device)),
        }
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
    #[error("unknown model '{0}' (known: ellipse)")]
    UnknownModel(String),
    #[error("model '{model}' has no parameter '{key}' (known: {known})")]
    UnknownParam {
        model: ModelId,
        key: String,
        known: String,
    },
    #[error("parameter '{key}' must be a finite number, got {value}")]
    BadParamValue { key: String, value: f32 },
    #[error(transparent)]
    Readback(#[from] ReadbackError),
}

/// What a training step minimises.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Objective {
    /// Temperature of the free energy in the loss: `Infinite` is zero-temperature learning
    /// (only the nearest manifold point is pulled), finite β pulls every point by its weight.
    pub beta: Beta,
    pub learning_rate: f64,
}

/// A model with a decoder manifold g(z) over a latent grid, trained by minimising the free
/// energy of the data. The trainer owns the model; everything crossing to the UI is plain data.
pub trait EnergyModel: Send {
    fn id(&self) -> ModelId;

    /// One optimiser step on the whole data set (`[N, 2]` on the model's autodiff device).
    /// Returns the loss before the step.
    fn train_step(&mut self, data: &Tensor<2>, objective: Objective) -> Result<f32, ModelError>;

    /// The manifold points g(z_k), `[K, 2]`, on the inference (non-autodiff) device.
    fn manifold(&self) -> Tensor<2>;

    /// The loss the model would report on `data` now (for exports after zero steps).
    fn loss(&self, data: &Tensor<2>, beta: Beta) -> Result<f32, ModelError>;

    /// Named scalar parameters, for the status bar and exports.
    fn params(&self) -> Vec<(&'static str, f32)>;

    /// Overrides one named parameter (`--set w1=2`), keeping the rest.
    fn set_param(&mut self, key: &str, value: f32) -> Result<(), ModelError>;
}

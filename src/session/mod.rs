//! Sessions: everything a user built — every model's weights and optimiser state, parameters,
//! step counts, RNG positions, the data (drawn and imported points too) and the window's view
//! settings — in one `.energylab` file. Loading restores the exact picture and training goes
//! on as if it had never stopped.

pub mod format;
#[cfg(test)]
mod format_tests;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::files::{WriteError, write_atomically};
use crate::models::state::{ModelState, RngState};
use crate::models::{ModelError, ModelId};
use crate::settings::Settings;
use format::FormatError;

/// The file extension, without the dot.
pub const EXTENSION: &str = "energylab";

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("could not read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Format { path: PathBuf, source: FormatError },
    #[error("{path}: the session's contents are damaged: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("the session's {model} model could not be restored: {source}")]
    Model { model: ModelId, source: ModelError },
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("could not save the session: {0}")]
    Capture(String),
}

/// One model of the session.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SlotState {
    pub model: ModelId,
    pub enabled: bool,
    pub run: u64,
    pub step: u64,
    /// The stream that picks minibatches.
    pub batches: RngState,
    pub state: ModelState,
}

/// A restored model and its minibatch stream.
pub type Restored = (
    Box<dyn crate::models::EnergyModel>,
    crate::models::learner::ModelRng,
);

/// The model `saved` describes: built afresh from `seed`, given the saved parameters (which
/// rebuild its architecture), then the saved networks, optimiser and RNG; and its minibatch
/// stream.
pub fn restore_model(
    saved: &SlotState,
    device: &burn::tensor::Device,
    seed: u64,
) -> Result<Restored, ModelError> {
    restore_into(saved, saved.model.create(device, seed))
}

/// [`restore_model`] into a fresh `model` of the saved kind, made by the caller.
pub fn restore_into(
    saved: &SlotState,
    mut model: Box<dyn crate::models::EnergyModel>,
) -> Result<Restored, ModelError> {
    for (key, value) in &saved.state.params {
        model.set_param(key, *value)?;
    }
    model.load_state(&saved.state)?;
    Ok((model, saved.batches.restore()?))
}

/// A whole session.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Session {
    /// The energy-lab version that wrote it (for messages; the format has its own version).
    pub written_by: String,
    /// The run's settings; which models are enabled is kept with each model below (see
    /// [`Session::settings`]).
    #[serde(flatten)]
    pub settings: Settings,
    /// Every model ever enabled, in the trainer's order.
    pub models: Vec<SlotState>,
    /// The window's view settings (surface, overlays, …), opaque to everything but the window.
    #[serde(default)]
    pub view: serde_json::Value,
}

impl Session {
    /// Everything needed to come back to this moment: `settings`, every model's state (which
    /// says whether it is enabled), the window's view.
    pub fn new(settings: &Settings, models: Vec<SlotState>, view: serde_json::Value) -> Self {
        Session {
            written_by: env!("CARGO_PKG_VERSION").to_owned(),
            settings: Settings {
                // Kept with each model: one place in the file.
                enabled: Vec::new(),
                ..settings.clone()
            },
            models,
            view,
        }
    }

    /// The settings of the session, whole: the enabled models come from the models.
    pub fn settings(&self) -> Settings {
        Settings {
            enabled: self
                .models
                .iter()
                .filter(|m| m.enabled)
                .map(|m| m.model)
                .collect(),
            ..self.settings.clone()
        }
    }

    pub fn to_bytes(&self) -> Result<Vec<u8>, SessionError> {
        let payload = serde_json::to_vec(self).map_err(|e| SessionError::Capture(e.to_string()))?;
        Ok(format::wrap(&payload))
    }

    /// A session from a whole file's bytes; `path` names it in messages.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Self, SessionError> {
        let payload = format::unwrap(bytes).map_err(|source| SessionError::Format {
            path: path.to_owned(),
            source,
        })?;
        let session: Session =
            serde_json::from_slice(payload).map_err(|e| SessionError::Invalid {
                path: path.to_owned(),
                message: e.to_string(),
            })?;
        session.check(path)?;
        Ok(session)
    }

    /// What serde cannot see: limits and consistency.
    fn check(&self, path: &Path) -> Result<(), SessionError> {
        let invalid = |message: String| SessionError::Invalid {
            path: path.to_owned(),
            message,
        };
        if self.settings.grid.validate().is_err() {
            return Err(invalid("its grid is out of range".to_owned()));
        }
        for (i, slot) in self.models.iter().enumerate() {
            if self.models[..i].iter().any(|s| s.model == slot.model) {
                return Err(invalid(format!("the {} model appears twice", slot.model)));
            }
        }
        Ok(())
    }

    /// Reads and checks `path`. The file is never read whole before its header says it is a
    /// session of a sane size.
    pub fn read(path: &Path) -> Result<Self, SessionError> {
        let read_error = |source| SessionError::Read {
            path: path.to_owned(),
            source,
        };
        let mut file = std::fs::File::open(path).map_err(read_error)?;
        let file_len = file.metadata().map_err(read_error)?.len();
        let mut header = Vec::with_capacity(format::HEADER_LEN);
        (&mut file)
            .take(format::HEADER_LEN as u64)
            .read_to_end(&mut header)
            .map_err(read_error)?;
        format::check_header(&header, file_len).map_err(|source| SessionError::Format {
            path: path.to_owned(),
            source,
        })?;
        let mut bytes = header;
        file.read_to_end(&mut bytes).map_err(read_error)?;
        Self::from_bytes(&bytes, path)
    }

    /// Writes `path` atomically: a failed save leaves the previous file intact.
    pub fn write(&self, path: &Path) -> Result<(), SessionError> {
        let bytes = self.to_bytes()?;
        write_atomically(path, |out| out.write_all(&bytes))?;
        Ok(())
    }
}

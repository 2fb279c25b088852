//! Sessions: everything a user built — every model's weights and optimiser state, parameters,
//! step counts, RNG positions, the data (drawn and imported points too) and the window's view
//! settings — in one `.energylab` file. Loading restores the exact picture and training goes
//! on as if it had never stopped.

pub mod format;
#[cfg(test)]
mod tests;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::data::DataSource;
use crate::data::sets::SetSpec;
use crate::energy::{Beta, GridSpec};
use crate::files::{WriteError, write_atomically};
use crate::models::state::{ModelState, RngState};
use crate::models::{ModelError, ModelId};
use crate::trainer::Hyper;
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

/// The training data as saved: the set it was drawn from (so *Reset* can redraw it) and the
/// points themselves, bit for bit (so the picture is exact even for drawn or imported points).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SessionData {
    pub set: Option<SetSpec>,
    pub label: String,
    /// `f32::to_bits` of each coordinate: exact, and NaN-proof in JSON.
    pub points: Vec<[u32; 2]>,
}

impl SessionData {
    pub fn new(source: &DataSource, points: &[[f32; 2]]) -> Self {
        SessionData {
            set: match source {
                DataSource::Set(spec) => Some(*spec),
                DataSource::Points { .. } => None,
            },
            label: source.label(),
            points: points.iter().map(|p| p.map(f32::to_bits)).collect(),
        }
    }

    pub fn points(&self) -> Vec<[f32; 2]> {
        self.points.iter().map(|p| p.map(f32::from_bits)).collect()
    }

    pub fn source(&self) -> DataSource {
        match self.set {
            Some(spec) => DataSource::Set(spec),
            None => DataSource::Points {
                label: self.label.clone(),
                points: Arc::from(self.points()),
            },
        }
    }
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

/// The model `saved` describes: built afresh from `seed`, given the saved parameters (which
/// rebuild its architecture), then the saved networks, optimiser and RNG; and its minibatch
/// stream.
pub fn restore_model(
    saved: &SlotState,
    device: &burn::tensor::Device,
    seed: u64,
) -> Result<
    (
        Box<dyn crate::models::EnergyModel>,
        crate::models::learner::ModelRng,
    ),
    ModelError,
> {
    let mut model = saved.model.create(device, seed);
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
    pub seed: u64,
    pub beta: Beta,
    pub hyper: Hyper,
    pub grid: GridSpec,
    pub focus: ModelId,
    pub playing: bool,
    pub data: SessionData,
    /// Every model ever enabled, in the trainer's order.
    pub models: Vec<SlotState>,
    /// The window's view settings (surface, overlays, …), opaque to everything but the window.
    #[serde(default)]
    pub view: serde_json::Value,
}

impl Session {
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
        if self.data.points.len() > crate::data::MAX_POINTS {
            return Err(invalid(format!(
                "{} data points (the limit is {})",
                self.data.points.len(),
                crate::data::MAX_POINTS
            )));
        }
        if self.grid.validate().is_err() {
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

//! The typed messages between the UI and the trainer thread.
//!
//! Commands flow UI → trainer over an unbounded crossbeam channel (the UI never blocks on
//! sending). Snapshots flow trainer → UI through a latest-wins [`super::mailbox`]: everything
//! the UI draws is in one plain-data [`Snapshot`], so the UI never touches a tensor.

use std::path::PathBuf;
use std::sync::Arc;

use crate::backend::BackendInfo;
use crate::data::DataSource;
use crate::energy::{Beta, GridSpec};
use crate::figure::FigureRequest;
use crate::models::{Bubble, ModelId};

use super::mailbox::Coalesce;

/// Training hyper-parameters the user can change live.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Hyper {
    pub learning_rate: f64,
    /// Train on F_β at the slider's β instead of zero-temperature F_∞.
    pub train_at_beta: bool,
    /// Cap on optimiser steps per second, so learning is slow enough to watch; `None` = as
    /// fast as the device goes.
    pub max_steps_per_sec: Option<f32>,
}

impl Default for Hyper {
    fn default() -> Self {
        Hyper {
            learning_rate: 0.01,
            train_at_beta: false,
            // With Adam at 0.01 the ellipse takes ~300 steps: a couple of seconds to watch.
            max_steps_per_sec: Some(150.0),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Play,
    Pause,
    /// Run this many steps, then stay paused.
    Step(u32),
    /// Fresh data and weights from `seed`; keeps play/pause, β and hyper-parameters.
    Reset {
        seed: u64,
    },
    SetBeta(Beta),
    SetHyper(Hyper),
    /// Where and how finely the free energy is evaluated.
    SetGrid(GridSpec),
    /// New training data (a built-in set or the user's points). Every model keeps its weights
    /// and goes on training on the new points.
    SetData(DataSource),
    /// Pause each model exactly when its step count reaches this (`--quit-after-steps`).
    PauseAtStep(Option<u64>),
    /// Train a model alongside the others, or pause it. A paused model keeps its weights and
    /// resumes where it stopped; the others never notice.
    SetEnabled {
        model: ModelId,
        enabled: bool,
    },
    /// The model drawn large: it gets the full-resolution surface and the β family.
    Focus(ModelId),
    /// Changes one hyper-parameter of one model (the card's widgets, `--set`). A structural
    /// one (code size, width) restarts that model only.
    SetParam {
        model: ModelId,
        key: String,
        value: f32,
    },
    /// Fresh weights for one model (same seed); the others keep training.
    ResetModel(ModelId),
    /// Write the whole session to `path`, atomically. `view` is the window's view settings,
    /// stored as they are; `autosave` only changes how the result is reported.
    SaveSession {
        path: PathBuf,
        view: serde_json::Value,
        autosave: bool,
    },
    /// Replace everything with the session saved in this file. A file that cannot be read or
    /// restored changes nothing.
    LoadSession(PathBuf),
    /// Draw a figure of the models as they are now and write it.
    Figure(FigureRequest),
    Shutdown,
}

/// What the trainer reports besides snapshots: the outcome of a command that has one.
#[derive(Clone, Debug)]
pub enum Event {
    Saved {
        path: PathBuf,
        autosave: bool,
    },
    /// A session was loaded; the window takes its settings from here.
    Loaded {
        path: PathBuf,
        settings: Box<SessionSettings>,
    },
    /// A figure was written, drawn from the enabled models at these step counts.
    FigureWritten {
        path: PathBuf,
        steps: Vec<(ModelId, u64)>,
    },
    /// A save, load or figure failed; nothing else changed.
    Failed {
        action: &'static str,
        message: String,
    },
}

/// What the window needs of a loaded session (the weights stay in the trainer).
#[derive(Clone, Debug)]
pub struct SessionSettings {
    pub seed: u64,
    pub beta: Beta,
    pub hyper: Hyper,
    pub grid: GridSpec,
    pub focus: ModelId,
    pub enabled: Vec<ModelId>,
    pub data: DataSource,
    pub playing: bool,
    pub view: serde_json::Value,
}

/// One loss value in the loss curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LossPoint {
    pub step: u64,
    pub loss: f32,
}

/// F_β sampled on a grid (see [`GridSpec`] for the layout of `values`).
#[derive(Clone, Debug, PartialEq)]
pub struct EnergyGrid {
    pub spec: GridSpec,
    pub beta: Beta,
    pub values: Vec<f32>,
}

/// −∇F at one point of the coarse arrow lattice.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arrow {
    pub origin: [f32; 2],
    pub force: [f32; 2],
}

/// F_β(0, y₂) for y₂ ∈ [−2, 2] at one β: the course's β-family plot.
#[derive(Clone, Debug, PartialEq)]
pub struct BetaCurve {
    pub beta: Beta,
    /// `[y2, F]` pairs.
    pub points: Vec<[f32; 2]>,
}

/// What the arrow lattice shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// −∇F_β of the decoder manifold: where the free energy pushes a point.
    NegGradF,
    /// ỹ − y: where the model sends each point (the autoencoders; the DAE's denoising field).
    Reconstruction,
}

/// The factor that turns the arrows' vectors into data-space lengths: −∇F is scaled so the
/// longest arrow spans 90 % of a lattice cell (only direction and relative size mean
/// something); ỹ − y is a displacement, drawn at true length unless that overruns the cell.
/// `None` when there is nothing to draw.
pub fn arrow_scale(arrows: &[Arrow], spacing: f32, field: Field) -> Option<f32> {
    let longest = arrows
        .iter()
        .map(|a| a.force[0].hypot(a.force[1]))
        .filter(|l| l.is_finite())
        .fold(0.0f32, f32::max);
    if longest <= 0.0 {
        return None;
    }
    let fit = 0.9 * spacing / longest;
    Some(match field {
        Field::NegGradF => fit,
        Field::Reconstruction => fit.min(1.0),
    })
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::NegGradF => "−∇F",
            Field::Reconstruction => "ỹ − y",
        }
    }
}

/// Everything the UI shows about one model at one moment.
#[derive(Clone, Debug)]
pub struct ModelView {
    pub model: ModelId,
    /// Changes whenever the trainer recomputes this view: a view resent unchanged (the small
    /// multiples between refreshes) keeps it, so the UI need not redraw its heatmap.
    pub revision: u64,
    /// Counts this model's restarts: loss values of an earlier run never mix with this one's.
    pub run: u64,
    pub step: u64,
    /// Loss values produced since the previous snapshot the UI received.
    pub new_losses: Vec<LossPoint>,
    pub params: Vec<(&'static str, f32)>,
    /// The manifold g(z_k) (violet).
    pub manifold: Vec<[f32; 2]>,
    /// Generated / contrastive points (red); empty for models that make none.
    pub hot: Vec<[f32; 2]>,
    /// One arrow per hot point (the GAN's −∇C), or empty.
    pub hot_arrows: Vec<[f32; 2]>,
    /// F_β of the manifold on a grid: the full grid for the focused model, a coarser one with
    /// the same extent for the small multiples.
    pub energy: EnergyGrid,
    /// The model's native energy on the same grid as `energy`.
    pub native: Vec<f32>,
    pub field: Field,
    pub arrows: Vec<Arrow>,
    /// Spacing of the arrow lattice in data units (arrows are scaled to it).
    pub arrow_spacing: f32,
    /// The course's β family; only for the focused model.
    pub beta_family: Vec<BetaCurve>,
    /// The data's posterior bubbles in latent space (the VAE), or empty.
    pub bubbles: Vec<Bubble>,
    /// Whether this model is stepping now.
    pub training: bool,
    pub steps_per_sec: f32,
    /// The last training error (the model is paused then; the others go on).
    pub error: Option<String>,
    /// The last refused command (a bad parameter value); training goes on.
    pub notice: Option<String>,
}

impl ModelView {
    /// Whether every number the window would draw is finite. A view that is not never leaves
    /// the trainer: the model rolls back instead (no black heatmap, no NaN in a plot).
    pub fn is_finite(&self) -> bool {
        let values = |v: &[f32]| v.iter().all(|x| x.is_finite());
        let points = |p: &[[f32; 2]]| p.iter().flatten().all(|x| x.is_finite());
        values(&self.energy.values)
            && values(&self.native)
            && points(&self.manifold)
            && points(&self.hot)
            && points(&self.hot_arrows)
            && self.arrows.iter().all(|a| points(&[a.origin, a.force]))
            && self.beta_family.iter().all(|c| points(&c.points))
            && self
                .bubbles
                .iter()
                .all(|b| values(&b.mu) && values(&b.radius))
            && self.new_losses.iter().all(|p| p.loss.is_finite())
    }
}

/// Everything the UI draws at one moment: every enabled model, and what they share.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// The enabled models, in [`ModelId::ALL`] order. Each view is as of its own `step`: the
    /// small multiples may lag the focused model by a few snapshots while training.
    pub models: Vec<ModelView>,
    /// Every view is up to date (none waits for the trainer's view budget).
    pub fresh: bool,
    pub focus: ModelId,
    /// Cold points (blue), shared by every model.
    pub data: Arc<[[f32; 2]]>,
    pub seed: u64,
    pub beta: Beta,
    pub hyper: Hyper,
    /// Whether any model is stepping.
    pub playing: bool,
    /// Time the trainer spent computing this snapshot's views (all models).
    pub views_ms: f32,
    pub backend: BackendInfo,
    /// How many commands the trainer had applied when it made this snapshot.
    pub commands_applied: u64,
}

impl Snapshot {
    pub fn view(&self, model: ModelId) -> Option<&ModelView> {
        self.models.iter().find(|v| v.model == model)
    }

    /// The focused model's view (absent only when every model is disabled).
    pub fn focused(&self) -> Option<&ModelView> {
        self.view(self.focus)
    }

    /// The smallest step count over the enabled models.
    pub fn min_step(&self) -> u64 {
        self.models.iter().map(|v| v.step).min().unwrap_or(0)
    }
}

impl Coalesce for Snapshot {
    fn absorb_older(&mut self, older: Self) {
        // The newer snapshot wins everywhere but the loss increments, which add up within
        // each model's run.
        for mut old in older.models {
            if let Some(new) = self
                .models
                .iter_mut()
                .find(|v| v.model == old.model && v.run == old.run)
            {
                old.new_losses.append(&mut new.new_losses);
                new.new_losses = old.new_losses;
            }
        }
    }
}

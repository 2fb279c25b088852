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
use crate::inference::DescentPath;
use crate::landscape::Landscape;
use crate::landscape::surface::SurfaceView;
use crate::models::ModelId;
use crate::settings::{Hyper, Settings};

use super::mailbox::Coalesce;

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Every enabled model steps (and a model stopped by an error tries again).
    Play,
    Pause,
    /// Run this many steps, then stay paused.
    Step(u32),
    /// Fresh data and weights from `seed`; keeps play/pause, β and hyper-parameters.
    Reset {
        seed: u64,
    },
    /// Back to the weights, data and seed the last `Reset` replaced (kept until the next one).
    UndoReset,
    SetBeta(Beta),
    SetHyper(Hyper),
    /// Where and how finely the free energy is evaluated.
    SetGrid(GridSpec),
    /// New training data (a built-in set or the user's points). Every model keeps its weights
    /// and goes on training on the new points.
    SetData(DataSource),
    /// Train a model alongside the others, or pause it. A paused model keeps its weights and
    /// resumes where it stopped; the others never notice.
    SetEnabled {
        model: ModelId,
        enabled: bool,
    },
    /// The model drawn large: it gets the full-resolution surface and the β family.
    Focus(ModelId),
    /// The inspector's probe y′ (`None` closes it): the focused model's views answer it.
    SetProbe(Option<[f32; 2]>),
    /// The input x at which conditional models are drawn.
    SetSlice(f32),
    /// Gradient descents on the latent of `model` for the probe `y` from each of `starts`
    /// (step `step`), answered with [`Event::Inferred`].
    Infer {
        model: ModelId,
        y: [f32; 2],
        starts: Vec<Vec<f32>>,
        step: f32,
    },
    /// All of the window's settings at once (after a trainer restart): every difference from
    /// the trainer's own is applied as its command would. Play is not implied: a model
    /// stopped by an error stays stopped.
    Settings(Box<Settings>),
    /// Pause each model exactly when its step count reaches this (`--quit-after-steps`).
    PauseAtStep(Option<u64>),
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
    /// Write the focused model's grid (`landscape::csv`), the data and the hot points as
    /// `<stem>-grid.csv`, `<stem>-data.csv` and `<stem>-hot.csv`.
    ExportCsv {
        stem: PathBuf,
        /// The surface of the `surface,gy1,gy2` columns: the window's.
        view: SurfaceView,
        /// The window's loss curves, also written as `<stem>-losses.csv` when not empty.
        losses: Vec<(ModelId, Vec<[f64; 2]>)>,
    },
    Shutdown,
}

/// What the trainer reports besides snapshots: the outcome of a command that has one.
#[derive(Clone, Debug)]
pub enum Event {
    Saved {
        path: PathBuf,
        autosave: bool,
    },
    /// A session was loaded; the window takes its settings and view from here.
    Loaded {
        path: PathBuf,
        settings: Box<Settings>,
        view: serde_json::Value,
    },
    /// A reset was undone; the window takes these settings (the old seed and data).
    ResetUndone {
        settings: Box<Settings>,
    },
    /// A figure was written, drawn from the enabled models at these step counts.
    FigureWritten {
        path: PathBuf,
        steps: Vec<(ModelId, u64)>,
    },
    /// The CSV files of an export were written.
    CsvWritten {
        files: Vec<PathBuf>,
    },
    /// The descents asked for by [`Command::Infer`], at the model's weights of that moment.
    Inferred {
        model: ModelId,
        y: [f32; 2],
        step: u64,
        paths: Vec<DescentPath>,
    },
    /// A save, load, figure or export failed; nothing else changed.
    Failed {
        action: &'static str,
        message: String,
    },
}

/// One loss value in the loss curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LossPoint {
    pub step: u64,
    pub loss: f32,
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
    /// The last finite loss of this run; `None` before its first step.
    pub last_loss: Option<f32>,
    pub params: Vec<(&'static str, f32)>,
    /// What is drawn: the full grid for the focused model, a coarser one with the same extent
    /// for the small multiples.
    pub landscape: Landscape,
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
        self.landscape.is_finite() && self.new_losses.iter().all(|p| p.loss.is_finite())
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
    /// The trainer's settings when it made this snapshot.
    pub settings: Settings,
    /// Cold points (blue), shared by every model.
    pub data: Arc<[[f32; 2]]>,
    /// Each data point's input x for conditional rows (the horn over all x), else `None`.
    pub inputs: Option<Arc<[f32]>>,
    /// Whether any model is stepping.
    pub stepping: bool,
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

    /// The trainer's focused model's view (absent only when every model is disabled). The
    /// window draws its own focus, [`Snapshot::view`] of it.
    pub fn focused(&self) -> Option<&ModelView> {
        self.view(self.settings.focus)
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

//! The typed messages between the UI and the trainer thread.
//!
//! Commands flow UI → trainer over an unbounded crossbeam channel (the UI never blocks on
//! sending). Snapshots flow trainer → UI through a latest-wins [`super::mailbox`]: everything
//! the UI draws is in one plain-data [`Snapshot`], so the UI never touches a tensor.

use std::sync::Arc;

use crate::backend::BackendInfo;
use crate::energy::{Beta, GridSpec};
use crate::models::ModelId;

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
    /// Pause exactly when this step count is reached (used by `--quit-after-steps`).
    PauseAtStep(Option<u64>),
    Shutdown,
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

/// Everything the UI shows about one model at one moment.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub model: ModelId,
    /// Counts resets: loss values of an earlier run never mix with this one's.
    pub run: u64,
    pub step: u64,
    pub seed: u64,
    /// Loss values produced since the previous snapshot the UI received.
    pub new_losses: Vec<LossPoint>,
    pub params: Vec<(&'static str, f32)>,
    /// Cold points (blue).
    pub data: Arc<[[f32; 2]]>,
    /// The manifold g(z_k) (violet).
    pub manifold: Vec<[f32; 2]>,
    /// Generated / contrastive points (red); empty for models that make none.
    pub hot: Vec<[f32; 2]>,
    pub energy: EnergyGrid,
    /// The model's native energy on the same grid as `energy`.
    pub native: Vec<f32>,
    pub arrows: Vec<Arrow>,
    pub beta_family: Vec<BetaCurve>,
    pub hyper: Hyper,
    pub playing: bool,
    pub steps_per_sec: f32,
    /// Time the trainer spent computing this snapshot's surface, arrows and curves.
    pub views_ms: f32,
    pub backend: BackendInfo,
    /// How many commands the trainer had applied when it made this snapshot.
    pub commands_applied: u64,
    /// The last training error, if a step failed (training is paused then).
    pub error: Option<String>,
}

impl Coalesce for Snapshot {
    fn absorb_older(&mut self, mut older: Self) {
        // The newer snapshot wins everywhere but the loss increments, which add up within a run.
        if older.run != self.run {
            return;
        }
        older.new_losses.append(&mut self.new_losses);
        self.new_losses = older.new_losses;
    }
}

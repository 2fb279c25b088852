//! Each model's loss curve, built from the increments the snapshots carry.

use std::collections::HashMap;

use crate::models::ModelId;
use crate::trainer::{ModelView, Snapshot};

/// Loss points kept per model; beyond this the history is thinned by half.
const LOSS_HISTORY_MAX: usize = 20_000;

#[derive(Default)]
struct Curve {
    points: Vec<[f64; 2]>,
    /// The model's run the points belong to: a restart clears the curve.
    run: Option<u64>,
}

impl Curve {
    fn absorb(&mut self, view: &ModelView) {
        if self.run != Some(view.run) {
            self.points.clear();
            self.run = Some(view.run);
        }
        self.points.extend(
            view.new_losses
                .iter()
                .map(|p| [p.step as f64, f64::from(p.loss)]),
        );
        if self.points.len() > LOSS_HISTORY_MAX {
            // Keep every other point: the curve keeps its shape, memory stays bounded.
            self.points = self.points.iter().step_by(2).copied().collect();
        }
    }
}

/// Every model's loss curve.
#[derive(Default)]
pub struct LossCurves {
    curves: HashMap<ModelId, Curve>,
}

impl LossCurves {
    /// Takes in the loss increments of a new snapshot.
    pub fn absorb(&mut self, snapshot: &Snapshot) {
        for view in &snapshot.models {
            self.curves.entry(view.model).or_default().absorb(view);
        }
    }

    /// `model`'s curve as `[step, loss]` points.
    pub fn of(&self, model: ModelId) -> &[[f64; 2]] {
        self.curves.get(&model).map_or(&[], |c| &c.points)
    }

    /// Forgets every curve (a session was opened: its runs would mix with these).
    pub fn clear(&mut self) {
        self.curves.clear();
    }
}

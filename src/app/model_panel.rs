//! What the window keeps per model between snapshots: its heatmap texture and its loss curve.

use super::heatmap::Heatmap;
use crate::trainer::ModelView;

/// Loss points kept per model; beyond this the history is thinned by half.
const LOSS_HISTORY_MAX: usize = 20_000;

#[derive(Default)]
pub struct ModelPanel {
    pub heatmap: Heatmap,
    losses: Vec<[f64; 2]>,
    /// The model's run the losses belong to: a restart clears the curve.
    run: Option<u64>,
    /// The view revision the heatmap shows.
    pub drawn: Option<u64>,
}

impl ModelPanel {
    /// Takes in the loss increments of a new view.
    pub fn absorb(&mut self, view: &ModelView) {
        if self.run != Some(view.run) {
            self.losses.clear();
            self.run = Some(view.run);
        }
        self.losses.extend(
            view.new_losses
                .iter()
                .map(|p| [p.step as f64, f64::from(p.loss)]),
        );
        if self.losses.len() > LOSS_HISTORY_MAX {
            // Keep every other point: the curve keeps its shape, memory stays bounded.
            self.losses = self.losses.iter().step_by(2).copied().collect();
        }
    }

    pub fn losses(&self) -> &[[f64; 2]] {
        &self.losses
    }
}

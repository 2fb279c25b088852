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
        // A curve restored from a session has no run yet: the restored model's continues it.
        if self.run.is_some_and(|run| run != view.run) {
            self.points.clear();
        }
        self.run = Some(view.run);
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

    /// Every non-empty curve, in the registry's order of models.
    pub fn all(&self) -> Vec<(ModelId, Vec<[f64; 2]>)> {
        ModelId::ALL
            .iter()
            .filter_map(|&id| {
                let points = self.of(id);
                (!points.is_empty()).then(|| (id, points.to_vec()))
            })
            .collect()
    }

    /// The curves as a session keeps them: `{"ae": [[step, loss], …], …}`.
    pub fn to_json(&self) -> serde_json::Value {
        let curves: serde_json::Map<String, serde_json::Value> = self
            .all()
            .into_iter()
            .map(|(id, points)| (id.key().to_owned(), serde_json::json!(points)))
            .collect();
        serde_json::Value::Object(curves)
    }

    /// Takes back curves kept by [`LossCurves::to_json`]; unknown models, malformed or
    /// non-finite points are skipped (a session file is input like any other).
    pub fn restore(&mut self, curves: &serde_json::Value) {
        let Some(curves) = curves.as_object() else {
            return;
        };
        for (key, points) in curves {
            let Some(id) = ModelId::ALL.iter().copied().find(|m| m.key() == key) else {
                continue;
            };
            let Ok(points) = serde_json::from_value::<Vec<[f64; 2]>>(points.clone()) else {
                continue;
            };
            // Losses are f32 (the window widens them): back to f32 so that JSON's decimal, which
            // serde_json may read one f64 ulp off, gives back exactly the value drawn.
            let mut points: Vec<[f64; 2]> = points
                .into_iter()
                .filter(|p| p.iter().all(|v| v.is_finite()))
                .map(|[step, loss]| [step, f64::from(loss as f32)])
                .collect();
            while points.len() > LOSS_HISTORY_MAX {
                points = points.iter().step_by(2).copied().collect();
            }
            self.curves.insert(id, Curve { points, run: None });
        }
    }
}

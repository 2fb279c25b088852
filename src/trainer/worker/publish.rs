//! Publishing: the views of the models that changed, as one snapshot for the window.

use std::sync::Arc;
use std::time::Instant;

use super::{SMALL_VIEWS_BUDGET, Worker};
use crate::backend::BackendKind;
use crate::landscape::compute::Input;
use crate::models::ModelId;
use crate::trainer::failure::{Failure, running};
use crate::trainer::model_view::model_view;
use crate::trainer::protocol::{ModelView, Snapshot};
use crate::trainer::step::roll_back;

impl Worker {
    pub(super) fn publish(&mut self) {
        let started = Instant::now();
        if self.all_dirty {
            for slot in self.zoo.slots_mut() {
                slot.dirty = true;
            }
        }
        self.refresh_views(started);
        let playing = self.settings.playing;
        let training: Vec<bool> = self
            .zoo
            .slots()
            .map(|s| self.zoo.is_training(s.id, playing))
            .collect();
        let mut models = Vec::new();
        for (slot, is_training) in self.zoo.slots_mut().zip(training) {
            if !slot.enabled {
                continue;
            }
            if let Some(view) = &mut slot.view {
                view.new_losses = std::mem::take(&mut slot.new_losses);
                view.last_loss = slot.last_loss;
                view.training = is_training;
                view.steps_per_sec = slot.rate.per_second();
                view.error.clone_from(&slot.error);
                view.notice.clone_from(&slot.notice);
                models.push(view.clone());
                view.new_losses.clear();
            }
        }
        let fresh = !self.zoo.enabled().any(|s| s.dirty);
        self.snapshots.send(Snapshot {
            fresh,
            models,
            settings: self.settings.clone(),
            data: Arc::clone(&self.data),
            inputs: self.inputs.clone(),
            stepping: self.training(),
            views_ms: started.elapsed().as_secs_f32() * 1000.0,
            backend: self.backend.clone(),
            commands_applied: self.commands_applied,
        });
        (self.repaint)();
        self.views_cost = started.elapsed();
        self.all_dirty = false;
        self.publish_now = false;
        self.last_publish = Instant::now();
    }

    /// Recomputes the views that changed: the focused model's always, then the small
    /// multiples stalest first while the budget lasts (at least one per snapshot), so seven
    /// models cost about one large view and a few small ones per frame, not seven.
    fn refresh_views(&mut self, started: Instant) {
        if self.data.is_empty() {
            // Some views depend on the data (an AE's curve spans the data's codes): with no
            // points each model keeps showing its last view until points come back.
            return;
        }
        let cx = Input {
            data: &self.data_plain,
            beta: self.settings.beta,
            grid: self.settings.grid,
            at: self.settings.condition(),
            device: &self.device,
            probe: self.settings.probe,
        };
        let focus = self.settings.focus;
        let playing = self.settings.playing;
        let mut order: Vec<(bool, Option<Instant>, ModelId)> = self
            .zoo
            .enabled()
            .filter(|s| s.dirty || s.view.is_none())
            .map(|s| (s.id != focus, s.view_at, s.id))
            .collect();
        // Focused first; then never-drawn, then the oldest.
        order.sort_by_key(|(small, at, _)| (*small, *at));
        let mut small_done = 0;
        for (small, _, id) in order {
            if small && small_done > 0 && started.elapsed() > SMALL_VIEWS_BUDGET {
                break;
            }
            let is_training = self.zoo.is_training(id, playing);
            let Some(slot) = self.zoo.get_mut(id) else {
                continue;
            };
            running(Some((id, slot.step)));
            let computed = model_view(slot, !small, is_training, &cx);
            running(None);
            match computed {
                Ok(view) if !view.is_finite() => {
                    // Finite-looking losses, blown-up weights: the surface shows it first.
                    // The old view stays on screen; the next one is drawn from the weights
                    // the model rolls back to (or none, when it has no finite weights to go to).
                    slot.dirty = false;
                    roll_back(
                        slot,
                        "its energy surface became non-finite",
                        self.settings.hyper.learning_rate,
                    );
                    slot.view_at = Some(Instant::now());
                    continue;
                }
                Ok(view) => {
                    self.revisions += 1;
                    slot.view = Some(ModelView {
                        revision: self.revisions,
                        ..view
                    });
                }
                Err(e) => {
                    slot.error = Some(format!("{}: could not evaluate the model: {e}", id.title()));
                    if self.backend.kind == BackendKind::Wgpu {
                        self.failed = Some(Failure {
                            model: Some(id),
                            step: Some(slot.step),
                            message: format!("the GPU could not draw the model: {e}"),
                            on_gpu: true,
                        });
                    }
                }
            }
            slot.dirty = false;
            slot.view_at = Some(Instant::now());
            small_done += usize::from(small);
        }
    }
}

//! Inference on demand: the inspector's descents on a model's latent, run here where the model
//! lives, and sent back whole (the window animates them).

use super::Worker;
use crate::inference::descent::descend;
use crate::models::ModelId;
use crate::trainer::protocol::Event;

impl Worker {
    /// Descends E(`y`, ·) of `model` from each of `starts`, and reports the paths (or why not).
    pub(super) fn infer(&mut self, model: ModelId, y: [f32; 2], starts: &[Vec<f32>], step: f32) {
        let event = match self.descents(model, y, starts, step) {
            Ok(event) => event,
            Err(message) => Event::Failed {
                action: "inference",
                message,
            },
        };
        let _ = self.events.send(event);
    }

    fn descents(
        &self,
        model: ModelId,
        y: [f32; 2],
        starts: &[Vec<f32>],
        step: f32,
    ) -> Result<Event, String> {
        let slot = self
            .zoo
            .slots()
            .find(|s| s.id == model)
            .ok_or_else(|| format!("{} is not running", model.title()))?;
        let latent = slot
            .model
            .latent(&self.data_plain, self.settings.condition())
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("{} has no latent to search", model.title()))?;
        if starts.iter().any(|s| s.len() != latent.dim()) || !(step > 0.0 && step.is_finite()) {
            return Err("a start must have the latent's dimension, a step must be positive".into());
        }
        let at = self.settings.condition();
        let paths = descend(
            slot.model.as_ref(),
            at,
            y,
            starts,
            &latent,
            step,
            &self.device,
        )
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
        Ok(Event::Inferred {
            model,
            y,
            step: slot.step,
            paths,
        })
    }
}

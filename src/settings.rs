//! What a run is set to: seed, temperature, optimiser, grid, the models and which is drawn
//! large, the data and play/pause. One type, one `Default`: the window holds it, the trainer
//! holds its own copy, a session file embeds it, and a restarted trainer or a loaded session
//! takes it in one message.

use crate::data::DataSource;
use crate::energy::{Beta, Extent, GridSpec};
use crate::models::ModelId;

/// Training hyper-parameters the user can change live.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Hyper {
    /// Adam's learning rate, shared by every model.
    pub learning_rate: f64,
    /// Train on F_β at the slider's β instead of zero-temperature F_∞.
    pub train_at_beta: bool,
    /// Cap on optimiser steps per second, so learning is slow enough to watch; `None` = as
    /// fast as the device goes.
    pub max_steps_per_sec: Option<f32>,
}

/// Everything a run is set to.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    /// Seed of the data and of every model's random stream: the same seed gives the same run.
    pub seed: u64,
    /// The slider's inverse temperature.
    pub beta: Beta,
    pub hyper: Hyper,
    /// Where and how finely the surfaces are evaluated.
    pub grid: GridSpec,
    /// The model drawn large: it gets the full-resolution surface and the β family.
    pub focus: ModelId,
    /// The models training side by side, in [`ModelId::ALL`] order (a session file keeps this
    /// per model, with its weights).
    #[serde(skip)]
    pub enabled: Vec<ModelId>,
    /// The training data.
    pub data: DataSource,
    /// Whether the enabled models step.
    pub playing: bool,
    /// The inspector's probe y′, which the trainer answers with the focused model (its
    /// argmin over the latent, its encoder's guess); `None`: no inspector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe: Option<[f32; 2]>,
    /// The input x at which conditional models are drawn (their slice of the horn).
    #[serde(default)]
    pub slice: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            seed: 0,
            beta: Beta::Finite(1.0),
            hyper: Hyper {
                learning_rate: 0.01,
                train_at_beta: false,
                // With Adam at 0.01 the ellipse takes ~300 steps: a couple of seconds to watch.
                max_steps_per_sec: Some(150.0),
            },
            grid: GridSpec::DEFAULT,
            focus: ModelId::Ellipse,
            enabled: vec![ModelId::Ellipse],
            data: DataSource::default(),
            playing: true,
            probe: None,
            slice: 0.0,
        }
    }
}

impl Settings {
    /// These models enabled, the first one focused (drawn large); the default when empty.
    pub fn with_models(mut self, models: &[ModelId]) -> Self {
        if let Some(first) = models.first() {
            self.focus = *first;
            self.enabled = models.to_vec();
            self.enabled.sort_by_key(|m| m.rank());
        }
        self
    }

    /// The grid moved to fit the data (the course's view for the course's ellipse).
    pub fn fit_grid(mut self) -> Self {
        self.grid = GridSpec::fitted(Extent::around(&self.data.points(self.seed)));
        self
    }

    /// Enables or disables `model`, keeping [`ModelId::ALL`] order.
    pub fn set_enabled(&mut self, model: ModelId, enabled: bool) {
        self.enabled.retain(|m| *m != model);
        if enabled {
            self.enabled.push(model);
            self.enabled.sort_by_key(|m| m.rank());
        }
    }

    /// Where views of conditional models are taken: at the slice's x.
    pub fn condition(&self) -> crate::models::Condition {
        crate::models::Condition {
            x: Some(self.slice),
        }
    }

    /// The objective's β: the slider's when training at temperature, else zero temperature.
    pub fn training_beta(&self) -> Beta {
        if self.hyper.train_at_beta {
            self.beta
        } else {
            Beta::Infinite
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_are_kept_in_registry_order_with_the_first_given_focused() {
        let s = Settings::default().with_models(&[ModelId::Gan, ModelId::Ellipse, ModelId::Ae]);
        assert_eq!(s.focus, ModelId::Gan);
        assert_eq!(s.enabled, vec![ModelId::Ellipse, ModelId::Ae, ModelId::Gan]);
        let mut s = Settings::default().with_models(&[]);
        assert_eq!(s.enabled, vec![ModelId::Ellipse]);
        s.set_enabled(ModelId::Vae, true);
        s.set_enabled(ModelId::Ae, true);
        s.set_enabled(ModelId::Ellipse, false);
        assert_eq!(s.enabled, vec![ModelId::Ae, ModelId::Vae]);
    }

    #[test]
    fn the_default_run_is_the_courses() {
        let s = Settings::default().fit_grid();
        assert_eq!(s.beta, Beta::Finite(1.0));
        assert_eq!(s.grid.extent, Extent::COURSE);
        assert_eq!(s.training_beta(), Beta::Infinite);
        assert_eq!(s.data.points(0).len(), 24);
    }
}

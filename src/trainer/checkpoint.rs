//! Each model's last finite weights, so a diverging model (a learning rate of 50, a huge
//! margin) goes back a few steps and pauses instead of losing its run.

use crate::models::EnergyModel;
use crate::models::state::ModelState;

/// Steps between checkpoints. A checkpoint reads the weights and Adam moments back to the host
/// (a few thousand floats here, microseconds), so this costs nothing measurable while a
/// rollback loses at most this many steps.
pub const EVERY: u64 = 25;

pub struct Checkpoint {
    pub step: u64,
    pub state: ModelState,
}

impl Checkpoint {
    /// `model` as it is at `step`, if every weight and moment is finite (a state that already
    /// holds a NaN is no place to roll back to).
    pub fn take(model: &dyn EnergyModel, step: u64) -> Option<Self> {
        let state = model.save_state().ok()?;
        state.is_finite().then_some(Checkpoint { step, state })
    }

    /// Whether a slot at `step`, holding `current`, should take a new checkpoint now: when it
    /// has none (a fresh or restored model) and every [`EVERY`] steps.
    pub fn due(current: Option<&Checkpoint>, step: u64) -> bool {
        match current {
            None => true,
            Some(c) => step.is_multiple_of(EVERY) && c.step != step,
        }
    }
}

#[cfg(test)]
mod tests {
    use burn::tensor::Device;

    use super::*;
    use crate::models::ModelId;

    #[test]
    fn checkpoints_are_due_when_missing_and_every_few_steps() {
        let model = ModelId::Ae.create(&Device::flex(), 0);
        let at_25 = Checkpoint::take(model.as_ref(), EVERY).unwrap();
        assert!(Checkpoint::due(None, 7));
        assert!(!Checkpoint::due(Some(&at_25), EVERY));
        assert!(!Checkpoint::due(Some(&at_25), EVERY + 1));
        assert!(Checkpoint::due(Some(&at_25), 2 * EVERY));
    }

    #[test]
    fn a_state_holding_a_nan_is_never_a_checkpoint() {
        let device = Device::flex();
        let mut model = ModelId::Gan.create(&device, 0);
        let mut state = model.save_state().unwrap();
        assert!(state.is_finite());
        state.nets[1].weights[0].values[3] = f32::NAN;
        model.load_state(&state).unwrap();
        assert!(Checkpoint::take(model.as_ref(), 0).is_none());
    }
}

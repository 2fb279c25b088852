//! Fault injection for the trainer's tests: a model's step panics, loses the GPU or blocks, at
//! a chosen step. Outside tests [`Faults`] is empty and its hook compiles to nothing.

use crate::models::{EnergyModel, ModelError, ModelId};

#[cfg(test)]
pub use injected::{Faults, StepFault};

#[cfg(test)]
mod injected {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use super::*;
    use crate::energy::free_energy::ReadbackError;
    use crate::test_gate::Gate;

    /// What happens in the faulty step.
    #[derive(Clone)]
    pub enum StepFault {
        /// The step panics with this message.
        Panic(&'static str),
        /// The step fails the way cubecl reports a lost wgpu device.
        DeviceLost,
        /// The step waits at `gate` (a minute at most): a trainer stuck on a GPU or a driver.
        Block(Arc<Gate>),
        /// The step succeeds, then its update leaves every weight NaN: the loss it reported is
        /// finite, so only the model's next view or step can tell.
        PoisonAfter,
    }

    /// Faults shared by a handle and every trainer thread it starts; each fires once.
    #[derive(Clone, Default)]
    pub struct Faults(Arc<Mutex<Vec<(ModelId, u64, StepFault)>>>);

    impl Faults {
        /// `model`'s first step at or after `step` fails with `fault`.
        pub fn inject(&self, model: ModelId, step: u64, fault: StepFault) {
            self.0
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((model, step, fault));
        }

        pub(in crate::trainer) fn before_step(
            &self,
            model: ModelId,
            step: u64,
        ) -> Result<(), ModelError> {
            match self.take(model, step, |f| !matches!(f, StepFault::PoisonAfter)) {
                None => Ok(()),
                Some(StepFault::Panic(message)) => panic!("{message}"),
                Some(StepFault::DeviceLost) => Err(ModelError::Readback(ReadbackError(
                    "DevicePoisoned(\"Lost: injected device loss\")".to_owned(),
                ))),
                Some(StepFault::Block(gate)) => {
                    gate.enter_and_wait(Duration::from_secs(60));
                    Ok(())
                }
                Some(StepFault::PoisonAfter) => Ok(()),
            }
        }

        pub(in crate::trainer) fn after_step(&self, model: &mut dyn EnergyModel, step: u64) {
            if self
                .take(model.id(), step, |f| matches!(f, StepFault::PoisonAfter))
                .is_some()
                && let Ok(mut state) = model.save_state()
            {
                for net in &mut state.nets {
                    for weight in &mut net.weights {
                        weight.values.fill(f32::NAN);
                    }
                }
                let _ = model.load_state(&state);
            }
        }

        /// Removes and returns `model`'s first fault due at `step` that `kind` accepts.
        fn take(
            &self,
            model: ModelId,
            step: u64,
            kind: impl Fn(&StepFault) -> bool,
        ) -> Option<StepFault> {
            let mut faults = self.0.lock().unwrap_or_else(|p| p.into_inner());
            let due = faults
                .iter()
                .position(|(m, s, f)| *m == model && *s <= step && kind(f));
            due.map(|i| faults.remove(i).2)
        }
    }
}

/// Nothing to inject outside tests.
#[cfg(not(test))]
#[derive(Clone, Default)]
pub struct Faults {}

#[cfg(not(test))]
impl Faults {
    #[inline(always)]
    pub(in crate::trainer) fn before_step(
        &self,
        _model: ModelId,
        _step: u64,
    ) -> Result<(), ModelError> {
        Ok(())
    }

    #[inline(always)]
    pub(in crate::trainer) fn after_step(&self, _model: &mut dyn EnergyModel, _step: u64) {}
}

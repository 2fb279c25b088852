//! Fault injection for the trainer's tests: a model wrapper whose step panics, loses the GPU,
//! blocks or poisons its weights at a chosen step. The wrapped models come from a
//! [`ModelFactory`] handed to the trainer like any other, so no production signature knows
//! about faults. Compiled only for tests.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use burn::tensor::Tensor;

use super::failure;
use crate::energy::Beta;
use crate::energy::free_energy::ReadbackError;
use crate::kernels::HostEnergy;
use crate::models::state::ModelState;
use crate::models::{
    Batch, Bubble, Condition, EnergyModel, Manifold, ModelError, ModelFactory, ModelId, Objective,
};
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

/// Faults shared by every model a factory makes (and every trainer thread a handle starts
/// with it); each fires once.
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

    /// The registry's models, wrapped so that these faults fire in their steps.
    pub fn factory(&self) -> ModelFactory {
        let faults = self.clone();
        ModelFactory::new(move |id, device, seed| {
            Box::new(Faulty {
                inner: id.create(device, seed),
                faults: faults.clone(),
            })
        })
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

/// A model whose steps may fail as injected. The step number is the trainer's: the one it
/// marks as running (rollbacks and restores move it).
struct Faulty {
    inner: Box<dyn EnergyModel>,
    faults: Faults,
}

impl Faulty {
    fn step(&self) -> u64 {
        failure::current().map_or(0, |(_, step)| step)
    }

    fn before_step(&self) -> Result<(), ModelError> {
        let fault = self.faults.take(self.id(), self.step(), |f| {
            !matches!(f, StepFault::PoisonAfter)
        });
        match fault {
            None | Some(StepFault::PoisonAfter) => Ok(()),
            Some(StepFault::Panic(message)) => panic!("{message}"),
            Some(StepFault::DeviceLost) => Err(ModelError::Readback(ReadbackError(
                "DevicePoisoned(\"Lost: injected device loss\")".to_owned(),
            ))),
            Some(StepFault::Block(gate)) => {
                gate.enter_and_wait(Duration::from_secs(60));
                Ok(())
            }
        }
    }

    fn after_step(&mut self) {
        let poison = self.faults.take(self.id(), self.step(), |f| {
            matches!(f, StepFault::PoisonAfter)
        });
        if poison.is_some()
            && let Ok(mut state) = self.inner.save_state()
        {
            for net in &mut state.nets {
                for weight in &mut net.weights {
                    weight.values.fill(f32::NAN);
                }
            }
            let _ = self.inner.load_state(&state);
        }
    }
}

impl EnergyModel for Faulty {
    fn id(&self) -> ModelId {
        self.inner.id()
    }

    fn train_step(&mut self, batch: &Batch, objective: Objective) -> Result<f32, ModelError> {
        self.before_step()?;
        let loss = self.inner.train_step(batch, objective);
        self.after_step();
        loss
    }

    fn manifold(&self, data: &Batch, at: Condition) -> Result<Option<Manifold>, ModelError> {
        self.inner.manifold(data, at)
    }

    fn energy(&self, points: Tensor<2>, at: Condition) -> Result<Tensor<1>, ModelError> {
        self.inner.energy(points, at)
    }

    fn host_energy(&self, at: Condition) -> Result<Option<HostEnergy>, ModelError> {
        self.inner.host_energy(at)
    }

    fn hot(&self) -> Vec<[f32; 2]> {
        self.inner.hot()
    }

    fn trails(&self) -> Vec<Vec<[f32; 2]>> {
        self.inner.trails()
    }

    fn field(&self, points: Tensor<2>, at: Condition) -> Result<Option<Tensor<2>>, ModelError> {
        self.inner.field(points, at)
    }

    fn hot_arrows(&self) -> Result<Vec<[f32; 2]>, ModelError> {
        self.inner.hot_arrows()
    }

    fn bubbles(&self, data: &Batch) -> Result<Vec<Bubble>, ModelError> {
        self.inner.bubbles(data)
    }

    fn loss(&self, data: &Batch, beta: Beta) -> Result<f32, ModelError> {
        self.inner.loss(data, beta)
    }

    fn params(&self) -> Vec<(&'static str, f32)> {
        self.inner.params()
    }

    fn save_state(&self) -> Result<ModelState, ModelError> {
        self.inner.save_state()
    }

    fn load_state(&mut self, state: &ModelState) -> Result<(), ModelError> {
        self.inner.load_state(state)
    }

    fn set_param(&mut self, key: &str, value: f32) -> Result<(), ModelError> {
        self.inner.set_param(key, value)
    }
}

//! When the trainer thread fails: who was running (for the message), whether the GPU was in
//! use (then the trainer comes back on the CPU by itself), and the recovery point, the last
//! host copy of every model's weights a restart comes back from.

use std::cell::Cell;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::models::ModelId;
use crate::session::Session;

/// Why the trainer thread ended.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// The model whose step or view was running, if one was.
    pub model: Option<ModelId>,
    pub step: Option<u64>,
    pub message: String,
    /// The failure happened on the wgpu backend: most likely the GPU (a lost device, a driver
    /// error), so the trainer restarts on the CPU without asking.
    pub on_gpu: bool,
}

impl Failure {
    /// A failure that no model caused, seen from outside the trainer thread.
    pub fn plain(message: String) -> Self {
        Failure {
            model: None,
            step: None,
            message,
            on_gpu: false,
        }
    }

    /// A failure at the current point of the trainer thread (see [`running`]); call it on
    /// that thread only.
    pub fn here(message: String) -> Self {
        let now = CURRENT.get();
        Failure {
            model: now.model.map(|(m, _)| m),
            step: now.model.map(|(_, s)| s),
            message,
            on_gpu: now.on_gpu,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.model, self.step) {
            (Some(model), Some(step)) => {
                write!(
                    f,
                    "{} failed at step {step}: {}",
                    model.title(),
                    self.message
                )
            }
            _ => f.write_str(&self.message),
        }
    }
}

#[derive(Clone, Copy, Default)]
struct Current {
    model: Option<(ModelId, u64)>,
    on_gpu: bool,
}

thread_local! {
    /// What the trainer thread is doing, read after a panic unwound to the thread boundary.
    static CURRENT: Cell<Current> = const { Cell::new(Current { model: None, on_gpu: false }) };
}

/// Marks the trainer thread as running `model` at `step` (`None`: between models). Not a
/// guard on purpose: a panic must leave the mark in place for [`Failure::here`].
pub fn running(model: Option<(ModelId, u64)>) {
    CURRENT.set(Current {
        model,
        ..CURRENT.get()
    });
}

/// The model and step the trainer thread marked as running, if any.
pub fn current() -> Option<(ModelId, u64)> {
    CURRENT.get().model
}

/// Marks the trainer thread as computing on the GPU.
pub fn on_gpu(on_gpu: bool) {
    CURRENT.set(Current {
        on_gpu,
        ..CURRENT.get()
    });
}

/// The text of a panic's payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        format!("trainer panicked: {s}")
    } else if let Some(s) = payload.downcast_ref::<String>() {
        format!("trainer panicked: {s}")
    } else {
        "trainer panicked".to_owned()
    }
}

/// Every model's weights, optimiser state, step and RNG position as of `taken`, kept on the
/// host (a lost GPU cannot be read any more).
#[derive(Clone, Debug)]
pub struct RecoveryPoint {
    pub session: Session,
    pub taken: Instant,
}

/// Shared by the trainer thread (which refreshes it every second) and its handle (which
/// restarts from it).
pub type Recovery = Arc<Mutex<Option<RecoveryPoint>>>;

/// How a restarted trainer picks up.
#[derive(Clone, Debug)]
pub struct Resume {
    pub point: RecoveryPoint,
    /// The model that failed and what to tell its card; it stays paused until Play.
    pub culprit: Option<(ModelId, String)>,
    /// Why the backend changed, for the status bar.
    pub backend_notice: Option<String>,
}

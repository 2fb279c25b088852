//! Several models stepping at once on the CPU backend: one training step per ready model, each
//! on a thread of a small pool, joined before the trainer goes on.
//!
//! Why a pool and not a thread per model: the trainer thread stays the one owner of the zoo
//! (commands, views, sessions see a step either done or not started), and a step only touches
//! its own slot — weights, optimiser, its own RNG streams — so a model's trajectory is the
//! same bit for bit whether it trains alone, in turn, or beside others on other threads.
//! On wgpu the steps stay in turn: one device queue gains nothing from more submitters.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::OnceLock;

use rayon::prelude::*;

use super::failure::running;
use super::step::step_slot;
use super::zoo::Slot;
use crate::models::{Batch, Objective};

/// Overrides the pool's thread count (`1`: models step in turn, as on one core).
pub const THREADS_ENV: &str = "ENERGY_LAB_TRAINING_THREADS";

/// Training threads by default: one per core. The window's thread and the views share the
/// cores with them (the views take at most a tenth of the trainer's time, see the worker).
/// Measured on 2 cores with all ten models (bench `sharing`): Σ S_i/solo_i = 1.00–1.05 with
/// two threads, 0.76 stepping in turn on one.
pub fn default_threads(cores: usize) -> usize {
    cores.max(1)
}

/// The training pool: `default_threads` (or `$ENERGY_LAB_TRAINING_THREADS`) threads, made
/// on first use, kept for the process. `None` for one thread (or if threads cannot be
/// made): steps then go in turn on the trainer thread.
pub(super) fn training_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let threads = std::env::var(THREADS_ENV)
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or_else(|| {
                default_threads(std::thread::available_parallelism().map_or(1, usize::from))
            });
        (threads > 1).then(|| pool_of(threads)).flatten()
    })
    .as_ref()
}

/// A pool of `threads` training threads.
pub(super) fn pool_of(threads: usize) -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("energy-lab training {i}"))
        .build()
        .ok()
}

/// One step of every slot `ready` marks, in parallel on `pool`. Returns the first device
/// error (as `step_slot` does). A panic inside a step is caught on its worker and raised
/// again on the trainer thread, marked with the model and step that panicked, so the
/// trainer's failure report still names the culprit.
pub(super) fn step_ready(
    pool: &rayon::ThreadPool,
    slots: &mut [Slot],
    ready: &[bool],
    data: &Batch,
    objective: Objective,
) -> Result<(), String> {
    let outcomes: Vec<_> = pool.install(|| {
        slots
            .par_iter_mut()
            .zip(ready)
            .filter(|(_, ready)| **ready)
            .map(|(slot, _)| {
                let at = (slot.id, slot.step);
                catch_unwind(AssertUnwindSafe(|| step_slot(slot, data, objective)))
                    .map_err(|payload| (at, payload))
            })
            .collect()
    });
    let mut device_error = Ok(());
    for outcome in outcomes {
        match outcome {
            Ok(Err(e)) if device_error.is_ok() => device_error = Err(e),
            Ok(_) => {}
            Err((at, payload)) => {
                running(Some(at));
                resume_unwind(payload);
            }
        }
    }
    device_error
}

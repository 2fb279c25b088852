//! One training step of one slot, and the rollback a diverging step ends in.

use super::checkpoint::Checkpoint;
use super::failure::running;
use super::protocol::LossPoint;
use super::zoo::Slot;
use crate::models::learner::minibatch;
use crate::models::{Batch, ModelError, Objective};

/// One training step of one model; a failure pauses that model only, and a divergence also
/// rolls it back to its last finite weights. A failure to read the device back is also
/// returned: on the GPU it means the device is gone, and the trainer moves to the CPU.
pub(super) fn step_slot(slot: &mut Slot, data: &Batch, objective: Objective) -> Result<(), String> {
    if Checkpoint::due(slot.last_good.as_ref(), slot.step)
        && let Some(checkpoint) = Checkpoint::take(slot.model.as_ref(), slot.step)
    {
        slot.last_good = Some(checkpoint);
    }
    let batch = minibatch(data, &mut slot.batches);
    running(Some((slot.id, slot.step)));
    let outcome = slot.model.train_step(&batch, objective);
    running(None);
    let mut device_error = Ok(());
    match outcome {
        Ok(loss) if loss.is_finite() => {
            slot.new_losses.push(LossPoint {
                step: slot.step,
                loss,
            });
            slot.last_loss = Some(loss);
            slot.step += 1;
        }
        // Non-finite weights give a non-finite loss at the next step at the latest.
        Ok(loss) | Err(ModelError::Diverged(loss)) => roll_back(
            slot,
            &format!("loss became {loss}"),
            objective.learning_rate,
        ),
        Err(e @ ModelError::RanOff { .. }) => {
            roll_back(slot, &e.to_string(), objective.learning_rate)
        }
        Err(e) => {
            if let ModelError::Readback(readback) = &e {
                device_error = Err(readback.to_string());
            }
            slot.error = Some(format!(
                "{}: step {} failed: {e}",
                slot.id.title(),
                slot.step
            ));
        }
    }
    slot.pending_steps = slot.pending_steps.saturating_sub(1);
    slot.rate.count();
    slot.dirty = true;
    device_error
}

/// Back to the last checkpoint, paused, with a message saying `what` went wrong and naming
/// the knob to turn.
pub(super) fn roll_back(slot: &mut Slot, what: &str, learning_rate: f64) {
    let diverged = format!("{}: {what} at step {}", slot.id.title(), slot.step);
    let restored = slot.last_good.as_ref().and_then(|checkpoint| {
        let state = &checkpoint.state;
        slot.model.load_state(state).ok().map(|()| checkpoint.step)
    });
    let advice = format!(
        "lower the learning rate (now {learning_rate}) or this model's knobs, then press Play"
    );
    slot.error = Some(match restored {
        Some(step) => {
            slot.step = step;
            slot.new_losses.retain(|p| p.step < step);
            slot.dirty = true;
            format!("{diverged}; rolled back to step {step}, its last finite weights: {advice}")
        }
        None => format!("{diverged}: {advice}, or restart it"),
    });
    if let Some(error) = &slot.error {
        log::warn!("{error}");
    }
}

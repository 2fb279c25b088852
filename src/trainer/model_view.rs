//! One model's view for the UI: its landscape (see `landscape/`) and the slot's bookkeeping
//! (step, run, errors), as plain data.

use super::protocol::ModelView;
use super::zoo::Slot;
use crate::landscape::compute::{Input, landscape};
use crate::models::ModelError;

pub(super) fn model_view(
    slot: &Slot,
    focused: bool,
    training: bool,
    cx: &Input<'_>,
) -> Result<ModelView, ModelError> {
    let model = slot.model.as_ref();
    Ok(ModelView {
        model: slot.id,
        revision: 0,
        run: slot.run,
        step: slot.step,
        new_losses: Vec::new(),
        last_loss: slot.last_loss,
        params: model.params(),
        landscape: landscape(model, focused, cx)?,
        training,
        steps_per_sec: slot.rate.per_second(),
        error: slot.error.clone(),
        notice: slot.notice.clone(),
    })
}

//! One model's view for the UI: everything drawn about it, as plain data. The focused model
//! gets the full grid, the arrow lattice and the β family; the small multiples get a grid a
//! third as fine in each direction (a ninth of the cost) over the same extent.

use burn::tensor::{Device, Tensor};

use super::protocol::ModelView;
use super::views;
use super::zoo::Slot;
use crate::energy::free_energy::read_points;
use crate::energy::grid::GridSize;
use crate::energy::{Beta, GridSpec};
use crate::models::ModelError;

/// What every view of one snapshot shares.
pub(super) struct ViewContext<'a> {
    pub data: &'a Tensor<2>,
    pub beta: Beta,
    pub grid: GridSpec,
    pub device: &'a Device,
}

/// The grid of a small multiple: same extent as `grid`, every third point.
pub fn small_grid(grid: &GridSpec) -> GridSpec {
    let thin = |n: usize| (n.saturating_sub(1) / 3 + 1).max(2);
    GridSpec {
        extent: grid.extent,
        size: GridSize {
            width: thin(grid.size.width),
            height: thin(grid.size.height),
        },
    }
}

pub(super) fn model_view(
    slot: &Slot,
    focused: bool,
    training: bool,
    cx: &ViewContext<'_>,
) -> Result<ModelView, ModelError> {
    let model = slot.model.as_ref();
    // Arrow spacings are the course's (a 6-unit-wide view); wider views space them in step so
    // a plot never holds more arrows than the course's does.
    let zoom = (cx.grid.extent.width().max(cx.grid.extent.height()) / 6.0).max(1.0);
    let (grid, spacing) = if focused {
        (cx.grid, views::ARROW_SPACING * zoom)
    } else {
        (small_grid(&cx.grid), views::SMALL_ARROW_SPACING * zoom)
    };
    let lattice = views::arrow_lattice(&grid.extent, spacing);
    let manifold = model.manifold(cx.data)?; // [K, 2]
    let energy = views::energy_grid(&grid, &manifold, cx.beta, cx.device)?;
    let native = views::grid_native_energies(&grid, model, cx.device)?;
    let (field, arrows) = views::model_field(model, &lattice, &manifold, cx.beta, cx.device)?;
    let beta_family = if focused {
        views::beta_family(&manifold, cx.beta, cx.device)?
    } else {
        Vec::new()
    };
    Ok(ModelView {
        model: slot.id,
        revision: 0,
        run: slot.run,
        step: slot.step,
        new_losses: Vec::new(),
        params: model.params(),
        manifold: read_points(manifold)?,
        hot: model.hot(),
        hot_arrows: model.hot_arrows()?,
        energy,
        native,
        field,
        arrows,
        arrow_spacing: spacing,
        beta_family,
        bubbles: model.bubbles(cx.data)?,
        training,
        steps_per_sec: slot.rate.per_second(),
        error: slot.error.clone(),
        notice: slot.notice.clone(),
    })
}

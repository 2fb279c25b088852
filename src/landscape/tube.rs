//! A conditional model across x: its manifold at a range of x, drawn as a tube over the horn
//! (the regressor's one-point manifold becomes the line of its predictions).

use crate::energy::free_energy::read_points;
use crate::models::{Batch, Condition, EnergyModel, ModelError};

/// Slices of a conditional model's manifold drawn across x ∈ [0, 1].
pub const TUBE_SLICES: usize = 21;

/// `(x, the manifold at x)` for a range of x.
pub type Tube = Vec<(f32, Vec<[f32; 2]>)>;

/// A conditional model's manifold at each of [`TUBE_SLICES`] x: its tube over the horn.
pub fn manifold_over_x(model: &dyn EnergyModel, data: &Batch) -> Result<Tube, ModelError> {
    let mut tube = Vec::with_capacity(TUBE_SLICES);
    for i in 0..TUBE_SLICES {
        let x = i as f32 / (TUBE_SLICES - 1) as f32;
        if let Some(m) = model.manifold(data, Condition { x: Some(x) })? {
            tube.push((x, read_points(m.points)?));
        }
    }
    Ok(tube)
}

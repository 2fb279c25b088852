//! The free-energy mathematics shared by every model with a latent (see `docs/maths.md`).
//!
//! [`free_energy`] computes on burn tensors on the trainer's device (grids, training);
//! [`reference`] is the same formula in plain `f64` for one point at a time: the UI uses it
//! for the per-sample view under the cursor, and the tests use it as the oracle.

pub mod beta;
pub mod free_energy;
pub mod grid;
pub mod reference;

pub use beta::{Beta, BetaError};
pub use grid::{Extent, GridError, GridSpec};

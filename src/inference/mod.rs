//! Inference, the act: for an observed y′ the model searches its latent for the lowest energy
//! (zero temperature) or lets every z vote with weight e^{−βE} (warm). This room computes what
//! the inspector draws of it — the energies over the latent grid, the softmin weights, ž, F_β,
//! how many latents vote ([`inspect`]) — a gradient descent on z ([`descent`]), the encoder's
//! shortcut beside it, and the pull the data exert on each manifold point through the loss
//! ([`forces`]). See `docs/maths.md` §3.

pub mod descent;
#[cfg(test)]
mod descent_tests;
pub mod forces;
pub mod inspect;
#[cfg(test)]
mod too_hot_tests;

pub use descent::{DescentPath, LatentPoint, ProbeAnswer};
pub use inspect::{Inspection, inspect};

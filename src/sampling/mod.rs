//! Samples at temperature: Langevin particles on a surface as drawn (a grid of energies), at
//! inverse temperature β, and how closely they follow the Gibbs density e^{−βE}/Z on that grid.
//!
//! The sampler works on the surface the user sees, not on the network behind it, so one
//! sampler serves every model — e^{−βE} for an energy, e^{−βF_β} for an LV-EBM's surface at
//! the slider's β — and what it shows can be checked against the very numbers exported. The
//! surface is bilinear between grid points and zero outside the view: that piecewise-smooth
//! density is the target, exactly.
//!
//! MALA (Langevin proposal + Metropolis–Hastings accept), not ULA: ULA's stationary law is
//! off by O(η), and at β = 10 on a narrow valley the step that mixes in a few hundred sweeps is
//! large enough to widen the valley visibly; the accept step makes MALA exact for any η, so the
//! step size only decides how fast it mixes, and it can be tuned freely (to ~57 % acceptance,
//! the optimum for Langevin proposals).

pub mod mala;
pub mod target;
#[cfg(test)]
mod tests;
pub mod tv;

pub use mala::Mala;
pub use target::GibbsTarget;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SamplingError {
    #[error("the surface has a non-finite value at grid point {0}: nothing to sample")]
    NonFinite(usize),
    #[error("the surface has {got} values for a {width}×{height} grid")]
    Shape {
        got: usize,
        width: usize,
        height: usize,
    },
}

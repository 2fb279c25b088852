//! `export --samples N`: samples of the exported surface's Gibbs density e^{−β·surface}, by
//! MALA on the very grid written to the CSV (see `sampling/`).

use std::io::Write;
use std::path::Path;

use crate::energy::{Beta, GridSpec};
use crate::files::{WriteError, write_atomically};
use crate::sampling::tv::Fit;
use crate::sampling::{GibbsTarget, SamplingError, mala};

/// Sweeps with the step tuned, then sweeps with it frozen: on the course's view the chains
/// forget their uniform start in ~100 sweeps at β = 1 and 10 (`sampling/tests.rs`).
const BURN_IN: usize = 1000;
const SWEEPS: usize = 300;

/// The JSON line's account of the samples.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SamplesSummary {
    pub n: usize,
    /// Total-variation distance between their histogram and e^{−β·surface}/Z on the grid
    /// (boxes of ~1/30 of the view), and what exact samples of that size would give.
    pub tv: Option<f64>,
    pub tv_exact_samples: Option<f64>,
    pub acceptance: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum SamplesError {
    #[error(transparent)]
    Sampling(#[from] SamplingError),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Draws `n` samples of e^{−β·energy} on `grid` from `seed` and writes them as `y1,y2`.
pub fn write_samples(
    grid: &GridSpec,
    energy: &[f32],
    beta: Beta,
    n: usize,
    seed: u64,
    path: &Path,
) -> Result<SamplesSummary, SamplesError> {
    let target = GibbsTarget::new(*grid, energy, beta)?;
    let chains = mala::sample(&target, n, seed, BURN_IN, SWEEPS);
    write_atomically(path, |out: &mut dyn Write| {
        writeln!(out, "y1,y2")?;
        chains
            .points()
            .iter()
            .try_for_each(|p| writeln!(out, "{},{}", p[0], p[1]))
    })?;
    let fit = matches!(beta, Beta::Finite(_)).then(|| Fit::of(&target, &chains.particles));
    Ok(SamplesSummary {
        n,
        tv: fit.map(|f| f.tv),
        tv_exact_samples: fit.map(|f| f.floor),
        acceptance: chains.acceptance,
    })
}

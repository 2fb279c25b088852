//! The *Samples* layer: Langevin particles (MALA, see `sampling/`) on the focused plot's
//! surface at the slider's β, advanced a few sweeps every frame on the UI thread — the surface
//! is already here, and a sweep of the particles costs well under a millisecond — and their
//! total-variation distance to the Gibbs density on the grid.

use crate::energy::{Beta, GridSpec};
use crate::landscape::surface::SurfaceView;
use crate::models::ModelId;
use crate::sampling::tv::Fit;
use crate::sampling::{GibbsTarget, Mala};
use crate::trainer::ModelView;

/// Particles on the plot. 1 000 is dense enough to see a density and cheap enough per frame.
const PARTICLES: usize = 1000;
/// MALA sweeps per frame: fast enough that a β change shows within a second at 60 fps.
const SWEEPS_PER_FRAME: usize = 5;
/// Frames between two measurements of the distance (a histogram and the grid's masses).
const FIT_EVERY: u64 = 15;

/// What the particles are on: a new model, grid or surface kind starts them afresh; a new
/// revision or β keeps them where they are, so a β change melts or freezes them in place.
#[derive(Clone, Copy, PartialEq)]
struct Surface {
    model: ModelId,
    grid: GridSpec,
    kind: SurfaceView,
}

/// What the layer shows, for tests and scripts.
#[derive(Clone, Debug)]
pub struct SamplesReport {
    pub particles: Vec<[f32; 2]>,
    /// The last measured distance, with the β it was measured at.
    pub fit: Option<(Beta, Fit)>,
}

#[derive(Default)]
pub struct GibbsLayer {
    mala: Option<Mala>,
    on: Option<Surface>,
    target: Option<(u64, Beta, GibbsTarget)>,
    frames: u64,
    /// The last measured distance, with the β it was measured at.
    fit: Option<(Beta, Fit)>,
    symbol: &'static str,
}

impl GibbsLayer {
    /// Advances the particles on `view`'s surface (as `surface` picks it) and returns them;
    /// `None` (and nothing kept) when the layer is off.
    pub fn advance(
        &mut self,
        view: &ModelView,
        surface: SurfaceView,
        on: bool,
    ) -> Option<Vec<[f32; 2]>> {
        if !on {
            *self = GibbsLayer::default();
            return None;
        }
        let land = &view.landscape;
        let here = Surface {
            model: view.model,
            grid: land.grid,
            kind: surface.shown(view.model),
        };
        if self
            .target
            .as_ref()
            .is_none_or(|(r, b, _)| *r != view.revision || *b != land.beta)
            || self.on != Some(here)
        {
            let (grid, symbol) = surface.sampled(view.model, land);
            // A non-finite surface never leaves the trainer; if one did, the layer waits.
            let target = GibbsTarget::new(grid.spec, &grid.values, land.beta).ok()?;
            self.target = Some((view.revision, land.beta, target));
            self.symbol = symbol;
        }
        let (_, _, target) = self.target.as_ref()?;
        if self.on != Some(here) || self.mala.is_none() {
            self.mala = Some(Mala::new(PARTICLES, target, 0));
            self.on = Some(here);
            self.fit = None;
        }
        let mala = self.mala.as_mut()?;
        for _ in 0..SWEEPS_PER_FRAME {
            mala.sweep(target);
        }
        self.frames += 1;
        if self.frames % FIT_EVERY == 1 {
            self.fit = Some((target.beta, Fit::of(target, &mala.particles)));
        }
        Some(mala.points())
    }

    /// The particles, and their last fit with the β it was measured at.
    pub fn report(&self) -> Option<SamplesReport> {
        Some(SamplesReport {
            particles: self.mala.as_ref()?.points(),
            fit: self.fit,
        })
    }

    /// The status bar's words on the particles, while the layer is on.
    pub fn status(&self) -> Option<String> {
        let (_, beta, _) = self.target.as_ref()?;
        let mala = self.mala.as_ref()?;
        let Beta::Finite(b) = beta else {
            return Some(format!(
                "samples: β = ∞, {} particles descending onto the minima of {}",
                PARTICLES, self.symbol
            ));
        };
        let (_, fit) = self.fit.filter(|(at, _)| at == beta)?;
        Some(format!(
            "samples of e^(−{b}·{}): TV {:.3} (exact samples: {:.3}), MALA acceptance {:.0}%",
            self.symbol,
            fit.tv,
            fit.floor,
            100.0 * mala.acceptance
        ))
    }
}

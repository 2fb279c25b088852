//! The negative sampler of a contrastive energy network: persistent Langevin chains on the
//! network's own energy (Du & Mordatch 2019). A replay buffer holds the chains' states; each
//! training step draws N of them, re-seeds a small fraction with uniform noise over the view
//! (so new regions keep being visited), runs K steps of
//! ŷ ← ŷ − η ∇E_θ(ŷ) + √(2η/β_s)·ε,
//! and writes them back. Persistence is what makes a few steps per training step enough: each
//! chain continues where it stopped, on a surface that moved only a little.

use burn::tensor::{Device, Tensor};
use rand::RngExt;

use super::sampler::gaussian;
use crate::energy::free_energy::{points_tensor, read_points};
use crate::models::ModelError;
use crate::models::learner::ModelRng;

/// How many of the drawn chains keep a trail for the window, and how many positions each.
pub const TRAIL_CHAINS: usize = 64;
pub const TRAIL_LENGTH: usize = 6;

/// A rectangle of the plane: where chains start and stay.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Region {
    pub lo: [f32; 2],
    pub hi: [f32; 2],
}

impl Region {
    /// `n` points uniform in the region.
    pub fn uniform(&self, n: usize, rng: &mut ModelRng) -> Vec<[f32; 2]> {
        (0..n)
            .map(|_| {
                [
                    rng.random_range(self.lo[0]..=self.hi[0]),
                    rng.random_range(self.lo[1]..=self.hi[1]),
                ]
            })
            .collect()
    }

    /// Each row of `y` (`[N, 2]`) clamped into the region.
    fn clamp_tensor(&self, y: Tensor<2>) -> Tensor<2> {
        let column = |k: usize| y.clone().narrow(1, k, 1).clamp(self.lo[k], self.hi[k]);
        Tensor::cat(vec![column(0), column(1)], 1)
    }

    fn diagonal(&self) -> f32 {
        (self.hi[0] - self.lo[0]).hypot(self.hi[1] - self.lo[1])
    }
}

/// One round of the chains.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Langevin {
    /// η, the step on −∇E.
    pub step: f32,
    /// K, steps per training step.
    pub steps: usize,
    /// β_s, the sampler's inverse temperature: the noise is √(2η/β_s).
    pub beta: f32,
    /// The fraction of drawn chains restarted uniformly over the region.
    pub reseed: f32,
}

/// The replay buffer of chain states and the trails of the last round.
#[derive(Clone, Debug, Default)]
pub struct Chains {
    pub states: Vec<[f32; 2]>,
    /// Trails of the first [`TRAIL_CHAINS`] chains of the last round: one polyline each, oldest
    /// position first.
    pub trails: Vec<Vec<[f32; 2]>>,
}

impl Chains {
    /// Keeps `count` chains, filling new slots uniformly over `region`.
    pub fn resize(&mut self, count: usize, region: Region, rng: &mut ModelRng) {
        if self.states.len() < count {
            let missing = count - self.states.len();
            self.states.extend(region.uniform(missing, rng));
        }
        self.states.truncate(count);
    }

    /// Draws `n` chains, runs one round on the energy whose −∇ `neg_grad` gives (`[N, 2]` →
    /// `[N, 2]`, plain device), writes them back and returns their new states `[n, 2]`.
    pub fn advance(
        &mut self,
        n: usize,
        round: Langevin,
        region: Region,
        rng: &mut ModelRng,
        device: &Device,
        neg_grad: impl Fn(Tensor<2>) -> Result<Tensor<2>, ModelError>,
    ) -> Result<Tensor<2>, ModelError> {
        let count = self.states.len();
        if count == 0 {
            return Err(ModelError::State("no Langevin chains".to_owned()));
        }
        let picked: Vec<usize> = (0..n).map(|_| rng.random_range(0..count)).collect();
        let start: Vec<[f32; 2]> = picked
            .iter()
            .map(|&i| {
                if rng.random::<f32>() < round.reseed {
                    region.uniform(1, rng)[0]
                } else {
                    self.states[i]
                }
            })
            .collect();
        // A drift longer than a twentieth of the view in one step is cut to it: an early,
        // steep network would otherwise throw chains out of the picture (Du & Mordatch clip
        // the gradient for the same reason).
        let max_drift = region.diagonal() / 20.0;
        let noise = (2.0 * round.step / round.beta).sqrt();
        let mut y = points_tensor(&start, device); // [n, 2]
        let mut trails: Vec<Vec<[f32; 2]>> =
            start.iter().take(TRAIL_CHAINS).map(|p| vec![*p]).collect();
        for k in 0..round.steps {
            let drift = neg_grad(y.clone())?.mul_scalar(round.step); // [n, 2]
            let length = drift.clone().square().sum_dim(1).sqrt(); // [n, 1]
            let cut = length
                .add_scalar(1e-12)
                .recip()
                .mul_scalar(max_drift)
                .clamp_max(1.0);
            let eps = gaussian(rng, n, 2, device).mul_scalar(noise); // [n, 2]
            y = region.clamp_tensor(y + drift * cut + eps);
            if k + TRAIL_LENGTH >= round.steps {
                let heads = read_points(y.clone().narrow(0, 0, trails.len()))?;
                for (trail, p) in trails.iter_mut().zip(heads) {
                    trail.push(p);
                }
            }
        }
        let end = read_points(y.clone())?;
        for (&i, p) in picked.iter().zip(end) {
            self.states[i] = p;
        }
        self.trails = trails;
        Ok(y)
    }
}

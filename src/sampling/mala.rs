//! Langevin particles with a Metropolis–Hastings accept step (MALA) on a [`GibbsTarget`].
//! Proposal y′ = y − η∇E(y) + √(2η/β)·ε, the course's Langevin step; accepted with probability
//! min(1, π(y′) q(y | y′) / π(y) q(y′ | y)), π = e^{−βE} inside the view and 0 outside.

use chacha20::ChaCha12Rng;
use rand::{RngExt, SeedableRng};

use super::GibbsTarget;
use crate::data::standard_normal_pair;

/// The acceptance rate MALA mixes fastest at (Roberts & Rosenthal 1998).
pub const TARGET_ACCEPTANCE: f64 = 0.574;

pub struct Mala {
    pub particles: Vec<[f64; 2]>,
    /// The proposal's noise √(2η/β) in data units; tuned toward [`TARGET_ACCEPTANCE`] while
    /// `adapting`.
    pub noise: f64,
    pub adapting: bool,
    /// The fraction accepted in the last sweep.
    pub acceptance: f64,
    rng: ChaCha12Rng,
}

impl Mala {
    /// `n` particles uniform over the target's view, drawn from `seed`.
    pub fn new(n: usize, target: &GibbsTarget, seed: u64) -> Self {
        let mut rng = ChaCha12Rng::seed_from_u64(seed);
        let (lo, hi) = (target.lo(), target.hi());
        let particles = (0..n)
            .map(|_| {
                [
                    rng.random_range(lo[0]..=hi[0]),
                    rng.random_range(lo[1]..=hi[1]),
                ]
            })
            .collect();
        Mala {
            particles,
            noise: 0.02 * target.diagonal(),
            adapting: true,
            acceptance: 0.0,
            rng,
        }
    }

    /// One proposal per particle. At β = ∞ there is no noise and nothing to accept: the
    /// particles descend ∇E (at most a cell per sweep) and collapse onto the minima.
    pub fn sweep(&mut self, target: &GibbsTarget) {
        match target.finite_beta() {
            Some(beta) => self.sweep_at(target, beta),
            None => self.descend(target),
        }
    }

    /// One MALA proposal per particle on e^{−β·E} of `target`'s surface at `beta`.
    fn sweep_at(&mut self, target: &GibbsTarget, beta: f64) {
        let eta = beta * self.noise * self.noise / 2.0;
        let log_q = |to: [f64; 2], from: [f64; 2], grad: [f64; 2]| {
            let dx = to[0] - from[0] + eta * grad[0];
            let dy = to[1] - from[1] + eta * grad[1];
            -beta * (dx * dx + dy * dy) / (4.0 * eta)
        };
        let mut accepted = 0usize;
        for p in &mut self.particles {
            let Some((e, g)) = target.energy_and_grad(*p) else {
                continue;
            };
            let [a, b] = standard_normal_pair(&mut self.rng);
            let proposal = [
                p[0] - eta * g[0] + self.noise * f64::from(a),
                p[1] - eta * g[1] + self.noise * f64::from(b),
            ];
            let Some((e2, g2)) = target.energy_and_grad(proposal) else {
                continue; // outside the view: π = 0, rejected
            };
            let log_ratio = -beta * (e2 - e) + log_q(*p, proposal, g2) - log_q(proposal, *p, g);
            if log_ratio >= 0.0 || self.rng.random::<f64>() < log_ratio.exp() {
                *p = proposal;
                accepted += 1;
            }
        }
        self.acceptance = accepted as f64 / self.particles.len().max(1) as f64;
        if self.adapting {
            let scale = (0.1 * (self.acceptance - TARGET_ACCEPTANCE)).exp();
            self.noise = (self.noise * scale).clamp(1e-4 * target.cell(), 0.25 * target.diagonal());
        }
    }

    fn descend(&mut self, target: &GibbsTarget) {
        let cell = target.cell();
        for p in &mut self.particles {
            if let Some((_, g)) = target.energy_and_grad(*p) {
                let length = g[0].hypot(g[1]);
                let step = cell / length.max(1.0);
                let next = [p[0] - step * g[0], p[1] - step * g[1]];
                if target.energy_at(next).is_some() {
                    *p = next;
                }
            }
        }
        self.acceptance = 1.0;
    }

    /// The particles as `f32` points.
    pub fn points(&self) -> Vec<[f32; 2]> {
        self.particles
            .iter()
            .map(|p| [p[0] as f32, p[1] as f32])
            .collect()
    }
}

/// `n` samples of the target from `seed`: `n` independent chains started uniformly, `burn_in`
/// sweeps with the step tuned, then `sweeps` with it frozen (so the last stretch is a proper
/// MALA chain), and each chain's final position. Reproducible for a seed.
///
/// The first half of the burn-in is annealed: β rises geometrically from β/100 to β. A chain
/// started cold falls into the nearest well and, with barriers of many 1/β, never leaves it, so
/// each well would get its basin's share of chains instead of its mass e^{−βE}; warm, the
/// chains first spread by mass over the wells, then settle as β reaches its value.
pub fn sample(target: &GibbsTarget, n: usize, seed: u64, burn_in: usize, sweeps: usize) -> Mala {
    let mut mala = Mala::new(n, target, seed);
    let anneal = burn_in / 2;
    for t in 0..burn_in {
        match target.finite_beta() {
            Some(beta) if t < anneal => {
                let warm = 0.01f64.powf(1.0 - t as f64 / anneal as f64);
                mala.sweep_at(target, beta * warm);
            }
            _ => mala.sweep(target),
        }
    }
    mala.adapting = false;
    for _ in 0..sweeps {
        mala.sweep(target);
    }
    mala
}

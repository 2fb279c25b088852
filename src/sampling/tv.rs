//! How well particles follow the target: the total-variation distance between their histogram
//! and the target's mass over the same boxes, and what exact samples of that size would score.

use super::GibbsTarget;

/// Histogram boxes per side for a view: about 0.2 data units on the course's 6 × 4 view, a
/// little coarser than a valley at β = 10, so the distance is about the mass, not the noise.
pub fn bins_for(target: &GibbsTarget) -> (usize, usize) {
    let e = &target.spec.extent;
    let long = e.width().max(e.height());
    let side = |len: f32| ((30.0 * len / long).round() as usize).max(1);
    (side(e.width()), side(e.height()))
}

/// The particles' share of each box (row-major, y₂ outer), particles outside the view dropped.
pub fn histogram(target: &GibbsTarget, points: &[[f64; 2]], bins: (usize, usize)) -> Vec<f64> {
    let (lo, hi) = (target.lo(), target.hi());
    let mut counts = vec![0.0; bins.0 * bins.1];
    let mut total = 0.0;
    for p in points {
        let u = (p[0] - lo[0]) / (hi[0] - lo[0]);
        let v = (p[1] - lo[1]) / (hi[1] - lo[1]);
        if !(0.0..=1.0).contains(&u) || !(0.0..=1.0).contains(&v) {
            continue;
        }
        let c = ((u * bins.0 as f64) as usize).min(bins.0 - 1);
        let r = ((v * bins.1 as f64) as usize).min(bins.1 - 1);
        counts[r * bins.0 + c] += 1.0;
        total += 1.0;
    }
    counts.iter().map(|c| c / f64::max(total, 1.0)).collect()
}

/// ½ Σ |p̂ − p| over the boxes.
pub fn distance(a: &[f64], b: &[f64]) -> f64 {
    0.5 * a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<f64>()
}

/// The expected distance of `n` exact, independent samples from masses `p`: each box's count
/// is binomial, E|p̂ − p| ≈ √(2p(1 − p)/(πn)) (normal approximation). A sampler cannot beat
/// this; one that mixes well comes close.
pub fn exact_floor(p: &[f64], n: usize) -> f64 {
    let n = n.max(1) as f64;
    0.5 * p
        .iter()
        .map(|p| (2.0 * p * (1.0 - p) / (std::f64::consts::PI * n)).sqrt())
        .sum::<f64>()
}

/// What the window and the export report of a set of particles.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    pub tv: f64,
    /// [`exact_floor`] at the same count.
    pub floor: f64,
}

impl Fit {
    pub fn of(target: &GibbsTarget, points: &[[f64; 2]]) -> Fit {
        let bins = bins_for(target);
        let p = target.bin_masses(bins);
        Fit {
            tv: distance(&histogram(target, points, bins), &p),
            floor: exact_floor(&p, points.len()),
        }
    }
}

//! The Gibbs density of a gridded surface: E bilinear between grid points, e^{−βE} inside the
//! view, nothing outside.

use super::SamplingError;
use crate::energy::{Beta, GridSpec};

#[derive(Clone, Debug)]
pub struct GibbsTarget {
    pub spec: GridSpec,
    pub beta: Beta,
    /// E at the grid points, minus its minimum (so e^{−βE} ≤ 1 everywhere), row-major with y₂
    /// outer like [`GridSpec::points`].
    energy: Vec<f64>,
    /// Cell sizes in y₁ and y₂.
    cell: [f64; 2],
    origin: [f64; 2],
}

impl GibbsTarget {
    pub fn new(spec: GridSpec, values: &[f32], beta: Beta) -> Result<Self, SamplingError> {
        let (width, height) = (spec.size.width, spec.size.height);
        if values.len() != width * height {
            return Err(SamplingError::Shape {
                got: values.len(),
                width,
                height,
            });
        }
        if let Some(bad) = values.iter().position(|v| !v.is_finite()) {
            return Err(SamplingError::NonFinite(bad));
        }
        let min = values.iter().copied().fold(f32::INFINITY, f32::min);
        let e = &spec.extent;
        Ok(GibbsTarget {
            spec,
            beta,
            energy: values.iter().map(|v| f64::from(v - min)).collect(),
            cell: [
                f64::from(e.width()) / (width - 1) as f64,
                f64::from(e.height()) / (height - 1) as f64,
            ],
            origin: [f64::from(e.y1.0), f64::from(e.y2.0)],
        })
    }

    /// β as a number, `None` at β = ∞.
    pub fn finite_beta(&self) -> Option<f64> {
        match self.beta {
            Beta::Finite(b) => Some(f64::from(b)),
            Beta::Infinite => None,
        }
    }

    /// The smaller cell side, in data units.
    pub fn cell(&self) -> f64 {
        self.cell[0].min(self.cell[1])
    }

    /// The view's diagonal.
    pub fn diagonal(&self) -> f64 {
        let e = &self.spec.extent;
        f64::from(e.width()).hypot(f64::from(e.height()))
    }

    pub fn lo(&self) -> [f64; 2] {
        self.origin
    }

    pub fn hi(&self) -> [f64; 2] {
        let e = &self.spec.extent;
        [f64::from(e.y1.1), f64::from(e.y2.1)]
    }

    /// The cell holding `p` and where in it (fractions), or `None` outside the view.
    fn locate(&self, p: [f64; 2]) -> Option<(usize, usize, f64, f64)> {
        let (width, height) = (self.spec.size.width, self.spec.size.height);
        let u = (p[0] - self.origin[0]) / self.cell[0];
        let v = (p[1] - self.origin[1]) / self.cell[1];
        let inside = |t: f64, n: usize| t.is_finite() && t >= 0.0 && t <= (n - 1) as f64;
        if !inside(u, width) || !inside(v, height) {
            return None;
        }
        let i = (u.floor() as usize).min(width - 2);
        let j = (v.floor() as usize).min(height - 2);
        Some((i, j, u - i as f64, v - j as f64))
    }

    fn corners(&self, i: usize, j: usize) -> [f64; 4] {
        let w = self.spec.size.width;
        let at = |i: usize, j: usize| self.energy[j * w + i];
        [at(i, j), at(i + 1, j), at(i, j + 1), at(i + 1, j + 1)]
    }

    /// E at `p` (bilinear; shifted so the grid's minimum is 0), `None` outside the view.
    pub fn energy_at(&self, p: [f64; 2]) -> Option<f64> {
        let (i, j, s, t) = self.locate(p)?;
        let [a, b, c, d] = self.corners(i, j);
        Some(a * (1.0 - s) * (1.0 - t) + b * s * (1.0 - t) + c * (1.0 - s) * t + d * s * t)
    }

    /// E and ∇E at `p` (the bilinear patch's own derivative), `None` outside the view.
    pub fn energy_and_grad(&self, p: [f64; 2]) -> Option<(f64, [f64; 2])> {
        let (i, j, s, t) = self.locate(p)?;
        let [a, b, c, d] = self.corners(i, j);
        let e = a * (1.0 - s) * (1.0 - t) + b * s * (1.0 - t) + c * (1.0 - s) * t + d * s * t;
        let ds = (b - a) * (1.0 - t) + (d - c) * t;
        let dt = (c - a) * (1.0 - s) + (d - b) * s;
        Some((e, [ds / self.cell[0], dt / self.cell[1]]))
    }

    /// The target's probability of each of `bins` = (columns, rows) equal boxes over the view,
    /// row-major with y₂ outer: e^{−βE} integrated by an 8 × 8 midpoint rule per box (finer
    /// than the grid at the window's sizes), normalised. At β = ∞ the mass is spread evenly
    /// over the boxes that hold the grid's minimum.
    pub fn bin_masses(&self, bins: (usize, usize)) -> Vec<f64> {
        const SUB: usize = 8;
        let (lo, hi) = (self.lo(), self.hi());
        let size = [
            (hi[0] - lo[0]) / bins.0 as f64,
            (hi[1] - lo[1]) / bins.1 as f64,
        ];
        let beta = self.finite_beta();
        let mut masses = Vec::with_capacity(bins.0 * bins.1);
        for r in 0..bins.1 {
            for c in 0..bins.0 {
                let mut mass = 0.0;
                let mut lowest = f64::INFINITY;
                for a in 0..SUB {
                    for b in 0..SUB {
                        let p = [
                            lo[0] + size[0] * (c as f64 + (a as f64 + 0.5) / SUB as f64),
                            lo[1] + size[1] * (r as f64 + (b as f64 + 0.5) / SUB as f64),
                        ];
                        let e = self.energy_at(p).unwrap_or(f64::INFINITY);
                        lowest = lowest.min(e);
                        mass += beta.map_or(0.0, |beta| (-beta * e).exp());
                    }
                }
                masses.push(match beta {
                    Some(_) => mass,
                    None => f64::from(u8::from(lowest < 1e-9)),
                });
            }
        }
        let total: f64 = masses.iter().sum();
        masses
            .iter()
            .map(|m| m / total.max(f64::MIN_POSITIVE))
            .collect()
    }
}

//! Where a descent starts when the user placed no guess, and where a click on the plot lands
//! (a data point within reach snaps).

use eframe::egui;
use egui_plot::PlotTransform;

use super::GRAB;
use crate::models::LatentGrid;

/// `here` (at screen `pos`), or the data point within [`GRAB`] of it, and that point's index.
pub fn snap(
    here: [f32; 2],
    pos: egui::Pos2,
    t: &PlotTransform,
    data: &[[f32; 2]],
) -> ([f32; 2], Option<usize>) {
    let nearest = data
        .iter()
        .enumerate()
        .map(|(n, p)| {
            (
                n,
                t.position_from_point(&egui_plot::PlotPoint::new(p[0], p[1]))
                    .distance(pos),
            )
        })
        .min_by(|a, b| a.1.total_cmp(&b.1));
    match nearest {
        Some((n, d)) if d <= GRAB => (data[n], Some(n)),
        _ => (here, None),
    }
}

/// Guesses when none were placed: for a 1-D latent, the uphill edge of each of the two lowest
/// valleys of E(y′, ·) on the grid (a second local minimum shows itself); otherwise the grid's
/// highest point.
pub fn default_starts(latent: &LatentGrid, energies: &[f64], argmin: usize) -> Vec<Vec<f32>> {
    let n = energies.len();
    if latent.dim() != 1 || n < 3 {
        let worst = (0..n)
            .max_by(|a, b| energies[*a].total_cmp(&energies[*b]))
            .unwrap_or(argmin);
        return vec![latent.point(worst)];
    }
    let step = |k: usize, dir: isize| -> Option<usize> {
        let next = k as isize + dir;
        match (latent.periodic, next) {
            (true, _) => Some(next.rem_euclid(n as isize) as usize),
            (false, next) if next >= 0 && (next as usize) < n => Some(next as usize),
            _ => None,
        }
    };
    let is_min = |k: usize| {
        [-1, 1]
            .iter()
            .all(|d| step(k, *d).is_none_or(|j| energies[j] >= energies[k]))
    };
    let mut minima: Vec<usize> = (0..n).filter(|k| is_min(*k)).collect();
    minima.sort_by(|a, b| energies[*a].total_cmp(&energies[*b]));
    minima.dedup_by(|a, b| energies[*a] == energies[*b] && step(*a, 1) == Some(*b));
    minima
        .into_iter()
        .take(2)
        .map(|m| {
            // Walk uphill both ways to the basin's rims; start one point inside the higher rim.
            let rim = |dir: isize| {
                let mut k = m;
                while let Some(j) = step(k, dir) {
                    if energies[j] < energies[k] || j == m {
                        break;
                    }
                    k = j;
                }
                k
            };
            let (left, right) = (rim(-1), rim(1));
            let (edge, back) = if energies[left] >= energies[right] {
                (left, 1)
            } else {
                (right, -1)
            };
            let start = if edge == m {
                m
            } else {
                step(edge, back).unwrap_or(edge)
            };
            latent.point(start)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// y′ = (0, 0.3) against the ellipse (2, 1.5) has two valleys, z = π/2 (E = 1.44) and
    /// 3π/2 (E = 3.24): the default guesses sit one in each, lowest first, inside the rims.
    #[test]
    fn default_guesses_start_one_in_each_of_the_two_lowest_valleys() {
        let latent = LatentGrid::circle(48);
        let energies: Vec<f64> = (0..48)
            .map(|k| {
                let z = std::f64::consts::TAU * f64::from(k) / 48.0;
                (2.0 * z.cos()).powi(2) + (0.3 - 1.5 * z.sin()).powi(2)
            })
            .collect();
        let starts = default_starts(&latent, &energies, 12);
        assert_eq!(starts.len(), 2);
        // Rolling down from each (the exact dE/dz) ends in its own valley.
        let roll = |z0: f32| {
            let mut z = f64::from(z0);
            for _ in 0..4000 {
                let de = -8.0 * z.cos() * z.sin() - 3.0 * (0.3 - 1.5 * z.sin()) * z.cos();
                z -= 0.02 * de;
            }
            z.rem_euclid(std::f64::consts::TAU)
        };
        let half_pi = std::f64::consts::FRAC_PI_2;
        assert!(
            (roll(starts[0][0]) - half_pi).abs() < 1e-3,
            "{:?}",
            starts[0]
        );
        assert!(
            (roll(starts[1][0]) - 3.0 * half_pi).abs() < 1e-3,
            "{:?}",
            starts[1]
        );
        // One valley only (y′ far outside): one guess, at its rim.
        let one: Vec<f64> = (0..48).map(|k| (f64::from(k) - 10.0).abs()).collect();
        let open = LatentGrid::boxed(&[0.0], &[1.0], 48);
        assert_eq!(default_starts(&open, &one, 10), vec![open.point(46)]);
    }
}

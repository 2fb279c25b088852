//! The sampler against the analytic ellipse: the course's 48-point manifold of (2 cos z,
//! 1.5 sin z), F_β computed in f64 (`energy::reference`), on the window's default grid.

use super::mala::sample;
use super::tv::{Fit, bins_for, distance, exact_floor, histogram};
use super::{GibbsTarget, SamplingError};
use crate::energy::reference::{energies, free_energy};
use crate::energy::{Beta, GridSpec};

fn ellipse() -> Vec<[f64; 2]> {
    (0..48)
        .map(|k| {
            let z = std::f64::consts::TAU * k as f64 / 48.0;
            [2.0 * z.cos(), 1.5 * z.sin()]
        })
        .collect()
}

fn free_energy_at(y: [f64; 2], beta: Beta) -> f64 {
    free_energy(&energies(y, &ellipse()), beta)
}

fn target(beta: Beta) -> GibbsTarget {
    let spec = GridSpec::DEFAULT;
    let values: Vec<f32> = spec
        .points()
        .iter()
        .map(|p| free_energy_at([f64::from(p[0]), f64::from(p[1])], beta) as f32)
        .collect();
    GibbsTarget::new(spec, &values, beta).unwrap()
}

/// e^{−βF_β}/Z over the histogram's boxes from the exact f64 F_β (not the grid), by a 6 × 6
/// midpoint rule per box.
fn exact_masses(t: &GibbsTarget, beta: f32) -> Vec<f64> {
    let bins = bins_for(t);
    let (lo, hi) = (t.lo(), t.hi());
    let size = [
        (hi[0] - lo[0]) / bins.0 as f64,
        (hi[1] - lo[1]) / bins.1 as f64,
    ];
    let mut m = Vec::new();
    for r in 0..bins.1 {
        for c in 0..bins.0 {
            let mut mass = 0.0;
            for a in 0..6 {
                for b in 0..6 {
                    let y = [
                        lo[0] + size[0] * (c as f64 + (a as f64 + 0.5) / 6.0),
                        lo[1] + size[1] * (r as f64 + (b as f64 + 0.5) / 6.0),
                    ];
                    mass += (-f64::from(beta) * free_energy_at(y, Beta::Finite(beta))).exp();
                }
            }
            m.push(mass);
        }
    }
    let total: f64 = m.iter().sum();
    m.iter().map(|v| v / total).collect()
}

const N: usize = 16_000;

/// ⟨F_β⟩ under e^{−β′F_β}/Z (β′ = `temperature`) over the view, by a 600 × 400 midpoint rule.
fn mean_energy(t: &GibbsTarget, beta: f32, temperature: f32) -> f64 {
    let (lo, hi) = (t.lo(), t.hi());
    let (mut weighted, mut total) = (0.0, 0.0);
    for a in 0..600 {
        for b in 0..400 {
            let y = [
                lo[0] + (hi[0] - lo[0]) * (a as f64 + 0.5) / 600.0,
                lo[1] + (hi[1] - lo[1]) * (b as f64 + 0.5) / 400.0,
            ];
            let f = free_energy_at(y, Beta::Finite(beta));
            let w = (-f64::from(temperature) * f).exp();
            weighted += w * f;
            total += w;
        }
    }
    weighted / total
}

/// 16 000 chains, 300 tuning sweeps and 300 frozen ones. The threshold: exact samples of this
/// size would score the binomial floor (0.075 at β = 1, where the mass spreads over most of the
/// 600 boxes; less at β = 10); the chains' final positions are nearly independent, so the
/// sampler must come within 1.5× that floor plus 0.02 for the grid's bilinear interpolation of
/// F_β. The samples must also be measurably farther from the density at β/2 and 2β, so the test
/// can fail.
#[test]
fn mala_follows_the_gibbs_density_of_the_analytic_ellipse_at_beta_1_and_10() {
    for beta in [1.0f32, 10.0] {
        let t = target(Beta::Finite(beta));
        let mala = sample(&t, N, 7, 300, 300);
        let exact = exact_masses(&t, beta);
        let bins = bins_for(&t);
        let tv = distance(&histogram(&t, &mala.particles, bins), &exact);
        let floor = exact_floor(&exact, N);
        println!(
            "β = {beta}: TV {tv:.4}, floor {floor:.4}, acceptance {:.2}",
            mala.acceptance
        );
        assert!(
            tv < 1.5 * floor + 0.02,
            "β = {beta}: TV {tv} vs floor {floor}"
        );
        assert!(
            (0.3..0.85).contains(&mala.acceptance),
            "{}",
            mala.acceptance
        );
        // A sharper check than the histogram's: the mean energy ⟨F_β⟩ of the samples against
        // its exact value, within 4 standard errors, while the value at β/2 or 2β lies far
        // outside them — a sampler at the wrong temperature fails here.
        let f: Vec<f64> = mala
            .particles
            .iter()
            .map(|y| free_energy_at(*y, Beta::Finite(beta)))
            .collect();
        let mean = f.iter().sum::<f64>() / N as f64;
        let sd = (f.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / N as f64).sqrt();
        let se = sd / (N as f64).sqrt();
        let exact_mean = mean_energy(&t, beta, beta);
        println!("  ⟨F⟩ = {mean:.4} ± {se:.4}, exact {exact_mean:.4}");
        assert!(
            (mean - exact_mean).abs() < 4.0 * se,
            "⟨F⟩ {mean} vs {exact_mean}"
        );
        for wrong in [beta / 2.0, beta * 2.0] {
            let other = mean_energy(&t, beta, wrong);
            println!("  at β = {wrong} it would be {other:.4}");
            assert!(
                (other - exact_mean).abs() > 12.0 * se,
                "β = {wrong}: {other}"
            );
        }
        // What the window reports (the grid's own masses) agrees.
        let fit = Fit::of(&t, &mala.particles);
        assert!(
            (fit.tv - tv).abs() < 0.03 && (fit.floor - floor).abs() < 0.01,
            "{fit:?}"
        );
    }
}

#[test]
fn at_zero_temperature_the_particles_collapse_onto_the_manifold() {
    let t = target(Beta::Infinite);
    let mala = sample(&t, 500, 1, 400, 0);
    let far = mala
        .particles
        .iter()
        .map(|p| free_energy_at(*p, Beta::Infinite).sqrt())
        .fold(0.0f64, f64::max);
    // Within two cells (0.05) of a manifold point, or at the centre's ridge-free minimum set.
    assert!(far < 0.06, "farthest particle {far} from the manifold");
}

#[test]
fn samples_are_reproducible_for_a_seed_and_bad_surfaces_are_refused() {
    let t = target(Beta::Finite(1.0));
    assert_eq!(
        sample(&t, 50, 3, 20, 10).particles,
        sample(&t, 50, 3, 20, 10).particles
    );
    assert_ne!(
        sample(&t, 50, 3, 20, 10).particles,
        sample(&t, 50, 4, 20, 10).particles
    );
    let spec = GridSpec::DEFAULT;
    let mut values = vec![0.0; spec.size.len()];
    values[5] = f32::NAN;
    assert_eq!(
        GibbsTarget::new(spec, &values, Beta::Finite(1.0)).unwrap_err(),
        SamplingError::NonFinite(5)
    );
    assert!(GibbsTarget::new(spec, &values[1..], Beta::Finite(1.0)).is_err());
}

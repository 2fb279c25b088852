//! Inference by descent against the f64 truth: it reaches the argmin, a second guess finds the
//! other local minimum, and every decoder agrees with its manifold.

use burn::tensor::Device;

use super::descent::*;
use crate::energy::free_energy::{points_tensor, read_points};
use crate::models::ellipse::EllipseModel;
use crate::models::{Batch, Condition, ModelId};

/// E(y, z) of the ellipse (w₁, w₂) in f64.
fn ellipse_energy(w: [f64; 2], y: [f64; 2], z: f64) -> f64 {
    (y[0] - w[0] * z.cos()).powi(2) + (y[1] - w[1] * z.sin()).powi(2)
}

/// The continuous argmin over [0, 2π) by a fine scan and a local polish.
fn true_argmin(w: [f64; 2], y: [f64; 2]) -> f64 {
    let n = 200_000;
    let mut best = (0.0, f64::INFINITY);
    for i in 0..n {
        let z = std::f64::consts::TAU * f64::from(i) / f64::from(n);
        let e = ellipse_energy(w, y, z);
        if e < best.1 {
            best = (z, e);
        }
    }
    best.0
}

#[test]
fn descent_reaches_the_argmin_and_a_second_guess_the_other_minimum() {
    let device = Device::flex();
    let model = EllipseModel::with_weights([2.0, 1.5], &device);
    let latent = model_latent(&model);
    let y = [1.0f32, 0.8];
    let want = true_argmin([2.0, 1.5], [1.0, 0.8]);
    let paths = descend(
        &model,
        Condition::NONE,
        y,
        &[vec![2.5], vec![0.1]],
        &latent,
        DEFAULT_STEP,
        &device,
    )
    .unwrap()
    .unwrap();
    for path in &paths {
        let end = path.end().unwrap();
        assert!(path.settled, "settled within {MAX_STEPS} steps");
        assert!(
            (f64::from(end.z[0]) - want).abs() < 1e-3,
            "{} vs {want}",
            end.z[0]
        );
        let e = ellipse_energy([2.0, 1.5], [1.0, 0.8], want);
        assert!((f64::from(end.energy) - e).abs() < 1e-5);
        // Downhill all the way at this step size.
        assert!(
            path.points
                .windows(2)
                .all(|p| p[1].energy <= p[0].energy + 1e-6)
        );
    }
    // y′ = (0, 0.3) has two local minima, z = π/2 (E = 1.44) and 3π/2 (E = 3.24): each guess
    // rolls into its own valley.
    let paths = descend(
        &model,
        Condition::NONE,
        [0.0, 0.3],
        &[vec![2.0], vec![4.0]],
        &latent,
        DEFAULT_STEP,
        &device,
    )
    .unwrap()
    .unwrap();
    let ends: Vec<&LatentPoint> = paths.iter().map(|p| p.end().unwrap()).collect();
    let half_pi = std::f32::consts::FRAC_PI_2;
    assert!((ends[0].z[0] - half_pi).abs() < 1e-3 && (ends[0].energy - 1.44).abs() < 1e-4);
    assert!((ends[1].z[0] - 3.0 * half_pi).abs() < 1e-3 && (ends[1].energy - 3.24).abs() < 1e-4);
    // Across z = 0 the angle wraps instead of running off.
    let paths = descend(
        &model,
        Condition::NONE,
        [2.0, -0.1],
        &[vec![0.2]],
        &latent,
        DEFAULT_STEP,
        &device,
    )
    .unwrap()
    .unwrap();
    let end = paths[0].end().unwrap().z[0];
    assert!(end > 6.0 && end < std::f32::consts::TAU, "{end}");
}

fn model_latent(model: &EllipseModel) -> crate::models::LatentGrid {
    use crate::models::EnergyModel;
    let data = Batch::of(points_tensor(&[[0.0, 0.0]], &Device::flex()));
    model.latent(&data, Condition::NONE).unwrap().unwrap()
}

/// Every model with a manifold decodes its latent grid into exactly its manifold; the refined
/// argmin is never above the grid's; the encoder answers exactly for the amortised models.
#[test]
fn every_decoder_agrees_with_its_manifold() {
    let device = Device::flex();
    let data: Vec<[f32; 2]> = (0..24)
        .map(|i| {
            let t = std::f32::consts::TAU * i as f32 / 24.0;
            [2.0 * t.cos(), 1.5 * t.sin()]
        })
        .collect();
    let batch = Batch::of(points_tensor(&data, &device));
    for id in ModelId::ALL {
        let model = id.create(&device, 3);
        let manifold = model.manifold(&batch, Condition::NONE).unwrap();
        let latent = model.latent(&batch, Condition::NONE).unwrap();
        // A manifold without a latent: the regressor's one point f(x).
        let no_latent = matches!(id.spec().latent, crate::models::spec::Latent::None);
        assert_eq!(manifold.is_some() && !no_latent, latent.is_some(), "{id}");
        let (Some(manifold), Some(latent)) = (manifold, latent) else {
            continue;
        };
        let want = read_points(manifold.points).unwrap();
        assert_eq!(latent.len(), want.len(), "{id}");
        let decoded = model
            .decode(latent.tensor(&device), Condition::NONE)
            .unwrap()
            .unwrap();
        let got = read_points(decoded.inner()).unwrap();
        for (g, w) in got.iter().zip(&want) {
            assert!(
                (g[0] - w[0]).abs() < 1e-5 && (g[1] - w[1]).abs() < 1e-5,
                "{id}"
            );
        }
        let y = [1.2, -0.4];
        let energies: Vec<f32> = want
            .iter()
            .map(|g| (y[0] - g[0]).powi(2) + (y[1] - g[1]).powi(2))
            .collect();
        let k = (0..energies.len())
            .min_by(|a, b| energies[*a].total_cmp(&energies[*b]))
            .unwrap();
        let best = refined_argmin(
            model.as_ref(),
            Condition::NONE,
            y,
            latent.point(k),
            &latent,
            &device,
        )
        .unwrap()
        .unwrap();
        assert!(
            best.energy <= energies[k] + 1e-5,
            "{id}: {} > {}",
            best.energy,
            energies[k]
        );
        let encoder = encoder_answer(model.as_ref(), Condition::NONE, y, &device).unwrap();
        let amortised = matches!(id, ModelId::Ae | ModelId::Dae | ModelId::Cae | ModelId::Vae);
        assert_eq!(encoder.is_some(), amortised, "{id}");
        if let Some(e) = encoder {
            assert_eq!(e.z.len(), latent.dim(), "{id}");
            let direct = (y[0] - e.decoded[0]).powi(2) + (y[1] - e.decoded[1]).powi(2);
            assert!((e.energy - direct).abs() < 1e-5, "{id}");
        }
    }
}

/// The inspector's f64 numbers agree with what the window draws: F_β at y′ from the
/// landscape's path and from the burn tensors, with each model's latent weights, and the
/// weights sum to 1.
#[test]
fn the_inspection_agrees_with_the_drawn_free_energy_of_every_model() {
    use crate::energy::Beta;
    use crate::energy::free_energy::{free_energy_weighted, pairwise_energy, read_values};
    use crate::inference::inspect;
    use crate::landscape::compute::free_energies_at;
    let device = Device::flex();
    let data = Batch::of(points_tensor(
        &[[2.0, 0.0], [0.0, 1.5], [-2.0, 0.1]],
        &device,
    ));
    let probes = [[0.3f32, 0.4], [-1.7, -0.9], [2.2, 1.1]];
    for id in ModelId::ALL.into_iter().filter(|m| m.spec().draws.manifold) {
        let model = id.create(&device, 5);
        let manifold = model.manifold(&data, Condition::NONE).unwrap().unwrap();
        let points = read_points(manifold.points.clone()).unwrap();
        for beta in [Beta::Finite(0.3), Beta::Finite(3.2), Beta::Infinite] {
            let drawn = free_energies_at(&probes, &manifold, &[beta], &device).unwrap();
            let tensor = read_values(free_energy_weighted(
                pairwise_energy(points_tensor(&probes, &device), manifold.points.clone()),
                manifold.weights_tensor(&device),
                beta,
            ))
            .unwrap();
            for (n, y) in probes.iter().enumerate() {
                let probe = [f64::from(y[0]), f64::from(y[1])];
                let i = inspect(probe, &points, manifold.weights.as_deref(), beta).unwrap();
                let sum: f64 = i.weights.iter().sum();
                assert!((sum - 1.0).abs() < 1e-9, "{id}: Σw = {sum}");
                for (what, value) in [("drawn", drawn[0][n]), ("tensor", tensor[n])] {
                    let tolerance = 1e-4 * (1.0 + i.f_beta.abs());
                    assert!(
                        (f64::from(value) - i.f_beta).abs() < tolerance,
                        "{id} {beta:?} {what}: {value} vs {}",
                        i.f_beta
                    );
                }
            }
        }
    }
}

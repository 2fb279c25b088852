//! The landscape's numbers against the reference: chunked grids, arrows, the β family.

use burn::tensor::Device;

use super::compute::*;
use crate::energy::grid::GridSize;
use crate::energy::{Beta, Extent, GridSpec};
use crate::models::Manifold;
use crate::models::ellipse::EllipseModel;

#[test]
fn chunked_grid_equals_one_batch_and_the_reference() {
    let device = Device::flex();
    let model = EllipseModel::with_weights([2.0, 1.5], &device);
    let manifold = Manifold::uniform(model.manifold_tensor());
    // 300 × 120 = 36 000 points: more than one chunk.
    let spec = GridSpec {
        extent: Extent::COURSE,
        size: GridSize::new(300, 120).unwrap(),
    };
    let f = grid_free_energies(
        &spec,
        &manifold,
        &[Beta::Finite(1.0), Beta::Infinite],
        &device,
    )
    .unwrap();
    assert_eq!(f[0].len(), 36_000);
    // Point (0, 0) is not on this grid; check the corners and the minimum instead.
    let min_inf = f[1].iter().copied().fold(f32::INFINITY, f32::min);
    assert!(
        min_inf < 1e-3,
        "the ellipse passes through the grid: {min_inf}"
    );
    assert!(
        f[0].iter().zip(&f[1]).all(|(b, inf)| b > inf),
        "F_1 > F_∞ everywhere"
    );
    // Corner (−3, −2): nearest manifold point is far; F_∞ = min ‖y − g‖².
    let corner = f[1][0];
    let want = model
        .manifold_points()
        .unwrap()
        .iter()
        .map(|g| (g[0] + 3.0).powi(2) + (g[1] + 2.0).powi(2))
        .fold(f32::INFINITY, f32::min);
    assert!((corner - want).abs() < 1e-4);
}

#[test]
fn arrows_point_at_the_manifold() {
    let device = Device::flex();
    let manifold =
        Manifold::uniform(EllipseModel::with_weights([2.0, 1.5], &device).manifold_tensor());
    let lattice = arrow_lattice(&Extent::COURSE, ARROW_SPACING);
    assert_eq!(lattice.len(), 24 * 16);
    let forces = neg_free_grad(&lattice, &manifold, Beta::Infinite, &device).unwrap();
    for (origin, force) in lattice.iter().zip(&forces) {
        let a = crate::landscape::Arrow {
            origin: *origin,
            force: *force,
        };
        // Outside the ellipse the force points inwards, inside it points outwards.
        let r = (a.origin[0] / 2.0).powi(2) + (a.origin[1] / 1.5).powi(2);
        let radial = a.origin[0] * a.force[0] / 4.0 + a.origin[1] * a.force[1] / 2.25;
        if r > 1.3 {
            assert!(radial < 0.0, "{a:?}");
        } else if r < 0.7 && r > 0.05 {
            assert!(radial > 0.0, "{a:?}");
        }
    }
}

#[test]
fn beta_family_orders_like_the_course() {
    let device = Device::flex();
    let manifold =
        Manifold::uniform(EllipseModel::with_weights([2.0, 1.5], &device).manifold_tensor());
    let family = beta_family(&manifold, Beta::Finite(1.0), &device).unwrap();
    assert_eq!(family.len(), 6);
    assert_eq!(
        beta_family(&manifold, Beta::Finite(2.0), &device)
            .unwrap()
            .len(),
        7
    );
    // At y₂ = 1 (index 120 of 161 over [−2, 2]) the table says 3.872 … 0.250.
    let at_one: Vec<f32> = family.iter().map(|c| c.points[120][1]).collect();
    let want = [3.872, 3.348, 2.035, 1.006, 0.550, 0.250];
    for (got, want) in at_one.iter().zip(want) {
        assert!((got - want).abs() < 1e-3, "{at_one:?}");
    }
}

/// Every model's arrows are −∇ of the surface they are drawn on: the own energy's (autodiff,
/// or analytic F_β for the LV-EBMs) and the manifold free energy's (analytic, prior-weighted),
/// each checked against a central difference of the same surface.
#[test]
fn every_models_arrows_are_minus_the_gradient_of_its_surfaces() {
    use crate::data::EllipseData;
    use crate::energy::free_energy::points_tensor;
    use crate::landscape::surface::SurfaceView;
    use crate::models::{Batch, Condition, ModelId, Objective};

    let device = Device::flex();
    let points = EllipseData::default().generate(3);
    let train = Batch::of(points_tensor(&points, &device.clone().autodiff()));
    let plain = Batch::of(points_tensor(&points, &device));
    let beta = Beta::Finite(1.0);
    let cx = Input {
        data: &plain,
        beta,
        grid: GridSpec::fitted(Extent::COURSE).with_size(GridSize::new(25, 17).unwrap()),
        at: Condition::NONE,
        device: &device,
        probe: None,
    };
    let probes = [[0.4f32, -0.3], [1.3, 1.2], [-2.2, 0.7], [0.05, 1.6]];
    let h = 2e-3f32;
    for id in ModelId::ALL {
        let mut model = id.create(&device, 3);
        for _ in 0..200 {
            let objective = Objective {
                beta: Beta::Infinite,
                learning_rate: 0.01,
            };
            model.train_step(&train, objective).unwrap();
        }
        let manifold = model.manifold(&plain, Condition::NONE).unwrap();
        let s = surfaces_at(model.as_ref(), manifold.as_ref(), &probes, &cx, true).unwrap();
        for view in [SurfaceView::Energy, SurfaceView::FreeEnergy] {
            let (_, grads) = view.at_points(id, &s, beta);
            for (p, g) in probes.iter().zip(&grads) {
                let value = |q: [f32; 2]| {
                    let s =
                        surfaces_at(model.as_ref(), manifold.as_ref(), &[q], &cx, false).unwrap();
                    view.at_points(id, &s, beta).0[0]
                };
                let fd = [
                    -(value([p[0] + h, p[1]]) - value([p[0] - h, p[1]])) / (2.0 * h),
                    -(value([p[0], p[1] + h]) - value([p[0], p[1] - h])) / (2.0 * h),
                ];
                for k in 0..2 {
                    let tol = 0.02 * (1.0 + fd[k].abs());
                    assert!(
                        (g[k] - fd[k]).abs() < tol,
                        "{id} {view:?} at {p:?}: −∇ {g:?}, difference quotient {fd:?}"
                    );
                }
            }
        }
    }
}

/// Every model's host kernel (the CPU views' fast path) draws the same energy as its burn
/// `energy`, after a few steps of training so the networks are not at their initial weights.
#[test]
fn every_models_host_energy_agrees_with_its_tensor_energy() {
    use crate::energy::free_energy::points_tensor;
    use crate::landscape::values::{grid_native_energies, tensor_native_energies};
    use crate::models::{Batch, Condition, ModelId, Objective};
    let device = Device::flex();
    let data = crate::data::DataSource::default().points(0);
    let batch = Batch::of(points_tensor(&data, &device.clone().autodiff()));
    let spec = GridSpec {
        extent: Extent::COURSE,
        size: GridSize::new(31, 21).unwrap(),
    };
    let objective = Objective {
        beta: Beta::Infinite,
        learning_rate: 1e-2,
    };
    let mut hosted = 0;
    for id in ModelId::ALL {
        let mut model = id.create(&device, 3);
        if id.spec().inputs == crate::models::spec::Inputs::XY {
            continue; // trained on rows with x: covered by the conditional tests
        }
        for _ in 0..20 {
            model.train_step(&batch, objective).unwrap();
        }
        let at = Condition::NONE;
        if model.host_energy(at).unwrap().is_none() {
            continue;
        }
        hosted += 1;
        let host = grid_native_energies(&spec, model.as_ref(), at, &device).unwrap();
        let tensor = tensor_native_energies(&spec, model.as_ref(), at, &device).unwrap();
        for (h, t) in host.iter().zip(&tensor) {
            assert!(
                (h - t).abs() <= 1e-4 * t.abs().max(1.0),
                "{id}: host {h} vs tensor {t}"
            );
        }
    }
    assert!(hosted >= 5, "the host path is exercised ({hosted} models)");
}

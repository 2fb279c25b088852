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
    let field = arrows(&lattice, &manifold, Beta::Infinite, &device).unwrap();
    for a in &field {
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

//! What the trainer computes for the UI from a model's manifold: the F_β surface, the −∇F
//! arrow lattice and the β family. All on the trainer's device, through `energy::free_energy`.

use burn::tensor::{Device, Tensor};

use super::protocol::{Arrow, BetaCurve, EnergyGrid, Field};
use crate::energy::free_energy::{
    ReadbackError, free_energy, neg_grad, pairwise_energy, points_tensor, read_points, read_values,
    softargmin,
};
use crate::energy::{Beta, Extent, GridSpec};
use crate::kernels::{self, Manifold};
use crate::models::{EnergyModel, ModelError};

/// Grid points evaluated per batch: bounds the `[N, K]` energy matrix (32 768 × 48 floats =
/// 6 MiB) however large an exported grid is.
const CHUNK: usize = 32_768;
/// Spacing of the arrow lattice in data units (the course's quiver plots use about this).
pub const ARROW_SPACING: f32 = 0.25;
/// The small multiples' lattice: a quarter of the arrows, still readable at a third the size.
pub const SMALL_ARROW_SPACING: f32 = 0.5;
/// Samples along y₂ ∈ [−2, 2] for the β-family curves.
const FAMILY_SAMPLES: usize = 161;

/// F at each β of `betas` for every point of `spec`: one `Vec` per β, in grid order. On the
/// CPU backend through the fused host kernel, elsewhere as tensors on the device.
pub fn grid_free_energies(
    spec: &GridSpec,
    manifold: &Tensor<2>,
    betas: &[Beta],
    device: &Device,
) -> Result<Vec<Vec<f32>>, ReadbackError> {
    if kernels::runs_on_host(device) {
        let manifold = Manifold::new(&read_points(manifold.clone())?);
        Ok(kernels::free_energies(&spec.points(), &manifold, betas))
    } else {
        tensor_free_energies(spec, manifold, betas, device)
    }
}

/// [`grid_free_energies`] as burn tensor ops on `device`, whatever it is.
pub fn tensor_free_energies(
    spec: &GridSpec,
    manifold: &Tensor<2>,
    betas: &[Beta],
    device: &Device,
) -> Result<Vec<Vec<f32>>, ReadbackError> {
    let points = spec.points();
    let mut out = vec![Vec::with_capacity(points.len()); betas.len()];
    for chunk in points.chunks(CHUNK) {
        let energy = pairwise_energy(points_tensor(chunk, device), manifold.clone()); // [n, K]
        for (column, beta) in out.iter_mut().zip(betas) {
            column.extend(read_values(free_energy(energy.clone(), *beta))?);
        }
    }
    Ok(out)
}

/// The model's native energy at every point of `spec`, in grid order: on the CPU backend
/// through the model's host kernel where it has one.
pub fn grid_native_energies(
    spec: &GridSpec,
    model: &dyn EnergyModel,
    device: &Device,
) -> Result<Vec<f32>, ModelError> {
    if kernels::runs_on_host(device)
        && let Some(host) = model.host_energy()?
    {
        return Ok(host.eval(&spec.points()));
    }
    tensor_native_energies(spec, model, device)
}

/// [`grid_native_energies`] through the model's burn `energy`, on any device.
pub fn tensor_native_energies(
    spec: &GridSpec,
    model: &dyn EnergyModel,
    device: &Device,
) -> Result<Vec<f32>, ModelError> {
    let points = spec.points();
    let mut out = Vec::with_capacity(points.len());
    for chunk in points.chunks(CHUNK) {
        out.extend(read_values(model.energy(points_tensor(chunk, device))?)?);
    }
    Ok(out)
}

/// The F_β surface on `spec`.
pub fn energy_grid(
    spec: &GridSpec,
    manifold: &Tensor<2>,
    beta: Beta,
    device: &Device,
) -> Result<EnergyGrid, ReadbackError> {
    let values = grid_free_energies(spec, manifold, &[beta], device)?
        .pop()
        .unwrap_or_default();
    Ok(EnergyGrid {
        spec: *spec,
        beta,
        values,
    })
}

/// Lattice points for the arrows: every `spacing` inside `extent`, half a cell in.
pub fn arrow_lattice(extent: &Extent, spacing: f32) -> Vec<[f32; 2]> {
    let count = |len: f32| ((len / spacing).floor() as usize).clamp(2, 64);
    let (nx, ny) = (count(extent.width()), count(extent.height()));
    let (dx, dy) = (extent.width() / nx as f32, extent.height() / ny as f32);
    (0..ny)
        .flat_map(|j| {
            (0..nx).map(move |i| {
                [
                    extent.y1.0 + (i as f32 + 0.5) * dx,
                    extent.y2.0 + (j as f32 + 0.5) * dy,
                ]
            })
        })
        .collect()
}

/// The model's own field at each lattice point (ỹ − y for the autoencoders), or −∇F_β of
/// its manifold when it has none.
pub fn model_field(
    model: &dyn EnergyModel,
    lattice: &[[f32; 2]],
    manifold: &Tensor<2>,
    beta: Beta,
    device: &Device,
) -> Result<(Field, Vec<Arrow>), ModelError> {
    match model.field(points_tensor(lattice, device))? {
        Some(field) => {
            let forces = read_points(field)?; // [A, 2]
            let arrows = lattice
                .iter()
                .zip(forces)
                .map(|(&origin, force)| Arrow { origin, force })
                .collect();
            Ok((Field::Reconstruction, arrows))
        }
        None => Ok((Field::NegGradF, arrows(lattice, manifold, beta, device)?)),
    }
}

/// −∇F_β at each lattice point.
pub fn arrows(
    lattice: &[[f32; 2]],
    manifold: &Tensor<2>,
    beta: Beta,
    device: &Device,
) -> Result<Vec<Arrow>, ReadbackError> {
    let y = points_tensor(lattice, device); // [A, 2]
    let weights = softargmin(pairwise_energy(y.clone(), manifold.clone()), beta); // [A, K]
    let forces = read_points(neg_grad(y, manifold.clone(), weights))?; // [A, 2]
    Ok(lattice
        .iter()
        .zip(forces)
        .map(|(&origin, force)| Arrow { origin, force })
        .collect())
}

/// F_β(0, y₂) for y₂ ∈ [−2, 2] at each of the course's β marks, plus `current` when it is
/// not one of them (so the slider's β always has its curve).
pub fn beta_family(
    manifold: &Tensor<2>,
    current: Beta,
    device: &Device,
) -> Result<Vec<BetaCurve>, ReadbackError> {
    let y2: Vec<f32> = (0..FAMILY_SAMPLES)
        .map(|i| -2.0 + 4.0 * i as f32 / (FAMILY_SAMPLES - 1) as f32)
        .collect();
    let axis: Vec<[f32; 2]> = y2.iter().map(|&v| [0.0, v]).collect();
    let energy = pairwise_energy(points_tensor(&axis, device), manifold.clone()); // [S, K]
    let mut betas = Beta::COURSE_MARKS.to_vec();
    if !betas.contains(&current) {
        betas.push(current);
    }
    betas
        .into_iter()
        .map(|beta| {
            let f = read_values(free_energy(energy.clone(), beta))?; // [S]
            Ok(BetaCurve {
                beta,
                points: y2.iter().zip(f).map(|(&y, f)| [y, f]).collect(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::energy::grid::GridSize;
    use crate::models::ellipse::EllipseModel;

    #[test]
    fn chunked_grid_equals_one_batch_and_the_reference() {
        let device = Device::flex();
        let model = EllipseModel::with_weights([2.0, 1.5], &device);
        let manifold = model.manifold_tensor();
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
        let manifold = EllipseModel::with_weights([2.0, 1.5], &device).manifold_tensor();
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
        let manifold = EllipseModel::with_weights([2.0, 1.5], &device).manifold_tensor();
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
}

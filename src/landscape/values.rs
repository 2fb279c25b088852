//! Surfaces as values at points: the free energy F_β of a manifold and a model's own energy,
//! on a grid or at any points, through the CPU's fused host kernels or burn tensors on any
//! device (the two agree to 1e-5; `compute_tests`).

use burn::tensor::Device;

use super::EnergyGrid;
use super::compute::CHUNK;
use crate::energy::free_energy::{
    ReadbackError, free_energy_weighted, pairwise_energy, points_tensor, read_points, read_values,
};
use crate::energy::{Beta, GridSpec};
use crate::kernels;
use crate::models::{Condition, EnergyModel, Manifold, ModelError};

/// F at each β of `betas` for every point of `spec`: one `Vec` per β, in grid order. On the
/// CPU backend through the fused host kernel, elsewhere as tensors on the device.
pub fn grid_free_energies(
    spec: &GridSpec,
    manifold: &Manifold,
    betas: &[Beta],
    device: &Device,
) -> Result<Vec<Vec<f32>>, ReadbackError> {
    free_energies_at(&spec.points(), manifold, betas, device)
}

/// [`grid_free_energies`] at any points.
pub fn free_energies_at(
    points: &[[f32; 2]],
    manifold: &Manifold,
    betas: &[Beta],
    device: &Device,
) -> Result<Vec<Vec<f32>>, ReadbackError> {
    if kernels::runs_on_host(device) {
        let host = kernels::Manifold::with_weights(
            &read_points(manifold.points.clone())?,
            manifold.weights.clone(),
        );
        Ok(kernels::free_energies(points, &host, betas))
    } else {
        tensor_free_energies_at(points, manifold, betas, device)
    }
}

/// [`grid_free_energies`] as burn tensor ops on `device`, whatever it is.
pub fn tensor_free_energies(
    spec: &GridSpec,
    manifold: &Manifold,
    betas: &[Beta],
    device: &Device,
) -> Result<Vec<Vec<f32>>, ReadbackError> {
    tensor_free_energies_at(&spec.points(), manifold, betas, device)
}

fn tensor_free_energies_at(
    points: &[[f32; 2]],
    manifold: &Manifold,
    betas: &[Beta],
    device: &Device,
) -> Result<Vec<Vec<f32>>, ReadbackError> {
    let weights = manifold.weights_tensor(device);
    let mut out = vec![Vec::with_capacity(points.len()); betas.len()];
    for chunk in points.chunks(CHUNK) {
        let energy = pairwise_energy(points_tensor(chunk, device), manifold.points.clone()); // [n, K]
        for (column, beta) in out.iter_mut().zip(betas) {
            let f = free_energy_weighted(energy.clone(), weights.clone(), *beta); // [n, 1]
            column.extend(read_values(f)?);
        }
    }
    Ok(out)
}

/// The model's own energy at every point of `spec`, in grid order: on the CPU backend
/// through the model's host kernel where it has one. (For the LV-EBMs this is F_∞; their
/// energy at a finite β is the free energy of their manifold.)
pub fn grid_native_energies(
    spec: &GridSpec,
    model: &dyn EnergyModel,
    at: Condition,
    device: &Device,
) -> Result<Vec<f32>, ModelError> {
    energies_at(&spec.points(), model, at, device)
}

/// [`grid_native_energies`] at any points.
pub fn energies_at(
    points: &[[f32; 2]],
    model: &dyn EnergyModel,
    at: Condition,
    device: &Device,
) -> Result<Vec<f32>, ModelError> {
    if kernels::runs_on_host(device)
        && let Some(host) = model.host_energy(at)?
    {
        return Ok(host.eval(points));
    }
    tensor_energies_at(points, model, at, device)
}

/// [`grid_native_energies`] through the model's burn `energy`, on any device.
pub fn tensor_native_energies(
    spec: &GridSpec,
    model: &dyn EnergyModel,
    at: Condition,
    device: &Device,
) -> Result<Vec<f32>, ModelError> {
    tensor_energies_at(&spec.points(), model, at, device)
}

fn tensor_energies_at(
    points: &[[f32; 2]],
    model: &dyn EnergyModel,
    at: Condition,
    device: &Device,
) -> Result<Vec<f32>, ModelError> {
    let mut out = Vec::with_capacity(points.len());
    for chunk in points.chunks(CHUNK) {
        out.extend(read_values(
            model.energy(points_tensor(chunk, device), at)?,
        )?);
    }
    Ok(out)
}

/// The F_β surface on `spec`.
pub fn energy_grid(
    spec: &GridSpec,
    manifold: &Manifold,
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

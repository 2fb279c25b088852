//! What the models show besides their energy: generated points that land on the data, the
//! VAE's bubbles, the autoencoders' ỹ − y field, the GAN's −∇C arrows.

use burn::tensor::Device;

use super::zoo_tests::{energies, nearest, train_with};
use super::{Batch, Condition, ModelId, Objective};
use crate::data::EllipseData;
use crate::energy::Beta;
use crate::energy::free_energy::{points_tensor, read_points};

/// Trains `id` for `steps` and returns the mean distance from its hot points to the nearest
/// data point, pooled over the hot sets of the last 10 steps (one set of 64 draws is noisy).
fn hot_distance(id: ModelId, seed: u64, steps: usize) -> f32 {
    let device = Device::flex();
    let mut model = id.create(&device, seed);
    let data = EllipseData::default().generate(seed);
    let tensor = Batch::of(points_tensor(&data, &device.clone().autodiff()));
    let objective = Objective {
        beta: Beta::Infinite,
        learning_rate: 0.01,
    };
    let mut distances = Vec::new();
    for step in 0..steps {
        model.train_step(&tensor, objective).unwrap();
        if step + 10 >= steps {
            // The GAN's are pushed up (hot), the VAE's merely sampled: both are generated.
            let generated = model.hot().into_iter().chain(model.samples());
            distances.extend(generated.map(|p| nearest(p, &data)));
        }
    }
    assert!(!distances.is_empty());
    distances.iter().sum::<f32>() / distances.len() as f32
}

/// The target: generated points within 0.2 of the data on average, on two seeds.
fn assert_samples_land_on_the_data(id: ModelId, steps: usize) {
    for seed in [0, 1] {
        let d = hot_distance(id, seed, steps);
        eprintln!("{id} seed {seed}: mean hot-to-data distance {d:.3}");
        assert!(d < 0.2, "{id} seed {seed}: {d}");
    }
}

#[test]
fn gan_samples_land_on_the_data_and_stay_there() {
    assert_samples_land_on_the_data(ModelId::Gan, 2000);
}

#[test]
fn vae_samples_land_on_the_data() {
    assert_samples_land_on_the_data(ModelId::Vae, 2500);
}

#[test]
fn the_autoencoders_field_is_the_reconstruction_displacement() {
    // ‖ỹ − y‖² is the AE's and the DAE's energy: the field and the energy must agree.
    let probe = [[0.3, -0.2], [2.5, 1.0], [-1.0, 1.5]];
    for id in [ModelId::Ae, ModelId::Dae] {
        let t = train_with(id, 0, 50, &[]);
        let field = t
            .model
            .field(points_tensor(&probe, &t.device), Condition::NONE)
            .unwrap();
        let field = read_points(field.expect("an autoencoder has a field")).unwrap();
        let energy = energies(&t, &probe);
        for (f, e) in field.iter().zip(energy) {
            let squared = f[0] * f[0] + f[1] * f[1];
            assert!(
                (squared - e).abs() < 1e-4 * (1.0 + e),
                "{id}: {squared} vs {e}"
            );
        }
    }
    let t = train_with(ModelId::Ellipse, 0, 1, &[]);
    assert!(
        t.model
            .field(points_tensor(&probe, &t.device), Condition::NONE)
            .unwrap()
            .is_none(),
        "the LV-EBM draws −∇F"
    );
}

#[test]
fn vae_bubbles_sit_in_the_unit_bubble_one_per_data_point() {
    let t = train_with(ModelId::Vae, 0, 600, &[]);
    let data = Batch::of(points_tensor(&t.data, &t.device));
    let bubbles = t.model.bubbles(&data).unwrap();
    assert_eq!(bubbles.len(), t.data.len());
    for b in &bubbles {
        assert_eq!((b.mu.len(), b.radius.len()), (1, 1));
        assert!(b.radius[0] > 0.0 && b.radius[0] < 1.5, "{b:?}");
        assert!(b.mu[0].abs() < 3.5, "{b:?}");
    }
    // The KL term spreads the means over the prior: their spread is of order 1.
    let var = bubbles.iter().map(|b| b.mu[0] * b.mu[0]).sum::<f32>() / bubbles.len() as f32;
    assert!(var > 0.2 && var < 3.0, "mean μ² = {var}");
    let other = train_with(ModelId::Ae, 0, 1, &[]);
    assert!(other.model.bubbles(&data).unwrap().is_empty());
}

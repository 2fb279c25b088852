//! Sessions end to end: a restored zoo continues exactly; a failed load changes nothing.

use std::time::Duration;

use burn::tensor::Device;

use super::trainer_tests::{trainer_with, wait_for};
use super::zoo::Zoo;
use super::*;
use crate::data::DataSource;
use crate::energy::free_energy::{points_tensor, read_points};
use crate::energy::{Beta, GridSpec};
use crate::landscape::compute::grid_native_energies;
use crate::models::{Batch, Condition, ModelFactory, ModelId, Objective};
use crate::session::SlotState;

/// Every model's native energy on a coarse grid and its manifold, as bits.
fn fingerprint(zoo: &Zoo, data: &Batch, device: &Device) -> Vec<Vec<u32>> {
    let grid = GridSpec {
        size: crate::energy::grid::GridSize::new(31, 21).unwrap(),
        ..GridSpec::DEFAULT
    };
    zoo.slots()
        .map(|s| {
            let native = grid_native_energies(&grid, s.model.as_ref(), Condition::NONE, device);
            let mut bits: Vec<u32> = native.unwrap().into_iter().map(f32::to_bits).collect();
            let manifold = s.model.manifold(data, Condition::NONE).unwrap();
            let manifold = manifold.map_or_else(Vec::new, |m| read_points(m.points).unwrap());
            bits.extend(manifold.iter().flatten().map(|v| v.to_bits()));
            bits.extend(s.model.hot().iter().flatten().map(|v| v.to_bits()));
            bits.push(s.step as u32);
            bits
        })
        .collect()
}

#[test]
fn a_restored_zoo_draws_the_same_and_trains_on_identically() {
    let device = Device::flex();
    let points = DataSource::default().points(0);
    let train = Batch::of(points_tensor(&points, &device.clone().autodiff()));
    let plain = Batch::of(points_tensor(&points, &device));
    let objective = Objective {
        beta: Beta::Infinite,
        learning_rate: 0.01,
    };
    let factory = ModelFactory::default();
    let mut a = Zoo::new(&factory, &device, 5, &ModelId::ALL);
    a.set_param(ModelId::Dae, "sigma", 0.4);
    let n = ModelId::ALL.len();
    for _ in 0..n * 6 {
        assert!(a.step_next(&train, objective, true, None));
    }
    // Through JSON, as in a file.
    let json = serde_json::to_vec(&a.save().unwrap()).unwrap();
    let saved: Vec<SlotState> = serde_json::from_slice(&json).unwrap();
    let mut b = Zoo::restore(&factory, &device, 5, &saved).unwrap();
    assert_eq!(
        fingerprint(&a, &plain, &device),
        fingerprint(&b, &plain, &device)
    );
    for _ in 0..n * 5 {
        a.step_next(&train, objective, true, None);
        b.step_next(&train, objective, true, None);
    }
    let (fa, fb) = (
        fingerprint(&a, &plain, &device),
        fingerprint(&b, &plain, &device),
    );
    assert_eq!(fa.len(), n);
    for (id, (x, y)) in ModelId::ALL.iter().zip(fa.iter().zip(&fb)) {
        assert_eq!(x, y, "{id} diverged after the restore");
        assert_eq!(*x.last().unwrap(), 11, "{id} took 11 steps");
    }
}

#[test]
fn the_trainer_saves_loads_and_survives_a_bad_file_untouched() {
    let dir = std::env::temp_dir().join(format!("energy-lab-trainer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("two.energylab");
    let first = trainer_with(vec![ModelId::Ellipse, ModelId::Gan], false);
    first.send(Command::Step(15));
    let before = wait_for(&first, "15 steps", |s| {
        !s.stepping && s.fresh && s.models.iter().all(|v| v.step == 15)
    });
    first.send(Command::SaveSession {
        path: path.clone(),
        view: serde_json::json!({"surface": "Density"}),
        autosave: false,
    });
    assert!(matches!(
        first.wait_event(Duration::from_secs(30)),
        Some(Event::Saved { .. })
    ));

    let second = trainer_with(vec![ModelId::Ae], false);
    second.send(Command::LoadSession(path.clone()));
    let Some(Event::Loaded { settings, view, .. }) = second.wait_event(Duration::from_secs(30))
    else {
        panic!("not loaded")
    };
    assert_eq!(settings.enabled, vec![ModelId::Ellipse, ModelId::Gan]);
    assert_eq!(view["surface"], "Density");
    let after = wait_for(&second, "the loaded views", |s| {
        s.fresh && s.models.len() == 2 && s.models.iter().all(|v| v.step == 15)
    });
    for (x, y) in before.models.iter().zip(&after.models) {
        assert_eq!(x.model, y.model);
        assert_eq!(
            x.landscape.free_energy.as_deref().unwrap(),
            y.landscape.free_energy.as_deref().unwrap(),
            "{} surface",
            x.model
        );
        assert_eq!(x.landscape.hot, y.landscape.hot, "{} hot points", x.model);
    }

    // A damaged copy: refused, and the loaded session is still there, unchanged.
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 10;
    bytes[last] ^= 0xff;
    let bad = dir.join("bad.energylab");
    std::fs::write(&bad, &bytes).unwrap();
    second.send(Command::LoadSession(bad));
    let Some(Event::Failed { message, .. }) = second.wait_event(Duration::from_secs(30)) else {
        panic!("a corrupt file was accepted")
    };
    assert!(message.contains("corrupt"), "{message}");
    second.send(Command::Step(1));
    let still = wait_for(&second, "one more step", |s| {
        !s.stepping && s.models.iter().all(|v| v.step == 16)
    });
    assert_eq!(still.models.len(), 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

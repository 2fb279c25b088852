//! A diverging model is caught within one step, rolls back to its last finite weights and
//! pauses with advice; the others keep training.

use burn::tensor::Device;

use super::checkpoint::EVERY;
use super::zoo::Zoo;
use crate::data::DataSource;
use crate::energy::Beta;
use crate::energy::free_energy::points_tensor;
use crate::models::{Batch, ModelFactory, ModelId, Objective};

const OBJECTIVE: Objective = Objective {
    beta: Beta::Finite(1.0),
    learning_rate: 1e-2,
};

/// Every weight of the model's first network set to NaN: what a blown-up update leaves.
fn poison(zoo: &mut Zoo, id: ModelId) {
    let slot = zoo.get_mut(id).unwrap();
    let mut state = slot.model.save_state().unwrap();
    for weight in &mut state.nets[0].weights {
        weight.values.fill(f32::NAN);
    }
    slot.model.load_state(&state).unwrap();
}

#[test]
fn every_model_rolls_back_to_its_last_finite_weights_and_only_it_pauses() {
    let device = Device::flex();
    let data = Batch::of(points_tensor(
        &DataSource::default().points(0),
        &device.clone().autodiff(),
    ));
    for victim in ModelId::ALL {
        let mut zoo = Zoo::new(&ModelFactory::default(), &device, 0, &ModelId::ALL);
        // 30 steps each (round robin): past the checkpoint at step 25.
        let trained = EVERY + 5;
        for _ in 0..trained * ModelId::ALL.len() as u64 {
            assert!(zoo.step_next(&data, OBJECTIVE, true, None));
        }
        let checkpoint = zoo.get_mut(victim).unwrap().model.save_state().unwrap();
        assert!(checkpoint.is_finite());
        poison(&mut zoo, victim);
        // One more round: the victim's next step sees the NaN.
        for _ in 0..ModelId::ALL.len() {
            zoo.step_next(&data, OBJECTIVE, true, None);
        }
        let slot = zoo.get_mut(victim).unwrap();
        let error = slot.error.clone().unwrap_or_default();
        assert!(
            error.contains("rolled back to step 25") && error.contains("learning rate (now 0.01)"),
            "{victim}: {error}"
        );
        assert_eq!(slot.step, EVERY, "{victim}");
        let restored = slot.model.save_state().unwrap();
        assert!(restored.is_finite(), "{victim}");
        assert_ne!(restored, checkpoint, "{victim}: back at step 25, not 30");
        assert!(slot.new_losses.iter().all(|p| p.step < EVERY));
        // The victim pauses; every other model trains on.
        assert!(!zoo.is_training(victim, true));
        for _ in 0..3 * ModelId::ALL.len() {
            zoo.step_next(&data, OBJECTIVE, true, None);
        }
        for slot in zoo.slots() {
            if slot.id == victim {
                assert_eq!(slot.step, EVERY, "{victim} stays paused");
            } else {
                assert!(slot.step > trained, "{} trains on beside {victim}", slot.id);
                assert!(slot.error.is_none(), "{}", slot.id);
            }
        }
    }
}

/// The extreme settings on every model at once, through the real trainer thread: a
/// learning rate of 50, training at β = 0.01, a GAN margin of 10⁶. Whatever each model does,
/// no snapshot carries a non-finite number, so no heatmap or plot ever sees one.
#[test]
fn extreme_knobs_never_put_a_non_finite_number_in_a_snapshot() {
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use crate::app::heatmap::grid_image;
    use crate::backend::BackendChoice;
    use crate::palette::ColourScale;
    use crate::settings::{Hyper, Settings};
    use crate::trainer::{Command, TrainerConfig, TrainerHandle};

    let mut settings = Settings::default().with_models(&ModelId::ALL);
    settings.beta = Beta::Finite(0.01);
    settings.hyper = Hyper {
        learning_rate: 50.0,
        train_at_beta: true,
        max_steps_per_sec: None,
    };
    let config = TrainerConfig::new(settings, BackendChoice::Cpu);
    let trainer = TrainerHandle::spawn(config, Arc::new(|| {})).unwrap();
    trainer.send(Command::SetParam {
        model: ModelId::Gan,
        key: "margin".to_owned(),
        value: 1e6,
    });
    let deadline = Instant::now() + Duration::from_secs(90);
    let mut snapshots = 0;
    let mut rolled_back = Vec::new();
    while Instant::now() < deadline && rolled_back.len() < ModelId::ALL.len() {
        let Some(s) = trainer.wait_snapshot(Duration::from_millis(200)) else {
            continue;
        };
        snapshots += 1;
        for view in &s.models {
            assert!(view.is_finite(), "{} at step {}", view.model, view.step);
            // The own energy: every model has one (the energy network has no manifold).
            let grid = view.landscape.energy_grid();
            let image = grid_image(&grid, &ColourScale::Log.fit(&grid.values));
            assert!(
                image
                    .pixels
                    .iter()
                    .all(|p| *p != eframe::egui::Color32::BLACK),
                "{}: a black heatmap pixel",
                view.model
            );
            if let Some(e) = &view.error
                && e.contains("lower the learning rate (now 50)")
                && !rolled_back.contains(&view.model)
            {
                rolled_back.push(view.model);
            }
        }
        // Models that took the extremes in their stride stop the wait once well trained.
        if s.models.iter().all(|v| v.error.is_some() || v.step > 400) {
            break;
        }
    }
    eprintln!("extreme knobs: {snapshots} snapshots, rolled back: {rolled_back:?}");
    assert!(snapshots > 5, "{snapshots} snapshots");
    assert!(
        !rolled_back.is_empty(),
        "a learning rate of 50 blows some model up"
    );
}

/// The energy-difference loss without its L2 term runs off; the trainer rolls the energy
/// network back to its last checkpoint, pauses it, and says which knob to turn.
#[test]
fn energies_that_run_off_roll_the_model_back_with_the_knob_to_turn() {
    let device = Device::flex();
    let data = Batch::of(points_tensor(
        &DataSource::default().points(0),
        &device.clone().autodiff(),
    ));
    let mut zoo = Zoo::new(&ModelFactory::default(), &device, 0, &[ModelId::Ebm]);
    zoo.set_param(ModelId::Ebm, "alpha", 0.0);
    let objective = Objective {
        learning_rate: 1e-2,
        ..OBJECTIVE
    };
    let mut steps = 0;
    while zoo.get_mut(ModelId::Ebm).unwrap().error.is_none() {
        assert!(steps < 5000, "cd at α = 0 never ran off");
        zoo.step_next(&data, objective, true, None);
        steps += 1;
    }
    let slot = zoo.get_mut(ModelId::Ebm).unwrap();
    let error = slot.error.clone().unwrap_or_default();
    assert!(
        error.contains("the energies ran off")
            && error.contains("raise α")
            && error.contains("rolled back to step"),
        "{error}"
    );
    assert!(slot.step < steps as u64, "back at a checkpoint");
    assert!(slot.model.save_state().unwrap().is_finite());
}

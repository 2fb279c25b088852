//! A diverging model is caught within one step, rolls back to its last finite weights and
//! pauses with advice; the others keep training.

use burn::tensor::Device;

use super::checkpoint::EVERY;
use super::zoo::Zoo;
use crate::data::DataSource;
use crate::energy::Beta;
use crate::energy::free_energy::points_tensor;
use crate::models::{ModelId, Objective};

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
    let data = points_tensor(&DataSource::default().points(0), &device.clone().autodiff());
    for victim in ModelId::ALL {
        let mut zoo = Zoo::new(&device, 0, &ModelId::ALL);
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

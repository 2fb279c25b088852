//! The training pool: models stepping at once keep their solo trajectories, and a panic on a
//! worker still names its model.

use burn::tensor::Device;

use super::failure;
use super::faults::{Faults, StepFault};
use super::zoo::Zoo;
use crate::data::EllipseData;
use crate::energy::Beta;
use crate::energy::free_energy::points_tensor;
use crate::models::{Batch, ModelFactory, ModelId, Objective};

const OBJECTIVE: Objective = Objective {
    beta: Beta::Finite(1.0),
    learning_rate: 1e-3,
};

fn data(device: &Device) -> Batch {
    let points = EllipseData::default().generate(0);
    Batch::of(points_tensor(&points, &device.clone().autodiff()))
}

/// Every slot's weights, optimiser state and RNG positions, as text (bit-exact floats).
fn states(zoo: &Zoo) -> Vec<(ModelId, String)> {
    zoo.slots()
        .map(|s| (s.id, serde_json::to_string(&s.save().unwrap()).unwrap()))
        .collect()
}

#[test]
fn models_stepping_at_once_follow_their_solo_trajectories_bit_for_bit() {
    let pool = super::pool::pool_of(2).expect("two training threads");
    let device = Device::flex();
    let data = data(&device);
    let factory = ModelFactory::default();
    const STEPS: u64 = 12;
    let mut together = Zoo::new(&factory, &device, 7, &ModelId::ALL);
    for _ in 0..STEPS {
        assert!(together.step_ready_on(Some(&pool), &data, OBJECTIVE, true, None));
    }
    for slot in together.slots() {
        assert_eq!(slot.step, STEPS, "{}: one step per round", slot.id);
        assert!(slot.error.is_none(), "{:?}", slot.error);
    }
    for (id, state) in states(&together) {
        let mut alone = Zoo::new(&factory, &device, 7, &[id]);
        for _ in 0..STEPS {
            assert!(alone.step_next(&data, OBJECTIVE, true, None));
        }
        let solo = &states(&alone)[0].1;
        assert!(
            *solo == state,
            "{id}: trained beside others ≠ trained alone"
        );
    }
}

#[test]
fn a_panic_on_a_pool_thread_is_raised_on_the_trainer_thread_naming_the_model() {
    let pool = super::pool::pool_of(2).expect("two training threads");
    let device = Device::flex();
    let data = data(&device);
    let faults = Faults::default();
    faults.inject(ModelId::Dae, 2, StepFault::Panic("injected on the pool"));
    let mut zoo = Zoo::new(&faults.factory(), &device, 1, &[ModelId::Ae, ModelId::Dae]);
    for _ in 0..2 {
        assert!(zoo.step_ready_on(Some(&pool), &data, OBJECTIVE, true, None));
    }
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        zoo.step_ready_on(Some(&pool), &data, OBJECTIVE, true, None)
    }));
    let payload = caught.expect_err("the injected panic");
    assert!(failure::panic_message(payload.as_ref()).contains("injected on the pool"));
    assert_eq!(failure::current(), Some((ModelId::Dae, 2)));
    failure::running(None);
}

#[test]
fn every_core_trains() {
    assert_eq!(super::pool::default_threads(0), 1);
    assert_eq!(
        super::pool::default_threads(1),
        1,
        "one core: in turn, no pool"
    );
    assert_eq!(super::pool::default_threads(2), 2);
    assert_eq!(super::pool::default_threads(16), 16);
}

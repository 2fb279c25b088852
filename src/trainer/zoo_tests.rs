//! Several models in one trainer: they take turns, each draws its own views, and none changes
//! another's trajectory, data switch or restart.

use std::time::Duration;

use super::trainer_tests::{trainer_with, wait_for};
use super::*;
use crate::energy::GridSpec;
use crate::models::ModelId;

/// The snapshot after every enabled model has reached `steps` and training stopped.
fn run_to(trainer: &TrainerHandle, steps: u64) -> Snapshot {
    wait_for(trainer, "the pause step", |s| {
        !s.stepping && s.fresh && s.min_step() >= steps
    })
}

#[test]
fn every_enabled_model_trains_in_turn_and_each_sends_its_views() {
    let trainer = trainer_with(ModelId::ALL.to_vec(), false);
    wait_for(&trainer, "start", |_| true);
    trainer.send(Command::Step(3));
    let s = run_to(&trainer, 3);
    assert_eq!(s.models.len(), ModelId::ALL.len());
    assert_eq!(s.settings.focus, ModelId::Ellipse);
    let small = crate::landscape::compute::small_grid(&GridSpec::DEFAULT);
    for v in &s.models {
        assert_eq!(v.step, 3, "{}", v.model);
        assert!(v.error.is_none(), "{:?}", v.error);
        let want = if v.model == s.settings.focus {
            GridSpec::DEFAULT
        } else {
            small
        };
        assert_eq!(v.landscape.grid, want, "{}", v.model);
        assert_eq!(v.landscape.energy.len(), want.size.len());
        assert_eq!(
            v.landscape.beta_family.is_empty(),
            v.model != s.settings.focus
        );
        match &v.landscape.free_energy {
            Some(f) => assert!(f.iter().all(|e| e.is_finite())),
            None => assert!(!v.model.spec().draws.manifold, "{}", v.model),
        }
    }
    assert_eq!((small.size.width, small.size.height), (81, 54));
    let view = |m| s.view(m).unwrap();
    assert_eq!(
        view(ModelId::Gan).landscape.hot_arrows.len(),
        view(ModelId::Gan).landscape.hot.len()
    );
    assert_eq!(view(ModelId::Vae).landscape.bubbles.len(), 24);
    assert!(!view(ModelId::Dae).landscape.field.is_empty(), "ỹ − y");
    assert!(
        view(ModelId::Ellipse).landscape.field.is_empty(),
        "−∇F only"
    );

    // Focus moves the full grid and the β family.
    trainer.send(Command::Focus(ModelId::Gan));
    let s = wait_for(&trainer, "the new focus", |s| {
        s.settings.focus == ModelId::Gan && s.fresh
    });
    assert_eq!(s.focused().unwrap().landscape.grid, GridSpec::DEFAULT);
    assert_eq!(s.view(ModelId::Ellipse).unwrap().landscape.grid, small);
}

#[test]
fn toggling_another_model_never_changes_a_models_trajectory() {
    const STEPS: u64 = 120;
    let alone = trainer_with(vec![ModelId::Ae], false);
    alone.send(Command::PauseAtStep(Some(STEPS)));
    alone.send(Command::Play);
    let a = run_to(&alone, STEPS)
        .focused()
        .unwrap()
        .landscape
        .energy
        .clone();

    // The same model beside the DAE, toggled off and on mid-run, its σ changed live.
    let together = trainer_with(vec![ModelId::Ae, ModelId::Dae], false);
    together.send(Command::Step(20));
    let paused = run_to(&together, 20).view(ModelId::Ae).unwrap().step;
    together.send(Command::SetEnabled {
        model: ModelId::Dae,
        enabled: false,
    });
    together.send(Command::Step(15));
    let alone_stretch = wait_for(&together, "the AE alone", |s| {
        !s.stepping && s.view(ModelId::Ae).is_some_and(|v| v.step == paused + 15)
    });
    assert!(
        alone_stretch.view(ModelId::Dae).is_none(),
        "a paused model is not drawn"
    );
    together.send(Command::SetParam {
        model: ModelId::Dae,
        key: "sigma".to_owned(),
        value: 0.5,
    });
    together.send(Command::SetEnabled {
        model: ModelId::Dae,
        enabled: true,
    });
    together.send(Command::PauseAtStep(Some(STEPS)));
    together.send(Command::Play);
    let s = run_to(&together, STEPS);
    assert_eq!(s.models.len(), 2);
    let b = &s.view(ModelId::Ae).unwrap().landscape.energy;
    assert_eq!(a.len(), b.len());
    assert!(
        a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits()),
        "the AE's energy after {STEPS} steps must be bit-for-bit the same"
    );
    let dae = s.view(ModelId::Dae).unwrap();
    assert_eq!(dae.step, STEPS, "the DAE resumed where it paused");
    assert!(dae.params.contains(&("sigma", 0.5)));
}

#[test]
fn a_structural_change_restarts_only_that_model_and_bad_values_are_refused() {
    let trainer = trainer_with(vec![ModelId::Ae, ModelId::Gan], false);
    trainer.send(Command::Step(10));
    run_to(&trainer, 10);
    trainer.send(Command::SetParam {
        model: ModelId::Ae,
        key: "width".to_owned(),
        value: 16.0,
    });
    let s = wait_for(&trainer, "the rebuilt AE", |s| {
        s.view(ModelId::Ae).is_some_and(|v| v.run == 1)
    });
    let ae = s.view(ModelId::Ae).unwrap();
    assert_eq!(ae.step, 0);
    assert!(ae.params.contains(&("width", 16.0)));
    let gan = s.view(ModelId::Gan).unwrap();
    assert_eq!((gan.run, gan.step), (0, 10), "the GAN is untouched");

    // A value the model refuses: a notice, nothing reset, training goes on.
    trainer.send(Command::SetParam {
        model: ModelId::Gan,
        key: "margin".to_owned(),
        value: -1.0,
    });
    let s = wait_for(&trainer, "the notice", |s| {
        s.view(ModelId::Gan).is_some_and(|v| v.notice.is_some())
    });
    let gan = s.view(ModelId::Gan).unwrap();
    assert!(gan.notice.as_deref().unwrap_or("").contains("margin"));
    assert_eq!((gan.run, gan.step), (0, 10));
    assert!(gan.params.contains(&("margin", 1.0)));
    trainer.send(Command::Step(5));
    let s = wait_for(&trainer, "more steps", |s| {
        s.view(ModelId::Gan).is_some_and(|v| v.step == 15)
    });
    assert_eq!(s.view(ModelId::Ae).unwrap().step, 5);
}

#[test]
fn switching_data_keeps_every_model_training_on_the_new_points() {
    use crate::data::DataSource;
    use crate::data::sets::{SetKind, SetSpec};
    let trainer = trainer_with(vec![ModelId::Ellipse, ModelId::Ae, ModelId::Dae], true);
    let before = wait_for(&trainer, "three models training", |s| {
        s.models.len() == 3 && s.models.iter().all(|v| v.step >= 20)
    });
    let moons = SetSpec::new(SetKind::Moons);
    let expected = moons.generate(0);
    trainer.send(Command::SetData(DataSource::Set(moons)));
    let switched = wait_for(&trainer, "the moons", |s| *s.data == *expected);
    let later = wait_for(&trainer, "training on the moons", |s| {
        *s.data == *expected
            && s.models
                .iter()
                .all(|v| v.step >= switched.view(v.model).map_or(u64::MAX, |w| w.step + 20))
    });
    for v in &later.models {
        let first = before.view(v.model).unwrap();
        assert_eq!(v.run, first.run, "{}: no restart", v.model);
        assert!(v.error.is_none(), "{}: {:?}", v.model, v.error);
        assert!(v.step > first.step);
    }
    // A cleared drawing: no points, no steps, no error; points back, training resumes.
    let none = DataSource::Points {
        label: "drawn".into(),
        points: Vec::new().into(),
        x: None,
    };
    trainer.send(Command::SetData(none));
    let empty = wait_for(&trainer, "no data", |s| s.data.is_empty());
    std::thread::sleep(Duration::from_millis(300));
    let still = wait_for(&trainer, "a snapshot", |s| s.data.is_empty());
    assert_eq!(
        still.min_step(),
        empty.min_step(),
        "nothing trains on no points"
    );
    let drawn = DataSource::Points {
        label: "drawn".into(),
        points: vec![[0.0, 1.0], [1.0, 0.0], [-1.0, 0.0]].into(),
        x: None,
    };
    trainer.send(Command::SetData(drawn));
    wait_for(&trainer, "training on drawn points", |s| {
        s.data.len() == 3
            && s.min_step() >= still.min_step() + 10
            && s.models.iter().all(|v| v.error.is_none())
    });
}

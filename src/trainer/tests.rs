//! The trainer protocol, end to end on a real thread and the CPU backend.

use std::time::{Duration, Instant};

use super::*;
use crate::models::ModelId;

fn cpu_trainer(playing: bool) -> TrainerHandle {
    trainer_with(vec![ModelId::Ellipse], playing)
}

pub(super) fn trainer_with(models: Vec<ModelId>, playing: bool) -> TrainerHandle {
    let config = TrainerConfig {
        models,
        backend: BackendChoice::Cpu,
        hyper: Hyper {
            max_steps_per_sec: None,
            ..Hyper::default()
        },
        playing,
        ..TrainerConfig::default()
    };
    TrainerHandle::spawn(config, Arc::new(|| {})).unwrap()
}

/// Waits for a snapshot satisfying `done`; panics after 60 s.
pub(super) fn wait_for(
    trainer: &TrainerHandle,
    what: &str,
    done: impl Fn(&Snapshot) -> bool,
) -> Snapshot {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut last = None;
    while Instant::now() < deadline {
        if let Some(s) = trainer.wait_snapshot(Duration::from_millis(200)) {
            if done(&s) {
                return s;
            }
            last = Some(s);
        }
    }
    let state = last.map(|s| {
        let steps: Vec<_> = s.models.iter().map(|v| (v.model, v.step)).collect();
        format!("playing {}, fresh {}, steps {steps:?}", s.playing, s.fresh)
    });
    panic!("timed out waiting for {what}; last snapshot: {state:?}");
}

#[test]
fn first_snapshot_shows_the_untrained_model_with_everything_the_ui_draws() {
    let trainer = cpu_trainer(false);
    let snapshot = wait_for(&trainer, "the first snapshot", |_| true);
    assert!(!snapshot.playing);
    assert_eq!(snapshot.data.len(), 24);
    assert_eq!(snapshot.models.len(), 1);
    let s = snapshot.focused().unwrap();
    assert_eq!(s.step, 0);
    assert_eq!(s.manifold.len(), 48);
    // The slide's untrained decoder: g(0) = (−1.5, 0).
    assert!((s.manifold[0][0] + 1.5).abs() < 1e-6 && s.manifold[0][1].abs() < 1e-6);
    assert_eq!(s.energy.values.len(), GridSpec::DEFAULT.size.len());
    assert!(s.energy.values.iter().all(|v| v.is_finite() && *v >= 0.0));
    assert_eq!(s.arrows.len(), 24 * 16);
    assert_eq!(s.beta_family.len(), 6);
    assert!(s.hot.is_empty());
    assert_eq!(snapshot.backend.kind, crate::backend::BackendKind::Cpu);
}

#[test]
fn step_command_runs_exactly_that_many_steps() {
    let trainer = cpu_trainer(false);
    wait_for(&trainer, "start", |_| true);
    trainer.send(Command::Step(10));
    let s = wait_for(&trainer, "10 steps", |s| s.min_step() >= 10 && !s.playing);
    assert_eq!(s.min_step(), 10);
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        trainer
            .wait_snapshot(Duration::from_millis(100))
            .is_none_or(|s| s.min_step() == 10)
    );
}

#[test]
fn pause_stops_steps_and_play_resumes() {
    let trainer = cpu_trainer(true);
    wait_for(&trainer, "training", |s| s.min_step() > 20);
    trainer.send(Command::Pause);
    let paused = wait_for(&trainer, "paused", |s| !s.playing).min_step();
    std::thread::sleep(Duration::from_millis(300));
    // Nothing changes while paused: at most one more snapshot, with the same step.
    if let Some(s) = trainer.wait_snapshot(Duration::from_millis(100)) {
        assert_eq!(s.min_step(), paused);
    }
    trainer.send(Command::Play);
    wait_for(&trainer, "resumed", |s| s.min_step() > paused + 20);
}

#[test]
fn reset_with_the_same_seed_reproduces_the_run_bit_for_bit() {
    let trainer = cpu_trainer(false);
    let mut results = Vec::new();
    for (run, seed) in [(1, 5), (2, 5), (3, 6)] {
        trainer.send(Command::Reset { seed });
        trainer.send(Command::PauseAtStep(Some(150)));
        trainer.send(Command::Play);
        let s = wait_for(&trainer, "150 steps", |s| {
            s.focused()
                .is_some_and(|v| v.run == run && v.step == 150 && !s.playing)
        });
        let v = s.focused().unwrap();
        results.push((v.params.clone(), v.energy.values.clone()));
    }
    let [a, b, c] = [&results[0], &results[1], &results[2]];
    let bits = |p: &Vec<(&str, f32)>| p.iter().map(|(_, v)| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&a.0), bits(&b.0));
    assert_eq!(a.1, b.1);
    assert_ne!(bits(&a.0), bits(&c.0));
}

#[test]
fn no_snapshot_after_a_beta_change_carries_the_old_beta() {
    let trainer = cpu_trainer(true);
    let first = wait_for(&trainer, "start", |_| true);
    for beta in [
        Beta::Finite(0.1),
        Beta::Finite(3.2),
        Beta::Infinite,
        Beta::Finite(0.3),
    ] {
        trainer.send(Command::SetBeta(beta));
    }
    // Commands are applied in order; count them from the first snapshot's tally.
    let applied = first.commands_applied + 4;
    let s = wait_for(&trainer, "the β commands", |s| {
        s.commands_applied >= applied
    });
    assert_eq!(s.beta, Beta::Finite(0.3));
    assert_eq!(s.focused().unwrap().energy.beta, Beta::Finite(0.3));
    let deadline = Instant::now() + Duration::from_millis(500);
    while Instant::now() < deadline {
        if let Some(s) = trainer.wait_snapshot(Duration::from_millis(50)) {
            assert!(s.models.iter().all(|v| v.energy.beta == Beta::Finite(0.3)));
        }
    }
}

#[test]
fn training_at_beta_switches_the_loss_live_without_reset() {
    let trainer = cpu_trainer(false);
    wait_for(&trainer, "start", |_| true);
    trainer.send(Command::Step(50));
    let before = wait_for(&trainer, "50 steps", |s| s.min_step() == 50);
    trainer.send(Command::SetBeta(Beta::Finite(0.1)));
    trainer.send(Command::SetHyper(Hyper {
        train_at_beta: true,
        max_steps_per_sec: None,
        ..Hyper::default()
    }));
    trainer.send(Command::Step(1));
    let after = wait_for(&trainer, "one warm step", |s| s.min_step() == 51);
    let (before, after) = (before.focused().unwrap(), after.focused().unwrap());
    // Same run (no reset), and the loss jumped to the hot F_0.1 (≈ mean energy ≫ F_∞).
    assert_eq!(after.run, before.run);
    let cold = before.new_losses.last().map(|p| p.loss).unwrap_or(f32::NAN);
    let warm = after.new_losses.last().map(|p| p.loss).unwrap_or(f32::NAN);
    assert!(warm > cold + 0.5, "F_0.1 loss {warm} vs F_∞ loss {cold}");
}

#[test]
fn shutdown_joins_promptly_even_while_training() {
    let mut trainer = cpu_trainer(true);
    wait_for(&trainer, "training", |s| s.min_step() > 5);
    let t = Instant::now();
    trainer.shutdown();
    assert!(trainer.is_joined());
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    assert_eq!(trainer.health(), TrainerHealth::Running);
}

/// The snapshot after every enabled model has reached `steps` and training stopped.
fn run_to(trainer: &TrainerHandle, steps: u64) -> Snapshot {
    wait_for(trainer, "the pause step", |s| {
        !s.playing && s.fresh && s.min_step() >= steps
    })
}

#[test]
fn every_enabled_model_trains_in_turn_and_each_sends_its_views() {
    let trainer = trainer_with(ModelId::ALL.to_vec(), false);
    wait_for(&trainer, "start", |_| true);
    trainer.send(Command::Step(3));
    let s = run_to(&trainer, 3);
    assert_eq!(s.models.len(), 7);
    assert_eq!(s.focus, ModelId::Ellipse);
    let small = model_view::small_grid(&GridSpec::DEFAULT);
    for v in &s.models {
        assert_eq!(v.step, 3, "{}", v.model);
        assert!(v.error.is_none(), "{:?}", v.error);
        let want = if v.model == s.focus {
            GridSpec::DEFAULT
        } else {
            small
        };
        assert_eq!(v.energy.spec, want, "{}", v.model);
        assert_eq!(v.native.len(), want.size.len());
        assert_eq!(v.beta_family.is_empty(), v.model != s.focus);
        assert!(v.energy.values.iter().all(|e| e.is_finite()));
    }
    assert_eq!((small.size.width, small.size.height), (81, 54));
    let view = |m| s.view(m).unwrap();
    assert_eq!(
        view(ModelId::Gan).hot_arrows.len(),
        view(ModelId::Gan).hot.len()
    );
    assert_eq!(view(ModelId::Vae).bubbles.len(), 24);
    assert_eq!(view(ModelId::Dae).field, protocol::Field::Reconstruction);
    assert_eq!(view(ModelId::Ellipse).field, protocol::Field::NegGradF);

    // Focus moves the full grid and the β family.
    trainer.send(Command::Focus(ModelId::Gan));
    let s = wait_for(&trainer, "the new focus", |s| {
        s.focus == ModelId::Gan && s.fresh
    });
    assert_eq!(s.focused().unwrap().energy.spec, GridSpec::DEFAULT);
    assert_eq!(s.view(ModelId::Ellipse).unwrap().energy.spec, small);
}

#[test]
fn toggling_another_model_never_changes_a_models_trajectory() {
    const STEPS: u64 = 120;
    let alone = trainer_with(vec![ModelId::Ae], false);
    alone.send(Command::PauseAtStep(Some(STEPS)));
    alone.send(Command::Play);
    let a = run_to(&alone, STEPS).focused().unwrap().native.clone();

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
        !s.playing && s.view(ModelId::Ae).is_some_and(|v| v.step == paused + 15)
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
    let b = &s.view(ModelId::Ae).unwrap().native;
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
    };
    trainer.send(Command::SetData(drawn));
    wait_for(&trainer, "training on drawn points", |s| {
        s.data.len() == 3
            && s.min_step() >= still.min_step() + 10
            && s.models.iter().all(|v| v.error.is_none())
    });
}

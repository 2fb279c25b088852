//! The trainer protocol, end to end on a real thread and the CPU backend.

use std::time::{Duration, Instant};

use super::*;

fn cpu_trainer(playing: bool) -> TrainerHandle {
    let config = TrainerConfig {
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
fn wait_for(trainer: &TrainerHandle, what: &str, done: impl Fn(&Snapshot) -> bool) -> Snapshot {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Some(s) = trainer.wait_snapshot(Duration::from_millis(200))
            && done(&s)
        {
            return s;
        }
    }
    panic!("timed out waiting for {what}");
}

#[test]
fn first_snapshot_shows_the_untrained_model_with_everything_the_ui_draws() {
    let trainer = cpu_trainer(false);
    let s = wait_for(&trainer, "the first snapshot", |_| true);
    assert_eq!(s.step, 0);
    assert!(!s.playing);
    assert_eq!(s.data.len(), 24);
    assert_eq!(s.manifold.len(), 48);
    // The slide's untrained decoder: g(0) = (−1.5, 0).
    assert!((s.manifold[0][0] + 1.5).abs() < 1e-6 && s.manifold[0][1].abs() < 1e-6);
    assert_eq!(s.energy.values.len(), GridSpec::DEFAULT.size.len());
    assert!(s.energy.values.iter().all(|v| v.is_finite() && *v >= 0.0));
    assert_eq!(s.arrows.len(), 24 * 16);
    assert_eq!(s.beta_family.len(), 6);
    assert!(s.hot.is_empty());
    assert_eq!(s.backend.kind, crate::backend::BackendKind::Cpu);
}

#[test]
fn step_command_runs_exactly_that_many_steps() {
    let trainer = cpu_trainer(false);
    wait_for(&trainer, "start", |_| true);
    trainer.send(Command::Step(10));
    let s = wait_for(&trainer, "10 steps", |s| s.step >= 10 && !s.playing);
    assert_eq!(s.step, 10);
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        trainer
            .wait_snapshot(Duration::from_millis(100))
            .is_none_or(|s| s.step == 10)
    );
}

#[test]
fn pause_stops_steps_and_play_resumes() {
    let trainer = cpu_trainer(true);
    wait_for(&trainer, "training", |s| s.step > 20);
    trainer.send(Command::Pause);
    let paused = wait_for(&trainer, "paused", |s| !s.playing);
    std::thread::sleep(Duration::from_millis(300));
    // Nothing changes while paused: at most one more snapshot, with the same step.
    if let Some(s) = trainer.wait_snapshot(Duration::from_millis(100)) {
        assert_eq!(s.step, paused.step);
    }
    trainer.send(Command::Play);
    wait_for(&trainer, "resumed", |s| s.step > paused.step + 20);
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
            s.run == run && s.step == 150 && !s.playing
        });
        results.push((s.params.clone(), s.energy.values.clone()));
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
    assert_eq!(s.energy.beta, Beta::Finite(0.3));
    let deadline = Instant::now() + Duration::from_millis(500);
    while Instant::now() < deadline {
        if let Some(s) = trainer.wait_snapshot(Duration::from_millis(50)) {
            assert_eq!(s.energy.beta, Beta::Finite(0.3));
        }
    }
}

#[test]
fn training_at_beta_switches_the_loss_live_without_reset() {
    let trainer = cpu_trainer(false);
    wait_for(&trainer, "start", |_| true);
    trainer.send(Command::Step(50));
    let before = wait_for(&trainer, "50 steps", |s| s.step == 50);
    trainer.send(Command::SetBeta(Beta::Finite(0.1)));
    trainer.send(Command::SetHyper(Hyper {
        train_at_beta: true,
        max_steps_per_sec: None,
        ..Hyper::default()
    }));
    trainer.send(Command::Step(1));
    let after = wait_for(&trainer, "one warm step", |s| s.step == 51);
    // Same run (no reset), and the loss jumped to the hot F_0.1 (≈ mean energy ≫ F_∞).
    assert_eq!(after.run, before.run);
    let cold = before.new_losses.last().map(|p| p.loss).unwrap_or(f32::NAN);
    let warm = after.new_losses.last().map(|p| p.loss).unwrap_or(f32::NAN);
    assert!(warm > cold + 0.5, "F_0.1 loss {warm} vs F_∞ loss {cold}");
}

#[test]
fn shutdown_joins_promptly_even_while_training() {
    let mut trainer = cpu_trainer(true);
    wait_for(&trainer, "training", |s| s.step > 5);
    let t = Instant::now();
    trainer.shutdown();
    assert!(trainer.is_joined());
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    assert_eq!(trainer.health(), TrainerHealth::Running);
}

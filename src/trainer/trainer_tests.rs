//! The trainer protocol, end to end on a real thread and the CPU backend.

use std::time::{Duration, Instant};

use super::*;
use crate::backend::BackendKind;
use crate::energy::{Beta, GridSpec};
use crate::models::ModelId;
use crate::settings::{Hyper, Settings};

fn cpu_trainer(playing: bool) -> TrainerHandle {
    trainer_with(vec![ModelId::Ellipse], playing)
}

/// Settings for `models` at full speed, playing or not.
pub(super) fn fast_settings(models: &[ModelId], playing: bool) -> Settings {
    let mut settings = Settings::default().with_models(models);
    settings.hyper.max_steps_per_sec = None;
    settings.playing = playing;
    settings
}

pub(super) fn trainer_with(models: Vec<ModelId>, playing: bool) -> TrainerHandle {
    let config = TrainerConfig::new(fast_settings(&models, playing), BackendChoice::Cpu);
    TrainerHandle::spawn(config, Arc::new(|| {})).unwrap()
}

/// The first snapshot, however long it takes while the trainer thread lives: on lavapipe with
/// a cold shader cache and a busy machine, compiling the first shaders takes minutes, and a
/// fixed budget would fail a fresh machine (after it, steps take milliseconds).
pub(super) fn wait_first(trainer: &mut TrainerHandle) -> Snapshot {
    wait_compiling(trainer, |_| true)
}

/// The first snapshot satisfying `done`, however long it takes while the trainer lives: for
/// the phases where lavapipe compiles shaders (see [`wait_first`]).
pub(super) fn wait_compiling(
    trainer: &mut TrainerHandle,
    done: impl Fn(&Snapshot) -> bool,
) -> Snapshot {
    loop {
        if let Some(s) = trainer.wait_snapshot(Duration::from_millis(200))
            && done(&s)
        {
            return s;
        }
        if let TrainerHealth::Failed(why) = trainer.health() {
            panic!("the trainer failed while compiling its shaders: {why}");
        }
    }
}

/// Whether a trainer still makes progress: a wait fails when its snapshots show no new step,
/// command or backend for `STALL` (a loaded machine is only slower; a stuck trainer is
/// stuck), or after `HANG_GUARD` in all, against a wait that progresses but never arrives.
pub(super) struct Progress {
    began: Instant,
    last: Option<(u64, u64, BackendKind)>,
    since: Instant,
}

impl Progress {
    const STALL: Duration = Duration::from_secs(60);
    pub(super) const HANG_GUARD: Duration = Duration::from_secs(600);

    pub(super) fn new() -> Self {
        Self {
            began: Instant::now(),
            last: None,
            since: Instant::now(),
        }
    }

    pub(super) fn saw(&mut self, s: &Snapshot) {
        let steps = s.models.iter().map(|m| m.step).sum();
        let now = Some((s.commands_applied, steps, s.backend.kind));
        if now != self.last {
            self.last = now;
            self.since = Instant::now();
        }
    }

    pub(super) fn going(&self) -> bool {
        self.since.elapsed() < Self::STALL && self.began.elapsed() < Self::HANG_GUARD
    }
}

/// Waits for a snapshot satisfying `done` while the trainer makes [`Progress`].
pub(super) fn wait_for(
    trainer: &TrainerHandle,
    what: &str,
    done: impl Fn(&Snapshot) -> bool,
) -> Snapshot {
    let mut progress = Progress::new();
    let mut last = None;
    while progress.going() {
        if let Some(s) = trainer.wait_snapshot(Duration::from_millis(200)) {
            if done(&s) {
                return s;
            }
            progress.saw(&s);
            last = Some(s);
        }
    }
    let state = last.map(|s| {
        let steps: Vec<_> = s.models.iter().map(|v| (v.model, v.step)).collect();
        format!("playing {}, fresh {}, steps {steps:?}", s.stepping, s.fresh)
    });
    panic!("timed out waiting for {what}; last snapshot: {state:?}");
}

#[test]
fn first_snapshot_shows_the_untrained_model_with_everything_the_ui_draws() {
    let trainer = cpu_trainer(false);
    let snapshot = wait_for(&trainer, "the first snapshot", |_| true);
    assert!(!snapshot.stepping);
    assert_eq!(snapshot.data.len(), 24);
    assert_eq!(snapshot.models.len(), 1);
    let s = snapshot.focused().unwrap();
    assert_eq!(s.step, 0);
    assert_eq!(s.landscape.manifold.len(), 48);
    // The slide's untrained decoder: g(0) = (−1.5, 0).
    assert!(
        (s.landscape.manifold[0][0] + 1.5).abs() < 1e-6 && s.landscape.manifold[0][1].abs() < 1e-6
    );
    assert_eq!(
        s.landscape.free_energy.as_deref().unwrap().len(),
        GridSpec::DEFAULT.size.len()
    );
    assert!(
        s.landscape
            .free_energy
            .as_deref()
            .unwrap()
            .iter()
            .all(|v| v.is_finite() && *v >= 0.0)
    );
    assert_eq!(s.landscape.energy_arrows.len(), 24 * 16);
    assert_eq!(s.landscape.free_arrows.len(), 24 * 16);
    assert_eq!(s.landscape.beta_family.len(), 6);
    assert!(s.landscape.hot.is_empty());
    assert_eq!(snapshot.backend.kind, crate::backend::BackendKind::Cpu);
}

#[test]
fn step_command_runs_exactly_that_many_steps() {
    let trainer = cpu_trainer(false);
    wait_for(&trainer, "start", |_| true);
    trainer.send(Command::Step(10));
    let s = wait_for(&trainer, "10 steps", |s| s.min_step() >= 10 && !s.stepping);
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
    let paused = wait_for(&trainer, "paused", |s| !s.stepping).min_step();
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
                .is_some_and(|v| v.run == run && v.step == 150 && !s.stepping)
        });
        let v = s.focused().unwrap();
        results.push((v.params.clone(), v.landscape.free_energy.clone().unwrap()));
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
    assert_eq!(s.settings.beta, Beta::Finite(0.3));
    assert_eq!(s.focused().unwrap().landscape.beta, Beta::Finite(0.3));
    let deadline = Instant::now() + Duration::from_millis(500);
    while Instant::now() < deadline {
        if let Some(s) = trainer.wait_snapshot(Duration::from_millis(50)) {
            assert!(
                s.models
                    .iter()
                    .all(|v| v.landscape.beta == Beta::Finite(0.3))
            );
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
        ..Settings::default().hyper
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

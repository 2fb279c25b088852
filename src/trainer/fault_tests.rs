//! Faults injected into a running trainer: a step that panics, a lost GPU, a step that never
//! returns, a disk that is read-only, full or stalled. Each asserts what the user keeps.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::faults::{Faults, StepFault};
use super::trainer_tests::{Progress, wait_compiling, wait_first, wait_for};
use super::*;
use crate::backend::BackendChoice;
use crate::backend::BackendKind;
use crate::figure::{FigureRequest, Layout, Theme};
use crate::files::faults::{WriteFault, inject};
use crate::models::ModelId;
use crate::session::Session;
use crate::test_gate::Gate;

fn config(models: Vec<ModelId>, backend: BackendChoice) -> TrainerConfig {
    TrainerConfig::new(super::trainer_tests::fast_settings(&models, true), backend)
}

/// A trainer whose models fire `faults`.
fn spawn(mut config: TrainerConfig, faults: &Faults) -> TrainerHandle {
    config.factory = faults.factory();
    TrainerHandle::spawn(config, Arc::new(|| {})).unwrap()
}

fn step_of(s: &Snapshot, model: ModelId) -> u64 {
    s.view(model).map_or(0, |v| v.step)
}

/// Waits for the trainer thread to end; what its handle says. No stall limit: lavapipe may
/// compile shaders for minutes on a loaded machine with a cold cache, showing no progress.
fn wait_failed(trainer: &mut TrainerHandle, what: &str) -> String {
    let deadline = Instant::now() + Progress::HANG_GUARD;
    loop {
        assert!(Instant::now() < deadline, "{what} never ended the trainer");
        if let TrainerHealth::Failed(why) = trainer.health() {
            return why;
        }
        trainer.wait_snapshot(Duration::from_millis(50));
    }
}

/// The step a restarted model resumed from: its first loss since the restart (the mailbox
/// keeps every loss of a run until the UI takes them).
fn resumed_at(s: &Snapshot, model: ModelId) -> u64 {
    let view = s.view(model).unwrap();
    view.new_losses.first().map_or(view.step, |p| p.step)
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("energy-lab-faults-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The names in `dir`: a failed write must leave no temporary behind.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_panicking_step_names_the_model_and_a_restart_keeps_every_models_weights() {
    let faults = Faults::default();
    faults.inject(
        ModelId::Ae,
        600,
        StepFault::Panic("injected fault in a step"),
    );
    let mut config = config(vec![ModelId::Ellipse, ModelId::Ae], BackendChoice::Cpu);
    // Two seconds to the fault: the recovery point (every second) holds trained weights.
    config.settings.hyper.max_steps_per_sec = Some(300.0);
    let mut trainer = spawn(config, &faults);

    // The thread dies; health names the model and the step.
    let why = wait_failed(&mut trainer, "the injected panic");
    assert!(
        why.contains("Autoencoder failed at step 600") && why.contains("injected fault"),
        "{why}"
    );

    // Restart: both come back from the recovery point (a second old at most), not step 0.
    trainer.restart().unwrap();
    assert_eq!(trainer.health(), TrainerHealth::Running);
    let back = wait_for(&trainer, "the restarted trainer", |s| s.models.len() == 2);
    let ellipse_back = resumed_at(&back, ModelId::Ellipse);
    let ae_back = step_of(&back, ModelId::Ae);
    assert!(
        (150..=600).contains(&ellipse_back),
        "ellipse resumed at {ellipse_back}"
    );
    assert!(
        (150..600).contains(&ae_back),
        "autoencoder resumed at {ae_back}"
    );
    let ae = back.view(ModelId::Ae).unwrap();
    let card = ae.error.as_deref().unwrap_or_default();
    assert!(
        card.contains("Autoencoder failed at step 600") && card.contains("paused"),
        "{card}"
    );
    assert!(!ae.training);
    // The ellipse goes on training; the autoencoder waits for Play.
    let later = wait_for(&trainer, "the ellipse to train on", |s| {
        step_of(s, ModelId::Ellipse) > ellipse_back + 50
    });
    assert_eq!(step_of(&later, ModelId::Ae), ae_back);
    trainer.send(Command::Play);
    wait_for(&trainer, "the autoencoder to train again", |s| {
        step_of(s, ModelId::Ae) > ae_back + 10
    });
}

#[test]
fn a_lost_gpu_moves_training_to_the_cpu_from_the_last_weights() {
    let faults = Faults::default();
    faults.inject(ModelId::Ellipse, 300, StepFault::DeviceLost);
    // `wgpu` takes lavapipe when it is the only adapter (CI installs it for this test).
    let mut trainer = spawn(config(vec![ModelId::Ellipse], BackendChoice::Wgpu), &faults);
    let first = wait_first(&mut trainer);
    assert_eq!(
        first.backend.kind,
        BackendKind::Wgpu,
        "{}",
        first.backend.reason
    );

    // The first step compiles its shaders too; the fault is 300 steps later.
    wait_compiling(&mut trainer, |s| {
        step_of(s, ModelId::Ellipse) > 0 || s.backend.kind == BackendKind::Cpu
    });
    let mut progress = Progress::new();
    let on_cpu = loop {
        assert!(progress.going(), "training never moved to the CPU");
        assert_eq!(
            trainer.health(),
            TrainerHealth::Running,
            "the handle restarts by itself"
        );
        match trainer.wait_snapshot(Duration::from_millis(100)) {
            Some(s) if s.backend.kind == BackendKind::Cpu => break s,
            Some(s) => progress.saw(&s),
            None => {}
        }
    };
    assert_eq!(trainer.restarts(), 1);
    let reason = &on_cpu.backend.reason;
    assert!(
        reason.contains("the GPU failed") && reason.contains("DevicePoisoned"),
        "{reason}"
    );
    // Lavapipe's first step compiles shaders for ~20 s; then a step takes ~7 ms, so the
    // recovery point (every second) is at least one step in and at most at the fault.
    let resumed = resumed_at(&on_cpu, ModelId::Ellipse);
    assert!(resumed > 0 && resumed <= 300, "resumed at {resumed}");
    assert!(on_cpu.view(ModelId::Ellipse).unwrap().error.is_none());
    let later = wait_for(&trainer, "training on the CPU", |s| {
        step_of(s, ModelId::Ellipse) > resumed + 100
    });
    let view = later.view(ModelId::Ellipse).unwrap();
    assert!(view.new_losses.iter().all(|p| p.loss.is_finite()));
}

#[test]
fn closing_takes_under_two_seconds_while_a_step_is_stuck() {
    let gate = Arc::new(Gate::default());
    let faults = Faults::default();
    faults.inject(ModelId::Ellipse, 5, StepFault::Block(Arc::clone(&gate)));
    let mut trainer = spawn(config(vec![ModelId::Ellipse], BackendChoice::Cpu), &faults);
    assert!(
        gate.wait_entered(Duration::from_secs(60)),
        "the step never blocked"
    );
    let started = Instant::now();
    trainer.shutdown();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(2), "closing took {took:?}");
    assert!(trainer.is_joined());
    gate.open();
}

#[test]
fn closing_during_a_save_takes_under_two_seconds_and_keeps_the_old_file() {
    let dir = temp_dir("stalled-save");
    let path = dir.join("class.energylab");
    let mut trainer = spawn(
        config(vec![ModelId::Ellipse], BackendChoice::Cpu),
        &Faults::default(),
    );
    wait_for(&trainer, "training", |s| s.min_step() > 10);
    trainer.send(Command::SaveSession {
        path: path.clone(),
        view: serde_json::Value::Null,
        autosave: false,
    });
    assert!(matches!(
        trainer.wait_event(Duration::from_secs(30)),
        Some(Event::Saved { .. })
    ));
    let old = std::fs::read(&path).unwrap();

    let gate = Arc::new(Gate::default());
    let stall = inject(
        &dir,
        WriteFault::Stall {
            after: 100,
            gate: Arc::clone(&gate),
        },
    );
    trainer.send(Command::SaveSession {
        path: path.clone(),
        view: serde_json::Value::Null,
        autosave: true,
    });
    assert!(
        gate.wait_entered(Duration::from_secs(30)),
        "the save never started"
    );
    let started = Instant::now();
    trainer.shutdown();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(2), "closing took {took:?}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        old,
        "the old session is untouched"
    );
    assert!(Session::read(&path).is_ok());
    drop(stall);
    gate.open();
}

fn saved_session(trainer: &TrainerHandle, path: &Path) -> Result<(), String> {
    trainer.send(Command::SaveSession {
        path: path.to_owned(),
        view: serde_json::Value::Null,
        autosave: false,
    });
    match trainer.wait_event(Duration::from_secs(30)) {
        Some(Event::Saved { .. }) => Ok(()),
        Some(Event::Failed { message, .. }) => Err(message),
        other => panic!("unexpected {other:?}"),
    }
}

fn written_figure(trainer: &TrainerHandle, path: &Path) -> Result<(), String> {
    trainer.send(Command::Figure(FigureRequest {
        path: path.to_owned(),
        layout: Layout::Focused,
        view: Default::default(),
        field: Default::default(),
        size: Some((200, 150)),
        scale: 1,
        theme: Theme::Dark,
        colours: Default::default(),
    }));
    match trainer.wait_event(Duration::from_secs(60)) {
        Some(Event::FigureWritten { .. }) => Ok(()),
        Some(Event::Failed { message, .. }) => Err(message),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn sessions_and_figures_on_a_read_only_or_full_disk_fail_with_a_message_and_keep_old_files() {
    let dir = temp_dir("disk");
    let session = dir.join("run.energylab");
    let figure = dir.join("figure.png");
    let trainer = spawn(
        config(vec![ModelId::Ellipse], BackendChoice::Cpu),
        &Faults::default(),
    );
    wait_for(&trainer, "training", |s| s.min_step() > 10);
    saved_session(&trainer, &session).unwrap();
    written_figure(&trainer, &figure).unwrap();
    let (old_session, old_figure) = (
        std::fs::read(&session).unwrap(),
        std::fs::read(&figure).unwrap(),
    );

    for (fault, says) in [
        (WriteFault::ReadOnly, "Read-only file system"),
        (
            // Part-way through the smallest file (an ellipse-only session is ~800 bytes).
            WriteFault::DiskFull { after: 200 },
            "No space left on device",
        ),
    ] {
        let _fault = inject(&dir, fault);
        let e = saved_session(&trainer, &session).unwrap_err();
        assert!(e.contains(says) && e.contains("run.energylab"), "{e}");
        let e = written_figure(&trainer, &figure).unwrap_err();
        assert!(e.contains(says) && e.contains("figure.png"), "{e}");
        assert_eq!(std::fs::read(&session).unwrap(), old_session);
        assert_eq!(std::fs::read(&figure).unwrap(), old_figure);
        assert_eq!(names_in(&dir), ["figure.png", "run.energylab"]);
    }
    // The disk is back: saving works again and the trainer never stopped.
    saved_session(&trainer, &session).unwrap();
    assert!(Session::read(&session).is_ok());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn weights_that_blow_up_after_a_finite_loss_roll_back_before_any_view_shows_them() {
    let faults = Faults::default();
    faults.inject(ModelId::Ellipse, 30, StepFault::PoisonAfter);
    let mut config = config(vec![ModelId::Ellipse], BackendChoice::Cpu);
    config.settings.playing = false;
    let trainer = spawn(config, &faults);
    wait_for(&trainer, "the first snapshot", |_| true);
    // Steps 0..=30; the last one reports a finite loss and leaves NaN weights behind.
    trainer.send(Command::Step(31));
    let s = wait_for(&trainer, "the rollback", |s| {
        s.view(ModelId::Ellipse).is_some_and(|v| v.error.is_some())
    });
    let view = s.view(ModelId::Ellipse).unwrap();
    let error = view.error.as_deref().unwrap_or_default();
    assert!(
        error.contains("energy surface became non-finite at step 31")
            && error.contains("rolled back to step 25"),
        "{error}"
    );
    assert!(view.is_finite());
    assert!(view.step <= 31);
    let redrawn = wait_for(&trainer, "the view of the restored weights", |s| {
        s.view(ModelId::Ellipse).is_some_and(|v| v.step == 25)
    });
    assert!(redrawn.view(ModelId::Ellipse).unwrap().is_finite());
}

#[test]
fn a_headless_job_reports_a_lost_gpu_instead_of_restarting() {
    let faults = Faults::default();
    faults.inject(ModelId::Ellipse, 3, StepFault::DeviceLost);
    let mut trainer =
        spawn(config(vec![ModelId::Ellipse], BackendChoice::Wgpu), &faults).without_cpu_fallback();
    wait_first(&mut trainer);
    let why = wait_failed(&mut trainer, "the lost GPU");
    assert!(
        why.contains("the GPU stopped answering") && why.contains("DevicePoisoned"),
        "{why}"
    );
    assert_eq!(trainer.restarts(), 0);
}

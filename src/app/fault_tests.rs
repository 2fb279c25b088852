//! The window under trainer faults, driven through egui_kittest: a step that panics, a step
//! that never returns when the window closes, a disk that refuses a save.

use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::{AppOptions, EnergyLabApp, Outcome};
use crate::backend::BackendChoice;
use crate::files::faults::{WriteFault, inject};
use crate::models::ModelId;
use crate::settings::Settings;
use crate::test_gate::Gate;
use crate::trainer::TrainerHandle;
use crate::trainer::faults::{Faults, StepFault};

fn app(models: Vec<ModelId>, faults: &Faults) -> EnergyLabApp {
    let options = AppOptions {
        settings: Settings::default().with_models(&models),
        backend: BackendChoice::Cpu,
        ..AppOptions::default()
    };
    let mut config = EnergyLabApp::trainer_config(&options);
    config.factory = faults.factory();
    let trainer = TrainerHandle::spawn(config, Arc::new(|| {})).unwrap();
    EnergyLabApp::with_trainer(trainer, options, Outcome::default())
}

fn harness(app: EnergyLabApp) -> Harness<'static, EnergyLabApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .with_context_setup(super::setup_context)
        .build_ui_state(|ui, app: &mut EnergyLabApp| app.ui(ui), app)
}

/// How long a wait may go without the trainer showing progress (a new step, command or
/// backend in its snapshots) before the test fails: a slow machine only makes progress
/// slower, a stuck trainer makes none.
const STALL: Duration = Duration::from_secs(60);
/// A guard against a wait that progresses forever without reaching its goal.
const HANG_GUARD: Duration = Duration::from_secs(600);

/// What changes while the trainer lives and works.
fn progress(app: &EnergyLabApp) -> Option<(u64, u64, String)> {
    app.latest().map(|s| {
        let steps = s.models.iter().map(|m| m.step).sum();
        (s.commands_applied, steps, format!("{:?}", s.backend.kind))
    })
}

/// Steps real frames until `done` holds, for as long as the trainer makes progress. Returns
/// the slowest frame's build time.
fn step_until(
    harness: &mut Harness<'_, EnergyLabApp>,
    what: &str,
    done: impl Fn(&EnergyLabApp) -> bool,
) -> Duration {
    let began = Instant::now();
    let mut last = (progress(harness.state()), Instant::now());
    let mut slowest = Duration::ZERO;
    while last.1.elapsed() < STALL && began.elapsed() < HANG_GUARD {
        let started = Instant::now();
        harness.step();
        slowest = slowest.max(started.elapsed());
        if done(harness.state()) {
            return slowest;
        }
        let now = progress(harness.state());
        if now != last.0 {
            last = (now, Instant::now());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("no progress towards {what} for {STALL:?}");
}

/// Steps frames until `done`, however long the trainer takes while it lives: for the phases
/// where lavapipe compiles its first shaders (minutes with a cold cache on a busy machine);
/// after them a step takes milliseconds and `step_until` waits on progress.
fn step_while_compiling(
    harness: &mut Harness<'_, EnergyLabApp>,
    done: impl Fn(&EnergyLabApp) -> bool,
) {
    while !done(harness.state()) {
        assert!(
            !harness.state().trainer_failed(),
            "the trainer failed while compiling its shaders"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn step_of(app: &EnergyLabApp, model: ModelId) -> u64 {
    app.latest()
        .and_then(|s| s.view(model))
        .map_or(0, |v| v.step)
}

#[test]
fn a_trainer_panic_shows_the_model_and_restart_brings_every_model_back() {
    let faults = Faults::default();
    faults.inject(
        ModelId::Ae,
        400,
        StepFault::Panic("injected fault in a step"),
    );
    let mut harness = harness(app(vec![ModelId::Ellipse, ModelId::Ae], &faults));
    // The default speed limit (150 steps/s) gives the recovery point time to hold weights.
    let slowest = step_until(&mut harness, "the trainer to fail", |a| a.trainer_failed());
    assert!(slowest < Duration::from_secs(1), "a frame took {slowest:?}");
    // The window still runs, and says which model failed and what to do.
    for _ in 0..5 {
        harness.step();
    }
    let said = harness
        .query_all_by_label_contains("Autoencoder failed at step 400")
        .count();
    assert!(said >= 1, "the failure names the model");
    let before = step_of(harness.state(), ModelId::Ellipse);

    harness.get_by_label("Restart trainer").click();
    step_until(&mut harness, "the restarted trainer", |a| {
        !a.trainer_failed() && step_of(a, ModelId::Ellipse) > before
    });
    assert!(harness.query_by_label("Restart trainer").is_none());
    let ae = step_of(harness.state(), ModelId::Ae);
    assert!(
        ae > 0 && ae < 400,
        "the autoencoder is back at {ae}, not at 0"
    );
    let card = harness
        .state()
        .latest()
        .and_then(|s| s.view(ModelId::Ae))
        .and_then(|v| v.error.clone())
        .unwrap_or_default();
    assert!(card.contains("paused"), "{card}");
}

#[test]
fn closing_the_window_while_the_trainer_is_stuck_takes_under_two_seconds() {
    let gate = Arc::new(Gate::default());
    let faults = Faults::default();
    faults.inject(ModelId::Ellipse, 20, StepFault::Block(Arc::clone(&gate)));
    let dir = std::env::temp_dir().join(format!("energy-lab-exit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let autosave = dir.join("autosave.energylab");
    let mut app = app(vec![ModelId::Ellipse], &faults);
    app.panels.files.autosave = Some(autosave.clone());
    let mut harness = harness(app);
    assert!(
        gate.wait_entered(Duration::from_secs(60)),
        "the step never blocked"
    );
    harness.step();
    let started = Instant::now();
    eframe::App::on_exit(harness.state_mut(), None);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(2), "closing took {took:?}");
    // The trainer could not write the autosave: no file, rather than half of one.
    assert!(!autosave.exists());
    gate.open();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_refused_save_says_why_in_the_window_and_training_goes_on() {
    let dir = std::env::temp_dir().join(format!("energy-lab-refused-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut harness = harness(app(vec![ModelId::Ellipse], &Faults::default()));
    step_until(&mut harness, "training", |a| {
        step_of(a, ModelId::Ellipse) > 5
    });
    let _read_only = inject(&dir, WriteFault::ReadOnly);
    harness
        .state_mut()
        .save_session(dir.join("lesson.energylab"));
    step_until(&mut harness, "the message", |a| {
        a.message()
            .is_some_and(|(text, error)| *error && text.contains("Read-only file system"))
    });
    assert_eq!(
        harness.query_all_by_label_contains("save failed").count(),
        1,
        "the status bar shows it"
    );
    let at = step_of(harness.state(), ModelId::Ellipse);
    step_until(&mut harness, "training to go on", |a| {
        step_of(a, ModelId::Ellipse) > at + 20
    });
    assert!(!dir.join("lesson.energylab").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_lost_gpu_is_announced_in_the_window_and_training_goes_on_on_the_cpu() {
    let faults = Faults::default();
    faults.inject(ModelId::Ellipse, 100, StepFault::DeviceLost);
    let options = AppOptions {
        settings: Settings::default().with_models(&[ModelId::Ellipse]),
        backend: BackendChoice::Wgpu,
        ..AppOptions::default()
    };
    let mut config = EnergyLabApp::trainer_config(&options);
    config.factory = faults.factory();
    let trainer = TrainerHandle::spawn(config, Arc::new(|| {})).unwrap();
    let mut harness = harness(EnergyLabApp::with_trainer(
        trainer,
        options,
        Outcome::default(),
    ));
    // The first views, then the first step, each compile their shaders.
    step_while_compiling(&mut harness, |a| a.latest().is_some());
    step_while_compiling(&mut harness, |a| step_of(a, ModelId::Ellipse) > 0);
    step_until(&mut harness, "the GPU", |a| {
        a.latest()
            .is_some_and(|s| s.backend.kind == crate::backend::BackendKind::Wgpu)
    });
    step_until(&mut harness, "the move to the CPU", |a| {
        a.latest()
            .is_some_and(|s| s.backend.kind == crate::backend::BackendKind::Cpu)
    });
    harness.step();
    assert!(
        !harness.state().trainer_failed(),
        "no button to press: it restarted"
    );
    let (text, _) = harness.state().message().cloned().unwrap_or_default();
    assert!(text.contains("the GPU failed"), "{text}");
    assert!(
        harness
            .query_all_by_label_contains("the GPU failed")
            .count()
            >= 1
    );
    let at = step_of(harness.state(), ModelId::Ellipse);
    step_until(&mut harness, "training on the CPU", |a| {
        step_of(a, ModelId::Ellipse) > at + 20
    });
}

#[test]
fn a_diverging_models_card_says_what_happened_and_offers_the_ways_on() {
    let faults = Faults::default();
    faults.inject(ModelId::Ellipse, 30, StepFault::PoisonAfter);
    let mut harness = harness(app(vec![ModelId::Ellipse], &faults));
    step_until(&mut harness, "the rollback", |a| {
        a.latest()
            .and_then(|s| s.view(ModelId::Ellipse))
            .is_some_and(|v| v.error.is_some())
    });
    harness.step();
    // The card (and the status bar) say it; the heatmap never saw a NaN.
    assert!(
        harness
            .query_all_by_label_contains("rolled back to step 25")
            .count()
            >= 2
    );
    assert!(
        harness
            .state()
            .latest()
            .unwrap()
            .models
            .iter()
            .all(|v| v.is_finite())
    );
    harness.get_by_label("Train again").click();
    step_until(&mut harness, "training again", |a| {
        step_of(a, ModelId::Ellipse) > 40
    });
}

//! The real app state driven through egui_kittest: the β slider and the play/pause button.

use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use energy_lab::app::{AppOptions, EnergyLabApp, Outcome};
use energy_lab::backend::BackendChoice;
use energy_lab::energy::Beta;
use energy_lab::trainer::TrainerHandle;

fn app() -> EnergyLabApp {
    let options = AppOptions {
        backend: BackendChoice::Cpu,
        ..AppOptions::default()
    };
    let trainer =
        TrainerHandle::spawn(EnergyLabApp::trainer_config(&options), Arc::new(|| {})).unwrap();
    EnergyLabApp::with_trainer(trainer, options, Outcome::default())
}

/// Steps the harness (real frames, real trainer thread) until `done` holds; 60 s at most.
fn step_until(
    harness: &mut Harness<'_, EnergyLabApp>,
    what: &str,
    done: impl Fn(&EnergyLabApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        harness.step();
        if done(harness.state()) {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("timed out waiting for {what}");
}

#[test]
fn dragging_beta_redraws_the_surface_and_play_pause_drive_the_trainer() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(energy_lab::app::setup_context)
        .build_ui_state(|ui, app: &mut EnergyLabApp| app.ui(ui), app());
    step_until(&mut harness, "the first surface", |a| a.latest().is_some());

    // Pause: the trainer stops stepping.
    harness.get_by_label("Pause").click();
    step_until(&mut harness, "pause", |a| {
        a.latest().is_some_and(|s| !s.playing)
    });
    assert!(!harness.state().settings.playing);
    let paused_at = harness.state().latest().map(|s| s.step);
    for _ in 0..20 {
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(harness.state().latest().map(|s| s.step), paused_at);

    // Drag the β slider from the hot end to the ∞ stop.
    let before = harness.state().heatmap().fingerprint();
    assert_eq!(harness.state().settings.beta, Beta::Finite(1.0));
    let rail = harness
        .get_by_role_and_label(egui::accesskit::Role::Slider, "β")
        .rect();
    let from = egui::pos2(rail.left() + 10.0, rail.center().y);
    let to = egui::pos2(rail.right() + 40.0, rail.center().y);
    harness.drag_at(from);
    harness.step();
    harness.hover_at(to);
    harness.step();
    harness.drop_at(to);
    step_until(&mut harness, "the surface at β = ∞", |a| {
        a.latest().is_some_and(|s| s.energy.beta == Beta::Infinite)
    });
    assert_eq!(harness.state().settings.beta, Beta::Infinite);
    assert_ne!(
        harness.state().heatmap().fingerprint(),
        before,
        "the drawn surface changed"
    );
    // The latency is measured (the status bar shows it; `energy-lab bench` will report its
    // percentiles) — timing targets do not belong in a unit test on a shared CI machine.
    let latency = harness.state().beta_latency_ms().unwrap();
    eprintln!("β→surface latency: {latency:.1} ms");
    assert!(latency.is_finite() && latency > 0.0);

    // The surface selector. (At β = ∞ the ellipse's native energy F_∞ equals F_β, so the
    // density — all mass on the minima — is the view that must look different.)
    let free = harness.state().heatmap().fingerprint();
    harness.get_by_label("surface").click();
    for _ in 0..3 {
        harness.step();
    }
    harness.get_by_label("density e^(−βF)/Z").click();
    for _ in 0..3 {
        harness.step();
    }
    assert_eq!(
        harness.state().settings.view,
        energy_lab::app::surface_view::SurfaceView::Density
    );
    assert_ne!(
        harness.state().heatmap().fingerprint(),
        free,
        "the density is drawn"
    );

    // Play: steps resume.
    harness.get_by_label("Play").click();
    let from_step = paused_at.unwrap_or(0);
    step_until(&mut harness, "steps after play", |a| {
        a.latest().is_some_and(|s| s.step > from_step + 10)
    });
    assert!(harness.state().settings.playing);
    assert!(!harness.state().loss_history().is_empty());
}

//! The real app state driven through egui_kittest: the β slider, play/pause, the surface
//! selector, and several models trained side by side.

use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use energy_lab::app::{AppOptions, EnergyLabApp, Outcome};
use energy_lab::backend::BackendChoice;
use energy_lab::energy::Beta;
use energy_lab::models::ModelId;
use energy_lab::settings::Settings;
use energy_lab::trainer::TrainerHandle;

mod contrastive;
mod inference;
mod lessons;
mod three_d;

fn app() -> EnergyLabApp {
    app_with(vec![ModelId::Ellipse])
}

fn app_with(models: Vec<ModelId>) -> EnergyLabApp {
    let options = AppOptions {
        settings: Settings::default().with_models(&models),
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
        // Tall enough that the left panel's View section is on screen without scrolling.
        .with_size(egui::vec2(1280.0, 1100.0))
        .with_context_setup(energy_lab::app::setup_context)
        .build_ui_state(|ui, app: &mut EnergyLabApp| app.ui(ui), app());
    step_until(&mut harness, "the first surface", |a| a.latest().is_some());

    // Pause: the trainer stops stepping.
    harness.get_by_label("Pause").click();
    step_until(&mut harness, "pause", |a| {
        a.latest().is_some_and(|s| !s.stepping)
    });
    assert!(!harness.state().settings.playing);
    let paused_at = harness.state().latest().map(|s| s.min_step());
    for _ in 0..20 {
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(harness.state().latest().map(|s| s.min_step()), paused_at);

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
        a.latest()
            .is_some_and(|s| s.settings.beta == Beta::Infinite)
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
    harness.get_by_label("Gibbs density e^(−β·E)/Z").click();
    for _ in 0..3 {
        harness.step();
    }
    assert_eq!(
        harness.state().view.surface,
        energy_lab::landscape::surface::SurfaceView::Density
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
        a.latest().is_some_and(|s| s.min_step() > from_step + 10)
    });
    assert!(harness.state().settings.playing);
    assert!(!harness.state().loss_history().is_empty());
}

/// The steps of `model` in the latest snapshot (0 when it is not there).
fn steps(app: &EnergyLabApp, model: ModelId) -> u64 {
    app.latest()
        .and_then(|s| s.view(model))
        .map_or(0, |v| v.step)
}

#[test]
fn two_models_train_side_by_side_toggle_and_take_live_hyper_parameters() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_context_setup(energy_lab::app::setup_context)
        .build_ui_state(|ui, app: &mut EnergyLabApp| app.ui(ui), app());
    step_until(&mut harness, "the first surface", |a| a.latest().is_some());

    // Enable the DAE beside the ellipse: both train, both are drawn.
    harness.get_by_label("Denoising AE").click();
    step_until(&mut harness, "both models training", |a| {
        steps(a, ModelId::Dae) > 5 && steps(a, ModelId::Ellipse) > 5
    });
    assert_eq!(
        harness.state().settings.enabled,
        vec![ModelId::Ellipse, ModelId::Dae]
    );
    harness.step();
    assert!(harness.state().heatmap_of(ModelId::Dae).texture().is_some());
    assert!(
        harness
            .state()
            .heatmap_of(ModelId::Ellipse)
            .texture()
            .is_some()
    );
    // The newly enabled model is focused; its card shows its recipe and its σ knob.
    assert_eq!(harness.state().settings.focus, ModelId::Dae);
    harness.get_by_label(ModelId::Dae.spec().recipe);

    // Toggle the ellipse off: it stops, keeps its steps; on again: it resumes from there.
    let ellipse_before = steps(harness.state(), ModelId::Ellipse);
    harness.get_by_label("Ellipse LV-EBM").click();
    step_until(&mut harness, "the ellipse paused", |a| {
        a.latest()
            .is_some_and(|s| s.view(ModelId::Ellipse).is_none())
    });
    let dae_before = steps(harness.state(), ModelId::Dae);
    step_until(&mut harness, "the DAE alone", |a| {
        steps(a, ModelId::Dae) > dae_before + 10
    });
    harness.get_by_label("Ellipse LV-EBM").click();
    step_until(&mut harness, "the ellipse back", |a| {
        steps(a, ModelId::Ellipse) > ellipse_before + 5
    });

    // Ticking the ellipse again drew it large; the DAE's focus button brings its card back.
    assert_eq!(harness.state().settings.focus, ModelId::Ellipse);
    harness.get_by_label("○").click();
    step_until(&mut harness, "the DAE focused", |a| {
        a.latest().is_some_and(|s| s.settings.focus == ModelId::Dae)
    });

    // A live hyper-parameter: σ of the DAE, through the slider's accessibility action.
    let sigma = |a: &EnergyLabApp| {
        a.latest()
            .and_then(|s| s.view(ModelId::Dae))
            .and_then(|v| v.params.iter().find(|(k, _)| *k == "sigma").map(|p| p.1))
    };
    assert_eq!(sigma(harness.state()), Some(0.3));
    harness
        .get_by_role_and_label(egui::accesskit::Role::Slider, "σ (noise)")
        .set_value_accesskit(0.6);
    step_until(&mut harness, "σ = 0.6 in the trainer", |a| {
        sigma(a).is_some_and(|s| (s - 0.6).abs() < 1e-6)
    });
    let (e, d) = (
        steps(harness.state(), ModelId::Ellipse),
        steps(harness.state(), ModelId::Dae),
    );
    step_until(&mut harness, "both still training", |a| {
        steps(a, ModelId::Ellipse) > e + 10 && steps(a, ModelId::Dae) > d + 10
    });
    let run = |a: &EnergyLabApp, m| a.latest().and_then(|s| s.view(m)).map(|v| v.run);
    assert_eq!(
        run(harness.state(), ModelId::Dae),
        Some(0),
        "a live change never resets"
    );
    assert_eq!(run(harness.state(), ModelId::Ellipse), Some(0));

    // The ellipse's focus button in the model list: it becomes the large plot.
    harness.get_by_label("○").click();
    step_until(&mut harness, "the ellipse focused", |a| {
        a.latest()
            .is_some_and(|s| s.settings.focus == ModelId::Ellipse)
    });
    assert!(harness.state().frame_ms() > 0.0);
}

#[test]
fn switching_data_and_drawing_points_while_three_models_train() {
    use energy_lab::data::DataSource;
    use energy_lab::data::sets::{SetKind, SetSpec};
    use energy_lab::energy::{Extent, GridSpec};

    let models = vec![ModelId::Ellipse, ModelId::Ae, ModelId::Dae];
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .with_context_setup(energy_lab::app::setup_context)
        .build_ui_state(
            |ui, app: &mut EnergyLabApp| app.ui(ui),
            app_with(models.clone()),
        );
    step_until(&mut harness, "three models training", |a| {
        a.latest()
            .is_some_and(|s| s.models.len() == 3 && s.min_step() >= 5)
    });

    // Pick the 8-Gaussian mixture: every model trains on it, and the grid fits it (it reaches
    // past the course's view).
    harness.get_by_label("data set").click();
    harness.run_steps(2);
    harness.get_by_label("Mixture of 8 Gaussians").click();
    let mixture = SetSpec::new(SetKind::Mixture).generate(0);
    step_until(&mut harness, "the mixture in the trainer", |a| {
        a.latest().is_some_and(|s| *s.data == *mixture)
    });
    let at_switch: Vec<u64> = models.iter().map(|m| steps(harness.state(), *m)).collect();
    step_until(&mut harness, "every model training on the mixture", |a| {
        models
            .iter()
            .zip(&at_switch)
            .all(|(m, s)| steps(a, *m) >= s + 10)
    });
    assert_eq!(
        harness.state().grid(),
        GridSpec::fitted(Extent::around(&mixture))
    );
    assert_ne!(harness.state().grid().extent, Extent::COURSE);

    // Draw mode: drag across the plot; new points land under the pointer's path.
    harness.get_by_label("Draw on the plot").click();
    harness.run_steps(2);
    let (from, to) = ([-1.0f32, 1.2], [1.0f32, 1.2]);
    let screen = |a: &EnergyLabApp, p| a.plot_from_data(p).expect("the focused plot is drawn");
    let (from_px, to_px) = (screen(harness.state(), from), screen(harness.state(), to));
    harness.drag_at(from_px);
    for k in 1..=10 {
        harness.hover_at(from_px + (to_px - from_px) * (k as f32 / 10.0));
        harness.step();
    }
    harness.drop_at(to_px);
    harness.step();
    let DataSource::Points { points, .. } = &harness.state().settings.data else {
        panic!("drawing makes the data the user's own points");
    };
    let added: Vec<[f32; 2]> = points[mixture.len()..].to_vec();
    assert_eq!(
        &points[..mixture.len()],
        &mixture[..],
        "drawing keeps the old points"
    );
    assert!(added.len() >= 10, "only {} points sprayed", added.len());
    let brush = 0.15 + 0.05; // the default brush, plus a pixel or two of pointer rounding
    for p in &added {
        assert!((p[1] - 1.2).abs() <= brush, "{p:?} is off the stroke");
        assert!(
            (-1.0 - brush..=1.0 + brush).contains(&p[0]),
            "{p:?} is off the stroke"
        );
    }
    let drawn = points.len();
    step_until(&mut harness, "the trainer on the drawn points", |a| {
        a.latest().is_some_and(|s| s.data.len() == drawn)
    });

    // Ctrl+Z removes the stroke: back to the mixture.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.step();
    let back = harness.state().settings.data.points(0);
    assert_eq!(back, mixture);
    step_until(&mut harness, "the mixture again", |a| {
        a.latest().is_some_and(|s| *s.data == *mixture)
    });
}

/// A value set on the command line (or by `set_param`) beyond a slider's range is shown, kept
/// and trained with: the slider never clamps it behind the user's back.
#[test]
fn values_beyond_a_sliders_range_are_kept() {
    let mut settings = Settings::default().with_models(&[ModelId::Gan]);
    settings.hyper.learning_rate = 10.0;
    let options = AppOptions {
        settings,
        backend: BackendChoice::Cpu,
        ..AppOptions::default()
    };
    let trainer =
        TrainerHandle::spawn(EnergyLabApp::trainer_config(&options), Arc::new(|| {})).unwrap();
    let app = EnergyLabApp::with_trainer(trainer, options, Outcome::default());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1100.0))
        .with_context_setup(energy_lab::app::setup_context)
        .build_ui_state(|ui, app: &mut EnergyLabApp| app.ui(ui), app);
    step_until(&mut harness, "the first snapshot", |a| a.latest().is_some());
    harness.state_mut().set_param(ModelId::Gan, "margin", 1e6);
    let margin = |a: &EnergyLabApp| {
        a.latest()
            .and_then(|s| s.view(ModelId::Gan))
            .and_then(|v| v.params.iter().find(|(k, _)| *k == "margin").map(|p| p.1))
    };
    step_until(&mut harness, "the margin", |a| margin(a) == Some(1e6));
    for _ in 0..30 {
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    let app = harness.state();
    assert_eq!(app.settings.hyper.learning_rate, 10.0);
    assert_eq!(
        app.latest().map(|s| s.settings.hyper.learning_rate),
        Some(10.0)
    );
    assert_eq!(margin(app), Some(1e6));
}

/// Each plot names the function it shows, and β means one thing per model: the GAN's plot is
/// its cost net C(y), whose loss has no β, so it cannot train at a temperature; the ellipse's
/// is F_β, which can.
#[test]
fn the_plot_names_its_function_and_temperature_is_a_latents() {
    use egui_kittest::kittest::NodeT;
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 1100.0))
        .with_context_setup(energy_lab::app::setup_context)
        .build_ui_state(
            |ui, app: &mut EnergyLabApp| app.ui(ui),
            app_with(vec![ModelId::Gan, ModelId::Ellipse]),
        );
    step_until(&mut harness, "the GAN's surface", |a| {
        a.latest().is_some_and(|s| s.view(ModelId::Gan).is_some())
    });
    harness.step();
    assert!(harness.query_by_label_contains("C(y), cost net").is_some());
    let disabled = |h: &Harness<'_, EnergyLabApp>| {
        h.get_by_label("train at this temperature")
            .accesskit_node()
            .is_disabled()
    };
    assert!(disabled(&harness), "the GAN has no latent to marginalise");
    harness.state_mut().set_focus(ModelId::Ellipse);
    step_until(&mut harness, "the ellipse's surface", |a| {
        a.latest()
            .is_some_and(|s| s.view(ModelId::Ellipse).is_some())
    });
    harness.step();
    assert!(
        harness
            .query_by_label_contains("F_β(y), free energy over the 48-point latent grid, β = 1")
            .is_some()
    );
    assert!(!disabled(&harness), "the LV-EBM trains at its temperature");
}

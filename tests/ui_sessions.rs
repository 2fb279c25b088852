//! Sessions and figures from the window, through egui_kittest with the real trainer thread.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use energy_lab::app::{AppOptions, EnergyLabApp, Outcome};
use energy_lab::backend::BackendChoice;
use energy_lab::energy::Beta;
use energy_lab::models::ModelId;
use energy_lab::trainer::TrainerHandle;

fn app_with(models: Vec<ModelId>, offer: Option<PathBuf>) -> EnergyLabApp {
    let options = AppOptions {
        models,
        backend: BackendChoice::Cpu,
        offer,
        ..AppOptions::default()
    };
    let trainer =
        TrainerHandle::spawn(EnergyLabApp::trainer_config(&options), Arc::new(|| {})).unwrap();
    EnergyLabApp::with_trainer(trainer, options, Outcome::default())
}

fn harness(app: EnergyLabApp) -> Harness<'static, EnergyLabApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 1400.0))
        .with_context_setup(energy_lab::app::setup_context)
        .build_ui_state(|ui, app: &mut EnergyLabApp| app.ui(ui), app)
}

fn step_until(
    harness: &mut Harness<'_, EnergyLabApp>,
    what: &str,
    done: impl Fn(&EnergyLabApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(90);
    while Instant::now() < deadline {
        harness.step();
        if done(harness.state()) {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!(
        "timed out waiting for {what}: {:?}",
        harness.state().message()
    );
}

fn says(app: &EnergyLabApp, text: &str) -> bool {
    app.message().is_some_and(|(m, _)| m.contains(text))
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("energy-lab-ui-sessions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn save_change_open_restores_the_session_and_a_bad_file_changes_nothing() {
    let dir = scratch();
    let path = dir.join("lesson.energylab");
    let mut h = harness(app_with(vec![ModelId::Ellipse, ModelId::Ae], None));
    step_until(&mut h, "some training", |a| {
        a.latest().is_some_and(|s| s.min_step() >= 20)
    });
    h.state_mut().set_beta(Beta::Finite(3.2));
    h.state_mut().save_session(path.clone());
    step_until(&mut h, "the save", |a| says(a, "saved"));

    // Change everything, then open the file again.
    h.state_mut().set_beta(Beta::Finite(0.1));
    h.state_mut().set_enabled(ModelId::Gan, true);
    step_until(&mut h, "the GAN", |a| {
        a.latest().is_some_and(|s| s.view(ModelId::Gan).is_some())
    });
    h.state_mut().open_session(path.clone());
    step_until(&mut h, "the load", |a| says(a, "opened"));
    let app = h.state();
    assert_eq!(app.settings.enabled, vec![ModelId::Ellipse, ModelId::Ae]);
    assert_eq!(app.settings.beta, Beta::Finite(3.2));
    step_until(&mut h, "the loaded models drawn", |a| {
        a.latest()
            .is_some_and(|s| s.models.len() == 2 && s.beta == Beta::Finite(3.2))
    });

    std::fs::write(dir.join("junk.energylab"), b"junk").unwrap();
    h.state_mut().open_session(dir.join("junk.energylab"));
    step_until(&mut h, "the refusal", |a| says(a, "open failed"));
    assert!(says(h.state(), "not an energy-lab session"));
    assert_eq!(
        h.state().settings.enabled,
        vec![ModelId::Ellipse, ModelId::Ae]
    );

    // The figure export of the focused plot, written by the trainer thread.
    let png = dir.join("focused.png");
    let choice = Default::default();
    h.state_mut().export_figure(png.clone(), choice);
    step_until(&mut h, "the figure", |a| says(a, "figure saved"));
    let img = image::open(&png).unwrap();
    assert_eq!((img.width(), img.height()), (1280, 880), "2× by default");
}

#[test]
fn the_window_offers_the_last_autosave_and_continues_from_it() {
    let dir = scratch();
    let path = dir.join("autosave.energylab");
    let mut h = harness(app_with(vec![ModelId::Dae], None));
    step_until(&mut h, "training", |a| {
        a.latest().is_some_and(|s| s.min_step() >= 10)
    });
    h.state_mut().save_session(path.clone());
    step_until(&mut h, "the save", |a| says(a, "saved"));
    drop(h);

    let mut h = harness(app_with(vec![ModelId::Ellipse], Some(path)));
    h.step();
    h.get_by_label("Continue").click();
    step_until(&mut h, "the load", |a| says(a, "opened"));
    assert_eq!(h.state().settings.enabled, vec![ModelId::Dae]);
    step_until(&mut h, "the DAE continuing", |a| {
        a.latest()
            .and_then(|s| s.view(ModelId::Dae))
            .is_some_and(|v| v.step >= 10)
    });
}

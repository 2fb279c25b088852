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
use energy_lab::settings::Settings;
use energy_lab::trainer::TrainerHandle;

fn app_with(models: Vec<ModelId>, offer: Option<PathBuf>) -> EnergyLabApp {
    app_from(AppOptions {
        settings: Settings::default().with_models(&models),
        offer,
        ..AppOptions::default()
    })
}

/// A window with its own trainer thread, always on the CPU backend.
fn app_from(options: AppOptions) -> EnergyLabApp {
    let options = AppOptions {
        backend: BackendChoice::Cpu,
        ..options
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
            .is_some_and(|s| s.models.len() == 2 && s.settings.beta == Beta::Finite(3.2))
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

/// eframe's storage, in memory.
#[derive(Default)]
struct MemoryStorage(std::collections::HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn exit_autosaves_and_the_ui_settings_come_back_from_eframe_storage() {
    let dir = scratch();
    let autosave = dir.join("on-exit.energylab");
    let mut h = harness(app_from(AppOptions {
        settings: Settings::default().with_models(&[ModelId::Ellipse, ModelId::Ae]),
        autosave: Some(autosave.clone()),
        ..AppOptions::default()
    }));
    step_until(&mut h, "training", |a| {
        a.latest().is_some_and(|s| s.min_step() >= 5)
    });
    assert!(h.state().view.dark);
    h.get_by_label("dark background").click();
    h.step();
    assert!(!h.state().view.dark, "the toggle turned the light theme on");

    let mut storage = MemoryStorage::default();
    eframe::App::save(h.state_mut(), &mut storage);
    eframe::App::on_exit(h.state_mut(), None);

    // On exit the whole session went to the autosave file, both models at their steps.
    let saved = energy_lab::session::Session::read(&autosave).unwrap();
    let models: Vec<_> = saved
        .models
        .iter()
        .map(|s| (s.model, s.step >= 5))
        .collect();
    assert_eq!(models, vec![(ModelId::Ellipse, true), (ModelId::Ae, true)]);

    // The next start reads the UI settings back.
    let stored: energy_lab::app::persist::PersistedUi =
        eframe::get_value(&storage, eframe::APP_KEY).unwrap();
    assert_eq!(stored.models, vec![ModelId::Ellipse, ModelId::Ae]);
    assert!(!stored.view.dark);
    let mut next = app_with(vec![ModelId::Gan], None);
    assert!(next.view.dark);
    next.restore_view(&stored);
    assert_eq!(next.persisted().view, stored.view);
    assert!(!next.view.dark);

    // `energy-lab --session FILE` opens the file at start.
    let mut h = harness(app_from(AppOptions {
        settings: Settings::default().with_models(&[ModelId::Gan]),
        session: Some(autosave),
        ..AppOptions::default()
    }));
    step_until(&mut h, "the session", |a| says(a, "opened"));
    assert_eq!(
        h.state().settings.enabled,
        vec![ModelId::Ellipse, ModelId::Ae]
    );
}

#[test]
fn csv_export_writes_the_grid_the_data_and_the_hot_points() {
    let dir = scratch().join("csv");
    let mut h = harness(app_with(vec![ModelId::Gan], None));
    step_until(&mut h, "training", |a| {
        a.latest().is_some_and(|s| s.min_step() >= 5)
    });
    // Paused, so that the exported grid is the one drawn: the trainer writes the files.
    h.state_mut().set_playing(false);
    step_until(&mut h, "the pause", |a| {
        a.latest().is_some_and(|s| !s.stepping && s.fresh)
    });
    h.state_mut().export_csv(&dir);
    step_until(&mut h, "the CSV files", |a| says(a, "CSV saved"));
    let snapshot = h.state().latest().unwrap();
    let view = snapshot.focused().unwrap();
    let read = |part: &str| -> Vec<String> {
        let file = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().ends_with(&format!("-{part}.csv")))
            .unwrap_or_else(|| panic!("no {part} file"));
        std::fs::read_to_string(file)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    };
    let grid = read("grid");
    let size = view.landscape.grid.size;
    // One layout for the window and `energy-lab export`.
    assert_eq!(grid[0], "y1,y2,energy,f_beta,f_inf,surface,gy1,gy2");
    assert_eq!(grid.len(), 1 + size.width * size.height);
    let first: Vec<f32> = grid[1].split(',').map(|v| v.parse().unwrap()).collect();
    assert_eq!(first[0], view.landscape.grid.extent.y1.0);
    assert_eq!(first[1], view.landscape.grid.extent.y2.0);
    assert_eq!(first[2], view.landscape.energy[0]);
    assert_eq!(first[3], view.landscape.free_energy.as_deref().unwrap()[0]);
    // The window's surface (the GAN's own energy C by default) and −∇C beside it.
    assert_eq!(first[5], view.landscape.energy[0]);
    assert!(grid[1..].iter().all(|row| {
        row.split(',')
            .all(|v| v.parse::<f32>().is_ok_and(f32::is_finite))
    }));
    assert_eq!(read("data").len(), 1 + snapshot.data.len());
    assert!(!view.landscape.hot.is_empty());
    assert_eq!(read("hot").len(), 1 + view.landscape.hot.len());
}

//! The window under egui_kittest with a real trainer thread (CPU, the autoencoder alone):
//! the harness and the waits the window tests share.

use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::Harness;

use super::dialogs::FileKind;
use super::{AppOptions, EnergyLabApp, Outcome};
use crate::backend::BackendChoice;
use crate::models::ModelId;
use crate::settings::Settings;
use crate::trainer::TrainerHandle;

/// The whole window at 1280 × 900, the autoencoder training on the CPU, every kind of file
/// going to a scratch folder.
pub fn harness() -> Harness<'static, EnergyLabApp> {
    let mut settings = Settings::default().with_models(&[ModelId::Ae]);
    settings.playing = true;
    let options = AppOptions {
        settings,
        backend: BackendChoice::Cpu,
        ..AppOptions::default()
    };
    let config = EnergyLabApp::trainer_config(&options);
    let trainer = TrainerHandle::spawn(config, Arc::new(|| {})).unwrap();
    let mut app = EnergyLabApp::with_trainer(trainer, options, Outcome::default());
    // Nothing a test does may land in the user's own folders.
    let scratch = std::env::temp_dir().join(format!("energy-lab-kittest-{}", std::process::id()));
    for kind in FileKind::ALL {
        let folder = scratch.join(format!("{kind:?}").to_lowercase());
        app.panels.files.folders.set(kind, folder);
    }
    Harness::builder()
        .with_size(egui::vec2(1280.0, 900.0))
        .with_context_setup(super::setup_context)
        .build_ui_state(|ui, app: &mut EnergyLabApp| app.ui(ui), app)
}

/// Frames until `done`; the trainer answers within a few frames (CPU, one small model).
pub fn frames_until(
    h: &mut Harness<'_, EnergyLabApp>,
    what: &str,
    done: impl Fn(&EnergyLabApp) -> bool,
) {
    let began = Instant::now();
    while !done(h.state()) {
        assert!(
            began.elapsed() < Duration::from_secs(120),
            "never saw {what}"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A few frames, long enough for the trainer to act on anything sent.
pub fn settle(h: &mut Harness<'_, EnergyLabApp>) {
    for _ in 0..20 {
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Space, then frames until the trainer reports itself paused: from that snapshot on the step
/// count and the loss curve hold still (a fixed number of frames is not enough on a loaded
/// machine, where steps already under way arrive later).
pub fn pause(h: &mut Harness<'_, EnergyLabApp>) {
    h.key_press(egui::Key::Space);
    h.step();
    assert!(!h.state().settings.playing, "Space did not pause");
    frames_until(h, "the trainer paused", |a| {
        a.latest()
            .is_some_and(|s| !s.settings.playing && !s.stepping)
    });
    settle(h);
}

//! The window: controls and model cards on the left, the focused model large in the middle
//! with the other enabled models as small multiples below it, the β family, the loss and the
//! latent bubbles on the right, a status bar at the bottom.
//!
//! The run's [`Settings`] and the [`ViewOptions`] live here; each panel (`panels/`) owns its
//! own state and draws itself from one small [`Cx`]: those settings, the latest snapshot, an
//! outbox of commands and the status line. The window sends the outbox once per frame.

pub mod beta_slider;
mod central;
mod context;
mod controls;
pub mod dialogs;
mod frame_stats;
pub mod heatmap;
pub mod icon;
mod options;
mod panels;
pub mod persist;
mod receive;
mod recovery;
pub mod screenshot;
mod scripted;
mod shortcuts;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use eframe::egui;

use crate::energy::{Beta, GridSpec};
use crate::models::ModelId;
use crate::settings::{Hyper, Settings};
use crate::trainer::{Command, Snapshot, TrainerConfig, TrainerHandle};
pub use context::{Cx, MainView, Requests, Status, ViewOptions};
use frame_stats::FrameStats;
pub use frame_stats::mark_launch;
use heatmap::Heatmap;
pub use options::{AppOptions, setup_context};
use panels::Panels;
pub use panels::files::FigureChoice;
pub use panels::gibbs::SamplesReport;
use panels::status_bar::{StatusLine, status_bar_ui};
use recovery::TrainerWatch;
use screenshot::Screenshots;
use scripted::AutoState;
pub use scripted::{AutoScreenshot, Outcome, REPORT_PREFIX, ScriptedReport, Until};

/// A [`Cx`] over the window's fields, leaving its panels free to borrow.
macro_rules! cx {
    ($app:ident) => {
        $crate::app::Cx {
            settings: &mut $app.settings,
            view: &mut $app.view,
            latest: $app.latest.as_ref(),
            outbox: &mut $app.outbox,
            status: &mut $app.status,
            requests: &mut $app.requests,
        }
    };
}
pub(crate) use cx;

/// The time from a β change to the first snapshot carrying it.
#[derive(Default)]
struct Latency {
    sent: Option<(Beta, Instant)>,
    ms: Option<f32>,
}

pub struct EnergyLabApp {
    trainer: TrainerHandle,
    /// The run as the window sets it; every change goes to the trainer as a command.
    pub settings: Settings,
    /// How the window draws.
    pub view: ViewOptions,
    latest: Option<Snapshot>,
    status: Status,
    requests: Requests,
    /// Commands queued by the panels this frame.
    outbox: Vec<Command>,
    panels: Panels,
    dialogs: dialogs::Dialogs,
    screenshots: Screenshots,
    auto: Option<AutoState>,
    outcome: Outcome,
    latency: Latency,
    frames: FrameStats,
    watch: TrainerWatch,
}

impl EnergyLabApp {
    /// The app with its trainer thread, repainting `ctx` whenever a snapshot arrives.
    pub fn new(
        ctx: &egui::Context,
        options: AppOptions,
        outcome: Outcome,
    ) -> std::io::Result<Self> {
        let ctx = ctx.clone();
        let config = Self::trainer_config(&options);
        let trainer = TrainerHandle::spawn(config, Arc::new(move || ctx.request_repaint()))?;
        Ok(Self::with_trainer(trainer, options, outcome))
    }

    /// The trainer a window with `options` starts: its settings with the grid fitted to the
    /// data, at full speed for a scripted figure.
    pub fn trainer_config(options: &AppOptions) -> TrainerConfig {
        let mut settings = options.settings.clone().fit_grid();
        if options.auto_screenshot.is_some() {
            // A scripted figure wants its N steps now, not at watching speed.
            settings.hyper.max_steps_per_sec = None;
        }
        TrainerConfig::new(settings, options.backend)
    }

    /// The app around an already running trainer (tests drive it through egui_kittest).
    pub fn with_trainer(trainer: TrainerHandle, options: AppOptions, outcome: Outcome) -> Self {
        let settings = Self::trainer_config(&options).settings;
        let pause_at = match &options.auto_screenshot {
            Some(AutoScreenshot {
                until: Until::Steps(steps),
                ..
            }) => Some(*steps),
            _ => None,
        };
        if let Some(path) = &options.session {
            trainer.send(Command::LoadSession(path.clone()));
        }
        let mut panels = Panels::default();
        panels.view3d.spin = options.spin;
        panels.files.autosave = options.autosave.clone();
        panels.files.offer = options.offer.clone();
        let lesson = options.lesson;
        let mut app = EnergyLabApp {
            trainer,
            settings,
            view: options.view,
            latest: None,
            status: Status::default(),
            requests: Requests::default(),
            outbox: Vec::new(),
            panels,
            dialogs: dialogs::Dialogs::default(),
            screenshots: Screenshots::default(),
            auto: options.auto_screenshot.map(|auto| AutoState::Training {
                auto,
                since: Instant::now(),
            }),
            outcome,
            latency: Latency::default(),
            frames: FrameStats::default(),
            watch: TrainerWatch::default(),
        };
        if let Some(n) = lesson {
            app.start_lesson(n);
        }
        // After the lesson's models are in place, so that their steps are the ones counted.
        if let Some(steps) = pause_at {
            app.trainer.send(Command::PauseAtStep(Some(steps)));
        }
        app
    }

    /// Sets up lesson `n` (1-based): data, models, β, view and its caption.
    pub fn start_lesson(&mut self, n: usize) {
        panels::lessons::apply(&mut cx!(self), n);
        self.send_outbox();
    }

    pub fn latest(&self) -> Option<&Snapshot> {
        self.latest.as_ref()
    }

    /// The *Samples* layer's particles and, once measured, their fit to e^{−β·surface}/Z at
    /// the β they were measured at; `None` while the layer is off.
    pub fn gibbs_samples(&self) -> Option<SamplesReport> {
        self.panels.plots.gibbs.report()
    }

    /// The focused model's heatmap (an empty one before the first snapshot).
    pub fn heatmap(&self) -> &Heatmap {
        self.heatmap_of(self.settings.focus)
    }

    /// The 3-D view's camera.
    pub fn camera_3d(&self) -> crate::view3d::Camera {
        self.panels.view3d.camera
    }

    /// Where each of the inference lab's last descents ended, in latent coordinates.
    pub fn descent_ends(&self) -> Vec<Vec<f32>> {
        self.panels.inspector.descent_ends()
    }

    pub fn heatmap_of(&self, model: ModelId) -> &Heatmap {
        static EMPTY: std::sync::OnceLock<Heatmap> = std::sync::OnceLock::new();
        self.panels
            .plots
            .heatmap(model)
            .unwrap_or_else(|| EMPTY.get_or_init(Heatmap::default))
    }

    /// Milliseconds from the last β change to the first snapshot that carried it.
    pub fn beta_latency_ms(&self) -> Option<f32> {
        self.latency.ms
    }

    /// The focused model's loss curve.
    pub fn loss_history(&self) -> &[[f64; 2]] {
        self.loss_history_of(self.settings.focus)
    }

    pub fn loss_history_of(&self, model: ModelId) -> &[[f64; 2]] {
        self.panels.side.losses.of(model)
    }

    /// Where the data point `p` appears on screen in the focused plot (as last drawn).
    pub fn plot_from_data(&self, p: [f32; 2]) -> Option<egui::Pos2> {
        let t = self.panels.plots.focused_transform.as_ref()?;
        Some(t.position_from_point(&egui_plot::PlotPoint::new(p[0], p[1])))
    }

    /// The energy grid the trainer evaluates (it follows the data).
    pub fn grid(&self) -> GridSpec {
        self.settings.grid
    }

    /// How long the last frame took to lay out (the status bar shows it).
    pub fn frame_ms(&self) -> f32 {
        self.frames.last_ms()
    }

    /// The status message and whether it is an error.
    pub fn message(&self) -> Option<&(String, bool)> {
        self.status.get()
    }

    // --- what the panels do, for tests and scripts --------------------------------------

    pub fn set_playing(&mut self, playing: bool) {
        cx!(self).set_playing(playing);
        self.send_outbox();
    }

    pub fn set_beta(&mut self, beta: Beta) {
        cx!(self).set_beta(beta);
        self.send_outbox();
    }

    pub fn set_hyper(&mut self, hyper: Hyper) {
        cx!(self).set_hyper(hyper);
        self.send_outbox();
    }

    pub fn set_enabled(&mut self, model: ModelId, enabled: bool) {
        cx!(self).set_enabled(model, enabled);
        self.send_outbox();
    }

    pub fn set_focus(&mut self, model: ModelId) {
        cx!(self).set_focus(model);
        self.send_outbox();
    }

    /// Sets one of `model`'s knobs; a structural one restarts that model only.
    pub fn set_param(&mut self, model: ModelId, key: &'static str, value: f32) {
        self.panels
            .models
            .set_param(&mut cx!(self), model, key, value);
        self.send_outbox();
    }

    pub fn save_session(&mut self, path: PathBuf) {
        self.panels.files.save_session(&mut cx!(self), path);
        self.send_outbox();
    }

    pub fn open_session(&mut self, path: PathBuf) {
        self.trainer.send(Command::LoadSession(path));
    }

    pub fn export_figure(&mut self, path: PathBuf, choice: FigureChoice) {
        self.panels
            .files
            .export_figure(&mut cx!(self), path, choice);
        self.send_outbox();
    }

    /// The focused model's grid, the data and the hot points as CSV files in `folder`, written
    /// by the trainer (the status bar says where).
    pub fn export_csv(&mut self, folder: &Path) {
        self.panels.files.export_csv(&mut cx!(self), folder);
        self.send_outbox();
    }

    pub fn screenshot(&mut self, ctx: &egui::Context, path: PathBuf) {
        self.screenshots.request(ctx, path);
    }

    // --- frame --------------------------------------------------------------------------

    /// Draws one frame (the whole window). Used by eframe and by the kittest harness.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let started = Instant::now();
        self.frames.start();
        let ctx = ui.ctx().clone();
        self.receive();
        self.panels.files.autosave_tick(&mut cx!(self));
        self.send_outbox();
        self.poll_screenshots(&ctx);
        self.shortcuts(&ctx);
        self.receive_files(&ctx);

        egui::Panel::bottom("status").show(ui, |ui| {
            let line = StatusLine {
                status: &self.status,
                frames: &self.frames,
                latency_ms: self.latency.ms,
                focus: self.settings.focus,
                samples: self.panels.plots.gibbs.status(),
            };
            status_bar_ui(ui, self.latest.as_ref(), &line);
        });
        egui::Panel::left("controls")
            .resizable(false)
            .exact_size(290.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| self.controls_ui(ui));
            });
        egui::Panel::right("side plots")
            .resizable(true)
            .default_size(320.0)
            .size_range(260.0..=640.0)
            .show(ui, |ui| self.panels.side.ui(ui, &cx!(self)));
        egui::CentralPanel::default().show(ui, |ui| self.central_ui(ui));
        self.panels.files.windows_ui(&ctx, &mut cx!(self));
        self.dialogs_ui(&ctx);
        self.panels.help.ui(&ctx);

        self.drive_auto_screenshot(&ctx);
        self.end_frame(&ctx);
        self.frames.record(started.elapsed().as_secs_f32() * 1000.0);
    }

    /// Sends what the panels queued, and takes the screenshot one asked for.
    fn end_frame(&mut self, ctx: &egui::Context) {
        if std::mem::take(&mut self.requests.screenshot) {
            let path = self.panels.files.folders.timestamped(
                dialogs::FileKind::Screenshot,
                "energy-lab",
                "png",
            );
            self.screenshot(ctx, path);
        }
        self.send_outbox();
    }

    fn send_outbox(&mut self) {
        for mut command in self.outbox.drain(..) {
            match &mut command {
                Command::SetBeta(beta) => self.latency.sent = Some((*beta, Instant::now())),
                // The loss curves live in the window: sessions and CSV exports carry them.
                Command::SaveSession {
                    view: serde_json::Value::Object(fields),
                    ..
                } => {
                    fields.insert("losses".into(), self.panels.side.losses.to_json());
                }
                Command::ExportCsv { losses, .. } => *losses = self.panels.side.losses.all(),
                _ => {}
            }
            self.trainer.send(command);
        }
    }
}

#[cfg(test)]
mod dialog_tests;
#[cfg(test)]
mod fault_tests;
#[cfg(test)]
mod keyboard_tests;
#[cfg(test)]
mod kittest_support;

impl eframe::App for EnergyLabApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        EnergyLabApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.panels.files.autosave.is_some() {
            eframe::set_value(storage, eframe::APP_KEY, &self.persisted());
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // The trainer takes commands in order: the save completes before it shuts down.
        if let Some(path) = self.panels.files.autosave.clone() {
            panels::files::autosave_to(&mut cx!(self), path);
            self.send_outbox();
        }
        self.trainer.shutdown();
    }
}

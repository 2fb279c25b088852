//! The window: controls and model cards on the left, the focused model large in the middle
//! with the other enabled models as small multiples below it, the β family, the loss and the
//! VAE's latent bubbles on the right, a status bar at the bottom. All state the user sets lives
//! in [`Settings`]; the UI sends it to the trainer as commands and draws the latest snapshot.

pub mod beta_slider;
mod controls;
mod data_panel;
mod file_browser;
mod files_panel;
mod frame_stats;
pub mod heatmap;
mod model_cards;
mod model_panel;
mod options;
pub mod persist;
mod plots;
mod receive;
mod recovery;
pub mod screenshot;
mod scripted;
mod shortcuts;
mod side_plots;
mod small_multiples;
mod status_bar;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use eframe::egui;

use crate::data::DataSource;
use crate::energy::{Beta, Extent, GridSpec};
use crate::figure::surface::SurfaceView;
use crate::models::ModelId;
use crate::trainer::{Command, Hyper, Snapshot, TrainerConfig, TrainerHandle};
use data_panel::DataUi;
use files_panel::FilesUi;
use frame_stats::FrameStats;
pub use frame_stats::mark_launch;
use heatmap::{ColourScale, Heatmap};
use model_panel::ModelPanel;
pub use options::{AppOptions, setup_context};
use screenshot::Screenshots;
use scripted::AutoState;
pub use scripted::{AutoScreenshot, Outcome, Until};

/// Everything the user sets; the trainer is told about every change.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub beta: Beta,
    pub hyper: Hyper,
    pub seed: u64,
    pub playing: bool,
    pub colour_scale: ColourScale,
    pub view: SurfaceView,
    /// The models training side by side, in [`ModelId::ALL`] order.
    pub enabled: Vec<ModelId>,
    /// The model drawn large.
    pub focus: ModelId,
    pub data: DataSource,
    /// The window's theme (the course's is dark).
    pub dark: bool,
}

pub struct EnergyLabApp {
    trainer: TrainerHandle,
    pub settings: Settings,
    latest: Option<Snapshot>,
    /// Per-model UI state: heatmap texture, loss history.
    panels: HashMap<ModelId, ModelPanel>,
    heatmap_stale: bool,
    screenshots: Screenshots,
    message: Option<(String, bool)>,
    auto: Option<AutoState>,
    outcome: Outcome,
    beta_sent: Option<(Beta, Instant)>,
    latency_ms: Option<f32>,
    frames: FrameStats,
    /// Knob values the user set that no snapshot has confirmed yet (so a slider does not
    /// jump back for a frame).
    pending_knobs: HashMap<(ModelId, &'static str), f32>,
    data_ui: DataUi,
    /// The energy grid the trainer evaluates (it follows the data).
    grid: GridSpec,
    /// A view extent the focused plot should jump to once the trainer draws it.
    fit_pending: Option<Extent>,
    /// Data → screen transform of the focused plot, as last drawn.
    focused_transform: Option<egui_plot::PlotTransform>,
    files: FilesUi,
    /// Why the trainer thread failed; it waits for *Restart trainer*.
    trainer_failure: Option<String>,
    /// Trainer restarts already answered by sending the settings again.
    restarts_seen: u32,
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

    pub fn trainer_config(options: &AppOptions) -> TrainerConfig {
        let mut hyper = Hyper {
            learning_rate: options.learning_rate,
            ..Hyper::default()
        };
        if options.auto_screenshot.is_some() {
            // A scripted figure wants its N steps now, not at watching speed.
            hyper.max_steps_per_sec = None;
        }
        TrainerConfig {
            models: options.models.clone(),
            backend: options.backend,
            seed: options.seed,
            beta: options.beta,
            hyper,
            grid: GridSpec::fitted(Extent::around(&options.data.points(options.seed))),
            playing: true,
            data: options.data.clone(),
        }
    }

    /// The app around an already running trainer (tests drive it through egui_kittest).
    pub fn with_trainer(trainer: TrainerHandle, options: AppOptions, outcome: Outcome) -> Self {
        let config = Self::trainer_config(&options);
        if let Some(AutoScreenshot {
            until: Until::Steps(steps),
            ..
        }) = &options.auto_screenshot
        {
            trainer.send(Command::PauseAtStep(Some(*steps)));
        }
        if let Some(path) = &options.session {
            trainer.send(Command::LoadSession(path.clone()));
        }
        let mut enabled = config.models.clone();
        enabled.sort_by_key(|m| ModelId::ALL.iter().position(|a| a == m));
        EnergyLabApp {
            trainer,
            settings: Settings {
                beta: config.beta,
                hyper: config.hyper,
                seed: config.seed,
                playing: config.playing,
                colour_scale: ColourScale::Auto,
                view: SurfaceView::default(),
                enabled,
                focus: config.models.first().copied().unwrap_or(ModelId::Ellipse),
                data: config.data.clone(),
                dark: true,
            },
            latest: None,
            panels: HashMap::new(),
            heatmap_stale: false,
            screenshots: Screenshots::default(),
            message: None,
            auto: options.auto_screenshot.map(|auto| AutoState::Training {
                auto,
                since: Instant::now(),
            }),
            outcome,
            beta_sent: None,
            latency_ms: None,
            frames: FrameStats::default(),
            pending_knobs: HashMap::new(),
            data_ui: DataUi {
                tint: data_panel::tint_of(&config.data, config.seed),
                ..DataUi::default()
            },
            grid: config.grid,
            fit_pending: None,
            focused_transform: None,
            files: FilesUi {
                autosave: options.autosave.clone(),
                offer: options.offer.clone(),
                ..FilesUi::default()
            },
            trainer_failure: None,
            restarts_seen: 0,
        }
    }

    pub fn latest(&self) -> Option<&Snapshot> {
        self.latest.as_ref()
    }

    /// The focused model's heatmap (an empty one before the first snapshot).
    pub fn heatmap(&self) -> &Heatmap {
        self.heatmap_of(self.settings.focus)
    }

    pub fn heatmap_of(&self, model: ModelId) -> &Heatmap {
        static EMPTY: std::sync::OnceLock<Heatmap> = std::sync::OnceLock::new();
        self.panels
            .get(&model)
            .map(|p| &p.heatmap)
            .unwrap_or_else(|| EMPTY.get_or_init(Heatmap::default))
    }

    /// Milliseconds from the last β change to the first snapshot that carried it.
    pub fn beta_latency_ms(&self) -> Option<f32> {
        self.latency_ms
    }

    /// The focused model's loss curve.
    pub fn loss_history(&self) -> &[[f64; 2]] {
        self.loss_history_of(self.settings.focus)
    }

    pub fn loss_history_of(&self, model: ModelId) -> &[[f64; 2]] {
        self.panels.get(&model).map_or(&[], |p| p.losses())
    }

    /// Where the data point `p` appears on screen in the focused plot (as last drawn).
    pub fn plot_from_data(&self, p: [f32; 2]) -> Option<egui::Pos2> {
        let t = self.focused_transform.as_ref()?;
        Some(t.position_from_point(&egui_plot::PlotPoint::new(p[0], p[1])))
    }

    /// The energy grid the trainer evaluates (it follows the data).
    pub fn grid(&self) -> GridSpec {
        self.grid
    }

    /// How long the last frame took to lay out (the status bar shows it).
    pub fn frame_ms(&self) -> f32 {
        self.frames.last_ms()
    }

    // --- settings → trainer -------------------------------------------------------------

    pub fn set_playing(&mut self, playing: bool) {
        self.settings.playing = playing;
        self.trainer.send(if playing {
            Command::Play
        } else {
            Command::Pause
        });
    }

    pub fn set_beta(&mut self, beta: Beta) {
        self.settings.beta = beta;
        self.beta_sent = Some((beta, Instant::now()));
        self.trainer.send(Command::SetBeta(beta));
    }

    pub fn set_hyper(&mut self, hyper: Hyper) {
        self.settings.hyper = hyper;
        self.trainer.send(Command::SetHyper(hyper));
    }

    pub fn reset(&mut self) {
        // A new seed redraws a built-in set: the horn's x colours follow it.
        self.data_ui.tint = data_panel::tint_of(&self.settings.data, self.settings.seed);
        self.trainer.send(Command::Reset {
            seed: self.settings.seed,
        });
    }

    pub fn step_once(&mut self) {
        self.trainer.send(Command::Step(1));
    }

    /// Trains `model` alongside the others (and draws it large), or pauses it (its weights
    /// are kept).
    pub fn set_enabled(&mut self, model: ModelId, enabled: bool) {
        let list = &mut self.settings.enabled;
        list.retain(|m| *m != model);
        if enabled {
            list.push(model);
            list.sort_by_key(|m| ModelId::ALL.iter().position(|a| a == m));
        }
        self.trainer.send(Command::SetEnabled { model, enabled });
        if enabled {
            // A model just ticked is the one the user wants to look at.
            self.set_focus(model);
        } else if !enabled
            && self.settings.focus == model
            && let Some(next) = self.settings.enabled.first().copied()
        {
            self.set_focus(next);
        }
    }

    /// Draws `model` large (it gets the full-resolution surface).
    pub fn set_focus(&mut self, model: ModelId) {
        if self.settings.focus != model {
            self.settings.focus = model;
            self.trainer.send(Command::Focus(model));
            self.heatmap_stale = true;
        }
    }

    /// Sets one of `model`'s knobs; a structural one restarts that model only.
    pub fn set_param(&mut self, model: ModelId, key: &'static str, value: f32) {
        self.pending_knobs.insert((model, key), value);
        self.trainer.send(Command::SetParam {
            model,
            key: key.to_owned(),
            value,
        });
    }

    pub fn reset_model(&mut self, model: ModelId) {
        self.trainer.send(Command::ResetModel(model));
    }

    pub fn screenshot(&mut self, ctx: &egui::Context, path: std::path::PathBuf) {
        self.screenshots.request(ctx, path);
    }

    // --- frame --------------------------------------------------------------------------

    /// Draws one frame (the whole window). Used by eframe and by the kittest harness.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let started = Instant::now();
        let ctx = ui.ctx().clone();
        self.receive(&ctx);
        self.receive_events();
        self.autosave_tick();
        self.poll_screenshots(&ctx);
        self.shortcuts(&ctx);
        self.receive_files(&ctx);

        egui::Panel::bottom("status").show(ui, |ui| self.status_bar_ui(ui));
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
            .show(ui, |ui| self.side_plots_ui(ui));
        egui::CentralPanel::default().show(ui, |ui| self.central_ui(ui));
        self.session_windows_ui(&ctx);

        self.drive_auto_screenshot(&ctx);
        self.frames.record(started.elapsed().as_secs_f32() * 1000.0);
    }
}

#[cfg(test)]
mod fault_tests;

impl eframe::App for EnergyLabApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        EnergyLabApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.files.autosave.is_some() {
            eframe::set_value(storage, eframe::APP_KEY, &self.persisted());
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // The trainer takes commands in order: the save completes before it shuts down.
        if let Some(path) = self.files.autosave.clone() {
            self.autosave_to(path);
        }
        self.trainer.shutdown();
    }
}

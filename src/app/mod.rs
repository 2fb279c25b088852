//! The window: controls on the left, the free-energy view in the middle, the β family and the
//! loss on the right, a status bar at the bottom. All state the user sets lives in
//! [`Settings`]; the UI sends it to the trainer as commands and draws the latest snapshot.

pub mod beta_slider;
mod controls;
pub mod heatmap;
mod plots;
pub mod screenshot;
mod status_bar;
pub mod surface_view;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use eframe::egui;

use crate::backend::BackendChoice;
use crate::energy::{Beta, GridSpec};
use crate::models::ModelId;
use crate::trainer::{Command, Hyper, Snapshot, TrainerConfig, TrainerHandle, TrainerHealth};
use heatmap::{ColourScale, Heatmap};
use screenshot::Screenshots;
use surface_view::SurfaceView;

/// Loss points kept for the curve; beyond this the history is thinned by half.
const LOSS_HISTORY_MAX: usize = 20_000;
/// How long `--screenshot` waits for egui to deliver the image before giving up.
const SCREENSHOT_TIMEOUT: Duration = Duration::from_secs(30);

/// Context-wide settings: the course's dark background, and Hack as a fallback font for the
/// proportional text, since Ubuntu Light (egui's default) has no ‖, ∇, ỹ, ′ or →.
pub fn setup_context(ctx: &egui::Context) {
    ctx.set_theme(egui::Theme::Dark);
    let mut fonts = egui::FontDefinitions::default();
    if let Some(family) = fonts.families.get_mut(&egui::FontFamily::Proportional) {
        family.push("Hack".to_owned());
    }
    ctx.set_fonts(fonts);
}

/// Start-up options from the command line.
#[derive(Clone, Debug)]
pub struct AppOptions {
    pub model: ModelId,
    pub backend: BackendChoice,
    pub seed: u64,
    pub beta: Beta,
    pub learning_rate: f64,
    pub auto_screenshot: Option<AutoScreenshot>,
}

impl Default for AppOptions {
    fn default() -> Self {
        AppOptions {
            model: ModelId::Ellipse,
            backend: BackendChoice::Auto,
            seed: 0,
            beta: Beta::Finite(1.0),
            learning_rate: Hyper::default().learning_rate,
            auto_screenshot: None,
        }
    }
}

/// `--screenshot PATH --quit-after-steps N`: train N steps, save the window, close.
#[derive(Clone, Debug)]
pub struct AutoScreenshot {
    pub path: PathBuf,
    pub after_steps: u64,
}

/// What a self-closing run reports back to `main` (the saved path, or why it failed).
pub type Outcome = Arc<Mutex<Option<Result<PathBuf, String>>>>;

/// Everything the user sets; the trainer is told about every change.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub beta: Beta,
    pub hyper: Hyper,
    pub seed: u64,
    pub playing: bool,
    pub colour_scale: ColourScale,
    pub view: SurfaceView,
}

enum AutoState {
    Training(AutoScreenshot),
    Capturing { since: Instant },
    Done,
}

enum AutoStep {
    Wait,
    Capture(PathBuf),
    Fail(String),
}

pub struct EnergyLabApp {
    trainer: TrainerHandle,
    pub settings: Settings,
    latest: Option<Snapshot>,
    losses: Vec<[f64; 2]>,
    run: u64,
    heatmap: Heatmap,
    heatmap_stale: bool,
    screenshots: Screenshots,
    message: Option<(String, bool)>,
    auto: Option<AutoState>,
    outcome: Outcome,
    beta_sent: Option<(Beta, Instant)>,
    latency_ms: Option<f32>,
    frame_ms: f32,
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
            model: options.model,
            backend: options.backend,
            seed: options.seed,
            beta: options.beta,
            hyper,
            grid: GridSpec::DEFAULT,
            playing: true,
        }
    }

    /// The app around an already running trainer (tests drive it through egui_kittest).
    pub fn with_trainer(trainer: TrainerHandle, options: AppOptions, outcome: Outcome) -> Self {
        let config = Self::trainer_config(&options);
        if let Some(auto) = &options.auto_screenshot {
            trainer.send(Command::PauseAtStep(Some(auto.after_steps)));
        }
        EnergyLabApp {
            trainer,
            settings: Settings {
                beta: config.beta,
                hyper: config.hyper,
                seed: config.seed,
                playing: config.playing,
                colour_scale: ColourScale::Auto,
                view: SurfaceView::default(),
            },
            latest: None,
            losses: Vec::new(),
            run: 0,
            heatmap: Heatmap::default(),
            heatmap_stale: false,
            screenshots: Screenshots::default(),
            message: None,
            auto: options.auto_screenshot.map(AutoState::Training),
            outcome,
            beta_sent: None,
            latency_ms: None,
            frame_ms: 0.0,
        }
    }

    pub fn latest(&self) -> Option<&Snapshot> {
        self.latest.as_ref()
    }

    pub fn heatmap(&self) -> &Heatmap {
        &self.heatmap
    }

    /// Milliseconds from the last β change to the first snapshot that carried it.
    pub fn beta_latency_ms(&self) -> Option<f32> {
        self.latency_ms
    }

    pub fn loss_history(&self) -> &[[f64; 2]] {
        &self.losses
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
        self.trainer.send(Command::Reset {
            seed: self.settings.seed,
        });
    }

    pub fn step_once(&mut self) {
        self.trainer.send(Command::Step(1));
    }

    pub fn screenshot(&mut self, ctx: &egui::Context, path: PathBuf) {
        self.screenshots.request(ctx, path);
    }

    // --- frame --------------------------------------------------------------------------

    /// Draws one frame (the whole window). Used by eframe and by the kittest harness.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let started = Instant::now();
        let ctx = ui.ctx().clone();
        self.receive(&ctx);
        self.poll_screenshots(&ctx);
        self.shortcuts(&ctx);

        egui::Panel::bottom("status").show(ui, |ui| self.status_bar_ui(ui));
        egui::Panel::left("controls")
            .resizable(false)
            .exact_size(270.0)
            .show(ui, |ui| self.controls_ui(ui));
        egui::Panel::right("side plots")
            .resizable(true)
            .default_size(330.0)
            .show(ui, |ui| self.side_plots_ui(ui));
        egui::CentralPanel::default().show(ui, |ui| self.energy_view_ui(ui));

        self.drive_auto_screenshot(&ctx);
        self.frame_ms = started.elapsed().as_secs_f32() * 1000.0;
    }

    fn receive(&mut self, ctx: &egui::Context) {
        if let TrainerHealth::Failed(why) = self.trainer.health() {
            self.message = Some((format!("trainer stopped: {why}"), true));
        }
        let Some(snapshot) = self.trainer.try_latest() else {
            if self.heatmap_stale {
                self.refresh_heatmap(ctx);
            }
            return;
        };
        if snapshot.run != self.run {
            self.losses.clear();
            self.run = snapshot.run;
        }
        self.losses.extend(
            snapshot
                .new_losses
                .iter()
                .map(|p| [p.step as f64, f64::from(p.loss)]),
        );
        if self.losses.len() > LOSS_HISTORY_MAX {
            // Keep every other point: the curve keeps its shape, memory stays bounded.
            self.losses = self.losses.iter().step_by(2).copied().collect();
        }
        if let Some((beta, sent)) = self.beta_sent
            && snapshot.energy.beta == beta
        {
            self.latency_ms = Some(sent.elapsed().as_secs_f32() * 1000.0);
            self.beta_sent = None;
        }
        if let Some(error) = &snapshot.error {
            self.message = Some((error.clone(), true));
            self.settings.playing = false;
        }
        self.latest = Some(snapshot);
        self.refresh_heatmap(ctx);
    }

    fn refresh_heatmap(&mut self, ctx: &egui::Context) {
        if let Some(s) = &self.latest {
            let grid = self.settings.view.grid(s);
            self.heatmap.update(ctx, &grid, self.settings.colour_scale);
        }
        self.heatmap_stale = false;
    }

    fn poll_screenshots(&mut self, ctx: &egui::Context) {
        for result in self.screenshots.poll() {
            self.message = Some(match &result {
                Ok(path) => (format!("saved {}", path.display()), false),
                Err(e) => (format!("screenshot failed: {e}"), true),
            });
            if let Some(AutoState::Capturing { .. }) = self.auto {
                self.finish_auto(ctx, result);
            }
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        let (space, s, r) = ctx.input(|i| {
            (
                i.key_pressed(egui::Key::Space),
                i.key_pressed(egui::Key::S),
                i.key_pressed(egui::Key::R),
            )
        });
        if space {
            self.set_playing(!self.settings.playing);
        }
        if s {
            self.screenshot(ctx, screenshot::default_path(SystemTime::now()));
        }
        if r {
            self.reset();
        }
    }

    fn drive_auto_screenshot(&mut self, ctx: &egui::Context) {
        let next = match &self.auto {
            Some(AutoState::Training(auto)) => {
                if let TrainerHealth::Failed(why) = self.trainer.health() {
                    AutoStep::Fail(why)
                } else if let Some(why) = self.latest.as_ref().and_then(|s| s.error.clone()) {
                    // A model that failed stops training: the scripted run would wait forever.
                    AutoStep::Fail(why)
                } else if self
                    .latest
                    .as_ref()
                    .is_some_and(|s| s.step >= auto.after_steps && !s.playing)
                {
                    // The frame just drawn shows the snapshot of step N: capture that frame.
                    AutoStep::Capture(auto.path.clone())
                } else {
                    AutoStep::Wait
                }
            }
            Some(AutoState::Capturing { since }) if since.elapsed() > SCREENSHOT_TIMEOUT => {
                AutoStep::Fail("no screenshot arrived from the renderer".to_owned())
            }
            Some(AutoState::Capturing { .. }) => AutoStep::Wait,
            Some(AutoState::Done) | None => return,
        };
        match next {
            AutoStep::Wait => ctx.request_repaint_after(Duration::from_millis(100)),
            AutoStep::Capture(path) => {
                self.screenshot(ctx, path);
                self.auto = Some(AutoState::Capturing {
                    since: Instant::now(),
                });
                ctx.request_repaint_after(Duration::from_millis(100));
            }
            AutoStep::Fail(why) => self.finish_auto(ctx, Err(why)),
        }
    }

    fn finish_auto(&mut self, ctx: &egui::Context, result: Result<PathBuf, String>) {
        if let Ok(mut slot) = self.outcome.lock() {
            *slot = Some(result);
        }
        self.auto = Some(AutoState::Done);
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

impl eframe::App for EnergyLabApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        EnergyLabApp::ui(self, ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.trainer.shutdown();
    }
}

//! The trainer thread's loop: apply commands, train in short bursts, publish snapshots.

use std::sync::Arc;
use std::time::{Duration, Instant};

use burn::tensor::{Device, Tensor};
use crossbeam_channel::{Receiver, RecvTimeoutError};

use super::mailbox::MailboxSender;
use super::protocol::{Command, Hyper, LossPoint, Snapshot};
use super::views;
use super::{Repaint, TrainerConfig};
use crate::backend::BackendInfo;
use crate::data::EllipseData;
use crate::energy::free_energy::{points_tensor, read_points};
use crate::energy::{Beta, GridSpec};
use crate::models::{EnergyModel, ModelError, ModelId, Objective};

/// Longest stretch of training between two looks at the command queue: keeps every command
/// (a β drag, pause) well under a frame of latency.
const BURST: Duration = Duration::from_millis(8);
/// Snapshots while training: the window shows at most this rate anyway.
const PUBLISH_INTERVAL: Duration = Duration::from_millis(33);

pub(super) struct Worker {
    commands: Receiver<Command>,
    snapshots: MailboxSender<Snapshot>,
    repaint: Repaint,
    device: Device,
    backend: BackendInfo,
    model_id: ModelId,
    model: Box<dyn EnergyModel>,
    data: Arc<[[f32; 2]]>,
    /// The data on the autodiff device (training) and on the plain one (views).
    data_tensor: Tensor<2>,
    data_plain: Tensor<2>,
    seed: u64,
    run: u64,
    beta: Beta,
    hyper: Hyper,
    grid: GridSpec,
    lattice: Vec<[f32; 2]>,
    playing: bool,
    pending_steps: u32,
    pause_at: Option<u64>,
    step: u64,
    new_losses: Vec<LossPoint>,
    commands_applied: u64,
    error: Option<String>,
    rate: RateMeter,
    next_step_at: Instant,
    views_dirty: bool,
    publish_now: bool,
    last_publish: Instant,
    /// What the last snapshot took to compute.
    views_cost: Duration,
}

impl Worker {
    pub(super) fn new(
        config: TrainerConfig,
        commands: Receiver<Command>,
        snapshots: MailboxSender<Snapshot>,
        repaint: Repaint,
    ) -> Self {
        let active = crate::backend::select(config.backend);
        let device = active.device;
        let model_id = config.model;
        let data: Arc<[[f32; 2]]> = EllipseData::default().generate(config.seed).into();
        Worker {
            commands,
            snapshots,
            repaint,
            model: model_id.create(&device, config.seed),
            data_tensor: points_tensor(&data, &device.clone().autodiff()),
            data_plain: points_tensor(&data, &device),
            data,
            device,
            backend: active.info,
            model_id,
            seed: config.seed,
            run: 0,
            beta: config.beta,
            hyper: config.hyper,
            lattice: views::arrow_lattice(&config.grid.extent),
            grid: config.grid,
            playing: config.playing,
            pending_steps: 0,
            pause_at: None,
            step: 0,
            new_losses: Vec::new(),
            commands_applied: 0,
            error: None,
            rate: RateMeter::new(),
            next_step_at: Instant::now(),
            views_dirty: true,
            publish_now: true,
            last_publish: Instant::now(),
            views_cost: Duration::ZERO,
        }
    }

    pub(super) fn run(mut self) {
        loop {
            let first = match self.wait_budget() {
                None => match self.commands.recv() {
                    Ok(c) => Some(c),
                    Err(_) => return,
                },
                Some(wait) => match self.commands.recv_timeout(wait) {
                    Ok(c) => Some(c),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                },
            };
            let pending: Vec<Command> = first.into_iter().chain(self.commands.try_iter()).collect();
            for command in pending {
                if !self.apply(command) {
                    return;
                }
            }
            self.train_burst();
            if self.publish_now
                || (self.views_dirty && self.last_publish.elapsed() >= self.publish_interval())
            {
                self.publish();
            }
        }
    }

    fn training(&self) -> bool {
        self.playing || self.pending_steps > 0
    }

    /// Time between snapshots while training: the frame rate the window can show, stretched
    /// so that computing the views never takes more than half the trainer's time (a large
    /// manifold on a slow machine would otherwise starve training).
    fn publish_interval(&self) -> Duration {
        PUBLISH_INTERVAL.max(self.views_cost * 2)
    }

    /// How long to wait for a command before doing work again; `None` = nothing to do.
    fn wait_budget(&self) -> Option<Duration> {
        let now = Instant::now();
        let publish_in = self
            .publish_interval()
            .saturating_sub(self.last_publish.elapsed());
        if self.publish_now {
            Some(Duration::ZERO)
        } else if self.training() {
            Some(
                self.next_step_at
                    .saturating_duration_since(now)
                    .min(publish_in),
            )
        } else if self.views_dirty {
            Some(publish_in)
        } else {
            None
        }
    }

    /// Applies one command; `false` means shut down.
    fn apply(&mut self, command: Command) -> bool {
        self.commands_applied += 1;
        self.publish_now = true;
        match command {
            Command::Play => {
                self.playing = true;
                self.error = None;
            }
            Command::Pause => self.playing = false,
            Command::Step(n) => {
                self.pending_steps = self.pending_steps.saturating_add(n);
                self.error = None;
            }
            Command::Reset { seed } => self.reset(seed),
            Command::SetBeta(beta) => self.beta = beta,
            Command::SetHyper(hyper) => {
                self.hyper = hyper;
                self.next_step_at = Instant::now();
            }
            Command::SetGrid(grid) => {
                self.grid = grid;
                self.lattice = views::arrow_lattice(&grid.extent);
            }
            Command::PauseAtStep(step) => {
                self.pause_at = step;
                if step.is_some_and(|s| self.step >= s) {
                    self.playing = false;
                    self.pending_steps = 0;
                }
            }
            Command::Shutdown => return false,
        }
        if !self.training() {
            self.rate.reset();
        }
        true
    }

    fn reset(&mut self, seed: u64) {
        self.seed = seed;
        self.run += 1;
        self.data = EllipseData::default().generate(seed).into();
        self.data_tensor = points_tensor(&self.data, &self.device.clone().autodiff());
        self.data_plain = points_tensor(&self.data, &self.device);
        self.model = self.model_id.create(&self.device, seed);
        self.step = 0;
        self.pending_steps = 0;
        self.new_losses.clear();
        self.error = None;
    }

    fn train_burst(&mut self) {
        let start = Instant::now();
        while self.training() && start.elapsed() < BURST {
            if let Some(rate) = self.hyper.max_steps_per_sec.filter(|r| *r > 0.0) {
                let now = Instant::now();
                if now < self.next_step_at {
                    break;
                }
                // Never bank more than a few steps of credit after a stall.
                let floor = now.checked_sub(Duration::from_millis(20)).unwrap_or(now);
                self.next_step_at =
                    self.next_step_at.max(floor) + Duration::from_secs_f32(1.0 / rate);
            }
            self.step_once();
        }
    }

    fn step_once(&mut self) {
        let objective = Objective {
            beta: if self.hyper.train_at_beta {
                self.beta
            } else {
                Beta::Infinite
            },
            learning_rate: self.hyper.learning_rate,
        };
        match self.model.train_step(&self.data_tensor, objective) {
            Ok(loss) if loss.is_finite() => {
                self.new_losses.push(LossPoint {
                    step: self.step,
                    loss,
                });
                self.step += 1;
            }
            Ok(loss) => self.fail(format!(
                "loss became {loss} at step {}: lower the learning rate and reset",
                self.step
            )),
            Err(e) => self.fail(format!("training step {} failed: {e}", self.step)),
        }
        self.pending_steps = self.pending_steps.saturating_sub(1);
        if self.pause_at.is_some_and(|s| self.step >= s) {
            self.playing = false;
            self.pending_steps = 0;
            self.pause_at = None;
            self.publish_now = true;
        }
        self.rate.count();
        self.views_dirty = true;
    }

    fn fail(&mut self, message: String) {
        self.error = Some(message);
        self.playing = false;
        self.pending_steps = 0;
    }

    fn publish(&mut self) {
        let started = Instant::now();
        match self.snapshot() {
            Ok(snapshot) => {
                self.new_losses.clear();
                self.snapshots.send(snapshot);
            }
            Err(e) => self.fail(format!("could not evaluate the model: {e}")),
        }
        (self.repaint)();
        self.views_cost = started.elapsed();
        self.views_dirty = false;
        self.publish_now = false;
        self.last_publish = Instant::now();
    }

    fn snapshot(&self) -> Result<Snapshot, ModelError> {
        let started = Instant::now();
        let manifold = self.model.manifold(&self.data_plain)?; // [K, 2]
        let energy = views::energy_grid(&self.grid, &manifold, self.beta, &self.device)?;
        let native = views::grid_native_energies(&self.grid, self.model.as_ref(), &self.device)?;
        let arrows = views::arrows(&self.lattice, &manifold, self.beta, &self.device)?;
        let beta_family = views::beta_family(&manifold, self.beta, &self.device)?;
        Ok(Snapshot {
            model: self.model_id,
            run: self.run,
            step: self.step,
            seed: self.seed,
            new_losses: self.new_losses.clone(),
            params: self.model.params(),
            data: Arc::clone(&self.data),
            manifold: read_points(manifold.clone())?,
            hot: self.model.hot(),
            energy,
            native,
            arrows,
            beta_family,
            hyper: self.hyper,
            playing: self.training(),
            steps_per_sec: self.rate.per_second(),
            views_ms: started.elapsed().as_secs_f32() * 1000.0,
            backend: self.backend.clone(),
            commands_applied: self.commands_applied,
            error: self.error.clone(),
        })
    }
}

/// Steps per second over the last half second or so.
struct RateMeter {
    window_start: Instant,
    count: u32,
    rate: f32,
}

impl RateMeter {
    fn new() -> Self {
        RateMeter {
            window_start: Instant::now(),
            count: 0,
            rate: 0.0,
        }
    }

    fn count(&mut self) {
        self.count += 1;
        let elapsed = self.window_start.elapsed().as_secs_f32();
        if elapsed >= 0.5 {
            self.rate = self.count as f32 / elapsed;
            self.count = 0;
            self.window_start = Instant::now();
        }
    }

    fn reset(&mut self) {
        *self = RateMeter::new();
    }

    fn per_second(&self) -> f32 {
        self.rate
    }
}

//! The trainer thread's loop: apply commands, train the enabled models in short round-robin
//! bursts, publish snapshots.

mod figures;
mod sessions;

use std::sync::Arc;
use std::time::{Duration, Instant};

use burn::tensor::{Device, Tensor};
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};

use super::mailbox::MailboxSender;
use super::model_view::{ViewContext, model_view};
use super::protocol::{Command, Event, Hyper, ModelView, Snapshot};
use super::zoo::Zoo;
use super::{Repaint, TrainerConfig};
use crate::backend::BackendInfo;
use crate::data::DataSource;
use crate::energy::free_energy::points_tensor;
use crate::energy::{Beta, GridSpec};
use crate::models::{ModelId, Objective};

/// Longest stretch of training between two looks at the command queue: keeps every command
/// (a β drag, pause) well under a frame of latency. One step of the slowest model may
/// overrun it; the round robin checks after every step.
const BURST: Duration = Duration::from_millis(8);
/// Snapshots while training: the window shows at most this rate anyway.
const PUBLISH_INTERVAL: Duration = Duration::from_millis(33);
/// Time per snapshot for refreshing small multiples, beyond the first one.
const SMALL_VIEWS_BUDGET: Duration = Duration::from_millis(15);

pub(super) struct Worker {
    commands: Receiver<Command>,
    snapshots: MailboxSender<Snapshot>,
    events: Sender<Event>,
    repaint: Repaint,
    device: Device,
    backend: BackendInfo,
    zoo: Zoo,
    focus: ModelId,
    data: Arc<[[f32; 2]]>,
    /// Where `data` came from: a reset redraws a built-in set from the new seed.
    source: DataSource,
    /// The data on the autodiff device (training) and on the plain one (views).
    data_tensor: Tensor<2>,
    data_plain: Tensor<2>,
    seed: u64,
    beta: Beta,
    hyper: Hyper,
    grid: GridSpec,
    playing: bool,
    commands_applied: u64,
    /// Every view must be recomputed (β, grid, focus or data changed).
    all_dirty: bool,
    publish_now: bool,
    last_publish: Instant,
    /// What the last snapshot took to compute.
    views_cost: Duration,
    /// Counts computed views (each view's `revision`).
    revisions: u64,
}

impl Worker {
    pub(super) fn new(
        config: TrainerConfig,
        commands: Receiver<Command>,
        snapshots: MailboxSender<Snapshot>,
        events: Sender<Event>,
        repaint: Repaint,
    ) -> Self {
        let active = crate::backend::select(config.backend);
        let device = active.device;
        let data: Arc<[[f32; 2]]> = config.data.points(config.seed).into();
        let focus = config.models.first().copied().unwrap_or(ModelId::Ellipse);
        Worker {
            commands,
            snapshots,
            events,
            repaint,
            zoo: Zoo::new(&device, config.seed, &config.models),
            focus,
            data_tensor: points_tensor(&data, &device.clone().autodiff()),
            data_plain: points_tensor(&data, &device),
            data,
            source: config.data,
            device,
            backend: active.info,
            seed: config.seed,
            beta: config.beta,
            hyper: config.hyper,
            grid: config.grid,
            playing: config.playing,
            commands_applied: 0,
            all_dirty: true,
            publish_now: true,
            last_publish: Instant::now(),
            views_cost: Duration::ZERO,
            revisions: 0,
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
                || (self.views_dirty() && self.last_publish.elapsed() >= self.publish_interval())
            {
                self.publish();
            }
        }
    }

    /// Whether any model steps now (never on no data: the user cleared the drawing).
    fn training(&self) -> bool {
        self.zoo.training(self.playing) && !self.data.is_empty()
    }

    fn views_dirty(&self) -> bool {
        self.all_dirty || self.zoo.enabled().any(|s| s.dirty)
    }

    /// Time between snapshots while training: the frame rate the window can show, stretched
    /// so that computing the views never takes more than half the trainer's time (many models
    /// on a slow machine would otherwise starve training).
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
        } else if let Some(at) = self.zoo.next_step_at(self.playing) {
            let step_in = if self.hyper.max_steps_per_sec.is_some() {
                at.saturating_duration_since(now)
            } else {
                Duration::ZERO
            };
            Some(step_in.min(publish_in))
        } else if self.views_dirty() {
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
                self.zoo.clear_errors();
            }
            Command::Pause => self.playing = false,
            Command::Step(n) => self.zoo.add_steps(n),
            Command::Reset { seed } => self.reset(seed),
            Command::SetBeta(beta) => {
                self.beta = beta;
                self.all_dirty = true;
            }
            Command::SetHyper(hyper) => {
                self.hyper = hyper;
                for slot in self.zoo.slots_mut() {
                    slot.next_step_at = Instant::now();
                }
            }
            Command::SetData(source) => {
                self.source = source;
                self.load_data();
            }
            Command::SetGrid(grid) => {
                self.grid = grid;
                self.all_dirty = true;
            }
            Command::PauseAtStep(step) => self.zoo.pause_at = step,
            Command::SetEnabled { model, enabled } => self.zoo.set_enabled(model, enabled),
            Command::Focus(model) => {
                self.focus = model;
                self.all_dirty = true;
            }
            Command::SetParam { model, key, value } => self.zoo.set_param(model, &key, value),
            Command::ResetModel(model) => self.zoo.reset_model(model),
            Command::SaveSession {
                path,
                view,
                autosave,
            } => self.save_session(path, view, autosave),
            Command::LoadSession(path) => self.load_session(path),
            Command::Figure(request) => self.figure(request),
            Command::Shutdown => return false,
        }
        self.settle_pause();
        if !self.training() {
            for slot in self.zoo.slots_mut() {
                slot.rate.reset();
            }
        }
        true
    }

    /// Once every enabled model has reached the pause step, the run is paused.
    fn settle_pause(&mut self) {
        if let Some(at) = self.zoo.pause_at
            && self.playing
            && self
                .zoo
                .enabled()
                .all(|s| s.step >= at || s.error.is_some())
        {
            self.playing = false;
            self.zoo.pause_at = None;
            self.zoo.clear_pending();
            self.publish_now = true;
        }
    }

    fn reset(&mut self, seed: u64) {
        self.seed = seed;
        self.load_data();
        self.zoo.reset_all(seed);
    }

    /// Draws the data from `source` and puts it on the device; every view is redrawn.
    fn load_data(&mut self) {
        self.data = self.source.points(self.seed).into();
        self.data_tensor = points_tensor(&self.data, &self.device.clone().autodiff());
        self.data_plain = points_tensor(&self.data, &self.device);
        self.all_dirty = true;
    }

    fn train_burst(&mut self) {
        let start = Instant::now();
        let objective = Objective {
            beta: if self.hyper.train_at_beta {
                self.beta
            } else {
                Beta::Infinite
            },
            learning_rate: self.hyper.learning_rate,
        };
        let rate = self.hyper.max_steps_per_sec.filter(|r| *r > 0.0);
        // No data (a cleared drawing): nothing to learn from until points come back.
        if self.data.is_empty() {
            return;
        }
        let playing = self.playing;
        while start.elapsed() < BURST
            && self
                .zoo
                .step_next(&self.data_tensor, objective, playing, rate)
        {}
        self.settle_pause();
    }

    fn publish(&mut self) {
        let started = Instant::now();
        if self.all_dirty {
            for slot in self.zoo.slots_mut() {
                slot.dirty = true;
            }
        }
        self.refresh_views(started);
        let playing = self.playing;
        let training: Vec<bool> = self
            .zoo
            .slots()
            .map(|s| self.zoo.is_training(s.id, playing))
            .collect();
        let mut models = Vec::new();
        for (slot, is_training) in self.zoo.slots_mut().zip(training) {
            if !slot.enabled {
                continue;
            }
            if let Some(view) = &mut slot.view {
                view.new_losses = std::mem::take(&mut slot.new_losses);
                view.training = is_training;
                view.steps_per_sec = slot.rate.per_second();
                view.error.clone_from(&slot.error);
                view.notice.clone_from(&slot.notice);
                models.push(view.clone());
                view.new_losses.clear();
            }
        }
        let focus = self.focus;
        let fresh = !self.zoo.enabled().any(|s| s.dirty);
        self.snapshots.send(Snapshot {
            fresh,
            models,
            focus,
            data: Arc::clone(&self.data),
            seed: self.seed,
            beta: self.beta,
            hyper: self.hyper,
            playing: self.training(),
            views_ms: started.elapsed().as_secs_f32() * 1000.0,
            backend: self.backend.clone(),
            commands_applied: self.commands_applied,
        });
        (self.repaint)();
        self.views_cost = started.elapsed();
        self.all_dirty = false;
        self.publish_now = false;
        self.last_publish = Instant::now();
    }

    /// Recomputes the views that changed: the focused model's always, then the small
    /// multiples stalest first while the budget lasts (at least one per snapshot), so seven
    /// models cost about one large view and a few small ones per frame, not seven.
    fn refresh_views(&mut self, started: Instant) {
        if self.data.is_empty() {
            // Some views depend on the data (an AE's curve spans the data's codes): with no
            // points each model keeps showing its last view until points come back.
            return;
        }
        let cx = ViewContext {
            data: &self.data_plain,
            beta: self.beta,
            grid: self.grid,
            device: &self.device,
        };
        let focus = self.focus;
        let playing = self.playing;
        let mut order: Vec<(bool, Option<Instant>, ModelId)> = self
            .zoo
            .enabled()
            .filter(|s| s.dirty || s.view.is_none())
            .map(|s| (s.id != focus, s.view_at, s.id))
            .collect();
        // Focused first; then never-drawn, then the oldest.
        order.sort_by_key(|(small, at, _)| (*small, *at));
        let mut small_done = 0;
        for (small, _, id) in order {
            if small && small_done > 0 && started.elapsed() > SMALL_VIEWS_BUDGET {
                break;
            }
            let is_training = self.zoo.is_training(id, playing);
            let Some(slot) = self.zoo.get_mut(id) else {
                continue;
            };
            match model_view(slot, !small, is_training, &cx) {
                Ok(view) => {
                    self.revisions += 1;
                    slot.view = Some(ModelView {
                        revision: self.revisions,
                        ..view
                    });
                }
                Err(e) => {
                    slot.error = Some(format!("{}: could not evaluate the model: {e}", id.title()));
                }
            }
            slot.dirty = false;
            slot.view_at = Some(Instant::now());
            small_done += usize::from(small);
        }
    }
}

//! The trainer thread's loop: apply commands, train the enabled models in short round-robin
//! bursts, publish snapshots.

mod exports;
mod figures;
mod infer;
mod publish;
mod recovery;
mod sessions;

use std::sync::Arc;
use std::time::{Duration, Instant};

use burn::tensor::Device;
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};

use super::failure::{Failure, Recovery, Resume};
use super::mailbox::MailboxSender;
use super::protocol::{Command, Event, Snapshot};
use super::zoo::Zoo;
use super::{Repaint, TrainerConfig};
use crate::backend::{BackendInfo, BackendKind};
use crate::energy::free_energy::points_tensor;
use crate::models::{Batch, ModelId, Objective};
use crate::settings::Settings;

/// Longest stretch of training between two looks at the command queue: keeps every command
/// (a β drag, pause) well under a frame of latency. One step of the slowest model may
/// overrun it; the round robin checks after every step.
const BURST: Duration = Duration::from_millis(8);
/// Snapshots while training: the window shows at most this rate anyway.
const PUBLISH_INTERVAL: Duration = Duration::from_millis(33);
/// The most of the trainer's time that computing views may take while models train at full
/// speed: the rest is training, however many models are enabled (bench `sharing`).
const MAX_VIEWS_SHARE: u32 = 10; // percent
/// Time per snapshot for refreshing small multiples, beyond the first one.
const SMALL_VIEWS_BUDGET: Duration = Duration::from_millis(15);

/// The trainer thread's ends of its channels, and what it shares with its handle.
pub(super) struct Links {
    pub commands: Receiver<Command>,
    pub snapshots: MailboxSender<Snapshot>,
    pub events: Sender<Event>,
    pub repaint: Repaint,
    pub recovery: Recovery,
}

pub(super) struct Worker {
    commands: Receiver<Command>,
    snapshots: MailboxSender<Snapshot>,
    events: Sender<Event>,
    repaint: Repaint,
    recovery: Recovery,
    /// When the recovery point was last refreshed, and what it had seen by then.
    recovered: Option<(Instant, u64)>,
    /// A failure that ends the thread (a view could not be read back from the GPU).
    failed: Option<Failure>,
    device: Device,
    backend: BackendInfo,
    zoo: Zoo,
    /// The run as the trainer has it (the window sends every change).
    settings: Settings,
    /// The points of `settings.data` (drawn from the seed for a built-in set).
    data: Arc<[[f32; 2]]>,
    /// Each data point's input x, for conditional rows.
    inputs: Option<Arc<[f32]>>,
    /// The data on the autodiff device (training) and on the plain one (views).
    data_train: Batch,
    data_plain: Batch,
    commands_applied: u64,
    /// Every view must be recomputed (β, grid, focus or data changed).
    all_dirty: bool,
    publish_now: bool,
    last_publish: Instant,
    /// What the last snapshot took to compute.
    views_cost: Duration,
    /// Counts computed views (each view's `revision`).
    revisions: u64,
    /// The run as it was before the last reset, until undone (see `sessions.rs`).
    before_reset: Option<Box<crate::session::Session>>,
}

/// `points` as training rows on `device`.
/// The rows on `device`: y, and x for conditional rows.
fn batch_on(points: &[[f32; 2]], inputs: Option<&[f32]>, device: &Device) -> Batch {
    Batch {
        y: points_tensor(points, device),
        x: inputs.map(|x| burn::tensor::Tensor::<1>::from_floats(x, device)),
    }
}

impl Worker {
    /// The worker for `config`, or, with `resume`, for the recovery point a failed trainer
    /// left (the models, data and settings as they were then).
    pub(super) fn new(config: TrainerConfig, links: Links, resume: Option<Resume>) -> Self {
        let active = crate::backend::select(config.backend);
        let device = active.device;
        super::failure::on_gpu(active.info.kind == BackendKind::Wgpu);
        let settings = config.settings;
        let data: Arc<[[f32; 2]]> = settings.data.points(settings.seed).into();
        let inputs: Option<Arc<[f32]>> = settings.data.inputs(settings.seed).map(Into::into);
        let zoo = Zoo::new(&config.factory, &device, settings.seed, &settings.enabled);
        let mut worker = Worker {
            commands: links.commands,
            snapshots: links.snapshots,
            events: links.events,
            repaint: links.repaint,
            recovery: links.recovery,
            recovered: None,
            failed: None,
            zoo,
            data_train: batch_on(&data, inputs.as_deref(), &device.clone().autodiff()),
            data_plain: batch_on(&data, inputs.as_deref(), &device),
            data,
            inputs,
            settings,
            device,
            backend: active.info,
            commands_applied: 0,
            all_dirty: true,
            publish_now: true,
            last_publish: Instant::now(),
            views_cost: Duration::ZERO,
            revisions: 0,
            before_reset: None,
        };
        if let Some(resume) = resume {
            worker.resume(resume);
        }
        worker
    }

    /// Trains and publishes until told to stop. Returns a failure that needs a new trainer
    /// (the GPU stopped answering); a panic unwinds to the thread boundary instead.
    pub(super) fn run(mut self) -> Result<(), Failure> {
        loop {
            let first = match self.wait_budget() {
                None => match self.commands.recv() {
                    Ok(c) => Some(c),
                    Err(_) => return Ok(()),
                },
                Some(wait) => match self.commands.recv_timeout(wait) {
                    Ok(c) => Some(c),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return Ok(()),
                },
            };
            let pending: Vec<Command> = first.into_iter().chain(self.commands.try_iter()).collect();
            for command in pending {
                if !self.apply(command) {
                    return Ok(());
                }
            }
            self.train_burst();
            if self.publish_now
                || (self.views_dirty() && self.last_publish.elapsed() >= self.publish_interval())
            {
                self.publish();
            }
            self.check_device()?;
            self.keep_recovery_point()?;
        }
    }

    /// Whether any model steps now (never on no data: the user cleared the drawing).
    fn training(&self) -> bool {
        self.zoo.training(self.settings.playing) && !self.data.is_empty()
    }

    fn views_dirty(&self) -> bool {
        self.all_dirty || self.zoo.enabled().any(|s| s.dirty)
    }

    /// Time between snapshots while training: the frame rate the window can show, stretched
    /// so that the views cannot starve training. Under a speed limit (watching: the trainer
    /// idles between steps) they may take half the time. At full speed they take at most
    /// `MAX_VIEWS_SHARE`: with every model enabled the views cost several times one model's,
    /// and at the watching rule they took a third of the time (bench `sharing`); there the
    /// surfaces refresh less often instead (about 5 times a second for all ten models on 2
    /// cores) and training keeps its pace. Commands (a β drag) still publish at once.
    fn publish_interval(&self) -> Duration {
        let stretch = if self.settings.hyper.max_steps_per_sec.is_some() {
            2
        } else {
            100 / MAX_VIEWS_SHARE - 1
        };
        PUBLISH_INTERVAL.max(self.views_cost * stretch)
    }

    /// How long to wait for a command before doing work again; `None` = nothing to do.
    fn wait_budget(&self) -> Option<Duration> {
        let now = Instant::now();
        let publish_in = self
            .publish_interval()
            .saturating_sub(self.last_publish.elapsed());
        if self.publish_now {
            Some(Duration::ZERO)
        } else if let Some(at) = self.zoo.next_step_at(self.settings.playing) {
            let step_in = if self.settings.hyper.max_steps_per_sec.is_some() {
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
            Command::Shutdown => return false,
            Command::Settings(settings) => self.apply_settings(*settings),
            Command::Step(n) => self.zoo.add_steps(n),
            Command::PauseAtStep(step) => self.zoo.pause_at = step,
            Command::SetParam { model, key, value } => self.zoo.set_param(model, &key, value),
            Command::ResetModel(model) => self.zoo.reset_model(model),
            Command::SaveSession {
                path,
                view,
                autosave,
            } => self.save_session(path, view, autosave),
            Command::LoadSession(path) => self.load_session(path),
            Command::Figure(request) => self.figure(request),
            Command::ExportCsv { stem, view, losses } => self.export_csv(&stem, view, &losses),
            Command::Infer {
                model,
                y,
                starts,
                step,
            } => self.infer(model, y, &starts, step),
            setting => self.apply_setting(setting),
        }
        self.settle_pause();
        if !self.training() {
            for slot in self.zoo.slots_mut() {
                slot.rate.reset();
            }
        }
        true
    }

    /// A command that changes one of the settings.
    fn apply_setting(&mut self, command: Command) {
        match command {
            Command::Play => {
                self.settings.playing = true;
                self.zoo.clear_errors();
            }
            Command::Pause => self.settings.playing = false,
            Command::Reset { seed } => self.reset(seed),
            Command::UndoReset => self.undo_reset(),
            Command::SetBeta(beta) => {
                self.settings.beta = beta;
                self.all_dirty = true;
            }
            Command::SetHyper(hyper) => {
                self.settings.hyper = hyper;
                for slot in self.zoo.slots_mut() {
                    slot.next_step_at = Instant::now();
                }
            }
            Command::SetData(source) => {
                self.settings.data = source;
                self.load_data();
            }
            Command::SetGrid(grid) => {
                self.settings.grid = grid;
                self.all_dirty = true;
            }
            Command::SetEnabled { model, enabled } => {
                self.settings.set_enabled(model, enabled);
                self.zoo.set_enabled(model, enabled);
            }
            Command::Focus(model) => {
                self.settings.focus = model;
                self.all_dirty = true;
            }
            Command::SetSlice(x) => {
                self.settings.slice = x;
                // Only conditional models change with x.
                for slot in self.zoo.slots_mut() {
                    if slot.id.spec().inputs == crate::models::spec::Inputs::XY {
                        slot.dirty = true;
                    }
                }
            }
            Command::SetProbe(probe) => {
                // Only the focused model answers the probe: the others' views stand.
                self.settings.probe = probe;
                let focus = self.settings.focus;
                if let Some(slot) = self.zoo.slots_mut().find(|s| s.id == focus) {
                    slot.dirty = true;
                }
            }
            _ => {}
        }
    }

    /// Takes on `new` whole: each difference is applied as its own command would be, except
    /// play: a model stopped by an error stays stopped.
    fn apply_settings(&mut self, new: Settings) {
        for command in changes(&self.settings, &new) {
            self.apply_setting(command);
        }
        self.settings.playing = new.playing;
    }

    /// Once every enabled model has reached the pause step, the run is paused.
    fn settle_pause(&mut self) {
        if let Some(at) = self.zoo.pause_at
            && self.settings.playing
            && self
                .zoo
                .enabled()
                .all(|s| s.step >= at || s.error.is_some())
        {
            self.settings.playing = false;
            self.zoo.pause_at = None;
            self.zoo.clear_pending();
            self.publish_now = true;
        }
    }

    /// Draws the data of the settings and puts it on the device; every view is redrawn.
    fn load_data(&mut self) {
        let points = self.settings.data.points(self.settings.seed);
        let inputs = self.settings.data.inputs(self.settings.seed);
        self.set_points(points.into(), inputs.map(Into::into));
    }

    /// Trains on `points` (with their inputs x, for conditional rows) from now on.
    fn set_points(&mut self, points: Arc<[[f32; 2]]>, inputs: Option<Arc<[f32]>>) {
        let train = self.device.clone().autodiff();
        self.data_train = batch_on(&points, inputs.as_deref(), &train);
        self.data_plain = batch_on(&points, inputs.as_deref(), &self.device);
        self.data = points;
        self.inputs = inputs;
        self.all_dirty = true;
    }

    fn train_burst(&mut self) {
        let start = Instant::now();
        let objective = Objective {
            beta: self.settings.training_beta(),
            learning_rate: self.settings.hyper.learning_rate,
        };
        let rate = self.settings.hyper.max_steps_per_sec.filter(|r| *r > 0.0);
        // No data (a cleared drawing): nothing to learn from until points come back.
        if self.data.is_empty() {
            return;
        }
        let playing = self.settings.playing;
        while start.elapsed() < BURST
            && self
                .zoo
                .step_ready(&self.data_train, objective, playing, rate)
        {}
        self.settle_pause();
    }
}

/// The setting commands that turn `old` into `new` (play/pause aside): data before a reset
/// (which redraws it from the new seed), enabled models before the focus.
fn changes(old: &Settings, new: &Settings) -> Vec<Command> {
    let mut out = Vec::new();
    if new.data != old.data {
        out.push(Command::SetData(new.data.clone()));
    }
    if new.seed != old.seed {
        out.push(Command::Reset { seed: new.seed });
    }
    if new.grid != old.grid {
        out.push(Command::SetGrid(new.grid));
    }
    if new.beta != old.beta {
        out.push(Command::SetBeta(new.beta));
    }
    if new.hyper != old.hyper {
        out.push(Command::SetHyper(new.hyper));
    }
    for model in ModelId::ALL {
        let enabled = new.enabled.contains(&model);
        if enabled != old.enabled.contains(&model) {
            out.push(Command::SetEnabled { model, enabled });
        }
    }
    if new.focus != old.focus {
        out.push(Command::Focus(new.focus));
    }
    if new.probe != old.probe {
        out.push(Command::SetProbe(new.probe));
    }
    if new.slice != old.slice {
        out.push(Command::SetSlice(new.slice));
    }
    out
}

//! The background trainer: one thread owns the burn device and the models; the UI talks to it
//! only through [`TrainerHandle`] (commands in, snapshots out), so it never waits on training.

mod checkpoint;
pub mod failure;
#[cfg(test)]
pub mod faults;
pub mod mailbox;
mod model_view;
mod pool;
pub mod protocol;
mod rate;
mod step;
mod worker;
mod zoo;

use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, unbounded};

use crate::backend::BackendChoice;
use crate::models::ModelFactory;
use crate::settings::Settings;
use failure::{Failure, Recovery, Resume, panic_message};
use mailbox::{MailboxReceiver, Received, mailbox};
pub use protocol::{Command, Event, ModelView, Snapshot};

/// How long closing waits for the trainer thread. A step takes milliseconds; a thread still
/// busy after this is stuck (a hung GPU driver, a stalled disk) and is left behind, so the
/// window always closes. Its files cannot be corrupted: every write is atomic.
pub const SHUTDOWN_GRACE: Duration = Duration::from_millis(1500);

/// Called by the trainer after each snapshot (the window's `request_repaint`).
pub type Repaint = Arc<dyn Fn() + Send + Sync>;

/// How the trainer starts.
#[derive(Clone, Debug, Default)]
pub struct TrainerConfig {
    /// The run: its models (the focused one drawn large), data, seed, β, optimiser, grid.
    pub settings: Settings,
    pub backend: BackendChoice,
    /// Makes the models (tests wrap them to inject faults).
    pub factory: ModelFactory,
}

impl TrainerConfig {
    pub fn new(settings: Settings, backend: BackendChoice) -> Self {
        TrainerConfig {
            settings,
            backend,
            factory: ModelFactory::default(),
        }
    }
}

/// Whether the trainer thread is alive.
#[derive(Clone, Debug, PartialEq)]
pub enum TrainerHealth {
    Running,
    /// The thread ended by itself (a panic inside a step); the message says why and names the
    /// model. [`TrainerHandle::restart`] brings it back from the last recovery point.
    Failed(String),
}

/// The UI's side of one trainer thread.
struct Thread {
    commands: Sender<Command>,
    snapshots: MailboxReceiver<Snapshot>,
    events: Receiver<Event>,
    join: Option<JoinHandle<Result<(), Failure>>>,
}

pub struct TrainerHandle {
    thread: Thread,
    failure: Option<Failure>,
    /// What a restart needs: the configuration, the repaint hook, the recovery point.
    config: TrainerConfig,
    repaint: Repaint,
    recovery: Recovery,
    restarts: u32,
    /// Whether a GPU failure restarts on the CPU by itself (the window) or is reported as a
    /// failure (headless jobs, whose results must come from one uninterrupted run).
    cpu_fallback: bool,
}

impl TrainerHandle {
    /// Starts the trainer thread. The backend is chosen on that thread, so a slow GPU start-up
    /// never delays the window; the first snapshot says which backend runs.
    pub fn spawn(config: TrainerConfig, repaint: Repaint) -> std::io::Result<Self> {
        let recovery = Recovery::default();
        let thread = start(&config, &repaint, &recovery, None)?;
        Ok(TrainerHandle {
            thread,
            failure: None,
            config,
            repaint,
            recovery,
            restarts: 0,
            cpu_fallback: true,
        })
    }

    /// Queues a command; never blocks. A dead trainer shows up in [`Self::health`].
    pub fn send(&self, command: Command) {
        // An error here means the thread has ended; `health` reports why.
        let _ = self.thread.commands.send(command);
    }

    /// The newest snapshot since the last call, if any. Never blocks.
    pub fn try_latest(&mut self) -> Option<Snapshot> {
        match self.thread.snapshots.try_recv() {
            Received::Value(s) => Some(s),
            Received::Empty | Received::Closed => None,
        }
    }

    /// Waits up to `timeout` for the next snapshot (tests and headless tools; never the UI).
    pub fn wait_snapshot(&self, timeout: Duration) -> Option<Snapshot> {
        self.thread.snapshots.recv_timeout(timeout)
    }

    /// The next outcome of a save, load or figure, if one arrived. Never blocks.
    pub fn try_event(&self) -> Option<Event> {
        self.thread.events.try_recv().ok()
    }

    /// Waits up to `timeout` for the next event (tests and headless tools; never the UI).
    pub fn wait_event(&self, timeout: Duration) -> Option<Event> {
        self.thread.events.recv_timeout(timeout).ok()
    }

    /// Whether the thread runs. A thread that failed on the GPU is replaced here by one on
    /// the CPU, from the recovery point, without asking: the status bar says why.
    pub fn health(&mut self) -> TrainerHealth {
        if self.failure.is_none() && self.thread.join.as_ref().is_some_and(|t| t.is_finished()) {
            let failure = match self.thread.join.take().map(JoinHandle::join) {
                Some(Ok(Err(failure))) => failure,
                // Not expected: the thread catches its own panics and reports who failed.
                Some(Err(payload)) => Failure::plain(panic_message(payload.as_ref())),
                Some(Ok(Ok(()))) | None => Failure::plain("the trainer stopped".to_owned()),
            };
            let gpu =
                self.cpu_fallback && failure.on_gpu && self.config.backend != BackendChoice::Cpu;
            self.failure = Some(failure);
            if gpu && self.restart_on_cpu().is_ok() {
                return TrainerHealth::Running;
            }
        }
        match &self.failure {
            Some(failure) => TrainerHealth::Failed(failure.to_string()),
            None => TrainerHealth::Running,
        }
    }

    /// Starts a new trainer thread from the recovery point (every model's weights as of at
    /// most a second before the failure). The model that failed comes back paused, its card
    /// saying what happened; the others go on training.
    pub fn restart(&mut self) -> std::io::Result<()> {
        let failure = self.failure.take();
        let point = self.recovery_point();
        let culprit = failure.as_ref().zip(point.as_ref()).and_then(|(f, point)| {
            let model = f.model?;
            let back_to = point
                .session
                .models
                .iter()
                .find(|m| m.model == model)
                .map_or(0, |m| m.step);
            Some((
                model,
                format!(
                    "{f}. The trainer restarted; {} is back at step {back_to}, paused: press \
                     Play to try again, or reset it",
                    model.title()
                ),
            ))
        });
        let resume = point.map(|point| Resume {
            point,
            culprit,
            backend_notice: None,
        });
        self.start_again(resume, failure)
    }

    /// After a failure on the GPU: the same models on the CPU from the recovery point.
    fn restart_on_cpu(&mut self) -> std::io::Result<()> {
        let failure = self.failure.take();
        let why = failure.as_ref().map_or(String::new(), |f| f.to_string());
        let point = self.recovery_point();
        let age = point.as_ref().map(|p| p.taken.elapsed().as_secs_f32());
        let notice = match age {
            Some(age) => format!(
                "the GPU failed ({why}); training goes on on the CPU from the weights of \
                 {age:.1} s earlier"
            ),
            None => format!("the GPU failed ({why}); training starts again on the CPU"),
        };
        self.config.backend = BackendChoice::Cpu;
        let resume = point.map(|point| Resume {
            point,
            culprit: None,
            backend_notice: Some(notice),
        });
        self.start_again(resume, failure)
    }

    fn recovery_point(&self) -> Option<failure::RecoveryPoint> {
        self.recovery
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn start_again(
        &mut self,
        resume: Option<Resume>,
        failure: Option<Failure>,
    ) -> std::io::Result<()> {
        let why = match (
            &failure,
            resume.as_ref().and_then(|r| r.backend_notice.as_ref()),
        ) {
            (_, Some(notice)) => notice.clone(),
            (Some(failure), None) => failure.to_string(),
            (None, None) => "asked to".to_owned(),
        };
        match start(&self.config, &self.repaint, &self.recovery, resume) {
            Ok(thread) => {
                self.shutdown();
                self.thread = thread;
                self.restarts += 1;
                log::warn!("the trainer restarted: {why}");
                Ok(())
            }
            Err(e) => {
                self.failure = failure;
                Err(e)
            }
        }
    }

    /// Makes a GPU failure a failure, instead of a restart on the CPU.
    pub fn without_cpu_fallback(mut self) -> Self {
        self.cpu_fallback = false;
        self
    }

    /// How many times the trainer was restarted after a failure.
    pub fn restarts(&self) -> u32 {
        self.restarts
    }

    /// Stops the thread and waits for it, at most [`SHUTDOWN_GRACE`].
    pub fn shutdown(&mut self) {
        self.send(Command::Shutdown);
        if let Some(thread) = self.thread.join.take() {
            let deadline = Instant::now() + SHUTDOWN_GRACE;
            while !thread.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(2));
            }
            if thread.is_finished() {
                let _ = thread.join();
            }
            // Otherwise the thread is stuck and stays behind, detached; the process ends it.
        }
    }

    pub fn is_joined(&self) -> bool {
        self.thread.join.is_none()
    }
}

impl Drop for TrainerHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Spawns a trainer thread. A panic inside it is caught at the thread boundary and becomes a
/// [`Failure`] naming the model that was running, so the window stays up and can restart it.
fn start(
    config: &TrainerConfig,
    repaint: &Repaint,
    recovery: &Recovery,
    resume: Option<Resume>,
) -> std::io::Result<Thread> {
    let (commands, command_rx) = unbounded();
    let (snapshot_tx, snapshots) = mailbox();
    let (event_tx, events) = unbounded();
    let links = worker::Links {
        commands: command_rx,
        snapshots: snapshot_tx,
        events: event_tx,
        repaint: Arc::clone(repaint),
        recovery: Arc::clone(recovery),
    };
    let (config, on_exit) = (config.clone(), Arc::clone(repaint));
    let join = std::thread::Builder::new()
        .name("energy-lab trainer".to_owned())
        .spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
                worker::Worker::new(config, links, resume).run()
            }))
            .unwrap_or_else(|payload| Err(Failure::here(panic_message(payload.as_ref()))));
            on_exit();
            result
        })?;
    Ok(Thread {
        commands,
        snapshots,
        events,
        join: Some(join),
    })
}

#[cfg(test)]
mod divergence_tests;
#[cfg(test)]
mod fault_tests;
#[cfg(test)]
mod inference_tests;
#[cfg(test)]
mod pool_tests;
#[cfg(test)]
mod session_tests;
#[cfg(test)]
mod trainer_tests;
#[cfg(test)]
mod zoo_tests;

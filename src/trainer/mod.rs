//! The background trainer: one thread owns the burn device and the models; the UI talks to it
//! only through [`TrainerHandle`] (commands in, snapshots out), so it never waits on training.

mod checkpoint;
pub mod mailbox;
pub mod model_view;
pub mod protocol;
pub mod views;
mod worker;
mod zoo;

use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender, unbounded};

use crate::backend::BackendChoice;
use crate::data::DataSource;
use crate::energy::{Beta, GridSpec};
use crate::models::ModelId;
use mailbox::{MailboxReceiver, Received, mailbox};
pub use protocol::{Command, Event, Hyper, ModelView, SessionSettings, Snapshot};

/// Called by the trainer after each snapshot (the window's `request_repaint`).
pub type Repaint = Arc<dyn Fn() + Send + Sync>;

/// How the trainer starts.
#[derive(Clone, Debug)]
pub struct TrainerConfig {
    /// The models enabled at start; the first is focused.
    pub models: Vec<ModelId>,
    pub backend: BackendChoice,
    pub seed: u64,
    pub beta: Beta,
    pub hyper: Hyper,
    pub grid: GridSpec,
    pub playing: bool,
    pub data: DataSource,
}

impl Default for TrainerConfig {
    fn default() -> Self {
        TrainerConfig {
            models: vec![ModelId::Ellipse],
            backend: BackendChoice::Auto,
            seed: 0,
            beta: Beta::Finite(1.0),
            hyper: Hyper::default(),
            grid: GridSpec::DEFAULT,
            playing: true,
            data: DataSource::default(),
        }
    }
}

/// Whether the trainer thread is alive.
#[derive(Clone, Debug, PartialEq)]
pub enum TrainerHealth {
    Running,
    /// The thread ended by itself (a panic inside a step); the message says why.
    Failed(String),
}

pub struct TrainerHandle {
    commands: Sender<Command>,
    snapshots: MailboxReceiver<Snapshot>,
    events: Receiver<Event>,
    thread: Option<JoinHandle<Result<(), String>>>,
    failure: Option<String>,
}

impl TrainerHandle {
    /// Starts the trainer thread. The backend is chosen on that thread, so a slow GPU start-up
    /// never delays the window; the first snapshot says which backend runs.
    pub fn spawn(config: TrainerConfig, repaint: Repaint) -> std::io::Result<Self> {
        let (commands, command_rx) = unbounded();
        let (snapshot_tx, snapshots) = mailbox();
        let (event_tx, events) = unbounded();
        let thread = std::thread::Builder::new()
            .name("energy-lab trainer".to_owned())
            .spawn(move || {
                let on_exit = Arc::clone(&repaint);
                // A panic inside a step must not take the window down: catch it at the thread
                // boundary and report it through the join handle.
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
                    worker::Worker::new(config, command_rx, snapshot_tx, event_tx, repaint).run();
                }))
                .map_err(|payload| panic_message(payload.as_ref()));
                on_exit();
                result
            })?;
        Ok(TrainerHandle {
            commands,
            snapshots,
            events,
            thread: Some(thread),
            failure: None,
        })
    }

    /// Queues a command; never blocks. A dead trainer shows up in [`Self::health`].
    pub fn send(&self, command: Command) {
        // An error here means the thread has ended; `health` reports why.
        let _ = self.commands.send(command);
    }

    /// The newest snapshot since the last call, if any. Never blocks.
    pub fn try_latest(&mut self) -> Option<Snapshot> {
        match self.snapshots.try_recv() {
            Received::Value(s) => Some(s),
            Received::Empty | Received::Closed => None,
        }
    }

    /// Waits up to `timeout` for the next snapshot (tests and headless tools; never the UI).
    pub fn wait_snapshot(&self, timeout: Duration) -> Option<Snapshot> {
        self.snapshots.recv_timeout(timeout)
    }

    /// The next outcome of a save, load or figure, if one arrived. Never blocks.
    pub fn try_event(&self) -> Option<Event> {
        self.events.try_recv().ok()
    }

    /// Waits up to `timeout` for the next event (tests and headless tools; never the UI).
    pub fn wait_event(&self, timeout: Duration) -> Option<Event> {
        self.events.recv_timeout(timeout).ok()
    }

    pub fn health(&mut self) -> TrainerHealth {
        if self.failure.is_none() && self.thread.as_ref().is_some_and(|t| t.is_finished()) {
            self.failure = match self.thread.take().map(JoinHandle::join) {
                Some(Ok(Err(message))) => Some(message),
                Some(Err(payload)) => Some(panic_message(payload.as_ref())),
                Some(Ok(Ok(()))) | None => Some("the trainer stopped".to_owned()),
            };
        }
        match &self.failure {
            Some(message) => TrainerHealth::Failed(message.clone()),
            None => TrainerHealth::Running,
        }
    }

    /// Stops the thread and waits for it. Steps take milliseconds, so this returns promptly.
    pub fn shutdown(&mut self) {
        self.send(Command::Shutdown);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    pub fn is_joined(&self) -> bool {
        self.thread.is_none()
    }
}

impl Drop for TrainerHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        format!("trainer panicked: {s}")
    } else if let Some(s) = payload.downcast_ref::<String>() {
        format!("trainer panicked: {s}")
    } else {
        "trainer panicked".to_owned()
    }
}

#[cfg(test)]
mod divergence_tests;
#[cfg(test)]
mod session_tests;
#[cfg(test)]
mod tests;

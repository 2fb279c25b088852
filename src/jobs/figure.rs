//! `energy-lab figure`: the real trainer, without a window — open a session or start the
//! models, train N steps, draw. The same code path as the app's *Export figure…*.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::figure::FigureRequest;
use crate::trainer::{Command, Event, TrainerConfig, TrainerHandle, TrainerHealth};

pub struct FigureJob {
    /// Models, data, seed, β and learning rate (when no session is given).
    pub config: TrainerConfig,
    pub session: Option<PathBuf>,
    /// Steps every model trains before the figure is drawn.
    pub steps: u64,
    /// Knobs set before training (a lesson's).
    pub set: Vec<(crate::models::ModelId, String, f32)>,
    pub request: FigureRequest,
}

/// What the job reports on success.
#[derive(Clone, Debug, serde::Serialize)]
pub struct FigureSummary {
    pub out: PathBuf,
    pub models: Vec<String>,
    pub steps: Vec<u64>,
    pub backend: String,
}

#[derive(Debug, thiserror::Error)]
pub enum FigureJobError {
    #[error("could not start the trainer: {0}")]
    Spawn(#[from] std::io::Error),
    #[error("the trainer stopped: {0}")]
    TrainerDied(String),
    #[error("could not open the session: {0}")]
    Session(String),
    #[error("{0}")]
    Training(String),
    #[error("{0}")]
    Figure(String),
}

pub fn run_figure(job: FigureJob) -> Result<FigureSummary, FigureJobError> {
    let mut config = job.config;
    config.settings.playing = false;
    // As fast as the device goes: the speed limit is for watching.
    config.settings.hyper.max_steps_per_sec = None;
    // A figure comes from one uninterrupted run: a GPU failure is an error, not a restart.
    let mut trainer = TrainerHandle::spawn(config, Arc::new(|| {}))?.without_cpu_fallback();
    let mut sent = 0u64;
    if let Some(path) = job.session {
        trainer.send(Command::LoadSession(path));
        sent += 1;
        match wait_event(&mut trainer)? {
            Event::Loaded { .. } => {}
            Event::Failed { message, .. } => return Err(FigureJobError::Session(message)),
            other => return Err(FigureJobError::Session(format!("unexpected {other:?}"))),
        }
    }
    for (model, key, value) in job.set {
        trainer.send(Command::SetParam { model, key, value });
        sent += 1;
    }
    // Pending steps count per model, at most u32::MAX at a time.
    let mut left = job.steps;
    while left > 0 {
        let n = left.min(u64::from(u32::MAX)) as u32;
        trainer.send(Command::Step(n));
        sent += 1;
        left -= u64::from(n);
    }
    let mut progress = super::progress::Progress::on_stderr("training", job.steps);
    let mut first_seen: Option<u64> = None;
    let snapshot = loop {
        let Some(s) = trainer.wait_snapshot(Duration::from_millis(500)) else {
            if let TrainerHealth::Failed(why) = trainer.health() {
                return Err(FigureJobError::TrainerDied(why));
            }
            continue;
        };
        if s.commands_applied >= sent && !s.stepping {
            break s;
        }
        // The slowest model's steps since the job began.
        let slowest = s.models.iter().map(|v| v.step).min().unwrap_or(0);
        let base = *first_seen.get_or_insert(slowest);
        progress.update(slowest.saturating_sub(base));
    };
    progress.finish();
    if let Some(error) = snapshot.models.iter().find_map(|v| v.error.clone()) {
        return Err(FigureJobError::Training(error));
    }
    let out = job.request.path.clone();
    trainer.send(Command::Figure(job.request));
    // The step counts the figure was drawn at: the last snapshot may carry an older view of a
    // model whose map was not refreshed since its last steps.
    let steps = match wait_event(&mut trainer)? {
        Event::FigureWritten { steps, .. } => steps,
        Event::Failed { message, .. } => return Err(FigureJobError::Figure(message)),
        other => return Err(FigureJobError::Figure(format!("unexpected {other:?}"))),
    };
    Ok(FigureSummary {
        out,
        models: steps.iter().map(|(id, _)| id.to_string()).collect(),
        steps: steps.iter().map(|(_, n)| *n).collect(),
        backend: snapshot.backend.kind.to_string(),
    })
}

/// The next event, however long the trainer takes; an error if it dies meanwhile.
fn wait_event(trainer: &mut TrainerHandle) -> Result<Event, FigureJobError> {
    loop {
        if let Some(event) = trainer.wait_event(Duration::from_millis(500)) {
            return Ok(event);
        }
        if let TrainerHealth::Failed(why) = trainer.health() {
            return Err(FigureJobError::TrainerDied(why));
        }
    }
}

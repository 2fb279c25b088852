//! The UI's β latency, measured through the real trainer thread: from sending `SetBeta` to the
//! first snapshot whose focused F_β surface carries that β, while the models train.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::landscape::square_grid;
use super::{Plan, Row};
use crate::backend::BackendChoice;
use crate::energy::Beta;
use crate::models::ModelId;
use crate::settings::Settings;
use crate::trainer::{Command, TrainerConfig, TrainerHandle};

/// Longest wait for one surface before the job is reported as failed.
const TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum LatencyError {
    #[error("could not start the trainer thread: {0}")]
    Spawn(#[from] std::io::Error),
    #[error("no snapshot with β = {0} arrived within {TIMEOUT:?}")]
    NoSurface(Beta),
}

/// Latency from β change to surface at a `side`² grid with `models` training (the first is
/// the focused one whose surface is awaited).
pub fn beta_to_surface(
    models: &[ModelId],
    side: usize,
    choice: BackendChoice,
    plan: Plan,
) -> Result<Row, LatencyError> {
    let mut settings = Settings::default().with_models(models);
    settings.grid = square_grid(side);
    let config = TrainerConfig::new(settings, choice);
    let mut trainer = TrainerHandle::spawn(config, Arc::new(|| {}))?.without_cpu_fallback();
    let focus = models.first().copied().unwrap_or(ModelId::Ellipse);
    let mut backend = String::new();
    let mut times = Vec::with_capacity(plan.runs);
    // Distinct β each time, between the course's 1 and 3.2, so every change is a real one.
    for i in 0..plan.warmup + plan.runs {
        let beta = Beta::Finite(1.0 + 0.01 * (i % 200) as f32 + if i % 2 == 0 { 0.0 } else { 2.0 });
        let sent = Instant::now();
        trainer.send(Command::SetBeta(beta));
        loop {
            let remaining = TIMEOUT.saturating_sub(sent.elapsed());
            let Some(snapshot) = trainer.wait_snapshot(remaining) else {
                trainer.shutdown();
                return Err(LatencyError::NoSurface(beta));
            };
            backend = snapshot.backend.kind.to_string();
            if snapshot
                .view(focus)
                .is_some_and(|v| v.landscape.beta == beta)
            {
                break;
            }
        }
        if i >= plan.warmup {
            times.push(sent.elapsed().as_secs_f64() * 1e3);
        }
    }
    trainer.shutdown();
    let what = if models.len() == 1 {
        format!("{focus} training")
    } else {
        format!("all {} models training", models.len())
    };
    Ok(Row::new(
        format!("β change → surface, {side}², {what}"),
        &backend,
        &times,
    ))
}

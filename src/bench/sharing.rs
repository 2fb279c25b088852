//! What training several models at once costs, through the real trainer thread (views and
//! all): each model's steps/s training alone (solo_i), then every model's steps/s S_i with all
//! of them enabled, and the share Σ S_i / solo_i. 1 means enabling the others costs nothing in
//! total throughput (one core's worth of work spread over the models); above 1 the cores
//! add up. Steps are counted between two snapshots, after a warm-up; the window is counted
//! in steps of the slowest model, never in seconds.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{Plan, Row};
use crate::backend::BackendChoice;
use crate::models::ModelId;
use crate::settings::Settings;
use crate::trainer::{Command, TrainerConfig, TrainerHandle};

/// Longest wait for a snapshot before the job is reported as failed.
const TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum SharingError {
    #[error("could not start the trainer thread: {0}")]
    Spawn(#[from] std::io::Error),
    #[error("the trainer stopped sending snapshots while {0} trained")]
    Stalled(String),
}

/// What one configuration measured.
pub struct Rates {
    /// Steps per second of each model.
    pub per_model: Vec<(ModelId, f64)>,
    /// The share of the window the trainer spent computing views.
    pub views: f64,
    /// Snapshots (view refreshes) per second.
    pub snapshots: f64,
}

/// Steps per second of each of `models`, all enabled and training at full speed, over a
/// window of at least `MIN_WINDOW` and `window` steps of the slowest model.
pub fn rates(models: &[ModelId], choice: BackendChoice, plan: Plan) -> Result<Rates, SharingError> {
    let mut settings = Settings::default().with_models(models);
    settings.playing = true;
    // Full speed: the window's default speed limit would make every rate the same.
    settings.hyper.max_steps_per_sec = None;
    let mut trainer = TrainerHandle::spawn(TrainerConfig::new(settings, choice), Arc::new(|| {}))?
        .without_cpu_fallback();
    let (warmup, window, min_window) = if plan.quick {
        (5, 20, Duration::from_millis(500))
    } else {
        (50, 400, Duration::from_secs(3))
    };
    let what = || format!("{models:?}");
    let mut views_ms = 0.0;
    let mut snapshots = 0u64;
    // Each model's step count now. A view's `step` is when its surface was drawn, and the
    // small multiples are redrawn stalest first, so it can lag by several refreshes; the
    // losses every step reports are live.
    let mut steps: HashMap<ModelId, u64> = HashMap::new();
    let mut wait_until = |done: &dyn Fn(u64, Instant) -> bool| {
        loop {
            let snapshot = trainer
                .wait_snapshot(TIMEOUT)
                .ok_or_else(|| SharingError::Stalled(what()))?;
            views_ms += f64::from(snapshot.views_ms);
            snapshots += 1;
            for view in &snapshot.models {
                let live = view.new_losses.last().map_or(view.step, |p| p.step + 1);
                let known = steps.entry(view.model).or_default();
                *known = (*known).max(live).max(view.step);
            }
            let least = models
                .iter()
                .map(|id| steps.get(id).copied().unwrap_or(0))
                .min();
            let now = Instant::now();
            if snapshot.models.len() == models.len() && done(least.unwrap_or(0), now) {
                return Ok::<_, SharingError>((now, steps.clone(), snapshots, snapshot.views_ms));
            }
        }
    };
    let (start, first, snapshots_before, first_views_ms) = wait_until(&|least, _| least >= warmup)?;
    let (end, last, snapshots_after, _) = {
        let least_then = models.iter().map(|id| first[id]).min().unwrap_or(0);
        let min_end = start + min_window;
        wait_until(&|least, now| least >= least_then + window && now >= min_end)?
    };
    // The views of the last snapshot count, those of the first do not (computed before it).
    views_ms -= f64::from(first_views_ms);
    let seconds = (end - start).as_secs_f64();
    trainer.send(Command::Pause);
    trainer.shutdown();
    let per_model = models
        .iter()
        .map(|&id| (id, (last[&id] - first[&id]) as f64 / seconds))
        .collect();
    Ok(Rates {
        per_model,
        views: views_ms / 1e3 / seconds,
        snapshots: (snapshots_after - snapshots_before) as f64 / seconds,
    })
}

/// The rows: each model alone and beside the others (ms per step), then the share.
pub fn rows(choice: BackendChoice, plan: Plan, label: &str) -> Result<Vec<Row>, SharingError> {
    let all = ModelId::ALL;
    let together = rates(&all, choice, plan)?;
    let mut rows = Vec::new();
    let mut share = 0.0;
    let mut solo_views = Vec::new();
    for &(id, rate) in &together.per_model {
        let alone = rates(&[id], choice, plan)?;
        solo_views.push(alone.views);
        let solo = alone.per_model[0].1;
        share += rate / solo;
        rows.push(Row::new(
            format!("trainer: {id} alone, ms per step"),
            label,
            &[1e3 / solo],
        ));
        let job = format!("trainer: {id} beside {} others, ms per step", all.len() - 1);
        rows.push(Row::new(job, label, &[1e3 / rate]));
    }
    let mut views = Row::new(
        "trainer: share of time on views, one model alone (median)".to_owned(),
        label,
        &[super::percentile(&solo_views, 0.5)],
    );
    views.unit = "×";
    rows.push(views);
    let mut views = Row::new(
        format!("trainer: share of time on views, {} models", all.len()),
        label,
        &[together.views],
    );
    views.unit = "×";
    rows.push(views);
    let mut refreshes = Row::new(
        format!("trainer: view refreshes per second, {} models", all.len()),
        label,
        &[together.snapshots],
    );
    refreshes.unit = "/s";
    rows.push(refreshes);
    let mut summary = Row::new(
        format!(
            "sharing: Σ S_i/solo_i, {} models, {} cores",
            all.len(),
            cores()
        ),
        label,
        &[share],
    );
    summary.unit = "×";
    rows.push(summary);
    Ok(rows)
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

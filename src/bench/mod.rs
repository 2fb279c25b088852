//! `energy-lab bench`: medians and p95 of the hot paths, measured after warm-up on the chosen
//! backend, beside the PyTorch times the issue set as targets. Speed targets live here, never
//! in timed unit tests.
//!
//! - `reference`: the PyTorch table's jobs with its exact shapes,
//! - `landscape`: F_β and MLP energies on grids, through burn and through the host kernels,
//! - `latency`: β change to surface through the real trainer thread,
//! - `rows`: one measured job and the table the command prints,
//! - this file: the plan, the app's own models' steps.

pub mod landscape;
pub mod latency;
pub mod pytorch;
pub mod reference;
mod rows;
pub mod sharing;
pub mod ui;

use std::time::Instant;

use burn::tensor::Device;

use crate::backend::{self, BackendChoice};
use crate::data::EllipseData;
use crate::energy::free_energy::points_tensor;
use crate::models::Batch;
use crate::models::{ModelError, ModelId, Objective};
use landscape::{Decoder, square_grid};
use pytorch::Side;
pub use rows::{Row, header, line, table};

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Latency(#[from] latency::LatencyError),
    #[error(transparent)]
    Ui(#[from] ui::UiError),
    #[error(transparent)]
    Pytorch(#[from] pytorch::PytorchError),
    #[error(transparent)]
    Sharing(#[from] sharing::SharingError),
}

/// The bench's groups of jobs (`bench --jobs`), in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Group {
    /// The PyTorch table's training jobs (MLP, AE, GAN) and burn's op floor.
    Steps,
    /// F_β and MLP energies on grids.
    Landscapes,
    /// Every model of the app, one step.
    Models,
    /// Several models training at once through the trainer: Σ S_i/solo_i.
    Sharing,
    /// β change → surface through the trainer.
    Latency,
    /// The real window (needs a display).
    Ui,
}

impl Group {
    pub const ALL: [Group; 6] = [
        Group::Steps,
        Group::Landscapes,
        Group::Models,
        Group::Sharing,
        Group::Latency,
        Group::Ui,
    ];
}

/// How long to measure: `quick` for a smoke run (CI), else enough runs for a stable p95.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    pub warmup: usize,
    pub runs: usize,
    pub quick: bool,
}

impl Plan {
    pub fn new(quick: bool) -> Self {
        let (warmup, runs) = if quick { (2, 5) } else { (20, 200) };
        Plan {
            warmup,
            runs,
            quick,
        }
    }

    /// Fewer runs for jobs that take a second or more each.
    fn slow(self) -> Self {
        Plan {
            warmup: self.warmup.min(3),
            runs: self.runs.min(20),
            quick: self.quick,
        }
    }
}

/// Nearest-rank percentile of `times` (milliseconds), `q` in 0..=1.
pub fn percentile(times: &[f64], q: f64) -> f64 {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn measure<T>(
    job: String,
    backend: &str,
    plan: Plan,
    mut run: impl FnMut() -> Result<T, ModelError>,
) -> Result<Row, ModelError> {
    for _ in 0..plan.warmup {
        run()?;
    }
    let mut times = Vec::with_capacity(plan.runs);
    for _ in 0..plan.runs {
        let start = Instant::now();
        run()?;
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    Ok(Row::new(job, backend, &times))
}

/// Every job, in the order of the table; `progress` sees each row as it is measured. With
/// `pytorch` (an interpreter with torch), PyTorch times the comparable jobs first, in this run.
pub fn run(
    choice: BackendChoice,
    plan: Plan,
    groups: &[Group],
    pytorch: &Side,
    mut progress: impl FnMut(&Row),
) -> Result<Vec<Row>, BenchError> {
    let active = backend::select(choice);
    let label = active.info.kind.to_string();
    let device = active.device;
    let mut rows = Vec::new();
    let mut push = |row: Row| {
        progress(&row);
        rows.push(row);
    };
    let wants = |group| groups.contains(&group);
    if wants(Group::Steps) {
        reference_jobs(&device, &label, plan, pytorch, &mut push)?;
    }
    if wants(Group::Landscapes) {
        landscape_jobs(&device, &label, plan, pytorch, &mut push)?;
    }
    if wants(Group::Models) {
        model_steps(&device, &label, plan, &mut push)?;
    }
    if wants(Group::Sharing) {
        for row in sharing::rows(choice, plan, &label)? {
            push(row);
        }
    }
    if wants(Group::Latency) {
        for models in [vec![ModelId::Ellipse], ModelId::ALL.to_vec()] {
            push(latency::beta_to_surface(&models, 256, choice, plan)?);
        }
    }
    if wants(Group::Ui) && !ui::display_available() {
        eprintln!("no display: the UI rows (frame time, first frame, memory) are skipped");
    } else if wants(Group::Ui) {
        for row in ui::ui_rows(choice, plan)? {
            push(row);
        }
    }
    Ok(rows)
}

fn reference_jobs(
    device: &Device,
    label: &str,
    plan: Plan,
    pytorch: &Side,
    push: &mut impl FnMut(Row),
) -> Result<(), ModelError> {
    for (tracked, what) in [(false, "plain"), (true, "tracked")] {
        let mut floor = reference::OpFloor::new(device, tracked);
        let job = format!("burn op: one {what} elementwise op, [256, 64]");
        let per_op = 1.0 / reference::OpFloor::OPS as f64;
        push(measure(job, label, plan, || floor.run())?.scaled(per_op));
    }
    for size in pytorch::BATCHES {
        step_parts(size, device, label, plan, pytorch, push)?;
    }
    for size in pytorch::BATCHES {
        let mut mlp = reference::MlpStep::new(size, device);
        let job = pytorch::name::mlp_step(size);
        push(measure(job, label, plan, || mlp.run())?.against(pytorch));
        let mut ae = reference::AeStep::new(size, device);
        let job = pytorch::name::ae_step(size);
        push(measure(job, label, plan, || ae.run())?.against(pytorch));
        let mut gan = reference::GanIteration::new(size, device);
        let job = pytorch::name::gan_iteration(size);
        push(measure(job, label, plan, || gan.run())?.against(pytorch));
    }
    Ok(())
}

/// Where the MLP step's time goes: forward + loss, backward, Adam, each its own row (with
/// PyTorch's same parts beside them: the profile that says which part is behind).
fn step_parts(
    size: usize,
    device: &Device,
    label: &str,
    plan: Plan,
    pytorch: &Side,
    push: &mut impl FnMut(Row),
) -> Result<(), ModelError> {
    let mut step = reference::MlpStep::new(size, device);
    for _ in 0..plan.warmup {
        step.run_parts()?;
    }
    let mut parts: [Vec<f64>; 3] = Default::default();
    for _ in 0..plan.runs {
        for (times, ms) in parts.iter_mut().zip(step.run_parts()?) {
            times.push(ms);
        }
    }
    for (part, times) in parts.iter().enumerate() {
        let job = pytorch::name::mlp_step_part(size, part);
        push(Row::new(job, label, times).against(pytorch));
    }
    Ok(())
}

fn landscape_jobs(
    device: &Device,
    label: &str,
    plan: Plan,
    pytorch: &Side,
    push: &mut impl FnMut(Row),
) -> Result<(), ModelError> {
    let net = landscape::grid_mlp(device);
    for &side in pytorch::grid_sides(plan) {
        let spec = square_grid(side);
        let plan = if side >= 512 { plan.slow() } else { plan };
        for decoder in [Decoder::Ellipse, Decoder::neural(device)] {
            for &k in pytorch::latent_counts(plan) {
                let job = pytorch::name::free_energy(side, k, decoder.name());
                let tensor = measure(job.clone(), label, plan.slow(), || {
                    landscape::tensor_surface(&decoder, k, &spec, device)
                })?;
                let fused = measure(job, "host", plan, || {
                    landscape::fused_surface(&decoder, k, &spec, device)
                })?;
                for row in [tensor, fused] {
                    push(row.against(pytorch));
                }
            }
        }
        let job = pytorch::name::mlp_energy(side);
        let tensor = measure(job.clone(), label, plan.slow(), || {
            landscape::tensor_mlp(&net, &spec, device)
        })?;
        let host = measure(job, "host", plan, || landscape::host_mlp(&net, &spec))?;
        for row in [tensor, host] {
            push(row.against(pytorch));
        }
    }
    Ok(())
}

/// Every model of the app, one optimiser step (GAN: one iteration of its k_C:k_G schedule) on a
/// whole batch of 256 and of 4096 ellipse points. The window's trainer draws minibatches of at
/// most `learner::BATCH` (256) from larger data sets, so the 256 rows are its pace.
fn model_steps(
    device: &Device,
    label: &str,
    plan: Plan,
    push: &mut impl FnMut(Row),
) -> Result<(), ModelError> {
    let objective = Objective {
        beta: crate::energy::Beta::Infinite,
        learning_rate: 1e-3,
    };
    for count in [256, 4096] {
        let data = EllipseData {
            count,
            ..EllipseData::default()
        }
        .generate(0);
        let data = Batch::of(points_tensor(&data, &device.clone().autodiff()));
        for id in ModelId::ALL {
            let mut model = id.create(device, 0);
            let job = format!("app {id} step, batch {count}");
            push(measure(job, label, plan, || {
                model.train_step(&data, objective)
            })?);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let times: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&times, 0.5), 50.0);
        assert_eq!(percentile(&times, 0.95), 95.0);
        assert_eq!(percentile(&[3.0], 0.95), 3.0);
        assert!(percentile(&[], 0.5).is_nan());
    }

    /// Every comparable job PyTorch runs has an energy-lab row of the same name.
    #[test]
    fn pytorch_jobs_are_named_like_our_rows() {
        let plan = Plan::new(true);
        let names: Vec<String> = pytorch::comparable_jobs(plan, &Group::ALL)
            .into_iter()
            .map(|j| j.name)
            .collect();
        assert!(names.contains(&"MLP 2→64→64→1 step, batch 256".to_owned()));
        assert!(names.contains(&"F_β 256², 48 latents, neural decoder".to_owned()));
        assert!(names.contains(&"MLP 2→64→64→1 energy, 256² grid".to_owned()));
        assert!(names.contains(&"MLP step part, batch 4096: backward".to_owned()));
        // Per batch size: 3 steps and 3 step parts; per grid side (2, quick): 2 F_β and 1 MLP.
        assert_eq!(names.len(), 2 * (3 + 3) + 2 * (2 + 1));
    }
}

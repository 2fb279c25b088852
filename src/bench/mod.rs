//! `energy-lab bench`: medians and p95 of the hot paths, measured after warm-up on the chosen
//! backend, beside the PyTorch times the issue set as targets. Speed targets live here, never
//! in timed unit tests.
//!
//! - `reference`: the PyTorch table's jobs with its exact shapes,
//! - `landscape`: F_β and MLP energies on grids, through burn and through the host kernels,
//! - `latency`: β change to surface through the real trainer thread,
//! - this file: the app's own models' steps, and the table.

pub mod landscape;
pub mod latency;
pub mod reference;
pub mod ui;

use std::time::Instant;

use burn::tensor::Device;

use crate::backend::{self, BackendChoice};
use crate::data::EllipseData;
use crate::energy::free_energy::points_tensor;
use crate::models::Batch;
use crate::models::{ModelError, ModelId, Objective};
use landscape::{Decoder, square_grid};

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Latency(#[from] latency::LatencyError),
    #[error(transparent)]
    Ui(#[from] ui::UiError),
}

/// One measured job.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Row {
    pub job: String,
    /// What ran it: "cpu" / "wgpu" (burn), or "host" (the fused kernels of `crate::kernels`).
    pub backend: String,
    /// "ms" for times, "MiB" for memory.
    pub unit: &'static str,
    pub median: f64,
    pub p95: f64,
    pub runs: usize,
    /// PyTorch 2.15 eager on the same 2-core CPU, where the issue gives one.
    pub pytorch_ms: Option<f64>,
}

impl Row {
    pub fn new(job: String, backend: &str, times: &[f64]) -> Self {
        Row {
            job,
            backend: backend.to_owned(),
            unit: "ms",
            median: percentile(times, 0.5),
            p95: percentile(times, 0.95),
            runs: times.len(),
            pytorch_ms: None,
        }
    }

    fn against(self, pytorch_ms: f64) -> Self {
        self.against_maybe(Some(pytorch_ms))
    }

    fn against_maybe(mut self, pytorch_ms: Option<f64>) -> Self {
        self.pytorch_ms = pytorch_ms;
        self
    }

    /// The row of a job that ran `1 / factor` times inside each measured run.
    fn scaled(mut self, factor: f64) -> Self {
        self.median *= factor;
        self.p95 *= factor;
        self
    }

    /// Runs per second at the median, for time rows: steps/s for the training jobs.
    pub fn per_second(&self) -> Option<f64> {
        (self.unit == "ms" && self.median > 0.0).then(|| 1e3 / self.median)
    }

    /// Median over PyTorch's time: ≤ 1 meets the target.
    pub fn ratio(&self) -> Option<f64> {
        self.pytorch_ms.map(|p| self.median / p)
    }
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

/// Every job, in the order of the table; `progress` sees each row as it is measured.
pub fn run(
    choice: BackendChoice,
    plan: Plan,
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
    reference_jobs(&device, &label, plan, &mut push)?;
    landscape_jobs(&device, &label, plan, &mut push)?;
    model_steps(&device, &label, plan, &mut push)?;
    for models in [vec![ModelId::Ellipse], ModelId::ALL.to_vec()] {
        push(latency::beta_to_surface(&models, 256, choice, plan)?);
    }
    if ui::display_available() {
        for row in ui::ui_rows(choice, plan)? {
            push(row);
        }
    } else {
        eprintln!("no display: the UI rows (frame time, first frame, memory) are skipped");
    }
    Ok(rows)
}

fn reference_jobs(
    device: &Device,
    label: &str,
    plan: Plan,
    push: &mut impl FnMut(Row),
) -> Result<(), ModelError> {
    for (tracked, what) in [(false, "plain"), (true, "tracked")] {
        let mut floor = reference::OpFloor::new(device, tracked);
        let job = format!("burn op: one {what} elementwise op, [256, 64]");
        let per_op = 1.0 / reference::OpFloor::OPS as f64;
        push(measure(job, label, plan, || floor.run())?.scaled(per_op));
    }
    step_parts(device, label, plan, push)?;
    // PyTorch's times are for batch 256; 4096 shows how each job scales.
    for size in [256, 4096] {
        let target = |ms: f64| if size == 256 { Some(ms) } else { None };
        let mut mlp = reference::MlpStep::new(size, device);
        let row = measure(
            format!("MLP 2→64→64→1 step, batch {size}"),
            label,
            plan,
            || mlp.run(),
        )?;
        push(row.against_maybe(target(0.31)));
        let mut ae = reference::AeStep::new(size, device);
        let job = format!("AE 2→64→64→1→64→64→2 step, batch {size}");
        push(measure(job, label, plan, || ae.run())?.against_maybe(target(0.53)));
        let mut gan = reference::GanIteration::new(size, device);
        let job = format!("GAN pair iteration, batch {size}");
        push(measure(job, label, plan, || gan.run())?.against_maybe(target(0.87)));
    }
    Ok(())
}

/// Where the MLP step's time goes: forward + loss, backward, Adam, each its own row.
fn step_parts(
    device: &Device,
    label: &str,
    plan: Plan,
    push: &mut impl FnMut(Row),
) -> Result<(), ModelError> {
    let mut step = reference::MlpStep::new(256, device);
    for _ in 0..plan.warmup {
        step.run_parts()?;
    }
    let mut parts: [Vec<f64>; 3] = Default::default();
    for _ in 0..plan.runs {
        for (times, ms) in parts.iter_mut().zip(step.run_parts()?) {
            times.push(ms);
        }
    }
    let names = ["forward + loss", "backward", "Adam update"];
    for (name, times) in names.iter().zip(&parts) {
        let job = format!("MLP step part, batch 256: {name}");
        push(Row::new(job, label, times));
    }
    Ok(())
}

fn landscape_jobs(
    device: &Device,
    label: &str,
    plan: Plan,
    push: &mut impl FnMut(Row),
) -> Result<(), ModelError> {
    let sides: &[usize] = if plan.quick {
        &[128, 256]
    } else {
        &[128, 256, 512]
    };
    let latents: &[usize] = if plan.quick { &[48] } else { &[48, 256] };
    let net = landscape::grid_mlp(device);
    for &side in sides {
        let spec = square_grid(side);
        let plan = if side >= 512 { plan.slow() } else { plan };
        for decoder in [Decoder::Ellipse, Decoder::neural(device)] {
            for &k in latents {
                let job = format!("F_β {side}², {k} latents, {}", decoder.name());
                let pytorch = match (&decoder, side, k) {
                    (Decoder::Ellipse, 256, 48) => Some(5.0),
                    (Decoder::Neural(_), 256, 48) => Some(7.2),
                    _ => None,
                };
                let tensor = measure(job.clone(), label, plan.slow(), || {
                    landscape::tensor_surface(&decoder, k, &spec, device)
                })?;
                let fused = measure(job, "host", plan, || {
                    landscape::fused_surface(&decoder, k, &spec, device)
                })?;
                for row in [tensor, fused] {
                    push(row.against_maybe(pytorch));
                }
            }
        }
        let job = format!("MLP 2→64→64→1 energy, {side}² grid");
        let tensor = measure(job.clone(), label, plan.slow(), || {
            landscape::tensor_mlp(&net, &spec, device)
        })?;
        let host = measure(job, "host", plan, || landscape::host_mlp(&net, &spec))?;
        for row in [tensor, host] {
            push(if side == 256 { row.against(6.5) } else { row });
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

/// The table the command prints.
pub fn table(rows: &[Row]) -> String {
    let mut out = header();
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

pub fn header() -> String {
    format!(
        "{:<48} {:>7} {:>10} {:>9} {:>4} {:>8} {:>6} {:>10} {:>6}\n",
        "job", "backend", "median", "p95", "unit", "per s", "runs", "PyTorch ms", "ratio"
    )
}

pub fn line(r: &Row) -> String {
    let (pytorch, ratio) = match (r.pytorch_ms, r.ratio()) {
        (Some(p), Some(q)) => (format!("{p:.2}"), format!("{q:.2}")),
        _ => (String::new(), String::new()),
    };
    let rate = r
        .per_second()
        .map(|v| format!("{v:.0}"))
        .unwrap_or_default();
    format!(
        "{:<48} {:>7} {:>10.3} {:>9.3} {:>4} {:>8} {:>6} {:>10} {:>6}\n",
        r.job, r.backend, r.median, r.p95, r.unit, rate, r.runs, pytorch, ratio
    )
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

    #[test]
    fn rows_carry_the_ratio_to_pytorch() {
        let row = Row::new("x".into(), "cpu", &[1.0, 2.0, 3.0]).against(4.0);
        assert_eq!(row.ratio(), Some(0.5));
        let text = line(&row);
        assert!(
            text.contains("4.00") && text.trim_end().ends_with("0.50"),
            "{text}"
        );
        assert_eq!(row.per_second(), Some(500.0));
        assert!(text.contains(" 500 "), "{text}");
    }
}

//! The PyTorch column, measured in the same run: `bench --pytorch PYTHON` (or
//! `ENERGY_LAB_PYTORCH=PYTHON`) hands the comparable jobs to that interpreter, which times them
//! with the same shapes, tanh, Adam and batch (`pytorch_jobs.py`, shipped inside the binary),
//! and the rows carry its medians. Without an interpreter the column says "not measured":
//! no number from another run is ever printed beside ours.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::{Deserialize, Serialize};

use super::{Group, Plan};

/// The script the interpreter runs.
const SCRIPT: &str = include_str!("pytorch_jobs.py");

/// The environment variable that names the interpreter when `--pytorch` is not given.
pub const ENV: &str = "ENERGY_LAB_PYTORCH";

/// One comparable job: its row name (the same string as energy-lab's row) and what PyTorch
/// must build for it.
#[derive(Clone, Debug, Serialize)]
pub struct Job {
    pub name: String,
    pub kind: &'static str,
    #[serde(flatten)]
    pub shape: Shape,
    /// Fewer runs than the plan's, for jobs that take a second or more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs: Option<usize>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum Shape {
    Batch {
        batch: usize,
    },
    /// One part of the MLP step (index into [`name::STEP_PARTS`]), timed inside the step.
    Part {
        batch: usize,
        part: usize,
    },
    Grid {
        side: usize,
    },
    FreeEnergy {
        side: usize,
        latents: usize,
        decoder: &'static str,
    },
}

/// What the PyTorch column holds for a row.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "pytorch", rename_all = "snake_case")]
pub enum Comparison {
    /// Timed by PyTorch in this run (named apart from the row's own median and p95 in JSON).
    Measured {
        #[serde(rename = "pytorch_ms")]
        median: f64,
        #[serde(rename = "pytorch_p95_ms")]
        p95: f64,
    },
    /// A comparable job, but no interpreter with torch was given (or it failed).
    NotMeasured,
}

/// The PyTorch side of one bench run.
#[derive(Debug)]
pub enum Side {
    /// No interpreter given, or it could not run the jobs (the reason is kept for the table).
    Off(String),
    Measured {
        torch: String,
        times: HashMap<String, (f64, f64)>,
    },
}

impl Side {
    /// The column for the row named `job`.
    pub fn compare(&self, job: &str) -> Comparison {
        match self {
            Side::Measured { times, .. } => match times.get(job) {
                Some(&(median, p95)) => Comparison::Measured { median, p95 },
                None => Comparison::NotMeasured,
            },
            Side::Off(_) => Comparison::NotMeasured,
        }
    }

    /// One line for the top of the table.
    pub fn describe(&self) -> String {
        match self {
            Side::Measured { torch, times } => format!(
                "PyTorch {torch} eager, {} jobs measured in this run",
                times.len()
            ),
            Side::Off(why) => format!("PyTorch column: not measured ({why})"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PytorchError {
    #[error("could not start {python}: {source}")]
    Spawn {
        python: PathBuf,
        source: std::io::Error,
    },
    #[error("{python} has no torch (pip install torch in a venv and pass its python)")]
    NoTorch { python: PathBuf },
    #[error("the PyTorch jobs failed: {0}")]
    Failed(String),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Line {
    Header { torch: String },
    Row { name: String, median: f64, p95: f64 },
}

/// Runs `jobs` on `python`, printing nothing; each measured job is passed to `progress`.
pub fn measure(
    python: &Path,
    jobs: &[Job],
    plan: Plan,
    threads: usize,
    mut progress: impl FnMut(&str, f64),
) -> Result<Side, PytorchError> {
    let spawn = |source| PytorchError::Spawn {
        python: python.to_owned(),
        source,
    };
    let mut child = Command::new(python)
        .arg("-c")
        .arg(SCRIPT)
        // PyTorch's CPU allocator returns large blocks to the OS after each op under glibc's
        // default thresholds; raised, as PyTorch users tune it for small steps.
        .env("MALLOC_MMAP_THRESHOLD_", "1000000000")
        .env("MALLOC_TRIM_THRESHOLD_", "1000000000")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn)?;
    let request = serde_json::json!({
        "threads": threads,
        "warmup": plan.warmup,
        "runs": plan.runs,
        "jobs": jobs,
    });
    if let Some(mut stdin) = child.stdin.take() {
        // A write error means the interpreter already quit; its stderr says why, below.
        let _ = stdin.write_all(request.to_string().as_bytes());
    }
    let mut torch = None;
    let mut times = HashMap::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            match serde_json::from_str::<Line>(&line) {
                Ok(Line::Header { torch: version }) => torch = Some(version),
                Ok(Line::Row { name, median, p95 }) => {
                    progress(&name, median);
                    times.insert(name, (median, p95));
                }
                Err(_) => {}
            }
        }
    }
    let output = child.wait_with_output().map_err(spawn)?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("No module named 'torch'") {
        return Err(PytorchError::NoTorch {
            python: python.to_owned(),
        });
    }
    match (output.status.success(), torch) {
        (true, Some(torch)) => Ok(Side::Measured { torch, times }),
        _ => Err(PytorchError::Failed(
            stderr.lines().last().unwrap_or("no output").to_owned(),
        )),
    }
}

/// The row names of the comparable jobs: one function each, used by both sides.
pub mod name {
    pub fn mlp_step(batch: usize) -> String {
        format!("MLP 2→64→64→1 step, batch {batch}")
    }
    pub fn ae_step(batch: usize) -> String {
        format!("AE 2→64→64→1→64→64→2 step, batch {batch}")
    }
    /// The MLP step's parts, in the order they run.
    pub const STEP_PARTS: [&str; 3] = ["forward + loss", "backward", "Adam update"];
    pub fn mlp_step_part(batch: usize, part: usize) -> String {
        format!("MLP step part, batch {batch}: {}", STEP_PARTS[part])
    }
    pub fn gan_iteration(batch: usize) -> String {
        format!("GAN pair iteration, batch {batch}")
    }
    pub fn mlp_energy(side: usize) -> String {
        format!("MLP 2→64→64→1 energy, {side}² grid")
    }
    pub fn free_energy(side: usize, latents: usize, decoder: &str) -> String {
        format!("F_β {side}², {latents} latents, {decoder}")
    }
}

/// Batch sizes of the step jobs: 256 is the window's minibatch, 4096 shows how each scales.
pub const BATCHES: [usize; 2] = [256, 4096];

/// Grid sides and latent counts of the landscape jobs.
pub fn grid_sides(plan: Plan) -> &'static [usize] {
    if plan.quick {
        &[128, 256]
    } else {
        &[128, 256, 512]
    }
}

pub fn latent_counts(plan: Plan) -> &'static [usize] {
    if plan.quick { &[48] } else { &[48, 256] }
}

/// Every job PyTorch runs for a bench with `plan`, in the order energy-lab measures them.
pub fn comparable_jobs(plan: Plan, groups: &[Group]) -> Vec<Job> {
    let mut jobs = Vec::new();
    let batches: &[usize] = if groups.contains(&Group::Steps) {
        &BATCHES
    } else {
        &[]
    };
    let sides = if groups.contains(&Group::Landscapes) {
        grid_sides(plan)
    } else {
        &[]
    };
    for &batch in batches {
        for part in 0..name::STEP_PARTS.len() {
            jobs.push(Job {
                name: name::mlp_step_part(batch, part),
                kind: "mlp_step_part",
                shape: Shape::Part { batch, part },
                runs: None,
            });
        }
    }
    for &batch in batches {
        for (name, kind) in [
            (name::mlp_step(batch), "mlp_step"),
            (name::ae_step(batch), "ae_step"),
            (name::gan_iteration(batch), "gan_iteration"),
        ] {
            let shape = Shape::Batch { batch };
            jobs.push(Job {
                name,
                kind,
                shape,
                runs: None,
            });
        }
    }
    for &side in sides {
        let runs = (side >= 512).then(|| plan.runs.min(20));
        for decoder in ["ellipse", "neural decoder"] {
            for &latents in latent_counts(plan) {
                jobs.push(Job {
                    name: name::free_energy(side, latents, decoder),
                    kind: "free_energy",
                    shape: Shape::FreeEnergy {
                        side,
                        latents,
                        decoder: if decoder == "ellipse" {
                            "ellipse"
                        } else {
                            "neural"
                        },
                    },
                    runs,
                });
            }
        }
        jobs.push(Job {
            name: name::mlp_energy(side),
            kind: "mlp_energy",
            shape: Shape::Grid { side },
            runs,
        });
    }
    jobs
}

/// The interpreter to use: the flag, else the environment variable.
pub fn interpreter(flag: Option<&Path>) -> Option<PathBuf> {
    flag.map(Path::to_owned).or_else(|| {
        std::env::var_os(ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
}

/// The PyTorch side for a bench run: measured when an interpreter is given, else off.
pub fn side_for(
    python: Option<&Path>,
    plan: Plan,
    groups: &[Group],
    progress: impl FnMut(&str, f64),
) -> Result<Side, PytorchError> {
    let Some(python) = interpreter(python) else {
        return Ok(Side::Off(format!("no --pytorch PYTHON or {ENV}")));
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    measure(
        &python,
        &comparable_jobs(plan, groups),
        plan,
        threads,
        progress,
    )
}

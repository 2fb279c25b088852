//! `energy-lab export`: train without a window and write the free-energy grid as CSV.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use crate::backend::{self, BackendChoice};
use crate::data::DataSource;
use crate::energy::free_energy::{ReadbackError, points_tensor};
use crate::energy::{Beta, GridSpec};
use crate::files::{WriteError, write_atomically};
use crate::models::learner::{batch_rng, minibatch};
use crate::models::{ModelError, ModelId, Objective};
use crate::session::{Session, SessionError, restore_model};
use crate::trainer::views::{grid_free_energies, grid_native_energies};

#[derive(Clone, Debug)]
pub struct ExportRequest {
    /// Continue this model of a saved session (its data and seed too) instead of starting one.
    pub session: Option<PathBuf>,
    pub model: ModelId,
    pub backend: BackendChoice,
    pub seed: u64,
    pub steps: u64,
    pub set: Vec<(String, f32)>,
    pub beta: Beta,
    pub train_at_beta: bool,
    pub learning_rate: f64,
    pub data: DataSource,
    pub grid: GridSpec,
    pub out: PathBuf,
    /// Where to write the hot points of the last step (`y1,y2`), if anywhere.
    pub hot_out: Option<PathBuf>,
}

/// The JSON line printed after an export.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ExportSummary {
    pub model: String,
    /// The data set (`moons:n=100,noise=0.06`) or file name, and its number of points.
    pub data: String,
    pub points: usize,
    pub steps: u64,
    pub loss: f32,
    pub params: BTreeMap<String, f32>,
    pub backend: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Readback(#[from] ReadbackError),
    #[error("training diverged at step {step} (loss {loss}): lower --lr")]
    Diverged { step: u64, loss: f32 },
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error("the session has no '{0}' model (it has: {1})")]
    NotInSession(ModelId, String),
}

pub fn run_export(request: &ExportRequest) -> Result<ExportSummary, ExportError> {
    let active = backend::select(request.backend);
    if request.backend == backend::BackendChoice::Wgpu
        && active.info.kind == backend::BackendKind::Cpu
    {
        // Asked for the GPU and did not get it: a headless run has no status bar to say so.
        eprintln!("energy-lab: {}", active.info.reason);
    }
    let device = active.device;
    let (mut model, mut batches, points, data_label, done) = match &request.session {
        None => (
            request.model.create(&device, request.seed),
            batch_rng(request.model, request.seed),
            request.data.points(request.seed),
            request.data.label(),
            0,
        ),
        Some(path) => {
            let session = Session::read(path)?;
            let saved = session
                .models
                .iter()
                .find(|s| s.model == request.model)
                .ok_or_else(|| {
                    let have: Vec<String> =
                        session.models.iter().map(|s| s.model.to_string()).collect();
                    ExportError::NotInSession(request.model, have.join(", "))
                })?;
            let (model, batches) =
                restore_model(saved, &device, session.seed).map_err(|source| {
                    SessionError::Model {
                        model: saved.model,
                        source,
                    }
                })?;
            let label = session.data.source().label();
            (model, batches, session.data.points(), label, saved.step)
        }
    };
    for (key, value) in &request.set {
        model.set_param(key, *value)?;
    }
    let data = points_tensor(&points, &device.clone().autodiff());
    let objective = Objective {
        beta: if request.train_at_beta {
            request.beta
        } else {
            Beta::Infinite
        },
        learning_rate: request.learning_rate,
    };
    for step in done..done + request.steps {
        let loss = model.train_step(&minibatch(&data, &mut batches), objective)?;
        if !loss.is_finite() {
            return Err(ExportError::Diverged { step, loss });
        }
    }
    let loss = model.loss(&data, objective.beta)?;
    let manifold = model.manifold(&points_tensor(&points, &device))?;
    let free = grid_free_energies(
        &request.grid,
        &manifold,
        &[request.beta, Beta::Infinite],
        &device,
    )?;
    let energy = grid_native_energies(&request.grid, model.as_ref(), &device)?;
    let columns = [energy.as_slice(), &free[0], &free[1]];
    write_atomically(&request.out, |out| {
        write_grid_rows(out, &request.grid, columns)
    })?;
    if let Some(path) = &request.hot_out {
        let hot = model.hot();
        write_atomically(path, |out| {
            writeln!(out, "y1,y2")?;
            hot.iter()
                .try_for_each(|p| writeln!(out, "{},{}", p[0], p[1]))
        })?;
    }
    Ok(ExportSummary {
        model: request.model.key().to_owned(),
        data: data_label,
        points: points.len(),
        steps: done + request.steps,
        loss,
        params: model
            .params()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
        backend: active.info.kind.to_string(),
    })
}

/// The grid CSV: `y1,y2,energy,f_beta,f_inf` in grid order (y₁ fastest, y₂ from the bottom).
/// `energy` is the model's native energy; `f_beta`, `f_inf` its decoder free energy.
fn write_grid_rows(
    out: &mut dyn Write,
    spec: &GridSpec,
    [energy, f_beta, f_inf]: [&[f32]; 3],
) -> std::io::Result<()> {
    writeln!(out, "y1,y2,energy,f_beta,f_inf")?;
    let mut k = 0;
    for j in 0..spec.size.height {
        let y2 = spec.y2_at(j);
        for i in 0..spec.size.width {
            let y1 = spec.y1_at(i);
            writeln!(out, "{y1},{y2},{},{},{}", energy[k], f_beta[k], f_inf[k])?;
            k += 1;
        }
    }
    Ok(())
}

//! `energy-lab export`: train one model without a window and write its grid as CSV (the
//! layout of `landscape::csv`, the same as the window's *Export CSV*).

use std::collections::BTreeMap;
use std::path::PathBuf;

use burn::tensor::{Device, Tensor};

use super::probe::{ProbeSummary, probe, write_manifold_csv, write_probe_csv};
use super::samples::{SamplesError, SamplesSummary, write_samples};
use crate::backend::{self, BackendChoice};
use crate::energy::free_energy::{ReadbackError, points_tensor, read_points};
use crate::files::{WriteError, write_atomically};
use crate::landscape::csv::{GridColumns, grid_columns, write_grid};
use crate::landscape::surface::SurfaceView;
use crate::models::learner::{ModelRng, batch_rng, minibatch};
use crate::models::{Batch, EnergyModel, ModelError, ModelId, Objective};
use crate::session::{Session, SessionError, restore_model};
use crate::settings::Settings;

#[derive(Clone, Debug)]
pub struct ExportRequest {
    /// The run: the focused model is the one exported; its seed, data, β, grid and optimiser.
    pub settings: Settings,
    /// Continue this model of a saved session (its data and seed too) instead of starting one.
    pub session: Option<PathBuf>,
    pub backend: BackendChoice,
    pub steps: u64,
    pub set: Vec<(String, f32)>,
    pub out: PathBuf,
    /// Where to write the points the last step generated (`y1,y2`), if anywhere.
    pub hot_out: Option<PathBuf>,
    /// The surface of the `surface,gy1,gy2` columns.
    pub view: SurfaceView,
    /// A point to inspect after training (`--probe`), and where to write its latent rows.
    pub probe: Option<[f32; 2]>,
    pub probe_out: Option<PathBuf>,
    /// Where to write the manifold at the slice (`z…,y1,y2`), if anywhere.
    pub manifold_out: Option<PathBuf>,
    /// How many samples of e^{−β·surface} to draw, and where to write them.
    pub samples: Option<(usize, PathBuf)>,
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
    /// Which surface the `surface` column is (`energy`, `free-energy`, `density`).
    pub surface: String,
    /// The inspected point's numbers (`--probe`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe: Option<ProbeSummary>,
    /// How the drawn samples (`--samples`) fit the density.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<SamplesSummary>,
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
    #[error("--probe: {0} has no latent to infer (pick a model with a decoder)")]
    NoLatent(ModelId),
    #[error("--samples: {0}")]
    Samples(#[from] SamplesError),
}

/// The model an export trains: fresh from the seed, or a session's at its step.
struct Start {
    model: Box<dyn EnergyModel>,
    batches: ModelRng,
    points: Vec<[f32; 2]>,
    /// Each point's input x, for conditional rows.
    inputs: Option<Vec<f32>>,
    /// The data's label, for the JSON line.
    label: String,
    /// Steps already taken (a session's).
    done: u64,
}

fn start(request: &ExportRequest, device: &Device) -> Result<Start, ExportError> {
    let s = &request.settings;
    let id = s.focus;
    let Some(path) = &request.session else {
        return Ok(Start {
            model: id.create(device, s.seed),
            batches: batch_rng(id, s.seed),
            points: s.data.points(s.seed),
            inputs: s.data.inputs(s.seed),
            label: s.data.label(),
            done: 0,
        });
    };
    let session = Session::read(path)?;
    let saved = session
        .models
        .iter()
        .find(|slot| slot.model == id)
        .ok_or_else(|| {
            let have: Vec<String> = session.models.iter().map(|m| m.model.to_string()).collect();
            ExportError::NotInSession(id, have.join(", "))
        })?;
    let (model, batches) =
        restore_model(saved, device, session.settings.seed).map_err(|source| {
            SessionError::Model {
                model: saved.model,
                source,
            }
        })?;
    let run = session.settings();
    Ok(Start {
        model,
        batches,
        points: run.data.points(run.seed),
        inputs: run.data.inputs(run.seed),
        label: run.data.label(),
        done: saved.step,
    })
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
    let s = &request.settings;
    let id = s.focus;
    let Start {
        mut model,
        mut batches,
        points,
        inputs,
        label: data_label,
        done,
    } = start(request, &device)?;
    for (key, value) in &request.set {
        model.set_param(key, *value)?;
    }
    let rows = |device: &Device| Batch {
        y: points_tensor(&points, device),
        x: inputs
            .as_deref()
            .map(|x| Tensor::<1>::from_floats(x, device)),
    };
    let data = rows(&device.clone().autodiff());
    let objective = Objective {
        beta: s.training_beta(),
        learning_rate: s.hyper.learning_rate,
    };
    let mut progress = super::progress::Progress::on_stderr(
        &format!("training {}", model.id().key()),
        request.steps,
    );
    for step in done..done + request.steps {
        let loss = model.train_step(&minibatch(&data, &mut batches), objective)?;
        if !loss.is_finite() {
            return Err(ExportError::Diverged { step, loss });
        }
        progress.update(step + 1 - done);
    }
    progress.finish();
    let loss = model.loss(&data, objective.beta)?;
    let plain = rows(&device);
    let columns = grid_columns(
        model.as_ref(),
        &plain,
        s.condition(),
        &s.grid,
        s.beta,
        request.view,
        &device,
    )?;
    write_atomically(&request.out, |out| write_grid(out, &columns))?;
    let probed = write_extras(request, model.as_ref(), &plain, &device)?;
    let samples = export_samples(request, model.as_ref(), &plain, &columns, &device)?;
    Ok(ExportSummary {
        model: id.key().to_owned(),
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
        surface: columns.view.key().to_owned(),
        probe: probed,
        samples,
    })
}

/// `--samples N --samples-out`: N samples of e^{−β·surface} on the exported grid. Under the
/// density view the surface's energy is the own energy the density is of.
fn export_samples(
    request: &ExportRequest,
    model: &dyn EnergyModel,
    plain: &Batch,
    columns: &GridColumns,
    device: &Device,
) -> Result<Option<SamplesSummary>, ExportError> {
    let Some((n, path)) = &request.samples else {
        return Ok(None);
    };
    let s = &request.settings;
    let energy = if columns.view == SurfaceView::Density {
        let at = s.condition();
        grid_columns(
            model,
            plain,
            at,
            &s.grid,
            s.beta,
            SurfaceView::Energy,
            device,
        )?
        .surface
    } else {
        columns.surface.clone()
    };
    Ok(Some(write_samples(
        &s.grid, &energy, s.beta, *n, s.seed, path,
    )?))
}

/// The files beside the grid: the generated points (`--hot-out`), the probe's rows
/// (`--probe-out`) and the manifold at the slice (`--manifold-out`); returns the probe's
/// numbers for the JSON line.
fn write_extras(
    request: &ExportRequest,
    model: &dyn EnergyModel,
    plain: &Batch,
    device: &Device,
) -> Result<Option<ProbeSummary>, ExportError> {
    let s = &request.settings;
    let id = s.focus;
    if let Some(path) = &request.hot_out {
        // Pushed up or merely sampled: every point the step generated.
        let mut hot = model.hot();
        hot.extend(model.samples());
        write_atomically(path, |out| {
            writeln!(out, "y1,y2")?;
            hot.iter()
                .try_for_each(|p| writeln!(out, "{},{}", p[0], p[1]))
        })?;
    }
    let probed = match request.probe {
        Some(y) => Some(
            probe(model, s.condition(), plain, y, s.beta, device)?
                .ok_or(ExportError::NoLatent(id))?,
        ),
        None => None,
    };
    if let (Some(p), Some(path)) = (&probed, &request.probe_out) {
        write_atomically(path, |out| write_probe_csv(out, p))?;
    }
    if let Some(path) = &request.manifold_out {
        let manifold = model.manifold(plain, s.condition())?;
        let latent = model.latent(plain, s.condition())?;
        let points = manifold
            .map(|m| read_points(m.points))
            .transpose()?
            .unwrap_or_default();
        write_atomically(path, |out| {
            write_manifold_csv(out, &points, latent.as_ref())
        })?;
    }
    Ok(probed.map(|p| p.summary))
}

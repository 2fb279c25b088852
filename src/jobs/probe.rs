//! `export --probe`: the inference lab's numbers for one point, for scripts — the JSON line's
//! `"probe"` object and, with `--probe-out`, one CSV row per latent point.

use std::io::Write;

use burn::tensor::Device;

use crate::energy::Beta;
use crate::energy::free_energy::read_points;
use crate::inference::descent::{encoder_answer, refined_argmin};
use crate::inference::{Inspection, LatentPoint, inspect};
use crate::models::{Batch, Condition, EnergyModel, LatentGrid, ModelError};

/// A latent point in the JSON line: a number for a 1-D latent, an array beyond.
fn z_json(z: &[f32]) -> serde_json::Value {
    match z {
        [one] => serde_json::json!(one),
        many => serde_json::json!(many),
    }
}

/// A latent point with its energy, for the JSON line.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ZEnergy {
    pub z: serde_json::Value,
    pub energy: f32,
}

impl From<&LatentPoint> for ZEnergy {
    fn from(p: &LatentPoint) -> Self {
        ZEnergy {
            z: z_json(&p.z),
            energy: p.energy,
        }
    }
}

/// The `"probe"` object of export's JSON line.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ProbeSummary {
    pub y: [f32; 2],
    /// ž, the grid's argmin of E(y′, ·); `f_inf` is E(y′, ž).
    pub z_star: serde_json::Value,
    pub f_beta: f64,
    pub f_inf: f64,
    /// e^H of the softmin weights: how many latent points vote.
    pub voters: f64,
    /// ž refined by gradient descent from the grid's argmin.
    pub descent: Option<ZEnergy>,
    /// The encoder's guess Enc(y′) (amortised models), and the gap E(Enc) − E(ž).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoder: Option<ZEnergy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<f32>,
}

/// Everything `export --probe` reports of `y`.
pub struct Probed {
    pub summary: ProbeSummary,
    pub inspection: Inspection,
    pub latent: LatentGrid,
    pub manifold: Vec<[f32; 2]>,
}

/// Inspects `y` with `model` at `beta`; `None` for a model without a latent.
pub fn probe(
    model: &dyn EnergyModel,
    at: Condition,
    data: &Batch,
    y: [f32; 2],
    beta: Beta,
    device: &Device,
) -> Result<Option<Probed>, ModelError> {
    let (Some(manifold), Some(latent)) = (model.manifold(data, at)?, model.latent(data, at)?)
    else {
        return Ok(None);
    };
    let points = read_points(manifold.points)?;
    let probe = [f64::from(y[0]), f64::from(y[1])];
    let Some(inspection) = inspect(probe, &points, manifold.weights.as_deref(), beta) else {
        return Ok(None);
    };
    let descent = refined_argmin(
        model,
        at,
        y,
        latent.point(inspection.argmin),
        &latent,
        device,
    )?;
    let encoder = encoder_answer(model, at, y, device)?;
    let gap = encoder
        .as_ref()
        .zip(descent.as_ref())
        .map(|(e, d)| e.energy - d.energy);
    let summary = ProbeSummary {
        y,
        z_star: z_json(&latent.point(inspection.argmin)),
        f_beta: inspection.f_beta,
        f_inf: inspection.f_inf,
        voters: inspection.voters(),
        descent: descent.as_ref().map(ZEnergy::from),
        encoder: encoder.as_ref().map(ZEnergy::from),
        gap,
    };
    Ok(Some(Probed {
        summary,
        inspection,
        latent,
        manifold: points,
    }))
}

/// The latent's column names: `z`, or `z1,z2,…` (a plain `z` when there is no latent).
fn z_header(latent: Option<&LatentGrid>) -> String {
    match latent.map_or(1, LatentGrid::dim) {
        1 => "z".to_owned(),
        d => (1..=d)
            .map(|i| format!("z{i}"))
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// The manifold at a slice: `z…,y1,y2` per point; without a latent (the regressor's single
/// prediction) the z field is empty.
pub fn write_manifold_csv(
    out: &mut dyn Write,
    points: &[[f32; 2]],
    latent: Option<&LatentGrid>,
) -> std::io::Result<()> {
    writeln!(out, "{},y1,y2", z_header(latent))?;
    for (k, g) in points.iter().enumerate() {
        let z: Vec<String> = latent.map_or_else(Vec::new, |l| {
            l.point(k).iter().map(f32::to_string).collect()
        });
        writeln!(out, "{},{},{}", z.join(","), g[0], g[1])?;
    }
    Ok(())
}

/// One row per latent point: `z` (or `z1,z2,…`), `y1,y2` (ỹ = g(z)), `energy`, `weight`.
pub fn write_probe_csv(out: &mut dyn Write, p: &Probed) -> std::io::Result<()> {
    writeln!(out, "{},y1,y2,energy,weight", z_header(Some(&p.latent)))?;
    for (k, g) in p.manifold.iter().enumerate() {
        let z: Vec<String> = p.latent.point(k).iter().map(f32::to_string).collect();
        writeln!(
            out,
            "{},{},{},{},{}",
            z.join(","),
            g[0],
            g[1],
            p.inspection.energies[k],
            p.inspection.weights[k]
        )?;
    }
    Ok(())
}

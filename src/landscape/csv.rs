//! The one CSV layout of a model's grid, written by `energy-lab export` and the window's
//! *Export CSV* alike: `y1,y2,energy,f_beta,f_inf,surface,gy1,gy2`, one row per grid point, y₁
//! fastest and y₂ from the bottom (inclusive linspaces over the extent). `energy` is the
//! model's own energy (F_∞ for the LV-EBMs), `f_beta`/`f_inf` the free energy of its decoder
//! manifold, `surface` the surface a plot draws (at β, the window's view) and `gy` −∇ of it,
//! analytically or by autodiff, never by differencing the grid.

use std::io::Write;

use burn::tensor::Device;

use super::compute::{Input, energies_at, free_energies_at, surfaces_at};
use super::surface::SurfaceView;
use crate::energy::{Beta, GridSpec};
use crate::models::{Batch, Condition, EnergyModel, ModelError};

/// The header of every grid CSV.
pub const HEADER: &str = "y1,y2,energy,f_beta,f_inf,surface,gy1,gy2";

/// A model's surfaces on one grid, as exported.
#[derive(Clone, Debug, PartialEq)]
pub struct GridColumns {
    pub spec: GridSpec,
    /// The model's own energy (F_∞ for the LV-EBMs).
    pub energy: Vec<f32>,
    /// F_β and F_∞ of its decoder manifold; `None` for a model without one (empty fields).
    pub f_beta: Option<Vec<f32>>,
    pub f_inf: Option<Vec<f32>>,
    /// Which surface the last three columns are.
    pub view: SurfaceView,
    /// That surface at β, and −∇ of it.
    pub surface: Vec<f32>,
    pub gradient: Vec<[f32; 2]>,
}

/// The columns of `model` on `spec` at `beta`, the surface `view`; `data` (plain device) sets
/// the code range of amortised models.
pub fn grid_columns(
    model: &dyn EnergyModel,
    data: &Batch,
    at: Condition,
    spec: &GridSpec,
    beta: Beta,
    view: SurfaceView,
    device: &Device,
) -> Result<GridColumns, ModelError> {
    let points = spec.points();
    let energy = energies_at(&points, model, at, device)?;
    let manifold = model.manifold(data, at)?;
    let (f_beta, f_inf) = match &manifold {
        Some(m) => {
            let mut free = free_energies_at(&points, m, &[beta, Beta::Infinite], device)?;
            let f_inf = free.pop();
            (free.pop(), f_inf)
        }
        None => (None, None),
    };
    let cx = Input {
        data,
        beta,
        grid: *spec,
        at,
        device,
        probe: None,
    };
    let surfaces = surfaces_at(model, manifold.as_ref(), &points, &cx, true)?;
    let (surface, gradient) = view.at_points(model.id(), &surfaces, beta);
    Ok(GridColumns {
        spec: *spec,
        energy,
        f_beta,
        f_inf,
        view: view.shown(model.id()),
        surface,
        gradient,
    })
}

/// Writes `columns` as CSV with [`HEADER`].
pub fn write_grid(out: &mut dyn Write, columns: &GridColumns) -> std::io::Result<()> {
    writeln!(out, "{HEADER}")?;
    let spec = &columns.spec;
    let value = |column: &Option<Vec<f32>>, k: usize| {
        column
            .as_ref()
            .and_then(|c| c.get(k))
            .map_or_else(String::new, f32::to_string)
    };
    let mut k = 0;
    for j in 0..spec.size.height {
        let y2 = spec.y2_at(j);
        for i in 0..spec.size.width {
            let y1 = spec.y1_at(i);
            let energy = columns.energy.get(k).copied().unwrap_or(f32::NAN);
            let (f_beta, f_inf) = (value(&columns.f_beta, k), value(&columns.f_inf, k));
            let surface = columns.surface.get(k).copied().unwrap_or(f32::NAN);
            let [g1, g2] = columns.gradient.get(k).copied().unwrap_or([f32::NAN; 2]);
            writeln!(
                out,
                "{y1},{y2},{energy},{f_beta},{f_inf},{surface},{g1},{g2}"
            )?;
            k += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::energy::grid::GridSize;
    use crate::energy::{Extent, reference};
    use crate::models::ellipse::EllipseModel;

    #[test]
    fn the_grid_csv_has_one_row_per_point_in_grid_order_with_reference_values() {
        let device = Device::flex();
        let model = EllipseModel::with_weights([2.0, 1.5], &device);
        let spec = GridSpec {
            extent: Extent::COURSE,
            size: GridSize::new(3, 2).unwrap(),
        };
        let data = Batch::of(crate::energy::free_energy::points_tensor(
            &[[2.0, 0.0]],
            &device,
        ));
        let columns = grid_columns(
            &model,
            &data,
            Condition::NONE,
            &spec,
            Beta::Finite(1.0),
            SurfaceView::Energy,
            &device,
        )
        .unwrap();
        let mut out = Vec::new();
        write_grid(&mut out, &columns).unwrap();
        let text = String::from_utf8(out).unwrap();
        let rows: Vec<Vec<f64>> = text
            .lines()
            .skip(1)
            .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
            .collect();
        assert_eq!(text.lines().next(), Some(HEADER));
        assert_eq!(rows.len(), 6);
        // y₁ fastest, y₂ from the bottom.
        assert_eq!((rows[0][0], rows[0][1]), (-3.0, -2.0));
        assert_eq!((rows[1][0], rows[1][1]), (0.0, -2.0));
        assert_eq!((rows[5][0], rows[5][1]), (3.0, 2.0));
        let manifold: Vec<[f64; 2]> = model
            .manifold_points()
            .unwrap()
            .iter()
            .map(|g| [g[0].into(), g[1].into()])
            .collect();
        for row in &rows {
            let e = reference::energies([row[0], row[1]], &manifold);
            let f1 = reference::free_energy(&e, Beta::Finite(1.0));
            let f_inf = reference::free_energy(&e, Beta::Infinite);
            assert!((row[3] - f1).abs() < 1e-3 * f1.max(1.0), "{row:?} vs {f1}");
            assert!((row[4] - f_inf).abs() < 1e-3 * f_inf.max(1.0));
            assert!(
                (row[2] - f_inf).abs() < 1e-3 * f_inf.max(1.0),
                "the ellipse's E is F_∞"
            );
        }
    }
}

/// Loss curves as CSV: `step,<model>,<model>,…`, one row per step any model logged (sorted),
/// empty where a model has no loss at that step (the models step at their own pace).
pub fn losses_csv(curves: &[(crate::models::ModelId, Vec<[f64; 2]>)]) -> String {
    let mut steps: Vec<u64> = curves
        .iter()
        .flat_map(|(_, points)| points.iter().map(|p| p[0] as u64))
        .collect();
    steps.sort_unstable();
    steps.dedup();
    let lookup: Vec<std::collections::HashMap<u64, f64>> = curves
        .iter()
        .map(|(_, points)| points.iter().map(|p| (p[0] as u64, p[1])).collect())
        .collect();
    let mut text = String::from("step");
    for (id, _) in curves {
        text.push(',');
        text.push_str(id.key());
    }
    text.push('\n');
    for step in steps {
        text.push_str(&step.to_string());
        for losses in &lookup {
            text.push(',');
            if let Some(loss) = losses.get(&step) {
                text.push_str(&loss.to_string());
            }
        }
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod losses_tests {
    use super::losses_csv;
    use crate::models::ModelId;

    #[test]
    fn losses_are_one_column_per_model_on_the_union_of_steps() {
        let curves = vec![
            (ModelId::Ae, vec![[1.0, 0.5], [2.0, 0.25]]),
            (ModelId::Gan, vec![[2.0, 1.5], [3.0, 1.0]]),
        ];
        assert_eq!(
            losses_csv(&curves),
            "step,ae,gan\n1,0.5,\n2,0.25,1.5\n3,,1\n"
        );
    }
}

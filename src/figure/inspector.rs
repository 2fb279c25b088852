//! The inference lab as a figure (`figure --probe`): on the energy plot the lines from y′ to
//! every manifold point with opacity w_k, ỹ(ž) ringed and −∇F_β at y′; beside it E(y′, z) over
//! the latent with ž and F_β(y′), the weights under it (a 1-D latent), or E over a 2-D latent
//! grid with the weights as discs.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::FigureError;
use super::draw::{Chart, Style, draw_error, rgb};
use crate::energy::beta;
use crate::inference::Inspection;
use crate::models::LatentGrid;
use crate::palette::{self, viridis};

/// The votes on the energy plot: y′ → ỹ_k with opacity w_k, ỹ(ž) ringed, −∇F_β(y′) to the
/// weighted centre Σ w_k ỹ_k.
pub(super) fn draw_votes<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    manifold: &[[f32; 2]],
    i: &Inspection,
    style: &Style,
) -> Result<(), FigureError> {
    let y = (i.probe[0] as f32, i.probe[1] as f32);
    let green = rgb(palette::PROBE_GREEN);
    let lines: Vec<PathElement<(f32, f32)>> = manifold
        .iter()
        .zip(&i.weights)
        .filter(|(_, w)| **w >= 1.0 / 255.0)
        .map(|(g, w)| {
            let colour = green.mix(w.clamp(0.0, 1.0));
            PathElement::new(vec![y, (g[0], g[1])], colour.stroke_width(style.px(1.5)))
        })
        .collect();
    chart
        .draw_series(lines)
        .map_err(draw_error)?
        .label("y′ → ỹ_k, opacity w_k")
        .legend(move |(x, y)| PathElement::new(vec![(x - 8, y), (x + 8, y)], green));
    if let Some(best) = manifold.get(i.argmin) {
        let violet = rgb(palette::MANIFOLD_VIOLET);
        chart
            .draw_series([Circle::new(
                (best[0], best[1]),
                style.px(6.0),
                violet.stroke_width(style.px(1.5)),
            )])
            .map_err(draw_error)?
            .label("ỹ(ž)")
            .legend(move |(x, y)| Circle::new((x, y), 4, violet.stroke_width(1)));
    }
    let (fx, fy) = (0.5 * i.neg_grad[0] as f32, 0.5 * i.neg_grad[1] as f32);
    let tip = (y.0 + fx, y.1 + fy);
    let white = WHITE.stroke_width(style.px(2.0));
    // Barbs at ±25°, a quarter of the shaft long.
    let len = fx.hypot(fy).max(1e-6);
    let (ux, uy) = (fx / len, fy / len);
    let (c, s) = (25f32.to_radians().cos(), 25f32.to_radians().sin());
    let barb = 0.25 * len;
    let left = (
        tip.0 - barb * (ux * c - uy * s),
        tip.1 - barb * (uy * c + ux * s),
    );
    let right = (
        tip.0 - barb * (ux * c + uy * s),
        tip.1 - barb * (uy * c - ux * s),
    );
    chart
        .draw_series([
            PathElement::new(vec![y, tip], white),
            PathElement::new(vec![left, tip, right], white),
        ])
        .map_err(draw_error)?
        .label("−∇F_β(y′), to Σ w_k ỹ_k")
        .legend(move |(x, y)| PathElement::new(vec![(x - 8, y), (x + 8, y)], white));
    chart
        .draw_series([
            Circle::new(y, style.px(5.0), style.background.filled()),
            Circle::new(y, style.px(4.0), green.filled()),
        ])
        .map_err(draw_error)?
        .label("probe y′")
        .legend(move |(x, y)| Circle::new((x, y), 4, green.filled()));
    Ok(())
}

/// The latent side: E(y′, z) and the weights.
pub(super) fn latent_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    i: &Inspection,
    latent: &LatentGrid,
    style: &Style,
) -> Result<(), FigureError> {
    let title = format!(
        "y′ = ({:.2}, {:.2}) · F_β = {:.3} ({}) · F_∞ = {:.3} · e^H = {:.1}",
        i.probe[0],
        i.probe[1],
        i.f_beta,
        beta::label(i.beta),
        i.f_inf,
        i.voters()
    );
    let area = area
        .margin(style.px(8.0), 0, 0, 0)
        .titled(&title, style.legend_font(11.5))
        .map_err(draw_error)?;
    match latent.dim() {
        1 => curve(&area, i, latent, style),
        2 => map(&area, i, latent, style),
        _ => {
            let index = LatentGrid {
                axes: vec![(0..latent.len()).map(|k| k as f32).collect()],
                periodic: false,
            };
            curve(&area, i, &index, style)
        }
    }
}

/// E(y′, z) over a 1-D latent (red), F_β(y′) dashed, ž; the weights as bars underneath.
fn curve<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    i: &Inspection,
    latent: &LatentGrid,
    style: &Style,
) -> Result<(), FigureError> {
    let (_, h) = area.dim_in_pixel();
    let (top, bottom) = area.split_vertically(h * 62 / 100);
    let axis = &latent.axes[0];
    let (z0, z1) = match latent.periodic {
        true => (0.0, std::f32::consts::TAU),
        false => (axis[0], axis[axis.len() - 1]),
    };
    let hi = i.energies.iter().copied().fold(0.0, f64::max) as f32;
    let mut chart = ChartBuilder::on(&top)
        .margin(style.px(8.0))
        .x_label_area_size(style.px(26.0))
        .y_label_area_size(style.px(40.0))
        .build_cartesian_2d(z0..z1, 0f32..(hi * 1.05).max(1e-3))
        .map_err(draw_error)?;
    mesh(&mut chart, style, "z", "E(y′, z)")?;
    let red = rgb(palette::HOT_RED).stroke_width(style.px(2.0));
    let mut points: Vec<(f32, f32)> = axis
        .iter()
        .zip(&i.energies)
        .map(|(z, e)| (*z, *e as f32))
        .collect();
    if latent.periodic
        && let Some(first) = points.first().copied()
    {
        points.push((z1, first.1));
    }
    chart
        .draw_series(LineSeries::new(points, red))
        .map_err(draw_error)?
        .label("E(y′, z)")
        .legend(move |(x, y)| PathElement::new(vec![(x - 8, y), (x + 8, y)], red));
    let level = i.f_beta as f32;
    let dashes: Vec<PathElement<(f32, f32)>> = (0..40)
        .filter(|k| k % 2 == 0)
        .map(|k| {
            let (a, b) = (
                z0 + (z1 - z0) * k as f32 / 40.0,
                z0 + (z1 - z0) * (k + 1) as f32 / 40.0,
            );
            PathElement::new(
                vec![(a, level), (b, level)],
                style.foreground.stroke_width(style.px(1.0)),
            )
        })
        .collect();
    let fg = style.foreground;
    chart
        .draw_series(dashes)
        .map_err(draw_error)?
        .label(format!("F_β(y′), {}", beta::label(i.beta)))
        .legend(move |(x, y)| PathElement::new(vec![(x - 8, y), (x + 8, y)], fg));
    let violet = rgb(palette::MANIFOLD_VIOLET);
    chart
        .draw_series([Circle::new(
            (axis[i.argmin], i.f_inf as f32),
            style.px(5.0),
            violet.filled(),
        )])
        .map_err(draw_error)?
        .label("ž")
        .legend(move |(x, y)| Circle::new((x, y), 4, violet.filled()));
    legend(&mut chart, style)?;
    weight_bars(&bottom, i, axis, (z0, z1), style)
}

/// The softmin weights as bars over the latent axis.
fn weight_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    i: &Inspection,
    axis: &[f32],
    (z0, z1): (f32, f32),
    style: &Style,
) -> Result<(), FigureError> {
    let top_w = i.weights.iter().copied().fold(0.0, f64::max).max(1e-6) as f32;
    let mut bars = ChartBuilder::on(area)
        .margin(style.px(8.0))
        .x_label_area_size(style.px(22.0))
        .y_label_area_size(style.px(40.0))
        .build_cartesian_2d(z0..z1, 0f32..top_w * 1.1)
        .map_err(draw_error)?;
    mesh(&mut bars, style, "", "w_k")?;
    let green = rgb(palette::PROBE_GREEN);
    let half = 0.4 * axis.get(1).map_or(0.05, |b| b - axis[0]);
    bars.draw_series(
        axis.iter()
            .zip(&i.weights)
            .map(|(z, w)| Rectangle::new([(z - half, 0.0), (z + half, *w as f32)], green.filled())),
    )
    .map_err(draw_error)?
    .label("w_k = softmin_k(βE), Σ = 1")
    .legend(move |(x, y)| Rectangle::new([(x - 5, y - 4), (x + 5, y + 4)], green.filled()));
    legend(&mut bars, style)
}

/// E(y′, z) over a 2-D latent grid as cells, the weights as discs, ž ringed.
fn map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    i: &Inspection,
    latent: &LatentGrid,
    style: &Style,
) -> Result<(), FigureError> {
    let bounds = latent.bounds();
    let cell = |d: usize| latent.axes[d].get(1).map_or(0.2, |b| b - latent.axes[d][0]);
    let (da, db) = (cell(0), cell(1));
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(8.0))
        .x_label_area_size(style.px(26.0))
        .y_label_area_size(style.px(40.0))
        .build_cartesian_2d(
            (bounds[0].0 - da / 2.0)..(bounds[0].1 + da / 2.0),
            (bounds[1].0 - db / 2.0)..(bounds[1].1 + db / 2.0),
        )
        .map_err(draw_error)?;
    mesh(&mut chart, style, "z₁", "z₂")?;
    let lo = i.energies.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = i.energies.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    chart
        .draw_series((0..latent.len()).map(|k| {
            let z = latent.point(k);
            let t = ((i.energies[k] - lo) / (hi - lo).max(1e-12)) as f32;
            Rectangle::new(
                [
                    (z[0] - da / 2.0, z[1] - db / 2.0),
                    (z[0] + da / 2.0, z[1] + db / 2.0),
                ],
                rgb(viridis(t)).filled(),
            )
        }))
        .map_err(draw_error)?;
    let top = i.weights.iter().copied().fold(0.0, f64::max).max(1e-12);
    let green = rgb(palette::PROBE_GREEN);
    chart
        .draw_series((0..latent.len()).filter_map(|k| {
            let r = (style.px(7.0) as f64 * (i.weights[k] / top).sqrt()).round() as u32;
            let z = latent.point(k);
            (r >= 1).then(|| Circle::new((z[0], z[1]), r, green.filled()))
        }))
        .map_err(draw_error)?
        .label("w_k (disc area)")
        .legend(move |(x, y)| Circle::new((x, y), 4, green.filled()));
    let z = latent.point(i.argmin);
    let violet = rgb(palette::MANIFOLD_VIOLET);
    chart
        .draw_series([Circle::new(
            (z[0], z[1]),
            style.px(8.0),
            violet.stroke_width(style.px(2.0)),
        )])
        .map_err(draw_error)?
        .label("ž")
        .legend(move |(x, y)| Circle::new((x, y), 4, violet.stroke_width(1)));
    legend(&mut chart, style)
}

fn mesh<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    style: &Style,
    x: &str,
    y: &str,
) -> Result<(), FigureError> {
    chart
        .configure_mesh()
        .light_line_style(style.foreground.mix(0.06))
        .bold_line_style(style.foreground.mix(0.12))
        .axis_style(style.foreground)
        .label_style(style.font(10.0))
        // Ubuntu Light has the subscripts of z₁, Hack the prime of y′.
        .axis_desc_style(if format!("{x}{y}").contains('′') {
            style.legend_font(11.0)
        } else {
            style.font(12.0)
        })
        .x_desc(x)
        .y_desc(y)
        .draw()
        .map_err(draw_error)
}

fn legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart<'a, DB>,
    style: &Style,
) -> Result<(), FigureError> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(style.background.mix(0.8))
        .border_style(style.foreground)
        .label_font(style.legend_font(10.0))
        .draw()
        .map_err(draw_error)
}

//! The latent side of inference: E(y′, z) over the latent with ž, F_β(y′) as a level and the
//! softmin weights w_k drawn under it (a 1-D latent); a small heatmap of E(y′, z) with the
//! weights as discs (2-D); the energies over the grid's index beyond. Clicks place the
//! descent's starting guesses z̃; the descents themselves roll down the curve.

use eframe::egui::{self, Color32, Ui};
use egui_plot::{
    Bar, BarChart, HLine, Line, LineStyle, Plot, PlotPoints, PlotUi, Points, Polygon, VLine,
};

use crate::inference::{Inspection, LatentPoint, ProbeAnswer};
use crate::models::LatentGrid;
use crate::palette::{HOT_RED, LATENT_ORANGE, MANIFOLD_VIOLET, PROBE_GREEN, viridis};

/// What the latent plot shows.
pub struct LatentView<'a> {
    pub inspection: &'a Inspection,
    pub latent: &'a LatentGrid,
    pub answer: Option<&'a ProbeAnswer>,
    pub descents: Vec<&'a [LatentPoint]>,
    /// The guesses z̃ placed so far.
    pub starts: &'a [Option<Vec<f32>>; 2],
}

/// A click on the latent plot: which guess (0 primary, 1 secondary) and where.
pub type Placed = Option<(usize, Vec<f32>)>;

/// Draws `v` in `size`; returns a guess the user placed.
pub fn latent_ui(ui: &mut Ui, v: &LatentView<'_>, size: [f32; 2]) -> Placed {
    match v.latent.dim() {
        1 => curve_ui(ui, v, size),
        2 => map_ui(ui, v, size),
        _ => index_ui(ui, v, size),
    }
}

/// Where a click on the plot landed, as (which guess, plot coordinates).
fn clicked(response: &egui_plot::PlotResponse<()>) -> Option<(usize, [f64; 2])> {
    let which = if response.response.clicked() {
        0
    } else if response.response.secondary_clicked() {
        1
    } else {
        return None;
    };
    let pos = response.response.interact_pointer_pos()?;
    let p = response.transform.value_from_position(pos);
    Some((which, [p.x, p.y]))
}

/// E(y′, z) along a 1-D latent, and the weights in a strip under it (x axes linked).
fn curve_ui(ui: &mut Ui, v: &LatentView<'_>, size: [f32; 2]) -> Placed {
    let axis = &v.latent.axes[0];
    let i = v.inspection;
    let mut curve: Vec<[f64; 2]> = axis
        .iter()
        .zip(&i.energies)
        .map(|(z, e)| [f64::from(*z), *e])
        .collect();
    if v.latent.periodic
        && let Some(first) = curve.first().copied()
    {
        curve.push([std::f64::consts::TAU, first[1]]);
    }
    let link = egui::Id::unique("latent axis");
    let energy = Plot::new("latent energy")
        .width(size[0])
        .height(size[1] * 0.64)
        .legend(small_legend())
        .link_axis(link, [true, false])
        .x_axis_label("z")
        .show(ui, |plot| {
            plot.line(Line::new("E(y′, z)", curve).color(HOT_RED).width(2.0));
            plot.hline(
                HLine::new(
                    format!("F_β(y′), {}", crate::energy::beta::label(i.beta)),
                    i.f_beta,
                )
                .color(Color32::WHITE)
                .style(LineStyle::dashed_loose()),
            );
            let z_star = f64::from(axis[i.argmin]);
            plot.points(
                Points::new("ž (grid)", vec![[z_star, i.f_inf]])
                    .color(MANIFOLD_VIOLET)
                    .radius(6.0),
            );
            answers_ui(plot, v, |p| [f64::from(p.z[0]), f64::from(p.energy)]);
            starts_ui(plot, v, |z| {
                [f64::from(z[0]), interpolate(axis, &i.energies, z[0])]
            });
        });
    let bars: Vec<Bar> = axis
        .iter()
        .zip(&i.weights)
        .map(|(z, w)| Bar::new(f64::from(*z), *w).fill(PROBE_GREEN))
        .collect();
    let spacing = axis.get(1).map_or(0.1, |b| f64::from(b - axis[0]));
    Plot::new("latent weights")
        .width(size[0])
        .height(size[1] * 0.36)
        .legend(small_legend())
        .link_axis(link, [true, false])
        .include_y(0.0)
        .allow_drag(false)
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new("w_k = softmin_k(βE), Σ = 1", bars)
                    .width(0.8 * spacing)
                    .color(PROBE_GREEN),
            );
        });
    clicked(&energy).map(|(which, p)| (which, vec![wrap(p[0] as f32, v.latent.periodic)]))
}

/// E(y′, z) on a 2-D latent grid as coloured cells, the weights as discs, ž ringed.
fn map_ui(ui: &mut Ui, v: &LatentView<'_>, size: [f32; 2]) -> Placed {
    let i = v.inspection;
    let (a, b) = (&v.latent.axes[0], &v.latent.axes[1]);
    let cell = |axis: &[f32]| axis.get(1).map_or(0.2, |s| f64::from(s - axis[0]));
    let (da, db) = (cell(a), cell(b));
    let lo = i.energies.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = i.energies.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let top = i.weights.iter().copied().fold(0.0, f64::max).max(1e-12);
    let response = Plot::new("latent map")
        .width(size[0])
        .height(size[1])
        .data_aspect(1.0)
        .legend(small_legend())
        .x_axis_label("z₁")
        .y_axis_label("z₂")
        .show(ui, |plot| {
            for (k, e) in i.energies.iter().enumerate() {
                let z = v.latent.point(k);
                let (x, y) = (f64::from(z[0]), f64::from(z[1]));
                let t = ((e - lo) / (hi - lo).max(1e-12)) as f32;
                let square = vec![
                    [x - da / 2.0, y - db / 2.0],
                    [x + da / 2.0, y - db / 2.0],
                    [x + da / 2.0, y + db / 2.0],
                    [x - da / 2.0, y + db / 2.0],
                ];
                plot.polygon(
                    Polygon::new("E(y′, z)", PlotPoints::from(square))
                        .fill_color(viridis(t))
                        .stroke(egui::Stroke::NONE),
                );
            }
            for (k, w) in i.weights.iter().enumerate() {
                let r = 7.0 * (w / top).sqrt() as f32;
                if r >= 0.5 {
                    let z = v.latent.point(k);
                    plot.points(
                        Points::new("w_k (disc area)", vec![[f64::from(z[0]), f64::from(z[1])]])
                            .color(PROBE_GREEN)
                            .radius(r),
                    );
                }
            }
            let z = v.latent.point(i.argmin);
            plot.points(
                Points::new("ž (grid)", vec![[f64::from(z[0]), f64::from(z[1])]])
                    .color(MANIFOLD_VIOLET)
                    .radius(8.0)
                    .filled(false),
            );
            answers_ui(plot, v, |p| [f64::from(p.z[0]), f64::from(p.z[1])]);
            starts_ui(plot, v, |z| [f64::from(z[0]), f64::from(z[1])]);
        });
    clicked(&response).map(|(which, p)| (which, vec![p[0] as f32, p[1] as f32]))
}

/// Beyond two latent dimensions: E over the grid's points by index, and the weights.
fn index_ui(ui: &mut Ui, v: &LatentView<'_>, size: [f32; 2]) -> Placed {
    let i = v.inspection;
    let curve: Vec<[f64; 2]> = i
        .energies
        .iter()
        .enumerate()
        .map(|(k, e)| [k as f64, *e])
        .collect();
    let bars: Vec<Bar> = i
        .weights
        .iter()
        .enumerate()
        .map(|(k, w)| {
            Bar::new(
                k as f64,
                *w * i.energies.iter().copied().fold(0.0, f64::max),
            )
        })
        .collect();
    let response = Plot::new("latent index")
        .width(size[0])
        .height(size[1])
        .legend(small_legend())
        .x_axis_label(format!("grid point k of the {}-D latent", v.latent.dim()))
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("w_k (scaled to the curve)", bars).color(PROBE_GREEN));
            plot.line(Line::new("E(y′, z_k)", curve).color(HOT_RED).width(2.0));
            plot.vline(VLine::new("ž (grid)", i.argmin as f64).color(MANIFOLD_VIOLET));
        });
    clicked(&response).map(|(which, p)| {
        let k = (p[0].round().max(0.0) as usize).min(v.latent.len().saturating_sub(1));
        (which, v.latent.point(k))
    })
}

/// The trainer's refined ž, the encoder's guess and the descents, placed by `at`.
fn answers_ui(plot: &mut PlotUi<'_>, v: &LatentView<'_>, at: impl Fn(&LatentPoint) -> [f64; 2]) {
    if let Some(answer) = v.answer {
        plot.points(
            Points::new("ž, descent-refined", vec![at(&answer.argmin)])
                .color(Color32::WHITE)
                .shape(egui_plot::MarkerShape::Diamond)
                .radius(5.0),
        );
        if let Some(e) = &answer.encoder {
            plot.points(
                Points::new("ž_enc = Enc(y′)", vec![at(e)])
                    .color(PROBE_GREEN)
                    .shape(egui_plot::MarkerShape::Square)
                    .radius(5.0),
            );
        }
    }
    for path in &v.descents {
        // A periodic latent wraps: break the trail where it jumps across 2π.
        let mut segment: Vec<[f64; 2]> = Vec::new();
        for p in path.iter().map(&at) {
            if segment
                .last()
                .is_some_and(|q| (q[0] - p[0]).abs() > std::f64::consts::PI)
            {
                plot.line(
                    Line::new("descent z_t", std::mem::take(&mut segment))
                        .color(LATENT_ORANGE)
                        .width(2.0),
                );
            }
            segment.push(p);
        }
        let head = segment.last().copied();
        plot.line(
            Line::new("descent z_t", segment)
                .color(LATENT_ORANGE)
                .width(2.0),
        );
        if let Some(head) = head {
            plot.points(
                Points::new("descent z_t", vec![head])
                    .color(LATENT_ORANGE)
                    .radius(5.0),
            );
        }
    }
}

/// The guesses z̃, placed by `at`.
fn starts_ui(plot: &mut PlotUi<'_>, v: &LatentView<'_>, at: impl Fn(&[f32]) -> [f64; 2]) {
    for (n, start) in v.starts.iter().enumerate() {
        if let Some(z) = start {
            plot.points(
                Points::new(format!("z̃{}", ["₁", "₂"][n]), vec![at(z)])
                    .color(LATENT_ORANGE)
                    .shape(egui_plot::MarkerShape::Up)
                    .radius(6.0),
            );
        }
    }
}

/// A legend in small print: the latent plots are small.
fn small_legend() -> egui_plot::Legend {
    egui_plot::Legend::default().text_style(egui::TextStyle::Small)
}

/// E at `z` by linear interpolation on the grid `axis` (only to place a marker).
fn interpolate(axis: &[f32], energies: &[f64], z: f32) -> f64 {
    let k = axis.iter().position(|a| *a > z).unwrap_or(axis.len());
    match k {
        0 => energies[0],
        k if k >= axis.len() => energies[axis.len() - 1],
        k => {
            let t = f64::from((z - axis[k - 1]) / (axis[k] - axis[k - 1]));
            energies[k - 1] + t * (energies[k] - energies[k - 1])
        }
    }
}

/// An angle into [0, 2π) on a periodic latent.
fn wrap(z: f32, periodic: bool) -> f32 {
    if periodic {
        z.rem_euclid(std::f32::consts::TAU)
    } else {
        z
    }
}

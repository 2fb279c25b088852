//! One model's energy plot: heatmap, arrows, data, hot points, manifold, probe. The focused
//! model and the small multiples draw through the same function; all of them share one link
//! group, so panning or zooming one moves them all.

use eframe::egui::{self, Color32, Ui};
use egui_plot::{
    Arrows, Legend, Line, Plot, PlotImage, PlotPoint, PlotPoints, PlotResponse, Points,
};

use crate::energy::reference;
use crate::landscape::{Landscape, arrow_scale};
use crate::models::blocks::autoencoder::code_grid_points;
use crate::models::spec::Latent;
use crate::palette::{DATA_BLUE, HOT_RED, MANIFOLD_VIOLET, PROBE_GREEN, viridis};
use crate::trainer::ModelView;

/// Longest GAN −∇C arrow on a hot point, in data units.
const HOT_ARROW_LENGTH: f32 = 0.3;

/// How one energy plot is drawn.
pub struct PlotStyle {
    pub size: [f32; 2],
    /// Legend, axis labels, the cursor probe: the focused plot only.
    pub large: bool,
    /// Follow the pointer with the softargmin probe (never in scripted figures).
    pub probe: bool,
    /// Draw mode: the pointer paints data, so it neither pans nor box-zooms the plot.
    pub draw: bool,
    /// Jump back to the view's own extent this frame (the "fit" after the data changed).
    pub reset: bool,
}

/// The data drawn on a plot: blue, or for the horn over all x coloured by each point's x.
#[derive(Clone, Copy)]
pub struct DataLayer<'a> {
    pub points: &'a [[f32; 2]],
    pub tint: Option<&'a [f32]>,
}

/// Colour bands for data tinted by x ∈ [0, 1].
const TINT_BANDS: usize = 8;

/// Draws `view` over `data`; returns the plot's response (a click focuses a small multiple,
/// its transform places drawn points).
pub fn energy_plot_ui(
    ui: &mut Ui,
    view: &ModelView,
    data: DataLayer<'_>,
    texture: Option<egui::TextureId>,
    style: &PlotStyle,
) -> PlotResponse<()> {
    let land = &view.landscape;
    let spec = land.grid;
    let ext = spec.extent;
    // Grid points sit on pixel centres: the image reaches half a cell beyond the extent.
    let cell = [
        ext.width() / (spec.size.width - 1) as f32,
        ext.height() / (spec.size.height - 1) as f32,
    ];
    let centre = ext.center();
    let mut plot = Plot::new(("energy plot", view.model))
        .width(style.size[0])
        .height(style.size[1])
        .data_aspect(1.0)
        .default_x_bounds(f64::from(ext.y1.0), f64::from(ext.y1.1))
        .default_y_bounds(f64::from(ext.y2.0), f64::from(ext.y2.1))
        .link_axis(egui::Id::unique("energy plots"), true);
    if style.draw {
        plot = plot.allow_drag(false).allow_boxed_zoom(false);
    }
    if style.reset {
        plot = plot.reset();
    }
    if style.probe && !style.draw {
        // The pointer's crosshair shows in every plot; never in a scripted figure.
        plot = plot.link_cursor(egui::Id::unique("energy plots"), true);
    }
    if style.large {
        plot = plot
            .legend(Legend::default().follow_insertion_order(true))
            .x_axis_label("y₁")
            .y_axis_label("y₂");
    } else {
        plot = plot.show_axes(false).show_grid(false).allow_scroll(false);
    }
    plot.show(ui, |plot| {
        if let Some(id) = texture {
            plot.image(PlotImage::new(
                "heatmap",
                id,
                PlotPoint::new(centre[0], centre[1]),
                egui::vec2(ext.width() + cell[0], ext.height() + cell[1]),
            ));
        }
        arrows_ui(plot, land);
        let probe = plot
            .pointer_coordinate()
            .filter(|_| style.probe && style.large && !style.draw)
            .map(|p| [p.x, p.y]);
        let closed = matches!(view.model.spec().latent, Latent::Grid { periodic: true });
        manifold_ui(plot, land, closed, probe);
        data_ui(plot, data, if style.large { 4.0 } else { 2.5 });
        hot_ui(plot, land, style.large);
        if let Some(p) = probe {
            plot.points(
                Points::new("probe y′", vec![p])
                    .color(PROBE_GREEN)
                    .radius(5.0),
            );
        }
    })
}

fn data_ui(plot: &mut egui_plot::PlotUi<'_>, data: DataLayer<'_>, radius: f32) {
    let Some(tint) = data.tint.filter(|t| t.len() == data.points.len()) else {
        plot.points(
            Points::new("data y", points(data.points))
                .color(DATA_BLUE)
                .radius(radius)
                .filled(true),
        );
        return;
    };
    // One item per colour band, all under the legend's one "data y" entry.
    for band in 0..TINT_BANDS {
        let in_band: Vec<[f32; 2]> = data
            .points
            .iter()
            .zip(tint)
            .filter(|(_, x)| ((**x * TINT_BANDS as f32) as usize).min(TINT_BANDS - 1) == band)
            .map(|(p, _)| *p)
            .collect();
        let mid = (band as f32 + 0.5) / TINT_BANDS as f32;
        plot.points(
            Points::new("data y (coloured by x)", points(&in_band))
                .color(viridis(mid))
                .radius(radius)
                .filled(true),
        );
    }
}

pub fn points(p: &[[f32; 2]]) -> Vec<[f64; 2]> {
    p.iter()
        .map(|q| [f64::from(q[0]), f64::from(q[1])])
        .collect()
}

/// The arrow lattice in white. −∇F is scaled so the longest arrow spans 90 % of a lattice
/// cell (only its direction and relative size mean something); ỹ − y is a displacement, drawn
/// at true length unless that would overrun the cell.
fn arrows_ui(plot: &mut egui_plot::PlotUi<'_>, view: &Landscape) {
    let Some(scale) = arrow_scale(&view.arrows, view.arrow_spacing, view.field) else {
        return;
    };
    let origins: Vec<[f64; 2]> = view
        .arrows
        .iter()
        .map(|a| [f64::from(a.origin[0]), f64::from(a.origin[1])])
        .collect();
    let tips: Vec<[f64; 2]> = view
        .arrows
        .iter()
        .map(|a| {
            [
                f64::from(a.origin[0] + scale * a.force[0]),
                f64::from(a.origin[1] + scale * a.force[1]),
            ]
        })
        .collect();
    plot.arrows(
        Arrows::new(view.field.label(), origins, tips)
            .color(Color32::from_white_alpha(200))
            .tip_length(5.0),
    );
}

/// Red hot points, with the GAN's −∇C arrows (where G wants to move each one).
fn hot_ui(plot: &mut egui_plot::PlotUi<'_>, view: &Landscape, large: bool) {
    if view.hot.is_empty() {
        return;
    }
    plot.points(
        Points::new("hot ŷ", points(&view.hot))
            .color(HOT_RED)
            .radius(if large { 3.5 } else { 2.0 }),
    );
    if view.hot_arrows.len() != view.hot.len() {
        return;
    }
    let longest = view
        .hot_arrows
        .iter()
        .map(|f| f[0].hypot(f[1]))
        .filter(|l| l.is_finite())
        .fold(0.0f32, f32::max);
    if longest <= 0.0 {
        return;
    }
    let scale = HOT_ARROW_LENGTH / longest;
    let tips: Vec<[f64; 2]> = view
        .hot
        .iter()
        .zip(&view.hot_arrows)
        .map(|(p, f)| {
            [
                f64::from(p[0] + scale * f[0]),
                f64::from(p[1] + scale * f[1]),
            ]
        })
        .collect();
    plot.arrows(
        Arrows::new("−∇C at ŷ", points(&view.hot), tips)
            .color(HOT_RED.gamma_multiply(0.8))
            .tip_length(4.0),
    );
}

/// The manifold ỹ = g(z_k): a violet curve through its points (closed for the periodic latent
/// of the LV-EBMs, open for a 1-D code; none for a 2-D latent grid). With the cursor on the
/// plot (probe y′), each point is shaded by its softargmin weight w_k(y′) — the course's
/// per-sample view.
fn manifold_ui(
    plot: &mut egui_plot::PlotUi<'_>,
    view: &Landscape,
    closed: bool,
    probe: Option<[f64; 2]>,
) {
    let manifold = points(&view.manifold);
    let mut curve = manifold.clone();
    if closed {
        curve.extend(manifold.first().copied());
    }
    if curve.len() > manifold.len() || manifold.len() == code_grid_points(1) {
        plot.line(
            Line::new("ỹ = g(z)", curve)
                .color(MANIFOLD_VIOLET.gamma_multiply(0.6))
                .width(1.0),
        );
    }
    let Some(y) = probe else {
        plot.points(
            Points::new("ỹ = g(z)", manifold)
                .color(MANIFOLD_VIOLET)
                .radius(2.5)
                .filled(true),
        );
        return;
    };
    let weights = reference::softargmin(&reference::energies(y, &manifold), view.beta);
    let top = weights
        .iter()
        .copied()
        .fold(0.0, f64::max)
        .max(f64::MIN_POSITIVE);
    for (g, w) in manifold.iter().zip(&weights) {
        let t = (w / top) as f32;
        plot.points(
            Points::new("ỹ = g(z)", vec![*g])
                .color(MANIFOLD_VIOLET.gamma_multiply(0.15 + 0.85 * t))
                .radius(2.0 + 4.0 * t)
                .filled(true),
        );
    }
}

/// A plain line of `[x, y]` points (loss curves).
pub fn line(name: &str, values: Vec<[f64; 2]>, colour: Color32) -> Line<'static> {
    Line::new(name.to_owned(), PlotPoints::from(values)).color(colour)
}

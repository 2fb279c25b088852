//! One model's energy plot: the surface's heatmap, −∇ of it, the model's own field, data,
//! pushed-up points, samples, the manifold and the probe. The focused model and the small
//! multiples draw through the same function; all of them share one link group, so panning or
//! zooming one moves them all.

use eframe::egui::{self, Color32, Ui};
use egui_plot::{
    Arrows, Corner, Legend, Line, Plot, PlotImage, PlotPoint, PlotPoints, PlotResponse, Points,
};

use super::inspector::overlay::{Overlay, overlay_ui};
use super::particles::{gibbs_samples_ui, hot_ui, samples_ui};
use super::probe_bar::{probe_bar_ui, probe_factors};
use crate::energy::reference;
use crate::landscape::surface::ArrowLayer;
use crate::landscape::{Landscape, arrow_segments};
use crate::models::blocks::autoencoder::code_grid_points;
use crate::models::diagram::Highlight;
use crate::models::spec::{Inputs, Latent};
use crate::palette::{DATA_BLUE, MANIFOLD_VIOLET, PROBE_GREEN, viridis};
use crate::trainer::ModelView;

/// How one energy plot is drawn.
pub struct PlotStyle {
    pub size: [f32; 2],
    /// Legend, axis labels, the cursor probe: the focused plot only.
    pub large: bool,
    /// Where the probe y′ is: nowhere, under the pointer, or pinned (scripted figures).
    pub probe: Probe,
    /// Draw mode: the pointer paints data, so it neither pans nor box-zooms the plot.
    pub draw: bool,
    /// The pointer holds something on the plot (the inference lab's probe): no panning.
    pub hold: bool,
    /// Jump back to the view's own extent this frame (the "fit" after the data changed).
    pub reset: bool,
    /// A layer ringed in yellow: the one the hovered block of the diagram produces.
    pub highlight: Option<Highlight>,
}

/// Where the probe y′ of a plot sits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Probe {
    Off,
    /// Under the pointer, when it is over the plot.
    Pointer,
    /// Pinned at a point in data coordinates (the inference lab's).
    At([f32; 2]),
}

/// The data drawn on a plot: blue, or for the horn over all x coloured by each point's x.
#[derive(Clone, Copy)]
pub struct DataLayer<'a> {
    pub points: &'a [[f32; 2]],
    pub tint: Option<&'a [f32]>,
    /// Each point's input x (conditional rows), and the slice conditional models are drawn at.
    pub inputs: Option<&'a [f32]>,
    pub slice: f32,
}

/// How close to the slice a row's x must be for a conditional model's plot to show it as data.
pub const NEAR_SLICE: f32 = 0.05;

/// Colour bands for data tinted by x ∈ [0, 1].
const TINT_BANDS: usize = 8;

/// The arrow layers of one plot: −∇ of the surface shown, and the model's own field.
#[derive(Clone, Copy, Default)]
pub struct ArrowLayers<'a> {
    pub gradient: Option<&'a ArrowLayer>,
    pub field: Option<&'a ArrowLayer>,
    /// −∂L/∂ỹ_k on the manifold points.
    pub forces: Option<&'a ArrowLayer>,
    /// Langevin particles on the surface at the slider's β (the *Samples* layer).
    pub particles: Option<&'a [[f32; 2]]>,
}

/// The plot of `view` with its interactions set by `style`: a figure's axes, links between
/// the plots, what the pointer may do.
fn configured_plot<'a>(view: &ModelView, style: &PlotStyle) -> Plot<'a> {
    let ext = view.landscape.grid.extent;
    let mut plot = Plot::new(("energy plot", view.model))
        .width(style.size[0])
        .height(style.size[1])
        .data_aspect(1.0)
        .default_x_bounds(f64::from(ext.y1.0), f64::from(ext.y1.1))
        .default_y_bounds(f64::from(ext.y2.0), f64::from(ext.y2.1))
        .link_axis(egui::Id::unique("energy plots"), true);
    if style.draw || style.hold {
        plot = plot.allow_drag(false).allow_boxed_zoom(false);
    }
    if style.reset {
        plot = plot.reset();
    }
    if style.probe != Probe::Pointer {
        // A scripted figure: no crosshair or coordinates where Xvfb happens to park the mouse.
        plot = plot.show_crosshair(false).show_x(false).show_y(false);
    } else if !style.draw {
        // The pointer's crosshair shows in every plot.
        plot = plot.link_cursor(egui::Id::unique("energy plots"), true);
    }
    if style.large {
        // The legend keeps out of the way of a pinned probe in the upper right (the probe's
        // colour bar has the lower left).
        let [cx, cy] = ext.center();
        let corner = match style.probe {
            Probe::At(p) if p[0] >= cx && p[1] >= cy => Corner::RightBottom,
            _ => Corner::RightTop,
        };
        plot = plot
            .legend(
                Legend::default()
                    .follow_insertion_order(true)
                    .position(corner),
            )
            .x_axis_label("y₁")
            .y_axis_label("y₂");
    } else {
        plot = plot.show_axes(false).show_grid(false).allow_scroll(false);
    }
    plot
}

/// Draws `view` over `data`; returns the plot's response (a click focuses a small multiple,
/// its transform places drawn points).
pub fn energy_plot_ui(
    ui: &mut Ui,
    view: &ModelView,
    layers: ArrowLayers<'_>,
    data: DataLayer<'_>,
    texture: Option<egui::TextureId>,
    style: &PlotStyle,
    overlay: Option<&Overlay<'_>>,
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
    let plot = configured_plot(view, style);
    let mut probing = false;
    let response = plot.show(ui, |plot| {
        if let Some(id) = texture {
            plot.image(PlotImage::new(
                "heatmap",
                id,
                PlotPoint::new(centre[0], centre[1]),
                egui::vec2(ext.width() + cell[0], ext.height() + cell[1]),
            ));
        }
        if let Some(layer) = layers.gradient {
            arrows_ui(
                plot,
                layer,
                land.arrow_spacing,
                Color32::from_white_alpha(200),
            );
        }
        if let Some(layer) = layers.field {
            arrows_ui(plot, layer, land.arrow_spacing, Color32::from_gray(150));
        }
        if let Some(overlay) = overlay {
            overlay_ui(plot, overlay);
        }
        let probe = match style.probe {
            _ if !style.large || style.draw => None,
            Probe::Off => None,
            Probe::Pointer => plot.pointer_coordinate().map(|p| [p.x, p.y]),
            Probe::At(p) => Some(p.map(f64::from)),
        };
        let closed = matches!(view.model.spec().latent, Latent::Grid { periodic: true });
        manifold_ui(plot, land, closed, probe);
        let conditional = view.model.spec().inputs == Inputs::XY;
        match data.inputs.filter(|_| conditional) {
            Some(xs) => slice_data_ui(plot, data, xs, style.large),
            None => data_ui(plot, data, if style.large { 4.0 } else { 2.5 }),
        }
        hot_ui(plot, land, style.large);
        samples_ui(plot, land, style.large);
        if let Some(particles) = layers.particles {
            gibbs_samples_ui(plot, particles, style.large);
        }
        if let Some(layer) = layers.forces {
            // Twice the lattice's length: a manifold point's pull is the one arrow it has.
            arrows_ui(plot, layer, 2.0 * land.arrow_spacing, DATA_BLUE);
        }
        if let Some(what) = style.highlight {
            highlight_ui(plot, what, land, data.points, layers.gradient);
        }
        if let Some(p) = probe {
            probing = !land.manifold.is_empty();
            plot.points(
                Points::new("probe y′", vec![p])
                    .color(PROBE_GREEN)
                    .radius(5.0),
            );
        }
    });
    if probing {
        probe_bar_ui(ui, response.response.rect);
    }
    response
}

/// Rings the layer a hovered diagram block produces (yellow, which only the samples use).
fn highlight_ui(
    plot: &mut egui_plot::PlotUi<'_>,
    what: Highlight,
    land: &Landscape,
    data: &[[f32; 2]],
    gradient: Option<&ArrowLayer>,
) {
    let ring = |plot: &mut egui_plot::PlotUi<'_>, p: &[[f32; 2]], r: f32| {
        plot.points(
            Points::new("highlighted by the diagram", points(p))
                .color(crate::palette::GIBBS_YELLOW)
                .radius(r)
                .filled(false),
        );
    };
    match what {
        Highlight::Data => ring(plot, data, 7.0),
        Highlight::Manifold => ring(plot, &land.manifold, 5.0),
        Highlight::Hot => ring(plot, &land.hot, 6.0),
        Highlight::Arrows => {
            if let Some(layer) = gradient {
                arrows_ui(
                    plot,
                    layer,
                    land.arrow_spacing,
                    crate::palette::GIBBS_YELLOW,
                );
            }
        }
    }
}

/// A conditional model's plot at x: the rows near x are its data there; the rest faint.
fn slice_data_ui(plot: &mut egui_plot::PlotUi<'_>, data: DataLayer<'_>, xs: &[f32], large: bool) {
    let (near, far): (Vec<[f64; 2]>, Vec<[f64; 2]>) = {
        let mut near = Vec::new();
        let mut far = Vec::new();
        for (p, x) in data.points.iter().zip(xs) {
            let q = [f64::from(p[0]), f64::from(p[1])];
            if (x - data.slice).abs() <= NEAR_SLICE {
                near.push(q)
            } else {
                far.push(q)
            }
        }
        (near, far)
    };
    plot.points(
        Points::new("data at other x", far)
            .color(Color32::from_gray(110).gamma_multiply(0.5))
            .radius(if large { 1.5 } else { 1.0 }),
    );
    plot.points(
        Points::new(
            format!("data y with |x − {:.2}| ≤ {NEAR_SLICE}", data.slice),
            near,
        )
        .color(DATA_BLUE)
        .radius(if large { 4.0 } else { 2.5 })
        .filled(true),
    );
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

/// An arrow layer in `colour`, scaled as `landscape::arrow_segments` says.
fn arrows_ui(plot: &mut egui_plot::PlotUi<'_>, layer: &ArrowLayer, spacing: f32, colour: Color32) {
    let segments = arrow_segments(&layer.arrows, spacing, layer.kind);
    if segments.is_empty() {
        return;
    }
    let (origins, tips): (Vec<[f64; 2]>, Vec<[f64; 2]>) = segments
        .iter()
        .map(|(o, t)| {
            (
                [f64::from(o[0]), f64::from(o[1])],
                [f64::from(t[0]), f64::from(t[1])],
            )
        })
        .unzip();
    plot.arrows(
        Arrows::new(layer.label.clone(), origins, tips)
            .color(colour)
            .tip_length(5.0),
    );
}

/// The manifold ỹ = g(z_k): a violet curve through its points (closed for the periodic latent
/// of the LV-EBMs, open for a 1-D code; none for a 2-D latent grid). With the cursor on the
/// plot (probe y′), each point takes the colour of e^{−βE(y′, z_k)} on the probe's fixed
/// colour bar — the course's per-sample view: a point that explains y′ badly stays dark.
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
    let boltzmann = probe_factors(&reference::energies(y, &manifold), view.beta);
    for (g, b) in manifold.iter().zip(&boltzmann) {
        plot.points(
            Points::new("ỹ = g(z)", vec![*g])
                .color(viridis(*b as f32))
                .radius(2.0 + 3.0 * *b as f32)
                .filled(true),
        );
    }
}

/// A plain line of `[x, y]` points (loss curves).
pub fn line(name: &str, values: Vec<[f64; 2]>, colour: Color32) -> Line<'static> {
    Line::new(name.to_owned(), PlotPoints::from(values)).color(colour)
}

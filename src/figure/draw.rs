//! Drawing figures with plotters, the same code for the SVG and the bitmap backend.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::svg;
use super::{Figure, FigureError, Panel, Theme, family, grid_shape, inspector};
use crate::landscape::arrow_segments;
use crate::landscape::surface::ArrowLayer;
use crate::palette::{self, ColourMap, ColourScale, viridis, viridis_entry};

/// Colours, sizes and the value scale of one figure.
pub struct Style {
    pub background: RGBColor,
    pub foreground: RGBColor,
    /// Pixels per point.
    pub scale: f32,
    pub colours: ColourScale,
    /// SVG: heatmaps become placeholders for embedded images (see `svg.rs`).
    pub vector: bool,
}

impl Style {
    pub fn new(theme: Theme, scale: f32, colours: ColourScale, vector: bool) -> Self {
        let (background, foreground) = match theme {
            Theme::Dark => (RGBColor(0x1b, 0x1b, 0x1b), RGBColor(0xf0, 0xf0, 0xf0)),
            Theme::Light => (WHITE, RGBColor(0x20, 0x20, 0x20)),
        };
        Style {
            background,
            foreground,
            scale,
            colours,
            vector,
        }
    }

    /// `points` at this figure's pixel density.
    pub fn px(&self, points: f32) -> u32 {
        (points * self.scale).round().max(1.0) as u32
    }

    pub fn font(&self, points: f32) -> TextStyle<'static> {
        self.font_of("sans-serif", points)
    }

    /// Legends name the fields (−∇F, ỹ − y), whose glyphs Ubuntu Light lacks and Hack has.
    pub fn legend_font(&self, points: f32) -> TextStyle<'static> {
        self.font_of("monospace", points)
    }

    fn font_of(&self, family: &'static str, points: f32) -> TextStyle<'static> {
        (family, f64::from(points * self.scale))
            .into_font()
            .color(&self.foreground)
    }
}

pub fn rgb(c: eframe::egui::Color32) -> RGBColor {
    RGBColor(c.r(), c.g(), c.b())
}

pub fn draw_error(e: impl std::fmt::Display) -> FigureError {
    FigureError::Draw(e.to_string())
}

/// The bitmap backend draws text with egui's own fonts (Ubuntu Light for text, Hack for the
/// legends' symbols), registered once, so no system font is needed.
pub fn register_font() -> Result<(), FigureError> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            for (family, bytes) in [
                ("sans-serif", epaint_default_fonts::UBUNTU_LIGHT),
                ("monospace", epaint_default_fonts::HACK_REGULAR),
            ] {
                plotters::style::register_font(family, FontStyle::Normal, bytes)
                    .map_err(|_| format!("the bundled font {family} could not be read"))?;
            }
            Ok(())
        })
        .clone()
        .map_err(FigureError::Draw)
}

pub fn draw<DB: DrawingBackend>(
    backend: DB,
    figure: &Figure,
    style: &Style,
) -> Result<(), FigureError> {
    let root = backend.into_drawing_area();
    root.fill(&style.background).map_err(draw_error)?;
    match figure {
        Figure::Panels(panels) => {
            let (cols, rows) = grid_shape(panels.len());
            let areas = root.split_evenly((rows as usize, cols as usize));
            for (area, panel) in areas.iter().zip(panels) {
                energy_panel(area, panel, style)?;
            }
        }
        Figure::Family { title, curves } => family::draw(&root, title, curves, style)?,
        Figure::Diagram(models) => super::diagram::draw(&root, models, style)?,
        Figure::ThreeD { title, primitives } => {
            super::view3d::draw(&root, title, primitives, style)?;
        }
        Figure::Inspector { panel, latent } => {
            let (w, _) = root.dim_in_pixel();
            let (left, right) = root.split_horizontally(w * 58 / 100);
            energy_panel(&left, panel, style)?;
            if let Some(inspection) = &panel.probe {
                inspector::latent_panel(&right, inspection, latent, style)?;
            }
        }
    }
    root.present().map_err(draw_error)
}

/// Heatmap with colour bar, arrows, manifold, data, hot points, legend and title.
fn energy_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    style: &Style,
) -> Result<(), FigureError> {
    let (w, _) = area.dim_in_pixel();
    let (plot_area, bar_area) = area.split_horizontally(w.saturating_sub(style.px(72.0)));
    let mut chart = panel_axes(&plot_area, panel, style)?;
    let ext = panel.grid.spec.extent;
    let map = panel
        .view
        .colour_scale(style.colours)
        .fit(&panel.grid.values);
    if style.vector {
        let corners = [(ext.y1.0, ext.y2.0), (ext.y1.1, ext.y2.1)];
        chart
            .draw_series([Rectangle::new(corners, svg::PLACEHOLDER.filled())])
            .map_err(draw_error)?;
    } else {
        chart
            .draw_series(heat_cells(panel, &map))
            .map_err(draw_error)?;
    }
    // Gradient arrows white, the model's own field grey: both show on any part of viridis.
    draw_arrows(
        &mut chart,
        &panel.arrows,
        panel.arrow_spacing,
        WHITE.mix(0.85),
        style,
    )?;
    if let Some(field) = &panel.field {
        let grey = RGBColor(0xa0, 0xa0, 0xa0).mix(0.9);
        draw_arrows(&mut chart, field, panel.arrow_spacing, grey, style)?;
    }
    if let Some(inspection) = &panel.probe {
        inspector::draw_votes(&mut chart, &panel.manifold, inspection, style)?;
    }
    draw_points(&mut chart, panel, style)?;
    chart
        .configure_series_labels()
        .position(legend_corner(panel))
        .background_style(style.background.mix(0.8))
        .border_style(style.foreground)
        .label_font(style.legend_font(11.0))
        .draw()
        .map_err(draw_error)?;
    colour_bar(&bar_area, &map, style)
}

/// Where a panel's legend goes: the upper right, unless the inference lab's probe sits there;
/// then the corner diagonally away from it.
fn legend_corner(panel: &Panel) -> SeriesLabelPosition {
    let Some(i) = &panel.probe else {
        return SeriesLabelPosition::UpperRight;
    };
    let [cx, cy] = panel.grid.spec.extent.center();
    match (i.probe[0] >= f64::from(cx), i.probe[1] >= f64::from(cy)) {
        (true, true) => SeriesLabelPosition::LowerLeft,
        (true, false) => SeriesLabelPosition::UpperLeft,
        (false, true) => SeriesLabelPosition::LowerRight,
        (false, false) => SeriesLabelPosition::UpperRight,
    }
}

/// The panel's axes over its extent, padded to an equal aspect (one unit as long on both
/// axes), with its title.
fn panel_axes<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    panel: &Panel,
    style: &Style,
) -> Result<Chart<'a, DB>, FigureError> {
    let (w, h) = area.dim_in_pixel();
    let ext = panel.grid.spec.extent;
    let (label_x, label_y, caption) = (style.px(36.0), style.px(46.0), style.px(30.0));
    let free_w = (w.saturating_sub(label_y + style.px(16.0))) as f32;
    let free_h = (h.saturating_sub(label_x + caption + style.px(16.0))) as f32;
    let want = ext.width() / ext.height();
    let (pad_x, pad_y) = if free_w / free_h > want {
        (((free_w - free_h * want) / 2.0) as u32, 0)
    } else {
        (0, ((free_h - free_w / want) / 2.0) as u32)
    };
    let plot_area = area.margin(pad_y, pad_y, pad_x, 0);
    let mut chart = ChartBuilder::on(&plot_area)
        // Titles name the function drawn (‖y − ỹ‖², ∂ỹ/∂y): glyphs Ubuntu Light lacks.
        .caption(&panel.title, style.legend_font(12.5))
        .margin(style.px(8.0))
        .x_label_area_size(label_x)
        .y_label_area_size(label_y)
        .build_cartesian_2d(ext.y1.0..ext.y1.1, ext.y2.0..ext.y2.1)
        .map_err(draw_error)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(style.foreground)
        .label_style(style.font(11.0))
        .axis_desc_style(style.font(12.0))
        .x_desc("y₁")
        .y_desc("y₂")
        .draw()
        .map_err(draw_error)?;
    Ok(chart)
}

/// The manifold, the data and the hot points, each outlined so it reads on any part of
/// viridis, with their legend entries.
fn draw_points<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    panel: &Panel,
    style: &Style,
) -> Result<(), FigureError> {
    let r = style.px(2.0) as i32;
    let outline = style.background;
    if !panel.trails.is_empty() {
        // Where each negative slid from: thin lines under the points.
        let trail = rgb(palette::HOT_RED).mix(0.6).stroke_width(style.px(1.0));
        chart
            .draw_series(panel.trails.iter().map(|t| {
                PathElement::new(t.iter().map(|p| (p[0], p[1])).collect::<Vec<_>>(), trail)
            }))
            .map_err(draw_error)?
            .label("Langevin trails of ŷ")
            .legend(move |(x, y)| PathElement::new(vec![(x - 8, y), (x + 8, y)], trail));
    }
    let dot = r + style.px(1.0) as i32;
    for (points, colour, label, radius) in [
        (
            &panel.manifold,
            rgb(palette::MANIFOLD_VIOLET),
            "manifold ỹ = g(z)",
            r,
        ),
        (
            &panel.samples,
            rgb(palette::MANIFOLD_VIOLET),
            "samples ỹ = Dec(z)",
            dot,
        ),
        (&panel.data, rgb(palette::DATA_BLUE), "data y", dot),
        (&panel.hot, rgb(palette::HOT_RED), "pushed up ŷ", dot),
    ] {
        if points.is_empty() {
            continue;
        }
        chart
            .draw_series(points.iter().flat_map(|p| {
                [
                    Circle::new((p[0], p[1]), radius + 1, outline.filled()),
                    Circle::new((p[0], p[1]), radius, colour.filled()),
                ]
            }))
            .map_err(draw_error)?
            .label(label)
            .legend(move |(x, y)| Circle::new((x, y), radius, colour.filled()));
    }
    Ok(())
}

/// The grid as rectangles for the bitmap backend, one per run of cells that share a colour
/// (256 levels).
fn heat_cells(panel: &Panel, map: &ColourMap) -> Vec<Rectangle<(f32, f32)>> {
    let spec = panel.grid.spec;
    let (w, h) = (spec.size.width, spec.size.height);
    let dx = spec.extent.width() / (w - 1) as f32;
    let dy = spec.extent.height() / (h - 1) as f32;
    let clamp_x = |x: f32| x.clamp(spec.extent.y1.0, spec.extent.y1.1);
    let clamp_y = |y: f32| y.clamp(spec.extent.y2.0, spec.extent.y2.1);
    let level = |v: f32| map.level(v);
    let mut cells = Vec::new();
    for j in 0..h {
        let row = &panel.grid.values[j * w..(j + 1) * w];
        let y = spec.y2_at(j);
        // Rows overlap by a sliver so anti-aliased edges leave no hairline gaps.
        let (y0, y1) = (clamp_y(y - 0.5 * dy), clamp_y(y + 0.6 * dy));
        let mut start = 0;
        while start < w {
            let q = level(row[start]);
            let mut end = start + 1;
            while end < w && level(row[end]) == q {
                end += 1;
            }
            let x0 = clamp_x(spec.y1_at(start) - 0.5 * dx);
            let x1 = clamp_x(spec.y1_at(end - 1) + 0.6 * dx);
            let c = viridis_entry(q);
            cells.push(Rectangle::new([(x0, y0), (x1, y1)], rgb(c).filled()));
            start = end;
        }
    }
    cells
}

pub(super) type Chart<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf32, plotters::coord::types::RangedCoordf32>,
>;

/// An arrow layer, scaled as the app scales it, in `colour`.
fn draw_arrows<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    layer: &ArrowLayer,
    spacing: f32,
    colour: RGBAColor,
    style: &Style,
) -> Result<(), FigureError> {
    let segments = arrow_segments(&layer.arrows, spacing, layer.kind);
    if segments.is_empty() {
        return Ok(());
    }
    let line = ShapeStyle::from(&colour).stroke_width(style.px(1.0));
    let mut paths = Vec::new();
    for (origin, tip) in segments {
        let [fx, fy] = [tip[0] - origin[0], tip[1] - origin[1]];
        let len = fx.hypot(fy);
        if !len.is_finite() || len < 1e-6 {
            continue;
        }
        let tip = (tip[0], tip[1]);
        // Two barbs at ±25°, a third of the shaft long.
        let (ux, uy) = (fx / len, fy / len);
        let barb = len / 3.0;
        let (c, s) = (25f32.to_radians().cos(), 25f32.to_radians().sin());
        let left = (
            tip.0 - barb * (ux * c - uy * s),
            tip.1 - barb * (uy * c + ux * s),
        );
        let right = (
            tip.0 - barb * (ux * c + uy * s),
            tip.1 - barb * (uy * c - ux * s),
        );
        paths.push(PathElement::new(vec![(origin[0], origin[1]), tip], line));
        paths.push(PathElement::new(vec![left, tip, right], line));
    }
    chart
        .draw_series(paths)
        .map_err(draw_error)?
        .label(layer.label.as_str())
        .legend(move |(x, y)| PathElement::new(vec![(x - 8, y), (x + 8, y)], line));
    Ok(())
}

/// A vertical viridis bar with its value labels (the map's values at evenly spaced positions:
/// a log scale's ticks are not evenly spaced in value).
fn colour_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    map: &ColourMap,
    style: &Style,
) -> Result<(), FigureError> {
    let (_, h) = area.dim_in_pixel();
    let area = area.margin(style.px(40.0), style.px(40.0).min(h / 4), style.px(4.0), 0);
    let mut bar = ChartBuilder::on(&area)
        .y_label_area_size(0)
        .right_y_label_area_size(style.px(44.0))
        .build_cartesian_2d(0f32..1f32, 0f32..1f32)
        .map_err(draw_error)?;
    let label = |t: &f32| map.label(map.value(*t));
    bar.configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .y_labels(5)
        .y_label_formatter(&label)
        .axis_style(style.foreground)
        .label_style(style.font(10.0))
        .draw()
        .map_err(draw_error)?;
    const BANDS: usize = 64;
    bar.draw_series((0..BANDS).map(|k| {
        let (t0, t1) = (k as f32 / BANDS as f32, (k + 1) as f32 / BANDS as f32);
        Rectangle::new(
            [(0.0, t0), (1.0, t1)],
            rgb(viridis(0.5 * (t0 + t1))).filled(),
        )
    }))
    .map_err(draw_error)?;
    Ok(())
}

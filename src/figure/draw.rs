//! Drawing figures with plotters, the same code for the SVG and the bitmap backend.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::svg::{self, heat_level};
use super::{Figure, FigureError, Panel, Theme, family, grid_shape};
use crate::landscape::arrow_scale;
use crate::palette::{self, ColourScale, viridis};

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
    let range = style.colours.range(&panel.grid.values);
    if style.vector {
        let corners = [(ext.y1.0, ext.y2.0), (ext.y1.1, ext.y2.1)];
        chart
            .draw_series([Rectangle::new(corners, svg::PLACEHOLDER.filled())])
            .map_err(draw_error)?;
    } else {
        chart
            .draw_series(heat_cells(panel, range))
            .map_err(draw_error)?;
    }
    draw_arrows(&mut chart, panel, style)?;
    draw_points(&mut chart, panel, style)?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(style.background.mix(0.8))
        .border_style(style.foreground)
        .label_font(style.legend_font(11.0))
        .draw()
        .map_err(draw_error)?;
    colour_bar(&bar_area, range, style)
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
        .caption(&panel.title, style.font(14.0))
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
    let dot = r + style.px(1.0) as i32;
    for (points, colour, label, radius) in [
        (
            &panel.manifold,
            rgb(palette::MANIFOLD_VIOLET),
            "manifold ỹ = g(z)",
            r,
        ),
        (&panel.data, rgb(palette::DATA_BLUE), "data y", dot),
        (&panel.hot, rgb(palette::HOT_RED), "hot ŷ", dot),
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
fn heat_cells(panel: &Panel, (lo, hi): (f32, f32)) -> Vec<Rectangle<(f32, f32)>> {
    let spec = panel.grid.spec;
    let (w, h) = (spec.size.width, spec.size.height);
    let dx = spec.extent.width() / (w - 1) as f32;
    let dy = spec.extent.height() / (h - 1) as f32;
    let clamp_x = |x: f32| x.clamp(spec.extent.y1.0, spec.extent.y1.1);
    let clamp_y = |y: f32| y.clamp(spec.extent.y2.0, spec.extent.y2.1);
    let level = |v: f32| heat_level(v, (lo, hi));
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
            let c = viridis(f32::from(q) / 255.0);
            cells.push(Rectangle::new([(x0, y0), (x1, y1)], rgb(c).filled()));
            start = end;
        }
    }
    cells
}

type Chart<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf32, plotters::coord::types::RangedCoordf32>,
>;

/// The app's arrows, scaled as the app scales them.
fn draw_arrows<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    panel: &Panel,
    style: &Style,
) -> Result<(), FigureError> {
    let Some(scale) = arrow_scale(&panel.arrows, panel.arrow_spacing, panel.field) else {
        return Ok(());
    };
    // White on the heatmap in either theme, as in the app.
    let colour = WHITE.mix(0.85);
    let line = ShapeStyle::from(&colour).stroke_width(style.px(1.0));
    let mut paths = Vec::new();
    for a in &panel.arrows {
        let [fx, fy] = [a.force[0] * scale, a.force[1] * scale];
        let len = fx.hypot(fy);
        if !len.is_finite() || len < 1e-6 {
            continue;
        }
        let tip = (a.origin[0] + fx, a.origin[1] + fy);
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
        paths.push(PathElement::new(
            vec![(a.origin[0], a.origin[1]), tip],
            line,
        ));
        paths.push(PathElement::new(vec![left, tip, right], line));
    }
    chart
        .draw_series(paths)
        .map_err(draw_error)?
        .label(panel.field.label())
        .legend(move |(x, y)| PathElement::new(vec![(x - 8, y), (x + 8, y)], line));
    Ok(())
}

/// A vertical viridis bar with its value labels and what it measures.
fn colour_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (lo, hi): (f32, f32),
    style: &Style,
) -> Result<(), FigureError> {
    let (_, h) = area.dim_in_pixel();
    let area = area.margin(style.px(40.0), style.px(40.0).min(h / 4), style.px(4.0), 0);
    let mut bar = ChartBuilder::on(&area)
        .y_label_area_size(0)
        .right_y_label_area_size(style.px(44.0))
        .build_cartesian_2d(0f32..1f32, lo..hi)
        .map_err(draw_error)?;
    bar.configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .y_labels(5)
        .axis_style(style.foreground)
        .label_style(style.font(10.0))
        .draw()
        .map_err(draw_error)?;
    const BANDS: usize = 64;
    let step = (hi - lo) / BANDS as f32;
    bar.draw_series((0..BANDS).map(|k| {
        let t = (k as f32 + 0.5) / BANDS as f32;
        let (y0, y1) = (lo + step * k as f32, lo + step * (k as f32 + 1.0));
        Rectangle::new([(0.0, y0), (1.0, y1)], rgb(viridis(t)).filled())
    }))
    .map_err(draw_error)?;
    Ok(())
}

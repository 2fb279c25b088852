//! The β family: F_β(0, y₂) over y₂ ∈ [−2, 2], one line per β, coldest in yellow.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::FigureError;
use super::beta_label;
use super::draw::{Style, draw_error, rgb};
use crate::energy::Beta;
use crate::landscape::BetaCurve;
use crate::palette::beta_colour;

pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    curves: &[BetaCurve],
    style: &Style,
) -> Result<(), FigureError> {
    let values = curves.iter().flat_map(|c| c.points.iter().map(|p| p[1]));
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    let (lo, hi) = if lo < hi { (lo, hi) } else { (0.0, 1.0) };
    let pad = 0.05 * (hi - lo);
    let mut chart = ChartBuilder::on(area)
        .caption(title, style.font(15.0))
        .margin(style.px(12.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(50.0))
        .build_cartesian_2d(-2f32..2f32, (lo - pad)..(hi + pad))
        .map_err(draw_error)?;
    chart
        .configure_mesh()
        .light_line_style(style.foreground.mix(0.08))
        .bold_line_style(style.foreground.mix(0.15))
        .axis_style(style.foreground)
        .label_style(style.font(11.0))
        .axis_desc_style(style.font(12.0))
        .x_desc("y₂")
        .y_desc("F_β(0, y₂)")
        .draw()
        .map_err(draw_error)?;
    for curve in curves {
        // One Set3 colour per mark of the course's slider; the text colour between them.
        let colour = if Beta::COURSE_MARKS.contains(&curve.beta) {
            rgb(beta_colour(curve.beta))
        } else {
            style.foreground
        };
        let line = ShapeStyle::from(&colour).stroke_width(style.px(2.0));
        chart
            .draw_series(LineSeries::new(
                curve
                    .points
                    .iter()
                    .filter(|p| p[1].is_finite())
                    .map(|p| (p[0], p[1])),
                line,
            ))
            .map_err(draw_error)?
            .label(beta_label(curve.beta))
            .legend(move |(x, y)| PathElement::new(vec![(x - 10, y), (x + 10, y)], line));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperMiddle)
        .background_style(style.background.mix(0.8))
        .border_style(style.foreground)
        .label_font(style.legend_font(11.0))
        .draw()
        .map_err(draw_error)
}

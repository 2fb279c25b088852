//! 3-D figures (`figure --view 3d`): the scene of `crate::view3d`, projected and sorted the
//! same way as in the window, drawn with plotters — PNG or SVG, no GPU.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::FigureError;
use super::draw::{Style, draw_error};
use crate::view3d::Primitive;

fn colour(c: [u8; 4]) -> RGBAColor {
    RGBColor(c[0], c[1], c[2]).mix(f64::from(c[3]) / 255.0)
}

pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    primitives: &[Primitive],
    style: &Style,
) -> Result<(), FigureError> {
    let area = area
        .titled(title, style.legend_font(12.5))
        .map_err(draw_error)?;
    let (w, h) = area.dim_in_pixel();
    let scale = 0.48 * w.min(h) as f32;
    let at = |p: [f32; 2]| {
        (
            (w as f32 / 2.0 + scale * p[0]).round() as i32,
            (h as f32 / 2.0 - scale * p[1]).round() as i32,
        )
    };
    for p in primitives {
        match p {
            Primitive::Triangle { p, colour: c } => {
                area.draw(&Polygon::new(p.map(at).to_vec(), colour(*c).filled()))
                    .map_err(draw_error)?;
            }
            Primitive::Line {
                a,
                b,
                colour: c,
                width,
            } => {
                let line = colour(*c).stroke_width(style.px(*width).max(1));
                area.draw(&PathElement::new(vec![at(*a), at(*b)], line))
                    .map_err(draw_error)?;
            }
            Primitive::Point {
                p,
                colour: c,
                radius,
            } => {
                let r = style.px(*radius).max(1) as i32;
                area.draw(&Circle::new(at(*p), r + 1, style.background.filled()))
                    .map_err(draw_error)?;
                area.draw(&Circle::new(at(*p), r, colour(*c).filled()))
                    .map_err(draw_error)?;
            }
            Primitive::Label { p, text, .. } => {
                // Ubuntu Light has the subscripts of y₁, Hack the prime of y′.
                let font = if text.contains('′') {
                    style.legend_font(12.0)
                } else {
                    style.font(13.0)
                };
                let font = font.pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Center,
                ));
                area.draw(&Text::new(text.clone(), at(*p), font))
                    .map_err(draw_error)?;
            }
        }
    }
    Ok(())
}

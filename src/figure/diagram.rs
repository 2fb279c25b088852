//! Block diagrams for slides (`figure --diagram MODEL[,MODEL…]`): the models' diagrams on one
//! shared grid, one above the other, each under its title, with the course's contrast of each
//! neighbouring pair beneath (see `diagram/`).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::FigureError;
use super::draw::{Style, draw_error};
use crate::diagram::compare::contrast;
use crate::diagram::layout::{Layout, PlacedPart};
use crate::models::ModelId;

/// Height of one model's band (its title and diagram), and of a contrast line, in points.
pub const BAND: f32 = 300.0;
pub const CONTRAST: f32 = 34.0;
const MARGIN: f32 = 20.0;

/// The figure's size in points for `models`.
pub fn size(models: &[ModelId]) -> (u32, u32) {
    let layouts = Layout::aligned(&models.iter().map(|m| m.spec().diagram).collect::<Vec<_>>());
    let width = layouts.iter().map(|l| l.size[0]).fold(400.0, f32::max) + 2.0 * MARGIN;
    let contrasts = models.len().saturating_sub(1) as f32 * CONTRAST;
    (
        width as u32,
        (BAND * models.len() as f32 + contrasts) as u32,
    )
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    models: &[ModelId],
    style: &Style,
) -> Result<(), FigureError> {
    let layouts = Layout::aligned(&models.iter().map(|m| m.spec().diagram).collect::<Vec<_>>());
    let px = |v: f32| (v * style.scale) as i32;
    let text = |size: f32| {
        ("sans-serif", size * style.scale)
            .into_font()
            .color(&style.foreground)
    };
    let mut top = 0.0;
    for (i, (model, layout)) in models.iter().zip(&layouts).enumerate() {
        root.draw(&Text::new(
            format!("{} — {}", model.title(), model.spec().recipe),
            (px(MARGIN), px(top + 8.0)),
            text(14.0),
        ))
        .map_err(draw_error)?;
        let origin = [MARGIN, top + 30.0];
        let at = |p: [f32; 2]| (px(origin[0] + p[0]), px(origin[1] + p[1]));
        for wire in &layout.wires {
            let points: Vec<(i32, i32)> = wire.points.iter().map(|p| at(*p)).collect();
            let line = style.foreground.stroke_width(style.px(1.5));
            root.draw(&PathElement::new(points.clone(), line))
                .map_err(draw_error)?;
            arrow_head(root, &points, style)?;
        }
        for part in &layout.parts {
            part_shape(root, part, &at, style)?;
        }
        top += BAND;
        if let Some(next) = models.get(i + 1) {
            root.draw(&Text::new(
                format!(
                    "{} vs {}: {}",
                    model.key(),
                    next.key(),
                    contrast(*model, *next)
                ),
                (px(MARGIN), px(top)),
                text(11.0),
            ))
            .map_err(draw_error)?;
            top += CONTRAST;
        }
    }
    Ok(())
}

/// A variable as an ellipse-ish circle, a module as a rounded box, filled in its colour with
/// its label in black.
fn part_shape<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    part: &PlacedPart,
    at: &dyn Fn([f32; 2]) -> (i32, i32),
    style: &Style,
) -> Result<(), FigureError> {
    let [r, g, b] = part.fill;
    let fill = RGBColor(r, g, b);
    let (c, h) = (part.centre, part.half);
    if part.part.kind.is_variable() {
        // A circle stretched to its label: two end caps and a box between them.
        let radius = (h[1] * style.scale) as i32;
        for x in [c[0] - h[0] + h[1], c[0] + h[0] - h[1]] {
            root.draw(&Circle::new(at([x, c[1]]), radius, fill.filled()))
                .map_err(draw_error)?;
        }
        root.draw(&Rectangle::new(
            [
                at([c[0] - h[0] + h[1], c[1] - h[1]]),
                at([c[0] + h[0] - h[1], c[1] + h[1]]),
            ],
            fill.filled(),
        ))
        .map_err(draw_error)?;
    } else {
        root.draw(&Rectangle::new(
            [
                at([c[0] - h[0], c[1] - h[1]]),
                at([c[0] + h[0], c[1] + h[1]]),
            ],
            fill.filled(),
        ))
        .map_err(draw_error)?;
        root.draw(&Rectangle::new(
            [
                at([c[0] - h[0], c[1] - h[1]]),
                at([c[0] + h[0], c[1] + h[1]]),
            ],
            style.foreground.stroke_width(style.px(1.0)),
        ))
        .map_err(draw_error)?;
    }
    let label = ("sans-serif", 12.0 * style.scale)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Center, VPos::Center));
    root.draw(&Text::new(part.part.label.to_owned(), at(c), label))
        .map_err(draw_error)
}

/// An arrowhead at the end of a wire.
fn arrow_head<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    points: &[(i32, i32)],
    style: &Style,
) -> Result<(), FigureError> {
    let n = points.len();
    if n < 2 {
        return Ok(());
    }
    let (a, b) = (points[n - 2], points[n - 1]);
    let (dx, dy) = ((b.0 - a.0) as f32, (b.1 - a.1) as f32);
    let len = dx.hypot(dy).max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    let size = 7.0 * style.scale;
    let back = (b.0 as f32 - ux * size, b.1 as f32 - uy * size);
    let wing = |s: f32| {
        (
            (back.0 - uy * s * size * 0.5) as i32,
            (back.1 + ux * s * size * 0.5) as i32,
        )
    };
    root.draw(&Polygon::new(
        vec![b, wing(1.0), wing(-1.0)],
        style.foreground.filled(),
    ))
    .map_err(draw_error)
}

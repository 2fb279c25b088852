//! The *Blocks* view: the focused model as its Lego blocks beside its plot, and any other
//! models laid out under it on the same grid (the same block in the same place and colour),
//! with what differs between neighbours. Hovering a block says what it does and rings the
//! layer of the plot it produces; with a probe y′ placed (click the plot) the wires carry its
//! values.

use std::collections::HashSet;

use eframe::egui::{self, Align2, Color32, FontId, Pos2, Rect, RichText, Sense, Stroke, Ui, Vec2};

use crate::app::context::Cx;
use crate::diagram::compare::contrast;
use crate::diagram::layout::{Layout, PlacedPart};
use crate::energy::Beta;
use crate::inference::inspect::inspect;
use crate::models::ModelId;
use crate::models::diagram::{Highlight, PartKind};
use crate::trainer::ModelView;

#[derive(Default)]
pub struct BlocksPanel {
    /// Models laid out under the focused one, in the list's order; until the user picks, the
    /// other models being trained.
    pub compare: Option<HashSet<ModelId>>,
    /// The block under the pointer in the last frame.
    hovered: Option<PartKind>,
}

impl BlocksPanel {
    /// The plot layer the hovered block produces.
    pub fn highlight(&self) -> Option<Highlight> {
        self.hovered.and_then(PartKind::highlight)
    }

    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let focus = cx.settings.focus;
        let compare = self
            .compare
            .get_or_insert_with(|| cx.settings.enabled.iter().copied().collect());
        ui.horizontal_wrapped(|ui| {
            ui.label("Compare with:");
            for id in ModelId::ALL.into_iter().filter(|m| *m != focus) {
                let mut on = compare.contains(&id);
                if ui.checkbox(&mut on, id.key()).changed() {
                    if on {
                        compare.insert(id);
                    } else {
                        compare.remove(&id);
                    }
                }
            }
        });
        let mut models = vec![focus];
        models.extend(
            ModelId::ALL
                .into_iter()
                .filter(|m| *m != focus && compare.contains(m)),
        );
        let layouts = Layout::aligned(&models.iter().map(|m| m.spec().diagram).collect::<Vec<_>>());
        let view = cx.latest.and_then(|s| s.view(focus));
        let values = view.map(|v| wire_values(v, cx.settings.probe, cx.settings.beta));
        let mut hovered = None;
        egui::ScrollArea::vertical().show(ui, |ui| {
            for (i, (model, layout)) in models.iter().zip(&layouts).enumerate() {
                ui.label(RichText::new(model.title()).strong());
                ui.label(
                    RichText::new(model.spec().family.describe())
                        .italics()
                        .size(11.0),
                );
                let shown = if i == 0 { values.as_deref() } else { None };
                if let Some(kind) = diagram_ui(ui, layout, shown.unwrap_or(&[]), *model) {
                    // Only the focused model's blocks light up its plot.
                    if i == 0 {
                        hovered = Some(kind);
                    }
                }
                if let Some(next) = models.get(i + 1) {
                    ui.label(
                        RichText::new(format!(
                            "{} vs {}: {}",
                            model.key(),
                            next.key(),
                            contrast(*model, *next)
                        ))
                        .size(12.0),
                    );
                    ui.separator();
                }
            }
            if cx.settings.probe.is_none() {
                ui.weak("Click the plot to place a probe y′: the wires then carry its values.");
            }
        });
        self.hovered = hovered;
    }
}

/// What each wire carries for the probe y′ (on the focused model): y′, ž, ỹ(ž), the cost at
/// ž and F_β — for a model with a latent; the energy read off its surface otherwise.
pub fn wire_values(
    view: &ModelView,
    probe: Option<[f32; 2]>,
    beta: Beta,
) -> Vec<(PartKind, String)> {
    let Some(y) = probe else {
        return Vec::new();
    };
    let land = &view.landscape;
    let mut values = vec![(
        PartKind::Observed,
        format!("y′ = ({:.2}, {:.2})", y[0], y[1]),
    )];
    let y64 = [f64::from(y[0]), f64::from(y[1])];
    let inspection = land
        .latent
        .as_ref()
        .and_then(|_| inspect(y64, &land.manifold, land.manifold_weights.as_deref(), beta));
    match (inspection, &land.latent) {
        (Some(i), Some(latent)) => {
            let z: Vec<String> = latent
                .point(i.argmin)
                .iter()
                .map(|v| format!("{v:.2}"))
                .collect();
            let g = land.manifold[i.argmin];
            values.push((PartKind::Latent, format!("ž = {}", z.join(", "))));
            values.push((
                PartKind::Output,
                format!("ỹ(ž) = ({:.2}, {:.2})", g[0], g[1]),
            ));
            values.push((PartKind::Cost, format!("E(y′, ž) = {:.3}", i.f_inf)));
        }
        _ => {
            if let Some(e) = energy_at(view, y) {
                values.push((
                    PartKind::Cost,
                    format!("{} = {e:.3}", view.model.spec().energy.symbol),
                ));
            }
        }
    }
    if let Some(e) = energy_at(view, y) {
        values.push((
            PartKind::Energy,
            format!("{} = {e:.3}", view.model.spec().energy.symbol),
        ));
    }
    values
}

/// The own energy's grid value nearest to `y`, if `y` is on the grid.
fn energy_at(view: &ModelView, y: [f32; 2]) -> Option<f32> {
    let grid = view.landscape.grid;
    let e = grid.extent;
    let (w, h) = (grid.size.width, grid.size.height);
    let u = (y[0] - e.y1.0) / e.width() * (w - 1) as f32;
    let v = (y[1] - e.y2.0) / e.height() * (h - 1) as f32;
    if !(0.0..=(w - 1) as f32).contains(&u) || !(0.0..=(h - 1) as f32).contains(&v) {
        return None;
    }
    view.landscape
        .energy
        .get(v.round() as usize * w + u.round() as usize)
        .copied()
}

/// Paints `layout` across the available width; returns the block under the pointer.
fn diagram_ui(
    ui: &mut Ui,
    layout: &Layout,
    values: &[(PartKind, String)],
    model: ModelId,
) -> Option<PartKind> {
    let scale = (ui.available_width() / layout.size[0]).min(1.2);
    let (rect, _) = ui.allocate_exact_size(
        Vec2::new(layout.size[0], layout.size[1]) * scale,
        Sense::hover(),
    );
    let at = |p: [f32; 2]| rect.min + Vec2::new(p[0], p[1]) * scale;
    let painter = ui.painter_at(rect);
    let ink = ui.visuals().strong_text_color();
    for wire in &layout.wires {
        let points: Vec<Pos2> = wire.points.iter().map(|p| at(*p)).collect();
        painter.add(egui::Shape::line(points.clone(), Stroke::new(1.5, ink)));
        if let [.., a, b] = points.as_slice() {
            let d = (*b - *a).normalized() * 7.0;
            let n = Vec2::new(-d.y, d.x) * 0.5;
            painter.add(egui::Shape::convex_polygon(
                vec![*b, *b - d + n, *b - d - n],
                ink,
                Stroke::NONE,
            ));
        }
        // A part's value rides on its first wire out, over the middle of its first leg.
        let first = layout.wires.iter().find(|w| w.from == wire.from) == Some(wire);
        if let Some((_, value)) = values.iter().find(|(k, _)| *k == wire.from && first) {
            let (a, b) = (at(wire.points[0]), at(wire.points[1]));
            value_text(
                &painter,
                a + (b - a) * 0.5 + Vec2::new(0.0, -3.0),
                Align2::CENTER_BOTTOM,
                value,
            );
        }
    }
    let mut hovered = None;
    for part in &layout.parts {
        let r = part_rect(part, &at, scale);
        let response = ui
            .interact(
                r,
                ui.scope_id().with((model, part.part.kind)),
                Sense::hover(),
            )
            .on_hover_text(part.part.about);
        let [cr, cg, cb] = part.fill;
        let rounding = if part.part.kind.is_variable() {
            r.height() / 2.0
        } else {
            4.0
        };
        painter.rect_filled(r, rounding, Color32::from_rgb(cr, cg, cb));
        if response.hovered() {
            hovered = Some(part.part.kind);
            painter.rect_stroke(
                r.expand(2.0),
                rounding,
                Stroke::new(2.0, Color32::from_rgb(0xff, 0xff, 0xb3)),
                egui::StrokeKind::Outside,
            );
        }
        painter.text(
            r.center(),
            Align2::CENTER_CENTER,
            part.part.label,
            FontId::proportional((12.0 * scale).max(8.0)),
            Color32::BLACK,
        );
    }
    // The energy ends the diagram: its value goes under it.
    if let (Some(energy), Some((_, value))) = (
        layout.part(PartKind::Energy),
        values.iter().find(|(k, _)| *k == PartKind::Energy),
    ) {
        let r = part_rect(energy, &at, scale);
        value_text(
            &painter,
            r.center_bottom() + Vec2::new(0.0, 3.0),
            Align2::CENTER_TOP,
            value,
        );
    }
    hovered
}

/// A probe value on a dark tag, readable where it overlaps a block.
fn value_text(painter: &egui::Painter, at: Pos2, anchor: Align2, value: &str) {
    let galley = painter.layout_no_wrap(
        value.to_owned(),
        FontId::proportional(11.0),
        Color32::from_rgb(0xff, 0xff, 0xb3),
    );
    let rect = anchor.anchor_size(at, galley.size());
    painter.rect_filled(rect.expand(2.0), 3.0, Color32::from_black_alpha(200));
    painter.galley(rect.min, galley, Color32::WHITE);
}

fn part_rect(part: &PlacedPart, at: &dyn Fn([f32; 2]) -> Pos2, scale: f32) -> Rect {
    Rect::from_center_size(
        at(part.centre),
        Vec2::new(part.half[0], part.half[1]) * 2.0 * scale,
    )
}

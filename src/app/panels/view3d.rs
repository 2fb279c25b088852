//! The 3-D main view: the focused model's surface as a shaded height field, or the horn in
//! (x, y₁, y₂) with the conditional models' manifolds over x. Drag to turn, scroll to zoom,
//! *Reset view*. The scene (`view3d`) is projected and sorted on the CPU and painted with egui's
//! painter; it is rebuilt only when the camera or what it shows changes.

use std::sync::Arc;

use eframe::egui::{self, Color32, Pos2, Rect, Sense, Ui};

use crate::app::context::Cx;
use crate::models::ModelId;
use crate::models::spec::Inputs;
use crate::trainer::Snapshot;
use crate::view3d::horn::{Tube, horn_scene};
use crate::view3d::surface::surface_scene;
use crate::view3d::{Camera, Primitive, Scene};

/// What the 3-D view shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Show3d {
    /// The focused model's surface.
    #[default]
    Surface,
    /// The rows (x, y₁, y₂) and the conditional models over x.
    Horn,
}

/// What a built scene depends on (turning the camera only re-projects it).
#[derive(Clone, Debug, PartialEq)]
struct Key {
    show: Show3d,
    revisions: Vec<(ModelId, u64)>,
    view: crate::app::ViewOptions,
    slice: f32,
}

/// Labels to write over the painted scene: where, what, in which colour.
type Labels = Vec<(Pos2, String, Color32)>;

/// A scene as painted for one camera and canvas size: its shapes and labels.
type Painted = ((Camera, [u32; 2]), Arc<Vec<egui::Shape>>, Labels);

#[derive(Default)]
pub struct View3dPanel {
    pub camera: Camera,
    pub show: Option<Show3d>,
    /// Turn by itself (the bench's frame-time run): every frame rebuilds the scene.
    pub spin: bool,
    scene: Option<(Key, Scene)>,
    /// The scene as painted: for this camera and rect.
    painted: Option<Painted>,
    /// Scenes built so far (the bench reads it).
    pub builds: u64,
}

impl View3dPanel {
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let Some(snapshot) = cx.latest else {
            ui.centered_and_justified(|ui| ui.spinner());
            return;
        };
        let conditional = snapshot.inputs.is_some();
        let show = *self.show.get_or_insert(if conditional {
            Show3d::Horn
        } else {
            Show3d::Surface
        });
        let title = self.controls_ui(ui, snapshot, cx, conditional);
        ui.label(egui::RichText::new(title).strong());
        let size = ui.available_size();
        let (rect, response) = ui.allocate_exact_size(size, Sense::drag());
        if response.dragged() {
            let d = response.drag_delta();
            self.camera = self.camera.dragged(d.x, d.y);
        }
        if response.hovered() {
            let scroll = ui.input(|i| i.smooth_scroll_delta.y);
            if scroll != 0.0 {
                self.camera = self.camera.scrolled(scroll);
            }
        }
        if self.spin {
            self.camera.azimuth = (self.camera.azimuth + 1.5 + 180.0).rem_euclid(360.0) - 180.0;
            ui.ctx().request_repaint();
        }
        let key = Key {
            show,
            revisions: snapshot
                .models
                .iter()
                .map(|v| (v.model, v.revision))
                .collect(),
            view: *cx.view,
            slice: cx.settings.slice,
        };
        if self.scene.as_ref().is_none_or(|(k, _)| *k != key) {
            let scene = match show {
                Show3d::Surface => surface_of(snapshot, cx),
                Show3d::Horn => horn_of(snapshot),
            };
            self.scene = Some((key, scene));
            self.painted = None;
            self.builds += 1;
        }
        let look = (self.camera, [rect.width() as u32, rect.height() as u32]);
        if let Some((_, scene)) = &self.scene
            && self.painted.as_ref().is_none_or(|(l, ..)| *l != look)
        {
            let (shapes, labels) = paint(&scene.render(&self.camera), rect);
            self.painted = Some((look, Arc::new(shapes), labels));
        }
        let painter = ui.painter_at(rect);
        if let Some((_, shapes, labels)) = &self.painted {
            painter.extend(shapes.iter().cloned());
            for (at, text, colour) in labels {
                painter.text(
                    *at,
                    egui::Align2::CENTER_CENTER,
                    text,
                    egui::FontId::proportional(14.0),
                    *colour,
                );
            }
        }
    }

    /// Surface or horn, *Reset view*; returns the title of what is shown.
    fn controls_ui(
        &mut self,
        ui: &mut Ui,
        snapshot: &Snapshot,
        cx: &Cx<'_>,
        conditional: bool,
    ) -> String {
        ui.horizontal(|ui| {
            let show = self.show.get_or_insert(Show3d::Surface);
            ui.selectable_value(show, Show3d::Surface, "surface (height field)");
            ui.add_enabled_ui(conditional, |ui| {
                ui.selectable_value(show, Show3d::Horn, "horn (x, y₁, y₂)")
                    .on_disabled_hover_text(
                        "The horn needs conditional rows: the horn with all x at once, or a CSV \
                         with an x column.",
                    );
            });
            if ui
                .button("Reset view")
                .on_hover_text("Back to the starting angle and zoom")
                .clicked()
            {
                self.camera = Camera::default();
            }
            ui.weak("drag to turn · scroll to zoom");
        });
        let focus = cx.settings.focus;
        match self.show.unwrap_or_default() {
            Show3d::Surface => match snapshot.view(focus) {
                Some(v) => format!(
                    "{} · {} · height and colour on the {} scale",
                    focus.title(),
                    cx.view.surface.name_of(focus, &v.landscape),
                    cx.view.colours.key()
                ),
                None => String::new(),
            },
            Show3d::Horn => format!(
                "The horn (x, y₁, y₂) coloured by x · manifolds over x (violet tube: horn LV-EBM; \
                 orange line: MSE f(x)) · slice x = {:.2}",
                cx.settings.slice
            ),
        }
    }
}

/// The focused model's surface in 3-D.
fn surface_of(snapshot: &Snapshot, cx: &Cx<'_>) -> Scene {
    let focus = cx.settings.focus;
    let Some(view) = snapshot.view(focus) else {
        return Scene::default();
    };
    let grid = cx.view.surface.grid(focus, &view.landscape);
    let map = cx
        .view
        .surface
        .shown(focus)
        .colour_scale(cx.view.colours)
        .fit(&grid.values);
    let symbol = focus.spec().energy.symbol;
    surface_scene(&grid, &map, &snapshot.data, symbol)
}

/// The rows in (x, y₁, y₂) with every enabled conditional model's manifold over x.
pub fn horn_of(snapshot: &Snapshot) -> Scene {
    let Some(xs) = snapshot.inputs.as_deref() else {
        return Scene::default();
    };
    let tubes: Vec<Tube<'_>> = snapshot
        .models
        .iter()
        .filter(|v| v.model.spec().inputs == Inputs::XY && !v.landscape.tube.is_empty())
        .map(|v| v.landscape.tube.as_slice())
        .collect();
    horn_scene(&snapshot.data, xs, &tubes, snapshot.settings.slice)
}

/// The primitives as egui shapes in `rect` (triangles batched into meshes between the lines
/// and points that must paint over them), and the labels to write on top.
fn paint(primitives: &[Primitive], rect: Rect) -> (Vec<egui::Shape>, Vec<(Pos2, String, Color32)>) {
    let scale = 0.48 * rect.width().min(rect.height());
    let at = |p: [f32; 2]| rect.center() + egui::vec2(scale * p[0], -scale * p[1]);
    let colour = |c: [u8; 4]| Color32::from_rgba_unmultiplied(c[0], c[1], c[2], c[3]);
    let mut shapes = Vec::new();
    let mut labels = Vec::new();
    let mut mesh = egui::Mesh::default();
    let flush = |mesh: &mut egui::Mesh, shapes: &mut Vec<egui::Shape>| {
        if !mesh.is_empty() {
            shapes.push(egui::Shape::mesh(std::mem::take(mesh)));
        }
    };
    for p in primitives {
        match p {
            Primitive::Triangle { p, colour: c } => {
                let base = mesh.vertices.len() as u32;
                for v in p {
                    mesh.colored_vertex(at(*v), colour(*c));
                }
                mesh.add_triangle(base, base + 1, base + 2);
            }
            Primitive::Line {
                a,
                b,
                colour: c,
                width,
            } => {
                flush(&mut mesh, &mut shapes);
                shapes.push(egui::Shape::line_segment(
                    [at(*a), at(*b)],
                    (*width, colour(*c)),
                ));
            }
            Primitive::Point {
                p,
                colour: c,
                radius,
            } => {
                flush(&mut mesh, &mut shapes);
                shapes.push(egui::Shape::circle_filled(at(*p), *radius, colour(*c)));
            }
            Primitive::Label { p, text, colour: c } => {
                labels.push((at(*p), text.clone(), colour(*c)))
            }
        }
    }
    flush(&mut mesh, &mut shapes);
    (shapes, labels)
}

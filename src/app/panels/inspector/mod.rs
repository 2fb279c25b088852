//! The inference lab, the window's second main view: one point y′ (click the plot; a data point
//! snaps; drag it to move it) and the focused model inferring its latent. Below the plot,
//! E(y′, z) over the latent with ž, F_β(y′) and the softmin weights, the numbers, a descent
//! on z from guesses z̃ placed on that plot (*Infer*, animated), the encoder's shortcut for
//! amortised models, and thumbnails of every data point. On the plot, [`overlay`] draws the
//! votes, ž and −∇F_β at y′.

mod guesses;
mod latent_plot;
mod numbers;
pub mod overlay;
mod thumbnails;

use std::time::Instant;

use eframe::egui::{self, Ui};
use egui_plot::{PlotResponse, PlotTransform};

use crate::app::context::Cx;
use crate::inference::descent::DEFAULT_STEP;
use crate::inference::{DescentPath, Inspection, LatentPoint, ProbeAnswer, inspect};
use crate::models::{LatentGrid, ModelId};
use crate::trainer::{Command, ModelView};
use guesses::{default_starts, snap};
use latent_plot::{LatentView, latent_ui};
use overlay::Overlay;

/// Descent points per second of animation.
const ANIMATION_RATE: f32 = 60.0;
/// How close (screen points) a click must be to a data point to snap to it, or a press to the
/// probe to drag it.
const GRAB: f32 = 9.0;
/// Height of the inspector under the plot.
pub const HEIGHT: f32 = 250.0;

/// Descents the trainer ran, and when their animation began.
struct Descents {
    model: ModelId,
    y: [f32; 2],
    /// The model's step when they ran.
    step: u64,
    paths: Vec<DescentPath>,
    since: Instant,
}

pub struct InspectorPanel {
    /// The guesses z̃ for *Infer*: primary and secondary click on the latent plot.
    starts: [Option<Vec<f32>>; 2],
    /// Step size η of the descent.
    step: f32,
    descents: Option<Descents>,
    /// The data point the probe snapped to.
    snapped: Option<usize>,
    /// A drag that began on the probe moves it.
    dragging: bool,
}

impl Default for InspectorPanel {
    fn default() -> Self {
        InspectorPanel {
            starts: [None, None],
            step: DEFAULT_STEP,
            descents: None,
            snapped: None,
            dragging: false,
        }
    }
}

/// The focused model's view and its inspection of the probe, when the lab is open on a point
/// of a model with a latent.
pub fn inspection<'a>(cx: &Cx<'a>) -> Option<(&'a ModelView, Inspection)> {
    let probe = cx.settings.probe?;
    let view = cx.latest?.view(cx.settings.focus)?;
    let land = &view.landscape;
    land.latent.as_ref()?;
    let y = [f64::from(probe[0]), f64::from(probe[1])];
    let inspection = inspect(
        y,
        &land.manifold,
        land.manifold_weights.as_deref(),
        cx.settings.beta,
    )?;
    Some((view, inspection))
}

/// The trainer's answer for `view`'s probe, if it is for `probe` (while the probe is dragged
/// the answer trails it by a snapshot or two).
fn answer_for(view: &ModelView, probe: [f64; 2]) -> Option<&ProbeAnswer> {
    view.landscape.probe.as_ref().filter(|a| {
        (f64::from(a.probe[0]) - probe[0]).abs() < 1e-6
            && (f64::from(a.probe[1]) - probe[1]).abs() < 1e-6
    })
}

impl InspectorPanel {
    /// Takes in the descents the trainer ran.
    pub fn absorb(&mut self, model: ModelId, y: [f32; 2], step: u64, paths: Vec<DescentPath>) {
        self.descents = Some(Descents {
            model,
            y,
            step,
            paths,
            since: Instant::now(),
        });
    }

    /// Where each of the last descents ended.
    pub fn descent_ends(&self) -> Vec<Vec<f32>> {
        self.descents
            .iter()
            .flat_map(|d| d.paths.iter().filter_map(|p| p.end().map(|e| e.z.clone())))
            .collect()
    }

    /// Whether a descent is still being animated (the window keeps repainting).
    pub fn animating(&self) -> bool {
        self.descents.as_ref().is_some_and(|d| {
            let longest = d.paths.iter().map(|p| p.points.len()).max().unwrap_or(0);
            d.since.elapsed().as_secs_f32() * ANIMATION_RATE < longest as f32
        })
    }

    /// Each descent of `model` for `probe`, as far as its animation got.
    fn shown(&self, model: ModelId, probe: [f64; 2]) -> Vec<&[LatentPoint]> {
        let Some(d) = self
            .descents
            .as_ref()
            .filter(|d| d.model == model && [f64::from(d.y[0]), f64::from(d.y[1])] == probe)
        else {
            return Vec::new();
        };
        let upto = (d.since.elapsed().as_secs_f32() * ANIMATION_RATE) as usize + 1;
        d.paths
            .iter()
            .map(|p| &p.points[..upto.min(p.points.len())])
            .collect()
    }

    /// The layer the focused plot draws for `inspection`.
    pub fn overlay<'a>(&'a self, view: &'a ModelView, inspection: &'a Inspection) -> Overlay<'a> {
        Overlay {
            inspection,
            manifold: &view.landscape.manifold,
            answer: answer_for(view, inspection.probe),
            descents: self.shown(view.model, inspection.probe),
        }
    }

    /// Whether the pointer holds the probe (pressing near it, or dragging it): the plot must
    /// not pan then.
    pub fn holds_pointer(
        &self,
        ctx: &egui::Context,
        transform: Option<&PlotTransform>,
        probe: Option<[f32; 2]>,
    ) -> bool {
        if self.dragging {
            return true;
        }
        let (Some(t), Some(p), Some(pointer)) = (transform, probe, ctx.pointer_hover_pos()) else {
            return false;
        };
        let at = t.position_from_point(&egui_plot::PlotPoint::new(p[0], p[1]));
        at.distance(pointer) <= GRAB
    }

    /// Clicks and drags on the focused plot: a click places the probe (snapping to a data
    /// point), a drag that starts on it moves it.
    pub fn pointer_on_plot(&mut self, cx: &mut Cx<'_>, plot: &PlotResponse<()>, data: &[[f32; 2]]) {
        let r = &plot.response;
        // From the raw pointer, as draw mode does: while the probe is held the plot does not
        // take drags (it would pan), so its response reports none.
        let (pressed, down, released, pointer) = r.ctx.input(|i| {
            let p = &i.pointer;
            (
                p.primary_pressed(),
                p.primary_down(),
                p.primary_released(),
                p.interact_pos(),
            )
        });
        let Some(pos) = pointer.filter(|p| self.dragging || r.rect.contains(*p)) else {
            return;
        };
        let value = plot.transform.value_from_position(pos);
        let here = [value.x as f32, value.y as f32];
        if pressed && self.holds_pointer(&r.ctx, Some(&plot.transform), cx.settings.probe) {
            self.dragging = true;
        }
        let placed = if self.dragging && released {
            self.dragging = false;
            Some(snap(here, pos, &plot.transform, data))
        } else if self.dragging && down {
            Some((here, None))
        } else if r.clicked() {
            Some(snap(here, pos, &plot.transform, data))
        } else {
            None
        };
        if let Some((probe, snapped)) = placed {
            self.snapped = snapped;
            cx.set_probe(Some(probe));
        }
    }

    /// The inspector under the plot: the latent plot, the numbers and controls, thumbnails.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        inspected: Option<&(&ModelView, Inspection)>,
    ) {
        let Some((view, inspection)) = inspected else {
            ui.weak(match cx.settings.probe {
                None => {
                    "Click a point of the plot to watch the model infer its latent (a data \
                         point snaps; drag the point to move it)."
                }
                Some(_) => "This model has no latent to infer: pick a model with a decoder.",
            });
            return;
        };
        let land = &view.landscape;
        let Some(latent) = land.latent.as_ref() else {
            return;
        };
        if self
            .starts
            .iter()
            .flatten()
            .any(|z| z.len() != latent.dim())
        {
            self.starts = [None, None];
        }
        let answer = answer_for(view, inspection.probe);
        let width = ui.available_width();
        let column = |share: f32| egui::vec2(width * share, HEIGHT);
        let top_down = egui::Layout::top_down(egui::Align::Min);
        ui.horizontal_top(|ui| {
            let latent_view = LatentView {
                inspection,
                latent,
                answer,
                descents: self.shown(view.model, inspection.probe),
                starts: &self.starts,
            };
            let placed = ui
                .allocate_ui_with_layout(column(0.36), top_down, |ui| {
                    latent_ui(ui, &latent_view, [width * 0.35, HEIGHT - 12.0])
                })
                .inner;
            drop(latent_view);
            if let Some((which, z)) = placed {
                self.starts[which] = Some(z);
            }
            ui.separator();
            ui.allocate_ui_with_layout(column(0.37), top_down, |ui| {
                numbers::numbers_ui(ui, view, inspection, answer, self.snapped);
                self.controls_ui(ui, cx, view, inspection, latent);
            });
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("thumbnails")
                .show(ui, |ui| {
                    let data = cx.latest.map(|s| s.data.clone()).unwrap_or_default();
                    let picked = thumbnails::thumbnails_ui(
                        ui,
                        &data,
                        &land.manifold,
                        land.manifold_weights.as_deref(),
                        latent,
                        cx.settings.beta,
                        self.snapped,
                    );
                    if let Some(n) = picked {
                        self.snapped = Some(n);
                        cx.set_probe(Some(data[n]));
                    }
                });
        });
        if self.animating() {
            ui.ctx().request_repaint();
        }
    }

    /// *Infer*, its step size, the guesses, closing.
    fn controls_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        view: &ModelView,
        inspection: &Inspection,
        latent: &LatentGrid,
    ) {
        ui.horizontal(|ui| {
            let infer = ui.button("Infer").on_hover_text(
                "Gradient descent on z from each guess z̃ (click the E(y′, z) plot to place one, \
                 right-click for a second; without guesses, the edges of the two lowest valleys).",
            );
            if infer.clicked() {
                let starts: Vec<Vec<f32>> =
                    match self.starts.iter().flatten().cloned().collect::<Vec<_>>() {
                        placed if !placed.is_empty() => placed,
                        _ => default_starts(latent, &inspection.energies, inspection.argmin),
                    };
                let y = [inspection.probe[0] as f32, inspection.probe[1] as f32];
                cx.send(Command::Infer {
                    model: view.model,
                    y,
                    starts,
                    step: self.step,
                });
            }
            ui.add(
                egui::Slider::new(&mut self.step, 0.001..=1.0)
                    .logarithmic(true)
                    .text("step η"),
            );
        });
        ui.horizontal(|ui| {
            if ui.button("Clear guesses").clicked() {
                self.starts = [None, None];
                self.descents = None;
            }
            if ui
                .button("Close")
                .on_hover_text("Remove the probe")
                .clicked()
            {
                self.snapped = None;
                self.descents = None;
                cx.set_probe(None);
            }
        });
        if let Some(d) = &self.descents
            && d.model == view.model
        {
            let ends: Vec<String> = d
                .paths
                .iter()
                .filter_map(|p| {
                    p.end()
                        .map(|e| format!("{} ({} steps)", numbers::fmt_z(&e.z), p.points.len() - 1))
                })
                .collect();
            ui.weak(format!(
                "descents at step {}: ž = {}",
                d.step,
                ends.join(", ")
            ));
        }
    }
}

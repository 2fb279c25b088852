//! The central panel: the focused model large, the other enabled models as small multiples
//! underneath (same axes, linked pan/zoom; click one to focus it). It owns each model's
//! heatmap texture and redraws only those whose view changed.

use std::collections::HashMap;

use eframe::egui::{self, RichText, Ui};
use egui_plot::PlotResponse;

use super::energy_plot::{ArrowLayers, DataLayer, PlotStyle, Probe, energy_plot_ui};
use super::gibbs::GibbsLayer;
use super::inspector::overlay::Overlay;
use crate::app::context::{Cx, ViewOptions};
use crate::app::heatmap::{ColourScale, Heatmap, colour_bar_ui, mini_colour_bar_ui};
use crate::energy::Extent;
use crate::landscape::surface::ArrowLayer;
use crate::landscape::{Arrow, ArrowKind};
use crate::models::ModelId;
use crate::models::diagram::Highlight;
use crate::trainer::{ModelView, Snapshot};

const COLOUR_BAR_WIDTH: f32 = 70.0;
const SMALL_PLOT: [f32; 2] = [190.0, 127.0];

/// A model's heatmap, its arrow layers and the view revision they show.
#[derive(Default)]
struct Drawn {
    heatmap: Heatmap,
    /// −∇ of the surface shown.
    gradient: Option<ArrowLayer>,
    /// The model's own field, when shown.
    field: Option<ArrowLayer>,
    /// The pull of the data on the manifold points, when shown.
    forces: Option<ArrowLayer>,
    revision: Option<u64>,
}

impl Drawn {
    fn layers(&self, view: &ViewOptions) -> ArrowLayers<'_> {
        ArrowLayers {
            gradient: self.gradient.as_ref().filter(|_| view.arrows),
            field: self.field.as_ref(),
            forces: self.forces.as_ref(),
            particles: None,
        }
    }
}

/// How the plots are drawn this frame, besides the context.
pub struct PlotsFrame<'a> {
    /// Each data point's x, for data coloured by x.
    pub tint: Option<&'a [f32]>,
    /// Draw mode: the pointer paints data.
    pub drawing: bool,
    /// A scripted figure: nothing may depend on the mouse.
    pub scripted: bool,
    /// The inference lab, when it is the central view.
    pub lab: Option<Lab<'a>>,
    /// The focused plot alone, without the small multiples (beside the block diagram).
    pub alone: bool,
    /// The layer the hovered diagram block produces.
    pub highlight: Option<Highlight>,
}

/// What the inference lab asks of the focused plot.
pub struct Lab<'a> {
    /// The probe y′, if placed.
    pub probe: Option<[f32; 2]>,
    /// Its layer: the votes, ž, −∇F_β at y′, the descents.
    pub overlay: Option<Overlay<'a>>,
    /// The pointer holds the probe: the plot must not pan.
    pub hold: bool,
    /// Height left free under the plot for the inspector.
    pub below: f32,
}

/// What changes for the focused plot this frame: a jump to the fitted view, the particles of
/// the *Samples* layer.
struct ThisFrame<'a> {
    reset: bool,
    particles: Option<&'a [[f32; 2]]>,
}

#[derive(Default)]
pub struct PlotsPanel {
    heatmaps: HashMap<ModelId, Drawn>,
    /// The focus and view options the heatmaps were drawn with.
    drawn_with: Option<(ModelId, ViewOptions)>,
    /// A view extent the focused plot should jump to once the trainer draws it.
    fit_pending: Option<Extent>,
    /// Data → screen transform of the focused plot, as last drawn.
    pub focused_transform: Option<egui_plot::PlotTransform>,
    /// The *Samples* layer's particles on the focused plot.
    pub gibbs: GibbsLayer,
}

impl PlotsPanel {
    pub fn heatmap(&self, model: ModelId) -> Option<&Heatmap> {
        self.heatmaps.get(&model).map(|d| &d.heatmap)
    }

    /// Forgets every heatmap (a session with other models was opened).
    pub fn clear(&mut self) {
        self.heatmaps.clear();
        self.drawn_with = None;
    }

    /// Redraws the heatmaps whose view changed, or every one after the focus or a view option
    /// changed. Small multiples are resent unchanged between refreshes: skipping them keeps
    /// image building and texture uploads off most frames.
    fn refresh(
        &mut self,
        ctx: &egui::Context,
        snapshot: &Snapshot,
        focus: ModelId,
        view: ViewOptions,
    ) {
        let all = self.drawn_with != Some((focus, view));
        self.drawn_with = Some((focus, view));
        for model in &snapshot.models {
            let drawn = self.heatmaps.entry(model.model).or_default();
            if all || drawn.revision != Some(model.revision) {
                let (id, land) = (model.model, &model.landscape);
                let grid = view.surface.grid(id, land);
                let colours = view.surface.shown(id).colour_scale(view.colours);
                drawn.heatmap.update(ctx, &grid, colours);
                drawn.gradient = Some(view.surface.arrows(id, land));
                drawn.field =
                    (view.field.shown(id) && !land.field.is_empty()).then(|| ArrowLayer {
                        arrows: land.field.clone(),
                        kind: ArrowKind::Displacement,
                        label: "ỹ − y".to_owned(),
                    });
                drawn.forces = (view.forces && !land.forces.is_empty()).then(|| ArrowLayer {
                    arrows: land
                        .manifold
                        .iter()
                        .zip(&land.forces)
                        .map(|(origin, force)| Arrow {
                            origin: *origin,
                            force: *force,
                        })
                        .collect(),
                    kind: ArrowKind::Gradient,
                    label: "−∂L/∂ỹ_k, the data's pull".to_owned(),
                });
                drawn.revision = Some(model.revision);
            }
        }
    }

    /// The plots; returns the focused plot's response (draw mode paints on it).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        frame: &PlotsFrame<'_>,
    ) -> Option<PlotResponse<()>> {
        if let Some(extent) = cx.requests.fit_view.take() {
            self.fit_pending = Some(extent);
        }
        let Some(snapshot) = cx.latest else {
            ui.centered_and_justified(|ui| ui.spinner());
            return None;
        };
        let focus = cx.settings.focus;
        self.refresh(ui.ctx(), snapshot, focus, *cx.view);
        let Some(view) = snapshot.view(focus) else {
            ui.centered_and_justified(|ui| {
                if cx.settings.enabled.is_empty() {
                    ui.label("No model is training: tick one in the list on the left.");
                } else {
                    ui.spinner();
                }
            });
            return None;
        };
        let data = DataLayer {
            points: &snapshot.data,
            tint: frame.tint,
            inputs: snapshot.inputs.as_deref(),
            slice: cx.settings.slice,
        };
        // Jump to the fitted view once the trainer has drawn the new extent.
        let reset = self.fit_pending == Some(view.landscape.grid.extent);
        let sampling = cx.view.samples && frame.lab.is_none();
        let particles = self.gibbs.advance(view, cx.view.surface, sampling);
        if particles.is_some() {
            ui.ctx().request_repaint();
        }
        let this = ThisFrame {
            reset,
            particles: particles.as_deref(),
        };
        let drawn = self.focused_ui(ui, cx, view, data, frame, this);
        self.focused_transform = drawn.as_ref().map(|p| p.transform);
        let options = *cx.view;
        if frame.lab.is_none()
            && !frame.alone
            && let Some(model) = self.small_multiples_ui(ui, snapshot, focus, &options, data, frame)
        {
            cx.set_focus(model);
        }
        if reset {
            self.fit_pending = None;
        }
        drawn
    }

    fn focused_ui(
        &self,
        ui: &mut Ui,
        cx: &Cx<'_>,
        view: &ModelView,
        data: DataLayer<'_>,
        frame: &PlotsFrame<'_>,
        this: ThisFrame<'_>,
    ) -> Option<PlotResponse<()>> {
        let ThisFrame { reset, particles } = this;
        let name = cx.view.surface.name_of(view.model, &view.landscape);
        let title = format!(
            "{}  ·  {name}  ·  step {}  ·  loss {}",
            view.model.title(),
            view.step,
            loss_text(view.last_loss, 4)
        );
        ui.label(RichText::new(title).strong());
        let strip = match &frame.lab {
            Some(lab) => lab.below,
            None if !frame.alone && cx.latest.is_some_and(|s| s.models.len() > 1) => {
                SMALL_PLOT[1] + 44.0
            }
            None => 0.0,
        };
        let height = (ui.available_height() - strip).max(200.0);
        let empty = Drawn::default();
        let drawn_model = self.heatmaps.get(&view.model).unwrap_or(&empty);
        let heatmap = &drawn_model.heatmap;
        let extend_max = cx.view.colours == ColourScale::Course || heatmap.clipped();
        let mut drawn = None;
        ui.horizontal(|ui| {
            let width = (ui.available_width() - COLOUR_BAR_WIDTH).max(100.0);
            let style = PlotStyle {
                size: [width, height],
                large: true,
                // A scripted figure (`--screenshot`) must not depend on where the mouse is.
                probe: match (&frame.lab, frame.scripted) {
                    (Some(lab), _) => lab.probe.map_or(Probe::Off, Probe::At),
                    // Beside the diagram the probe stays where it was clicked.
                    (None, _) if frame.alone && cx.settings.probe.is_some() => {
                        cx.settings.probe.map_or(Probe::Off, Probe::At)
                    }
                    (None, true) => Probe::Off,
                    (None, false) => Probe::Pointer,
                },
                draw: frame.drawing,
                hold: frame.lab.as_ref().is_some_and(|lab| lab.hold),
                reset,
                highlight: frame.highlight,
            };
            let texture = heatmap.texture().map(|t| t.id());
            let layers = ArrowLayers {
                particles,
                ..drawn_model.layers(cx.view)
            };
            let overlay = frame.lab.as_ref().and_then(|lab| lab.overlay.as_ref());
            drawn = Some(energy_plot_ui(
                ui, view, layers, data, texture, &style, overlay,
            ));
            colour_bar_ui(ui, heatmap.map(), extend_max, height);
        });
        drawn
    }

    /// The other enabled models, small; returns the one clicked.
    fn small_multiples_ui(
        &self,
        ui: &mut Ui,
        snapshot: &Snapshot,
        focus: ModelId,
        view_options: &ViewOptions,
        data: DataLayer<'_>,
        frame: &PlotsFrame<'_>,
    ) -> Option<ModelId> {
        let others: Vec<&ModelView> = snapshot
            .models
            .iter()
            .filter(|v| v.model != focus)
            .collect();
        if others.is_empty() {
            return None;
        }
        let mut clicked = None;
        egui::ScrollArea::horizontal()
            .id_salt("small multiples")
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    for v in others {
                        if self.small_plot_ui(ui, v, view_options, data, frame) {
                            clicked = Some(v.model);
                        }
                    }
                });
            });
        clicked
    }

    /// One small multiple with its caption; whether it was clicked.
    fn small_plot_ui(
        &self,
        ui: &mut Ui,
        v: &ModelView,
        options: &ViewOptions,
        data: DataLayer<'_>,
        frame: &PlotsFrame<'_>,
    ) -> bool {
        let empty = Drawn::default();
        let drawn = self.heatmaps.get(&v.model).unwrap_or(&empty);
        let heatmap = &drawn.heatmap;
        let loss = loss_text(v.last_loss, 3);
        ui.vertical(|ui| {
            let mut caption =
                RichText::new(format!("{} · {} · {loss}", v.model.title(), v.step)).small();
            if v.error.is_some() {
                // Stopped (rolled back, or its step failed): its card says why.
                caption = caption.color(ui.visuals().error_fg_color);
            }
            ui.label(caption).on_hover_text(
                v.error
                    .as_deref()
                    .unwrap_or("step · loss; click the plot to draw it large"),
            );
            ui.horizontal(|ui| {
                let style = PlotStyle {
                    size: SMALL_PLOT,
                    large: false,
                    probe: if frame.scripted {
                        Probe::Off
                    } else {
                        Probe::Pointer
                    },
                    draw: false,
                    hold: false,
                    reset: false,
                    highlight: None,
                };
                let texture = heatmap.texture().map(|t| t.id());
                let layers = drawn.layers(options);
                let response = energy_plot_ui(ui, v, layers, data, texture, &style, None);
                mini_colour_bar_ui(ui, heatmap.map(), SMALL_PLOT[1]);
                response.response.clicked()
            })
            .inner
        })
        .inner
    }
}

/// The last loss of a run; a dash before the first one (a fresh or rolled-back model), never
/// "NaN".
fn loss_text(loss: Option<f32>, decimals: usize) -> String {
    loss.map_or_else(|| "—".to_owned(), |l| format!("{l:.decimals$}"))
}

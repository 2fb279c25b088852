//! The central panel: the landscape (the focused model large, the others small), the
//! inference lab (the focused model with one point y′ and the inspector under it), the 3-D view,
//! or the blocks (the focused model's diagram beside its plot).

use eframe::egui;

use super::panels::inspector::{self, HEIGHT};
use super::panels::lessons;
use super::panels::plots::{Lab, PlotsFrame};
use super::{Cx, EnergyLabApp, MainView, cx};

impl EnergyLabApp {
    pub(super) fn central_ui(&mut self, ui: &mut egui::Ui) {
        let scripted = self.auto.is_some();
        let p = &mut self.panels;
        let mut cx = cx!(self);
        main_view_ui(ui, &mut cx);
        lessons::caption_ui(ui, &mut cx);
        if cx.view.main == MainView::ThreeD {
            p.view3d.ui(ui, &mut cx);
            return;
        }
        if cx.view.main == MainView::Blocks {
            let tint = p.data.tint(&cx.settings.data, cx.settings.seed);
            let frame = PlotsFrame {
                tint,
                drawing: false,
                scripted,
                lab: None,
                alone: true,
                highlight: p.blocks.highlight(),
            };
            // The plot on top, the diagrams under it across the whole width (they are wide).
            let height = ui.available_height() * 0.45;
            let plot = ui
                .allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
                    p.plots.ui(ui, &mut cx, &frame)
                })
                .inner;
            // A click on the plot places the probe whose values the wires carry.
            if let Some(plot) = plot
                && plot.response.clicked()
                && let Some(pos) = plot.response.interact_pointer_pos()
            {
                let y = plot.transform.value_from_position(pos);
                cx.set_probe(Some([y.x as f32, y.y as f32]));
            }
            ui.separator();
            p.blocks.ui(ui, &mut cx);
            return;
        }
        let lab_open = cx.view.main == MainView::Inference;
        let drawing = p.data.draw.on && !lab_open;
        let tint = p.data.tint(&cx.settings.data, cx.settings.seed);
        let inspected = if lab_open {
            inspector::inspection(&cx)
        } else {
            None
        };
        let lab = lab_open.then(|| Lab {
            probe: cx.settings.probe,
            overlay: inspected.as_ref().map(|(v, i)| p.inspector.overlay(v, i)),
            hold: p.inspector.holds_pointer(
                ui.ctx(),
                p.plots.focused_transform.as_ref(),
                cx.settings.probe,
            ),
            below: HEIGHT,
        });
        let frame = PlotsFrame {
            tint,
            drawing,
            scripted,
            lab,
            alone: false,
            highlight: None,
        };
        let focused = p.plots.ui(ui, &mut cx, &frame);
        drop(frame);
        if !lab_open {
            if let Some(plot) = focused {
                p.data.draw_on_plot(ui.ctx(), &mut cx, &plot);
            }
            return;
        }
        if let Some(plot) = &focused {
            let data = cx.latest.map(|s| s.data.clone()).unwrap_or_default();
            p.inspector.pointer_on_plot(&mut cx, plot, &data);
        }
        ui.separator();
        p.inspector.ui(ui, &mut cx, inspected.as_ref());
    }
}

/// The two main views, as tabs. Leaving the lab removes its probe (the trainer stops
/// answering it).
fn main_view_ui(ui: &mut egui::Ui, cx: &mut Cx<'_>) {
    ui.horizontal(|ui| {
        for (main, label, help) in [
            (
                MainView::Landscape,
                "Landscape",
                "The focused model's surface, the others small underneath; hover to probe.",
            ),
            (
                MainView::Inference,
                "Inference lab",
                "Click a point: watch the model infer its latent, at the slider's β.",
            ),
            (
                MainView::ThreeD,
                "3-D",
                "The surface as a height field, or the horn in (x, y₁, y₂): drag to turn.",
            ),
            (
                MainView::Blocks,
                "Blocks",
                "The focused model as its Lego blocks beside its plot; compare models block by \
                 block. Hover a block: what it does and what it draws.",
            ),
        ] {
            if ui
                .selectable_label(cx.view.main == main, label)
                .on_hover_text(help)
                .clicked()
                && cx.view.main != main
            {
                cx.view.main = main;
                // The probe lives in the lab and the blocks view (whose wires carry its values).
                if !matches!(main, MainView::Inference | MainView::Blocks) {
                    cx.set_probe(None);
                }
            }
        }
        ui.separator();
        lessons::lessons_menu_ui(ui, cx);
    });
}

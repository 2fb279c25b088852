//! The central panel: the landscape (the focused model large, the others small) or the
//! inference lab (the focused model with one point y′ and the inspector under it).

use eframe::egui;

use super::panels::inspector::{self, HEIGHT};
use super::panels::plots::{Lab, PlotsFrame};
use super::{Cx, EnergyLabApp, MainView, cx};

impl EnergyLabApp {
    pub(super) fn central_ui(&mut self, ui: &mut egui::Ui) {
        let scripted = self.auto.is_some();
        let p = &mut self.panels;
        let mut cx = cx!(self);
        main_view_ui(ui, &mut cx);
        if cx.view.main == MainView::ThreeD {
            p.view3d.ui(ui, &mut cx);
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
        ] {
            if ui
                .selectable_label(cx.view.main == main, label)
                .on_hover_text(help)
                .clicked()
                && cx.view.main != main
            {
                cx.view.main = main;
                if main != MainView::Inference {
                    cx.set_probe(None);
                }
            }
        }
    });
}

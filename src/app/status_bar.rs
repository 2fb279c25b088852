//! The status bar: backend and why, step, speed, loss, parameters, timings, messages.

use eframe::egui;

use super::EnergyLabApp;

impl EnergyLabApp {
    pub(super) fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            match &self.latest {
                Some(s) => {
                    ui.label(format!("backend: {}", s.backend.label))
                        .on_hover_text(&s.backend.reason);
                    ui.weak(&s.backend.reason);
                    ui.separator();
                    // Per-model speed: the round robin shares the trainer between them.
                    let rates: Vec<String> = s
                        .models
                        .iter()
                        .map(|v| format!("{} {:.0}/s", v.model.key(), v.steps_per_sec))
                        .collect();
                    ui.monospace(format!("steps  {}", rates.join("  ")))
                        .on_hover_text("optimiser steps per second, per model");
                    ui.monospace(format!("views {:.1} ms", s.views_ms)).on_hover_text(
                        "trainer time for the surfaces, arrows and curves of every enabled model",
                    );
                    if let Some(v) = s.focused() {
                        let params: Vec<String> = v
                            .params
                            .iter()
                            .map(|(k, v)| format!("{k} {v:+.3}"))
                            .collect();
                        ui.monospace(params.join("  "));
                    }
                }
                None => {
                    ui.spinner();
                    ui.label("starting the trainer…");
                }
            }
            ui.separator();
            if let Some(ms) = self.latency_ms {
                ui.monospace(format!("β→surface {ms:.0} ms"));
            }
            ui.monospace(format!("frame {:.1} ms", self.frame_ms));
            if let Some((text, is_error)) = &self.message {
                ui.separator();
                if *is_error {
                    ui.colored_label(ui.visuals().error_fg_color, text);
                } else {
                    ui.label(text);
                }
            }
        });
    }
}

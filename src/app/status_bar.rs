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
                    ui.monospace(format!("step {}", s.step));
                    ui.monospace(format!("{:.0} steps/s", s.steps_per_sec));
                    ui.monospace(format!(
                        "surface {} in {:.1} ms",
                        s.energy.spec.size, s.views_ms
                    ))
                    .on_hover_text("trainer time for the F_β grid, the arrows and the β family");
                    if let Some(last) = self.losses.last() {
                        ui.monospace(format!("loss {:.4}", last[1]));
                    }
                    let params: Vec<String> = s
                        .params
                        .iter()
                        .map(|(k, v)| format!("{k} {v:+.3}"))
                        .collect();
                    ui.monospace(params.join("  "));
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

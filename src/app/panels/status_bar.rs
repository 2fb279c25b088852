//! The status bar: backend and why, step, speed, loss, parameters, timings, messages.

use eframe::egui;

use crate::app::context::Status;
use crate::app::frame_stats::FrameStats;
use crate::models::ModelId;
use crate::trainer::Snapshot;

/// What the status bar shows besides the snapshot.
pub struct StatusLine<'a> {
    pub status: &'a Status,
    pub frames: &'a FrameStats,
    /// Milliseconds from the last β change to the first snapshot that carried it.
    pub latency_ms: Option<f32>,
    /// The model whose parameters are listed.
    pub focus: ModelId,
    /// The *Samples* layer's distance to its density, while it is on.
    pub samples: Option<String>,
}

pub fn status_bar_ui(ui: &mut egui::Ui, latest: Option<&Snapshot>, line: &StatusLine<'_>) {
    ui.horizontal_wrapped(|ui| {
        match latest {
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
                ui.monospace(format!("views {:.1} ms", s.views_ms))
                    .on_hover_text(
                        "trainer time for the surfaces, arrows and curves of every enabled model",
                    );
                if let Some(v) = s.view(line.focus) {
                    let params: Vec<String> = v
                        .params
                        .iter()
                        .map(|(k, value)| {
                            let knob = v.model.spec().knob(k);
                            match knob.and_then(|knob| knob.choice_name(*value)) {
                                Some(name) => format!("{k} {name}"),
                                None => format!("{k} {}", param_text(*value)),
                            }
                        })
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
        if let Some(samples) = &line.samples {
            ui.monospace(samples);
            ui.separator();
        }
        if let Some(ms) = line.latency_ms {
            ui.monospace(format!("β→surface {ms:.0} ms"));
        }
        let frame = ui.monospace(format!("frame {:.1} ms", line.frames.last_ms()));
        if let Some(summary) = line.frames.summary() {
            frame.on_hover_text(format!("UI build time per frame: {summary}"));
        }
        if let Some((text, is_error)) = line.status.get() {
            ui.separator();
            if *is_error {
                ui.colored_label(ui.visuals().error_fg_color, text);
            } else {
                ui.label(text);
            }
            files_ui(ui, line.status.files());
        }
    });
}

/// Each file a save or export wrote, in full; a click copies its path (to paste into a
/// terminal, a slide or a bug report).
fn files_ui(ui: &mut egui::Ui, files: &[std::path::PathBuf]) {
    for file in files {
        let path = file.display().to_string();
        let link = ui
            .add(egui::Link::new(egui::RichText::new(&path).monospace()))
            .on_hover_text("click to copy the path");
        if link.clicked() {
            ui.ctx().copy_text(path);
        }
    }
}

/// Counts (latent size, width, draws) as integers; everything else signed with three decimals,
/// since learned parameters such as the ellipse's centre change sign.
fn param_text(value: f32) -> String {
    if value.fract() == 0.0 && value.abs() < 1e6 {
        format!("{value:.0}")
    } else {
        format!("{value:+.3}")
    }
}

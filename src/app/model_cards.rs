//! The model list (a checkbox per model: train it or pause it, weights kept) and the focused
//! model's card: recipe, what to look for, live knobs.

use eframe::egui::{self, RichText, Ui};

use super::EnergyLabApp;
use crate::models::ModelId;
use crate::models::cards::{Knob, KnobKind};

impl EnergyLabApp {
    pub(super) fn model_list_ui(&mut self, ui: &mut Ui) {
        ui.strong("Models");
        for model in ModelId::ALL {
            ui.horizontal(|ui| {
                let mut on = self.settings.enabled.contains(&model);
                let checkbox = ui.checkbox(&mut on, model.title()).on_hover_text(
                    "train this model alongside the others; off pauses it and keeps its weights",
                );
                if checkbox.changed() {
                    self.set_enabled(model, on);
                }
                let focused = self.settings.focus == model;
                if on
                    && ui
                        .selectable_label(focused, if focused { "◉" } else { "○" })
                        .on_hover_text("draw this model large")
                        .clicked()
                {
                    self.set_focus(model);
                }
                if let Some(v) = self.latest.as_ref().and_then(|s| s.view(model)) {
                    ui.weak(format!("{} steps", v.step));
                }
            });
        }
    }

    pub(super) fn model_card_ui(&mut self, ui: &mut Ui) {
        let model = self.settings.focus;
        ui.label(RichText::new(model.title()).strong().size(15.0));
        ui.label(RichText::new(model.recipe()).monospace().size(11.0));
        ui.add_space(2.0);
        ui.label(model.about());
        let view = self.latest.as_ref().and_then(|s| s.view(model));
        let Some(view) = view else {
            ui.weak("Tick the model to train it.");
            return;
        };
        let params = view.params.clone();
        let notice = view.notice.clone();
        if let Some(error) = view.error.clone() {
            self.model_error_ui(ui, model, &error);
        }
        for knob in model.knobs() {
            let Some(confirmed) = params.iter().find(|(k, _)| *k == knob.key).map(|p| p.1) else {
                continue;
            };
            let shown = self
                .pending_knobs
                .get(&(model, knob.key))
                .copied()
                .unwrap_or(confirmed);
            let value = match knob_ui(ui, knob, model, shown) {
                KnobChange::None => continue,
                KnobChange::Dragging(value) => {
                    self.pending_knobs.insert((model, knob.key), value);
                    continue;
                }
                KnobChange::Set(value) => value,
            };
            if value == confirmed {
                self.pending_knobs.remove(&(model, knob.key));
            } else {
                self.set_param(model, knob.key, value);
                if knob.kind == KnobKind::Structural {
                    self.message = Some((
                        format!(
                            "{} {} → {value}: {} restarts from fresh weights; the other models \
                             keep training",
                            model.title(),
                            knob.label,
                            model.title()
                        ),
                        false,
                    ));
                }
            }
        }
        if let Some(notice) = notice {
            ui.colored_label(ui.visuals().warn_fg_color, notice);
        }
        if ui
            .button("Restart this model")
            .on_hover_text("fresh weights for this model only (same seed)")
            .clicked()
        {
            self.reset_model(model);
        }
    }
}

enum KnobChange {
    None,
    /// A structural knob being dragged: shown, not yet sent.
    Dragging(f32),
    Set(f32),
}

/// One knob as a slider. A structural knob is sent only when the drag ends: every
/// intermediate width would restart the model.
fn knob_ui(ui: &mut Ui, knob: &Knob, model: ModelId, shown: f32) -> KnobChange {
    let mut value = shown;
    let mut slider = egui::Slider::new(&mut value, knob.range.0..=knob.range.1)
        .logarithmic(knob.logarithmic)
        // A `--set` value beyond the slider's range is kept, not clamped behind the user's back.
        .clamping(egui::SliderClamping::Edits)
        .text(knob.label);
    if knob.integer {
        slider = slider.step_by(1.0).fixed_decimals(0);
    }
    let mut response = ui.add(slider);
    let mut help = knob.help.to_owned();
    if knob.kind == KnobKind::Structural {
        if !help.is_empty() {
            help.push('\n');
        }
        help += &format!(
            "Changing this restarts {} from fresh weights (the other models keep training).",
            model.title()
        );
    }
    if !help.is_empty() {
        response = response.on_hover_text(help);
    }
    match knob.kind {
        KnobKind::Live if response.changed() => KnobChange::Set(value),
        KnobKind::Structural if response.drag_stopped() => KnobChange::Set(value),
        KnobKind::Structural if response.dragged() && value != shown => KnobChange::Dragging(value),
        KnobKind::Structural if response.changed() => KnobChange::Set(value),
        _ => KnobChange::None,
    }
}

impl EnergyLabApp {
    /// What stopped this model (a divergence rolled back, a failed step) and the two ways on:
    /// train again once the knob is turned, or start it from fresh weights.
    fn model_error_ui(&mut self, ui: &mut Ui, model: ModelId, error: &str) {
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.0, ui.visuals().error_fg_color))
            .show(ui, |ui| {
                ui.colored_label(ui.visuals().error_fg_color, error);
                ui.horizontal(|ui| {
                    if ui
                        .button("Train again")
                        .on_hover_text("Play: every paused model goes on from where it is")
                        .clicked()
                    {
                        self.set_playing(true);
                    }
                    if ui
                        .button("Reset this model")
                        .on_hover_text("fresh weights for this model only")
                        .clicked()
                    {
                        self.reset_model(model);
                    }
                });
            });
    }
}

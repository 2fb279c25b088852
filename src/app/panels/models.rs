//! The model list (a checkbox per model: train it or pause it, weights kept) and the focused
//! model's card: recipe, what to look for, its knobs as sliders read from the model's spec.

use std::collections::HashMap;

use eframe::egui::{self, RichText, Ui};

use crate::app::context::Cx;
use crate::models::ModelId;
use crate::models::spec::{Knob, KnobKind};
use crate::trainer::{Command, ModelView};

#[derive(Default)]
pub struct ModelsPanel {
    /// Knob values the user set that no snapshot has confirmed yet (so a slider does not
    /// jump back for a frame).
    pending: HashMap<(ModelId, &'static str), f32>,
}

impl ModelsPanel {
    /// Sets one of `model`'s knobs; a structural one restarts that model only.
    pub fn set_param(&mut self, cx: &mut Cx<'_>, model: ModelId, key: &'static str, value: f32) {
        self.pending.insert((model, key), value);
        cx.send(Command::SetParam {
            model,
            key: key.to_owned(),
            value,
        });
    }

    pub fn list_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        ui.strong("Models");
        for model in ModelId::ALL {
            ui.horizontal(|ui| {
                let mut on = cx.settings.enabled.contains(&model);
                let checkbox = ui.checkbox(&mut on, model.title()).on_hover_text(
                    "train this model alongside the others; off pauses it and keeps its weights",
                );
                if checkbox.changed() {
                    cx.set_enabled(model, on);
                }
                let focused = cx.settings.focus == model;
                if on
                    && ui
                        .selectable_label(focused, if focused { "◉" } else { "○" })
                        .on_hover_text("draw this model large")
                        .clicked()
                {
                    cx.set_focus(model);
                }
                if let Some(v) = cx.latest.and_then(|s| s.view(model)) {
                    ui.weak(format!("{} steps", v.step));
                }
            });
        }
    }

    pub fn card_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let model = cx.settings.focus;
        let spec = model.spec();
        ui.label(RichText::new(spec.title).strong().size(15.0));
        ui.label(RichText::new(spec.recipe).monospace().size(11.0));
        ui.add_space(2.0);
        ui.label(spec.about);
        ui.label(RichText::new(spec.family.describe()).italics());
        // The snapshot outlives this borrow of `cx`: no copy of the view is needed.
        let latest = cx.latest;
        let Some(view) = latest.and_then(|s| s.view(model)) else {
            ui.weak("Tick the model to train it.");
            return;
        };
        self.forget_confirmed(view);
        if let Some(error) = &view.error {
            model_error_ui(ui, cx, model, error);
        }
        for knob in spec.knobs {
            self.knob_row_ui(ui, cx, model, knob, view);
        }
        if let Some(notice) = &view.notice {
            ui.colored_label(ui.visuals().warn_fg_color, notice);
        }
        if ui
            .button("Restart this model")
            .on_hover_text("fresh weights for this model only (same seed)")
            .clicked()
        {
            cx.send(Command::ResetModel(model));
        }
    }

    /// Values the trainer reports (or refused) need no pending entry any more.
    fn forget_confirmed(&mut self, view: &ModelView) {
        self.pending.retain(|(model, key), value| {
            *model != view.model
                || view.notice.is_none() && view.params.iter().all(|(k, v)| k != key || v != value)
        });
    }

    fn knob_row_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        model: ModelId,
        knob: &'static Knob,
        view: &ModelView,
    ) {
        let Some(confirmed) = view
            .params
            .iter()
            .find(|(k, _)| *k == knob.key)
            .map(|p| p.1)
        else {
            return;
        };
        if knob.kind == KnobKind::Weight {
            // Learned: training moves it every step, so it is no slider (the status bar shows
            // its value).
            return;
        }
        let shown = self
            .pending
            .get(&(model, knob.key))
            .copied()
            .unwrap_or(confirmed);
        let value = match knob_ui(ui, knob, model, shown) {
            KnobChange::None => return,
            KnobChange::Dragging(value) => {
                self.pending.insert((model, knob.key), value);
                return;
            }
            KnobChange::Set(value) => value,
        };
        if value == confirmed {
            self.pending.remove(&(model, knob.key));
            return;
        }
        self.set_param(cx, model, knob.key, value);
        if knob.kind == KnobKind::Structural {
            cx.status.info(format!(
                "{} {} → {value}: {} restarts from fresh weights; the other models keep training",
                model.title(),
                knob.label,
                model.title()
            ));
        }
    }
}

enum KnobChange {
    None,
    /// A structural knob being dragged: shown, not yet sent.
    Dragging(f32),
    Set(f32),
}

/// One knob as a slider over its spec's span. A structural knob is sent only when the drag
/// ends: every intermediate width would restart the model.
fn knob_ui(ui: &mut Ui, knob: &Knob, model: ModelId, shown: f32) -> KnobChange {
    if !knob.choices.is_empty() {
        return choice_ui(ui, knob, shown);
    }
    let mut value = shown;
    let mut slider = egui::Slider::new(&mut value, knob.slider.0..=knob.slider.1)
        .logarithmic(knob.logarithmic)
        // A `--set` value beyond the slider's span is kept, not clamped behind the user's back.
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

/// A choice knob as a drop-down of its named values (the value sent is the index).
fn choice_ui(ui: &mut Ui, knob: &Knob, shown: f32) -> KnobChange {
    let mut index = shown.max(0.0) as usize;
    let response = egui::ComboBox::from_label(knob.label)
        .selected_text(knob.choice_name(shown).unwrap_or("?"))
        .show_index(ui, &mut index, knob.choices.len(), |i| knob.choices[i]);
    let response = if knob.help.is_empty() {
        response
    } else {
        response.on_hover_text(knob.help)
    };
    if let Some(note) = knob.choice_note(index as f32) {
        ui.label(RichText::new(note).monospace().size(11.0));
    }
    if response.changed() && index as f32 != shown {
        KnobChange::Set(index as f32)
    } else {
        KnobChange::None
    }
}

/// What stopped this model (a divergence rolled back, a failed step) and the two ways on:
/// train again once the knob is turned, or start it from fresh weights.
fn model_error_ui(ui: &mut Ui, cx: &mut Cx<'_>, model: ModelId, error: &str) {
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
                    cx.set_playing(true);
                }
                if ui
                    .button("Reset this model")
                    .on_hover_text("fresh weights for this model only")
                    .clicked()
                {
                    cx.send(Command::ResetModel(model));
                }
            });
        });
}

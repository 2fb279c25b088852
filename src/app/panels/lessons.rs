//! The *Lessons* menu and the caption strip: a lesson (`lessons/`) sets the window up — data,
//! models with fresh weights and their knobs, β, the view and its layers, the probe — and the
//! strip under the tabs says what to look at and what to try, with the way to the previous and
//! next lesson. The lesson shown is kept with the view settings (and so in sessions).

use eframe::egui::{self, RichText, Ui};

use crate::app::context::{Cx, MainView};
use crate::lessons::{LESSONS, Stage, lesson};
use crate::models::ModelId;
use crate::models::spec::KnobKind;
use crate::settings::Hyper;
use crate::trainer::Command;

/// The menu of lessons.
pub fn lessons_menu_ui(ui: &mut Ui, cx: &mut Cx<'_>) {
    let mut picked = None;
    ui.menu_button("Lessons", |ui| {
        for (i, l) in LESSONS.iter().enumerate() {
            if ui.button(format!("{}. {}", i + 1, l.title)).clicked() {
                picked = Some(i + 1);
                ui.close();
            }
        }
    });
    if let Some(n) = picked {
        apply(cx, n);
    }
}

/// The caption of the lesson shown, above the plot (it takes its own strip, never the plot's
/// room).
pub fn caption_ui(ui: &mut Ui, cx: &mut Cx<'_>) {
    let Some(n) = cx.view.lesson else {
        return;
    };
    let Some(l) = lesson(n) else {
        cx.view.lesson = None;
        return;
    };
    let mut go = None;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!("Lesson {n} of {}: {}", LESSONS.len(), l.title)).strong(),
            );
            if ui
                .add_enabled(n > 1, egui::Button::new("◀ Previous"))
                .clicked()
            {
                go = Some(n - 1);
            }
            if ui
                .add_enabled(n < LESSONS.len(), egui::Button::new("Next ▶"))
                .clicked()
            {
                go = Some(n + 1);
            }
            if ui.button("Set up again").clicked() {
                go = Some(n);
            }
            if ui.button("Close lesson").clicked() {
                cx.view.lesson = None;
            }
        });
        ui.label(l.caption);
        ui.label(RichText::new(format!("Try this: {}", l.try_this)).italics());
    });
    if let Some(n) = go {
        apply(cx, n);
    }
}

/// Sets the window up for lesson `n` (1-based).
pub fn apply(cx: &mut Cx<'_>, n: usize) {
    let Some(l) = lesson(n) else {
        return;
    };
    cx.view.lesson = Some(n);
    for m in ModelId::ALL {
        if l.models.contains(&m) != cx.settings.enabled.contains(&m) {
            cx.set_enabled(m, l.models.contains(&m));
        }
    }
    if let Some(first) = l.models.first() {
        cx.set_focus(*first);
    }
    cx.set_data(l.data_source(), true);
    cx.set_beta(l.beta);
    cx.set_hyper(Hyper {
        train_at_beta: l.train_at_beta,
        ..cx.settings.hyper
    });
    // Fresh weights (a restart also brings back the default knobs), then every knob at the
    // lesson's value or its default: the lesson starts where the course does.
    for m in l.models {
        cx.send(Command::ResetModel(*m));
        for knob in m.spec().knobs.iter().filter(|k| k.kind != KnobKind::Weight) {
            let value = l
                .knobs
                .iter()
                .find(|(model, key, _)| model == m && *key == knob.key)
                .map_or(knob.default, |k| k.2);
            cx.send(Command::SetParam {
                model: *m,
                key: knob.key.to_owned(),
                value,
            });
        }
    }
    cx.set_slice(l.slice);
    cx.view.main = match l.stage {
        Stage::Landscape => MainView::Landscape,
        Stage::Inference => MainView::Inference,
        Stage::ThreeD => MainView::ThreeD,
    };
    cx.view.surface = l.surface;
    cx.view.field = l.field;
    cx.view.forces = l.forces;
    cx.view.samples = l.samples;
    cx.set_probe(l.probe);
    cx.set_playing(true);
}

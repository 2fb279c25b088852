//! The small sections of the left panel: transport (play, step, seed, reset), temperature,
//! optimiser and view.

use std::time::SystemTime;

use eframe::egui::{self, Ui};

use crate::app::beta_slider::beta_slider_ui;
use crate::app::context::Cx;
use crate::app::screenshot;
use crate::landscape::surface::{FieldLayer, SurfaceView};
use crate::palette::ColourScale;
use crate::settings::Settings;
use crate::trainer::Command;

/// Play, pause, step, and the seed the next reset uses.
#[derive(Default)]
pub struct TransportPanel {
    /// A seed typed in (the run keeps its own until *Reset*); `None` shows the run's.
    seed: Option<u64>,
}

impl TransportPanel {
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        ui.horizontal(|ui| {
            let label = if cx.settings.playing { "Pause" } else { "Play" };
            if ui.button(label).on_hover_text("Space").clicked() {
                let playing = !cx.settings.playing;
                cx.set_playing(playing);
            }
            if ui
                .add_enabled(!cx.settings.playing, egui::Button::new("Step"))
                .on_hover_text("one optimiser step")
                .clicked()
            {
                cx.send(Command::Step(1));
            }
        });
        ui.horizontal(|ui| {
            ui.label("seed");
            let mut seed = self.seed.unwrap_or(cx.settings.seed);
            if ui.add(egui::DragValue::new(&mut seed)).changed() {
                self.seed = Some(seed);
            }
            if ui
                .button("Reset")
                .on_hover_text("R: new data and weights from this seed")
                .clicked()
            {
                self.reset(cx);
            }
        });
    }

    /// New data and weights from the seed in the panel (the run's, unless one was typed).
    pub fn reset(&mut self, cx: &mut Cx<'_>) {
        let seed = self.seed.take().unwrap_or(cx.settings.seed);
        cx.reset(seed);
    }
}

/// The β slider and whether the models train at that temperature. β means one thing per
/// model: the temperature of F_β where there is a latent to marginalise (the LV-EBMs, which
/// can train at it), the temperature of the Gibbs density alone for the others.
pub fn temperature_ui(ui: &mut Ui, cx: &mut Cx<'_>) {
    ui.strong("Temperature");
    let mut beta = cx.settings.beta;
    if beta_slider_ui(ui, &mut beta).changed() && beta != cx.settings.beta {
        cx.set_beta(beta);
    }
    let focus = cx.settings.focus;
    let marginalised = focus.spec().latent.is_marginalised();
    ui.weak(if marginalised {
        "β is the temperature of F_β, this model's energy over its latent."
    } else {
        "β acts on this model's Gibbs density e^(−β·E)/Z (and on the free energy of its \
         decoder manifold): its own energy has no latent left to marginalise."
    });
    let mut hyper = cx.settings.hyper;
    let why = if marginalised {
        "Off: zero-temperature learning on F_∞ (only the nearest manifold point is pulled). \
         On: the loss is F_β, every manifold point is pulled by its weight. It applies to \
         every model whose energy is a free energy over a latent grid (the LV-EBMs)."
    } else {
        "Only a model whose energy is a free energy over its latent (the LV-EBMs) can train \
         at a temperature; this one's loss has no β in it."
    };
    ui.add_enabled(
        marginalised,
        egui::Checkbox::new(&mut hyper.train_at_beta, "train at this temperature"),
    )
    .on_hover_text(why)
    .on_disabled_hover_text(why);
    if hyper != cx.settings.hyper {
        cx.set_hyper(hyper);
    }
}

/// Adam's learning rate and the speed limit.
pub fn optimiser_ui(ui: &mut Ui, cx: &mut Cx<'_>) {
    ui.strong("Optimiser (Adam, every model)");
    let mut hyper = cx.settings.hyper;
    ui.add(
        // The command line's range; a value set there outside the slider's stays as it is
        // (a clamp here would silently overrule `--lr`).
        egui::Slider::new(&mut hyper.learning_rate, 1e-4..=10.0)
            .logarithmic(true)
            .clamping(egui::SliderClamping::Edits)
            .text("learning rate"),
    );
    let mut limited = hyper.max_steps_per_sec.is_some();
    // Unlimited: the slider offers the default limit for when it is ticked again.
    let default = Settings::default().hyper.max_steps_per_sec;
    let mut rate = hyper.max_steps_per_sec.or(default).unwrap_or_default();
    ui.checkbox(&mut limited, "limit speed (to watch it learn)");
    ui.add_enabled(
        limited,
        egui::Slider::new(&mut rate, 10.0..=5000.0)
            .logarithmic(true)
            .text("steps/s"),
    );
    hyper.max_steps_per_sec = limited.then_some(rate);
    if hyper != cx.settings.hyper {
        cx.set_hyper(hyper);
    }
}

/// Which surface, which layers, which colour range, the theme, and a screenshot.
pub fn view_ui(ui: &mut Ui, cx: &mut Cx<'_>) {
    ui.strong("View");
    let view = &mut cx.view;
    egui::ComboBox::from_label("surface")
        .selected_text(view.surface.label())
        .width(200.0)
        .show_ui(ui, |ui| {
            for v in SurfaceView::ALL {
                ui.selectable_value(&mut view.surface, v, v.label());
            }
        });
    ui.checkbox(&mut view.arrows, "arrows: −∇ of the surface")
        .on_hover_text("White arrows point downhill on the surface shown.");
    egui::ComboBox::from_label("ỹ − y field")
        .selected_text(view.field.label())
        .show_ui(ui, |ui| {
            for f in FieldLayer::ALL {
                ui.selectable_value(&mut view.field, f, f.label());
            }
        })
        .response
        .on_hover_text(
            "Grey arrows: where an autoencoder sends each point (for the DAE, its denoising \
             field). Not a gradient: drawn at true length.",
        );
    egui::ComboBox::from_label("colours")
        .selected_text(view.colours.label())
        .show_ui(ui, |ui| {
            for scale in ColourScale::ALL {
                ui.selectable_value(&mut view.colours, scale, scale.label());
            }
        });
    if ui.checkbox(&mut view.dark, "dark background").changed() {
        ui.ctx().set_theme(if view.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
    }
    if ui.button("Screenshot (S)").clicked() {
        cx.requests.screenshot = Some(screenshot::default_path(SystemTime::now()));
    }
}

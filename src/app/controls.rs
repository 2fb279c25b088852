//! The left panel: the model list and the focused model's card, transport, temperature,
//! optimiser, view options.

use std::time::SystemTime;

use eframe::egui::{self, Ui};

use super::EnergyLabApp;
use super::beta_slider::beta_slider_ui;
use super::heatmap::ColourScale;
use super::screenshot;
use crate::figure::surface::SurfaceView;

impl EnergyLabApp {
    pub(super) fn controls_ui(&mut self, ui: &mut Ui) {
        ui.add_space(4.0);
        ui.heading("energy-lab");
        self.trainer_failure_ui(ui);
        self.model_list_ui(ui);
        ui.separator();
        self.model_card_ui(ui);
        ui.separator();

        self.transport_ui(ui);
        ui.separator();

        self.data_ui(ui);
        ui.separator();

        ui.strong("Temperature");
        let mut beta = self.settings.beta;
        if beta_slider_ui(ui, &mut beta).changed() && beta != self.settings.beta {
            self.set_beta(beta);
        }
        let mut hyper = self.settings.hyper;
        ui.checkbox(&mut hyper.train_at_beta, "train at this temperature")
            .on_hover_text(
                "Off: zero-temperature learning on F_∞ (only the nearest manifold point is \
                 pulled). On: the loss is F_β, every manifold point is pulled by its weight.",
            );
        ui.separator();

        ui.strong("Optimiser (Adam, every model)");
        ui.add(
            // The command line's range; a value set there outside the slider's stays as it is
            // (a clamp here would silently overrule `--lr`).
            egui::Slider::new(&mut hyper.learning_rate, 1e-4..=10.0)
                .logarithmic(true)
                .clamping(egui::SliderClamping::Edits)
                .text("learning rate"),
        );
        let mut limited = hyper.max_steps_per_sec.is_some();
        let mut rate = hyper.max_steps_per_sec.unwrap_or(150.0);
        ui.checkbox(&mut limited, "limit speed (to watch it learn)");
        ui.add_enabled(
            limited,
            egui::Slider::new(&mut rate, 10.0..=5000.0)
                .logarithmic(true)
                .text("steps/s"),
        );
        hyper.max_steps_per_sec = limited.then_some(rate);
        if hyper != self.settings.hyper {
            self.set_hyper(hyper);
        }
        ui.separator();

        ui.strong("View");
        let view = self.settings.view;
        egui::ComboBox::from_label("surface")
            .selected_text(view.label())
            .show_ui(ui, |ui| {
                for v in SurfaceView::ALL {
                    ui.selectable_value(&mut self.settings.view, v, v.label());
                }
            });
        if self.settings.view != view {
            self.heatmap_stale = true;
        }
        let before = self.settings.colour_scale;
        egui::ComboBox::from_label("colours")
            .selected_text(before.label())
            .show_ui(ui, |ui| {
                for scale in [ColourScale::Auto, ColourScale::Course] {
                    ui.selectable_value(&mut self.settings.colour_scale, scale, scale.label());
                }
            });
        if self.settings.colour_scale != before {
            self.heatmap_stale = true;
        }
        if ui
            .checkbox(&mut self.settings.dark, "dark background")
            .changed()
        {
            ui.ctx().set_theme(if self.settings.dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
        }
        if ui.button("Screenshot (S)").clicked() {
            let path = screenshot::default_path(SystemTime::now());
            self.screenshot(ui.ctx(), path);
        }
        ui.separator();
        self.files_ui(ui);
        ui.separator();
        ui.weak(
            "Space  play / pause\nR  reset with the seed\nS  screenshot to ./figures\n\
             Hover the plot: manifold points take their softargmin weight for that point.",
        );
    }

    fn transport_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let label = if self.settings.playing {
                "Pause"
            } else {
                "Play"
            };
            if ui.button(label).on_hover_text("Space").clicked() {
                self.set_playing(!self.settings.playing);
            }
            if ui
                .add_enabled(!self.settings.playing, egui::Button::new("Step"))
                .on_hover_text("one optimiser step")
                .clicked()
            {
                self.step_once();
            }
        });
        ui.horizontal(|ui| {
            ui.label("seed");
            ui.add(egui::DragValue::new(&mut self.settings.seed));
            if ui
                .button("Reset")
                .on_hover_text("R: new data and weights from this seed")
                .clicked()
            {
                self.reset();
            }
        });
    }
}

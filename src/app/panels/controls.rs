//! The small sections of the left panel: transport (play, step, seed, reset), temperature,
//! optimiser and view.

use eframe::egui::{self, Ui};

use crate::app::beta_slider::beta_slider_ui;
use crate::app::context::Cx;
use crate::energy::Beta;
use crate::landscape::surface::{FieldLayer, SurfaceView};
use crate::palette::ColourScale;
use crate::settings::{Hyper, Settings};
use crate::trainer::Command;

/// Play, pause, step, and the seed the next reset uses.
#[derive(Default)]
pub struct TransportPanel {
    /// A seed typed in (the run keeps its own until *Reset*); `None` shows the run's.
    seed: Option<u64>,
    /// After a reset, until undone: how many strokes the drawing's undo held then (strokes
    /// drawn since are undone first).
    reset_undo: Option<usize>,
}

impl TransportPanel {
    /// `strokes`: the drawing's undo depth (see [`TransportPanel::reset`]).
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, strokes: usize) {
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
                .on_hover_text("R: new data and weights from this seed (Ctrl+Z undoes it)")
                .clicked()
            {
                self.reset(cx, strokes);
            }
        });
    }

    /// New data and weights from the seed in the panel (the run's, unless one was typed).
    /// The trainer keeps the weights it discards until the next reset: Ctrl+Z brings them back.
    /// `strokes`: the drawing's undo depth now.
    pub fn reset(&mut self, cx: &mut Cx<'_>, strokes: usize) {
        let seed = self.seed.take().unwrap_or(cx.settings.seed);
        cx.reset(seed);
        self.reset_undo = Some(strokes);
        cx.status
            .info("reset: new data and weights (Ctrl+Z brings the old ones back)");
    }

    /// Undoes the last reset if nothing drawn since is left to undo (`strokes`: the drawing's
    /// undo depth now). Returns whether it did.
    pub fn undo_reset(&mut self, cx: &mut Cx<'_>, strokes: usize) -> bool {
        match self.reset_undo {
            Some(at) if strokes <= at => {
                self.reset_undo = None;
                cx.send(Command::UndoReset);
                true
            }
            _ => false,
        }
    }
}

/// The β slider and whether the models train at that temperature. β means one thing per
/// model: the temperature of F_β where there is a latent to marginalise (the LV-EBMs, which
/// can train at it), the temperature of the Gibbs density alone for the others.
pub fn temperature_ui(ui: &mut Ui, cx: &mut Cx<'_>) {
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
    if marginalised {
        too_hot_ui(ui, cx);
    }
}

/// What the lesson's caption says: the optima of mean F_β, computed in f64 over the exact
/// ellipse (`inference::too_hot_tests` checks them and the app's training against them).
const TOO_HOT: &str = "Too hot kills the latent. At β = 0.1 every z votes almost equally, F_β \
     is nearly the mean of E over z, and the best decoder is the data's mean: the ellipse \
     shrinks to (0, 0), plain MSE. The optimum of mean F_β over the exact ellipse, from the \
     slide's start: |w| ≈ (1.98, 1.49) at β = 10, (1.94, 1.47) at 3.2, (1.81, 1.34) at 1, \
     (0.99, 0) at 0.3, (0, 0) at 0.1. On the course's 24 noisy points it moves with the \
     sample (β = 1, seed 2: (1.91, 1.21)).";

/// The too-hot demonstration: one click trains the LV-EBM at β = 0.1 (watch the latent die),
/// one click back to zero-temperature training recovers.
fn too_hot_ui(ui: &mut Ui, cx: &mut Cx<'_>) {
    let mut to = None;
    ui.horizontal(|ui| {
        if ui
            .button("Too hot: train at β = 0.1")
            .on_hover_text(TOO_HOT)
            .clicked()
        {
            to = Some(Beta::Finite(0.1));
        }
        if ui
            .button("Back to β = ∞")
            .on_hover_text("Zero-temperature training on F_∞: the ellipse grows back.")
            .clicked()
        {
            to = Some(Beta::Infinite);
        }
    });
    if let Some(beta) = to {
        cx.set_beta(beta);
        cx.set_hyper(Hyper {
            train_at_beta: true,
            ..cx.settings.hyper
        });
    }
    let hot = matches!(cx.settings.beta, Beta::Finite(b) if b < 1.0);
    if cx.settings.hyper.train_at_beta && hot {
        ui.weak(TOO_HOT);
    }
}

/// Adam's learning rate and the speed limit.
pub fn optimiser_ui(ui: &mut Ui, cx: &mut Cx<'_>) {
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
    ui.checkbox(&mut view.forces, "forces on ỹ: −∂L/∂ỹ_k")
        .on_hover_text(
            "Blue arrows on each manifold point: the pull the data exert on it through the loss \
         L = mean F_β at the slider's β. At β = ∞ only each datum's nearest point is pulled; \
         warm, the pull spreads over a wider region of the manifold.",
        );
    ui.checkbox(
        &mut view.samples,
        "samples at β: Langevin on e^(−β·surface)",
    )
    .on_hover_text(
        "Particles run MALA (Langevin steps with a Metropolis accept, exact for any step) \
             on the surface shown, at the slider's β: drag β up and they freeze onto the \
             minima, down and they melt over the plane. The status bar gives their \
             total-variation distance to e^(−β·E)/Z on the grid.",
    );
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
        cx.requests.screenshot = true;
    }
}

//! The slice at x: where conditional models (the horn LV-EBM, the MSE regressor) are drawn,
//! with a sweep that plays x back and forth through [0, 1].

use std::time::Instant;

use eframe::egui::{self, Ui};

use crate::app::context::Cx;
use crate::models::spec::Inputs;

/// x per second while sweeping: the whole horn in five seconds.
const SWEEP_RATE: f32 = 0.2;

#[derive(Default)]
pub struct SliceControl {
    /// Sweeping since this instant, and in which direction (+1 up, −1 down).
    sweep: Option<(Instant, f32)>,
}

impl SliceControl {
    /// Shown when a conditional model trains or the data are conditional rows.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let conditional = cx
            .settings
            .enabled
            .iter()
            .any(|m| m.spec().inputs == Inputs::XY)
            || cx.latest.is_some_and(|s| s.inputs.is_some());
        if !conditional {
            self.sweep = None;
            return;
        }
        let mut x = cx.settings.slice;
        ui.horizontal(|ui| {
            ui.add(egui::Slider::new(&mut x, 0.0..=1.0).text("slice x"))
                .on_hover_text(
                    "Where the conditional models are drawn: their surface F(y | x), the data \
                     near x, the manifold f(x) ⊙ g(z).",
                );
            let mut on = self.sweep.is_some();
            if ui
                .toggle_value(&mut on, "▶ sweep")
                .on_hover_text("Play x back and forth")
                .changed()
            {
                self.sweep = on.then(|| (Instant::now(), 1.0));
            }
        });
        if let Some((since, direction)) = self.sweep {
            let now = Instant::now();
            let mut next = x + direction * SWEEP_RATE * (now - since).as_secs_f32();
            let mut turn = direction;
            if !(0.0..=1.0).contains(&next) {
                turn = -direction;
                next = next.clamp(0.0, 1.0);
            }
            self.sweep = Some((now, turn));
            x = next;
            ui.ctx().request_repaint();
        }
        cx.set_slice(x);
    }
}

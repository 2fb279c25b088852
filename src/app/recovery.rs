//! When the trainer thread fails: the error with the model's name, a *Restart trainer* button,
//! and, once a new trainer runs, the window's settings sent to it again.

use eframe::egui::{self, Ui};

use super::EnergyLabApp;
use super::scripted::{AutoScreenshot, AutoState, Until};
use crate::trainer::{Command, TrainerHealth};

/// What the window knows of its trainer thread's health.
#[derive(Default)]
pub struct TrainerWatch {
    /// Why the trainer thread failed; it waits for *Restart trainer*.
    failure: Option<String>,
    /// Trainer restarts already answered by sending the settings again.
    restarts_seen: u32,
}

impl EnergyLabApp {
    /// Checks the trainer once a frame. A GPU failure has already been answered by a restart
    /// on the CPU inside the handle; a failure on the CPU waits for the user.
    pub(super) fn watch_trainer(&mut self) {
        match self.trainer.health() {
            TrainerHealth::Failed(why) => {
                let text = format!("The trainer stopped: {why}");
                if self.watch.failure.as_ref() != Some(&text) {
                    self.status.error(text.clone());
                    self.watch.failure = Some(text);
                }
            }
            TrainerHealth::Running => self.watch.failure = None,
        }
        if self.trainer.restarts() != self.watch.restarts_seen {
            self.watch.restarts_seen = self.trainer.restarts();
            self.resync_trainer();
        }
    }

    /// Starts a new trainer from the last snapshot of the weights.
    pub fn restart_trainer(&mut self) {
        match self.trainer.restart() {
            Ok(()) => {
                self.watch.failure = None;
                self.status
                    .info("The trainer restarted from the last snapshot of the weights.");
            }
            Err(e) => self
                .status
                .error(format!("Could not restart the trainer: {e}")),
        }
    }

    /// Whether the trainer thread has failed and waits for *Restart trainer*.
    pub fn trainer_failed(&self) -> bool {
        self.watch.failure.is_some()
    }

    /// A new trainer starts from the recovery point, up to a second old: the window's
    /// settings go to it in one message (play is not implied: the failed model stays paused);
    /// weights and step counts are the recovery point's.
    fn resync_trainer(&mut self) {
        self.trainer
            .send(Command::Settings(Box::new(self.settings.clone())));
        // A scripted run still stops at its step count.
        if let Some(AutoState::Training {
            auto:
                AutoScreenshot {
                    until: Until::Steps(steps),
                    ..
                },
            ..
        }) = &self.auto
        {
            self.trainer.send(Command::PauseAtStep(Some(*steps)));
        }
        self.panels.plots.clear();
    }

    /// The failure box at the top of the left panel.
    pub(super) fn trainer_failure_ui(&mut self, ui: &mut Ui) {
        let Some(failure) = self.watch.failure.clone() else {
            return;
        };
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.0, ui.visuals().error_fg_color))
            .show(ui, |ui| {
                ui.colored_label(ui.visuals().error_fg_color, failure);
                ui.label(
                    "Every model's weights are kept as of at most a second before: restarting \
                     continues from there.",
                );
                if ui.button("Restart trainer").clicked() {
                    self.restart_trainer();
                }
            });
    }
}

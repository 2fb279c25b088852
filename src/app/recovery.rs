//! When the trainer thread fails: the error with the model's name, a *Restart trainer* button,
//! and, once a new trainer runs, the window's settings sent to it again.

use eframe::egui::{self, Ui};

use super::EnergyLabApp;
use super::scripted::{AutoScreenshot, AutoState, Until};
use crate::models::ModelId;
use crate::trainer::{Command, TrainerHealth};

impl EnergyLabApp {
    /// Checks the trainer once a frame. A GPU failure has already been answered by a restart
    /// on the CPU inside the handle; a failure on the CPU waits for the user.
    pub(super) fn watch_trainer(&mut self) {
        match self.trainer.health() {
            TrainerHealth::Failed(why) => {
                let text = format!("The trainer stopped: {why}");
                if self.trainer_failure.as_ref() != Some(&text) {
                    self.message = Some((text.clone(), true));
                    self.trainer_failure = Some(text);
                }
            }
            TrainerHealth::Running => self.trainer_failure = None,
        }
        if self.trainer.restarts() != self.restarts_seen {
            self.restarts_seen = self.trainer.restarts();
            self.resync_trainer();
        }
    }

    /// Starts a new trainer from the last snapshot of the weights.
    pub fn restart_trainer(&mut self) {
        match self.trainer.restart() {
            Ok(()) => {
                self.trainer_failure = None;
                self.message = Some((
                    "The trainer restarted from the last snapshot of the weights.".to_owned(),
                    false,
                ));
            }
            Err(e) => {
                self.message = Some((format!("Could not restart the trainer: {e}"), true));
            }
        }
    }

    /// Whether the trainer thread has failed and waits for *Restart trainer*.
    pub fn trainer_failed(&self) -> bool {
        self.trainer_failure.is_some()
    }

    /// A new trainer starts from the recovery point, up to a second old: whatever the user
    /// changed since is sent again. Play is never sent (it would clear the failed model's
    /// pause); weights and step counts are the recovery point's.
    fn resync_trainer(&mut self) {
        let s = &self.settings;
        let mut commands = vec![
            Command::SetBeta(s.beta),
            Command::SetHyper(s.hyper),
            Command::SetGrid(self.grid),
            Command::SetData(s.data.clone()),
        ];
        for model in ModelId::ALL {
            let enabled = s.enabled.contains(&model);
            commands.push(Command::SetEnabled { model, enabled });
        }
        commands.push(Command::Focus(s.focus));
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
            commands.push(Command::PauseAtStep(Some(*steps)));
        }
        if !s.playing {
            commands.push(Command::Pause);
        }
        for command in commands {
            self.trainer.send(command);
        }
        self.heatmap_stale = true;
    }

    /// The failure box at the top of the left panel.
    pub(super) fn trainer_failure_ui(&mut self, ui: &mut Ui) {
        let Some(failure) = self.trainer_failure.clone() else {
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

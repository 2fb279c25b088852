//! Taking in what the trainer sends: the newest snapshot (loss increments, messages, the β
//! latency) and the outcomes of saves, loads, figures and exports.

use eframe::egui;

use super::EnergyLabApp;
use super::dialogs::FileKind;
use crate::session::EXTENSION;
use crate::trainer::{Command, Event};

impl EnergyLabApp {
    pub(super) fn receive(&mut self) {
        self.watch_trainer();
        if let Some(snapshot) = self.trainer.try_latest() {
            self.panels.side.losses.absorb(&snapshot);
            if let Some(error) = snapshot.models.iter().find_map(|v| v.error.clone()) {
                self.status.error(error);
            }
            if let Some((beta, sent)) = self.latency.sent
                && snapshot.settings.beta == beta
            {
                self.latency.ms = Some(sent.elapsed().as_secs_f32() * 1000.0);
                self.latency.sent = None;
            }
            if let Some(before) = &self.latest
                && before.backend.kind != snapshot.backend.kind
            {
                // The GPU failed and training moved to the CPU: say so where the user looks.
                self.status.error(snapshot.backend.reason.clone());
            }
            self.latest = Some(snapshot);
        }
        self.receive_events();
    }

    /// Outcomes of saves, loads, figures and exports.
    fn receive_events(&mut self) {
        while let Some(event) = self.trainer.try_event() {
            match event {
                Event::Saved { autosave: true, .. } => {}
                Event::Saved { path, .. } => {
                    self.panels
                        .files
                        .folders
                        .remember_file(FileKind::Session, &path);
                    self.status.written("session saved to", vec![path]);
                }
                Event::FigureWritten { path, .. } => {
                    self.status.written("figure saved to", vec![path]);
                }
                Event::CsvWritten { files } => self.status.written("CSV saved to", files),
                Event::Loaded {
                    path,
                    settings,
                    view,
                } => {
                    self.adopt_session(*settings, view);
                    self.status.info(format!("opened {}", path.display()));
                }
                Event::ResetUndone { settings } => {
                    self.adopt_session(*settings, serde_json::Value::Null);
                    self.status
                        .info("reset undone: the weights and data from before it are back");
                }
                Event::Inferred {
                    model,
                    y,
                    step,
                    paths,
                } => self.panels.inspector.absorb(model, y, step, paths),
                Event::Failed { action, message } => {
                    self.status.error(format!("{action} failed: {message}"));
                }
            }
        }
    }

    /// Files dropped on the window: a session opens, anything else is data.
    pub(super) fn receive_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| i.raw.dropped_files.clone());
        let (sessions, data): (Vec<_>, Vec<_>) = dropped.into_iter().partition(|file| {
            file.path()
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(EXTENSION))
        });
        for file in sessions {
            self.trainer
                .send(Command::LoadSession(file.path().to_owned()));
        }
        let data_panel = &mut self.panels.data;
        data_panel.receive_dropped(&mut super::cx!(self), data);
    }
}

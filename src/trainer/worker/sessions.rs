//! Saving and loading sessions on the trainer thread, which owns the weights.

use std::path::PathBuf;

use super::Worker;
use crate::session::{Session, SessionError};
use crate::settings::Settings;
use crate::trainer::protocol::Event;
use crate::trainer::zoo::Zoo;

impl Worker {
    /// Everything needed to come back to this moment.
    pub(in crate::trainer) fn capture(
        &self,
        view: serde_json::Value,
    ) -> Result<Session, SessionError> {
        let models = self
            .zoo
            .save()
            .map_err(|e| SessionError::Capture(e.to_string()))?;
        Ok(Session::new(&self.settings, models, view))
    }

    pub(super) fn save_session(&mut self, path: PathBuf, view: serde_json::Value, autosave: bool) {
        let event = match self.capture(view).and_then(|s| s.write(&path)) {
            Ok(()) => {
                log::info!("saved the session to {}", path.display());
                Event::Saved { path, autosave }
            }
            Err(e) => {
                log::warn!("could not save the session to {}: {e}", path.display());
                Event::Failed {
                    action: if autosave { "autosave" } else { "save" },
                    message: e.to_string(),
                }
            }
        };
        let _ = self.events.send(event);
    }

    /// Reads, checks and restores everything before touching the running session: a file
    /// that fails anywhere leaves it exactly as it was.
    pub(super) fn load_session(&mut self, path: PathBuf) {
        let restored = Session::read(&path).and_then(|s| {
            let seed = s.settings.seed;
            Ok((
                Zoo::restore(self.zoo.factory(), &self.device, seed, &s.models)?,
                s,
            ))
        });
        let event = match restored {
            Ok((zoo, session)) => {
                log::info!("opened the session {}", path.display());
                let view = session.view.clone();
                let settings = self.install(zoo, &session);
                Event::Loaded {
                    path,
                    settings: Box::new(settings),
                    view,
                }
            }
            Err(e) => {
                log::warn!("could not open {}: {e}", path.display());
                Event::Failed {
                    action: "open",
                    message: e.to_string(),
                }
            }
        };
        let _ = self.events.send(event);
    }

    /// Fresh data and weights from `seed`, keeping what they replace in memory until the next
    /// reset, so that Ctrl+Z can bring it back.
    pub(super) fn reset(&mut self, seed: u64) {
        self.before_reset = self.capture(serde_json::Value::Null).ok().map(Box::new);
        self.settings.seed = seed;
        self.load_data();
        self.zoo.reset_all(seed);
    }

    /// Back to the weights, data and seed of before the last reset (nothing if none is kept).
    pub(super) fn undo_reset(&mut self) {
        let Some(session) = self.before_reset.take() else {
            return;
        };
        let seed = session.settings.seed;
        let event = match Zoo::restore(self.zoo.factory(), &self.device, seed, &session.models) {
            Ok(zoo) => {
                // Play/pause stays as the user has it now.
                let playing = self.settings.playing;
                let mut settings = self.install(zoo, &session);
                settings.playing = playing;
                self.settings.playing = playing;
                Event::ResetUndone {
                    settings: Box::new(settings),
                }
            }
            Err(e) => Event::Failed {
                action: "undo reset",
                message: e.to_string(),
            },
        };
        self.all_dirty = true;
        let _ = self.events.send(event);
    }

    /// Takes on a restored zoo and the session's settings and points; returns the settings.
    pub(super) fn install(&mut self, mut zoo: Zoo, session: &Session) -> Settings {
        zoo.pause_at = self.zoo.pause_at;
        self.zoo = zoo;
        self.settings = session.settings();
        self.load_data();
        self.settings.clone()
    }
}

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
            Ok(()) => Event::Saved { path, autosave },
            Err(e) => Event::Failed {
                action: if autosave { "autosave" } else { "save" },
                message: e.to_string(),
            },
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
                let view = session.view.clone();
                let settings = self.install(zoo, &session);
                Event::Loaded {
                    path,
                    settings: Box::new(settings),
                    view,
                }
            }
            Err(e) => Event::Failed {
                action: "open",
                message: e.to_string(),
            },
        };
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

//! Saving and loading sessions on the trainer thread, which owns the weights.

use std::path::PathBuf;

use super::Worker;
use crate::energy::free_energy::points_tensor;
use crate::session::{Session, SessionData, SessionError};
use crate::trainer::protocol::{Event, SessionSettings};
use crate::trainer::zoo::Zoo;

impl Worker {
    /// Everything needed to come back to this moment.
    pub(in crate::trainer) fn capture(
        &self,
        view: serde_json::Value,
    ) -> Result<Session, SessionError> {
        Ok(Session {
            written_by: env!("CARGO_PKG_VERSION").to_owned(),
            seed: self.seed,
            beta: self.beta,
            hyper: self.hyper,
            grid: self.grid,
            focus: self.focus,
            playing: self.playing,
            data: SessionData::new(&self.source, &self.data),
            models: self
                .zoo
                .save()
                .map_err(|e| SessionError::Capture(e.to_string()))?,
            view,
        })
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
        let restored = Session::read(&path)
            .and_then(|s| Ok((Zoo::restore(&self.device, s.seed, &s.models)?, s)));
        let event = match restored {
            Ok((zoo, session)) => {
                let settings = self.install(zoo, session);
                Event::Loaded {
                    path,
                    settings: Box::new(settings),
                }
            }
            Err(e) => Event::Failed {
                action: "open",
                message: e.to_string(),
            },
        };
        let _ = self.events.send(event);
    }

    pub(super) fn install(&mut self, mut zoo: Zoo, session: Session) -> SessionSettings {
        zoo.pause_at = self.zoo.pause_at;
        zoo.faults = self.zoo.faults.clone();
        self.zoo = zoo;
        self.seed = session.seed;
        self.beta = session.beta;
        self.hyper = session.hyper;
        self.grid = session.grid;
        self.focus = session.focus;
        self.playing = session.playing;
        self.source = session.data.source();
        self.data = session.data.points().into();
        self.data_tensor = points_tensor(&self.data, &self.device.clone().autodiff());
        self.data_plain = points_tensor(&self.data, &self.device);
        self.all_dirty = true;
        SessionSettings {
            seed: session.seed,
            beta: session.beta,
            hyper: session.hyper,
            grid: session.grid,
            focus: session.focus,
            enabled: self.zoo.enabled().map(|s| s.id).collect(),
            data: self.source.clone(),
            playing: session.playing,
            view: session.view,
        }
    }
}

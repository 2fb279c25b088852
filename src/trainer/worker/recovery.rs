//! The recovery point, and coming back from it after a failure.

use std::time::{Duration, Instant};

use super::Worker;
use crate::backend::BackendKind;
use crate::trainer::failure::{Failure, RecoveryPoint, Resume};
use crate::trainer::zoo::Zoo;

/// How often the recovery point is refreshed while anything changes. Reading back seven
/// models' weights and Adam moments costs well under a millisecond; a crash loses at most
/// this much training.
const RECOVERY_EVERY: Duration = Duration::from_secs(1);

impl Worker {
    /// Refreshes the recovery point when it is a second old and something has changed since
    /// (a step or a command). On the GPU, a weight that cannot be read back is a lost device.
    pub(super) fn keep_recovery_point(&mut self) -> Result<(), Failure> {
        let progress = self.commands_applied + self.zoo.slots().map(|s| s.step).sum::<u64>();
        if self
            .recovered
            .is_some_and(|(at, seen)| seen == progress || at.elapsed() < RECOVERY_EVERY)
        {
            return Ok(());
        }
        match self.capture(serde_json::Value::Null) {
            Ok(session) => {
                let point = RecoveryPoint {
                    session,
                    taken: Instant::now(),
                };
                *self.recovery.lock().unwrap_or_else(|p| p.into_inner()) = Some(point);
                self.recovered = Some((Instant::now(), progress));
                Ok(())
            }
            Err(e) if self.backend.kind == BackendKind::Wgpu => Err(Failure {
                model: None,
                step: None,
                message: format!("the GPU stopped answering: {e}"),
                on_gpu: true,
            }),
            // On the CPU nothing is lost by keeping the previous point.
            Err(_) => Ok(()),
        }
    }

    /// A lost GPU shows up as a step whose loss cannot be read back: the thread ends and its
    /// handle starts a new one on the CPU.
    pub(super) fn check_device(&mut self) -> Result<(), Failure> {
        if let Some(failure) = self.failed.take() {
            return Err(failure);
        }
        match self.zoo.device_error.take() {
            Some(message) if self.backend.kind == BackendKind::Wgpu => Err(Failure {
                model: None,
                step: None,
                message: format!("the GPU stopped answering: {message}"),
                on_gpu: true,
            }),
            _ => Ok(()),
        }
    }

    /// Installs the recovery point: every model, the data and the settings as they were. The
    /// model that failed stays paused with its card saying why.
    pub(super) fn resume(&mut self, resume: Resume) {
        let session = &resume.point.session;
        match Zoo::restore(
            self.zoo.factory(),
            &self.device,
            session.settings.seed,
            &session.models,
        ) {
            Ok(zoo) => {
                self.install(zoo, session);
            }
            Err(e) => {
                // Not expected (the point was taken from running models); the fresh models of
                // the configuration are the fallback, and the card says so.
                self.backend.reason = format!(
                    "{}; the last weights could not be restored: {e}",
                    self.backend.reason
                );
            }
        }
        if let Some((model, message)) = resume.culprit
            && let Some(slot) = self.zoo.get_mut(model)
        {
            slot.error = Some(message);
        }
        if let Some(notice) = resume.backend_notice {
            self.backend.reason = notice;
        }
    }
}

//! Scripted runs (`--screenshot PATH --quit-after-steps N` or `--quit-after-seconds S`): train
//! every model N steps (or for S seconds), save the window, close, and tell `main` how it went.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use eframe::egui;

use super::EnergyLabApp;
use crate::trainer::TrainerHealth;

/// How long a scripted run waits for egui to deliver the image before giving up.
const SCREENSHOT_TIMEOUT: Duration = Duration::from_secs(30);

/// `--screenshot PATH --quit-after-steps N` (or `--quit-after-seconds S`): train, save the
/// window, close.
#[derive(Clone, Debug)]
pub struct AutoScreenshot {
    pub path: PathBuf,
    pub until: Until,
}

/// When a scripted run stops training.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Until {
    /// Exactly this many steps of every model (the trainer pauses there): a reproducible
    /// figure.
    Steps(u64),
    /// This long after the window opened, at whatever step the models reached: soak runs
    /// and the bench's memory job.
    Elapsed(Duration),
}

/// What a self-closing run reports back to `main` (the saved path, or why it failed).
pub type Outcome = Arc<Mutex<Option<Result<PathBuf, String>>>>;

/// How the line with a scripted run's [`ScriptedReport`] starts on stderr.
pub const REPORT_PREFIX: &str = "energy-lab report:";

/// A scripted run's frame times, start-up and memory, printed as one JSON line for `bench`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScriptedReport {
    /// UI build time per frame, median and 95th percentile (recent frames).
    pub p50_ms: f64,
    pub p95_ms: f64,
    /// Frames the percentiles are over.
    pub frames: usize,
    /// From launch to the first frame.
    pub first_frame_ms: f64,
    /// Peak resident memory (VmHWM).
    pub peak_mib: f64,
    /// Time from one frame's start to the next, median and 95th percentile: the whole frame
    /// when frames follow each other (the spinning 3-D view asks for every next one).
    #[serde(default)]
    pub interval_p50_ms: Option<f64>,
    #[serde(default)]
    pub interval_p95_ms: Option<f64>,
}

impl ScriptedReport {
    /// The line as printed: [`REPORT_PREFIX`] and the report as JSON.
    pub fn line(&self) -> String {
        format!(
            "{REPORT_PREFIX} {}",
            serde_json::to_string(self).unwrap_or_default()
        )
    }
}

pub(super) enum AutoState {
    Training {
        auto: AutoScreenshot,
        since: Instant,
    },
    Capturing {
        since: Instant,
    },
    Done,
}

enum AutoStep {
    Wait,
    Capture(PathBuf),
    Fail(String),
}

impl EnergyLabApp {
    pub(super) fn poll_screenshots(&mut self, ctx: &egui::Context) {
        for result in self.screenshots.poll() {
            match &result {
                Ok(path) => self
                    .status
                    .written("screenshot saved to", vec![path.clone()]),
                Err(e) => self.status.error(format!("screenshot failed: {e}")),
            }
            if let Some(AutoState::Capturing { .. }) = self.auto {
                self.finish_auto(ctx, result);
            }
        }
    }

    pub(super) fn drive_auto_screenshot(&mut self, ctx: &egui::Context) {
        let next = match &self.auto {
            Some(AutoState::Training { auto, since }) => {
                let (until, since, path) = (auto.until, *since, auto.path.clone());
                self.training_step(until, since, path)
            }
            Some(AutoState::Capturing { since }) if since.elapsed() > SCREENSHOT_TIMEOUT => {
                AutoStep::Fail("no screenshot arrived from the renderer".to_owned())
            }
            Some(AutoState::Capturing { .. }) => AutoStep::Wait,
            Some(AutoState::Done) | None => return,
        };
        match next {
            AutoStep::Wait => ctx.request_repaint_after(Duration::from_millis(100)),
            AutoStep::Capture(path) => {
                self.screenshot(ctx, path);
                self.auto = Some(AutoState::Capturing {
                    since: Instant::now(),
                });
                ctx.request_repaint_after(Duration::from_millis(100));
            }
            AutoStep::Fail(why) => self.finish_auto(ctx, Err(why)),
        }
    }

    fn training_step(&mut self, until: Until, since: Instant, path: PathBuf) -> AutoStep {
        if let TrainerHealth::Failed(why) = self.trainer.health() {
            return AutoStep::Fail(why);
        }
        if let Until::Elapsed(duration) = until
            && self.settings.playing
            && since.elapsed() >= duration
        {
            // While every model trains, some small multiple always lags a step behind:
            // pause (as the play button does), so the trainer brings every view up to date.
            self.set_playing(false);
        }
        let Some(s) = &self.latest else {
            return AutoStep::Wait;
        };
        if let Until::Steps(_) = until
            && let Some(why) = s.models.iter().find_map(|v| v.error.clone())
        {
            // A model that failed stops training: it would never reach its step count. A
            // timed run captures it as it is, card and all.
            return AutoStep::Fail(why);
        }
        // Every enabled model must be in the snapshot with its N steps, and drawn.
        let all_there = self.settings.enabled.iter().all(|m| s.view(*m).is_some());
        let reached = match until {
            Until::Steps(steps) => s.min_step() >= steps && !s.stepping,
            Until::Elapsed(duration) => since.elapsed() >= duration && !s.stepping,
        };
        if all_there && s.fresh && reached {
            // The frame just drawn shows the snapshot of step N: capture that frame.
            AutoStep::Capture(path)
        } else {
            AutoStep::Wait
        }
    }

    /// The numbers of this run, once a frame has been drawn.
    fn report(&self) -> Option<ScriptedReport> {
        let [p50, p95] = [0.5, 0.95].map(|q| self.frames.percentile(q));
        Some(ScriptedReport {
            p50_ms: f64::from(p50?),
            p95_ms: f64::from(p95?),
            frames: self.frames.len(),
            first_frame_ms: self.frames.first_frame()?.as_secs_f64() * 1e3,
            peak_mib: super::frame_stats::peak_memory_mib()?,
            interval_p50_ms: self.frames.interval_percentile(0.5).map(f64::from),
            interval_p95_ms: self.frames.interval_percentile(0.95).map(f64::from),
        })
    }

    fn finish_auto(&mut self, ctx: &egui::Context, result: Result<PathBuf, String>) {
        // The one place a scripted run can report how smooth the window was.
        if let Some(summary) = self.frames.summary() {
            eprintln!("frame build time: {summary}");
        }
        if let Some(lifetime) = self.frames.lifetime_summary() {
            eprintln!("frame build time: {lifetime}");
        }
        if let Some(first) = self.frames.first_frame() {
            eprintln!(
                "first frame: {:.0} ms after launch",
                first.as_secs_f64() * 1e3
            );
        }
        if let Some(mib) = super::frame_stats::peak_memory_mib() {
            eprintln!("peak memory: {mib:.0} MiB");
        }
        if let Some(report) = self.report() {
            eprintln!("{}", report.line());
        }
        if let Ok(mut slot) = self.outcome.lock() {
            *slot = Some(result);
        }
        self.auto = Some(AutoState::Done);
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

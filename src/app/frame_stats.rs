//! How long the UI thread spends building each frame, over a sliding window: the number that
//! says whether the window stays smooth while the trainer works.

use std::collections::VecDeque;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// When the process started its `main`, for the time to first frame.
static LAUNCHED: OnceLock<Instant> = OnceLock::new();

/// Marks the launch; `main` calls it first thing (later calls change nothing).
pub fn mark_launch() {
    LAUNCHED.get_or_init(Instant::now);
}

/// Frames kept: about ten seconds at 60 fps.
const WINDOW: usize = 600;

#[derive(Debug, Default)]
pub struct FrameStats {
    /// Build times of the latest frames, in ms, oldest first.
    recent: VecDeque<f32>,
    /// Frames and wall-clock build time since start.
    total_frames: u64,
    total_ms: f64,
    /// CPU time of the UI thread when the first frame was done, so start-up is not counted.
    cpu_after_first: Option<f64>,
    /// From [`mark_launch`] to the end of the first frame's build.
    first_frame: Option<Duration>,
    /// Times between the starts of successive frames, in ms: the whole frame (build,
    /// tessellation, painting) when frames follow each other, as while the 3-D view turns.
    intervals: VecDeque<f32>,
    last_start: Option<Instant>,
}

impl FrameStats {
    /// Marks the start of a frame.
    pub fn start(&mut self) {
        let now = Instant::now();
        if let Some(last) = self.last_start.replace(now) {
            if self.intervals.len() == WINDOW {
                self.intervals.pop_front();
            }
            self.intervals
                .push_back((now - last).as_secs_f32() * 1000.0);
        }
    }

    /// The `q`-quantile of the frame-to-frame intervals, if two frames started.
    pub fn interval_percentile(&self, q: f32) -> Option<f32> {
        let mut sorted: Vec<f32> = self.intervals.iter().copied().collect();
        sorted.sort_by(f32::total_cmp);
        let last = sorted.len().checked_sub(1)?;
        sorted
            .get((q.clamp(0.0, 1.0) * last as f32).round() as usize)
            .copied()
    }

    pub fn record(&mut self, ms: f32) {
        if self.total_frames == 0 {
            self.cpu_after_first = thread_cpu_seconds();
            self.first_frame = LAUNCHED.get().map(Instant::elapsed);
        }
        self.total_frames += 1;
        self.total_ms += f64::from(ms);
        if self.recent.len() == WINDOW {
            self.recent.pop_front();
        }
        self.recent.push_back(ms);
    }

    /// The latest frame's build time (0 before the first frame).
    pub fn last_ms(&self) -> f32 {
        self.recent.back().copied().unwrap_or(0.0)
    }

    /// The `q`-quantile (0…1) of the window by nearest rank, if any frame was recorded.
    pub fn percentile(&self, q: f32) -> Option<f32> {
        let mut sorted: Vec<f32> = self.recent.iter().copied().collect();
        sorted.sort_by(f32::total_cmp);
        let last = sorted.len().checked_sub(1)?;
        let rank = (q.clamp(0.0, 1.0) * last as f32).round() as usize;
        sorted.get(rank).copied()
    }

    pub fn len(&self) -> usize {
        self.recent.len()
    }

    /// "p50 … · p95 … · p99 … ms over N frames", or nothing before the first frame.
    pub fn summary(&self) -> Option<String> {
        let [p50, p95, p99] = [0.5, 0.95, 0.99].map(|q| self.percentile(q));
        Some(format!(
            "p50 {:.2} · p95 {:.2} · p99 {:.2} ms over {} frames",
            p50?,
            p95?,
            p99?,
            self.len()
        ))
    }

    /// Time from launch to the first frame built (when `main` marked the launch).
    pub fn first_frame(&self) -> Option<Duration> {
        self.first_frame
    }

    /// Mean build time per frame since start (wall clock) and, where the OS tells, the UI
    /// thread's CPU time per frame after the first: building plus painting, which on a software
    /// GL (llvmpipe) is most of it.
    pub fn lifetime_summary(&self) -> Option<String> {
        if self.total_frames == 0 {
            return None;
        }
        let frames = self.total_frames as f64;
        let wall = self.total_ms / frames;
        let cpu = self
            .cpu_after_first
            .zip(thread_cpu_seconds())
            .filter(|_| self.total_frames > 1)
            .map(|(first, now)| (now - first) * 1000.0 / (frames - 1.0));
        Some(match cpu {
            Some(cpu) => format!(
                "mean build {wall:.1} ms (wall); UI thread {cpu:.1} ms CPU per frame (build + \
                 paint) over {} frames",
                self.total_frames
            ),
            None => format!(
                "mean build {wall:.1} ms (wall) over {} frames",
                self.total_frames
            ),
        })
    }
}

/// CPU time the calling thread has used (user + system), from `/proc/thread-self/stat`.
#[cfg(target_os = "linux")]
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the parenthesised name; utime and stime are fields 14 and 15 (1-based).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // USER_HZ is 100 on every Linux that egui runs on.
    Some(ticks / 100.0)
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu_seconds() -> Option<f64> {
    None
}

/// The process's peak resident memory so far (VmHWM), in MiB.
#[cfg(target_os = "linux")]
pub fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

#[cfg(not(target_os = "linux"))]
pub fn peak_memory_mib() -> Option<f64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank_over_the_latest_window() {
        let mut stats = FrameStats::default();
        assert_eq!(stats.percentile(0.5), None);
        assert_eq!(stats.summary(), None);
        for ms in 1..=100 {
            stats.record(ms as f32);
        }
        assert_eq!(stats.percentile(0.0), Some(1.0));
        assert_eq!(stats.percentile(0.5), Some(51.0)); // rank round(0.5 · 99) = 50
        assert_eq!(stats.percentile(1.0), Some(100.0));
        assert_eq!(stats.last_ms(), 100.0);
        // Old frames leave the window.
        for _ in 0..WINDOW {
            stats.record(2.0);
        }
        assert_eq!(stats.len(), WINDOW);
        assert_eq!(stats.percentile(1.0), Some(2.0));
        assert_eq!(
            stats.summary().unwrap(),
            "p50 2.00 · p95 2.00 · p99 2.00 ms over 600 frames"
        );
        assert!(peak_memory_mib().is_some_and(|m| m > 1.0));
        let lifetime = stats.lifetime_summary().unwrap();
        assert!(
            lifetime.starts_with("mean build 8.9 ms (wall)"),
            "{lifetime}"
        ); // (5050 + 1200) / 700
    }
}

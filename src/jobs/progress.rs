//! A progress line on stderr for long headless jobs (`export`, `figure`): steps done, rate and
//! time left, redrawn in place at most ten times a second. Only when stderr is a terminal: in
//! a pipe or a log file it would be noise, and stdout (the JSON line) is never touched.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Redraws at most this often.
const EVERY: Duration = Duration::from_millis(100);

pub struct Progress {
    what: String,
    total: u64,
    started: Instant,
    drawn: Option<Instant>,
    out: Option<Box<dyn Write>>,
}

impl Progress {
    /// On stderr if it is a terminal, else silent.
    pub fn on_stderr(what: &str, total: u64) -> Self {
        let out = std::io::stderr()
            .is_terminal()
            .then(|| Box::new(std::io::stderr()) as Box<dyn Write>);
        Self::to(out, what, total)
    }

    /// To `out` (`None`: silent).
    pub fn to(out: Option<Box<dyn Write>>, what: &str, total: u64) -> Self {
        Progress {
            what: what.to_owned(),
            total,
            started: Instant::now(),
            drawn: None,
            out,
        }
    }

    /// `done` of the total steps are done.
    pub fn update(&mut self, done: u64) {
        let Some(out) = self.out.as_mut() else {
            return;
        };
        if self.drawn.is_some_and(|at| at.elapsed() < EVERY) && done < self.total {
            return;
        }
        self.drawn = Some(Instant::now());
        let line = line(&self.what, done, self.total, self.started.elapsed());
        // A broken terminal must not stop the job.
        let _ = write!(out, "\r\x1b[2K{line}");
        let _ = out.flush();
    }

    /// Clears the line (also on drop).
    pub fn finish(&mut self) {
        if let Some(mut out) = self.out.take()
            && self.drawn.is_some()
        {
            let _ = write!(out, "\r\x1b[2K");
            let _ = out.flush();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// "what: 1200/5000 steps, 950 steps/s, 4 s left".
pub fn line(what: &str, done: u64, total: u64, elapsed: Duration) -> String {
    let seconds = elapsed.as_secs_f64();
    let rate = if seconds > 0.0 {
        done as f64 / seconds
    } else {
        0.0
    };
    let left = if rate > 0.0 && done <= total {
        format!(", {} left", duration((total - done) as f64 / rate))
    } else {
        String::new()
    };
    format!("{what}: {done}/{total} steps, {rate:.0} steps/s{left}")
}

fn duration(seconds: f64) -> String {
    let s = seconds.round() as u64;
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_line_says_steps_rate_and_time_left() {
        let l = line("training ae", 1200, 5000, Duration::from_secs(2));
        assert_eq!(l, "training ae: 1200/5000 steps, 600 steps/s, 6 s left");
        let l = line("x", 100, 100_000, Duration::from_secs(1));
        assert_eq!(l, "x: 100/100000 steps, 100 steps/s, 16 min 39 s left");
        assert_eq!(line("x", 0, 10, Duration::ZERO), "x: 0/10 steps, 0 steps/s");
    }

    #[test]
    fn redraws_in_place_at_most_ten_times_a_second_and_clears_at_the_end() {
        let sink = Shared::default();
        let mut progress = Progress::to(Some(Box::new(sink.clone())), "job", 1000);
        for done in 0..=1000 {
            progress.update(done);
        }
        progress.finish();
        let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        let draws = text.matches("job:").count();
        // The first update, then the last (done == total) always; nothing in between within
        // 100 ms on any machine that runs 1000 updates that fast.
        assert!((2..=12).contains(&draws), "{draws} draws: {text:?}");
        assert!(text.contains("1000/1000 steps"));
        assert!(text.ends_with("\r\x1b[2K"), "cleared: {text:?}");
        assert!(!text.contains('\n'), "one line, redrawn in place");
    }

    #[test]
    fn silent_without_a_terminal() {
        let mut progress = Progress::to(None, "job", 10);
        progress.update(5);
        progress.finish();
    }
}

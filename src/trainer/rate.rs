//! A model's step rate, as the status bar shows it.

use std::time::Instant;

/// Steps per second over the last half second or so.
pub struct RateMeter {
    window_start: Instant,
    count: u32,
    rate: f32,
}

impl RateMeter {
    pub fn new() -> Self {
        RateMeter {
            window_start: Instant::now(),
            count: 0,
            rate: 0.0,
        }
    }

    pub fn count(&mut self) {
        self.count += 1;
        let elapsed = self.window_start.elapsed().as_secs_f32();
        if elapsed >= 0.5 {
            self.rate = self.count as f32 / elapsed;
            self.count = 0;
            self.window_start = Instant::now();
        }
    }

    pub fn reset(&mut self) {
        *self = RateMeter::new();
    }

    pub fn per_second(&self) -> f32 {
        self.rate
    }
}

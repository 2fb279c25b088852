//! The headless commands: `energy-lab export` (train one model, write its grid as CSV) and
//! `energy-lab figure` (the real trainer without a window, then a figure). Both sit above the
//! trainer and the landscape and are what scripts and the end-to-end tests drive.

pub mod export;
pub mod figure;
pub mod probe;
pub mod progress;
pub mod samples;

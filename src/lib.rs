//! energy-lab: energy-based models training live on 2-D data.
//!
//! The crate is split by concept:
//! - [`energy`]: the free-energy mathematics (F_β, F_∞, softargmin, −∇F) and grids,
//! - [`data`]: the 2-D data sets,
//! - [`models`]: the energy models themselves (the course's ellipse LV-EBM first),
//! - [`trainer`]: the background thread that owns the burn device and streams snapshots,
//! - [`backend`]: picking the burn device (wgpu only on a real GPU, else the CPU),
//! - [`app`]: the eframe/egui window,
//! - [`session`]: `.energylab` files: a whole session saved and restored exactly,
//! - [`figure`]: publication figures (PNG, SVG) drawn without a window,
//! - [`files`]: atomic writes,
//! - [`kernels`]: fused CPU kernels for the views (F_β surfaces, native energies on grids),
//! - [`export`]: the headless CLI paths used by tests and scripts.

pub mod app;
pub mod backend;
pub mod bench;
pub mod cli;
pub mod data;
pub mod energy;
pub mod export;
pub mod figure;
pub mod files;
pub mod kernels;
pub mod models;
pub mod palette;
pub mod session;
pub mod trainer;

#[cfg(test)]
mod test_gate;

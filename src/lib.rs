//! energy-lab: energy-based models training live on 2-D data.
//!
//! The crate is split by concept, each layer using only the ones listed before it:
//! - [`energy`]: the free-energy mathematics (F_β, F_∞, softargmin, −∇F) and grids,
//! - [`data`]: the 2-D data sets; [`palette`]: the course's colours; [`files`]: atomic writes,
//! - [`kernels`]: fused CPU kernels for the views (F_β surfaces, own energies on grids),
//! - [`models`]: the energy models, one file each, listed in one registry,
//! - [`landscape`]: what is drawn of a model, as numbers (surfaces, arrows, β family, CSV),
//! - [`settings`]: the one settings type of a run; [`session`]: `.energylab` files,
//! - [`backend`]: picking the burn device (wgpu only on a real GPU, else the CPU),
//! - [`figure`]: publication figures (PNG, SVG) drawn from landscapes without a window,
//! - [`trainer`]: the background thread that owns the burn device and streams snapshots,
//! - [`jobs`]: the headless `export` and `figure` commands; [`bench`]: `energy-lab bench`,
//! - [`app`]: the eframe/egui window; [`cli`]: the command line.
//!
//! The maths the code relies on is written out in `docs/maths.md`.

pub mod app;
pub mod backend;
pub mod bench;
pub mod cli;
pub mod data;
pub mod diagram;
pub mod energy;
pub mod figure;
pub mod files;
pub mod inference;
pub mod jobs;
pub mod kernels;
pub mod landscape;
pub mod lessons;
pub mod logging;
pub mod models;
pub mod ops;
pub mod palette;
pub mod sampling;
pub mod session;
pub mod settings;
pub mod trainer;
pub mod view3d;

#[cfg(test)]
mod test_gate;

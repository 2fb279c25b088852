//! `auto` by measurement: on a machine with a real GPU, a few training steps and one surface
//! on each backend decide which one runs, because tiny steps (a 2-D model, batch 256) can be
//! launch-bound on a GPU and slower than the CPU. The result is cached per machine (adapter,
//! cores, app version), so only the first start pays for it; the status bar says what was
//! measured.

use std::path::PathBuf;
use std::time::Instant;

use burn::tensor::Device;
use serde::{Deserialize, Serialize};

use super::BackendKind;
use crate::data::EllipseData;
use crate::energy::free_energy::{pairwise_energy, points_tensor, read_values};
use crate::energy::{Beta, GridSpec};
use crate::models::{Batch, ModelError, ModelId, Objective};

/// Steps timed per backend, after `WARMUP` untimed ones (the first compiles GPU kernels).
const WARMUP: usize = 3;
const STEPS: usize = 10;

/// What one backend took, in milliseconds (medians).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// One autoencoder training step on 256 ellipse points (the window's minibatch).
    pub step_ms: f64,
    /// F_β of the ellipse over the default grid at β = 1, read back to the host.
    pub surface_ms: f64,
}

impl Measurement {
    /// What the window spends per view refresh: the views redraw about every 20 steps of a
    /// model at full speed, so a backend's cost is twenty steps and one surface.
    pub fn cost(&self) -> f64 {
        20.0 * self.step_ms + self.surface_ms
    }
}

/// Both measurements and the pick, as cached.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// What the measurement holds for: adapter, API, cores, app version.
    pub machine: String,
    pub cpu: Measurement,
    pub gpu: Measurement,
}

impl Calibration {
    pub fn pick(&self) -> BackendKind {
        if self.gpu.cost() < self.cpu.cost() {
            BackendKind::Wgpu
        } else {
            BackendKind::Cpu
        }
    }

    /// One line for the status bar.
    pub fn describe(&self, cached: bool) -> String {
        format!(
            "auto: measured{} AE step {:.2} ms on the CPU vs {:.2} ms on the GPU, surface \
             {:.1} vs {:.1} ms: the {} is faster here",
            if cached { " (cached)" } else { "" },
            self.cpu.step_ms,
            self.gpu.step_ms,
            self.cpu.surface_ms,
            self.gpu.surface_ms,
            match self.pick() {
                BackendKind::Cpu => "CPU",
                BackendKind::Wgpu => "GPU",
            }
        )
    }
}

/// The key a cached calibration must match.
pub fn machine_key(adapter: &str, api: &str) -> String {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    format!(
        "{adapter} ({api}), {cores} cores, energy-lab {}",
        env!("CARGO_PKG_VERSION")
    )
}

/// Where the calibration is cached: `$ENERGY_LAB_DATA_DIR/cache`, else the platform's cache
/// folder (`~/.cache/energy-lab` on Linux).
pub fn cache_path() -> Option<PathBuf> {
    let folder = match std::env::var_os("ENERGY_LAB_DATA_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir).join("cache"),
        _ => dirs::cache_dir()?.join("energy-lab"),
    };
    Some(folder.join("calibration.json"))
}

/// The cached calibration for `machine`, if there is a readable one (anything else —
/// missing, corrupt, another machine's — means: measure again).
pub fn cached(path: &std::path::Path, machine: &str) -> Option<Calibration> {
    let text = std::fs::read_to_string(path).ok()?;
    let calibration: Calibration = serde_json::from_str(&text).ok()?;
    (calibration.machine == machine).then_some(calibration)
}

/// Keeps `calibration` for the next start; a cache that cannot be written only costs a new
/// measurement then.
pub fn store(path: &std::path::Path, calibration: &Calibration) {
    if let Some(folder) = path.parent() {
        let _ = std::fs::create_dir_all(folder);
    }
    if let Ok(json) = serde_json::to_string_pretty(calibration) {
        let _ = crate::files::write_atomically(path, |out| out.write_all(json.as_bytes()));
    }
}

/// Times the calibration jobs on `device`.
pub fn measure(device: &Device) -> Result<Measurement, ModelError> {
    let mut model = ModelId::Ae.create(device, 0);
    let points = EllipseData::default().generate(0);
    let data = Batch::of(points_tensor(&points, &device.clone().autodiff()));
    let objective = Objective {
        beta: Beta::Finite(1.0),
        learning_rate: 1e-3,
    };
    let step_ms = median_ms(|| model.train_step(&data, objective).map(drop))?;
    let grid = points_tensor(&GridSpec::DEFAULT.points(), device);
    let manifold = points_tensor(&ellipse(48), device);
    let surface_ms = median_ms(|| {
        let energy = pairwise_energy(grid.clone(), manifold.clone());
        let f = crate::energy::free_energy::free_energy(energy, Beta::Finite(1.0));
        read_values(f).map(drop).map_err(ModelError::from)
    })?;
    Ok(Measurement {
        step_ms,
        surface_ms,
    })
}

fn ellipse(latents: usize) -> Vec<[f32; 2]> {
    (0..latents)
        .map(|k| {
            let z = std::f32::consts::TAU * k as f32 / latents as f32;
            [2.0 * z.cos(), 1.5 * z.sin()]
        })
        .collect()
}

fn median_ms(mut job: impl FnMut() -> Result<(), ModelError>) -> Result<f64, ModelError> {
    for _ in 0..WARMUP {
        job()?;
    }
    let mut times = Vec::with_capacity(STEPS);
    for _ in 0..STEPS {
        let start = Instant::now();
        job()?;
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[STEPS / 2])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calibration(cpu_step: f64, gpu_step: f64) -> Calibration {
        Calibration {
            machine: machine_key("Test GPU", "Vulkan"),
            cpu: Measurement {
                step_ms: cpu_step,
                surface_ms: 4.0,
            },
            gpu: Measurement {
                step_ms: gpu_step,
                surface_ms: 1.0,
            },
        }
    }

    #[test]
    fn the_cheaper_backend_per_view_refresh_wins() {
        // A launch-bound GPU: 2 ms steps lose to 0.6 ms CPU steps despite a faster surface.
        let slow_steps = calibration(0.6, 2.0);
        assert_eq!(slow_steps.pick(), BackendKind::Cpu);
        assert!(slow_steps.describe(false).contains("the CPU is faster"));
        // A GPU whose steps are as fast wins on the surface.
        assert_eq!(calibration(0.6, 0.6).pick(), BackendKind::Wgpu);
    }

    #[test]
    fn the_cache_is_kept_per_machine_and_a_bad_file_means_measure_again() {
        let dir = std::env::temp_dir().join(format!("energy-lab-calib-{}", std::process::id()));
        let path = dir.join("cache").join("calibration.json");
        let calibration = calibration(0.6, 2.0);
        store(&path, &calibration);
        assert_eq!(
            cached(&path, &calibration.machine),
            Some(calibration.clone())
        );
        assert_eq!(cached(&path, &machine_key("Other GPU", "Vulkan")), None);
        std::fs::write(&path, "{ not json").unwrap();
        assert_eq!(cached(&path, &calibration.machine), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn measuring_the_cpu_gives_positive_times() {
        let m = measure(&Device::flex()).unwrap();
        assert!(m.step_ms > 0.0 && m.step_ms < 1e4, "{m:?}");
        assert!(m.surface_ms > 0.0 && m.surface_ms < 1e4, "{m:?}");
    }
}

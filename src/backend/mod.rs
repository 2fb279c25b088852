//! Choosing the burn device: wgpu on a real GPU, burn's CPU backend (flex) otherwise.
//!
//! burn's wgpu runtime can be initialised once per process (a second `init` errors), and
//! `Device::default()` panics on first use when no adapter exists, so the one `init` result is
//! kept in a `OnceLock` and every caller clones the device from there.

pub mod calibrate;

use std::fmt;
use std::sync::OnceLock;

use burn::tensor::Device;
use burn::tensor::wgpu::wgpu::DeviceType;

/// What the user asked for (`--backend`).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum BackendChoice {
    /// wgpu on a real GPU; the CPU backend on a software adapter or with none.
    #[default]
    Auto,
    /// wgpu on whatever adapter exists (even a software one); the CPU if there is none.
    Wgpu,
    /// burn's CPU backend (flex).
    Cpu,
}

/// Which backend actually runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BackendKind {
    Cpu,
    Wgpu,
}

impl fmt::Display for BackendKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BackendKind::Cpu => "cpu",
            BackendKind::Wgpu => "wgpu",
        })
    }
}

/// The backend in use and, in words, why it was chosen (shown in the status bar).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BackendInfo {
    pub kind: BackendKind,
    /// e.g. "cpu (burn flex)" or "wgpu: NVIDIA GeForce RTX 4090 (Vulkan)".
    pub label: String,
    /// Why this backend: the fallback reason or the adapter found.
    pub reason: String,
}

pub struct ActiveBackend {
    pub device: Device,
    pub info: BackendInfo,
}

/// The adapter burn's wgpu runtime came up on.
#[derive(Clone, Debug)]
struct Adapter {
    name: String,
    api: String,
    software: bool,
}

impl Adapter {
    /// Whether burn's wgpu backend computes on this adapter's API. Without a Vulkan driver,
    /// wgpu offers Mesa's OpenGL (llvmpipe) instead, where three ellipse steps ran for more
    /// than two minutes without finishing: such an adapter counts as none.
    fn runs_burn(&self) -> bool {
        runs_burn(&self.api)
    }
}

fn runs_burn(api: &str) -> bool {
    matches!(api, "Vulkan" | "Metal" | "Dx12")
}

static WGPU: OnceLock<Result<(Device, Adapter), String>> = OnceLock::new();

/// Starts burn's wgpu runtime once per process; later calls return the same result.
fn wgpu_runtime() -> &'static Result<(Device, Adapter), String> {
    WGPU.get_or_init(|| {
        // A broken driver stack must cost us the GPU, not the app.
        let started = std::panic::catch_unwind(|| Device::wgpu_options().init_with_setup());
        match started {
            Ok(Ok((device, setup))) => {
                let info = setup.adapter.get_info();
                Ok((
                    device,
                    Adapter {
                        name: info.name,
                        api: format!("{:?}", setup.backend),
                        software: info.device_type == DeviceType::Cpu,
                    },
                ))
            }
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err("the wgpu runtime panicked while starting".to_owned()),
        }
    })
}

fn cpu(reason: String) -> ActiveBackend {
    ActiveBackend {
        device: Device::flex(),
        info: BackendInfo {
            kind: BackendKind::Cpu,
            label: "cpu (burn flex)".to_owned(),
            reason,
        },
    }
}

fn wgpu(device: &Device, adapter: &Adapter, reason: String) -> ActiveBackend {
    ActiveBackend {
        device: device.clone(),
        info: BackendInfo {
            kind: BackendKind::Wgpu,
            label: format!("wgpu: {} ({})", adapter.name, adapter.api),
            reason,
        },
    }
}

/// Whether `device` (with or without autodiff) is the CPU backend.
pub fn is_cpu(device: &Device) -> bool {
    matches!(
        device.clone().inner().as_dispatch(),
        burn::backend::DispatchDevice::Flex(_)
    )
}

/// Picks the device for `choice`. Never panics: every failure falls back to the CPU with the
/// reason in [`BackendInfo::reason`].
pub fn select(choice: BackendChoice) -> ActiveBackend {
    let active = select_quietly(choice);
    log::info!("backend: {:?} ({})", active.info.kind, active.info.reason);
    active
}

fn select_quietly(choice: BackendChoice) -> ActiveBackend {
    match choice {
        BackendChoice::Cpu => cpu("--backend cpu".to_owned()),
        BackendChoice::Wgpu => match wgpu_runtime() {
            Ok((_, adapter)) if !adapter.runs_burn() => cpu(format!(
                "--backend wgpu: the only adapter is {} on {}, which burn's wgpu backend does \
                 not run on; using the CPU backend",
                adapter.name, adapter.api
            )),
            Ok((device, adapter)) if adapter.software => wgpu(
                device,
                adapter,
                "--backend wgpu on a software adapter: expect it to be slower than the CPU backend"
                    .to_owned(),
            ),
            Ok((device, adapter)) => wgpu(device, adapter, "--backend wgpu".to_owned()),
            Err(e) => cpu(format!("wgpu unavailable ({e}); using the CPU backend")),
        },
        BackendChoice::Auto => match wgpu_runtime() {
            Ok((device, adapter)) if !adapter.software && adapter.runs_burn() => {
                auto_by_measurement(device, adapter)
            }
            Ok((_, adapter)) if !adapter.runs_burn() => cpu(format!(
                "auto: the only adapter is {} on {}, which burn's wgpu backend does not run \
                 on; using the CPU backend",
                adapter.name, adapter.api
            )),
            Ok((_, adapter)) => cpu(format!(
                "auto: only a software adapter ({}) was found; the CPU backend is faster",
                adapter.name
            )),
            Err(e) => cpu(format!("auto: no GPU adapter ({e}); using the CPU backend")),
        },
    }
}

/// On a real GPU, `auto` runs what measured faster on this machine (cached after the first
/// start; see [`calibrate`]).
fn auto_by_measurement(device: &Device, adapter: &Adapter) -> ActiveBackend {
    let machine = calibrate::machine_key(&adapter.name, &adapter.api);
    let path = calibrate::cache_path();
    if let Some(known) = path.as_deref().and_then(|p| calibrate::cached(p, &machine)) {
        return by_calibration(device, adapter, &known, true);
    }
    let timed = |device: &Device| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| calibrate::measure(device)))
            .map_err(|_| "it panicked".to_owned())
            .and_then(|r| r.map_err(|e| e.to_string()))
    };
    match (timed(&Device::flex()), timed(device)) {
        (Ok(cpu), Ok(gpu)) => {
            let calibration = calibrate::Calibration { machine, cpu, gpu };
            if let Some(path) = &path {
                calibrate::store(path, &calibration);
            }
            by_calibration(device, adapter, &calibration, false)
        }
        (_, Err(e)) => cpu(format!(
            "auto: the GPU ({}) failed its calibration ({e}); using the CPU backend",
            adapter.name
        )),
        (Err(e), Ok(_)) => wgpu(
            device,
            adapter,
            format!("auto: found a GPU (the CPU calibration failed: {e})"),
        ),
    }
}

fn by_calibration(
    device: &Device,
    adapter: &Adapter,
    calibration: &calibrate::Calibration,
    cached: bool,
) -> ActiveBackend {
    let reason = calibration.describe(cached);
    match calibration.pick() {
        BackendKind::Cpu => cpu(reason),
        BackendKind::Wgpu => wgpu(device, adapter, reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_native_gpu_apis_count_as_adapters() {
        for api in ["Vulkan", "Metal", "Dx12"] {
            assert!(runs_burn(api), "{api}");
        }
        for api in ["Gl", "BrowserWebGpu", "Empty", ""] {
            assert!(!runs_burn(api), "{api}");
        }
    }
    use crate::data::EllipseData;
    use crate::energy::free_energy::{free_energy, pairwise_energy, points_tensor, read_values};
    use crate::energy::{Beta, GridSpec, grid::GridSize};
    use crate::models::ellipse::EllipseModel;
    use crate::models::{Batch, EnergyModel, Objective};

    fn train(device: &Device, steps: usize) -> (EllipseModel, [f32; 2]) {
        let mut model = EllipseModel::new(device);
        let data = Batch::of(points_tensor(
            &EllipseData::default().generate(4),
            &model.train_device(),
        ));
        let objective = Objective {
            beta: Beta::Finite(3.2),
            learning_rate: 0.01,
        };
        for _ in 0..steps {
            model.train_step(&data, objective).unwrap();
        }
        let w = model.weights().unwrap();
        (model, w)
    }

    /// burn-wgpu on whatever adapter exists (lavapipe in CI) agrees with the CPU backend.
    #[test]
    fn wgpu_training_agrees_with_the_cpu() {
        let active = select(BackendChoice::Wgpu);
        assert_eq!(
            active.info.kind,
            BackendKind::Wgpu,
            "no wgpu adapter: install mesa-vulkan-drivers (see README.md): {}",
            active.info.reason
        );
        let (gpu_model, gpu_w) = train(&active.device, 25);
        let (cpu_model, cpu_w) = train(&Device::flex(), 25);
        for i in 0..2 {
            assert!((gpu_w[i] - cpu_w[i]).abs() < 1e-4, "{gpu_w:?} vs {cpu_w:?}");
        }
        let spec = GridSpec::DEFAULT.with_size(GridSize::new(31, 21).unwrap());
        let surface = |model: &EllipseModel, device: &Device| {
            let y = points_tensor(&spec.points(), device);
            read_values(free_energy(
                pairwise_energy(y, model.manifold_tensor()),
                Beta::Finite(1.0),
            ))
            .unwrap()
        };
        let gpu = surface(&gpu_model, &active.device);
        let cpu = surface(&cpu_model, &Device::flex());
        // The calibration `auto` runs on a real GPU runs here too (its numbers on lavapipe
        // only have to be real times; lavapipe is never picked by `auto`).
        let timed = calibrate::measure(&active.device).unwrap();
        assert!(timed.step_ms > 0.0 && timed.surface_ms > 0.0, "{timed:?}");
        let worst = gpu
            .iter()
            .zip(&cpu)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f32::max);
        assert!(worst < 1e-3, "largest difference {worst}");
    }

    #[test]
    fn auto_never_picks_a_software_adapter_and_cpu_is_cpu() {
        assert_eq!(select(BackendChoice::Cpu).info.kind, BackendKind::Cpu);
        let auto = select(BackendChoice::Auto);
        let software =
            matches!(wgpu_runtime(), Ok((_, a)) if a.software) || wgpu_runtime().is_err();
        if software {
            assert_eq!(auto.info.kind, BackendKind::Cpu, "{}", auto.info.reason);
            assert!(
                auto.info.reason.starts_with("auto:"),
                "{}",
                auto.info.reason
            );
        } else {
            assert_eq!(auto.info.kind, BackendKind::Wgpu);
        }
    }
}

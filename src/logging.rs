//! Logs: the `log` facade with `env_logger` behind it, so warnings from eframe, winit, wgpu
//! and cubecl reach stderr and a bug report has something to attach. `RUST_LOG` decides
//! (`RUST_LOG=debug`, `RUST_LOG=wgpu_core=info`); without it: warnings from everyone and the
//! app's own events (backend chosen, saves, restarts, rollbacks) at info.

/// The filter when `RUST_LOG` is not set.
pub const DEFAULT_FILTER: &str = "warn,energy_lab=info";

/// Starts the logger (once; later calls do nothing).
pub fn init() {
    let env = env_logger::Env::default().default_filter_or(DEFAULT_FILTER);
    let _ = env_logger::Builder::from_env(env)
        .format_timestamp_millis()
        .try_init();
}

/// Mesa's Vulkan and GL drivers print "XDG_RUNTIME_DIR is invalid or not set" on every start
/// where no desktop session made that folder (servers, containers, CI): noise a user cannot
/// act on. Where it is missing, point it at a private folder of our own before any driver
/// loads. Call first thing in `main`, before any thread starts.
pub fn quiet_runtime_dir() {
    let usable = std::env::var_os("XDG_RUNTIME_DIR")
        .map(std::path::PathBuf::from)
        .is_some_and(|dir| dir.is_dir());
    if usable {
        return;
    }
    let dir = std::env::temp_dir().join(format!("energy-lab-runtime-{}", user_id()));
    if std::fs::create_dir_all(&dir).is_err() || !private(&dir) {
        return;
    }
    // SAFETY: called at the top of `main`, before any other thread exists, so nothing reads
    // the environment while it changes.
    unsafe { std::env::set_var("XDG_RUNTIME_DIR", &dir) };
}

#[cfg(unix)]
fn user_id() -> u32 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").map_or(0, |m| m.uid())
}

#[cfg(not(unix))]
fn user_id() -> u32 {
    0
}

/// Mode 0700, as the XDG spec asks of the runtime folder.
#[cfg(unix)]
fn private(dir: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).is_ok()
}

#[cfg(not(unix))]
fn private(_dir: &std::path::Path) -> bool {
    true
}

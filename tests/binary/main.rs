//! End-to-end tests of the `energy-lab` binary that `cargo test` builds: the headless export
//! paths (`export.rs`), the bench, and the backend fallbacks (the window itself is in
//! `tests/window.rs`).

#[path = "../common/mod.rs"]
mod common;
mod contrastive;
mod export;
mod horn;
mod lessons;
mod probe;
mod terminal;

use common::{bin, run, scratch};

#[test]
fn bad_flags_fail_with_a_message_naming_them() {
    let dir = scratch("bad");
    let csv = dir.join("grid.csv");
    for (args, needle, code) in [
        (vec!["--model", "unicorn"], "--model", Some(2)),
        (vec!["--grid", "0x0"], "--grid", Some(2)),
        (vec!["--grid", "100000x100000"], "--grid", Some(2)),
        (vec!["--beta", "-1"], "--beta", Some(2)),
        (vec!["--extent", "3,-3,-2,2"], "--extent", Some(2)),
        (vec!["--set", "w3=1"], "w3", None),
    ] {
        let (out, _, stderr) = run(bin().arg("export").args(&args).arg("--out").arg(&csv));
        assert!(!out.status.success(), "{args:?} should fail");
        if let Some(code) = code {
            assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        }
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            !csv.exists(),
            "a failed export must not write {}",
            csv.display()
        );
    }
}

#[test]
fn auto_backend_without_any_gpu_driver_falls_back_to_the_cpu() {
    let dir = scratch("nogpu");
    let csv = dir.join("grid.csv");
    for backend in ["auto", "wgpu"] {
        let (out, stdout, stderr) = run(bin()
            .args([
                "export",
                "--steps",
                "3",
                "--grid",
                "4x4",
                "--backend",
                backend,
                "--out",
            ])
            .arg(&csv)
            // No Vulkan driver, no display for GL: no adapter at all.
            .env("VK_ICD_FILENAMES", "/nonexistent.json")
            .env("VK_DRIVER_FILES", "/nonexistent.json")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY"));
        assert!(out.status.success(), "--backend {backend}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        let json: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
        if backend == "auto" {
            assert_eq!(json["backend"], "cpu", "{json}");
        }
    }
}

/// `energy-lab bench --quick` measures every job, prints the table and writes JSON whose rows
/// are real numbers. No time is asserted: speed lives in the bench, not in tests.
#[test]
fn bench_quick_measures_every_job() {
    let dir = scratch("bench");
    let json_path = dir.join("bench.json");
    let (out, stdout, stderr) = run(bin()
        .args(["--backend", "cpu", "bench", "--quick", "--json"])
        .arg(&json_path)
        .env("XDG_RUNTIME_DIR", &dir));
    assert!(out.status.success(), "stdout: {stdout}\nstderr: {stderr}");
    // Without an interpreter the PyTorch column says so, and no number from elsewhere.
    let (first, table) = stdout.split_once('\n').unwrap();
    assert!(
        first.starts_with("PyTorch column: not measured"),
        "{stdout}"
    );
    assert!(table.starts_with("job"), "{stdout}");
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    let find = |job: &str, backend: &str| {
        rows.iter()
            .find(|r| {
                r["job"].as_str().is_some_and(|j| j.starts_with(job)) && r["backend"] == backend
            })
            .unwrap_or_else(|| panic!("no row '{job}' on {backend}: {stdout}"))
    };
    let wanted = [
        ("MLP 2→64→64→1 step, batch 256", "cpu", true),
        ("AE 2→64→64→1→64→64→2 step, batch 256", "cpu", true),
        ("GAN pair iteration, batch 256", "cpu", true),
        ("burn op: one tracked elementwise op", "cpu", false),
        ("MLP step part, batch 256: Adam update", "cpu", true),
        ("MLP step part, batch 4096: backward", "cpu", true),
        ("F_β 256², 48 latents, ellipse", "cpu", true),
        ("F_β 256², 48 latents, ellipse", "host", true),
        ("F_β 256², 48 latents, neural", "host", true),
        ("MLP 2→64→64→1 energy, 256² grid", "host", true),
        ("app gan step, batch 4096", "cpu", false),
        ("GAN pair iteration, batch 4096", "cpu", true),
        ("app vae step, batch 256", "cpu", false),
        ("β change → surface, 256², ellipse", "cpu", false),
        ("β change → surface, 256², all", "cpu", false),
        ("trainer: vae beside 9 others", "cpu", false),
        ("sharing: Σ S_i/solo_i", "cpu", false),
        ("UI frame build, all models", "ui", false),
        ("time to first frame", "ui", false),
        ("peak memory", "ui", false),
    ];
    for (job, backend, comparable) in wanted {
        let row = find(job, backend);
        let median = row["median"].as_f64().unwrap();
        let p95 = row["p95"].as_f64().unwrap();
        assert!(median.is_finite() && median > 0.0 && p95 >= median, "{row}");
        assert_eq!(row["pytorch_ms"], serde_json::Value::Null, "{row}");
        let column = if comparable {
            "not_measured".into()
        } else {
            serde_json::Value::Null
        };
        assert_eq!(row["pytorch"], column, "{row}");
        assert!(row["runs"].as_u64().unwrap() >= 1, "{row}");
    }
    // Every row of the JSON is a line of the table.
    assert_eq!(table.lines().count(), rows.len() + 1, "{stdout}");
    let memory = find("peak memory", "ui");
    assert_eq!(memory["unit"], "MiB");
    assert!(
        (50.0..8192.0).contains(&memory["median"].as_f64().unwrap()),
        "{memory}"
    );
}

/// `--backend wgpu` on a machine without a Vulkan driver: wgpu then offers only Mesa's OpenGL,
/// which burn cannot compute on (it stalled for minutes). The run must fall back to the CPU,
/// say so, and finish.
#[test]
fn wgpu_without_a_vulkan_driver_falls_back_to_the_cpu() {
    let dir = scratch("no-vulkan");
    let csv = dir.join("grid.csv");
    let mut child = bin()
        .args(["--backend", "wgpu", "export", "--steps", "3", "--out"])
        .arg(&csv)
        .env("VK_ICD_FILENAMES", dir.join("no-such-driver.json"))
        .env("XDG_RUNTIME_DIR", &dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("--backend wgpu without Vulkan still running after 90 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(json["backend"], "cpu", "{json}");
    assert!(stderr.contains("using the CPU backend"), "{stderr}");
    assert_eq!(json["steps"], 3);
    assert!(csv.exists());
}

//! End-to-end tests of the `energy-lab` binary that `cargo test` builds: the headless export
//! paths, the bench, and the backend fallbacks (the window itself is in `window.rs`).

use std::path::Path;

mod common;

use common::{bin, run, scratch};

/// `[y1, y2, f_beta, f_inf, energy]` rows from an exported CSV (header
/// `y1,y2,energy,f_beta,f_inf`).
fn read_grid(path: &Path) -> Vec<[f64; 5]> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("y1,y2,energy,f_beta,f_inf"));
    lines
        .map(|l| {
            let v: Vec<f64> = l.split(',').map(|x| x.parse().unwrap()).collect();
            assert_eq!(v.len(), 5, "{l}");
            [v[0], v[1], v[3], v[4], v[2]]
        })
        .collect()
}

#[test]
fn export_reproduces_the_course_reference_values() {
    let dir = scratch("reference");
    let csv = dir.join("grid.csv");
    let (out, stdout, stderr) = run(bin()
        .args([
            "export",
            "--model",
            "ellipse",
            "--steps",
            "0",
            "--set",
            "w1=2",
            "--set",
            "w2=1.5",
            "--beta",
            "3.2",
            "--grid",
            "3x5",
            "--extent",
            "-1,1,-2,2",
            "--backend",
            "cpu",
            "--out",
        ])
        .arg(&csv));
    assert!(out.status.success(), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(json["model"], "ellipse");
    assert_eq!(json["steps"], 0);
    assert_eq!(json["params"]["w1"], 2.0);
    assert_eq!(json["params"]["w2"], 1.5);
    assert_eq!(json["backend"], "cpu");
    assert!(json["loss"].as_f64().unwrap() > 0.0);

    let rows = read_grid(&csv);
    assert_eq!(rows.len(), 15);
    // Inclusive linspaces, y₂ outer: row 0 = (−1, −2), row 7 = (0, 0), row 14 = (1, 2).
    assert_eq!((rows[0][0], rows[0][1]), (-1.0, -2.0));
    assert_eq!((rows[14][0], rows[14][1]), (1.0, 2.0));
    let at = |y2: f64| rows.iter().find(|r| r[0] == 0.0 && r[1] == y2).unwrap();
    // docs/maths.md §4: F_3.2(0, 0) = 2.680, F_∞(0, 0) = 2.250, F_3.2(0, 1) = 1.006, F_∞ = 0.250.
    assert!((at(0.0)[2] - 2.680).abs() < 1e-3 && (at(0.0)[3] - 2.250).abs() < 1e-3);
    assert!((at(1.0)[2] - 1.006).abs() < 1e-3 && (at(1.0)[3] - 0.250).abs() < 1e-3);
    // The LV-EBM's native energy is its zero-temperature free energy.
    assert!(rows.iter().all(|r| r[4] == r[3]));
}

#[test]
fn export_trains_from_the_slide_to_the_ellipse() {
    let dir = scratch("train");
    let csv = dir.join("grid.csv");
    let (out, stdout, stderr) = run(bin()
        .args([
            "export",
            "--steps",
            "2000",
            "--backend",
            "cpu",
            "--seed",
            "3",
            "--out",
        ])
        .arg(&csv));
    assert!(out.status.success(), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    let w1 = json["params"]["w1"].as_f64().unwrap();
    let w2 = json["params"]["w2"].as_f64().unwrap();
    assert!(
        (w1.abs() - 2.0).abs() < 0.1 && (w2.abs() - 1.5).abs() < 0.1,
        "{json}"
    );
    // Default grid: 121 × 81 over the course's view; F_∞ ≤ F_β everywhere, and cold on the data.
    let rows = read_grid(&csv);
    assert_eq!(rows.len(), 121 * 81);
    assert!(rows.iter().all(|r| r[3] <= r[2] + 1e-6));
    let min_inf = rows.iter().map(|r| r[3]).fold(f64::INFINITY, f64::min);
    assert!(min_inf < 0.01);
}

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

/// Every model of the zoo exports its grid, its hot points and its parameters.
#[test]
fn export_works_for_every_model() {
    let dir = scratch("zoo");
    for (model, hot_points, key) in [
        ("ae", 0, "code"),
        ("dae", 24, "sigma"),
        ("cae", 0, "lambda"),
        ("vae", 64, "gamma"),
        ("gan", 64, "margin"),
        ("lv-neural", 0, "width"),
        ("ellipse", 0, "w1"),
    ] {
        let csv = dir.join(format!("{model}.csv"));
        let hot = dir.join(format!("{model}-hot.csv"));
        let (out, stdout, stderr) = run(bin()
            .args(["export", "--model", model, "--steps", "20", "--grid", "7x5"])
            .args(["--backend", "cpu", "--out"])
            .arg(&csv)
            .arg("--hot-out")
            .arg(&hot));
        assert!(out.status.success(), "{model}: {stderr}");
        let json: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
        assert_eq!(json["model"], model);
        assert!(json["params"][key].is_number(), "{model}: {json}");
        let rows = read_grid(&csv);
        assert_eq!(rows.len(), 35, "{model}");
        assert!(
            rows.iter().all(|r| r.iter().all(|v| v.is_finite())),
            "{model}"
        );
        // F_∞ ≤ F_β always (the min is below the mean of the exponentials' log).
        assert!(rows.iter().all(|r| r[3] <= r[2] + 1e-4), "{model}");
        let hot_text = std::fs::read_to_string(&hot).unwrap();
        let mut lines = hot_text.lines();
        assert_eq!(lines.next(), Some("y1,y2"));
        assert_eq!(lines.count(), hot_points, "{model}");
    }
    // A structural or live parameter through --set, and a refused one.
    let csv = dir.join("set.csv");
    let (out, stdout, _) = run(bin()
        .args([
            "export", "--model", "gan", "--set", "margin=2", "--set", "latent=1",
        ])
        .args(["--grid", "3x3", "--backend", "cpu", "--out"])
        .arg(&csv));
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(
        (
            json["params"]["margin"].as_f64(),
            json["params"]["latent"].as_f64()
        ),
        (Some(2.0), Some(1.0))
    );
    let (out, _, stderr) = run(bin()
        .args([
            "export",
            "--model",
            "vae",
            "--set",
            "latent=7",
            "--backend",
            "cpu",
            "--out",
        ])
        .arg(&csv));
    assert!(!out.status.success());
    assert!(
        stderr.contains("latent") && stderr.contains("1 or 2"),
        "{stderr}"
    );
}

#[test]
fn export_trains_on_any_data_set_or_csv_and_refuses_bad_files() {
    let dir = scratch("data");
    let csv = dir.join("grid.csv");
    let export = |data: &str| {
        run(bin()
            .args(["export", "--data", data, "--steps", "5", "--grid", "5x5"])
            .args(["--backend", "cpu", "--out"])
            .arg(&csv))
    };
    for (data, key, points) in [
        ("spiral", "spiral", 100),
        ("horn:x=0.5", "horn", 24),
        ("moons:n=60", "moons", 60),
    ] {
        let (out, stdout, stderr) = export(data);
        assert!(out.status.success(), "{data}: {stderr}");
        let json: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
        assert!(json["data"].as_str().unwrap().starts_with(key), "{json}");
        assert_eq!(json["points"], points, "{data}");
        let rows = read_grid(&csv);
        assert_eq!(rows.len(), 25);
        if data.starts_with("horn") {
            // Radii (1.75, 1.75)·e at x = 0.5: the grid follows the data past the course's view.
            let reach = rows.iter().map(|r| r[0].abs()).fold(0.0, f64::max);
            assert!(reach > 5.0, "the grid spans ±{reach}");
        }
    }
    // The user's own file.
    let square = dir.join("square.csv");
    std::fs::write(&square, "y1,y2\n0,1\n1,0\n-1,0\n0,-1\n").unwrap();
    let (out, stdout, stderr) = export(square.to_str().unwrap());
    assert!(out.status.success(), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(
        (json["data"].as_str(), json["points"].as_u64()),
        (Some("square.csv"), Some(4))
    );

    // Bad input: a clear message, exit code ≠ 0, nothing written.
    std::fs::remove_file(&csv).unwrap();
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "x,y\n1,2\n3,abc\n").unwrap();
    let missing = dir.join("missing.csv");
    for (data, needle, code) in [
        (
            bad.to_str().unwrap(),
            "line 3, column 2: \"abc\" is not a number",
            1,
        ),
        (missing.to_str().unwrap(), "could not read", 1),
        ("circle", "spiral", 2),
        ("moons:n=0", "count", 2),
    ] {
        let (out, _, stderr) = export(data);
        assert_eq!(out.status.code(), Some(code), "{data}: {stderr}");
        assert!(stderr.contains(needle), "{data}: {stderr}");
        assert!(!stderr.contains("panicked"), "{data}: {stderr}");
        assert!(!csv.exists(), "{data}: a failed export writes nothing");
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
    assert!(stdout.starts_with("job"), "{stdout}");
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
        ("MLP 2→64→64→1 step, batch 256", "cpu", Some(0.31)),
        ("AE 2→64→64→1→64→64→2 step, batch 256", "cpu", Some(0.53)),
        ("GAN pair iteration, batch 256", "cpu", Some(0.87)),
        ("burn op: one tracked elementwise op", "cpu", None),
        ("MLP step part, batch 256: Adam update", "cpu", None),
        ("F_β 256², 48 latents, ellipse", "cpu", Some(5.0)),
        ("F_β 256², 48 latents, ellipse", "host", Some(5.0)),
        ("F_β 256², 48 latents, neural", "host", Some(7.2)),
        ("MLP 2→64→64→1 energy, 256² grid", "host", Some(6.5)),
        ("app gan step, batch 4096", "cpu", None),
        ("GAN pair iteration, batch 4096", "cpu", None),
        ("app vae step, batch 256", "cpu", None),
        ("β change → surface, 256², ellipse", "cpu", None),
        ("β change → surface, 256², all", "cpu", None),
        ("UI frame build, all models", "ui", None),
        ("time to first frame", "ui", None),
        ("peak memory", "ui", None),
    ];
    for (job, backend, pytorch) in wanted {
        let row = find(job, backend);
        let median = row["median"].as_f64().unwrap();
        let p95 = row["p95"].as_f64().unwrap();
        assert!(median.is_finite() && median > 0.0 && p95 >= median, "{row}");
        assert_eq!(row["pytorch_ms"].as_f64(), pytorch, "{row}");
        assert!(row["runs"].as_u64().unwrap() >= 1, "{row}");
    }
    // Every row of the JSON is a line of the table.
    assert_eq!(stdout.lines().count(), rows.len() + 1, "{stdout}");
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

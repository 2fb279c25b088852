//! `energy-lab export`: the course's reference values, training from the slide, every model and
//! data set, and the surface with −∇ of it.

use std::path::Path;

use crate::common::{bin, run, scratch};

/// `[y1, y2, f_beta, f_inf, energy]` rows from an exported CSV (header
/// `y1,y2,energy,f_beta,f_inf,surface,gy1,gy2`).
fn read_grid(path: &Path) -> Vec<[f64; 5]> {
    read_rows(path)
        .into_iter()
        .map(|v| [v[0], v[1], v[3], v[4], v[2]])
        .collect()
}

/// Every column of an exported CSV.
fn read_rows(path: &Path) -> Vec<Vec<f64>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("y1,y2,energy,f_beta,f_inf,surface,gy1,gy2")
    );
    lines
        .map(|l| {
            let v: Vec<f64> = l.split(',').map(|x| x.parse().unwrap()).collect();
            assert_eq!(v.len(), 8, "{l}");
            v
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
    // docs/maths.md §5: F_3.2(0, 0) = 2.680, F_∞(0, 0) = 2.250, F_3.2(0, 1) = 1.006, F_∞ = 0.250.
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

/// `export` appends the surface the window draws and −∇ of it: the own energy by default (F_β
/// for the ellipse, C for the GAN), or the view asked for; the gradient analytic or by
/// autodiff, so it agrees with a difference quotient of the surface column on a fine grid.
#[test]
fn export_appends_the_surface_and_minus_its_gradient() {
    let dir = scratch("surface");
    let csv = dir.join("grid.csv");
    let export = |args: &[&str]| -> (Vec<Vec<f64>>, serde_json::Value) {
        let (out, stdout, stderr) = run(bin()
            .args(["export", "--backend", "cpu", "--out"])
            .arg(&csv)
            .args(args));
        assert!(out.status.success(), "{args:?}: {stderr}");
        (
            read_rows(&csv),
            serde_json::from_str(stdout.trim()).unwrap(),
        )
    };
    // The course's ellipse at β = 3.2: the surface is F_3.2 and the arrows −∇F_3.2, whose
    // closed form is 2·(Σ w_k g_k − y) (docs/maths.md §1).
    let (rows, json) = export(&[
        "--set", "w1=2", "--set", "w2=1.5", "--beta", "3.2", "--grid", "5x5",
    ]);
    assert_eq!(json["surface"], "energy");
    for r in &rows {
        assert!(
            (r[5] - r[3]).abs() < 1e-6,
            "the ellipse's energy is F_β: {r:?}"
        );
        let g = neg_grad_f(r[0], r[1], 3.2);
        assert!(
            (r[6] - g[0]).abs() < 1e-3 && (r[7] - g[1]).abs() < 1e-3,
            "{r:?} vs {g:?}"
        );
    }
    // The GAN's C and the density of it, on a fine grid: −∇ against the difference quotient.
    for view in ["energy", "density", "free-energy"] {
        let (rows, json) = export(&[
            "--model",
            "gan",
            "--steps",
            "150",
            "--view",
            view,
            "--grid",
            "41x41",
            "--extent",
            "0.6,1.0,-0.2,0.2",
        ]);
        assert_eq!(json["surface"], view);
        if view == "energy" {
            assert!(rows.iter().all(|r| r[5] == r[2]), "C is the energy column");
        }
        if view == "density" {
            let total: f64 = rows.iter().map(|r| r[5]).sum();
            assert!(
                (total - 1.0).abs() < 1e-4,
                "normalised on the grid: {total}"
            );
        }
        let at = |i: usize, j: usize| rows[j * 41 + i][5];
        let h = 0.4 / 40.0;
        for (i, j) in [(10, 10), (20, 25), (30, 15)] {
            let r = &rows[j * 41 + i];
            let fd = [
                -(at(i + 1, j) - at(i - 1, j)) / (2.0 * h),
                -(at(i, j + 1) - at(i, j - 1)) / (2.0 * h),
            ];
            for k in 0..2 {
                let tol = 0.05 * fd[k].abs().max(1e-3 * fd[0].hypot(fd[1]).max(1e-6));
                assert!(
                    (r[6 + k] - fd[k]).abs() <= tol.max(2e-4),
                    "{view} at ({}, {}): −∇ {:?}, difference quotient {fd:?}",
                    r[0],
                    r[1],
                    &r[6..8]
                );
            }
        }
    }
}

/// −∇F_β of the ellipse (2, 1.5) on the 48-point grid, in f64.
fn neg_grad_f(y1: f64, y2: f64, beta: f64) -> [f64; 2] {
    let g: Vec<[f64; 2]> = (0..48)
        .map(|k| {
            let z = std::f64::consts::TAU * k as f64 / 48.0;
            [2.0 * z.cos(), 1.5 * z.sin()]
        })
        .collect();
    let e: Vec<f64> = g
        .iter()
        .map(|p| (y1 - p[0]).powi(2) + (y2 - p[1]).powi(2))
        .collect();
    let m = e.iter().copied().fold(f64::INFINITY, f64::min);
    let w: Vec<f64> = e.iter().map(|e| (-beta * (e - m)).exp()).collect();
    let total: f64 = w.iter().sum();
    let centre = g.iter().zip(&w).fold([0.0, 0.0], |c, (p, w)| {
        [c[0] + p[0] * w / total, c[1] + p[1] * w / total]
    });
    [2.0 * (centre[0] - y1), 2.0 * (centre[1] - y2)]
}

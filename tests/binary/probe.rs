//! `export --probe` and `figure --probe`: the inference lab's numbers for scripts, checked
//! against an f64 computation from the rows the export writes, and the figure's pixels.

use crate::common::{bin, run, scratch};

/// Runs `export` with `args` and its JSON line.
fn export(args: &[&str]) -> serde_json::Value {
    let (out, stdout, stderr) = run(bin().arg("export").args(args).args(["--backend", "cpu"]));
    assert!(out.status.success(), "{stderr}");
    serde_json::from_str(stdout.trim()).unwrap()
}

/// The probe CSV: its header and rows.
fn read(path: &std::path::Path) -> (String, Vec<Vec<f64>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_owned();
    let rows = lines
        .map(|l| l.split(',').map(|x| x.parse().unwrap()).collect())
        .collect();
    (header, rows)
}

/// The slide's untrained ellipse probed at (0, 0), β = 1: one row per latent angle, ỹ = g(z),
/// E = ‖y′ − ỹ‖², the weights e^{−E}/Σ; the JSON's F_β is the course's 0.921, F_∞ = 0.1225.
#[test]
fn export_probe_reads_the_course_numbers_and_writes_every_latent_point() {
    let dir = scratch("probe");
    let csv = dir.join("probe.csv");
    let json = export(&[
        "--model",
        "ellipse",
        "--steps",
        "0",
        "--set",
        "w1=-1.5",
        "--set",
        "w2=0.35",
        "--beta",
        "1",
        "--probe",
        "0,0",
        "--out",
        dir.join("grid.csv").to_str().unwrap(),
        "--probe-out",
        csv.to_str().unwrap(),
    ]);
    let probe = &json["probe"];
    assert!(
        (probe["f_beta"].as_f64().unwrap() - 0.921).abs() < 5e-4,
        "{probe}"
    );
    assert!((probe["f_inf"].as_f64().unwrap() - 0.1225).abs() < 1e-6);
    let (header, rows) = read(&csv);
    assert_eq!(header, "z,y1,y2,energy,weight");
    assert_eq!(rows.len(), 48);
    let total: f64 = rows.iter().map(|r| (-r[3]).exp()).sum();
    for (k, r) in rows.iter().enumerate() {
        let z = std::f64::consts::TAU * k as f64 / 48.0;
        assert!((r[0] - z).abs() < 1e-5, "z_{k}");
        assert!((r[1] + 1.5 * z.cos()).abs() < 1e-5 && (r[2] - 0.35 * z.sin()).abs() < 1e-5);
        assert!(
            (r[3] - (r[1] * r[1] + r[2] * r[2])).abs() < 1e-6,
            "E = ‖y′ − ỹ‖²"
        );
        assert!(
            (r[4] - (-r[3]).exp() / total).abs() < 1e-9,
            "softmin weight"
        );
    }
    let f_beta = -(total / 48.0).ln();
    assert!((probe["f_beta"].as_f64().unwrap() - f_beta).abs() < 1e-9);
    let z_star = probe["z_star"].as_f64().unwrap();
    let best = rows.iter().min_by(|a, b| a[3].total_cmp(&b[3])).unwrap();
    assert!((best[3] - probe["f_inf"].as_f64().unwrap()).abs() < 1e-9);
    assert!(
        (z_star.sin().abs() - 1.0).abs() < 1e-6,
        "ž at ±π/2: {z_star}"
    );
    assert!(probe["descent"]["energy"].as_f64().unwrap() <= best[3] + 1e-6);
    assert!(probe.get("encoder").is_none(), "an LV-EBM has no encoder");
}

/// An amortised model reports its encoder's guess and the gap; a 2-D latent writes z1,z2.
#[test]
fn export_probe_covers_encoders_and_two_dimensional_latents() {
    let dir = scratch("probe-zoo");
    let vae = export(&[
        "--model",
        "vae",
        "--steps",
        "100",
        "--probe",
        "1,1",
        "--out",
        dir.join("v.csv").to_str().unwrap(),
    ]);
    let p = &vae["probe"];
    let gap = p["gap"].as_f64().unwrap();
    let e_enc = p["encoder"]["energy"].as_f64().unwrap();
    let e_star = p["descent"]["energy"].as_f64().unwrap();
    assert!((gap - (e_enc - e_star)).abs() < 1e-5, "{p}");
    let csv = dir.join("gan.csv");
    let gan = export(&[
        "--model",
        "gan",
        "--steps",
        "20",
        "--probe",
        "-1,0.5",
        "--out",
        dir.join("g.csv").to_str().unwrap(),
        "--probe-out",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(gan["probe"]["z_star"].as_array().unwrap().len(), 2);
    let (header, rows) = read(&csv);
    assert_eq!(header, "z1,z2,y1,y2,energy,weight");
    assert_eq!(rows.len(), 144);
    let sum: f64 = rows.iter().map(|r| r[5]).sum();
    assert!((sum - 1.0).abs() < 1e-9);
    // Bad flags: the output without a probe, a probe that is not a point.
    for args in [
        vec!["--probe-out", "x.csv", "--out", "g.csv"],
        vec!["--probe", "1,x", "--out", "g.csv"],
    ] {
        let (out, _, stderr) = run(bin().arg("export").args(&args).current_dir(&dir));
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    }
}

/// `figure --probe` draws the votes beside E(y′, z): the right half holds the red E curve and
/// the green weight bars.
#[test]
fn figure_probe_draws_the_inspector() {
    let dir = scratch("probe-figure");
    let png = dir.join("lab.png");
    let (out, _, stderr) = run(bin()
        .args([
            "figure",
            "--model",
            "ellipse",
            "--steps",
            "300",
            "--probe",
            "0.5,0.6",
            "--backend",
            "cpu",
            "--out",
        ])
        .arg(&png));
    assert!(out.status.success(), "{stderr}");
    let image = image::open(&png).unwrap().to_rgb8();
    let (w, h) = image.dimensions();
    let count = |rgb: [u8; 3], x0: u32| {
        (x0..w)
            .flat_map(|x| (0..h).map(move |y| (x, y)))
            .filter(|(x, y)| image.get_pixel(*x, *y).0 == rgb)
            .count()
    };
    let (red, green) = ([0xfb, 0x80, 0x72], [0xb3, 0xde, 0x69]);
    assert!(count(red, w * 6 / 10) > 200, "the E(y′, z) curve");
    assert!(count(green, w * 6 / 10) > 500, "the weight bars");
}

//! The horn end to end: the conditional models exported at a slice with their manifold, and
//! the 3-D figures (surface and horn) drawn headless.

use crate::common::{bin, run, scratch};

fn rows(path: &std::path::Path) -> (String, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_owned();
    (
        header,
        lines
            .map(|l| l.split(',').map(str::to_owned).collect())
            .collect(),
    )
}

/// `export --model horn-lv|mse --data horn:all --x 0.5 --manifold-out`: the LV-EBM's manifold
/// at x = 0.5 is the slice's ellipse (semi-axes ρ(0.5) ≈ 4.757 each, within 5 %); the
/// regressor's is one point, inside the ring.
#[test]
fn conditional_models_export_their_slice_and_manifold() {
    let dir = scratch("horn");
    for model in ["horn-lv", "mse"] {
        let manifold = dir.join(format!("{model}-m.csv"));
        let (out, stdout, stderr) = run(bin()
            .args([
                "export",
                "--model",
                model,
                "--data",
                "horn:all,n=400",
                "--steps",
                "3000",
            ])
            .args(["--x", "0.5", "--grid", "41x41", "--backend", "cpu", "--out"])
            .arg(dir.join(format!("{model}-g.csv")))
            .arg("--manifold-out")
            .arg(&manifold));
        assert!(out.status.success(), "{stderr}");
        assert!(stdout.contains("\"points\":400"), "{stdout}");
        let (header, rows) = rows(&manifold);
        assert_eq!(header, "z,y1,y2");
        let y = |r: &Vec<String>| [r[1].parse::<f64>().unwrap(), r[2].parse::<f64>().unwrap()];
        if model == "horn-lv" {
            assert_eq!(rows.len(), 48);
            let a = rows.iter().map(|r| y(r)[0].abs()).fold(0.0, f64::max);
            let b = rows.iter().map(|r| y(r)[1].abs()).fold(0.0, f64::max);
            for axis in [a, b] {
                assert!((axis / 4.757 - 1.0).abs() < 0.05, "semi-axis {axis}");
            }
        } else {
            assert_eq!(rows.len(), 1);
            assert_eq!(rows[0][0], "", "no latent");
            let p = y(&rows[0]);
            assert!(p[0].hypot(p[1]) < 0.5 * 4.757, "in the middle: {p:?}");
        }
    }
}

/// `figure --view 3d`: the ellipse's F_β as a shaded height field (PNG: the viridis surface
/// with its dark purple trough and yellow rim), the horn with its violet tube (SVG).
#[test]
fn three_d_figures_draw_the_surface_and_the_horn() {
    let dir = scratch("horn-3d");
    let png = dir.join("surface.png");
    let (out, _, stderr) = run(bin()
        .args([
            "figure",
            "--model",
            "ellipse",
            "--steps",
            "300",
            "--view",
            "3d",
            "--backend",
            "cpu",
            "--out",
        ])
        .arg(&png));
    assert!(out.status.success(), "{stderr}");
    let image = image::open(&png).unwrap().to_rgb8();
    let (mut purple, mut yellow) = (0, 0);
    for p in image.pixels() {
        let [r, g, b] = p.0;
        purple += usize::from(r > 40 && b > 70 && g < 40 && b > r);
        yellow += usize::from(r > 150 && g > 150 && b < 90);
    }
    assert!(
        purple > 500 && yellow > 500,
        "purple {purple}, yellow {yellow}"
    );
    let svg = dir.join("horn.svg");
    let (out, _, stderr) = run(bin()
        .args([
            "figure",
            "--model",
            "horn-lv,mse",
            "--data",
            "horn:all,n=200",
            "--steps",
            "200",
        ])
        .args([
            "--view",
            "3d",
            "--azimuth",
            "-40",
            "--elevation",
            "20",
            "--backend",
            "cpu",
            "--out",
        ])
        .arg(&svg));
    assert!(out.status.success(), "{stderr}");
    let text = std::fs::read_to_string(&svg).unwrap().to_ascii_lowercase();
    assert!(text.matches("#bc80bd").count() > 100, "the violet tube");
    assert!(text.contains("#fdb462"), "the regressor's orange line");
    assert!(text.contains("the horn (x, y₁, y₂)"), "its title");
}
